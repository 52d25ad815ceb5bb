"""Printed column headers of budget tables (部门预算) → their standard column keys.

Budgets print budget terms, never 决算数: a table with one amount column per side keys it 预算数
(printed 金额, 预算数, 2024年预算数 …); a table printing a total beside its parts keys the total 合计
and the parts by what they are (sources of funds: 一般公共预算, 财政专户管理资金, 单位资金 …; uses:
基本支出, 项目支出 …; economic groups: 人员经费, 公用经费). A previous year's budget printed beside this
year's is 上年预算数 (or 上年预算数/<key>). The words of each key are the table's spec (juesuan/spec).
"""
from __future__ import annotations

import regex as re

from juesuan import spec
from juesuan.spec.keys import THREE_PUBLIC
from juesuan.spec.registry import PRINTED_GROUP
from juesuan.spec.words import BUDGET_AMOUNT as AMOUNT
from juesuan.spec.words import BUDGET_THREE_PUBLIC_ITEMS as THREE_PUBLIC_ITEMS
from juesuan.spec.words import THREE_PUBLIC_OTHER, TOTAL

# group headers over the amount columns: they name the table, not the column
_GROUP = re.compile(
    r"^(?:(?:本年|当年)?(?:收入|支出)(?:预算)?|财政拨款(?:收入|支出)|一般公共预算(?:基本)?支出|政府性基金预算支出|"
    r"国有资本经营预算支出|功能分类|支出用途|经济分类|项目|资金来源)$"
)
_PREVIOUS = re.compile(r"^上年(?:预算|执行)")
_YEAR = re.compile(r"^(20\d{2})年度?")


def _find(vocabularies: list[dict[str, list[str]]], name: str) -> str | None:
    for vocabulary in vocabularies:
        for key, names in vocabulary.items():
            if name in names:
                return key
    return None


def printed_year(path: list[str]) -> int | None:
    """The year a header path names ("2023年预算数"), if any."""
    return next((int(m.group(1)) for p in path if (m := _YEAR.match(p))), None)


def budget_column(table_key: str, side: str, path: list[str]) -> str:
    """The key of one budget column from its cleaned header path (see module docstring)."""
    previous = any(_PREVIOUS.match(p) for p in path)
    path = [p for p in (_YEAR.sub("", p) for p in path) if p]
    table = spec.get(table_key)
    vocabularies = list(table.vocabularies(side)) if table else [AMOUNT]
    path = _rejoin(path, vocabularies + [THREE_PUBLIC_ITEMS, THREE_PUBLIC_OTHER])
    if table and table.header_rule == THREE_PUBLIC:
        key = _three_public(path)
    else:
        named = [p for p in path if not _GROUP.match(p) or _find(vocabularies, p)]
        if len(named) > 1 and named[-1].startswith(named[-2]) and named[-1][len(named[-2]):] in (*TOTAL, "总数"):
            # the group's own total under it: 项目支出 over 项目支出总数 | 扣除基建项目后预算数 (Beijing)
            named = named[:-1]
        leaf = named[-1] if named else path[-1] if path else "预算数"
        key = _find(vocabularies, leaf) or _find([AMOUNT], leaf) or "/".join(named or path)
        if key == leaf and PRINTED_GROUP.fullmatch(leaf) and AMOUNT in vocabularies:
            key = f"{leaf}/预算数"  # a group's name alone over its amounts (Changchun: 本年预算 | 编制预算 | 上年结转)
        if key in ("合计", "小计", "预算数") and len(named) > 1 and _find(vocabularies, named[-2]):
            key = _find(vocabularies, named[-2])  # "财政拨款" over its own 小计 or 金额 (Hunan: 本级财政拨款 | 金额)
    if previous and not key.startswith("上年预算数"):
        key = "上年预算数" if key == "预算数" else f"上年预算数/{key}"
    return key


def _three_public(path: list[str]) -> str:
    group = [p for p in path if "三公" not in p]
    names = [re.sub(r"(?:预算数?|预算安排)$", "", p) for p in group] or ["合计"]
    names = [n for n in names if n] or ["合计"]
    leaf, parent = names[-1], names[-2] if len(names) > 1 else ""
    if leaf in TOTAL and "公务用车" in parent:
        return "公务用车购置及运行费/小计"
    strip = re.compile(r"[（）()]")
    for vocabulary in (THREE_PUBLIC_ITEMS, THREE_PUBLIC_OTHER):
        for key, printed in vocabulary.items():
            if leaf in printed or strip.sub("", leaf) in [strip.sub("", n) for n in printed]:
                return key
    return "/".join(names)


def _rejoin(path: list[str], vocabularies: list[dict[str, list[str]]]) -> list[str]:
    """A name whose two printed lines fell into two header rows ("公务接" over "待费") is one name."""
    out: list[str] = []
    for p in path:
        if out and not _find(vocabularies, out[-1]) and _find(vocabularies, out[-1] + p):
            out[-1] += p
        else:
            out.append(p)
    return out


def settle_budget_columns(table_key: str, columns: list[tuple[str, list[str], str]]) -> list[str]:
    """Keys that depend on the other columns of the header: (side, cleaned path, key) → key.

    Two columns of one side keyed alike by the same words but printed for two years: the earlier
    year's is 上年预算数. In the 三公 table, a 合计 printed outside a "三公"经费 group that has its own
    小计 is the total over 三公, 会议费 and 培训费: 总计."""
    keys = [key for _, _, key in columns]
    for i, (side, path, key) in enumerate(columns):
        year = printed_year(path)
        twins = [j for j, (s, p, k) in enumerate(columns) if j != i and s == side and k == key and printed_year(p)]
        if year and twins and any(printed_year(columns[j][1]) > year for j in twins):
            keys[i] = "上年预算数" if key == "预算数" else f"上年预算数/{key}"
    table = spec.get(table_key)
    if table and table.header_rule == THREE_PUBLIC:
        grouped = [i for i, (_, path, key) in enumerate(columns) if key == "合计" and any("三公" in p for p in path)]
        for i, (_, path, key) in enumerate(columns):
            if key == "合计" and not any("三公" in p for p in path) and grouped:
                keys[i] = "总计"
    return keys
