"""Write a run's results: cells.csv/.parquet, tables/<doc_id>/<table>.csv, documents.csv, checks.csv, facts.csv.

The files are one set: all are written under a staging folder in OUTDIR first and only then renamed
into place, so a run that crashes or is killed while writing leaves the previous run's set whole.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .csvfile import displayable, write_csv
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
    stage = outdir / STAGING
    shutil.rmtree(stage, ignore_errors=True)  # left by a run killed while writing
    stage.mkdir(parents=True)
    try:
        _write_set(stage, docs)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _commit(stage, outdir)


def _write_set(stage: Path, docs: list[Document]) -> None:
    cells = [r for d in docs for r in cell_records(d)]
    write_csv(stage / "cells.csv", CELL_COLUMNS, cells)
    pq.write_table(pa.Table.from_pylist(cells, schema=CELL_SCHEMA), stage / "cells.parquet")
    write_csv(stage / "documents.csv", DOC_COLUMNS, _document_records(docs))
    write_checks(stage / "checks.csv", docs)
    write_facts_csv([f for d in docs for f in d.facts], stage / "facts.csv")
    (stage / "tables").mkdir()
    for d in docs:
        for t in d.tables:
            folder = stage / "tables" / d.doc_id
            folder.mkdir(parents=True, exist_ok=True)
            write_csv(folder / f"{t.table_key}.csv", ["page", "side", "code", "row_label", *t.header], t.rows)


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
