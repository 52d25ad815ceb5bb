"""What a standard table is, as data: `TableSpec`, one per table, and the `Identity` its rows satisfy.

Readers (titles, columns, interpret, tables, layout) and checks (contract, validate, validate_budget, suggest,
execution) learn a table from its TableSpec; nothing here reads a page or checks a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import regex as re

Vocabulary = Mapping[str, tuple[str, ...]]  # column key → the printed header words it is known by

# how a header path becomes a column key where one lookup in the table's vocabularies is not enough
HEADER_RULES = frozenset(
    {
        "",  # the leaf's word, looked up in the table's vocabularies in order; unknown → the path joined
        "groups",  # side-by-side groups (人员经费 | 公用经费) each with its own 决算数: the group is the row's
        "group_subtotal",  # a 小计/合计 under a group (本年收入, 本年支出) is that group's total
        "three_public",  # 预算数/决算数 stages over the 三公 items (final accounts), or the items alone (budgets)
    }
)
CODES = frozenset({"function", "economic"})  # the classification a table's row codes belong to


@dataclass(frozen=True)
class Identity:
    """On every row printing the total or a part: total column = the sum of the parts columns.

    `side`: only on rows of that side of a two-sided table ("" = every row). `reading`: the reader also uses it
    to choose between two readings of a page (extract/readings.py, extract/tables.py); else only checks do."""

    total: str
    parts: tuple[str, ...]
    side: str = ""
    reading: bool = True

    def columns(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class SummaryTotal:
    """A two-sided summary's side (final accounts): `subtotal` = the side's items, 总计 = subtotal + carry-overs,
    and both sides' 总计 agree (juesuan/validate.py). Each carry-over is given as the words regions print it, the
    first printed taken; `columns`: the columns checked (empty: every amount column of the side)."""

    side: str
    subtotal: str
    carry_overs: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...] = ()


def _frozen(mapping: Mapping | None) -> Mapping | None:
    return None if mapping is None else MappingProxyType(dict(mapping))


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One standard table of one kind of report (决算 or 预算). Mappings by side: "" for a one-sided table,
    "收入"/"支出" for the two sides of a summary."""

    key: str  # cells.csv's table_key
    report: str  # keys.FINAL or keys.BUDGET
    title: str  # as the national template (or the usual region) prints it: the README's name for it
    title_patterns: tuple[re.Pattern, ...]  # searched in the normalized title (extract/titles.py)
    numbers: tuple[str, ...] = ()  # the 公开NN表 numbers this table bears in its kind of report
    sides: tuple[str, ...] = ("",)
    header_words: Mapping[str, tuple[Vocabulary, ...]] = field(default_factory=dict)  # side → vocabularies
    header_rule: str = ""  # one of HEADER_RULES
    columns: Mapping[str, tuple[str, ...]] | None = None  # side → standard column keys; None: keeps any it prints
    mandatory: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # side → keys; "a|b": either is enough
    prefixed_columns: bool = False  # 上年预算数/<key> and <printed group>/<key> are standard too (budgets)
    identities: tuple[Identity, ...] = ()
    summary_totals: tuple[SummaryTotal, ...] = ()  # two-sided summaries of final accounts
    codes: str = "function"  # one of CODES
    summary_rows: Mapping[str, frozenset[str]] = field(default_factory=dict)  # side → rows printed by name
    named_rows: bool = False  # may print no code at all: rows by source, item or project
    unnamed_total: bool = False  # its one row printed without a name is its 合计
    grouped_list: bool = False  # rows printed group after group (301, 30101 … then 302 …), not as one list
    stacked_stages: bool = False  # rows 预算数 / 决算数 under one header of items (the 09 table stacked)
    text_only: bool = False  # kept as a table of text: its figures are targets, not amounts
    note: str = ""  # what the README says of it beyond title, number, sides and codes

    def __post_init__(self) -> None:
        for name in ("header_words", "columns", "mandatory", "summary_rows"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        assert self.header_rule in HEADER_RULES, self.header_rule
        assert self.codes in CODES, self.codes

    @property
    def two_sided(self) -> bool:
        return self.sides != ("",)

    def vocabularies(self, side: str) -> tuple[Vocabulary, ...] | None:
        """The header vocabularies of a side, in lookup order (the side's own, else the table's)."""
        return self.header_words.get(side) or self.header_words.get("")

    def standard_columns(self, side: str) -> tuple[str, ...]:
        return (self.columns or {}).get(side, ())
