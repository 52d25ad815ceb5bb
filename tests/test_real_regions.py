"""Real reports from outside Shanghai and Jiangsu (../shared/real, SOURCES.tsv): Beijing, Guangzhou, Huzhou,
Changsha, Changchun budgets 2026, the central 国家信访局's and Xi'an's final accounts.

Every expectation was read off the rendered pages; the printed amounts of a page come from the oracle
of scripts/bench_real.py (pdfplumber's words, apart from the reader).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
import regex as re

from conftest import load_script
from juesuan.cli import main

REPORTS = ["bj_tyjrswj_2026_budget.pdf", "cn_central_gjxfj_2024_final.pdf", "gd_gz_tjj_2026_budget.pdf",
           "hn_cs_xfj_2026_budget.pdf", "jl_cc_xfj_2026_budget.pdf", "sn_xa_wjw_2022_final.pdf",
           "zj_huz_czj_2026_budget.pdf"]


@pytest.fixture(scope="module")
def regions(tmp_path_factory, real_report):
    out = tmp_path_factory.mktemp("regions")
    paths = [real_report(name) for name in REPORTS]
    assert main(["extract", *map(str, paths), "-o", str(out), "-q", "--workers", "1"]) in (0, 1)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    docs["name"] = docs.source_file.map(lambda s: Path(s).name)
    ids = dict(zip(docs.doc_id, docs.name))
    cells["name"] = cells.doc_id.map(ids)
    checks["name"] = checks.doc.map(ids)
    return docs, cells, checks


def _missed(real_report, cells, name: str, page: int) -> Counter:
    """Amounts printed on the page (the bench's oracle) that are not cell values of that page."""
    oracle = load_script("bench_real")
    with pdfplumber.open(real_report(name)) as pdf:
        printed = Counter(oracle.printed_amounts(pdf.pages[page - 1]))
    read = Counter(cells[(cells.name == name) & (cells.page == str(page))].value)
    return printed - read


LOSS = ("amounts_not_read", "unreadable_cell")
_QUOTED = re.compile(r"'([^']*)'")


def test_column_numbers_are_never_amounts(regions):
    """栏次 rows (Huzhou "** 1 2 … 17", Changsha "** ** ** 1 2 … 9", 栏次 1 2 …) and 行次 columns (the central
    and Xi'an final accounts' 01 and 04: 1 … 31 down the rows, on rows printing nothing else too) are
    numbers, not amounts: no finding names one, and no row is named by the marks."""
    _, cells, checks = regions
    lost = checks[checks.rule.isin(LOSS)]
    # Changchun's narrow columns wrap amounts inside cells ("1682.7" over "6"): those pieces are not column numbers
    lost = lost[lost.name != "jl_cc_xfj_2026_budget.pdf"]
    numbers = [(r.name, r.message[-200:]) for r in lost.itertuples()
               if any(re.fullmatch(r"\d{1,2}|\*+", q) for q in _QUOTED.findall(r.message))]
    assert numbers == []
    assert not cells.row_label.str.fullmatch(r"[*/]+").any()
    for name, pages in (("cn_central_gjxfj_2024_final.pdf", ("7", "10")), ("sn_xa_wjw_2022_final.pdf", ("146", "153"))):
        assert checks[(checks.name == name) & (checks.rule == "amounts_not_read") & checks.page.isin(pages)].empty


def test_a_total_and_a_groups_subtotal_are_two_columns(regions, real_report):
    """Huzhou's 收入总表 prints 总计, then 本年收入's 小计 and 一般公共预算 …, then 上年结转结余's 小计 and
    一般公共预算 …: no column overwrites another, so every amount the page prints is a cell."""
    _, cells, _ = regions
    name = "zj_huz_czj_2026_budget.pdf"
    assert _missed(real_report, cells, name, 19) == Counter()
    total = cells[(cells.name == name) & (cells.page == "19") & (cells.row_label == "合计")]
    assert set(total.column_key) == {"合计", "本年收入/小计", "一般公共预算"}
    assert set(total.value) == {"6838.41"}
