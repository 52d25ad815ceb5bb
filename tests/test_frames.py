"""A header ruled as a grid over rows printed without rules, only an outer frame around them: the everyday
spreadsheet export (issue 30). The frame made one ruled cell of the whole body, read as part of the header:
a report came out `ok` with 0 of 294 cells.

Such a body is read as a stream (extract/tables.py), and whatever a reading does with a table page, a page
that prints amounts and yields no cell at all is a finding that makes the document partial, never `ok`.
Expected cells come from the zoo generator's truth, drawn here with the body's rules left out.
"""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from conftest import load_script
from juesuan.cli import main
from juesuan.pipeline import Options, extract_document

zoo = load_script("zoo")
score = load_script("score")
mf = zoo.mf
pytestmark = pytest.mark.zoo
SEED = 3031  # documents 0, 3 and 4: 万元 and 元 without decimals, a table split before its 合计 row alone


class FramePainter(zoo.ZooPainter):
    """The header as a grid of rules; the body's rows unruled inside one frame."""

    def draw_header(self, c, x0, top):
        self.body_top = super().draw_header(c, x0, top)
        return self.body_top

    def draw_row(self, c, row, xs, top, h):
        ruled, self.st = self.st, dataclasses.replace(self.st, ruling="none")
        try:
            super().draw_row(c, row, xs, top, h)
        finally:
            self.st = ruled

    def _close(self, c, xs, top, bottom):
        c.setLineWidth(0.5)
        c.rect(xs[0], bottom, xs[-1] - xs[0], self.body_top - bottom)


class FrameDoc(zoo.ZooDoc):
    def painter_cls(self, *args, **kw):
        return FramePainter(self, *args, **kw)


@pytest.fixture(scope="module")
def framed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("framed")
    mf.register_fonts()
    rows = [zoo.build_zoo_doc(FrameDoc(f"frame_{i:03d}", SEED, i, overrides={"rules": "grid"}), folder)
            for i in (0, 3, 4)]
    with open(folder / "zoo_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, zoo.MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path_factory.mktemp("framed_out")
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "2"]) in (0, 1)
    return folder, out


@pytest.mark.slow
def test_rows_inside_a_frame_under_a_ruled_header_are_read(framed):
    folder, out = framed
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    result = score.score(cells, folder)
    for name, r in result["fixtures"].items():
        assert r["f1"] == 1.0, (name, r["missing"][:5], r["extra"][:5])
    assert set(docs.status) == {"ok"}


def _two_framed_halves(path: Path) -> None:
    """A 收入支出决算总表 whose header is a grid of four columns and whose two halves' rows each sit in a frame
    of their own (two columns wide): no ruled cell spans most of the table, the frames are read as cells."""
    mf.register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    xs = [60, 200, 300, 440, 540]
    c.setFont("STSong-Light", 15)
    c.drawCentredString(width / 2, height - 60, "2024年度收入支出决算总表")
    c.setFont("STSong-Light", 9)
    c.drawString(xs[0], height - 85, "编制单位：某某市某某局")
    c.drawRightString(xs[-1], height - 85, "单位：万元")
    top, row_h = height - 95, 18
    for k, text in enumerate(["项目", "决算数", "项目", "决算数"]):
        c.rect(xs[k], top - row_h, xs[k + 1] - xs[k], row_h)
        c.drawCentredString((xs[k] + xs[k + 1]) / 2, top - 12, text)
    rows = [("一、一般公共预算财政拨款收入", "1,234.56", "一、一般公共服务支出", "1,000.00"),
            ("二、事业收入", "100.00", "二、教育支出", "334.56"),
            ("本年收入合计", "1,334.56", "本年支出合计", "1,334.56")]
    y = top - row_h
    for income, amount, spending, spent in rows:
        c.drawString(xs[0] + 3, y - 12, income)
        c.drawRightString(xs[2] - 3, y - 12, amount)
        c.drawString(xs[2] + 3, y - 12, spending)
        c.drawRightString(xs[4] - 3, y - 12, spent)
        y -= row_h
    for left, right in ((xs[0], xs[2]), (xs[2], xs[4])):
        c.rect(left, y, right - left, top - row_h - y)
    c.showPage()
    c.save()


def test_a_table_page_printing_amounts_that_yields_no_cell_is_never_ok(tmp_path):
    path = tmp_path / "halves.pdf"
    _two_framed_halves(path)
    doc = extract_document(path, Options(ocr="never"))
    assert [t.table_key for t in doc.tables] == ["income_expenditure_summary"]
    assert sum(len(t.cells) for t in doc.tables) == 0  # what the reader makes of it: nothing, and it says so
    lost = [f for f in doc.findings if f.rule == "amounts_not_read"]
    assert [(f.table, f.page) for f in lost] == [("income_expenditure_summary", 1)]
    assert "1,234.56" in lost[0].message and "none was read" in lost[0].message
    assert doc.status == "partial"
