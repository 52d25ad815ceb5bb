"""Arithmetic the printed tables must satisfy: row sums, code hierarchies, totals, cross-table figures.

A finding compares numbers in the table's printed unit. A difference within the printed rounding
(0.01 per summed item) is `rounding`, larger is `error`. Nothing here changes a printed number.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from juesuan import spec
from juesuan.errors import Severity
from juesuan.model import Document, Finding, Table
from juesuan.normalize.amounts import to_yuan
from juesuan.spec.cross import FINAL_CROSS
from juesuan.spec.keys import (
    FINAL,
    GENERAL_BUDGET_BASIC_EXPENDITURE,
    GENERAL_BUDGET_EXPENDITURE,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")

TOTAL_LABELS = {"合计", "总计", "本年收入合计", "本年支出合计", "人员经费合计", "公用经费合计"}
PERSONNEL_CLASSES = ("301", "303")


def sum_or_none(values) -> Decimal | None:
    """Sum of amounts, None when any of them is unreadable."""
    total = ZERO
    for v in values:
        if v is None:
            return None
        total += v
    return total


class TableView:
    """A table's amounts (printed unit) by (side, row key) and column; row key is the code or the label."""

    def __init__(self, table: Table):
        self.table = table
        self.unit = table.unit or "元"  # as its cells were converted (extract/tables.py): no unit line read → 元
        self.values: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
        self.rows: list[tuple[str, str]] = []
        for row in table.rows:
            key = (row["side"], row["code"] or row["row_label"])
            if key not in self.values:
                self.rows.append(key)
                self.values[key]  # noqa: B018 - keep rows that printed only zeros
        for cell in table.cells:
            row = self.values[(cell.side, cell.code or cell.row_label)]
            # a code printed on several rows (by unit, by economic code beside it, or misprinted twice): the
            # code's figure is their sum
            if cell.code and cell.column_key in row:
                row[cell.column_key] += cell.amount
            else:
                row[cell.column_key] = cell.amount

    def get(self, side: str, row: str, column: str) -> Decimal | None:
        """The amount; 0 for an empty cell or an absent row; None where the cell is unreadable."""
        if (side, row, column) in self.table.unreadable:
            return None
        return self.values.get((side, row), {}).get(column, ZERO)

    def has(self, side: str, row: str) -> bool:
        return (side, row) in self.values

    def coded(self, side: str = "") -> list[str]:
        return [r for s, r in self.rows if s == side and r.isdigit()]

    def columns(self, side: str | None = None) -> list[str]:
        """Amount columns in printed order; with `side`, those that side of a two-sided table prints."""
        if side is None:
            return list(self.table.header)
        used = {c.column_key for c in self.table.cells if c.side == side}
        return [c for c in self.table.header if c in used]


class Checker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.findings: list[Finding] = []

    def compare(
        self,
        table: str,
        row: str,
        column: str,
        rule: str,
        expected: Decimal | None,
        found: Decimal | None,
        items: int,
        unit: str,
        where: str,
        rule_id: str = "",
    ) -> None:
        """A finding unless found = expected; rule is the formula as the reader sees it, rule_id its stable name."""
        if expected is None or found is None:
            return  # an unreadable cell is reported once, not again as a sum error
        diff = found - expected
        if diff == 0:
            return
        severity = Severity.ROUNDING if abs(diff) <= CENT * max(items, 1) else Severity.ERROR
        self.findings.append(Finding.new(
            self.doc.doc_id, rule, severity,
            f"{self.doc.source_file}: {where}: printed {found} {unit}, expected {expected} {unit} ({rule})",
            table=table, row=row, column=column, expected=expected, found=found, difference=diff, unit=unit,
            rule_id=rule_id))

    def sum_across(self, view: TableView, side: str, row: str, total: str, parts: list[str] | tuple[str, ...],
                   items: int | None = None, rule_id: str = "row_sum") -> None:
        """A row's `total` column against the sum of its `parts` columns (`items`: how many figures the rounding
        allows for, by default the parts)."""
        self.compare(view.table.table_key, row, total, f"{total} = {' + '.join(parts)}",
                     sum_or_none(view.get(side, row, p) for p in parts), view.get(side, row, total),
                     len(parts) if items is None else items, view.unit,
                     f"table {view.table.table_key}, row {row}, column {total}", rule_id=rule_id)

    def cross(self, a: tuple[str, str, str], x: Decimal, b: tuple[str, str, str], y: Decimal, unit: str) -> None:
        """A figure two tables (table, row, column) print differently is a finding on each of them: either may be
        the misprinted or the misread one, and a reader of either table must see it."""
        for (t, r, c), found, (t2, r2, c2), expected in ((b, y, a, x), (a, x, b, y)):
            self.compare(t, r, c, f"{t2} {r2}/{c2} = {t} {r}/{c}", expected, found, 1, unit,
                         f"table {t} {r}/{c} vs table {t2} {r2}/{c2}", rule_id="cross_table")


