"""OUTDIR/report.xlsx: the run as an analyst opens it in Excel or WPS.

A sheet `documents`, then one sheet per table as printed (its title, 公开NN number, department, year
and unit in the sheet's head; codes as text; amounts as numbers in the printed unit with the
table's printed number format; a cell a finding names coloured, the finding as its comment), then
`cells`, `checks` and `facts` with amounts as numbers. Built from the staged CSVs at the end of a
run by xlsxwriter: in memory for a small run, else streamed (each row goes to disk as it is done), so
its memory does not grow with the run's cells.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator

from juesuan.csvfile import unescape_text

HEADS = "heads"  # the staging folder's <doc_id>.json: each table's title, unit, pages and number
# xlsxwriter writes ~100k cells a second: the workbook is for reading a run by eye, the CSVs and
# cells.parquet hold every row of a run of any size
SHEET_ROWS = 50_000  # rows of each of the cells, checks and facts sheets
TABLE_DOCUMENTS = 50  # documents whose tables get a sheet each
# staged CSVs up to this many bytes: the workbook is built in memory (~17 times their size; a third less CPU
# than streaming, and no temporary file per sheet); a larger run streams each row to disk as it is done
IN_MEMORY_BYTES = 4_000_000
FILLS = {"error": "FFF4A6A6", "warning": "FFFFD699", "rounding": "FFB3E0FF", "info": "FFE6E6E6"}
NUMERIC = {  # columns written as numbers in the cells, checks, facts and documents sheets
    "year", "page", "amount_yuan", "amount", "conf", "x0", "top", "x1", "bottom", "suggested_amount_yuan",
    "expected", "found", "difference", "change_amount_yuan", "change_percent", "share_percent", "budget_yuan",
    "completion_percent", "pages", "cells", "findings",
}
_PRINTED_NUMBER = re.compile(r"^-?[\d,]*\.?(\d*)$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def read_rows(path: Path) -> Iterator[dict]:
    """A juesuan CSV's rows as written before escaping (a BOM, if any, skipped)."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {k: unescape_text(v) for k, v in row.items()}


def number(text: str):
    """The CSV field as a number (Decimal, exact) if it is one, else None."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def number_format(printed: Iterable[str]) -> str:
    """Excel's format for the numbers a table prints: its usual decimals, thousands separators if it uses them."""
    decimals: Counter[int] = Counter()
    separators = False
    for text in printed:
        m = _PRINTED_NUMBER.match(text.strip())
        if m and any(ch.isdigit() for ch in text):
            decimals[len(m.group(1))] += 1
            separators |= "," in text
    places = decimals.most_common(1)[0][0] if decimals else 2
    return ("#,##0" if separators else "0") + ("." + "0" * places if places else "")


def sheet_name(used: set[str], wanted: str) -> str:
    """A legal worksheet name (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", wanted).strip("'")[:31] or "sheet"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]}~{n}"
    used.add(name.lower())
    return name


_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # no XML 1.0 character: dropped (as openpyxl does)


@dataclass
class _Cell:
    """A cell to write with its look: text kept as text ("@"), a number in a format, a colour and a comment."""

    value: object
    text: bool = False
    number_format: str | None = None
    font: str = ""  # "", "bold" or "big"
    fill: str | None = None
    comment: str | None = None


class _Sheet:
    """One worksheet (xlsxwriter), written row after row."""

    def __init__(self, sheets: "_Sheets", ws):
        self._sheets, self.ws, self.row = sheets, ws, 0

    def append(self, values: list) -> None:
        """The next row: None leaves a cell out, a str or a number is written plain, a _Cell with its look."""
        ws, row, fmt = self.ws, self.row, self._sheets.format
        for col, v in enumerate(values):
            if v is None:
                continue
            if v.__class__ is str:
                ws.write_string(row, col, v)
            elif isinstance(v, _Cell):
                look = fmt(v)
                if v.text:
                    if v.value:
                        ws.write_string(row, col, v.value, look)
                    else:
                        ws.write_blank(row, col, None, look)
                else:
                    ws.write_number(row, col, float(v.value), look)
                if v.comment is not None:
                    ws.write_comment(row, col, v.comment, {"author": "juesuan", "width": 420, "height": 160})
            else:  # a Decimal, written to 16 significant digits as Excel keeps it
                ws.write_number(row, col, float(v))
        self.row += 1

    def freeze(self, rows: int, columns: int) -> None:
        self.ws.freeze_panes(rows, columns)


class _Sheets:
    """Cells of the workbook: text never taken for a formula, numbers as numbers, one format per look."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._formats: dict[tuple, object] = {}

    def create(self, name: str) -> _Sheet:
        return _Sheet(self, self.workbook.add_worksheet(name))

    def format(self, cell: _Cell):
        key = ("@" if cell.text else cell.number_format, cell.font, cell.fill)
        look = self._formats.get(key, self)
        if look is self:
            props: dict[str, object] = {"num_format": key[0]} if key[0] else {}
            if cell.font:
                props["bold"] = True
            if cell.font == "big":
                props["font_size"] = 14
            if cell.fill:
                props.update(pattern=1, bg_color="#" + cell.fill[2:])
            look = self._formats[key] = self.workbook.add_format(props) if props else None
        return look

    def text(self, value, bold: bool = False, big: bool = False) -> _Cell:
        """Text as text: "=…" printed in a PDF is never a formula."""
        text = _ILLEGAL.sub("", str(value)) if value is not None else None
        return _Cell(text, text=True, font="big" if big else "bold" if bold else "")

    def number(self, value: Decimal, fmt: str | None = None) -> _Cell:
        return _Cell(value, number_format=fmt)

    def flag(self, cell: _Cell, findings: list[dict]) -> None:
        """Colour by the gravest finding, all of them in the comment."""
        order = ["error", "warning", "rounding", "info"]
        gravest = min((f["severity"] for f in findings), key=lambda s: order.index(s) if s in order else len(order))
        if gravest in FILLS:
            cell.fill = FILLS[gravest]
        note = "\n".join(f"{f['severity']}: {f.get('rule_id') or f['rule']}: {f['message']}" for f in findings)
        cell.comment = _ILLEGAL.sub("", note)[:2000]

    def field(self, column: str, value: str):
        """A plain sheet's value: a number, or text as a plain str (a _Cell kept as text only where a
        spreadsheet could take it for a formula or it holds characters XML cannot)."""
        n = number(value) if column in NUMERIC else None
        if n is not None:
            return n
        if not value:
            return None
        if value.startswith("=") or _ILLEGAL.search(value):
            return self.text(value)
        return value


