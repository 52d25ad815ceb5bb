"""No silent error (issue 9, item 5): a printed amount that found no cell, a column outside the
contract, a missing mandatory column, a page of amounts that follows no table — each is a finding
naming file, page and table, and the document is `partial`, never a clean `ok`.

The inputs are small hand-made reports (reportlab, STSong-Light): one table each, with one flaw.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from juesuan.cli import main

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = A4


def table(c, top: float, widths: list[float], rows: list[list[str]], x0: float = 60) -> float:
    """A fully ruled table; returns the y of its bottom rule."""
    c.setFont(FONT, 8)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    y = top
    for row in rows:
        for i, text in enumerate(row):
            if text:
                if i == 0 or not any(ch.isdigit() for ch in text):
                    c.drawString(xs[i] + 2, y - 12, text)
                else:
                    c.drawRightString(xs[i + 1] - 2, y - 12, text)
        c.line(xs[0], y, xs[-1], y)
        y -= 18
    c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, top, x, y)
    return y


def report(path: Path, pages) -> Path:
    """pages: callables drawing one page each on the canvas."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def titled(title: str, header: list[str], rows: list[list[str]], widths: list[float], extra=None):
    def draw(c):
        c.setFont(FONT, 14)
        c.drawCentredString(W / 2, H - 60, title)
        c.setFont(FONT, 9)
        c.drawString(60, H - 85, "编制单位：某某县民政局")
        c.drawRightString(W - 60, H - 85, "单位：万元")
        bottom = table(c, H - 95, widths, [header, *rows])
        if extra:
            extra(c, bottom)
    return draw


GB_ROWS = [["合计", "", "300.00", "200.00", "100.00"],
           ["208", "社会保障和就业支出", "300.00", "200.00", "100.00"],
           ["20802", "民政管理事务", "300.00", "200.00", "100.00"],
           ["2080201", "行政运行", "300.00", "200.00", "100.00"]]
GB_HEADER = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
GB_WIDTHS = [60, 140, 80, 80, 80]


def run(tmp_path: Path, *pdfs: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    out = tmp_path / "out"
    assert main(["extract", *map(str, pdfs), "-o", str(out), "-q", "--workers", "1"]) in (0, 1)
    read = lambda name: pd.read_csv(out / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("documents.csv"), read("cells.csv"), read("checks.csv")


def test_a_clean_table_is_ok_with_no_finding(tmp_path):
    pdf = report(
        tmp_path / "clean.pdf", [titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS)]
    )
    docs, cells, checks = run(tmp_path, pdf)
    assert docs.iloc[0].status == "ok" and len(cells) == 12
    assert checks[checks.rule.isin(["amounts_not_read", "unknown_column", "missing_column", "unkeyed_row"])].empty


def test_an_amount_outside_every_cell_is_reported_with_its_page(tmp_path):
    def stray(c, bottom):
        c.setFont(FONT, 8)
        c.drawRightString(W - 20, bottom - 30, "77.77")  # right of the grid, under it: no cell holds it

    pdf = report(
        tmp_path / "stray.pdf", [titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS, stray)]
    )
    docs, cells, checks = run(tmp_path, pdf)
    found = checks[checks.rule == "amounts_not_read"]
    assert len(found) == 1 and found.iloc[0].page == "1" and found.iloc[0].table == "general_budget_expenditure"
    assert "'77.77'" in found.iloc[0].message and "stray.pdf" in found.iloc[0].message
    assert docs.iloc[0].status == "partial"
    assert "77.77" not in set(cells.value)


def test_a_column_outside_the_contract_is_kept_and_reported(tmp_path):
    header = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "调整预算数"]
    rows = [r + ["310.00"] for r in GB_ROWS]
    pdf = report(
        tmp_path / "unknown.pdf", [titled("2023年度一般公共预算财政拨款支出决算表", header, rows, GB_WIDTHS + [70])]
    )
    docs, cells, checks = run(tmp_path, pdf)
    found = checks[checks.rule == "unknown_column"]
    assert list(found.column) == ["调整预算数"] and found.iloc[0].page == "1"
    assert docs.iloc[0].status == "partial"
    assert len(cells[cells.column_key == "调整预算数"]) == 4  # nothing lost, under its printed name


