"""Which of a table page's readings to keep: the one under which the table's own identities hold.

Where a page's geometry reads more than one way (a line above the first amounts that is a header line or the first
row; the header page's columns or the page's own), each candidate reading is scored by what the table itself says
is right: its row identities (合计 = 基本 + 项目 …, the identities juesuan/spec declares), its code hierarchy on the
page (类 = Σ款, 款 = Σ项), its amounts keyed by its own columns, each printed amount read once, and no amount in a coded
table left without a row. The first candidate is today's reading: another is kept only when it scores better.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from juesuan import spec
from juesuan.extract.interpret import PageTable
from juesuan.model import Word
from juesuan.normalize.amounts import AmountError, parse_amount


@dataclass(frozen=True)
class Fit:
    """How well one reading fits its table."""

    held: int  # identities (row sums, parent = Σ children) that hold
    broken: int  # identities that do not
    keyed: int  # amounts under one of the table's standard columns
    unkeyed: int  # amounts under a column the table does not have
    unreadable: int  # cells of an amount column that print no amount ("201一般公共服务支出")
    orphans: int  # rows of amounts with neither code nor name
    missed: int  # printed amounts the reading left out
    split: int  # a row of a name (or code) without amounts beside a row of amounts without one: one printed row
    clashes: int = 0  # amounts given a (row, column) another amount of the page already has

    def describe(self) -> str:
        return (f"{self.held} identities hold, {self.broken} fail, {self.keyed} amounts keyed, "
                f"{self.unkeyed + self.unreadable} unkeyed or unreadable, "
                f"{self.orphans} rows of amounts without a name")

    @property
    def value(self) -> int:
        lost = self.unkeyed + self.unreadable + self.orphans + self.missed + self.clashes
        return 2 * self.held - self.broken + self.keyed - 2 * lost


_UNREADABLE = object()


def _amount(text: str):
    """The amount a cell prints, None for an empty mark ("-", "—"), _UNREADABLE for what is no amount."""
    try:
        return parse_amount(text)
    except AmountError:
        return _UNREADABLE


def fit(read: PageTable, table_key: str, printed: set[Word] | None = None) -> Fit:
    """Score one reading of a page of table `table_key`; `printed`: the page's printed amounts."""
    standard = spec.standard_columns(table_key)
    keyed = unkeyed = unreadable = held = broken = 0
    values: list[dict[str, Decimal]] = []
    for row in read.rows:
        row_values: dict[str, Decimal] = {}
        for key, cell in row.values.items():
            text = cell.text.strip()
            if not text:
                continue
            amount = _amount(text)
            if amount is _UNREADABLE:
                unreadable += 1
                continue
            if amount is None:
                continue
            row_values[key] = amount
            if standard is None or key in standard.get(row.side, []):
                keyed += 1
            else:
                unkeyed += 1
        values.append(row_values)
        for total, parts in ((i.total, i.parts) for i in spec.identities(table_key, reading=True)):
            if total in row_values and any(p in row_values for p in parts):
                if row_values[total] == sum(row_values.get(p, Decimal(0)) for p in parts):
                    held += 1
                else:
                    broken += 1
    bare = [bool(v) and not row.code and not row.row_label for row, v in zip(read.rows, values)]
    named = [not v and bool(row.code or row.row_label) for row, v in zip(read.rows, values)]
    split = sum(1 for i in range(len(bare) - 1) if bare[i] and named[i + 1] or named[i] and bare[i + 1])
    h_held, h_broken = _hierarchy(read, values)
    missed = len([w for w in printed or () if w not in read.accounted])
    seen: set[tuple[str, str, str]] = set()
    clashes = 0
    for row, v in zip(read.rows, values):
        for key, amount in v.items():
            where = (row.side, row.code or row.row_label, key)
            clashes += bool(amount) and where in seen
            seen.add(where)
    return Fit(held + h_held, broken + h_broken, keyed, unkeyed, unreadable, sum(bare), missed, split, clashes)


def _hierarchy(read: PageTable, values: list[dict[str, Decimal]]) -> tuple[int, int]:
    """类 = Σ款 and 款 = Σ项 for every parent whose children are on the page, column by column."""
    by_code = {(row.side, row.code): v for row, v in zip(read.rows, values) if row.code.isdigit()}
    children: dict[tuple[str, str], list[dict[str, Decimal]]] = defaultdict(list)
    for (side, code), v in by_code.items():
        if len(code) in (5, 7) and (side, code[:-2]) in by_code:
            children[(side, code[:-2])].append(v)
    held = broken = 0
    for parent, kids in children.items():
        for key, total in by_code[parent].items():
            if sum(k.get(key, Decimal(0)) for k in kids) == total:
                held += 1
            else:
                broken += 1
    return held, broken


def best(candidates: list[tuple[PageTable, Fit]]) -> int:
    """The index of the reading to keep: the first (today's) unless another fits strictly better. A reading
    that splits printed rows into a row of names and a row of amounts is never preferred to one that does not."""
    def rank(f: Fit) -> tuple[int, int]:
        return -f.split, f.value

    chosen = 0
    for i, (_, f) in enumerate(candidates):
        if rank(f) > rank(candidates[chosen][1]):
            chosen = i
    return chosen
