"""The reader on the layouts real reports use (issue 9): zoo documents drawn with one trait fixed,
read end to end, every cell right and every error loud.

The zoo (scripts/zoo.py) draws every other trait at random, so each test reads its layout among
unrelated ones. Expected cells come from the generator's truth, never from the reader.
"""
from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from conftest import load_script
from juesuan import spec
from juesuan.cli import main

TEST_SEED = 109  # not the benchmark's held-out seed, not a development seed


zoo = load_script("zoo")
bench_zoo = load_script("bench_zoo")
score = load_script("score")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def extract_zoo(folder: Path, out: Path) -> dict:
    """Extract every document of folder and score it as the benchmark does: F1, errors, silent errors."""
    code = main(["extract", str(folder), "-o", str(out), "-q", "--workers", "2"])
    assert code in (0, 1)
    cells, checks, docs = _read(out / "cells.csv"), _read(out / "checks.csv"), _read(out / "documents.csv")
    result = {
        "overall": score.score(cells, folder)["overall"],
        "errors": [],
        "docs": docs,
        "checks": checks,
        "cells": cells,
    }
    for m in zoo.read_manifest(folder):
        fx = m["file"][:-4]
        doc = docs[docs.source_file.str.endswith(m["file"])].iloc[0]
        truth, pages = bench_zoo.load_zoo_truth(folder, fx)
        mine = cells[cells.doc_id == doc.doc_id]
        predicted = [{"key": score._key(fx, r), "amount": Decimal(r["amount_yuan"]), "conf": float(r["conf"] or 1),
                      "page": r["page"]} for r in mine.to_dict("records") if r["table_key"] in score.STANDARD_TABLES]
        findings = checks[checks.doc == doc.doc_id].to_dict("records")
        for e in bench_zoo.wrong_cells(truth, pages, predicted):
            e.update(doc=fx, flagged=bench_zoo.is_flagged(e, findings))
            result["errors"].append(e)
        assert doc.department == m["department"], (fx, doc.department)
        assert doc.year == m["year"]
    return result


def one_layout(tmp_path: Path, i: int, **traits) -> dict:
    """A zoo document with the given traits fixed, read: the benchmark's result for it alone."""
    return read_zoo_doc(tmp_path, zoo.ZooDoc(f"layout_{i:03d}", TEST_SEED, i, overrides=traits))


