"""Write a run's results: cells.csv/.parquet, tables/<doc_id>/<table>.csv, documents.csv, checks.csv, facts.csv.

The files are one set: all are written under a staging folder in OUTDIR first and only then renamed
into place, so a run that crashes or is killed while writing leaves the previous run's set whole.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .csvfile import csv_rows, displayable, write_csv
from .extract.narrative import write_facts_csv
from .model import Document, Finding
from .normalize.amounts import MAX_DECIMALS, MAX_INTEGER_DIGITS

CELL_COLUMNS = [
    "source_file", "doc_id", "department", "year", "table_key", "side", "code", "row_label", "column_key",
    "value", "unit", "amount_yuan", "page", "method", "code_level", "standard_name", "amount", "conf",
    "x0", "top", "x1", "bottom", "suggested_amount_yuan", "name_source", "report",
]
CHECK_COLUMNS = ["doc", "table", "row", "column", "rule", "expected", "found", "difference", "severity", "unit", "page", "message"]
DOC_COLUMNS = ["source_file", "doc_id", "department", "year", "report", "pages", "page_kinds", "tables", "cells", "findings", "status", "error"]
OUTPUT_NAMES = ["cells.csv", "cells.parquet", "documents.csv", "checks.csv", "facts.csv", "tables"]
STAGING = ".staging"

AMOUNT_TYPE = pa.decimal128(MAX_INTEGER_DIGITS + MAX_DECIMALS, MAX_DECIMALS)
CELL_SCHEMA = pa.schema([
    ("source_file", pa.string()), ("doc_id", pa.string()), ("department", pa.string()), ("year", pa.int32()),
    ("table_key", pa.string()), ("side", pa.string()), ("code", pa.string()), ("row_label", pa.string()),
    ("column_key", pa.string()), ("value", pa.string()), ("unit", pa.string()), ("amount_yuan", AMOUNT_TYPE),
    ("page", pa.int32()), ("method", pa.string()), ("code_level", pa.string()), ("standard_name", pa.string()),
    ("amount", AMOUNT_TYPE), ("conf", pa.float32()),
    ("x0", pa.float32()), ("top", pa.float32()), ("x1", pa.float32()), ("bottom", pa.float32()),
    ("suggested_amount_yuan", AMOUNT_TYPE), ("name_source", pa.string()), ("report", pa.string()),
])


def cell_records(doc: Document) -> list[dict]:
    out = []
    for table in doc.tables:
        for c in table.cells:
            out.append({
                "source_file": displayable(doc.source_file), "doc_id": doc.doc_id, "department": doc.department, "year": doc.year,
                "table_key": c.table_key, "side": c.side, "code": c.code, "row_label": c.row_label,
                "column_key": c.column_key, "value": c.value, "unit": c.unit, "amount_yuan": c.amount_yuan,
                "page": c.page, "method": c.method, "code_level": c.code_level, "standard_name": c.standard_name,
                "amount": c.amount, "conf": round(c.conf, 4),
                "x0": round(c.bbox[0], 2), "top": round(c.bbox[1], 2), "x1": round(c.bbox[2], 2), "bottom": round(c.bbox[3], 2),
                "suggested_amount_yuan": c.suggested_amount_yuan, "name_source": c.name_source,
                "report": doc.report,  # 决算 / 预算: one dataset holds both
            })
    return out


def _document_records(docs: list[Document]) -> list[dict]:
    return [
        {
            "source_file": d.source_file, "doc_id": d.doc_id, "department": d.department, "year": d.year,
            "report": d.report, "pages": d.pages, "page_kinds": " ".join(d.page_kinds), "tables": ";".join(t.table_key for t in d.tables),
            "cells": sum(len(t.cells) for t in d.tables), "findings": len(d.findings), "status": d.status, "error": d.error,
        }
        for d in docs
    ]


def write_outputs(outdir: Path, docs: list[Document]) -> None:
    """The whole set, staged then renamed into place."""
    with RunOutputs(outdir) as outputs:
        outputs.write(docs)


@dataclass(frozen=True)
class _Spilled:
    """Where one document's rows wait on disk: its bytes of cells.csv, its batch of cells.parquet."""

    csv_offset: int
    csv_length: int
    batch: int


class _CellSpill:
    """Each document's cell rows, appended to two staging files as it arrives (CSV text; Arrow
    batches in an IPC file), so a long run's rows do not pile up in the main process's memory;
    at the end they are read back in input order, the Arrow file memory-mapped."""

    ROW_GROUP = 1 << 20  # rows per Parquet row group, as pq.write_table makes them

    def __init__(self, stage: Path):
        self.csv_path, self.arrow_path = stage / "cells.parts.csv", stage / "cells.parts.arrow"
        self._csv = open(self.csv_path, "wb")
        self._arrow_file = pa.OSFile(str(self.arrow_path), "wb")
        self._arrow = pa.ipc.new_file(self._arrow_file, CELL_SCHEMA)
        self._batches = 0

    def add(self, records: list[dict]) -> _Spilled:
        text = _csv_bytes(csv_rows(CELL_COLUMNS, records))
        spilled = _Spilled(self._csv.tell(), len(text), self._batches)
        self._csv.write(text)
        self._arrow.write_batch(_cell_batch(records))
        self._batches += 1
        return spilled

    def write(self, parts: list[_Spilled], csv_path: Path, parquet_path: Path) -> None:
        """cells.csv and cells.parquet, the parts in this order."""
        self.close()
        with open(self.csv_path, "rb") as spilled_csv, open(csv_path, "wb") as out, \
                pa.memory_map(str(self.arrow_path)) as source, pq.ParquetWriter(parquet_path, CELL_SCHEMA) as parquet:
            out.write(_csv_bytes([CELL_COLUMNS]))
            batches = pa.ipc.open_file(source)
            group: list[pa.RecordBatch] = []
            rows = 0
            for part in parts:
                spilled_csv.seek(part.csv_offset)
                out.write(spilled_csv.read(part.csv_length))
                group.append(batches.get_batch(part.batch))
                rows += group[-1].num_rows
                if rows >= self.ROW_GROUP:
                    parquet.write_table(pa.Table.from_batches(group, CELL_SCHEMA))
                    group, rows = [], 0
            if group or not parts:
                parquet.write_table(pa.Table.from_batches(group, CELL_SCHEMA))

    def close(self) -> None:
        if not self._csv.closed:
            self._csv.close()
            self._arrow.close()
            self._arrow_file.close()


