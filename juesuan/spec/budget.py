"""The tables of a department budget (部门预算), numbered 公开01–12表 where Jiangsu (2018–2019) numbers them.

Listed in the order their titles are tried: most specific words first ("财政拨款收支预算总表" also holds
"收支预算总表"). Budgets key columns in budget terms, never 决算数: one amount column per side is 预算数, a total
beside its parts 合计; 上年预算数/<key> and <printed group>/<key> are a table's own keys too.
"""

from __future__ import annotations

import regex as re

from juesuan.spec import words as w
from juesuan.spec.keys import (
    BUDGET,
    BUDGET_BASIC_EXPENDITURE,
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
    BUDGET_PERFORMANCE,
    BUDGET_PROCUREMENT,
    BUDGET_PROJECT,
    BUDGET_STATE_CAPITAL,
    BUDGET_SUMMARY,
    BUDGET_THREE_PUBLIC,
)
from juesuan.spec.table import Identity, TableSpec, Vocabulary

_FUNCTION = r"(?:\(?功能分类(?:科目)?\)?)?"  # "一般公共预算支出功能分类预算表", "(功能分类)"
# a budget's table named without 预算: 一般公共预算支出表 (Beijing, Huzhou), …支出情况表 (Hunan)
_SHEET = r"(?:情况|明细)?表"
_SUMMARY = r"(?:预算)?总(?:体情况)?表"  # 收支总表, 收支预算总表, 收支总体情况表 (Guangzhou, Hunan)
SIDES = ("收入", "支出")
EITHER = "合计|预算数"  # a mandatory column: a single amount column is 预算数, a total beside its parts 合计
_USES = Identity("合计", tuple(k for k in w.USES if k != "合计"), reading=False)
_ECONOMIC = Identity("合计", ("人员经费", "公用经费"), reading=False)
_CAR = "公务用车购置及运行费"
_THREE_PUBLIC_COLUMNS = (*w.BUDGET_THREE_PUBLIC_ITEMS, *w.THREE_PUBLIC_OTHER, "总计")


def _one_sided(vocabularies: tuple[Vocabulary, ...]) -> dict:
    """header_words, columns and mandatory of a table keyed by these vocabularies (every key they name)."""
    return {
        "header_words": {"": vocabularies},
        "columns": {"": tuple(dict.fromkeys(k for v in vocabularies for k in v))},
        "mandatory": {"": (EITHER,)},
    }


_SPENDING = _one_sided((w.USES, w.BUDGET_AMOUNT, w.BASIC_PARTS, w.PROJECT_PARTS))

