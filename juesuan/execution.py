"""Budget execution: a department's budget (预算) of year Y beside its final account (决算) of year Y.

Rows pair by table family (a final-account table and the budget table of the same figures), row (the
classification code, else the row's name) and column, in 元: budget, final, their difference
(final − budget) and the execution rate (final / budget, in percent), with the rows printed on one side only.
Where no budget of the department and year was extracted, the final account's own budget figures
stand in: the 预算数 columns of its 三公 table (公开09表) and the 年初预算 its narrative states beside a
figure (facts.csv of an output directory). `budget_source` says which.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from juesuan import spec
from juesuan.csvfile import write_csv
from juesuan.decimals import percent
from juesuan.diff import DiffInputError, load_cells
from juesuan.errors import UsageError
from juesuan.spec.cross import COUNTERPARTS, Counterpart
from juesuan.spec.keys import (
    GENERAL_BUDGET_EXPENDITURE,
    THREE_PUBLIC,
)

COLUMNS = [
    "department",
    "year",
    "family",
    "budget_table",
    "side",
    "code",
    "row_label",
    "column",
    "budget_column",
    "budget_yuan",
    "final_yuan",
    "difference_yuan",
    "execution_percent",
    "presence",
    "budget_source",
    "budget_doc",
    "final_doc",
]
AMOUNT = pa.decimal128(38, 8)
SCHEMA = pa.schema([(c, AMOUNT if c in ("budget_yuan", "final_yuan", "difference_yuan") else pa.int32() if c == "year"
                     else pa.decimal128(20, 4) if c == "execution_percent" else pa.string())
                    for c in COLUMNS])
RATE_PLACES = 4  # execution_percent's decimals (final / budget to a millionth, as a percentage)
NARRATIVE_ROWS = {"general_budget_appropriation_expenditure": (GENERAL_BUDGET_EXPENDITURE, "合计", "本年支出合计")}


class ExecutionInputError(UsageError):
    """An input is not an output directory, cells file or dataset (a usage error)."""


def read_inputs(paths: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells of every input (output directories, cells files, datasets) and the facts of those that have them."""
    cells, facts = [], []
    for p in map(Path, paths):
        try:
            cells.append(load_cells(p))
        except DiffInputError as exc:
            raise ExecutionInputError(str(exc)) from None
        if (p / "facts.csv").is_file():
            facts.append(pd.read_csv(p / "facts.csv", dtype=str, keep_default_na=False))
    return pd.concat(cells, ignore_index=True), (pd.concat(facts, ignore_index=True) if facts else pd.DataFrame())


def execution(cells: pd.DataFrame, facts: pd.DataFrame | None = None) -> list[dict]:
    """The execution rows of every department and year that has a final account."""
    cells = cells.copy()
    report = cells["report"].where(cells["report"] != "", cells["table_key"].map(lambda k: spec.report_of_key(str(k))))
    cells["report"] = report
    docs = cells.drop_duplicates("doc_id")[["doc_id", "department", "year", "report"]]
    budgets = {(r.department, r.year): r.doc_id for r in docs[docs.report == "预算"].itertuples() if r.department}
    out: list[dict] = []
    for final in docs[docs.report == "决算"].itertuples():
        mine = cells[cells.doc_id == final.doc_id]
        budget_doc = budgets.get((final.department, final.year))
        if budget_doc is not None:
            theirs = cells[cells.doc_id == budget_doc]
            for family in COUNTERPARTS:
                out += _pairs(final, budget_doc, family, mine, theirs)
        else:
            out += _own_budget(final, mine, facts if facts is not None else pd.DataFrame())
    return out


def _rows(
    cells: pd.DataFrame, table: str, side: str, coded_only: bool
) -> dict[tuple[str, str], dict[str, tuple[str, Decimal]]]:
    """(code, row_label) → column → (printed row label, amount in 元) of one table."""
    out: dict[tuple[str, str], dict[str, tuple[str, Decimal]]] = {}
    for c in cells[(cells.table_key == table) & (cells.side == side)].itertuples():
        if coded_only and not c.code and c.row_label != "总计":
            continue
        key = (c.code, "" if c.code else c.row_label)
        out.setdefault(key, {})[c.column_key] = (c.row_label, c.amount_yuan)
    return out


