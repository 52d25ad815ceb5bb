"""Propose, for an OCR cell that breaks its table's sums, the one reading that makes them hold.

The printed reading stays in `value` and `amount_yuan`; a proposal only fills the cell's
`suggested_amount_yuan` and adds a `suggested_reading` finding. It is made when exactly one value
is both one slip away from the reading (one digit replaced, doubled or dropped, the usual
recognizer slips, a thousands separator read as the decimal point: "379.988" for 379,988, or a decimal
point lost or moved in a table printing two decimals everywhere: "87266145" for 872,661.45) and
clears errors of the table's own sums without causing any, and no other cell's slip would clear
the same errors. Digital cells are never second-guessed: their digits are the report's.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from juesuan import spec
from juesuan.errors import Severity
from juesuan.model import Cell, Document, Finding, Table
from juesuan.normalize.amounts import printed_decimals, to_yuan
from juesuan.validate import validate_document
from juesuan.validate_budget import validate_budget

ErrorKey = tuple[str, str, str]  # (row, column, rule)


def suggest_readings(doc: Document) -> list[Finding]:
    """Fill suggested_amount_yuan where the table's sums single out one reading; findings say so."""
    out: list[Finding] = []
    for table in doc.tables:
        if spec.get(table.table_key) is None or not any(c.method == "ocr" for c in table.cells):
            continue
        errors = _table_errors(doc, table)
        if not errors:
            continue
        error_keys = set(errors)
        decimals = usual_decimals(table)
        proposals = []  # (cell, value, the errors it clears)
        for cell in table.cells:
            if cell.method != "ocr":
                continue
            row = cell.code or cell.row_label
            related = [f for f in errors.values() if f.row == row or f.column == cell.column_key]
            candidates = {slip for f in related for v in _balancing_values(cell, row, f)
                          if (slip := _slip_value(cell, v, decimals)) is not None}
            fits = [(v, cleared) for v in sorted(candidates) if (cleared := _cleared(doc, table, cell, v, error_keys))]
            if len(fits) == 1:
                proposals.append((cell, *fits[0]))
        for cell, value, cleared in proposals:
            if any(other is not cell and cleared & theirs for other, _, theirs in proposals):
                continue  # another cell's slip would explain the same sums: no telling which
            row = cell.code or cell.row_label
            cell.suggested_amount_yuan = to_yuan(value, cell.unit)
            out.append(Finding.new(
                doc.doc_id, "suggested_reading", Severity.INFO,
                f"{doc.source_file}: page {cell.page}: table {table.table_key}, row {row!r}, column {cell.column_key}: "
                f"OCR read {cell.value!r}; the one reading a slip away that satisfies the table's sums is {value} "
                f"{cell.unit} (kept as suggested_amount_yuan; the printed reading is unchanged)",
                table=table.table_key, row=row, column=cell.column_key, page=cell.page, expected=value,
                found=cell.amount, difference=cell.amount - value, unit=cell.unit))
    return out


def _table_errors(doc: Document, table: Table) -> dict[ErrorKey, Finding]:
    """Errors (not rounding) of the table's own sums, the table validated alone."""
    alone = replace(doc, tables=[table], findings=[], facts=[])
    return {
        (f.row, f.column, f.rule): f
        for f in validate_document(alone) + validate_budget(alone)
        if f.severity == Severity.ERROR
    }


def _balancing_values(cell: Cell, row: str, f: Finding) -> list[Decimal]:
    """Values of `cell` that would settle finding f: as the total it is checked against, or as one
    of the parts summed (found − expected = how far the parts fall short)."""
    if f.expected is None or f.found is None or f.difference is None:
        return []
    out = [cell.amount + f.difference]
    if f.row == row and f.column == cell.column_key:
        out.append(f.expected)
    return out


def _digits(amount: Decimal, decimals: int) -> str:
    return f"{abs(amount):.{decimals}f}".replace(".", "")


def usual_decimals(table: Table) -> int | None:
    """The decimals (0 or 2) a table prints its amounts with, when at least 80% of them (and 3) agree."""
    counts: dict[int, int] = {}
    for c in table.cells:
        counts[printed_decimals(c.value)] = counts.get(printed_decimals(c.value), 0) + 1
    usual, n = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return usual if usual in (0, 2) and n >= max(3, 0.8 * len(table.cells)) else None


def _slip_value(cell: Cell, value: Decimal, decimals: int | None = None) -> Decimal | None:
    """value, written as it would be printed, when one slip separates it from the reading; else None.
    `decimals`: what the cell's table prints (usual_decimals)."""
    if _separator_read_as_point(cell, value):
        return value.quantize(Decimal(1))  # 379988, not 379988.000
    if decimals == 2 and _point_lost_or_moved(cell, value):
        return value.quantize(Decimal("0.01"))
    return value if _one_glyph_apart(cell, value) else None


def _point_lost_or_moved(cell: Cell, value: Decimal) -> bool:
    """value is the reading's own digits with two decimals, the reading having others: the recognizer
    lost the point ("87266145" printed 872,661.45) or put it elsewhere ("8726614.5")."""
    if printed_decimals(cell.value) == 2 or value == cell.amount or value != round(value, 2):
        return False
    if (value < 0) != (cell.amount < 0):
        return False
    read = _digits(cell.amount, max(0, -cell.amount.as_tuple().exponent)).lstrip("0")
    return bool(read) and _digits(value, 2).lstrip("0") == read


def _separator_read_as_point(cell: Cell, value: Decimal) -> bool:
    """value is the reading with its one dot, three digits from the end, taken for a thousands
    separator: a comma the recognizer read as a dot ("379.988" printed 379,988)."""
    whole, dot, fraction = cell.value.strip().rpartition(".")
    return bool(dot) and "." not in whole and len(fraction) == 3 and fraction.isdigit() and value == cell.amount * 1000


def _one_glyph_apart(cell: Cell, value: Decimal) -> bool:
    """value's digits differ from those read by one replaced, doubled or dropped digit."""
    if value == cell.amount or (value < 0) != (cell.amount < 0):
        return False
    decimals = max(0, -cell.amount.as_tuple().exponent)  # amounts keep the scale printed
    if value != round(value, decimals):
        return False
    a, b = _digits(cell.amount, decimals), _digits(value, decimals)
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            # a glyph read twice or one lost: a recognizer merges a repeated digit ("22669700" →
            # "2269700") or splits one; a lone digit appearing from nowhere is not a slip
            return (
                len(b) < len(a)
                or (i > 0 and long_[i - 1] == long_[i])
                or (i + 1 < len(long_) and long_[i + 1] == long_[i])
            )
    return False


def _cleared(doc: Document, table: Table, cell: Cell, value: Decimal, errors: set[ErrorKey]) -> set[ErrorKey]:
    """The errors that go with `value` in place of the reading; empty when any new one appears."""
    cells = [replace(c, amount=value) if c is cell else c for c in table.cells]
    after = set(_table_errors(doc, replace(table, cells=cells)))
    return errors - after if after < errors else set()
