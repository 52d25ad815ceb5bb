"""End to end on real published reports (read from ../shared/real, never copied into the repo).

Expected figures were read off the rendered pages of sh_pt_ghzy_2024_final.pdf (pages 7, 16, 17).
"""
from decimal import Decimal

import pandas as pd
import pytest

from juesuan.cli import main
from juesuan.extract.layout import STANDARD_TABLES
from juesuan.names import NAME_RULES


@pytest.fixture(scope="module")
def ghzy(tmp_path_factory, real_report):
    out = tmp_path_factory.mktemp("ghzy")
    assert main(["extract", str(real_report("sh_pt_ghzy_2024_final.pdf")), "-o", str(out), "-q", "--workers", "1"]) == 0
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    return out, cells


def _value(cells, table, column, side="", code="", label=""):
    rows = cells[(cells.table_key == table) & (cells.column_key == column) & (cells.side == side)
                 & (cells.code == code) & ((cells.row_label == label) if not code else True)]
    assert len(rows) == 1, (table, side, code, label, column, rows)
    return rows.iloc[0]


def test_document_facts(ghzy):
    out, _ = ghzy
    doc = pd.read_csv(out / "documents.csv", dtype=str).iloc[0]
    # The PDF metadata names the template; the department comes from the pages.
    assert doc.department == "上海市普陀区规划和自然资源局"
    assert doc.year == "2024"
    assert doc.status == "ok"
    assert set(doc.tables.split(";")) == set(STANDARD_TABLES)


@pytest.mark.parametrize("table, side, code, label, column, printed", [
    ("income_expenditure_summary", "收入", "", "一般公共预算财政拨款收入", "决算数", "9746.50"),
    ("income_expenditure_summary", "支出", "220", "", "决算数", "4461.67"),
    ("income_expenditure_summary", "支出", "212", "", "决算数", "3845.25"),
    ("income_expenditure_summary", "收入", "", "年初结转和结余", "决算数", "112.88"),
    ("income_expenditure_summary", "支出", "", "年末结转和结余", "决算数", "100.00"),
    ("income_expenditure_summary", "支出", "", "总计", "决算数", "9859.38"),
    ("general_budget_basic_expenditure", "", "301", "", "决算数", "4816.14"),
    ("general_budget_basic_expenditure", "", "30108", "", "决算数", "446.11"),
    ("general_budget_basic_expenditure", "", "31002", "", "决算数", "39.76"),
    ("general_budget_basic_expenditure", "", "", "人员经费合计", "决算数", "4884.09"),
    ("general_budget_basic_expenditure", "", "", "公用经费合计", "决算数", "480.66"),
    ("three_public", "", "", "合计", "预算数/合计", "2.85"),
    ("three_public", "", "", "合计", "决算数/合计", "0.39"),
    ("three_public", "", "", "合计", "决算数/公务接待费", "0.39"),
    ("fiscal_appropriation_summary", "支出", "220", "", "一般公共预算财政拨款", "4461.67"),
])
def test_cells_match_the_printed_page(ghzy, table, side, code, label, column, printed):
    _, cells = ghzy
    cell = _value(cells, table, column, side, code, label)
    assert cell.value == printed
    assert cell.unit == "万元"
    assert Decimal(cell.amount_yuan) == Decimal(printed) * 10000


def test_codes_are_classified(ghzy):
    _, cells = ghzy
    row = _value(cells, "general_budget_expenditure", "本年支出合计", code="2080505")
    assert row.code_level == "项"
    cls = _value(cells, "general_budget_expenditure", "本年支出合计", code="208")
    assert cls.code_level == "类" and cls.standard_name == "社会保障和就业支出"


def test_printed_zeros_are_not_cells(ghzy):
    _, cells = ghzy
    assert not (cells.value.isin(["0.00", "0"])).any()
    assert cells[(cells.table_key == "three_public") & (cells.column_key.str.contains("因公出国"))].empty


def test_empty_tables_are_present_with_their_note(ghzy):
    out, cells = ghzy
    assert cells[cells.table_key.isin(["government_fund", "state_capital"])].empty
    assert (out / "tables").joinpath(next((out / "tables").iterdir()).name, "government_fund.csv").exists()


def test_findings_are_real_properties_of_the_report(ghzy):
    """The tables' sums differ from their parts by printed rounding only (checked by hand); the one
    error is real: the narrative (p.24) says 人员经费4896.98万元 while table 06 prints 人员经费合计 4884.09."""
    out, _ = ghzy
    checks = pd.read_csv(out / "checks.csv", dtype=str)
    assert len(checks) > 0
    errors = checks[checks.severity == "error"]
    assert len(errors) == 1, errors.to_string()
    assert "人员经费4896.98万元" in errors.iloc[0].message and errors.iloc[0].expected == "48840900.00"
    sums = checks[(checks.table != "narrative") & ~checks.rule.isin(NAME_RULES)]  # names: tests/test_catalogue.py
    assert set(sums.severity) <= {"rounding", "error"}
    # e.g. 05 row 212: 基本 + 项目 = 3832.35 while 3832.36 is printed
    row = checks[(checks.table == "general_budget_expenditure") & (checks.row == "212")].iloc[0]
    assert (row.expected, row.found) == ("3832.35", "3832.36")


def test_template_report_has_tables_and_no_cells(tmp_path, real_report):
    assert main(["extract", str(real_report("sh_final_template_2024.pdf")), "-o", str(tmp_path), "-q", "--workers", "1"]) == 0
    doc = pd.read_csv(tmp_path / "documents.csv", dtype=str).iloc[0]
    assert set(doc.tables.split(";")) == set(STANDARD_TABLES)


@pytest.fixture(scope="module")
def budgets(tmp_path_factory, real_report):
    out = tmp_path_factory.mktemp("budgets")
    paths = [real_report("js_fy_2017_dept_budget.pdf"), real_report("sh_pt_wanli_2024_dept_budget.pdf")]
    assert main(["extract", *map(str, paths), "-o", str(out), "-q", "--workers", "1"]) == 0
    return out


def test_budget_reports_are_recognised_with_their_department(budgets):
    docs = pd.read_csv(budgets / "documents.csv", dtype=str)
    assert list(docs.report) == ["预算", "预算"]
    assert list(docs.department) == ["江苏省高级人民法院", "上海市普陀区人民政府万里街道办事处"]
    assert list(docs.year) == ["2017", "2024"]


def test_several_tables_on_one_page_are_cut_apart(budgets):
    """js p13, p15 and p17 print two or three tables each; p14 opens with the previous table's last rows."""
    docs = pd.read_csv(budgets / "documents.csv", dtype=str)
    assert len(docs.iloc[0].tables.split(";")) == 12
    cells = pd.read_csv(budgets / "cells.csv", dtype=str, keep_default_na=False)
    basic = cells[cells.table_key == "budget_fiscal_basic"]
    got = {(r.code or r.row_label): r.value for r in basic.itertuples()}
    assert got["合计"] == "17,123.19" and got["301"] == "7,687.65" and got["30101"] == "2,509.00"  # read off p14


def test_budget_tables_raise_no_false_findings(budgets):
    checks = pd.read_csv(budgets / "checks.csv", dtype=str)
    assert checks[checks.severity == "error"].empty, checks.to_string()
