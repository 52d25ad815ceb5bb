"""Table titles → table keys, for both kinds of report: final accounts (决算) and budgets (预算).

A title names its table with words that vary by region and year; the year, the department's name,
部门/单位 prefixes and ordinals ("一、", "十一、") sit around those words, so each table's title patterns
(juesuan/spec) are searched in the title for the words alone, most specific first ("财政拨款收支预算总表"
also contains "收支预算总表"). A title saying 决算 is a final account's, any other a budget's: the two rule lists
never compete.

A 公开NN表 number confirms a title, it never overrides one: numbering differs between budgets and
final accounts and between regions (in Jiangsu budgets 公开07表 is the 一般公共预算支出预算表, in final
accounts it is 政府性基金). A number alone names a table only on a page that prints no title, and only
when printed as a heading of its own, never inside a sentence ("本表（公开07表）反映…").
"""
from __future__ import annotations

from functools import lru_cache

import regex as re

from juesuan import spec
from juesuan.normalize.text import squeeze, to_halfwidth
from juesuan.spec.keys import BUDGET, FINAL

__all__ = ["BUDGET", "FINAL", "is_sentence", "match_title", "normalized", "numbered_table", "public_number",
           "report_of_page", "report_of_title"]

# a family's own numbering beside its title: 预算01表 (Beijing), (预算表2) (Changchun), 表02 (Huzhou), 表5 (Guangzhou);
# it names no table by itself and must not be read as the title's words ("收入总表(预算表2)" is no 预算表)
_FAMILY_NUMBER = re.compile(r"[(（]?(?:预算)?表\d{1,2}[)）]?|预算\d{1,2}表")

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


def match_title(text: str) -> str | None:
    """The table key a title line names, or None (a sentence or a line too long to be a title): the first
    table of the catalogue (juesuan/spec) whose title patterns the line's words match, tried in its order."""
    return _match_title(text, spec.generation())


@lru_cache(maxsize=4096)
def _match_title(text: str, generation: int) -> str | None:
    """Kept per text (and catalogue): page layout asks it of each line alone, joined to the next and as the rest
    of a numbered heading."""
    s = normalized(text)  # normalized once: what is_sentence and report_of_title would make of s again is s
    if "说明" in s or len(s) > 60 or _SENTENCE.search(_NUMBER.sub("", s)):
        return None
    s = _FAMILY_NUMBER.sub("", s)
    tables = spec.specs(FINAL if "决算" in s else BUDGET)
    return next((t.key for t in tables if any(p.search(s) for p in t.title_patterns)), None)


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
    return spec.numbered(number, report or FINAL)


def report_of_page(lines: list[str]) -> str:
    """决算 or 预算 by the page's own words (a page numbered but untitled), "" if it says neither."""
    s = normalized("".join(lines))
    final, budget = s.count("决算"), len(_BUDGET_WORDS.findall(s))
    return FINAL if final > budget else BUDGET if budget > final else ""
