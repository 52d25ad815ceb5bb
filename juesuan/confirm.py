"""Take the reading a table's sums single out when the recognizer, looking again at higher scales, reads it too.

juesuan/suggest.py finds, for an OCR cell that breaks its table's sums, the one value a slip away (a lost decimal
point, a dropped or doubled digit) that makes them hold. Here that cell's crop is read again
(extract/ocr/confirm.py); when one of the new readings is exactly that value, two independent witnesses agree
(the sums and the glyphs) and the cell takes the new reading — only where the digits are the first reading's
and the point or separators alone differ (a lost or moved decimal point, a separator read as a point). A digit
the sums ask to change is no such case: at 96 dpi a leading digit lost in several cells of one table let the
sums single out, and a second look read, "788.79" for 1,788.79 — two witnesses misled alike. It never happens
silently: a `reread_confirmed` finding names the first reading and the one taken. A suggestion no re-reading
confirms stays a suggestion.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from juesuan.errors import Severity
from juesuan.model import Cell, Document, Finding
from juesuan.normalize.amounts import AmountError, parse_amount, to_yuan
from juesuan.suggest import suggest_readings


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except AmountError:
        return None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def confirm_readings(doc: Document, reread) -> list[Finding]:
    """`reread(page, boxes)` → each box's new readings (texts). Cells whose new readings include the value the
    sums single out take it; returns a finding for each. Suggestions are cleared again (the caller suggests
    afterwards, on the cells as they are then)."""
    suggest_readings(doc)
    targets: dict[int, list[tuple[str, Cell]]] = defaultdict(list)
    for table in doc.tables:
        for cell in table.cells:
            if cell.suggested_amount_yuan is not None and cell.method == "ocr":
                targets[cell.page].append((table.table_key, cell))
    out = []
    for page, cells in sorted(targets.items()):
        for (key, cell), texts in zip(cells, reread(page, [c.bbox for _, c in cells])):
            wanted = cell.suggested_amount_yuan
            match = next((t for t in texts if (a := _amount(t)) is not None and to_yuan(a, cell.unit) == wanted
                          and _digits(t) == _digits(cell.value)), None)
            if match is None:
                continue
            first, amount = cell.value, _amount(match)
            cell.value, cell.amount, cell.amount_yuan = match, amount, to_yuan(amount, cell.unit)
            row = cell.code or cell.row_label
            out.append(Finding.new(
                doc.doc_id, "reread_confirmed", Severity.WARNING,
                f"{doc.source_file}: page {page}: table {key}, row {row!r}, column {cell.column_key}: OCR first read "
                f"{first!r}, which breaks the table's sums; read again at a higher scale it reads {match!r}, the one "
                f"reading a slip away that the sums confirm: {match} {cell.unit} taken",
                table=key, row=row, column=cell.column_key, page=page, expected=amount, found=_amount(first),
                unit=cell.unit))
    for table in doc.tables:
        for cell in table.cells:
            cell.suggested_amount_yuan = None
    return out
