"""Titles are titles (issue 30): a line of a paragraph that happens to end in 表 names no table.

A budget's narrative lists the tables it publishes ("…一是部门收支总表…，二是财政拨款支出预算表"); where
a line break leaves "二是财政拨款支出预算表" or a sentence's tail "财政拨款支出预算表" alone on a line near the
top of a page, it used to be taken for a title, and the amounts of the paragraphs below for its cells.
The reports here are the generated Shanghai-style budget (scripts/budget_fixtures.py) with such lines put
at the head of its narrative; every cell must still be its truth, and no table more.
"""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import load_script
from juesuan.cli import main
from juesuan.extract.titles import match_title

budget_fixtures = load_script("budget_fixtures")
score = load_script("score")

LISTS = {  # the narrative's first lines after its heading
    "continues": ["本部门按规定公开部门收支总表、部门收入总表、部门支出总表，以及", "财政拨款支出预算表",
                  "上述表格均按财政部门规定的格式编制。"],
    "inside": ["本部门按规定公开部门收支总表等八张表格。", "财政拨款支出预算表",
               "按支出功能分类科目列示，包括基本支出和项目支出两部分。"],
    "enumerates": ["本部门按规定公开两类表格。一是部门收支总表和部门收入总表。", "二是财政拨款支出预算表",
                   "三是一般公共预算支出预算表"],
}


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    """Each narrative variant built into the Shanghai-style budget and extracted."""
    folder = tmp_path_factory.mktemp("titles")
    budget_fixtures.mf.register_fonts()
    draw, narrate, where = budget_fixtures.STYLES["sh"]
    manifest = []
    try:
        for name, lines in LISTS.items():
            budget_fixtures.STYLES["sh"] = (draw, lambda r, lines=lines: (lambda n: [n[0], *lines, *n[1:]])(narrate(r)),
                                            where)
            report = next(r for r in budget_fixtures.reports() if r.style == "sh")
            report.name = f"sh_{name}"
            manifest.append(budget_fixtures.build(report, folder))
    finally:
        budget_fixtures.STYLES["sh"] = (draw, narrate, where)
    out = tmp_path_factory.mktemp("titles_out")
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "2"]) in (0, 1)
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    return folder, manifest, cells, docs


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_line_of_a_paragraph_ending_in_a_table_name_is_no_title(read, name):
    folder, manifest, cells, docs = read
    doc = docs[docs.source_file.str.endswith(f"sh_{name}.pdf")].iloc[0]
    tables = next(m["tables"] for m in manifest if m["file"] == f"sh_{name}.pdf")
    assert set(doc.tables.split(";")) == set(tables.split(";"))
    assert doc.status == "ok"
    result = score.score(cells, folder)["fixtures"][f"sh_{name}"]
    assert result["f1"] == 1.0, (result["missing"][:5], result["extra"][:5])


def test_an_enumeration_is_a_sentence_not_a_title():
    assert match_title("二是财政拨款支出预算表") is None
    assert match_title("三是一般公共预算支出预算表") is None
    assert match_title("二、财政拨款支出预算表") == "budget_fiscal_expenditure"  # a numbered title stays one
