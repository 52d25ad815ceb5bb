"""A Hive-partitioned Parquet dataset of cells that grows run after run: `DIR/year=2023/<doc_id>.parquet`.

One file per document, so a document re-extracted later replaces exactly its own rows (written to a
hidden temp file, then `os.replace`d) and new documents never rewrite old ones. `year` lives only in
the directory name (Spark refuses a column that is both in the files and in the path; DuckDB and
pyarrow read it back from the path); `doc_id` stays a column so its value is never path-escaped.
A document without a year goes to `year=__HIVE_DEFAULT_PARTITION__` (read back as NULL).

One version per document: a doc_id is the file's name and a content hash (`<name>-<hash8>`), so a
re-published PDF (same name, new bytes) comes with a new doc_id; it replaces the older version's file
when both are the same report (same department, year and 决算/预算: many departments publish under one
file name, and those are all kept), and a copy whose content is already in the dataset under another
name (a renamed copy, the same file in two folders) is not added again. A SUM over the dataset counts
each report once. Content is compared by the 8 hex digits of its SHA-256 that the doc_id carries.
"""
from __future__ import annotations

import fcntl
import logging
import math
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.parquet as pq

from juesuan.model import Document
from juesuan.records import CELL_SCHEMA, cell_batch, cell_records

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

PARTITION = "year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
FILE_SCHEMA = pa.schema([f for f in CELL_SCHEMA if f.name != PARTITION])
_UNSAFE = set('/\\:*?"<>|%=#\0') | {chr(c) for c in range(32)}
_DOC_ID = re.compile(r"^(?P<name>.+)-(?P<digest>[0-9a-f]{8})(?:-\d+)?$")  # pipeline.doc_id_for, cli's "-2" for a copy
LOCK_NAME = ".lock"


@dataclass(frozen=True)
class Placed:
    """What adding one document did to the dataset."""

    doc_id: str
    rows: int | None  # rows written; None when no file was written
    replaced: tuple[str, ...] = ()  # older versions of the same document name, removed
    same_as: str = ""  # a document of the same content already there: nothing was added

    def notes(self) -> list[str]:
        """One line for each thing a user would not expect from "add": a version replaced, a copy skipped."""
        out = [f"{self.doc_id} replaces {old} in the dataset (an older version of the same document)"
               for old in self.replaced]
        if self.same_as:
            out.append(f"{self.doc_id} is not added to the dataset: the same content is there as {self.same_as}")
        return out


def _report_of(rows: pa.Table) -> tuple[str, str]:
    """(department, 决算/预算) of a document's rows; ("", "") when it has none or no department."""
    if rows.num_rows == 0:
        return "", ""
    return str(rows.column("department")[0].as_py() or ""), str(rows.column("report")[0].as_py() or "")


def _name_and_digest(doc_id: str) -> tuple[str, str]:
    m = _DOC_ID.match(doc_id)
    return (m["name"], m["digest"]) if m else (doc_id, "")


def doc_file_name(doc_id: str) -> str:
    """The document's file name: doc_id, with characters unsafe in a path percent-encoded.

    Names starting with '.' or '_' are hidden to Spark/Hive, hence the `doc-` prefix."""
    return "doc-" + "".join(f"%{ord(ch):02X}" if ch in _UNSAFE else ch for ch in doc_id) + ".parquet"


def _year_dir(year) -> str:
    missing = year is None or year == "" or (isinstance(year, float) and math.isnan(year))
    return f"{PARTITION}={NULL_PARTITION if missing else int(year)}"


def write_dataset(dataset_dir: Path | str, docs_cells: pd.DataFrame, keep_versions: bool = False) -> list[Placed]:
    """Write each document of `docs_cells` (columns of records.CELL_COLUMNS) into the dataset, replacing
    that document's earlier rows (and older versions of it, unless `keep_versions`) wherever they are."""
    root = Path(dataset_dir)
    root.mkdir(parents=True, exist_ok=True)
    written: list[Placed] = []
    if docs_cells.empty:
        return written
    for doc_id, rows in docs_cells.groupby("doc_id", sort=False):
        years = rows[PARTITION].dropna().unique()
        if len(years) > 1:
            raise ValueError(f"{doc_id}: rows of several years {sorted(years)}")
        data = rows.reindex(columns=FILE_SCHEMA.names)
        data = data.astype(object).where(data.notna(), None)
        written.append(
            write_document(
                root,
                str(doc_id),
                years[0] if len(years) else None,
                pa.Table.from_pandas(data, schema=FILE_SCHEMA, preserve_index=False),
                keep_versions,
            )
        )
    return written


def write_document(root: Path, doc_id: str, year, rows: pa.Table, keep_versions: bool = False) -> Placed:
    """Replace one document's rows (columns of FILE_SCHEMA, or all of CELL_SCHEMA): drop its file from
    other year partitions and the files of older versions of its name, then write the new file under
    a hidden temp name and rename it into place (atomic for readers of that partition). Nothing is
    written when its content is there under another doc_id. Under the dataset's lock, as workers
    add documents at once. `keep_versions`: older versions of its name stay (a copy is still not added)."""
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return _write_document(root, doc_id, year, rows, keep_versions)
    finally:
        os.close(fd)


def _write_document(root: Path, doc_id: str, year, rows: pa.Table, keep_versions: bool) -> Placed:
    name = doc_file_name(doc_id)
    target = root / _year_dir(year) / name
    own_name, own_digest = _name_and_digest(doc_id)
    own_report = (target.parent.name, *_report_of(rows))
    replaced = []
    for old in sorted(root.glob(f"{PARTITION}=*/doc-*.parquet")):
        other = unquote(old.name[len("doc-"):-len(".parquet")])
        other_name, other_digest = _name_and_digest(other)
        if other != doc_id and own_digest and other_digest == own_digest:
            return Placed(doc_id, None, same_as=other)
        if other == doc_id and old != target:
            old.unlink()
        elif other != doc_id and other_name == own_name and own_report[1] and not keep_versions and \
                (old.parent.name, *_report_of(pq.read_table(old, columns=["department", "report"]))) == own_report:
            old.unlink()
            replaced.append(other)
    if rows.num_rows == 0:
        if target.exists():
            target.unlink()
        return Placed(doc_id, 0, tuple(replaced))
    target.parent.mkdir(parents=True, exist_ok=True)
    table = rows.select(FILE_SCHEMA.names)
    tmp = target.parent / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return Placed(doc_id, table.num_rows, tuple(replaced))


def add_document(root: Path | str, doc: Document, cells: pa.RecordBatch | None = None,
                 keep_versions: bool = False) -> int | None:
    """Add or replace one extracted document (`cells`: its rows as records.cell_batch made them, when
    the caller has them); the rows written, or None for a failed document (a failing re-run never
    wipes rows extracted earlier) or a duplicate (its file is in the batch under another path)."""
    if doc.status in ("failed", "duplicate"):
        return None
    cells = cell_batch(cell_records(doc)) if cells is None else cells
    Path(root).mkdir(parents=True, exist_ok=True)
    placed = write_document(Path(root), doc.doc_id, doc.year, pa.Table.from_batches([cells]), keep_versions)
    for note in placed.notes():
        log.warning("%s", note)
    return placed.rows


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
