"""Identities across tables: the same figure printed in two tables of one report agrees.

Each names a figure of table `a` and the figure of table `b` that must equal it; rows and columns are given as
the words regions print, the first printed taken (budgets word their summaries differently). `per_code`: the
identity holds for every class code side `a.side` of table `a` prints, in place of the rows given.
Read by juesuan/validate.py (final accounts) and juesuan/validate_budget.py (budgets); `COUNTERPARTS` pair a final
account's tables with the budget's that print the same figures (juesuan/execution.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from juesuan.spec.keys import (
    BUDGET_EXPENDITURE,
    BUDGET_FISCAL_BASIC,
    BUDGET_FISCAL_EXPENDITURE,
    BUDGET_FISCAL_SUMMARY,
    BUDGET_GENERAL,
    BUDGET_GENERAL_BASIC,
    BUDGET_GENERAL_PROJECT,
    BUDGET_GOVERNMENT_FUND,
    BUDGET_INCOME,
    BUDGET_OFFICE_OPERATION,
    BUDGET_STATE_CAPITAL,
    BUDGET_SUMMARY,
    BUDGET_THREE_PUBLIC,
    EXPENDITURE,
    FISCAL_APPROPRIATION_SUMMARY,
    GENERAL_BUDGET_BASIC_EXPENDITURE,
    GENERAL_BUDGET_EXPENDITURE,
    GOVERNMENT_FUND,
    INCOME,
    INCOME_EXPENDITURE_SUMMARY,
    STATE_CAPITAL,
    THREE_PUBLIC,
)
from juesuan.spec.words import THREE_PUBLIC_ITEMS


@dataclass(frozen=True)
class Figure:
    """One printed figure: a table's side, its row (the first of `rows` printed) and column (likewise)."""

    table: str
    side: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class CrossIdentity:
    a: Figure
    b: Figure
    per_code: bool = False

    def tables(self) -> tuple[str, str]:
        return self.a.table, self.b.table


def _f(table: str, side: str, row: str | tuple[str, ...], column: str | tuple[str, ...]) -> Figure:
    return Figure(
        table, side, (row,) if isinstance(row, str) else row, (column,) if isinstance(column, str) else column
    )


_IES, _FAS = INCOME_EXPENDITURE_SUMMARY, FISCAL_APPROPRIATION_SUMMARY
FINAL_CROSS: tuple[CrossIdentity, ...] = (
    CrossIdentity(_f(_IES, "收入", "本年收入合计", "决算数"), _f(INCOME, "", "合计", "本年收入合计")),
    CrossIdentity(_f(_IES, "支出", "本年支出合计", "决算数"), _f(EXPENDITURE, "", "合计", "本年支出合计")),
    CrossIdentity(
        _f(_IES, "收入", "一般公共预算财政拨款收入", "决算数"), _f(_FAS, "收入", "一般公共预算财政拨款", "决算数")
    ),
    CrossIdentity(
        _f(_FAS, "支出", "本年支出合计", "一般公共预算财政拨款"),
        _f(GENERAL_BUDGET_EXPENDITURE, "", "合计", "本年支出合计"),
    ),
    CrossIdentity(
        _f(_FAS, "支出", "本年支出合计", "政府性基金预算财政拨款"), _f(GOVERNMENT_FUND, "", "合计", "本年支出合计")
    ),
    CrossIdentity(_f(_IES, "支出", (), "决算数"), _f(EXPENDITURE, "", (), "本年支出合计"), per_code=True),
    CrossIdentity(
        _f(_FAS, "支出", (), "一般公共预算财政拨款"),
        _f(GENERAL_BUDGET_EXPENDITURE, "", (), "本年支出合计"),
        per_code=True,
    ),
)