def validate_document(doc: Document) -> list[Finding]:
    checker = Checker(doc)
    # Only the standard tables: their layout is known, so a failed sum is the report's, not ours.
    views = {t.table_key: TableView(t) for t in doc.tables if t.table_key in spec.final_keys()}
    for key, view in views.items():
        _row_sums(checker, key, view)
        hierarchy_sums(checker, view)
    for table in sorted(spec.specs(FINAL), key=lambda t: t.numbers):  # the summaries in 公开NN order: 01, then 04
        view = views.get(table.key)
        for rule in table.summary_totals if view else ():
            carried = [
                next((r for r in words if (rule.side, r) in view.values), words[0]) for words in rule.carry_overs
            ]
            for column in rule.columns or view.columns(rule.side):
                _summary(checker, view, rule.side, rule.subtotal, carried, column)
    if GENERAL_BUDGET_BASIC_EXPENDITURE in views:
        _basic(checker, views[GENERAL_BUDGET_BASIC_EXPENDITURE])
    _cross_tables(checker, views)
    return checker.findings


def _row_sums(ch: Checker, kind: str, view: TableView) -> None:
    for identity in spec.identities(kind):
        total, parts = identity.total, identity.parts
        for side, row in view.rows:
            vals = view.values[(side, row)]
            present = [p for p in parts if p in vals]
            if total not in vals and not present:
                continue
            if identity.side and side != identity.side:
                continue
            ch.sum_across(view, side, row, total, parts, items=len(present) or 1)


def hierarchy_sums(ch: Checker, view: TableView) -> None:
    """类 = sum of its 款, 款 = sum of its 项, 合计 = sum of the 类, in every amount column."""
    for side in {s for s, _ in view.rows}:
        codes = view.coded(side)
        children: dict[str, list[str]] = defaultdict(list)
        for code in codes:
            if len(code) in (5, 7) and code[:-2] in codes:
                children[code[:-2]].append(code)
        groups = list(children.items())
        classes = [c for c in codes if len(c) == 3]
        total_row = next((r for s, r in view.rows if s == side and r in ("合计", "总计")), None)
        if total_row and classes and not side and view.table.table_key != GENERAL_BUDGET_BASIC_EXPENDITURE:
            groups.append((total_row, classes))
        for parent, kids in groups:
            for column in view.columns():
                expected = sum_or_none(view.get(side, k, column) for k in kids)
                found = view.get(side, parent, column)
                ch.compare(
                    view.table.table_key,
                    parent,
                    column,
                    "parent = sum of children",
                    expected,
                    found,
                    len(kids),
                    view.unit,
                    f"table {view.table.table_key}, row {parent}, column {column}",
                    rule_id="parent_sum",
                )


