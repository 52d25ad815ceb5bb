"""Printed column headers (a path through multi-level headers) → the standard column keys."""
from __future__ import annotations

import regex as re

from juesuan.extract import budget_columns
from juesuan.normalize.ocr_text import CONFUSIONS
from juesuan.normalize.text import clean_label

# key → printed leaf names it is known by, per table family
_EXPENDITURE = {
    "本年支出合计": ["本年支出合计", "支出合计", "合计", "小计", "本年支出", "总计"],
    "基本支出": ["基本支出"],
    "项目支出": ["项目支出"],
    "上缴上级支出": ["上缴上级支出"],
    "经营支出": ["经营支出"],
    "对附属单位补助支出": ["对附属单位补助支出", "对附属单位补助"],
}
_INCOME = {
    "本年收入合计": ["本年收入合计", "收入合计", "合计", "小计", "本年收入", "总计"],
    "财政拨款收入": ["财政拨款收入", "财政拨款"],
    "上级补助收入": ["上级补助收入"],
    "事业收入": ["事业收入"],
    "经营收入": ["经营收入"],
    "附属单位上缴收入": ["附属单位上缴收入"],
    "其他收入": ["其他收入"],
}
_FUND = {
    "年初结转和结余": ["年初结转和结余", "年初结转结余"],
    "本年收入": ["本年收入"],
    "年末结转和结余": ["年末结转和结余", "年末结转结余"],
    **{k: v for k, v in _EXPENDITURE.items() if k in ("基本支出", "项目支出")},
}
_APPROPRIATION = {
    "合计": ["合计", "小计", "总计", "支出合计"],
    "一般公共预算财政拨款": ["一般公共预算财政拨款", "一般公共预算"],
    "政府性基金预算财政拨款": ["政府性基金预算财政拨款", "政府性基金预算"],
    "国有资本经营预算财政拨款": ["国有资本经营预算财政拨款", "国有资本经营预算"],
}
_AMOUNT = {"决算数": ["决算数", "金额", "本年决算数", "决算金额", "年度决算数"]}
_GROUPS_06 = {"人员经费", "公用经费", "人员经费支出", "公用经费支出"}
_GROUP_PREFIX = re.compile(r"^(?:人员经费|公用经费)(?:支出)?(?=.)")  # a 06 column named with its group
_PARENTHESES = re.compile(r"[（）()]")

THREE_PUBLIC_ITEMS = [
    ("公务用车购置及运行费/公务用车购置费", ["公务用车购置费", "购置费"]),
    ("公务用车购置及运行费/公务用车运行费", ["公务用车运行费", "公务用车运行维护费", "运行费", "运行维护费"]),
    ("公务用车购置及运行费/小计", ["公务用车购置及运行费", "公务用车购置及运行维护费"]),
    ("因公出国(境)费", ["因公出国（境）费", "因公出国（境）费用", "因公出国境费"]),
    ("公务接待费", ["公务接待费"]),
    ("合计", ["合计", "小计", "总计"]),
]


def _lookup(table: dict[str, list[str]], name: str) -> str | None:
    for key, names in table.items():
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
    path = [fix_header_confusions(clean_label(p)) for p in merge_vertical([clean_label(p) for p in path]) if clean_label(p)]
    path = [_SUCH_AS.sub("", p) for p in path]  # "其中：基本支出" (Guangzhou) is the column 基本支出
    return [p for p in path if p and p not in ("收入", "支出", "项目", "科目", "功能分类科目")]


_SUCH_AS = re.compile(r"^其中[:：]?")


def resolve_columns(table_key: str, columns: list[tuple[str, list[str]]]) -> list[str]:
    """The keys of a header's amount columns, (side, header path) each: one by one, then what
    depends on the neighbours (a budget's two years, its 三公 table's 总计)."""
    keys = [resolve_column(table_key, side, path) for side, path in columns]
    if table_key.startswith("budget_"):
        keys = budget_columns.settle_budget_columns(table_key, [(side, _clean_path(path), key) for (side, path), key in zip(columns, keys)])
    return keys


