"""A Hive-partitioned Parquet dataset of cells that grows run after run: `DIR/year=2023/<doc_id>.parquet`.

One file per document, so a document re-extracted later replaces exactly its own rows (written to a
hidden temp file, then `os.replace`d) and new documents never rewrite old ones. `year` lives only in
the directory name (Spark refuses a column that is both in the files and in the path; DuckDB and
pyarrow read it back from the path); `doc_id` stays a column so its value is never path-escaped.
A document without a year goes to `year=__HIVE_DEFAULT_PARTITION__` (read back as NULL).
"""
from __future__ import annotations

import math
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from .model import Document
from .output import CELL_SCHEMA, cell_batch, cell_records

if TYPE_CHECKING:
    import pandas as pd

PARTITION = "year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
FILE_SCHEMA = pa.schema([f for f in CELL_SCHEMA if f.name != PARTITION])
_UNSAFE = set('/\\:*?"<>|%=#\0') | {chr(c) for c in range(32)}


def doc_file_name(doc_id: str) -> str:
    """The document's file name: doc_id, with characters unsafe in a path percent-encoded.

    Names starting with '.' or '_' are hidden to Spark/Hive, hence the `doc-` prefix."""
    return "doc-" + "".join(f"%{ord(ch):02X}" if ch in _UNSAFE else ch for ch in doc_id) + ".parquet"


def _year_dir(year) -> str:
    missing = year is None or year == "" or (isinstance(year, float) and math.isnan(year))
    return f"{PARTITION}={NULL_PARTITION if missing else int(year)}"


def write_dataset(dataset_dir: Path | str, docs_cells: pd.DataFrame) -> dict[str, int]:
    """Write each document of `docs_cells` (columns of output.CELL_COLUMNS) into the dataset, replacing
    that document's earlier rows wherever they are. Returns rows written per doc_id."""
    root = Path(dataset_dir)
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    if docs_cells.empty:
        return written
    for doc_id, rows in docs_cells.groupby("doc_id", sort=False):
        years = rows[PARTITION].dropna().unique()
        if len(years) > 1:
            raise ValueError(f"{doc_id}: rows of several years {sorted(years)}")
        data = rows.reindex(columns=FILE_SCHEMA.names)
        data = data.astype(object).where(data.notna(), None)
        write_document(root, str(doc_id), years[0] if len(years) else None,
                       pa.Table.from_pandas(data, schema=FILE_SCHEMA, preserve_index=False))
        written[str(doc_id)] = len(rows)
    return written


def write_document(root: Path, doc_id: str, year, rows: pa.Table) -> Path | None:
    """Replace one document's rows (columns of FILE_SCHEMA, or all of CELL_SCHEMA): drop its file from
    other year partitions, then write the new file under a hidden temp name and rename it into
    place (atomic for readers of that partition)."""
    name = doc_file_name(doc_id)
    target = root / _year_dir(year) / name
    for old in root.glob(f"{PARTITION}=*/{name}"):
        if old != target:
            old.unlink()
    if rows.num_rows == 0:
        if target.exists():
            target.unlink()
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    table = rows.select(FILE_SCHEMA.names)
    tmp = target.parent / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def add_document(root: Path | str, doc: Document, cells: pa.RecordBatch | None = None) -> int | None:
    """Add or replace one extracted document (`cells`: its rows as output.cell_batch made them, when
    the caller has them); the rows written, or None for a failed document (a failing re-run never
    wipes rows extracted earlier) or a duplicate (its file is in the batch under another path)."""
    if doc.status in ("failed", "duplicate"):
        return None
    cells = cell_batch(cell_records(doc)) if cells is None else cells
    Path(root).mkdir(parents=True, exist_ok=True)
    write_document(Path(root), doc.doc_id, doc.year, pa.Table.from_batches([cells]))
    return cells.num_rows


def read_cells(path: Path | str) -> pd.DataFrame:
    """cells.parquet of an output directory as a DataFrame (Decimal amounts), ready for write_dataset."""
    return pq.read_table(path, schema=CELL_SCHEMA).to_pandas()


def read_dataset(dataset_dir: Path | str) -> pd.DataFrame:
    """The whole dataset with `year` from the path, in CELL_SCHEMA's column order and types."""
    import pyarrow.dataset as ds

    root = Path(dataset_dir)
    part = ds.partitioning(pa.schema([(PARTITION, pa.int32())]), flavor="hive")
    files = sorted(str(p) for p in root.glob(f"{PARTITION}=*/*.parquet"))
    if not files:
        return CELL_SCHEMA.empty_table().to_pandas()
    table = ds.dataset(files, schema=FILE_SCHEMA.append(pa.field(PARTITION, pa.int32())), partitioning=part,
                       partition_base_dir=str(root), format="parquet").to_table()
    return table.select(CELL_SCHEMA.names).to_pandas()


def is_dataset(path: Path | str) -> bool:
    p = Path(path)
    return p.is_dir() and any(p.glob(f"{PARTITION}=*/*.parquet"))
