"""Printed column headers (a path through multi-level headers) → the standard column keys.

The words each key is printed with, and the rule a table's header needs beyond one lookup, are the table's
spec (juesuan/spec); this module cleans a header path and applies them."""
from __future__ import annotations

import regex as re

from juesuan import spec
from juesuan.extract import budget_columns
from juesuan.normalize.ocr_text import CONFUSIONS
from juesuan.normalize.text import clean_label
from juesuan.spec import words
from juesuan.spec.keys import BUDGET, THREE_PUBLIC

_GROUP_PREFIX = re.compile(r"^(?:人员经费|公用经费)(?:支出)?(?=.)")  # a 06 column named with its group
_PARENTHESES = re.compile(r"[（）()]")


def _lookup(vocabularies, name: str) -> str | None:
    """The key of the first vocabulary (in order) that knows the printed name."""
    for vocabulary in vocabularies:
        for key, names in vocabulary.items():
            if name in names:
                return key
    return None


def merge_vertical(path: list[str]) -> list[str]:
    """Headers written one character per line arrive as single characters: join such runs."""
    out: list[str] = []
    run = ""
    for p in path:
        if len(p) == 1:
            run += p
            continue
        if run:
            out.append(run)
            run = ""
        out.append(p)
    if run:
        out.append(run)
    return out


def fix_header_confusions(name: str) -> str:
    """OCR glyph confusions of a header read in pieces ("财政拨款收" over a lone "人"): the pieces
    are fixed only once joined. No printed header contains a wrong reading, so text PDFs are
    unaffected."""
    for wrong, right in CONFUSIONS:
        name = name.replace(wrong, right)
    return name


def _clean_path(path: list[str]) -> list[str]:
    path = [
        fix_header_confusions(clean_label(p)) for p in merge_vertical([clean_label(p) for p in path]) if clean_label(p)
    ]
    path = [_SUCH_AS.sub("", p) for p in path]  # "其中：基本支出" (Guangzhou) is the column 基本支出
    return [p for p in path if p and p not in ("收入", "支出", "项目", "科目", "功能分类科目")]


_SUCH_AS = re.compile(r"^其中[:：]?")


def resolve_columns(table_key: str, columns: list[tuple[str, list[str]]]) -> list[str]:
    """The keys of a header's amount columns, (side, header path) each: one by one, then what
    depends on the neighbours (a budget's two years, its 三公 table's 总计)."""
    keys = [resolve_column(table_key, side, path) for side, path in columns]
    if spec.report_of_key(table_key) == BUDGET:
        keys = budget_columns.settle_budget_columns(
            table_key, [(side, _clean_path(path), key) for (side, path), key in zip(columns, keys)])
    return keys


def resolve_column(table_key: str, side: str, path: list[str]) -> str:
    """The standard column key for a header path such as ["本年支出", "小计"]; unknown → the path joined.
    Budget tables have their own keys (extract/budget_columns.py), never 决算数."""
    path = _clean_path(path)
    if spec.report_of_key(table_key) == BUDGET:
        return budget_columns.budget_column(table_key, side, path)
    if not path:
        return "决算数"
    leaf = path[-1]
    table = spec.get(table_key)
    rule = table.header_rule if table else ""
    vocabularies = table.vocabularies(side) if table else (words.AMOUNT,)
    if rule == THREE_PUBLIC:
        return _three_public_key(path, vocabularies)
    if rule == "groups":
        # printed in side-by-side groups (人员经费 | 公用经费), each with its own 决算数:
        # the group is the row's, not the column's
        named = [_GROUP_PREFIX.sub("", p) for p in path if p not in words.GROUPS_06]
        return "决算数" if not named or any(_lookup(vocabularies, p) for p in named) else "/".join(named)
    if rule == "group_subtotal" and leaf in ("小计", "合计") and len(path) > 1:
        return {"本年支出": "本年支出合计", "本年收入": "本年收入"}.get(path[-2], "/".join(path))
    return _lookup(vocabularies, leaf) or "/".join(path)


def _three_public_key(path: list[str], vocabularies) -> str:
    stage = next((s for s in words.STAGES for p in path if s in p), "决算数")
    rest = [p for p in path if "预算数" not in p and "决算数" not in p and "三公" not in p]
    leaf = rest[-1] if rest else "合计"
    parent = rest[-2] if len(rest) > 1 else ""
    if leaf in ("小计", "合计") and "公务用车" in parent:
        return f"{stage}/公务用车购置及运行费/小计"
    for vocabulary in vocabularies:
        for key, names in vocabulary.items():
            if leaf in names or _PARENTHESES.sub("", leaf) in [_PARENTHESES.sub("", n) for n in names]:
                return f"{stage}/{key}"
    return f"{stage}/{leaf}"
