"""One table catalogue: what each standard table of a final account (决算) or a budget (预算) is, as data.

`TableSpec` (table.py) holds a table's key, report kind, title patterns, 公开NN numbers, sides, header words per
column key, standard and mandatory columns, identities, code classification and row rules; final.py and
budget.py list them, registry.py answers questions about them, keys.py names every key, words.py holds the
printed words; cross.py the identities across two tables and the final/budget counterparts; budget_summaries.py
the row words of a budget's summaries the checks add up. Readers (extract/titles, columns, budget_columns,
interpret, tables, readings, layout) and checks (contract, validate, validate_budget, suggest, execution) read it;
it imports neither (data flows one way).
`python -m juesuan.spec --markdown` prints the README's key tables.
"""

from __future__ import annotations

from juesuan.spec.keys import BUDGET, FINAL
from juesuan.spec.registry import (
    budget_keys,
    final_keys,
    generation,
    get,
    identities,
    is_standard_column,
    number_of,
    numbered,
    registered,
    report_of_key,
    specs,
    standard_columns,
    table_keys,
)
from juesuan.spec.table import Identity, TableSpec

__all__ = [
    "BUDGET",
    "FINAL",
    "Identity",
    "TableSpec",
    "budget_keys",
    "final_keys",
    "generation",
    "get",
    "identities",
    "is_standard_column",
    "table_keys",
    "number_of",
    "numbered",
    "registered",
    "report_of_key",
    "specs",
    "standard_columns",
]
