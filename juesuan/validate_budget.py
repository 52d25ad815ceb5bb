"""Arithmetic a budget's (部门预算) printed tables must satisfy, with the rounding rule of validate.py.

Budgets have their own identities: the summaries' 总计 agree on both sides and add up their items;
合计 = Σ类, 类 = Σ款 = Σ项; 基本 + 项目 (+ the other uses) = 合计; the sources of funds add to 合计;
人员经费 + 公用经费 = 合计; the same figure printed in two tables agrees. Regions word the rows of
their summaries differently (当年收入小计 / 本年收入合计, 上年结转资金 / 上年结转 …): each identity
names the words it accepts, and is skipped where the table prints none of them.
"""
from __future__ import annotations

from decimal import Decimal

from juesuan import spec
from juesuan.model import Document
from juesuan.normalize.amounts import to_yuan
from juesuan.spec.budget_summaries import (
    BASIC_PARTS,
    CARRIED_IN,
    CARRIED_OUT,
    FISCAL_ROWS,
    GRAND,
    SOURCE_GROUPS,
    SOURCES,
    SUBTOTALS,
    UNIT_ROWS,
    USE_ROWS,
)
from juesuan.spec.cross import BUDGET_CROSS, TOTAL
from juesuan.spec.keys import (
    BUDGET_FISCAL_SUMMARY,
    BUDGET_INCOME,
    BUDGET_SUMMARY,
)
from juesuan.validate import Checker, TableView, hierarchy_sums, sum_or_none

ZERO = Decimal(0)


def validate_budget(doc: Document) -> list:
    checker = Checker(doc)
    views = {t.table_key: TableView(t) for t in doc.tables if t.table_key in spec.budget_keys()}
    for key, view in views.items():
        _row_sums(checker, key, view)
        hierarchy_sums(checker, view)
        if key == BUDGET_INCOME:
            _sources(checker, view)
    for key in (BUDGET_SUMMARY, BUDGET_FISCAL_SUMMARY):
        if key in views:
            _summary(checker, views[key])
    _cross_tables(checker, views)
    return checker.findings


def total_column(view: TableView, side: str = "") -> str | None:
    """The column holding a row's total in this table (合计, else the single 预算数)."""
    columns = view.columns(side) if side else view.columns()
    return next((c for c in TOTAL if c in columns), None)


def _row_sums(ch: Checker, key: str, view: TableView) -> None:
    for identity in spec.identities(key):
        total, parts = identity.total, identity.parts
        for side, row in view.rows:
            values = view.values[(side, row)]
            present = [p for p in parts if p in view.columns()]
            if "基本支出" in parts and "基本支出" not in view.columns():  # printed in its parts (Huzhou 03, 05)
                present += [p for p in BASIC_PARTS if p in view.columns()]
            if (
                total not in view.columns()
                or not any(p in values for p in present)
                or (identity.side and side != identity.side)
            ):
                continue
            ch.sum_across(view, side, row, total, present)


def _sources(ch: Checker, view: TableView) -> None:
    """Columns of sources of funds: 合计 = the sources printed (a group, or its parts where the group
    is not printed), and each printed group = its parts."""
    columns = view.columns()
    if "合计" not in columns:
        return
    parts: list[str] = []
    for source in SOURCES:
        if source in columns:
            parts.append(source)
        else:
            parts += [p for p in SOURCE_GROUPS.get(source, []) if p in columns]
    # any other column is a source too, but not one printed under a group (本年收入/合计, 上年结转结余/一般公共预算):
    # those are the group's total or its parts, the group counted once by its own column
    parts += [
        p
        for p in columns
        if p not in parts
        and p != "合计"
        and p not in {c for g in SOURCE_GROUPS.values() for c in g}
        and not p.startswith("上年预算数")
        and p != "预算数"
        and "/" not in p
    ]
    for side, row in view.rows:
        if parts:
            ch.sum_across(view, side, row, "合计", parts)
        for group, members in SOURCE_GROUPS.items():
            printed = [m for m in members if m in columns]
            if group in columns and printed:
                ch.sum_across(view, side, row, group, printed, rule_id="group_sum")


def _labels(view: TableView, side: str) -> list[str]:
    return [r for s, r in view.rows if s == side]


