"""Readings checked by their own sums (issue 30, item 2): where a table page's geometry reads more than one way,
the reading under which the table's own identities hold is kept, and checks.csv says so (`reading_chosen`).

Two layouts seen on independent real-like reports, drawn here with the zoo's truth:
- a long coded table (05) with horizontal or three-line rules, typed in a spreadsheet: names centred in tall rows,
  amounts at the cell's foot (the spreadsheet's default), so a row's name and its amounts stand on two text lines;
  the first row's name (合计, or the first class) sits right under the header and was read as part of it: the name
  column became an amount column keyed `科目编码及名称合计`, and every amount of 05 lost its code;
- 06 with its economic codes and names in columns of their own, names indented, three-line rules or none, each
  group's name (人员经费 | 公用经费) printed as the first row over its codes: read as part of the header, the code
  column was keyed `科目编码人员经费` and its codes read as amounts (30101 → 301010000).
"""
from __future__ import annotations

import csv
import dataclasses

import pandas as pd
import pytest

from conftest import load_script
from juesuan.cli import main
from juesuan.extract.interpret import PageTable, ParsedRow
from juesuan.extract.readings import best, fit
from juesuan.model import GridCell

zoo = load_script("zoo")
score = load_script("score")
mf = zoo.mf
pytestmark = pytest.mark.zoo


CODED = zoo.CODED | {"general_budget_basic_expenditure"}


class SheetPainter(zoo.ZooPainter):
    """Rows as a spreadsheet prints them: tall, names centred, amounts at the foot of their cells; in the tables
    the document styles so (SheetDoc.styled)."""

    def row_height(self, row):
        tall = 3.2 * self.st.fs if self.zoo.drawing in self.zoo.styled else 0.0
        return max(super().row_height(row), tall)

    def draw_row(self, c, row, xs, top, h):
        if self.zoo.drawing in self.zoo.styled:
            foot = -(h - 2.2 * self.st.fs) / 2  # from the middle of the cell down to its foot
            row = dataclasses.replace(row, cells=[dataclasses.replace(cell, dy=foot) if cell.align == "r" else cell
                                                  for cell in row.cells])
        super().draw_row(c, row, xs, top, h)


class SheetDoc(zoo.ZooDoc):
    drawing = ""  # the table being drawn
    # every table; but where 元 amounts are integers, only the coded ones: a 7-digit amount leading a line of
    # amounts in 01/04 ("2817652 5059641") is still taken for a code (a code-or-amount reading not built yet)
    styled = zoo.ALL

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if self.traits["unit_format"] == "元_int":
            self.styled = CODED

    def note_table(self, key, unit):
        self.drawing = key
        super().note_table(key, unit)

    def painter_cls(self, *args, **kw):
        return SheetPainter(self, *args, **kw)


class ApartPainter(SheetPainter):
    """Names at the head of tall rows, the first amount column in the middle, the others at the foot: each
    printed row stands on three text lines, a line of names and two of amounts."""

    def draw_row(self, c, row, xs, top, h):
        if self.zoo.drawing in self.zoo.styled:
            foot = -(h - 2.2 * self.st.fs) / 2
            first = min((cell.col for cell in row.cells if cell.align == "r"), default=None)
            row = dataclasses.replace(row, cells=[
                dataclasses.replace(cell, dy=0.0 if cell.col == first else foot) if cell.align == "r"
                else dataclasses.replace(cell, valign="t") for cell in row.cells])
        zoo.ZooPainter.draw_row(self, c, row, xs, top, h)  # not SheetPainter's: these rows are placed already


class ApartDoc(SheetDoc):
    styled = CODED

    def __init__(self, *args, **kw):
        zoo.ZooDoc.__init__(self, *args, **kw)

    def painter_cls(self, *args, **kw):
        return ApartPainter(self, *args, **kw)


class LowNamesPainter(zoo.ZooPainter):
    """Names set lower than their row's amounts and row numbers by 0.6 of the row's height, in rows of the usual
    height: each name stands nearer the next row's amounts than its own (as pdfium placed LibreOffice's CJK text,
    6 pt low in rows 12 pt high, before readers/font_descents.py)."""

    def draw_row(self, c, row, xs, top, h):
        if self.zoo.drawing in self.zoo.styled:
            row = dataclasses.replace(row, cells=[
                dataclasses.replace(cell, valign="t", dy=-0.6 * h if cell.align == "l" else 0.0)
                for cell in row.cells])
        super().draw_row(c, row, xs, top, h)


class LowNamesDoc(SheetDoc):
    def painter_cls(self, *args, **kw):
        return LowNamesPainter(self, *args, **kw)


class GroupRowPainter(zoo.ZooPainter):
    """06 in two groups side by side whose names are printed as their first row, in the code columns."""

    def __init__(self, z, doc, widths, tree, rows, *args, **kw):
        if "基本支出" in args[1]:  # the title
            rows = [mf.PRow([mf.PCell(0, "人员经费"), mf.PCell(3, "公用经费")])] + list(rows)
        super().__init__(z, doc, widths, tree, rows, *args, **kw)


class GroupRowDoc(zoo.ZooDoc):
    def painter_cls(self, *args, **kw):
        return GroupRowPainter(self, *args, **kw)


SHEET = [(3030, 0, {"rules": "horizontal", "codes": "joined_space"}),
         (3030, 1, {"rules": "threeline", "codes": "joined_space"}),
         (3030, 2, {"rules": "threeline", "codes": "joined_tight", "total_pos": "bottom"})]
APART = [(3034, 0, {"rules": "horizontal", "codes": "joined_space"}),
         (3034, 1, {"rules": "threeline", "codes": "code_name", "t06_groups": "3"}),
         (3034, 2, {"rules": "none", "codes": "joined_tight"})]
