"""End to end on real published reports (read from ../shared/real, never copied into the repo).

Expected figures were read off the rendered pages of sh_pt_ghzy_2024_final.pdf (pages 7, 16, 17).
"""
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest

from conftest import load_script
from juesuan import spec
from juesuan.cli import main
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
    assert set(doc.tables.split(";")) == set(spec.final_keys())


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
    assert (
        main(["extract", str(real_report("sh_final_template_2024.pdf")), "-o", str(tmp_path), "-q", "--workers", "1"])
        == 0
    )
    doc = pd.read_csv(tmp_path / "documents.csv", dtype=str).iloc[0]
    assert set(doc.tables.split(";")) == set(spec.final_keys())


# read off each report's cover, 目录 and 编制单位 / 部门 lines; js_zx_2019 prints its name in its sentences only
DEPARTMENTS = {
    "js_fy_2017_dept_budget.pdf": "江苏省高级人民法院",
    "js_jcy_2017_dept_budget.pdf": "江苏省人民检察院",
    "js_swbgt_2017_budget_tables.pdf": "中国共产党江苏省委员会办公厅",
    "js_zx_2018_budget_tables.pdf": "江苏省政协办公厅",
    "js_zx_2019_dept_budget.pdf": "江苏省政协办公厅",
    "sh_final_template_2024.pdf": "上海市XX局",
    "sh_pt_ghzy_2024_final.pdf": "上海市普陀区规划和自然资源局",
    "sh_pt_wanli_2024_dept_budget.pdf": "上海市普陀区人民政府万里街道办事处",
}


@pytest.fixture(scope="module")
def every_real_report(tmp_path_factory, real_report):
    out = tmp_path_factory.mktemp("real")
    paths = [real_report(name) for name in DEPARTMENTS]
    assert main(["extract", *map(str, paths), "-o", str(out), "-q", "--workers", "2"]) in (0, 1)
    return out


def test_every_real_report_names_its_department_or_says_it_cannot(every_real_report):
    docs = pd.read_csv(every_real_report / "documents.csv", dtype=str, keep_default_na=False)
    assert {Path(d.source_file).name: d.department for d in docs.itertuples()} == DEPARTMENTS
    checks = pd.read_csv(every_real_report / "checks.csv", dtype=str, keep_default_na=False)
    unknown = set(checks[checks.rule == "department_unknown"].doc.str.rsplit("-", n=1).str[0])
    assert unknown == set()


def printed_amounts(pdf_path: Path, page: int) -> list[str]:
    """Every word of a page that prints a non-zero amount, read with pdfplumber alone (an oracle independent of
    the reader, the one `scripts/bench.py --section real` measures with): codes, years and page numbers are not."""
    with pdfplumber.open(pdf_path) as pdf:
        return load_script("bench_real").printed_amounts(pdf.pages[page - 1])


def test_every_amount_printed_on_a_final_accounts_table_page_is_a_cell(ghzy, real_report):
    out, cells = ghzy
    doc = pd.read_csv(out / "documents.csv", dtype=str).iloc[0]
    table_pages = [
        int(k.split(":")[0]) for k in doc.page_kinds.split() if k.split(":")[1] in ("table", "table-continuation")
    ]
    assert len(table_pages) >= 13
    for page in table_pages:
        printed = Counter(printed_amounts(real_report("sh_pt_ghzy_2024_final.pdf"), page))
        read = Counter(cells[cells.page == str(page)].value)
        assert printed - read == Counter(), (page, printed - read)
        assert read - printed == Counter(), (page, read - printed)
