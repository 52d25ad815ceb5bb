"""Table titles → table keys, for both kinds of report: final accounts (决算) and budgets (预算).

A title names its table with words that vary by region and year; the year, the department's name,
部门/单位 prefixes and ordinals ("一、", "十一、") sit around those words, so each rule searches the
title for the words alone. Rules are tried most specific first ("财政拨款收支预算总表" also contains
"收支预算总表"). A title saying 决算 is a final account's, any other a budget's: the two rule lists
never compete.

A 公开NN表 number confirms a title, it never overrides one: numbering differs between budgets and
final accounts and between regions (in Jiangsu budgets 公开07表 is the 一般公共预算支出预算表, in final
accounts it is 政府性基金). A number alone names a table only on a page that prints no title, and only
when printed as a heading of its own, never inside a sentence ("本表（公开07表）反映…").
"""
from __future__ import annotations

from functools import lru_cache

import regex as re

from juesuan.normalize.text import squeeze, to_halfwidth

FINAL, BUDGET = "决算", "预算"

FINAL_TITLES: list[tuple[str, re.Pattern]] = [
    ("fiscal_appropriation_summary", re.compile(r"财政拨款收(?:入)?支(?:出)?决算总表")),
    ("income_expenditure_summary", re.compile(r"收(?:入)?支(?:出)?决算总表")),
    ("general_budget_basic_expenditure", re.compile(r"一般公共预算财政拨款基本支出决算(?:明细)?表")),
    ("general_budget_expenditure", re.compile(r"一般公共预算财政拨款(?:收入)?支出决算(?:明细)?表")),
    ("government_fund", re.compile(r"政府性基金预算财政拨款(?:收入)?支出决算表")),
    ("state_capital", re.compile(r"国有资本经营预算财政拨款(?:收入)?支出决算表")),
    ("three_public", re.compile(r"三公\W{0,2}经费支出决算表")),
    ("income", re.compile(r"(?<!财政拨款|支出)收入决算表")),
    ("expenditure", re.compile(r"(?<!财政拨款|收入)支出决算表")),
]