LOW = [(3036, 0, {"rules": "none", "codes": "joined_space", "unit_format": "元_dec2", "labels": "plain"}),
       (3036, 1, {"rules": "threeline", "codes": "code_name", "unit_format": "万元", "labels": "indented"})]
GROUPS = [(3032, i, {"rules": rules, "codes": "code_name", "labels": "indented", "t06_groups": "2",
                     "t06_group_label": "no"}) for i, rules in enumerate(("threeline", "none"))]


def _run(tmp_path_factory, name: str, cls, docs):
    folder = tmp_path_factory.mktemp(name)
    mf.register_fonts()
    rows = [zoo.build_zoo_doc(cls(f"{name}_{seed}_{i:03d}", seed, i, overrides=traits), folder)
            for seed, i, traits in docs]
    with open(folder / "zoo_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, zoo.MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path_factory.mktemp(f"{name}_out")
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "2"]) in (0, 1)
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    return score.score(cells, folder), checks


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return _run(tmp_path_factory, "sheet", SheetDoc, SHEET)


@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    return _run(tmp_path_factory, "apart", ApartDoc, APART)


@pytest.fixture(scope="module")
def low(tmp_path_factory):
    return _run(tmp_path_factory, "low", LowNamesDoc, LOW)


@pytest.fixture(scope="module")
def groups(tmp_path_factory):
    return _run(tmp_path_factory, "groups", GroupRowDoc, GROUPS)


@pytest.mark.slow
def test_names_above_their_amounts_keep_their_codes(sheet):
    result, _ = sheet
    for name, r in result["fixtures"].items():
        assert r["f1"] == 1.0, (name, len(r["missing"]), r["missing"][:5], r["extra"][:5])


@pytest.mark.slow
def test_a_row_printed_on_a_line_of_names_and_lines_of_amounts_is_one_row(apart):
    result, checks = apart
    for name, r in result["fixtures"].items():
        assert r["f1"] == 1.0, (name, len(r["missing"]), r["missing"][:5], r["extra"][:5])
    chosen = _findings(checks, "reading_chosen")
    assert {(f"apart_3034_{i:03d}", "general_budget_expenditure") for i in range(len(APART))} <= chosen


@pytest.mark.slow
def test_names_at_the_foot_of_tall_rows_stay_with_their_amounts(low):
    """A name nearer the next row's amounts than its own: the reading that pairs each line of amounts with the
    names below it is the one the sums confirm; the usual one shifted amounts onto the rows below, silently."""
    result, checks = low
    for name, r in result["fixtures"].items():
        assert r["f1"] == 1.0, (name, len(r["missing"]), r["missing"][:5], r["extra"][:5])
    chosen = checks[checks.rule == "reading_chosen"]
    assert chosen.message.str.contains("names below").all() and len(chosen) >= 9


@pytest.mark.slow
def test_group_names_printed_as_rows_leave_the_codes_codes(groups):
    result, _ = groups
    for name, r in result["fixtures"].items():
        assert r["f1"] == 1.0, (name, len(r["missing"]), r["missing"][:5], r["extra"][:5])


def _findings(checks: pd.DataFrame, rule: str) -> set[tuple[str, str]]:
    rows = checks[checks.rule == rule]
    return {(doc.rsplit("-", 1)[0], table) for doc, table in zip(rows["doc"], rows["table"])}


@pytest.mark.slow
def test_where_the_sums_chose_the_reading_checks_say_so(sheet, groups):
    (_, sheet_checks), (_, group_checks) = sheet, groups
    for checks in (sheet_checks, group_checks):
        chosen = checks[checks.rule == "reading_chosen"]
        assert set(chosen.severity) == {"info"}
        assert chosen.message.str.contains("read as rows, not as header").all()
    coded = _findings(sheet_checks, "reading_chosen")
    for i, _ in enumerate(SHEET):
        assert (f"sheet_3030_{i:03d}", "general_budget_expenditure") in coded
    assert _findings(group_checks, "reading_chosen") == {(f"groups_3032_{i:03d}", "general_budget_basic_expenditure")
                                                         for i in range(len(GROUPS))}
    assert not (_findings(sheet_checks, "unknown_column") | _findings(group_checks, "unknown_column"))


def _row(code: str, label: str, values: dict[str, str], r: int):
    return ParsedRow("", code, label, {k: GridCell(v, r, j + 1) for j, (k, v) in enumerate(values.items())}, r)


def test_a_reading_that_parts_names_from_their_amounts_is_never_the_best():
    """Rows of names without amounts beside rows of amounts without names lose to the reading that joins
    them, even where the split reading would key more amounts (here an extra row of amounts)."""
    joined = PageTable([], [_row("201", "一般公共服务支出", {"本年支出合计": "10.00", "基本支出": "10.00"}, 0),
                            _row("20101", "人大事务", {"本年支出合计": "10.00", "基本支出": "10.00"}, 1)], True, [])
    split = PageTable([], [_row("201", "一般公共服务支出", {}, 0), _row("", "", {"本年支出合计": "10.00",
                                                                               "基本支出": "10.00"}, 1),
                           _row("20101", "人大事务", {"本年支出合计": "10.00", "基本支出": "10.00"}, 2),
                           _row("20102", "", {"本年支出合计": "5.00", "基本支出": "5.00", "项目支出": "0"}, 3)],
                      True, [])
    key = "general_budget_expenditure"
    fits = [(split, fit(split, key)), (joined, fit(joined, key))]
    assert fits[0][1].keyed > fits[1][1].keyed and fits[0][1].split == 1 and fits[0][1].orphans == 1
    assert best(fits) == 1
    assert fits[1][1].held == 4  # 本年支出合计 = 基本 + 项目 in both rows, 201 = Σ its 款 in both columns