def write_workbook(stage: Path, target: Path, columns: dict[str, list[str]]) -> str:
    """report.xlsx from the staged CSVs, tables/ and heads/ (columns: each CSV's header); what it
    leaves out of a large run ("" if nothing)."""
    import xlsxwriter

    small = _staged_bytes(stage) <= IN_MEMORY_BYTES
    workbook = xlsxwriter.Workbook(str(target), {"in_memory": True} if small else
                                   {"constant_memory": True, "tmpdir": str(stage)})
    sheets = _Sheets(workbook)
    used: set[str] = set()
    docs = list(read_rows(stage / "documents.csv"))
    _plain_sheet(sheets, sheet_name(used, "documents"), columns["documents.csv"], docs)  # a row each, however many
    checks: dict[str, list[dict]] = defaultdict(list)
    for f in read_rows(stage / "checks.csv"):
        if f.get("severity") not in ("ok", ""):
            checks[f["doc"]].append(f)
    cells_of = _cells_by_document(stage / "cells.csv")
    prefix = len([d for d in docs if d.get("doc_id")]) > 1
    extracted = [d for d in docs if d.get("doc_id")]
    for n, doc in enumerate(extracted[:TABLE_DOCUMENTS], 1):
        cells = cells_of(doc["doc_id"])
        for head in _heads(stage, doc["doc_id"]):
            wide = stage / "tables" / doc["doc_id"] / f"{head['table_key']}.csv"
            if not wide.is_file():
                continue
            label = f"{head['number']} {head['title'] or head['table_key']}".strip()
            ws = sheets.create(sheet_name(used, f"{n}.{label}" if prefix else label))
            _table_sheet(sheets, ws, doc, head, list(read_rows(wide)),
                         {k[1:]: c for k, c in cells.items() if k[0] == head["table_key"]},
                         [f for f in checks.get(doc["doc_id"], []) if f["table"] == head["table_key"]])
    cut = []
    if len(extracted) > TABLE_DOCUMENTS:
        cut.append(f"table sheets for the first {TABLE_DOCUMENTS} of {len(extracted)} documents")
    for name in ("cells", "checks", "facts"):
        rows = _plain_sheet(sheets, sheet_name(used, name), columns[f"{name}.csv"], read_rows(stage / f"{name}.csv"))
        if rows > SHEET_ROWS:
            cut.append(f"the first {SHEET_ROWS} of {rows} rows of {name}.csv")
    workbook.close()
    return f"report.xlsx holds {', '.join(cut)}; the CSVs and cells.parquet hold all" if cut else ""


def _staged_bytes(stage: Path) -> int:
    """The size of what the workbook is built from: the staged CSVs and tables/."""
    files = [*(stage / f"{name}.csv" for name in ("documents", "cells", "checks", "facts")),
             *(stage / "tables").rglob("*.csv")]
    return sum(f.stat().st_size for f in files if f.is_file())