def test_a_missing_mandatory_column_is_reported(tmp_path):
    header = ["科目编码", "科目名称", "本年支出合计", "项目支出"]
    rows = [r[:3] + r[4:] for r in GB_ROWS]
    pdf = report(
        tmp_path / "missing.pdf", [titled("2023年度一般公共预算财政拨款支出决算表", header, rows, GB_WIDTHS[:4])]
    )
    docs, _, checks = run(tmp_path, pdf)
    assert list(checks[checks.rule == "missing_column"].column) == ["基本支出"]
    assert docs.iloc[0].status == "partial"


def test_several_amounts_in_one_cell_are_unreadable_not_one_number(tmp_path):
    def two_rows_in_one(c):
        titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS)(c)
        c.setFont(FONT, 8)
        # a second amount pressed into the 项目支出 cell of 行政运行, on a line of its own
        c.drawRightString(60 + sum(GB_WIDTHS) - 2, H - 95 - 4 * 18 - 16.5, "55.00")
    pdf = report(tmp_path / "glued.pdf", [two_rows_in_one])
    docs, cells, checks = run(tmp_path, pdf)
    bad = checks[checks.rule == "unreadable_cell"]
    assert len(bad) == 1 and bad.iloc[0].row == "2080201" and bad.iloc[0].column == "项目支出"
    assert "several amounts in one cell" in bad.iloc[0].message
    assert not cells.amount_yuan.str.len().gt(20).any()  # never "100.0055.00" read as one number


def test_a_page_of_amounts_that_follows_no_table_is_reported(tmp_path):
    def orphan(c):
        c.setFont(FONT, 9)
        c.drawString(60, H - 60, "附表")
        table(c, H - 80, GB_WIDTHS, GB_ROWS)

    pdf = report(
        tmp_path / "orphan.pdf",
        [
            titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS),
            lambda c: c.drawString(60, H - 60, ""),
            orphan,
        ],
    )
    docs, _, checks = run(tmp_path, pdf)
    found = checks[(checks.rule == "amounts_not_read") & (checks.page == "3")]
    assert len(found) == 1 and "follows no table" in found.iloc[0].message
    assert docs.iloc[0].status == "partial"


def test_a_narrative_page_after_a_table_is_not_its_continuation(tmp_path):
    def prose(c):
        c.setFont(FONT, 10.5)
        lines = ["一、收入支出决算总体情况说明",
                 "2023年度收、支总计300.00万元。与2022年度相比，收、支总计各增加12.00万元，增长4.17%。",
                 "主要原因是人员经费增加。其中：基本支出200.00万元，占66.67%；项目支出100.00万元，占33.33%。",
                 "二、财政拨款支出决算情况说明：行政运行（项）支出300.00万元，主要用于保障机构正常运转。"]
        for i, text in enumerate(lines):
            c.drawString(60, H - 70 - 22 * i, text)

    pdf = report(
        tmp_path / "prose.pdf", [titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS), prose]
    )
    docs, cells, checks = run(tmp_path, pdf)
    assert docs.iloc[0].page_kinds.split()[1].startswith("2:narrative")
    assert docs.iloc[0].status == "ok" and len(cells) == 12
    assert checks[checks.rule == "amounts_not_read"].empty


def test_a_repeated_header_that_breaks_the_rows_sums_yields_to_the_first_pages_columns(tmp_path):
    """Page 2 repeats the header with its first amount column named 基本支出 (a misread, or a misprint):
    read as printed, no row of page 2 adds up; read by page 1's columns, every one does, and the
    choice is reported."""
    more = [
        ["2080202", "一般行政管理事务", "50.00", "20.00", "30.00"],
        ["2080208", "基层政权建设和社区治理", "40.00", "", "40.00"],
    ]
    bad_header = ["科目编码", "科目名称", "基本支出", "基本支出", "项目支出"]
    second = lambda c: table(c, H - 60, GB_WIDTHS, [bad_header, *more])  # noqa: E731
    pdf = report(
        tmp_path / "header.pdf",
        [titled("2023年度一般公共预算财政拨款支出决算表", GB_HEADER, GB_ROWS, GB_WIDTHS), second],
    )
    docs, cells, checks = run(tmp_path, pdf)
    page2 = cells[cells.page == "2"]
    assert {(r.code, r.column_key, r.value) for r in page2.itertuples()} == {
        ("2080202", "本年支出合计", "50.00"), ("2080202", "基本支出", "20.00"), ("2080202", "项目支出", "30.00"),
        ("2080208", "本年支出合计", "40.00"), ("2080208", "项目支出", "40.00")}
    chosen = checks[checks.rule == "reading_chosen"]
    assert list(chosen.page) == ["2"] and chosen.iloc[0].severity == "info"
