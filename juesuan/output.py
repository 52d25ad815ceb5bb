"""Write a run's results: cells.csv/.parquet, tables/<doc_id>/<table>.csv, documents.csv, checks.csv."""
from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .extract.narrative import write_facts_csv
from .model import Document

CELL_COLUMNS = [
    "source_file", "doc_id", "department", "year", "table_key", "side", "code", "row_label", "column_key",
    "value", "unit", "amount_yuan", "page", "method", "code_level", "standard_name", "amount", "conf",
    "x0", "top", "x1", "bottom", "suggested_amount_yuan", "name_source", "report",
]
CHECK_COLUMNS = ["doc", "table", "row", "column", "rule", "expected", "found", "difference", "severity", "unit", "page", "message"]
DOC_COLUMNS = ["source_file", "doc_id", "department", "year", "report", "pages", "page_kinds", "tables", "cells", "findings", "status", "error"]

AMOUNT_TYPE = pa.decimal128(38, 8)
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
                "source_file": doc.source_file, "doc_id": doc.doc_id, "department": doc.department, "year": doc.year,
                "table_key": c.table_key, "side": c.side, "code": c.code, "row_label": c.row_label,
                "column_key": c.column_key, "value": c.value, "unit": c.unit, "amount_yuan": c.amount_yuan,
                "page": c.page, "method": c.method, "code_level": c.code_level, "standard_name": c.standard_name,
                "amount": c.amount, "conf": round(c.conf, 4),
                "x0": round(c.bbox[0], 2), "top": round(c.bbox[1], 2), "x1": round(c.bbox[2], 2), "bottom": round(c.bbox[3], 2),
                "suggested_amount_yuan": c.suggested_amount_yuan, "name_source": c.name_source,
                "report": doc.report,  # 决算 / 预算: one dataset holds both
            })
    return out


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})


def write_outputs(outdir: Path, docs: list[Document]) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    cells = [r for d in docs for r in cell_records(d)]
    _write_csv(outdir / "cells.csv", CELL_COLUMNS, cells)
    pq.write_table(pa.Table.from_pylist(cells, schema=CELL_SCHEMA), outdir / "cells.parquet")
    _write_csv(outdir / "documents.csv", DOC_COLUMNS, [
        {
            "source_file": d.source_file, "doc_id": d.doc_id, "department": d.department, "year": d.year,
            "report": d.report, "pages": d.pages, "page_kinds": " ".join(d.page_kinds), "tables": ";".join(t.table_key for t in d.tables),
            "cells": sum(len(t.cells) for t in d.tables), "findings": len(d.findings), "status": d.status, "error": d.error,
        }
        for d in docs
    ])
    write_checks(outdir / "checks.csv", docs)
    write_facts_csv([f for d in docs for f in d.facts], outdir / "facts.csv")
    for d in docs:
        for t in d.tables:
            folder = outdir / "tables" / d.doc_id
            folder.mkdir(parents=True, exist_ok=True)
            _write_csv(folder / f"{t.table_key}.csv", ["page", "side", "code", "row_label", *t.header], t.rows)


def write_checks(path: Path, docs: list[Document]) -> None:
    _write_csv(path, CHECK_COLUMNS, [
        {
            "doc": f.doc_id, "table": f.table, "row": f.row, "column": f.column, "rule": f.rule,
            "expected": f.expected, "found": f.found, "difference": f.difference, "severity": f.severity,
            "unit": _unit_of(d, f.table), "page": f.page, "message": f.message,
        }
        for d in docs for f in d.findings
    ])


def _unit_of(doc: Document, table_key: str) -> str:
    return next((t.unit for t in doc.tables if t.table_key == table_key), "")
