"""juesuan.read_cells and the documented DuckDB query: codes as text, amounts as numbers."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import juesuan
from juesuan.cli import main
from juesuan.typed import DUCKDB_READ_CSV

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("typed") / "out"
    assert main(["extract", str(GENERATED / "inconsistent.pdf"), str(GENERATED / "caizheng_2024_yuan_thousands.pdf"),
                 "-o", str(out), "-q", "--no-xlsx"]) == 0
    return out


def _written(run: Path) -> list[dict]:
    with open(run / "cells.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("source", ["", "cells.csv", "cells.parquet"])
def test_read_cells_gives_codes_as_text_and_amounts_as_floats(run, source):
    assert pd.read_csv(run / "cells.csv").code.dtype == "float64"  # what it is without: 208.0
    frame = juesuan.read_cells(run / source)
    written = _written(run)
    assert frame.code.dtype == "string" and frame.amount_yuan.dtype == "float64" and frame.year.dtype == "Int32"
    assert frame.code.tolist() == [r["code"] for r in written]
    assert frame.amount_yuan.tolist() == [float(r["amount_yuan"]) for r in written]
    assert frame.suggested_amount_yuan.isna().all() and (frame.side.isin(["", "收入", "支出"])).all()


@pytest.mark.parametrize("source", ["cells.csv", "cells.parquet"])
def test_read_cells_exact_gives_decimals(run, source):
    frame = juesuan.read_cells(run / source, exact=True)
    assert str(frame.amount_yuan.dtype) == "decimal128(38, 8)[pyarrow]"
    assert [Decimal(str(v)) for v in frame.amount_yuan] == [Decimal(r["amount_yuan"]) for r in _written(run)]
    assert frame.amount_yuan.sum() == sum(Decimal(r["amount_yuan"]) for r in _written(run))


def test_the_documented_duckdb_queries_read_codes_as_text_and_amounts_as_decimals(run):
    duckdb = pytest.importorskip("duckdb")
    for query in (DUCKDB_READ_CSV.format(path=run / "cells.csv"), f"SELECT * FROM '{run / 'cells.parquet'}'"):
        rel = duckdb.sql(query)
        types = dict(zip(rel.columns, map(str, rel.types)))
        assert types["code"] == "VARCHAR" and types["amount_yuan"] == "DECIMAL(38,8)", query
        rows = rel.fetchall()
        code, amount = rel.columns.index("code"), rel.columns.index("amount_yuan")
        written = _written(run)
        assert [r[code] or "" for r in rows] == [w["code"] for w in written]
        assert [r[amount] for r in rows] == [Decimal(w["amount_yuan"]) for w in written]


def test_importing_juesuan_does_not_import_pandas():
    import subprocess
    import sys

    probe = "import sys, juesuan; print('pandas' in sys.modules, callable(juesuan.read_cells))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]
