"""Several reports in one file (issue 31): the page a second report begins on is named, with what differs, and
the document is partial (not split); a report whose title repeats on its continuation pages, or whose titles say
neither 决算 nor 预算, is one report. The PDFs are the fixtures joined (scripts/make_hostile.py concatenated)."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.extract.layout import PageLayout
from juesuan.extract.report_runs import later_reports, repeated_tables
from juesuan.model import Table
from juesuan.pipeline import Options, extract_document
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(make_hostile.CONCATENATED))
def test_a_second_report_is_a_finding_naming_its_first_page(tmp_path, name):
    parts, page = make_hostile.CONCATENATED[name]
    joined = tmp_path / name
    make_hostile.concatenated([make_hostile.GENERATED / p for p in parts], joined)
    doc = extract_document(joined, Options(ocr="never"))
    found = [f for f in doc.findings if f.rule == "second_report"]
    assert [(f.page, f.severity) for f in found] == [(page, "error")]
    assert doc.status == "partial" and doc.error == found[0].message
    assert found[0].message.startswith(f"{joined}: page {page}: another report begins here (")


def test_the_second_report_says_what_differs(tmp_path):
    joined = tmp_path / "final_and_budget.pdf"
    parts, _ = make_hostile.CONCATENATED["final_and_budget.pdf"]
    make_hostile.concatenated([make_hostile.GENERATED / p for p in parts], joined)
    doc = extract_document(joined, Options(ocr="never"))
    message = next(f.message for f in doc.findings if f.rule == "second_report")
    assert "its table titles turn from 决算 to 预算" in message
    assert "department 某某县农业农村局, not 某某县民政局, year 2025, not 2023, report 预算, not 决算" in message


def test_a_table_printed_twice_in_one_report_is_named_and_a_whole_second_report_is_not(tmp_path):
    (source, page), = make_hostile.PRINTED_TWICE.values()
    twice = tmp_path / "table_twice.pdf"
    make_hostile.page_again(make_hostile.GENERATED / source, twice, page)
    doc = extract_document(twice, Options(ocr="never"))
    first = next(t for t in doc.tables if page in t.pages)
    again = [t for t in doc.tables if t.table_key == f"{first.table_key}_2"]
    assert len(again) == 1 and again[0].cells, [t.table_key for t in doc.tables]
    found = [f for f in doc.findings if f.rule == "table_repeated"]
    assert [(f.table, f.page, f.severity) for f in found] == [(again[0].table_key, again[0].pages[0], "warning")]
    assert f"table {first.table_key} is printed again (first on page {page})" in found[0].message
    assert not any(f.rule == "second_report" for f in doc.findings)

    joined = tmp_path / "same_report_twice.pdf"
    make_hostile.concatenated([make_hostile.GENERATED / p for p in make_hostile.CONCATENATED[joined.name][0]], joined)
    doc = extract_document(joined, Options(ocr="never"))
    assert not any(f.rule == "table_repeated" for f in doc.findings)  # the second report's tables are its own
    keys = [t.table_key for t in doc.tables]
    assert "income_2" in keys and "income_4" not in keys  # income_expenditure_summary is no earlier income


def test_only_a_table_under_its_own_title_again_is_a_repeat():
    def table(key: str, title: str, page: int) -> Table:
        return Table(key, title, [page], "万元", [], [])

    tables = [table("budget_summary", "（一）2026年市级部门收支预算总表", 3),
              table("budget_performance", "信访干部培训专项项目绩效自评表", 30),
              table("budget_performance_2", "资产运行维护项目绩效自评表", 34),  # one per project: another table
              table("budget_expenditure", "本年支出总体情况表", 9),
              table("budget_expenditure_2", "部门预算基本支出预算表", 20),  # another table of that kind
              table("budget_summary_2", "2026年市级部门收支预算总表", 17)]  # the first again, enumerator aside
    assert [(r.key, r.kind, r.page, r.first_page) for r in repeated_tables(tables, [])] == [
        ("budget_summary_2", "budget_summary", 17, 3)]


def _table(number: int, key: str, title: str) -> PageLayout:
    return PageLayout(number, "table", key, title)


def test_one_report_is_one_run():
    pages = [_table(1, "income_expenditure_summary", "2023年度收入支出决算总表"),
             _table(2, "income", "2023年度收入决算表"),
             _table(3, "income", "2023年度收入决算表"),  # its title repeated on a continuation page
             _table(4, "procurement", "2023年度政府采购情况表"),  # says neither 决算 nor 预算
             _table(5, "performance", "项目绩效自评表")]
    assert later_reports(pages) == []
    again = [*pages, _table(6, "income_expenditure_summary", "2023年度收入支出决算总表")]
    assert [s.page for s in later_reports(again)] == [6]
    contents = [_table(3, "income_expenditure_summary", "一、收入支出决算总表"),  # a 目录 line read as a title
                *(_table(n, "budget_performance", "项目绩效自评表") for n in range(30, 40)),
                _table(146, "income_expenditure_summary", "收入支出决算总表"), _table(147, "income", "收入决算表")]
    assert later_reports(contents) == []  # Xi'an's final account: one report