_FUNCTION = r"(?:\(?功能分类(?:科目)?\)?)?"  # "一般公共预算支出功能分类预算表", "(功能分类)"
_SHEET = r"(?:情况|明细)?表"  # a budget's table named without 预算: 一般公共预算支出表 (Beijing, Huzhou), …支出情况表 (Hunan)
_SUMMARY = r"(?:预算)?总(?:体情况)?表"  # 收支总表, 收支预算总表, 收支总体情况表 (Guangzhou, Hunan)
BUDGET_TITLES: list[tuple[str, re.Pattern]] = [
    ("budget_performance", re.compile(r"绩效目标(?:申报|设置)?(?:情况)?表|绩效自评(?:结果)?表")),  # also a final account's 绩效自评表
    ("budget_general_basic", re.compile(r"一般公共预算(?:财政拨款)?基本支出(?:.{0,14}预算表|" + _SHEET + ")")),
    ("budget_general", re.compile(r"一般公共预算(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")")),
    ("budget_fiscal_basic", re.compile(r"财政拨款基本支出.{0,14}预算表")),
    ("budget_fiscal_expenditure", re.compile(r"财政拨款支出" + _FUNCTION + r"预算(?:总)?表")),
    ("budget_government_fund", re.compile(r"政府性基金(?:预算)?(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")")),
    ("budget_state_capital", re.compile(r"国有资本经营预算(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")")),
    ("budget_three_public", re.compile(r"三公\W{0,2}经费.{0,16}(?:预算表|支出" + _SHEET + ")")),  # also …和机关运行经费…, …会议费、培训费支出…
    ("budget_office_operation", re.compile(r"机关运行经费(?:支出)?预算表")),
    ("budget_procurement", re.compile(r"政府采购(?:支出)?预算(?:明细)?表")),
    ("budget_project", re.compile(r"项目(?:支出)?预算(?:明细)?表|项目支出表")),
    ("budget_fiscal_summary", re.compile(r"财政拨款收(?:入)?支(?:出)?" + _SUMMARY)),
    ("budget_summary", re.compile(r"收(?:入)?支(?:出)?" + _SUMMARY)),  # also 部门财务收支预算总表
    ("budget_income", re.compile(r"收入预算(?:总)?表|收入总(?:体情况)?表")),
    ("budget_expenditure", re.compile(r"支出预算(?:总)?表|支出总(?:体情况)?表")),
]
# a family's own numbering beside its title: 预算01表 (Beijing), (预算表2) (Changchun), 表02 (Huzhou), 表5 (Guangzhou);
# it names no table by itself and must not be read as the title's words ("收入总表(预算表2)" is no 预算表)
_FAMILY_NUMBER = re.compile(r"[(（]?(?:预算)?表\d{1,2}[)）]?|预算\d{1,2}表")

FINAL_TABLES = [key for key, _ in FINAL_TITLES]
BUDGET_TABLES = [key for key, _ in BUDGET_TITLES]
TEXT_TABLES = {"budget_performance"}  # kept as tables of text: their figures are targets, not amounts

# 公开NN表 as numbered by the national final-account template and by Jiangsu budgets (2018–2019)
NUMBERS = {
    FINAL: {"01": "income_expenditure_summary", "02": "income", "03": "expenditure",
            "04": "fiscal_appropriation_summary", "05": "general_budget_expenditure",
            "06": "general_budget_basic_expenditure", "07": "government_fund", "08": "state_capital",
            "09": "three_public"},
    BUDGET: {"01": "budget_summary", "02": "budget_income", "03": "budget_expenditure",
             "04": "budget_fiscal_summary", "05": "budget_fiscal_expenditure", "06": "budget_fiscal_basic",
             "07": "budget_general", "08": "budget_general_basic", "09": "budget_three_public",
             "10": "budget_government_fund", "11": "budget_office_operation", "12": "budget_procurement"},
}
_NUMBER = re.compile(r"[(（]?(?:部门预算)?公开(\d{2})表[)）]?")
# marks of a sentence, matched in the half-width form (a sentence's "，" is "," there); 二是…: an enumeration
_SENTENCE = re.compile(r"[。，,；;]|本表|反映|详见|[一二三四五六七八九十]是")
_QUOTES = re.compile(r"[\"“”‘’']")
_BUDGET_WORDS = re.compile(r"预算数|预算表|预算总表")


def normalized(text: str) -> str:
    """The form titles are matched in: no spaces, half-width, no quotes."""
    return _QUOTES.sub("", squeeze(to_halfwidth(text)))


def report_of_title(text: str) -> str:
    """决算 or 预算: which kind of report a table title belongs to."""
    return FINAL if "决算" in normalized(text) else BUDGET


@lru_cache(maxsize=4096)
def match_title(text: str) -> str | None:
    """The table key a title line names, or None (a sentence or a line too long to be a title).
    Kept per text: page layout asks it of each line alone, joined to the next and as the rest of a numbered heading."""
    s = normalized(text)
    if "说明" in s or len(s) > 60 or is_sentence(s):
        return None
    s = _FAMILY_NUMBER.sub("", s)
    rules = FINAL_TITLES if report_of_title(s) == FINAL else BUDGET_TITLES
    return next((key for key, pattern in rules if pattern.search(s)), None)


def is_sentence(text: str) -> bool:
    """The line reads as (part of) a sentence: punctuation, 本表/反映/详见, an enumeration (二是…)."""
    return bool(_SENTENCE.search(_NUMBER.sub("", normalized(text))))


def public_number(text: str) -> str | None:
    """"07" for a line printing 公开07表 as a heading (alone, or beside a title); None for a
    number inside a sentence."""
    s = normalized(text)
    m = _NUMBER.search(s)
    if not m or _SENTENCE.search(s):
        return None
    rest = s[:m.start()] + s[m.end():]
    return m.group(1) if not rest or match_title(rest) else None


def numbered_table(number: str, report: str) -> str:
    """The table a number names in a report of this kind ("" if the numbering has no such table)."""
    return NUMBERS.get(report or FINAL, {}).get(number, "")


def report_of_page(lines: list[str]) -> str:
    """决算 or 预算 by the page's own words (a page numbered but untitled), "" if it says neither."""
    s = normalized("".join(lines))
    final, budget = s.count("决算"), len(_BUDGET_WORDS.findall(s))
    return FINAL if final > budget else BUDGET if budget > final else ""