BUDGET_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        BUDGET_PERFORMANCE,
        BUDGET,
        "(项目支出)绩效目标表",
        (re.compile(r"绩效目标(?:申报|设置)?(?:情况)?表|绩效自评(?:结果)?表"),),  # also a final account's 绩效自评表
        header_words={"": (w.BUDGET_AMOUNT,)},
        text_only=True,
        note="kept as a table of text: no cells",
    ),
    TableSpec(
        BUDGET_GENERAL_BASIC,
        BUDGET,
        "一般公共预算基本支出(部门预算经济分类)预算表",
        (re.compile(r"一般公共预算(?:财政拨款)?基本支出(?:.{0,14}预算表|" + _SHEET + ")"),),
        ("08",),
        **_one_sided((w.ECONOMIC, w.BUDGET_AMOUNT)),
        codes="economic",
        prefixed_columns=True,
        identities=(_ECONOMIC,),
    ),
    TableSpec(
        BUDGET_GENERAL_PROJECT,
        BUDGET,
        "一般公共预算项目支出(经济分类)预算表",
        # 基本支出's companion by economic class (Guangzhou 表7 …情况表（按经济分类科目）); tried before 项目支出表
        (re.compile(r"一般公共预算(?:财政拨款)?项目支出(?:.{0,14}预算表|" + _SHEET + ")"),),
        **_one_sided(({"合计": w.TOTAL}, w.BUDGET_AMOUNT)),
        codes="economic",
        prefixed_columns=True,
        note="Guangzhou; rows by economic class, no 人员经费/公用经费 split",
    ),
    TableSpec(
        BUDGET_GENERAL,
        BUDGET,
        "一般公共预算支出(功能分类)预算表",
        (re.compile(r"一般公共预算(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")"),),
        ("07",),
        **_SPENDING,
        prefixed_columns=True,
        identities=(_USES,),
    ),
    TableSpec(
        BUDGET_FISCAL_BASIC,
        BUDGET,
        "财政拨款基本支出预算表",
        (re.compile(r"财政拨款基本支出.{0,14}预算表"),),
        ("06",),
        **_one_sided((w.ECONOMIC, w.BUDGET_AMOUNT)),
        codes="economic",
        prefixed_columns=True,
        identities=(_ECONOMIC,),
        note="Jiangsu",
    ),
    TableSpec(
        BUDGET_FISCAL_EXPENDITURE,
        BUDGET,
        "财政拨款支出预算表",
        (re.compile(r"财政拨款支出" + _FUNCTION + r"预算(?:总)?表"),),
        ("05",),
        **_SPENDING,
        prefixed_columns=True,
        identities=(_USES,),
        note="Jiangsu",
    ),
    TableSpec(
        BUDGET_GOVERNMENT_FUND,
        BUDGET,
        "政府性基金(预算)支出(功能分类)预算表",
        (re.compile(r"政府性基金(?:预算)?(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")"),),
        ("10",),
        **_one_sided((w.USES, w.BUDGET_AMOUNT)),
        prefixed_columns=True,
        identities=(_USES,),
    ),
    TableSpec(
        BUDGET_STATE_CAPITAL,
        BUDGET,
        "国有资本经营预算支出(功能分类)预算表",
        (re.compile(r"国有资本经营预算(?:财政拨款)?支出(?:" + _FUNCTION + r"预算表|" + _SHEET + ")"),),
        **_one_sided((w.USES, w.BUDGET_AMOUNT)),
        prefixed_columns=True,
        identities=(_USES,),
    ),
    TableSpec(
        BUDGET_THREE_PUBLIC,
        BUDGET,
        '"三公"经费(和机关运行经费)预算表',
        # also …和机关运行经费…, …会议费、培训费支出…
        (re.compile(r"三公\W{0,2}经费.{0,16}(?:预算表|支出" + _SHEET + ")"),),
        ("09",),
        header_words={"": (w.BUDGET_AMOUNT,)},
        header_rule="three_public",
        columns={"": _THREE_PUBLIC_COLUMNS},
        mandatory={"": ("合计",)},
        prefixed_columns=True,
        identities=(
            Identity("合计", ("因公出国(境)费", f"{_CAR}/小计", "公务接待费"), reading=False),
            Identity(f"{_CAR}/小计", (f"{_CAR}/公务用车购置费", f"{_CAR}/公务用车运行费"), reading=False),
            Identity("总计", ("合计", "会议费", "培训费"), reading=False),
        ),
        unnamed_total=True,
        # printed transposed (Guangzhou: the items down the side), a row per source of funds (extract/transposed.py)
        summary_rows={"": w.BUDGET_SOURCE_ROWS | w.TOTAL_ROWS},
        note="one row 合计 (the 三公 total), or a row per source of funds; 总计 where printed",
    ),
    TableSpec(
        BUDGET_OFFICE_OPERATION,
        BUDGET,
        "机关运行经费支出预算表",
        (re.compile(r"机关运行经费(?:支出)?预算表"),),
        ("11",),
        **_one_sided(({"合计": w.TOTAL}, w.BUDGET_AMOUNT, w.OFFICE_OPERATION)),
        codes="economic",
        prefixed_columns=True,
    ),
    TableSpec(
        BUDGET_PROCUREMENT,
        BUDGET,
        "政府采购(支出)预算表",
        (re.compile(r"政府采购(?:支出)?预算(?:明细)?表"),),
        ("12",),
        **{**_one_sided((w.PROCUREMENT,)), "mandatory": {"": ("合计",)}},
        prefixed_columns=True,
        named_rows=True,
        identities=(Identity("合计", ("货物", "工程", "服务"), reading=False),),
        note="rows by printed name",
    ),
    TableSpec(
        BUDGET_PROJECT,
        BUDGET,
        "项目支出预算表",
        # also 部门预算项目支出及其他支出预算表 (Guangzhou: by unit, then its projects)
        (re.compile(r"项目(?:支出)?(?:及其他支出)?预算(?:明细)?表|项目支出表"),),
        **_one_sided((w.SOURCES, w.BUDGET_AMOUNT)),
        prefixed_columns=True,
        named_rows=True,
        note="rows by project",
    ),
    TableSpec(
        BUDGET_BASIC_EXPENDITURE,
        BUDGET,
        "部门预算基本支出预算表",
        # every source's 基本支出 (not only 财政拨款's or 一般公共预算's, which have their own tables)
        (re.compile(r"部门预算基本支出(?:预算)?表"),),
        **_one_sided((w.SOURCES, w.BUDGET_AMOUNT)),
        prefixed_columns=True,
        named_rows=True,
        note="Guangzhou; by source of funds; rows by unit, each unit's economic classes by name under it",
    ),
    TableSpec(
        BUDGET_FISCAL_SUMMARY,
        BUDGET,
        "财政拨款收支预算总表",
        (re.compile(r"财政拨款收(?:入)?支(?:出)?" + _SUMMARY),),
        ("04",),
        sides=SIDES,
        header_words={"": (w.BUDGET_AMOUNT,), "支出": (w.BUDGET_APPROPRIATION, w.BUDGET_AMOUNT)},
        columns={"收入": tuple(w.BUDGET_AMOUNT), "支出": (*w.BUDGET_APPROPRIATION, *w.BUDGET_AMOUNT)},
        mandatory={"收入": ("预算数",), "支出": (EITHER,)},
        prefixed_columns=True,
        identities=(
            Identity("合计", ("一般公共预算", "政府性基金预算", "国有资本经营预算"), side="支出", reading=False),
        ),
        summary_rows={
            "收入": w.BUDGET_SOURCE_ROWS
            | {"收入合计", "本年收入合计", "上年结转", "上年结转资金", "总计", "本年收入", "上年结转结余"},
            "支出": w.BUDGET_SPENDING_ROWS,
        },
    ),
    TableSpec(
        BUDGET_SUMMARY,
        BUDGET,
        "收支预算总表 / 部门财务收支预算总表",
        (re.compile(r"收(?:入)?支(?:出)?" + _SUMMARY),),
        ("01",),
        sides=SIDES,  # also 部门财务收支预算总表
        header_words={"": (w.BUDGET_AMOUNT,)},
        columns={"收入": tuple(w.BUDGET_AMOUNT), "支出": tuple(w.BUDGET_AMOUNT)},
        mandatory={"收入": ("预算数",), "支出": ("预算数",)},
        prefixed_columns=True,
        summary_rows={"收入": w.BUDGET_INCOME_ROWS, "支出": w.BUDGET_SPENDING_ROWS},
        note="支出 printed by function class and, in Jiangsu, also by use",
    ),
    TableSpec(
        BUDGET_INCOME,
        BUDGET,
        "收入预算(总)表",
        (re.compile(r"收入预算(?:总)?表|收入总(?:体情况)?表"),),
        ("02",),
        **_one_sided((w.SOURCES, w.BUDGET_AMOUNT)),
        prefixed_columns=True,
        named_rows=True,
    ),
    TableSpec(
        BUDGET_EXPENDITURE,
        BUDGET,
        "支出预算(总)表",
        (re.compile(r"支出预算(?:总)?表|支出总(?:体情况)?表"),),
        ("03",),
        **_SPENDING,
        prefixed_columns=True,
        identities=(_USES,),
        unnamed_total=True,
    ),
)
