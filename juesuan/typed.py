"""Reading a run's cells typed: codes as text, amounts as numbers, in pandas and in DuckDB.

`pd.read_csv("cells.csv")` guesses: `code` becomes a float (208.0, and 01 loses its zero) and an
empty amount NaN in an object column. `juesuan.read_cells(path)` says the types instead:

- text (source_file, doc_id, code, row_label, column_key, value …): pandas' `string` dtype, '' for
  empty, codes exactly as printed;
- amounts (amount_yuan, amount, suggested_amount_yuan): float64 by default, NaN where empty. A
  float holds every amount a report prints to the fen exactly up to 9e13 元 and sums fast; pass
  exact=True for pyarrow decimal128(38, 8) columns (Decimal arithmetic, slower), the type of cells.parquet;
- year and page: nullable Int32; conf and the box (x0, top, x1, bottom): float32 as in cells.parquet.

DuckDB reads cells.parquet typed as it is; for cells.csv, DUCKDB_READ_CSV (below) is the query.
"""
from __future__ import annotations

from pathlib import Path

AMOUNTS = ("amount_yuan", "amount", "suggested_amount_yuan")
INTEGERS = ("year", "page")
FLOATS = ("conf", "x0", "top", "x1", "bottom")
DECIMAL_SQL = "DECIMAL(38,8)"  # output.AMOUNT_TYPE: 30 integer digits, 8 decimals
DUCKDB_READ_CSV = (
    "SELECT * FROM read_csv('{path}', header=true, all_varchar=false, types={{"
    "'code': 'VARCHAR', 'value': 'VARCHAR', 'side': 'VARCHAR', 'year': 'INTEGER', 'page': 'INTEGER', "
    "'amount_yuan': 'DECIMAL(38,8)', 'amount': 'DECIMAL(38,8)', 'suggested_amount_yuan': 'DECIMAL(38,8)'}})"
)


def cells_file(path: Path | str) -> Path:
    """An OUTDIR's cells.parquet (else cells.csv), or the cells file given."""
    p = Path(path)
    if p.is_dir():
        for name in ("cells.parquet", "cells.csv"):
            if (p / name).is_file():
                return p / name
        raise FileNotFoundError(f"{p}: no cells.parquet or cells.csv")
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    return p


def read_cells(path: Path | str, exact: bool = False):
    """A run's cells as a typed pandas DataFrame (see the module's docstring): OUTDIR, cells.csv or cells.parquet."""
    p = cells_file(path)
    return _from_parquet(p, exact) if p.suffix == ".parquet" else _from_csv(p, exact)


def _from_csv(path: Path, exact: bool):
    import pandas as pd

    from juesuan.csvfile import unescape_text

    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    numbers = {*INTEGERS, *FLOATS, *(() if exact else AMOUNTS)}  # exact amounts: from their text, never via float
    dtype = {c: "string" for c in header if c not in numbers}
    frame = pd.read_csv(path, dtype=dtype, encoding="utf-8-sig", keep_default_na=False,
                        na_values={c: [""] for c in header if c in numbers})
    for c in header:
        if c in AMOUNTS and exact:
            frame[c] = _decimals(frame[c].tolist())
        elif c in dtype and frame[c].str.startswith("'").any():
            frame[c] = frame[c].map(unescape_text).astype("string")
    return _typed(frame, exact)


def _decimals(texts: list):
    from decimal import Decimal

    import pandas as pd
    import pyarrow as pa

    values = [Decimal(t) if isinstance(t, str) and t else None for t in texts]
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(values, type=pa.decimal128(38, 8))))


def _from_parquet(path: Path, exact: bool):
    import pyarrow.parquet as pq

    frame = pq.read_table(path).to_pandas(types_mapper=_arrow_types(exact))
    for c in frame.columns:
        if c not in (*AMOUNTS, *INTEGERS, *FLOATS):
            frame[c] = frame[c].fillna("").astype("string")
    return _typed(frame, exact)


def _arrow_types(exact: bool):
    import pandas as pd
    import pyarrow as pa

    def mapper(t: pa.DataType):
        if pa.types.is_decimal(t):
            return pd.ArrowDtype(pa.decimal128(38, 8)) if exact else None  # None: Decimal objects, float64 below
        return None
    return mapper


def _typed(frame, exact: bool):
    for c in AMOUNTS:
        if c in frame and not exact:
            frame[c] = frame[c].astype("float64")
    for c in INTEGERS:
        if c in frame:
            frame[c] = frame[c].astype("Int32")
    for c in FLOATS:
        if c in frame:
            frame[c] = frame[c].astype("float32")
    return frame
