"""Several reports in one file: where a second report begins, so that it is named, not read as the first one's.

Two departments' final accounts concatenated, a final account and a budget, or one report twice came out as one
document: every cell under the first report's department and year, the second's tables as `income_2`,
`expenditure_4` (issue 31). A report prints its tables in a fixed order, so a second report shows as the
first table of the run coming back with its title after other tables (公开01表 again), or as titles
switching between 决算 and 预算 after a run of the other. later_reports() names the page each further report
begins on and what differs there (department, year, kind); the file is not split (a later step may).
A table whose title repeats on its continuation pages is one table (the key comes back with nothing between).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from juesuan import spec
from juesuan.extract.layout import PageLayout, detect_department, detect_report, detect_year
from juesuan.extract.titles import normalized, report_of_title
from juesuan.model import Table

MIN_TABLES = 2  # tables a report prints before a switch of 决算/预算 titles says another report begins
MIN_KINDS = 3  # different tables a report prints before its first one coming back says another report begins
# (a contents page read as the first table's page, then many 绩效自评表, then the tables: one report)


@dataclass(frozen=True)
class ReportStart:
    page: int  # where the further report begins
    why: str  # what shows it: the first table again, titles of the other kind, and what differs


def later_reports(layouts: list[PageLayout]) -> list[ReportStart]:
    """The pages further reports begin on, in page order (empty for a file holding one report)."""
    starts: list[tuple[int, str]] = []  # (index into layouts, why)
    first_key, last_key, keys, kinds = "", "", set(), []
    for i, layout in enumerate(layouts):
        if layout.kind != "table" or not layout.table_key or not layout.title:
            continue
        kind = _kind(layout.title)
        why = ""
        if layout.table_key == first_key and last_key != first_key and len(keys) >= MIN_KINDS:
            why = f"its first table ({layout.title}) begins again"
        elif kind and len(kinds) >= MIN_TABLES and all(k != kind for k in kinds):
            why = f"its table titles turn from {kinds[0]} to {kind} ({layout.title})"
        if why:
            starts.append((i, why))
            first_key, keys, kinds = "", set(), []
        first_key = first_key or layout.table_key
        keys.add(layout.table_key)
        last_key = layout.table_key
        kinds += [kind] if kind else []
    bounds = [0, *(i for i, _ in starts), len(layouts)]
    runs = [layouts[a:b] for a, b in zip(bounds, bounds[1:])]
    return [ReportStart(layouts[i].number, why + _differences(runs[0], run))
            for (i, why), run in zip(starts, runs[1:])]


def _kind(title: str) -> str:
    """决算 or 预算 when the title says which (many titles say neither: 政府采购情况表, 绩效自评表)."""
    said = normalized(title)
    return "" if ("决算" in said) == ("预算" in said) else report_of_title(title)


def _differences(first: list[PageLayout], later: list[PageLayout]) -> str:
    """"; department X, not Y" and the like: what the later report says that the first does not."""
    said = []
    for what, detect in (("department", detect_department), ("year", detect_year), ("report", detect_report)):
        a, b = detect(first), detect(later)
        if b and a != b:
            said.append(f"{what} {b}, not {a or 'unknown'}")
    return "; " + ", ".join(said) if said else "; the same department, year and report again"


_REPEAT = re.compile(r"^(?P<kind>.+)_(?P<n>\d+)$")


@dataclass(frozen=True)
class RepeatedTable:
    key: str  # the repeat's own key ("income_2")
    kind: str  # the standard table it repeats ("income")
    page: int  # where the repeat begins
    first_page: int  # where the table was first printed


_ENUMERATOR = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]|表[一二三四五六七八九十\d]+)")


def _same_title(a: str, b: str) -> bool:
    """Two titles that print the same table: alike but for a leading enumerator ("（一）", "表1")."""
    return _ENUMERATOR.sub("", normalized(a)) == _ENUMERATOR.sub("", normalized(b))


def repeated_tables(tables: list[Table], starts: list[ReportStart]) -> list[RepeatedTable]:
    """Standard tables printed again, under the same title, in the report they belong to (TableAssembler keys a
    second one `<key>_2`): the cells of both are kept, under two keys, and an analyst must be told which is which.
    Tables of one kind under other titles are other tables (a 绩效自评表 per project; 基本支出 and 项目支出 budget
    tables both keyed budget_expenditure), and a table of a further report (at or after its first ReportStart) is
    that report's, named by `second_report` already."""
    standard = set(spec.table_keys())
    first: dict[str, Table] = {t.table_key: t for t in tables if t.pages}
    until = min((s.page for s in starts), default=None)
    out = []
    for table in tables:
        m = _REPEAT.match(table.table_key)
        original = first.get(m["kind"]) if m and m["kind"] in standard else None
        if original is None or not table.pages or not _same_title(table.title, original.title):
            continue
        if until is None or table.pages[0] < until:
            out.append(RepeatedTable(table.table_key, m["kind"], table.pages[0], original.pages[0]))
    return out
