"""Cells come out in the order the table prints its rows: table 06 prints one list in two side-by-side
groups (人员经费 | 公用经费), read group by group, not line by line across the page."""
from __future__ import annotations

from pathlib import Path

from juesuan.cli import main
from juesuan.csvfile import read_csv

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"


def test_table_06_keeps_its_printed_groups_in_order(tmp_path):
    assert main(["extract", str(GOOD), "-o", str(tmp_path), "-q", "--workers", "1"]) == 0
    cells = read_csv(tmp_path / "cells.csv")
    t = cells[cells.table_key == "general_budget_basic_expenditure"]
    keys = list(t.code.where(t.code != "", t.row_label))
    assert keys[:3] == ["301", "30101", "30102"]  # not 301, 302, 30101, 30201 …
    split = keys.index("人员经费合计") + 1
    left, right = t.iloc[:split], t.iloc[split:]
    assert keys[split] == "302" and keys[-1] == "公用经费合计"
    assert all(c[:3] in ("301", "303") for c in left.code if c) and all(
        c[:3] in ("302", "310") for c in right.code if c
    )
    assert left.x0.astype(float).max() < right.x0.astype(float).min()  # the left group, then the right
    for group in (left, right):  # each from its top down
        tops = list(group.top.astype(float))
        assert tops == sorted(tops)
    others = cells[cells.table_key == "income_expenditure_summary"]  # 收入 | 支出: still line by line
    assert list(others.side[:2]) == ["收入", "支出"]