def read_zoo_doc(tmp_path: Path, doc) -> dict:
    """One zoo document built and read; the result also carries its manifest row ("traits")."""
    folder = tmp_path / "zoo"
    folder.mkdir()
    row = zoo.build_zoo_doc(doc, folder)
    with open(folder / "zoo_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, zoo.MANIFEST_COLUMNS)
        w.writeheader()
        w.writerow(row)
    return {**extract_zoo(folder, tmp_path / "out"), "traits": row}


def assert_exact(result: dict) -> None:
    assert result["errors"] == [], result["errors"][:10]
    assert result["overall"]["f1"] == 1.0


def assert_contract_keys(cells: pd.DataFrame) -> None:
    for row in cells.itertuples():
        if spec.standard_columns(row.table_key) is not None:
            assert row.column_key in spec.standard_columns(row.table_key)[row.side], (
                row.table_key,
                row.side,
                row.column_key,
            )


@pytest.mark.parametrize("lanci", ["merged", "first"])
@pytest.mark.parametrize("rules", ["grid", "none"])
def test_lanci_row_and_hangci_columns_are_neither_amounts_nor_keys(tmp_path, lanci, rules):
    result = one_layout(tmp_path, 1, lanci=lanci, hangci="straight", rules=rules)
    assert_exact(result)
    assert_contract_keys(result["cells"])
    # the 行次 numbers 1 … N are printed, and none of them became a cell of 01 or 04
    summaries = result["cells"][
        result["cells"].table_key.isin(["income_expenditure_summary", "fiscal_appropriation_summary"])
    ]
    assert not summaries.value.isin([str(n) for n in range(1, 40)]).any()


@pytest.mark.parametrize("groups, label", [("2", "yes"), ("3", "no"), ("3", "yes")])
def test_06_in_side_by_side_groups_is_keyed_by_its_one_column(tmp_path, groups, label):
    result = one_layout(tmp_path, 2, t06_groups=groups, t06_group_label=label, rules="none")
    assert_exact(result)
    basic = result["cells"][result["cells"].table_key == "general_budget_basic_expenditure"]
    assert set(basic.column_key) == {"决算数"} and {"人员经费合计", "公用经费合计"} <= set(basic.row_label)


def test_06_amounts_that_look_like_codes_under_a_group_label_are_amounts(tmp_path):
    """06 in three groups, 公用经费 over the second and third, amounts of seven digits with no separator
    (元 integers) beside split 类|款 columns: the grid put the group label below 决算数, the label was
    taken for the column's header, the digits for codes, and two groups' names were joined into one
    row. The zoo document it happened in (seed 6767, report 51), rebuilt."""
    result = read_zoo_doc(tmp_path, zoo.ZooDoc("zoo_6767_051", 6767, 51))
    assert tuple(result["traits"][k] for k in ("t06_groups", "t06_group_label", "codes")) == ("3", "yes", "kxl")
    assert_exact(result)


@pytest.mark.parametrize("layout", ["wide", "stacked", "paired"])
@pytest.mark.parametrize("rules", ["grid", "none"])
def test_09_in_its_three_layouts_has_the_contracts_keys(tmp_path, layout, rules):
    result = one_layout(tmp_path, 3, t09_layout=layout, rules=rules, zero="blank")
    assert_exact(result)
    three = result["cells"][result["cells"].table_key == "three_public"]
    assert set(three.row_label) == {"合计"}
    assert set(three.column_key) <= set(spec.standard_columns("three_public")[""])


@pytest.mark.parametrize("continuation", ["bare", "xubiao_bare", "xubiao_repeat"])
def test_pages_of_rows_continue_their_table(tmp_path, continuation):
    """Long tables over pages, the last row alone on a page, the summary tail on the next page."""
    result = one_layout(tmp_path, 4, continuation=continuation, split="last_row", summary_tail="next_page",
                        rules="horizontal")
    assert_exact(result)
    kinds = dict(k.split(":", 1) for k in result["docs"].iloc[0].page_kinds.split())
    pages = json.loads((tmp_path / "zoo" / "layout_004.pages.json").read_text(encoding="utf-8"))["tables"]
    table_pages = {str(p) for ps in pages.values() for p in ps}
    assert all(kinds[p].startswith(("table", "table-continuation")) for p in table_pages), kinds
    assert any(kinds[p].startswith("table-continuation") for p in table_pages)


@pytest.mark.parametrize("tail", ["below", "level", "next_page"])
def test_summary_rows_are_read_wherever_they_sit(tmp_path, tail):
    result = one_layout(tmp_path, 5, summary_tail=tail, hangci="same_row", rules="threeline")
    assert_exact(result)
    rows = set(result["cells"][result["cells"].table_key == "income_expenditure_summary"].row_label)
    assert {"本年收入合计", "年初结转和结余", "总计"} <= rows


def test_part_title_and_contents_are_headings_not_tables(tmp_path):
    result = one_layout(tmp_path, 6, part_title="yes", toc="yes", cover="yes", title_dept="supertitle")
    assert_exact(result)
    doc = result["docs"].iloc[0]
    assert set(doc.tables.split(";")) == set(spec.final_keys())  # nothing else, no 部门决算表
    assert not list((tmp_path / "out" / "tables" / doc.doc_id).glob("*部门决算表*"))


@pytest.mark.parametrize("compiler", ["no_colon", "bumen_label", "absent"])
def test_department_from_labels_titles_or_cover_never_from_sentences(tmp_path, compiler):
    """The zoo's 情况说明 opens with "纳入本部门20XX年度部门决算编制范围的单位…": never the department."""
    result = one_layout(tmp_path, 7, compiler=compiler, narrative="before", toc="yes")
    assert_exact(result)  # extract_zoo asserts the department too


def test_a_small_zoo_is_read_exactly_and_nothing_is_silent(tmp_path):
    folder = tmp_path / "zoo"
    zoo.generate_zoo(6, TEST_SEED, folder)
    result = extract_zoo(folder, tmp_path / "out")
    assert result["overall"]["f1"] >= 0.995
    assert [e for e in result["errors"] if not e["flagged"]] == []