def resolve_column(table_key: str, side: str, path: list[str]) -> str:
    """The standard column key for a header path such as ["本年支出", "小计"]; unknown → the path joined.
    Budget tables have their own keys (extract/budget_columns.py), never 决算数."""
    path = _clean_path(path)
    if table_key.startswith("budget_"):
        return budget_columns.budget_column(table_key, side, path)
    if not path:
        return "决算数"
    leaf = path[-1]
    if table_key == "three_public":
        return _three_public_key(path)
    if table_key == "general_budget_basic_expenditure":
        # printed in side-by-side groups (人员经费 | 公用经费), each with its own 决算数: the group is the row's, not the column's
        named = [_GROUP_PREFIX.sub("", p) for p in path if p not in _GROUPS_06]
        return "决算数" if not named or any(_lookup(_AMOUNT, p) for p in named) else "/".join(named)
    if table_key in ("income_expenditure_summary",) or side == "收入":
        return _lookup(_AMOUNT, leaf) or "/".join(path)
    if table_key == "fiscal_appropriation_summary":
        return _lookup(_APPROPRIATION, leaf) or _lookup(_AMOUNT, leaf) or "/".join(path)
    if table_key == "income":
        return _lookup(_INCOME, leaf) or "/".join(path)
    if table_key in ("government_fund", "state_capital"):
        if leaf in ("小计", "合计") and len(path) > 1:
            return {"本年支出": "本年支出合计", "本年收入": "本年收入"}.get(path[-2], "/".join(path))
        return _lookup(_FUND, leaf) or _lookup(_EXPENDITURE, leaf) or "/".join(path)
    if table_key in ("expenditure", "general_budget_expenditure"):
        return _lookup(_EXPENDITURE, leaf) or "/".join(path)
    return _lookup(_AMOUNT, leaf) or "/".join(path)


def _three_public_key(path: list[str]) -> str:
    stage = next((s for s in ("预算数", "决算数") for p in path if s in p), "决算数")
    rest = [p for p in path if "预算数" not in p and "决算数" not in p and "三公" not in p]
    leaf = rest[-1] if rest else "合计"
    parent = rest[-2] if len(rest) > 1 else ""
    if leaf in ("小计", "合计") and "公务用车" in parent:
        return f"{stage}/公务用车购置及运行费/小计"
    for key, names in THREE_PUBLIC_ITEMS:
        if leaf in names or _PARENTHESES.sub("", leaf) in [_PARENTHESES.sub("", n) for n in names]:
            return f"{stage}/{key}"
    return f"{stage}/{leaf}"


# The output contract (README, "Table and column keys"): every cell of a standard table carries one
# of its table's keys; anything else is reported (juesuan/contract.py), never passed on silently.
_THREE_PUBLIC_KEYS = [f"{stage}/{key}" for stage in ("预算数", "决算数") for key, _ in THREE_PUBLIC_ITEMS]
STANDARD_COLUMNS: dict[str, dict[str, list[str]]] = {
    "income_expenditure_summary": {"收入": ["决算数"], "支出": ["决算数"]},
    "income": {"": list(_INCOME)},
    "expenditure": {"": list(_EXPENDITURE)},
    "fiscal_appropriation_summary": {"收入": ["决算数"], "支出": list(_APPROPRIATION)},
    "general_budget_expenditure": {"": ["本年支出合计", "基本支出", "项目支出"]},
    "general_budget_basic_expenditure": {"": ["决算数"]},
    "government_fund": {"": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]},
    "state_capital": {"": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]},
    "three_public": {"": _THREE_PUBLIC_KEYS},
    **budget_columns.STANDARD_COLUMNS,
}
MANDATORY_COLUMNS: dict[str, dict[str, list[str]]] = {
    "income_expenditure_summary": {"收入": ["决算数"], "支出": ["决算数"]},
    "income": {"": ["本年收入合计"]},
    "expenditure": {"": ["本年支出合计", "基本支出", "项目支出"]},
    "fiscal_appropriation_summary": {"收入": ["决算数"], "支出": ["合计"]},
    "general_budget_expenditure": {"": ["本年支出合计", "基本支出", "项目支出"]},
    "general_budget_basic_expenditure": {"": ["决算数"]},
    "government_fund": {"": ["本年支出合计"]},
    "state_capital": {"": ["本年支出合计"]},
    "three_public": {"": ["决算数/合计"]},
    **budget_columns.MANDATORY_COLUMNS,
}

# The identities each row of a table satisfies (total = parts), checked by juesuan/validate.py and
# used by the reader to choose between two readings of a page (extract/tables.py).
ROW_SUMS = {
    "expenditure": [("本年支出合计", ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"])],
    "general_budget_expenditure": [("本年支出合计", ["基本支出", "项目支出"])],
    "government_fund": [("本年支出合计", ["基本支出", "项目支出"])],
    "state_capital": [("本年支出合计", ["基本支出", "项目支出"])],
    "income": [("本年收入合计", ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"])],
    "fiscal_appropriation_summary": [("合计", ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"])],
    "three_public": [
        (f"{s}/合计", [f"{s}/因公出国(境)费", f"{s}/公务用车购置及运行费/小计", f"{s}/公务接待费"]) for s in ("预算数", "决算数")
    ] + [
        (f"{s}/公务用车购置及运行费/小计", [f"{s}/公务用车购置及运行费/公务用车购置费", f"{s}/公务用车购置及运行费/公务用车运行费"]) for s in ("预算数", "决算数")
    ],
}
