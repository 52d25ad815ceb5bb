"""A figure of a report's narrative (Fact) and facts.csv's columns.

Apart from extract/narrative.py (its regular expressions take ~0.1 s to import) so the run's outputs
can name facts.csv's columns in the main process without loading the narrative reader.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal


@dataclass
class Fact:
    """One figure of the narrative. value is in the printed unit; amounts in yuan are exact."""

    doc_id: str
    section: str
    metric: str
    value: Decimal
    unit: str
    amount_yuan: Decimal | None
    comparison: str = ""  # as stated, e.g. "减少13,183.22万元, 下降17.23%"
    change_amount_yuan: Decimal | None = None  # signed
    change_percent: Decimal | None = None  # signed
    page: int | None = None
    sentence: str = ""
    share_percent: Decimal | None = None  # the "占 x%" right after the figure
    budget_yuan: Decimal | None = None  # "预算为 …" stated with it
    completion_percent: Decimal | None = None  # "完成(年初)预算的 x%"
    subsection: str = ""
    label: str = ""  # the words naming the figure, normalized
    share_of: str = ""  # metric the share is of, when the sentence names it ("占本年支出…")
    level: str = ""  # 类 / 款 / 项 for function-classification facts


FACT_COLUMNS = [f.name for f in fields(Fact)]  # facts.csv, one column per field