def _pairs(final, budget_doc: str, family: Counterpart, mine: pd.DataFrame, theirs: pd.DataFrame) -> list[dict]:
    actual = _rows(mine, family.final, family.side, family.coded_only)
    planned = _rows(theirs, family.budget, family.side, family.coded_only)
    out = []
    for key in sorted(set(actual) | set(planned)):
        for column, budget_columns in family.columns.items():
            f = actual.get(key, {}).get(column)
            bcol = next((c for c in budget_columns if c in planned.get(key, {})), budget_columns[0])
            b = planned.get(key, {}).get(bcol)
            if f is None and b is None:
                continue
            out.append(_row(final, family.final, family.budget, family.side, key, (f or b)[0], column, bcol,
                            b[1] if b else None, f[1] if f else None, "预算", budget_doc))
    return out


def _own_budget(final, mine: pd.DataFrame, facts: pd.DataFrame) -> list[dict]:
    """No budget extracted: the final account's own 预算数 (公开09表) and its narrative's 年初预算."""
    out = []
    three = _rows(mine, THREE_PUBLIC, "", False)
    for key, columns in sorted(three.items()):
        for column, (label, amount) in columns.items():
            if column.startswith("决算数/"):
                planned = columns.get("预算数/" + column.split("/", 1)[1])
                out.append(
                    _row(
                        final,
                        THREE_PUBLIC,
                        THREE_PUBLIC,
                        "",
                        key,
                        label,
                        column,
                        "预算数/" + column.split("/", 1)[1],
                        planned[1] if planned else None,
                        amount,
                        "决算表09",
                        final.doc_id,
                    )
                )
    if facts.empty:
        return out
    table = {key: columns for key, columns in _rows(mine, GENERAL_BUDGET_EXPENDITURE, "", False).items()}
    for fact in facts[(facts.doc_id == final.doc_id) & (facts.budget_yuan != "")].itertuples():
        family, row, column = NARRATIVE_ROWS.get(fact.metric, (GENERAL_BUDGET_EXPENDITURE, "", "本年支出合计"))
        if fact.metric.startswith("function:") and fact.metric.split(":")[1].isdigit():
            row = fact.metric.split(":")[1]
        if not row:
            continue
        key = (row, "") if row.isdigit() else ("", row)
        actual = table.get(key, {}).get(column)
        out.append(_row(final, family, family, "", key, actual[0] if actual else fact.label, column, "年初预算",
                        Decimal(fact.budget_yuan), actual[1] if actual else None, "决算情况说明", final.doc_id))
    return out


def _row(
    final,
    family: str,
    budget_table: str,
    side: str,
    key: tuple[str, str],
    label: str,
    column: str,
    budget_column: str,
    budget: Decimal | None,
    actual: Decimal | None,
    source: str,
    budget_doc: str,
) -> dict:
    presence = (
        "both" if budget is not None and actual is not None else "budget_only" if budget is not None else "final_only"
    )
    b, f = budget or Decimal(0), actual or Decimal(0)
    return dict(
        department=final.department,
        year=int(final.year) if str(final.year).isdigit() else None,
        family=family,
        budget_table=budget_table,
        side=side,
        code=key[0],
        row_label=label,
        column=column,
        budget_column=budget_column,
        budget_yuan=budget,
        final_yuan=actual,
        difference_yuan=f - b,
        execution_percent=percent(f, b, RATE_PLACES),
        presence=presence,
        budget_source=source,
        budget_doc=budget_doc,
        final_doc=final.doc_id,
    )


def write(rows: list[dict], csv_path: Path) -> Path:
    """FILE.csv and FILE.parquet beside it."""
    csv_path = Path(csv_path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(csv_path, COLUMNS, rows)  # amounts as every CSV writes them (juesuan/decimals.py), labels escaped
    parquet = csv_path.with_suffix(".parquet")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), parquet)
    return parquet


def run(inputs: list[Path], output: Path) -> str:
    cells, facts = read_inputs(inputs)
    rows = execution(cells, facts)
    parquet = write(rows, output)
    pairs = {(r["department"], r["year"], r["budget_source"]) for r in rows}
    return f"{len(rows)} execution rows for {len(pairs)} department-years written to {output} and {parquet}"
