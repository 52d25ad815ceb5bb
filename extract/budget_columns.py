"""Printed column headers of budget tables (部门预算) → their standard column keys.

Budgets print budget terms, never 决算数: a table with one amount column per side keys it 预算数
(printed 金额, 预算数, 2024年预算数 …); a table printing a total beside its parts keys the total 合计
and the parts by what they are (sources of funds: 一般公共预算, 财政专户管理资金, 单位资金 …; uses:
基本支出, 项目支出 …; economic groups: 人员经费, 公用经费). A previous year's budget printed beside this
year's is 上年预算数 (or 上年预算数/<key>).
"""
from __future__ import annotations

import regex as re

_TOTAL = ["合计", "小计", "总计", "本年合计", "预算合计"]
AMOUNT = {
    "上年预算数": ["上年预算数", "上年预算", "上年预算金额"],
    "预算数": ["预算数", "金额", "本年预算数", "本年预算", "预算金额", "预算安排", "年度预算数", "预算"],
}
SOURCES = {  # where the money comes from (收入预算总表, 项目支出预算表 …)
    "合计": _TOTAL + ["收入合计", "收入总计", "本年收入合计", "资金合计"],
    "财政拨款": ["财政拨款", "财政拨款收入", "财政拨款资金", "财政拨款（补助）", "财政拨款（补助）资金", "本级财政拨款"],
    "一般公共预算": ["一般公共预算", "一般公共预算资金", "一般公共预算拨款", "一般公共预算拨款收入", "一般公共预算财政拨款",
                "一般公共预算收入"],
    "政府性基金预算": ["政府性基金预算", "政府性基金", "政府性基金预算资金", "政府性基金拨款", "政府性基金预算拨款",
                 "政府性基金预算财政拨款", "政府性基金收入"],
    "国有资本经营预算": ["国有资本经营预算", "国有资本经营预算资金", "国有资本经营预算拨款", "国有资本经营预算财政拨款",
                  "国有资本经营收入"],
    "财政专户管理资金": ["财政专户管理资金", "财政专户管理资金收入", "纳入专户管理的非税收入", "专户管理资金"],
    "单位资金": ["单位资金", "单位资金收入", "其他资金"],
    "事业收入": ["事业收入"],
    "事业单位经营收入": ["事业单位经营收入", "经营收入"],
    "上级补助收入": ["上级补助收入"],
    "附属单位上缴收入": ["附属单位上缴收入"],
    "其他收入": ["其他收入"],
    "上年结转": ["上年结转", "上年结转资金", "上年结转和结余", "上年结转结余", "使用上年结转"],
}
USES = {  # what the money is spent on (支出预算总表, 功能分类 tables)
    "合计": _TOTAL + ["支出合计", "支出总计", "本年支出合计"],
    "基本支出": ["基本支出"],
    "项目支出": ["项目支出"],
    "单位预留机动经费": ["单位预留机动经费", "预留机动经费"],
    "结转下年资金": ["结转下年资金", "结转下年"],
    "事业单位经营支出": ["事业单位经营支出", "经营支出"],
    "上缴上级支出": ["上缴上级支出"],
    "对附属单位补助支出": ["对附属单位补助支出"],
}
ECONOMIC = {"合计": _TOTAL, "人员经费": ["人员经费", "人员经费支出", "人员类", "人员支出"], "公用经费": ["公用经费", "公用经费支出"]}
BASIC_PARTS = {k: ECONOMIC[k] for k in ("人员经费", "公用经费")}  # 基本支出 printed in its two parts (Huzhou)
APPROPRIATION = {"合计": _TOTAL + ["支出合计"], **{k: SOURCES[k] for k in ("一般公共预算", "政府性基金预算", "国有资本经营预算")}}
PROCUREMENT = {"合计": _TOTAL + ["预算数", "金额", "采购预算", "政府采购预算"], "货物": ["货物", "货物类"],
               "工程": ["工程", "工程类"], "服务": ["服务", "服务类"]}
THREE_PUBLIC_ITEMS = {  # the 三公 group; 合计 is the 三公 total, as in the final accounts' 09
    "公务用车购置及运行费/公务用车购置费": ["公务用车购置费", "购置费"],
    "公务用车购置及运行费/公务用车运行费": ["公务用车运行费", "公务用车运行维护费", "运行费", "运行维护费"],
    "公务用车购置及运行费/小计": ["公务用车购置及运行费", "公务用车购置及运行维护费"],
    "因公出国(境)费": ["因公出国（境）费", "因公出国（境）费用", "因公出国境费"],
    "公务接待费": ["公务接待费"],
    "合计": _TOTAL,
}
THREE_PUBLIC_OTHER = {"会议费": ["会议费"], "培训费": ["培训费"], "机关运行经费": ["机关运行经费", "机关运行经费支出"]}