def _summary(ch: Checker, view: TableView) -> None:
    """Two-sided summaries: each side's subtotal = its items, its total = subtotal + carry-overs,
    and the two sides' totals agree, in every amount column of the side."""
    totals: dict[str, tuple[str, str]] = {}
    for side in ("收入", "支出"):
        labels = _labels(view, side)
        total = "总计" if "总计" in labels else GRAND[side] if GRAND[side] in labels else None
        subtotal = next((s for s in SUBTOTALS[side] if s in labels), None)
        if subtotal is None and total == "总计" and GRAND[side] in labels:
            subtotal = GRAND[side]
        carried = CARRIED_IN if side == "收入" else CARRIED_OUT
        for column in view.columns(side):
            for name, items in _item_lists(view, side, labels):
                target = subtotal or (total if not any(r in carried for r in labels) else None)
                if name == "uses" and not any(view.get(side, r, column) for r in items):
                    continue  # uses named among the classes, each 0.00 (Guangzhou's 对附属单位补助支出): no list by use
                if target and items:
                    expected = sum_or_none(view.get(side, r, column) for r in items)
                    ch.compare(
                        view.table.table_key,
                        target,
                        column,
                        f"{target} = sum of {side} {name}",
                        expected,
                        view.get(side, target, column),
                        len(items),
                        view.unit,
                        f"table {view.table.table_key}, {side} {target}, column {column}",
                        rule_id="subtotal_sum",
                    )
            if total and subtotal:
                extras = [r for r in labels if r in carried]
                expected = sum_or_none([view.get(side, subtotal, column)] + [view.get(side, r, column) for r in extras])
                ch.compare(
                    view.table.table_key,
                    total,
                    column,
                    f"{total} = {' + '.join([subtotal] + extras)}",
                    expected,
                    view.get(side, total, column),
                    1 + len(extras),
                    view.unit,
                    f"table {view.table.table_key}, {side} {total}, column {column}",
                    rule_id="grand_total",
                )
            if side == "收入":
                _fiscal_parts(ch, view, labels, column)
        if total:
            totals[side] = (total, total_column(view, side) or "")
    if len(totals) == 2 and all(column for _, column in totals.values()):
        (ti, ci), (to, co) = totals["收入"], totals["支出"]
        ch.compare(
            view.table.table_key,
            to,
            co,
            "收入总计 = 支出总计",
            view.get("收入", ti, ci),
            view.get("支出", to, co),
            1,
            view.unit,
            f"table {view.table.table_key}, 收入 {ti} vs 支出 {to}",
            rule_id="totals_balance",
        )


def _fiscal_parts(ch: Checker, view: TableView, labels: list[str], column: str) -> None:
    """财政拨款 (收入) = its 一般公共预算 / 政府性基金 / 国有资本经营预算 rows printed under it."""
    group = next((g for g in ("财政拨款", "财政拨款收入") if g in labels), None)
    parts = [r for r in labels if r in FISCAL_ROWS]
    if group and parts:
        expected = sum_or_none(view.get("收入", r, column) for r in parts)
        ch.compare(
            view.table.table_key,
            group,
            column,
            f"{group} = {' + '.join(parts)}",
            expected,
            view.get("收入", group, column),
            len(parts),
            view.unit,
            f"table {view.table.table_key}, 收入 {group}, column {column}",
            rule_id="group_sum",
        )


def _item_lists(view: TableView, side: str, labels: list[str]) -> list[tuple[str, list[str]]]:
    """The lists of rows that each add up to a side's subtotal: income by source (a group's parts
    only where the group is not printed); spending by function class and, separately, by use."""
    if side == "收入":
        groups = {"财政拨款": FISCAL_ROWS, "财政拨款收入": FISCAL_ROWS, "单位资金": UNIT_ROWS}
        hidden = set().union(*(rows for group, rows in groups.items() if group in labels))
        named = set().union(*SUBTOTALS.values(), GRAND.values(), {"总计"}, CARRIED_IN)
        subtotal = next((i for i, r in enumerate(labels) if r in SUBTOTALS[side]), None)
        if subtotal is not None and subtotal > 0:
            labels = labels[:subtotal]  # what a subtotal adds is printed above it (below: the carry-over's parts)
        return [("items", [r for r in labels if r not in named and r not in hidden and "/" not in r])]
    classes = [r for r in labels if r.isdigit() and len(r) == 3]
    uses = [r for r in labels if r in USE_ROWS]
    return [(name, rows) for name, rows in (("classes", classes), ("uses", uses)) if rows]


def _cross_tables(ch: Checker, views: dict[str, TableView]) -> None:
    """The same figure printed in two tables must agree (in 元 where their units differ)."""
    def value(key: str, side: str, rows: tuple[str, ...], columns: tuple[str, ...]) -> tuple[str, str, Decimal] | None:
        view = views.get(key)
        if view is None:
            return None
        row = next((r for r in rows if view.has(side, r)), None)
        column = next((c for c in columns if c in view.columns(side)), None)
        if row is None or column is None:
            return None
        found = view.get(side, row, column)
        return (row, column, found) if found is not None else None

    def pair(a: str, a_side: str, a_rows: tuple[str, ...], a_cols: tuple[str, ...],
             b: str, b_side: str, b_rows: tuple[str, ...], b_cols: tuple[str, ...]) -> None:
        x, y = value(a, a_side, a_rows, a_cols), value(b, b_side, b_rows, b_cols)
        if x is None or y is None:
            return
        (ar, ac, xv), (br, bc, yv) = x, y
        unit = views[a].unit
        if views[a].unit != views[b].unit:
            xv, yv, unit = to_yuan(xv, views[a].unit), to_yuan(yv, views[b].unit), "元"
        ch.cross((a, ar, ac), xv, (b, br, bc), yv, unit)

    for cross in BUDGET_CROSS:  # juesuan/spec/cross.py
        a, b = cross.a, cross.b
        if not cross.per_code:
            pair(a.table, a.side, a.rows, a.columns, b.table, b.side, b.rows, b.columns)
        elif a.table in views:
            for code in views[a.table].coded(a.side):
                pair(a.table, a.side, (code,), a.columns, b.table, b.side, (code,), b.columns)
