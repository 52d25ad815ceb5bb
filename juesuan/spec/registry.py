"""The catalogue: every standard table's TableSpec, and the questions readers and checks ask of it.

Lookups read the registry when called, so a table registered later (`registered`, used by tests) is seen by
titles, columns and the contract alike; `generation()` changes with every registration, for the caches that
depend on it (extract/titles.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import regex as re

from juesuan.spec.budget import BUDGET_SPECS
from juesuan.spec.final import FINAL_SPECS
from juesuan.spec.keys import BUDGET, FINAL
from juesuan.spec.table import TableSpec

_SPECS: dict[str, TableSpec] = {s.key: s for s in FINAL_SPECS + BUDGET_SPECS}
_generation = [0]

# a group printed over a total and its parts (Huzhou's 收入总表: 总计 | 本年收入: 小计 一般公共预算 … |
# 上年结转结余: 小计 一般公共预算 …): the same standard keys under each group are that group's
# (本年收入/合计, 上年结转结余/一般公共预算)
PRINTED_GROUP = re.compile(r"(?:本年|当年)(?:收入|支出|预算)|编制预算|上年结转(?:和)?(?:结余)?")


def generation() -> int:
    return _generation[0]


@contextmanager
def registered(spec: TableSpec) -> Iterator[TableSpec]:
    """The catalogue with one more table while the block runs (a new table's tests; see docs/architecture.md)."""
    assert spec.key not in _SPECS, f"table {spec.key} is already in the catalogue"
    _SPECS[spec.key] = spec
    _generation[0] += 1
    try:
        yield spec
    finally:
        del _SPECS[spec.key]
        _generation[0] += 1


def get(key: str) -> TableSpec | None:
    """The spec of a table key (None: not a standard table; "expenditure_2" is not one either)."""
    return _SPECS.get(key)


def specs(report: str | None = None) -> list[TableSpec]:
    """The standard tables of a kind of report (all without one), in the order their titles are tried."""
    return [s for s in _SPECS.values() if report is None or s.report == report]


def table_keys(report: str | None = None) -> list[str]:
    return [s.key for s in specs(report)]


def report_of_key(key: str) -> str:
    """决算 or 预算: the kind of report a table key belongs to (a key outside the catalogue by its budget_ prefix)."""
    table = get(key)
    return table.report if table else BUDGET if key.startswith("budget_") else FINAL


def final_keys() -> list[str]:
    """The standard tables of a final account: the only ones validate.py checks."""
    return table_keys(FINAL)


def budget_keys() -> list[str]:
    return table_keys(BUDGET)


def numbered(number: str, report: str) -> str:
    """The table a 公开NN表 number names in a report of this kind ("" if the numbering has no such table)."""
    return next((s.key for s in specs(report or FINAL) if number in s.numbers), "")


def number_of(key: str) -> str:
    """A table's (first) 公开NN number, "" if it has none."""
    spec = get(key)
    return spec.numbers[0] if spec and spec.numbers else ""


def standard_columns(key: str) -> dict[str, tuple[str, ...]] | None:
    """side → the table's standard column keys; None for a table outside the catalogue or one that keeps any key."""
    spec = get(key)
    return None if spec is None or spec.columns is None else dict(spec.columns)


def is_standard_column(key: str, side: str, column: str) -> bool:
    """Whether a column key is one of a standard table's (a table outside the catalogue keeps any key it prints).
    Budgets' tables also own 上年预算数/<key> and <printed group>/<key> of their keys."""
    spec = get(key)
    if spec is None or spec.columns is None:
        return True
    keys_ = spec.standard_columns(side)
    if column in keys_:
        return True
    group, _, rest = column.partition("/")
    return spec.prefixed_columns and rest in keys_ and (group == "上年预算数" or bool(PRINTED_GROUP.fullmatch(group)))


def identities(key: str, reading: bool = False):
    """The identities of a table's rows; with reading=True only those the reader uses to choose a reading."""
    spec = get(key)
    return [i for i in (spec.identities if spec else ()) if i.reading or not reading]
