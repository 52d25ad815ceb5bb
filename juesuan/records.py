"""The row formats of the outputs: the columns of cells.csv, documents.csv and checks.csv, the Arrow schema of
cells.parquet and of the dataset, and a document's rows in each. Both output.py (a run's files) and dataset.py
(the Parquet dataset) write these rows, so they live below both.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from juesuan.csvfile import displayable
from juesuan.model import Document, Finding
from juesuan.normalize.amounts import MAX_DECIMALS, MAX_INTEGER_DIGITS

if TYPE_CHECKING:
    import pyarrow as pa

CELL_COLUMNS = [
    "source_file", "doc_id", "department", "year", "table_key", "side", "code", "row_label", "column_key",
    "value", "unit", "amount_yuan", "page", "method", "code_level", "standard_name", "amount", "conf",
    "x0", "top", "x1", "bottom", "suggested_amount_yuan", "name_source", "report",
]
CHECK_COLUMNS = ["doc", "table", "row", "column", "rule", "rule_id", "expected", "found", "difference", "severity",
                 "unit", "page", "message"]
DOC_COLUMNS = [
    "source_file",
    "doc_id",
    "department",
    "year",
    "report",
    "pages",
    "page_kinds",
    "tables",
    "cells",
    "findings",
    "status",
    "error",
]


@cache
def cell_schema() -> "pa.Schema":
    """cells.parquet's schema (and the dataset's); built on first use, so that importing this module does not
    load pyarrow (~0.3 s): the main process of a batch needs it only when the first document comes back."""
    import pyarrow as pa

    amount_type = pa.decimal128(MAX_INTEGER_DIGITS + MAX_DECIMALS, MAX_DECIMALS)
    return pa.schema([
        ("source_file", pa.string()), ("doc_id", pa.string()), ("department", pa.string()), ("year", pa.int32()),
        ("table_key", pa.string()), ("side", pa.string()), ("code", pa.string()), ("row_label", pa.string()),
        ("column_key", pa.string()), ("value", pa.string()), ("unit", pa.string()), ("amount_yuan", amount_type),
        ("page", pa.int32()), ("method", pa.string()), ("code_level", pa.string()), ("standard_name", pa.string()),
        ("amount", amount_type), ("conf", pa.float32()),
        ("x0", pa.float32()), ("top", pa.float32()), ("x1", pa.float32()), ("bottom", pa.float32()),
        ("suggested_amount_yuan", amount_type), ("name_source", pa.string()), ("report", pa.string()),
    ])


def __getattr__(name: str):
    """CELL_SCHEMA and AMOUNT_TYPE, as module attributes, built when first asked for."""
    if name == "CELL_SCHEMA":
        return cell_schema()
    if name == "AMOUNT_TYPE":
        return cell_schema().field("amount").type
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def cell_records(doc: Document) -> list[dict]:
    out = []
    for table in doc.tables:
        for c in table.cells:
            out.append(
                {
                    "source_file": displayable(doc.source_file),
                    "doc_id": doc.doc_id,
                    "department": doc.department,
                    "year": doc.year,
                    "table_key": c.table_key,
                    "side": c.side,
                    "code": c.code,
                    "row_label": c.row_label,
                    "column_key": c.column_key,
                    "value": c.value,
                    "unit": c.unit,
                    "amount_yuan": c.amount_yuan,
                    "page": c.page,
                    "method": c.method,
                    "code_level": c.code_level,
                    "standard_name": c.standard_name,
                    "amount": c.amount,
                    "conf": round(c.conf, 4),
                    "x0": round(c.bbox[0], 2),
                    "top": round(c.bbox[1], 2),
                    "x1": round(c.bbox[2], 2),
                    "bottom": round(c.bbox[3], 2),
                    "suggested_amount_yuan": c.suggested_amount_yuan,
                    "name_source": c.name_source,
                    "report": doc.report,  # 决算 / 预算: one dataset holds both
                }
            )
    return out


def document_record(d: Document) -> dict:
    """Its row of documents.csv."""
    return {
        "source_file": d.source_file,
        "doc_id": d.doc_id,
        "department": d.department,
        "year": d.year,
        "report": d.report,
        "pages": d.pages,
        "page_kinds": " ".join(d.page_kinds),
        "tables": ";".join(t.table_key for t in d.tables),
        "cells": sum(len(t.cells) for t in d.tables),
        "findings": len(d.findings),
        "status": d.status,
        "error": d.error,
    }


def check_records(doc: Document) -> list[dict]:
    """Its rows of checks.csv: `page` and `unit` filled from the tables where the finding leaves them out."""
    return [
        {
            "doc": f.doc_id, "table": f.table, "row": f.row, "column": f.column, "rule": f.rule, "rule_id": rule_id(f),
            "expected": f.expected, "found": f.found, "difference": f.difference, "severity": f.severity,
            "unit": f.unit or _table_unit(doc, f.table), "page": f.page or _page_of(doc, f), "message": f.message,
        }
        for f in doc.findings
    ]


def rule_id(f: Finding) -> str:
    """The finding's stable short name: its own where `rule` is a formula, else the rule (already one)."""
    return f.rule_id or f.rule


def cell_batch(records: list[dict]) -> "pa.RecordBatch":
    """The cells as Arrow, built a column at a time (a third of the time of pa.Table.from_pylist)."""
    import pyarrow as pa

    schema = cell_schema()
    return pa.record_batch([pa.array([r[f.name] for r in records], type=f.type) for f in schema], schema=schema)


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
