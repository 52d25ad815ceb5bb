"""One form for amounts in every CSV (the printed figure's own decimals, exact) and rates in percent,
said in the column name (juesuan/decimals.py)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.decimals import as_printed, percent, printed_decimals
from juesuan.diff import load_cells

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "fixtures" / "budget"


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    """A department's budget and final account of one year, extracted (amounts in 元 and 万元)."""
    out = tmp_path_factory.mktemp("pair") / "out"
    assert main(["extract", str(BUDGET / "pair_budget.pdf"), str(BUDGET / "pair_final.pdf"), "-o", str(out), "-q",
                 "--workers", "1"]) == 0
    return out


def test_the_printed_decimals_carried_into_yuan():
    assert [printed_decimals(v) for v in ("2,758.11", "30,734,100", "(1,234.5)", "-", "")] == [2, 0, 1, 0, 0]
    assert format(as_printed(Decimal("27581100.00000000"), "2758.11"), "f") == "27581100.00"
    assert format(as_printed(Decimal("30734100.00000000"), "30,734,100"), "f") == "30734100"
    assert as_printed(Decimal("0.12500000"), "0.1") == Decimal("0.125")  # never rounded: as it is
    assert as_printed(None, "1.00") is None
    assert percent(Decimal("1"), Decimal("3"), 4) == Decimal("33.3333") and percent(Decimal(1), Decimal(0), 2) is None


def test_cells_read_from_parquet_are_written_as_cells_csv_writes_them(pair):
    """execution.csv and the diff CSV start from cells.parquet (8 decimals in every amount): they now
    write each amount as cells.csv does."""
    from_parquet = load_cells(pair / "cells.parquet")
    written = read_csv(pair / "cells.csv")
    assert len(from_parquet) == len(written) > 100
    got = ["" if a is None else format(a, "f") for a in from_parquet.amount_yuan]
    assert got == list(written.amount_yuan)
    assert {printed_decimals(a) for a in got} >= {0, 2}  # integers stay integers, 2 decimals stay 2


def test_execution_writes_amounts_as_cells_csv_and_the_rate_in_percent(pair, tmp_path):
    assert main(["execution", str(pair), "-o", str(tmp_path / "execution.csv")]) == 0
    rows = read_csv(tmp_path / "execution.csv")
    assert "execution_percent" in rows.columns and "execution_rate" not in rows.columns
    amounts = set(read_csv(pair / "cells.csv").amount_yuan)
    both = rows[rows.presence == "both"]
    assert len(both) > 5
    assert set(both.budget_yuan) <= amounts and set(both.final_yuan) <= amounts  # the same strings as cells.csv
    assert not any(len(v.split(".")[1]) == 8 for v in both.final_yuan if "." in v)
    for r in both.itertuples():
        b, f = Decimal(r.budget_yuan), Decimal(r.final_yuan)
        if b:
            assert Decimal(r.execution_percent) == (f * 100 / b).quantize(Decimal("0.0001"), "ROUND_HALF_UP")
            assert len(r.execution_percent.split(".")[1]) == 4