def _summary(ch: Checker, view: TableView, side: str, subtotal: str, extras: list[str], column: str) -> None:
    """Two-sided summaries: subtotal = its items; 总计 = subtotal + carry-overs; both sides' 总计 agree."""
    if (side, subtotal) not in view.values:
        return
    items = [r for s, r in view.rows if s == side and r not in TOTAL_LABELS and r not in extras and "/" not in r]
    if side == "支出":
        items = [r for r in items if r.isdigit()]
    expected = sum_or_none(view.get(side, r, column) for r in items)
    where = f"table {view.table.table_key}, {side} {subtotal}, column {column}"
    ch.compare(
        view.table.table_key,
        subtotal,
        column,
        f"{subtotal} = sum of {side} items",
        expected,
        view.get(side, subtotal, column),
        len(items),
        view.unit,
        where,
        rule_id="subtotal_sum",
    )
    if (side, "总计") in view.values:
        extra_sum = ZERO
        for e in extras:
            value = view.get(side, e, column)
            if value == 0:  # carry-over printed only in its sub-rows
                value = sum_or_none(
                    v.get(column, ZERO) for (s, r), v in view.values.items() if s == side and r.startswith(e + "/")
                )
            extra_sum = sum_or_none([extra_sum, value])
        expected = sum_or_none([view.get(side, subtotal, column), extra_sum])
        ch.compare(
            view.table.table_key,
            "总计",
            column,
            f"总计 = {subtotal} + {' + '.join(extras)}",
            expected,
            view.get(side, "总计", column),
            1 + len(extras),
            view.unit,
            f"table {view.table.table_key}, {side} 总计, column {column}",
            rule_id="grand_total",
        )
    if (
        side == "支出"
        and column in ("决算数", "合计")
        and ("收入", "总计") in view.values
        and ("支出", "总计") in view.values
    ):
        ch.compare(
            view.table.table_key,
            "总计",
            column,
            "收入总计 = 支出总计",
            view.get("收入", "总计", "决算数"),
            view.get("支出", "总计", column),
            1,
            view.unit,
            f"table {view.table.table_key}, 总计",
            rule_id="totals_balance",
        )


def _basic(ch: Checker, view: TableView) -> None:
    classes = view.coded("")
    for label, wanted in (
        ("人员经费合计", lambda c: c[:3] in PERSONNEL_CLASSES),
        ("公用经费合计", lambda c: c[:3] not in PERSONNEL_CLASSES),
    ):
        if ("", label) not in view.values:
            continue
        rows = [c for c in classes if len(c) == 3 and wanted(c)]
        expected = sum_or_none(view.get("", c, "决算数") for c in rows)
        ch.compare(
            view.table.table_key,
            label,
            "决算数",
            f"{label} = sum of its classes",
            expected,
            view.get("", label, "决算数"),
            len(rows),
            view.unit,
            f"table {view.table.table_key}, row {label}",
            rule_id="class_sum",
        )


def _cross_tables(ch: Checker, views: dict[str, TableView]) -> None:
    """The same figure printed in two tables must agree."""
    def pair(a: str, a_side: str, a_row: str, a_col: str, b: str, b_side: str, b_row: str, b_col: str) -> None:
        if a not in views or b not in views:
            return
        va, vb = views[a], views[b]
        if not (va.has(a_side, a_row) and vb.has(b_side, b_row)):
            return
        x, y = va.get(a_side, a_row, a_col), vb.get(b_side, b_row, b_col)
        if x is None or y is None:
            return
        if va.unit != vb.unit:
            x, y, unit = to_yuan(x, va.unit), to_yuan(y, vb.unit), "元"
        else:
            unit = va.unit
        ch.cross((a, a_row, a_col), x, (b, b_row, b_col), y, unit)

    for cross in FINAL_CROSS:  # juesuan/spec/cross.py; a final account's figures are worded one way: the first
        a, b = cross.a, cross.b
        if not cross.per_code:
            pair(a.table, a.side, a.rows[0], a.columns[0], b.table, b.side, b.rows[0], b.columns[0])
        elif a.table in views:
            for code in views[a.table].coded(a.side):
                pair(a.table, a.side, code, a.columns[0], b.table, b.side, code, b.columns[0])
    if GENERAL_BUDGET_EXPENDITURE in views and GENERAL_BUDGET_BASIC_EXPENDITURE in views:
        basic = views[GENERAL_BUDGET_BASIC_EXPENDITURE]
        parts = [basic.get("", r, "决算数") for r in ("人员经费合计", "公用经费合计")]
        found = views[GENERAL_BUDGET_EXPENDITURE].get("", "合计", "基本支出")
        if basic.has("", "人员经费合计") and basic.unit == views[GENERAL_BUDGET_EXPENDITURE].unit:
            ch.compare(
                GENERAL_BUDGET_BASIC_EXPENDITURE,
                "人员经费合计+公用经费合计",
                "决算数",
                "05 基本支出 = 06 人员经费 + 公用经费",
                found,
                sum_or_none(parts),
                2,
                basic.unit,
                "table general_budget_basic_expenditure totals vs table general_budget_expenditure 合计/基本支出",
                rule_id="basic_split",
            )