def _heads(stage: Path, doc_id: str) -> list[dict]:
    try:
        return json.loads((stage / HEADS / f"{doc_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _cells_by_document(path: Path):
    """doc_id → its cells keyed by (table_key, page, side, code, row_label, column_key). cells.csv is
    written document by document in the order of documents.csv: one document's cells are held at a time."""
    rows = iter(read_rows(path))
    pending: list[dict | None] = [next(rows, None)]

    def of(doc_id: str) -> dict[tuple, dict]:
        out: dict[tuple, dict] = {}
        while pending[0] is not None and pending[0]["doc_id"] == doc_id:
            r = pending[0]
            out[(r["table_key"], r["page"], r["side"], r["code"], r["row_label"], r["column_key"])] = r
            pending[0] = next(rows, None)
        return out
    return of


def _table_sheet(sheets: _Sheets, ws: _Sheet, doc: dict, head: dict, rows: list[dict], cells: dict[tuple, dict],
                 findings: list[dict]) -> None:
    text = sheets.text
    fixed = ("page", "side", "code", "row_label", "unit")
    header = [c for c in (rows[0].keys() if rows else head["header"]) if c not in fixed]
    fmt = number_format(c["value"] for c in cells.values())
    numbered = f"公开{head['number']}表" if head["number"] else ""
    pages = ", ".join(map(str, head["pages"]))
    for line in ([text(head["title"], big=True)],
                 [text("表号", bold=True), text(numbered),
                  text("表", bold=True), text(head["table_key"])],
                 [text("部门", bold=True), text(doc.get("department", ""))],
                 [text("年度", bold=True), sheets.field("year", doc.get("year", "")),
                  text("报告", bold=True), text(doc.get("report", ""))],
                 [text("单位", bold=True), text(head["unit"])],
                 [text("来源", bold=True), text(doc.get("source_file", "")),
                  text("页", bold=True), text(pages)],
                 []):
        ws.append(line)
    ws.append([text(h, bold=True) for h in ("页", "收/支", "编码", "项目", *header)])
    by_row = defaultdict(list)
    for f in findings:
        by_row[f["row"]].append(f)
    for r in rows:
        sided = f"{r['side']}/{r['code'] or r['row_label']}"  # a two-sided table's rows: 收入/…, 支出/…
        named = by_row.get(r["code"], []) + by_row.get(r["row_label"], []) + by_row.get(sided, [])
        label = text(r["row_label"])
        unplaced = [f for f in named if f["column"] not in header]
        if unplaced:
            sheets.flag(label, unplaced)
        line = [sheets.number(Decimal(r["page"])) if r["page"].isdigit() else text(r["page"]),
                text(r["side"]), text(r["code"]), label]
        for column in header:
            cell = cells.get((r["page"], r["side"], r["code"], r["row_label"], column))
            amount = number(cell["amount"]) if cell else None
            out = sheets.number(amount, fmt) if amount is not None else text(r.get(column, ""))
            hits = [f for f in named if f["column"] == column]
            if hits:
                sheets.flag(out, hits)
            line.append(out)
        ws.append(line)
    ws.freeze(8, 4)


def _plain_sheet(sheets: _Sheets, name: str, columns: list[str], rows: Iterable[dict]) -> int:
    """The rows as a sheet, at most SHEET_ROWS of them, then a line saying where the rest are; returns
    how many rows there were."""
    ws = sheets.create(name)
    ws.freeze(1, 0)
    ws.append([sheets.text(c, bold=True) for c in columns])
    total = 0
    for row in rows:
        total += 1
        if total <= SHEET_ROWS:
            ws.append([sheets.field(c, row.get(c, "")) for c in columns])
    if total > SHEET_ROWS:
        ws.append([sheets.text(f"… {total - SHEET_ROWS} more rows: see {name}.csv")])
    return total


def table_heads(doc) -> list[dict]:
    """What a table's sheet shows in its head, kept from the Document while its outputs are prepared.
    The 公开NN number is the national final-account template's; budgets number their tables by region
    (a 预算表6 is the template's 08), so theirs is left to the printed title."""
    from juesuan import spec
    from juesuan.spec.keys import FINAL

    numbers = {key: spec.number_of(key) for key in spec.final_keys()} if (doc.report or FINAL) == FINAL else {}
    return [{"table_key": t.table_key, "title": t.title, "unit": t.unit, "pages": list(t.pages),
             "header": list(t.header),
             "number": numbers.get(re.sub(r"_\d+$", "", t.table_key), "")} for t in doc.tables]