def _csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def _cell_batch(records: list[dict]) -> pa.RecordBatch:
    """The cells as Arrow, built a column at a time (a third of the time of pa.Table.from_pylist)."""
    return pa.record_batch([pa.array([r[f.name] for r in records], type=f.type) for f in CELL_SCHEMA], schema=CELL_SCHEMA)


class RunOutputs:
    """A run's output set, built while the batch runs. Each document's cell rows and tables/ files
    are made as its result arrives, while the workers extract the next ones, and its rows wait on
    disk (_CellSpill), so the end of a batch (when the workers are idle) only joins them in input
    order and renames the set into place. Everything is written under a staging folder first: a
    run that crashes or is killed leaves the previous run's set whole."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.stage = outdir / STAGING
        shutil.rmtree(self.stage, ignore_errors=True)  # left by a run killed while writing
        (self.stage / "tables").mkdir(parents=True)
        self._spill = _CellSpill(self.stage)
        self._spilled: dict[tuple[str, str], _Spilled] = {}  # (source_file, doc_id) → its rows on disk

    def __enter__(self) -> "RunOutputs":
        return self

    def __exit__(self, *_) -> None:
        self._spill.close()
        shutil.rmtree(self.stage, ignore_errors=True)  # failed or never written: nothing half-made stays

    def add(self, doc: Document) -> None:
        """Format a finished document now: its rows to the spill, its tables/ files to the staging folder."""
        self._spilled[doc.source_file, doc.doc_id] = self._spill.add(self._format(doc))

    def write(self, docs: list[Document]) -> None:
        """The whole set, documents in this order, then renamed into place."""
        self._spill.write([self._current(d) for d in docs], self.stage / "cells.csv", self.stage / "cells.parquet")
        write_csv(self.stage / "documents.csv", DOC_COLUMNS, _document_records(docs))
        write_checks(self.stage / "checks.csv", docs)
        write_facts_csv([f for d in docs for f in d.facts], self.stage / "facts.csv")
        _commit(self.stage, self.outdir)

    def _current(self, doc: Document) -> _Spilled:
        """The document's rows, formatted again if it was renamed since (a second copy's doc_id-2;
        its first keeps the old id, and with it the tables/ folder already written)."""
        return self._spilled.get((doc.source_file, doc.doc_id)) or self._spill.add(self._format(doc))

    def _format(self, doc: Document) -> list[dict]:
        """Its cell records; its tables/ files written."""
        for t in doc.tables:
            folder = self.stage / "tables" / doc.doc_id
            folder.mkdir(parents=True, exist_ok=True)
            write_csv(folder / f"{t.table_key}.csv", ["page", "side", "code", "row_label", *t.header], t.rows)
        return cell_records(doc)


def _commit(stage: Path, outdir: Path) -> None:
    """Rename the staged set into OUTDIR: a few renames, once everything is written."""
    old_tables = stage / "tables.previous"
    if (outdir / "tables").is_dir():
        os.replace(outdir / "tables", old_tables)
    for name in OUTPUT_NAMES:
        os.replace(stage / name, outdir / name)
    shutil.rmtree(stage)


def write_checks(path: Path, docs: list[Document]) -> None:
    """Findings; `page` and `unit` filled from the tables where the finding leaves them out."""
    write_csv(path, CHECK_COLUMNS, [
        {
            "doc": f.doc_id, "table": f.table, "row": f.row, "column": f.column, "rule": f.rule,
            "expected": f.expected, "found": f.found, "difference": f.difference, "severity": f.severity,
            "unit": f.unit or _table_unit(d, f.table), "page": f.page or _page_of(d, f), "message": f.message,
        }
        for d in docs for f in d.findings
    ])


def _table_unit(doc: Document, table_key: str) -> str:
    return next((t.unit for t in doc.tables if t.table_key == table_key), "")


def _page_of(doc: Document, f: Finding) -> int | None:
    """The page printing the finding's row (its code or label), else the table's first page."""
    table = next((t for t in doc.tables if t.table_key == f.table), None)
    if table is None:
        return None
    row = f.row.split("/", 1)[1] if f.row.startswith(("收入/", "支出/")) else f.row
    page = next((r["page"] for r in table.rows if row and row in (r.get("code"), r.get("row_label"))), None)
    return page or (table.pages[0] if table.pages else None)
