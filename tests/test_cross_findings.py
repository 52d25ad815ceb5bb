"""A figure two tables print differently is a finding on both tables: a reader of either sees it, and a misread
table (rows shifted, say) has its wrong cells named, not only its partner's."""
from decimal import Decimal
from types import SimpleNamespace

from juesuan.validate import Checker


def _checker() -> Checker:
    return Checker(SimpleNamespace(doc_id="d", source_file="r.pdf"))


def test_a_cross_table_disagreement_names_the_cell_in_each_table():
    ch = _checker()
    ch.cross(("expenditure_summary", "201", "合计"), Decimal("12.00"), ("general_budget_expenditure", "201", "合计"),
             Decimal("15.00"), "万元")
    named = sorted((f.table, f.row, f.column, f.expected, f.found, f.rule_id, f.severity.value) for f in ch.findings)
    assert named == [
        ("expenditure_summary", "201", "合计", Decimal("15.00"), Decimal("12.00"), "cross_table", "error"),
        ("general_budget_expenditure", "201", "合计", Decimal("12.00"), Decimal("15.00"), "cross_table", "error"),
    ]


def test_agreeing_figures_are_no_finding_and_a_cent_apart_is_rounding_on_both():
    ch = _checker()
    ch.cross(("a", "合计", "x"), Decimal("1.00"), ("b", "合计", "y"), Decimal("1.00"), "元")
    assert ch.findings == []
    ch.cross(("a", "合计", "x"), Decimal("1.00"), ("b", "合计", "y"), Decimal("1.01"), "元")
    assert [(f.table, f.severity.value) for f in ch.findings] == [("b", "rounding"), ("a", "rounding")]
