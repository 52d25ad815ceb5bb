"""Rows printing a 款 or 项 by its name alone, keyed by the code that name has under the 类/款 printed above.

Huzhou's 财政拨款收支预算总表 prints its 支出 side as names only: 一般公共服务支出 (a class, whose code the reader
already knows by name), then 财政事务, 行政运行 … A 款/项 name is no code by itself: the same name sits under many
parents (行政运行 is 2010101, 2010601, 2040401 …) and codes move between editions of the classification (住房改革支出
is 22102 today, 22903 in the 2017 legacy edition). So a row is keyed only where its exact name, under the nearest
class or 款 printed above it, names one code: in the same report's own coded rows (the edition it was printed
in), else in the dated catalogue editions in force for its year. Each such row says so (`code_from_name`, info);
an ambiguous or unknown name stays unkeyed, and the contract reports it.
"""
from __future__ import annotations

from juesuan import spec
from juesuan.errors import Severity
from juesuan.model import Cell, Document, Finding, Table
from juesuan.normalize.codes import FUNCTION, SUMMARY_TABLE, CodeBook, level_of, parent_of, table_classification
from juesuan.normalize.text import clean_label

_LEVELS = (5, 7)  # 款 and 项; classes are named by the reader already (extract/interpret.py)


def _function_table(table: Table) -> bool:
    table_spec = spec.get(table.table_key)
    return (
        table_spec is not None and table_spec.codes == "function" and not table_spec.text_only
        and table_classification(table.table_key) == FUNCTION
    )


def _printed_codes(doc: Document) -> dict[tuple[str, str], set[str]]:
    """(parent, comparable name) → the 款/项 codes the report prints beside that name (the summaries left out:
    their codes are the reader's inference, not print)."""
    out: dict[tuple[str, str], set[str]] = {}
    for table in doc.tables:
        if not _function_table(table) or SUMMARY_TABLE.search(table.table_key):
            continue
        for row in table.rows:  # every printed row, one of zeros too
            code, label = row.get("code", ""), row.get("row_label", "")
            if len(code) in _LEVELS and label:
                out.setdefault((parent_of(code), clean_label(label)), set()).add(code)
    return out


def _context(code: str) -> list[str]:
    """The class and 款 a coded row sets over the rows below it (a 项 keeps its 款)."""
    return [code[:3], code[:5]] if len(code) >= 5 else [code]


def infer_codes(doc: Document, book: CodeBook) -> list[Finding]:
    """Key each function table's uncoded 款/项 rows whose name fits one code under the parent above (see module
    docstring), its printed row and its cells; the one step that sets codes after reading. A finding per row."""
    printed = _printed_codes(doc)
    findings: list[Finding] = []
    for table in doc.tables:
        if not _function_table(table):
            continue
        above: dict[str, list[str]] = {}  # side → [class, 款] printed last
        cells = iter(_row_cells(table))
        for row in table.rows:
            mine = next(cells)
            side = row.get("side", "")
            if row.get("code"):
                above[side] = _context(row["code"])
                continue
            code = _code_for(row.get("row_label", ""), above.get(side, []), printed, book, doc.year)
            if not code:
                continue
            row["code"] = code
            for cell in mine:
                _key(cell, code)
            above[side] = _context(code)
            findings.append(_finding(doc, table, row, code, printed))
    return findings


def _row_cells(table: Table) -> list[list[Cell]]:
    """The cells of each printed row, in the order both were made (extract/tables.py: a row's cells, then the row;
    a zero or empty amount is no cell, so a row may have none)."""
    out, j, cells = [], 0, table.cells
    for row in table.rows:
        mine: list[Cell] = []
        while j < len(cells) and _of(cells[j], row) and all(c.column_key != cells[j].column_key for c in mine):
            mine.append(cells[j])
            j += 1
        out.append(mine)
    return out


def _of(cell: Cell, row: dict) -> bool:
    return (
        (cell.side, cell.code, cell.row_label, cell.page)
        == (row.get("side", ""), row.get("code", ""), row.get("row_label", ""), row.get("page"))
        and row.get(cell.column_key) == cell.value
    )


def _code_for(label: str, above: list[str], printed: dict[tuple[str, str], set[str]], book: CodeBook,
              year: int | None) -> str:
    name = clean_label(label)
    if not name or "/" in name:
        return ""
    for parent in reversed(above):  # the nearest parent first: a 项 under its 款, else a 款 under its class
        codes = printed.get((parent, name)) or book.children(FUNCTION, parent, year).get(name, set())
        if codes:
            return next(iter(codes)) if len(codes) == 1 else ""
    return ""


def _key(cell: Cell, code: str) -> None:
    cell.code = code
    cell.code_level = level_of(cell.table_key, code)


def _finding(doc: Document, table: Table, row: dict, code: str, printed: dict[tuple[str, str], set[str]]) -> Finding:
    label, page = row.get("row_label", ""), row.get("page")
    where = "the code this report prints beside that name" if (parent_of(code), clean_label(label)) in printed \
        else "the code the dated catalogue gives that name"
    side = f" ({row['side']})" if row.get("side") else ""
    return Finding.new(
        doc.doc_id,
        "code_from_name",
        Severity.INFO,
        f"{doc.source_file}: page {page}: table {table.table_key}: row {label!r}{side} prints no code: "
        f"keyed {code}, {where} under {parent_of(code)}",
        table=table.table_key,
        row=label,
        page=page,
    )