TOTALS = ("合计", "总计")  # a table's total row
TOTAL = ("合计", "预算数")  # the column holding a row's total: 合计 beside its parts, else the one amount
SPENT = ("当年支出小计", "本年支出小计", "本年支出合计", "支出合计", "总计")  # a budget summary's spending total
_BS, _BFS = BUDGET_SUMMARY, BUDGET_FISCAL_SUMMARY
BUDGET_CROSS: tuple[CrossIdentity, ...] = (
    CrossIdentity(_f(_BS, "收入", ("总计", "收入合计"), "预算数"), _f(BUDGET_INCOME, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BS, "支出", SPENT, "预算数"), _f(BUDGET_EXPENDITURE, "", TOTALS, TOTAL)),
    *(
        CrossIdentity(_f(_BS, "支出", use, "预算数"), _f(BUDGET_EXPENDITURE, "", TOTALS, use))
        for use in ("基本支出", "项目支出", "单位预留机动经费")
    ),
    CrossIdentity(_f(_BFS, "支出", SPENT, "一般公共预算"), _f(BUDGET_GENERAL, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BFS, "支出", SPENT, "政府性基金预算"), _f(BUDGET_GOVERNMENT_FUND, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BFS, "支出", SPENT, "国有资本经营预算"), _f(BUDGET_STATE_CAPITAL, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BFS, "支出", SPENT, TOTAL), _f(BUDGET_FISCAL_EXPENDITURE, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BFS, "支出", "基本支出", TOTAL), _f(BUDGET_FISCAL_BASIC, "", TOTALS, TOTAL)),
    CrossIdentity(_f(BUDGET_GENERAL, "", TOTALS, "基本支出"), _f(BUDGET_GENERAL_BASIC, "", TOTALS, TOTAL)),
    CrossIdentity(_f(BUDGET_GENERAL, "", TOTALS, "项目支出"), _f(BUDGET_GENERAL_PROJECT, "", TOTALS, TOTAL)),
    CrossIdentity(_f(BUDGET_THREE_PUBLIC, "", TOTALS, "机关运行经费"), _f(BUDGET_OFFICE_OPERATION, "", TOTALS, TOTAL)),
    CrossIdentity(_f(_BS, "支出", (), "预算数"), _f(BUDGET_EXPENDITURE, "", (), TOTAL), per_code=True),
    CrossIdentity(_f(_BFS, "支出", (), "一般公共预算"), _f(BUDGET_GENERAL, "", (), TOTAL), per_code=True),
)

_SPENT_USES = {"本年支出合计": ("合计", "预算数"), "基本支出": ("基本支出",), "项目支出": ("项目支出",)}


@dataclass(frozen=True)
class Counterpart:
    """A final-account table, the budget table printing the same figures, and its columns: final column → the
    budget columns that may hold its budget (the first printed is taken). Read by juesuan/execution.py."""

    final: str
    budget: str
    columns: Mapping[str, tuple[str, ...]]
    side: str = ""
    coded_only: bool = False  # two-sided summaries: only their class rows (and 总计) pair


COUNTERPARTS: tuple[Counterpart, ...] = (
    Counterpart(EXPENDITURE, BUDGET_EXPENDITURE, _SPENT_USES),
    Counterpart(GENERAL_BUDGET_EXPENDITURE, BUDGET_GENERAL, _SPENT_USES),
    Counterpart(GOVERNMENT_FUND, BUDGET_GOVERNMENT_FUND, _SPENT_USES),
    Counterpart(STATE_CAPITAL, BUDGET_STATE_CAPITAL, _SPENT_USES),
    Counterpart(GENERAL_BUDGET_BASIC_EXPENDITURE, BUDGET_GENERAL_BASIC, {"决算数": ("合计", "预算数")}),
    Counterpart(
        INCOME,
        BUDGET_INCOME,
        {
            "本年收入合计": ("合计", "预算数"),
            "财政拨款收入": ("财政拨款",),
            "事业收入": ("事业收入",),
            "经营收入": ("事业单位经营收入",),
            "其他收入": ("其他收入",),
        },
    ),
    Counterpart(THREE_PUBLIC, BUDGET_THREE_PUBLIC, {f"决算数/{key}": (key,) for key in THREE_PUBLIC_ITEMS}),
    Counterpart(INCOME_EXPENDITURE_SUMMARY, BUDGET_SUMMARY, {"决算数": ("预算数",)}, side="支出", coded_only=True),
    Counterpart(
        FISCAL_APPROPRIATION_SUMMARY,
        BUDGET_FISCAL_SUMMARY,
        {
            "合计": ("合计", "预算数"),
            "一般公共预算财政拨款": ("一般公共预算",),
            "政府性基金预算财政拨款": ("政府性基金预算",),
            "国有资本经营预算财政拨款": ("国有资本经营预算",),
        },
        side="支出",
        coded_only=True,
    ),
)