COLUMN_NAMES: dict[str, list[dict[str, list[str]]]] = {  # table key → its vocabularies, in lookup order
    "budget_summary": [AMOUNT],
    "budget_income": [SOURCES, AMOUNT],
    "budget_expenditure": [USES, AMOUNT, BASIC_PARTS],
    "budget_fiscal_expenditure": [USES, AMOUNT, BASIC_PARTS],
    "budget_general": [USES, AMOUNT, BASIC_PARTS],
    "budget_government_fund": [USES, AMOUNT],
    "budget_state_capital": [USES, AMOUNT],
    "budget_fiscal_basic": [ECONOMIC, AMOUNT],
    "budget_general_basic": [ECONOMIC, AMOUNT],
    "budget_office_operation": [{"合计": _TOTAL}, AMOUNT, {"预算数": ["机关运行经费", "机关运行经费支出", "机关运行经费预算"]}],
    "budget_procurement": [PROCUREMENT],
    "budget_project": [SOURCES, AMOUNT],
}
FISCAL_SUMMARY_SPENDING = [APPROPRIATION, AMOUNT]  # budget_fiscal_summary, 支出 side

# group headers over the amount columns: they name the table, not the column
_GROUP = re.compile(r"^(?:(?:本年|当年)?(?:收入|支出)(?:预算)?|财政拨款(?:收入|支出)|一般公共预算(?:基本)?支出|政府性基金预算支出|"
                    r"国有资本经营预算支出|功能分类|支出用途|经济分类|项目|资金来源)$")
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
    vocabularies = FISCAL_SUMMARY_SPENDING if table_key == "budget_fiscal_summary" and side == "支出" else \
        COLUMN_NAMES.get(table_key, [AMOUNT])
    path = _rejoin(path, vocabularies + [THREE_PUBLIC_ITEMS, THREE_PUBLIC_OTHER])
    if table_key == "budget_three_public":
        key = _three_public(path)
    else:
        named = [p for p in path if not _GROUP.match(p) or _find(vocabularies, p)]
        if len(named) > 1 and named[-1].startswith(named[-2]) and named[-1][len(named[-2]):] in _TOTAL + ["总数"]:
            # the group's own total under it: 项目支出 over 项目支出总数 | 扣除基建项目后预算数 (Beijing)
            named = named[:-1]
        leaf = named[-1] if named else path[-1] if path else "预算数"
        key = _find(vocabularies, leaf) or _find([AMOUNT], leaf) or "/".join(named or path)
        if key == leaf and _PRINTED_GROUP.fullmatch(leaf) and AMOUNT in vocabularies:
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
    if leaf in _TOTAL and "公务用车" in parent:
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
    if table_key == "budget_three_public":
        grouped = [i for i, (_, path, key) in enumerate(columns) if key == "合计" and any("三公" in p for p in path)]
        for i, (_, path, key) in enumerate(columns):
            if key == "合计" and not any("三公" in p for p in path) and grouped:
                keys[i] = "总计"
    return keys


_THREE_KEYS = list(THREE_PUBLIC_ITEMS) + list(THREE_PUBLIC_OTHER) + ["总计"]
STANDARD_COLUMNS: dict[str, dict[str, list[str]]] = {
    **{key: {"": list(dict.fromkeys(k for vocabulary in vocabularies for k in vocabulary))} for key, vocabularies in COLUMN_NAMES.items()},
    "budget_summary": {"收入": list(AMOUNT), "支出": list(AMOUNT)},
    "budget_fiscal_summary": {"收入": list(AMOUNT), "支出": list(APPROPRIATION) + list(AMOUNT)},
    "budget_three_public": {"": _THREE_KEYS},
}
# "a|b": either is enough (a single amount column is 预算数, a total beside its parts 合计)
MANDATORY_COLUMNS: dict[str, dict[str, list[str]]] = {
    **{key: {"": ["合计|预算数"]} for key in COLUMN_NAMES},
    "budget_summary": {"收入": ["预算数"], "支出": ["预算数"]},
    "budget_fiscal_summary": {"收入": ["预算数"], "支出": ["合计|预算数"]},
    "budget_three_public": {"": ["合计"]},
    "budget_procurement": {"": ["合计"]},
}


def is_standard(table_key: str, side: str, key: str) -> bool:
    """Whether a budget column key is one of its table's (上年预算数/<key> of one of them included, and one of
    them under a printed group of the table's own, below)."""
    keys = STANDARD_COLUMNS.get(table_key, {}).get(side, [])
    group, _, rest = key.partition("/")
    return key in keys or rest in keys and (group == "上年预算数" or bool(_PRINTED_GROUP.fullmatch(group)))


# a group printed over a total and its parts (Huzhou's 收入总表: 总计 | 本年收入: 小计 一般公共预算 … | 上年结转结余:
# 小计 一般公共预算 …): the same standard keys under each group are that group's (本年收入/合计, 上年结转结余/一般公共预算)
_PRINTED_GROUP = re.compile(r"(?:本年|当年)(?:收入|支出|预算)|编制预算|上年结转(?:和)?(?:结余)?")
