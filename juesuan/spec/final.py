"""The nine tables of a final account (部门决算), 公开01–09表 of the national template.

Listed in the order their titles are tried: most specific words first ("财政拨款收入支出决算总表" also holds
"收入支出决算总表").
"""

from __future__ import annotations

import regex as re

from juesuan.spec import words as w
from juesuan.spec.keys import (
    EXPENDITURE,
    FINAL,
    FISCAL_APPROPRIATION_SUMMARY,
    GENERAL_BUDGET_BASIC_EXPENDITURE,
    GENERAL_BUDGET_EXPENDITURE,
    GOVERNMENT_FUND,
    INCOME,
    INCOME_EXPENDITURE_SUMMARY,
    STATE_CAPITAL,
    THREE_PUBLIC,
)
from juesuan.spec.table import Identity, SummaryTotal, TableSpec

SIDES = ("收入", "支出")
_SPENT = Identity("本年支出合计", ("基本支出", "项目支出"))
_FUND_COLUMNS = ("年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余")
_THREE_PUBLIC_COLUMNS = tuple(f"{stage}/{key}" for stage in w.STAGES for key in w.THREE_PUBLIC_ITEMS)


def _three_public_identities() -> tuple[Identity, ...]:
    car = "公务用车购置及运行费"
    return tuple(
        Identity(f"{s}/合计", (f"{s}/因公出国(境)费", f"{s}/{car}/小计", f"{s}/公务接待费")) for s in w.STAGES
    ) + tuple(Identity(f"{s}/{car}/小计", (f"{s}/{car}/公务用车购置费", f"{s}/{car}/公务用车运行费")) for s in w.STAGES)


FINAL_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        FISCAL_APPROPRIATION_SUMMARY,
        FINAL,
        "财政拨款收入支出决算总表",
        (re.compile(r"财政拨款收(?:入)?支(?:出)?决算总表"),),
        ("04",),
        sides=SIDES,
        header_words={"收入": (w.AMOUNT,), "支出": (w.APPROPRIATION, w.AMOUNT)},
        columns={"收入": ("决算数",), "支出": tuple(w.APPROPRIATION)},
        mandatory={"收入": ("决算数",), "支出": ("合计",)},
        identities=(
            Identity(
                "合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"), side="支出"
            ),
        ),
        summary_totals=(  # carry-overs as the national template names them in 04, or as in 01 (2022 template, Xi'an)
            SummaryTotal("收入", "本年收入合计", (("年初财政拨款结转和结余", "年初结转和结余"),), ("决算数",)),
            SummaryTotal("支出", "本年支出合计", (("年末财政拨款结转和结余", "年末结转和结余"),)),
        ),
        summary_rows={
            "收入": frozenset(
                {
                    "一般公共预算财政拨款",
                    "政府性基金预算财政拨款",
                    "国有资本经营预算财政拨款",
                    "本年收入合计",
                    "年初财政拨款结转和结余",
                    "总计",
                    "年初结转和结余",  # as Xi'an words it (2022 template)
                }
            ),
            "支出": frozenset({"本年支出合计", "年末财政拨款结转和结余", "总计", "年末结转和结余"}),
        },
    ),
    TableSpec(
        INCOME_EXPENDITURE_SUMMARY,
        FINAL,
        "收入支出决算总表",
        (re.compile(r"收(?:入)?支(?:出)?决算总表"),),
        ("01",),
        sides=SIDES,
        header_words={"": (w.AMOUNT,)},
        columns={"收入": ("决算数",), "支出": ("决算数",)},
        mandatory={"收入": ("决算数",), "支出": ("决算数",)},
        summary_totals=(
            SummaryTotal("收入", "本年收入合计", (("使用非财政拨款结余",), ("年初结转和结余",)), ("决算数",)),
            SummaryTotal("支出", "本年支出合计", (("结余分配",), ("年末结转和结余",)), ("决算数",)),
        ),
        summary_rows={
            "收入": frozenset(
                {
                    "一般公共预算财政拨款收入",
                    "政府性基金预算财政拨款收入",
                    "国有资本经营预算财政拨款收入",
                    "上级补助收入",
                    "事业收入",
                    "经营收入",
                    "附属单位上缴收入",
                    "其他收入",
                    "本年收入合计",
                    "使用非财政拨款结余",
                    "年初结转和结余",
                    "总计",
                }
            ),
            "支出": frozenset({"本年支出合计", "结余分配", "年末结转和结余", "总计"}),
        },
    ),
    TableSpec(
        GENERAL_BUDGET_BASIC_EXPENDITURE,
        FINAL,
        "一般公共预算财政拨款基本支出决算(明细)表",
        (re.compile(r"一般公共预算财政拨款基本支出决算(?:明细)?表"),),
        ("06",),
        header_words={"": (w.AMOUNT,)},
        header_rule="groups",
        columns={"": ("决算数",)},
        mandatory={"": ("决算数",)},
        codes="economic",
        grouped_list=True,
    ),
    TableSpec(
        GENERAL_BUDGET_EXPENDITURE,
        FINAL,
        "一般公共预算财政拨款支出决算表",
        (re.compile(r"一般公共预算财政拨款(?:收入)?支出决算(?:明细)?表"),),
        ("05",),
        header_words={"": (w.EXPENDITURE,)},
        columns={"": ("本年支出合计", "基本支出", "项目支出")},
        mandatory={"": ("本年支出合计", "基本支出", "项目支出")},
        identities=(_SPENT,),
    ),
    TableSpec(
        GOVERNMENT_FUND,
        FINAL,
        "政府性基金预算财政拨款收入支出决算表",
        (re.compile(r"政府性基金预算财政拨款(?:收入)?支出决算表"),),
        ("07",),
        header_words={"": (w.FUND, w.EXPENDITURE)},
        header_rule="group_subtotal",
        columns={"": _FUND_COLUMNS},
        mandatory={"": ("本年支出合计",)},
        identities=(_SPENT,),
    ),
    TableSpec(
        STATE_CAPITAL,
        FINAL,
        "国有资本经营预算财政拨款支出决算表",
        (re.compile(r"国有资本经营预算财政拨款(?:收入)?支出决算表"),),
        ("08",),
        header_words={"": (w.FUND, w.EXPENDITURE)},
        header_rule="group_subtotal",
        columns={"": _FUND_COLUMNS},
        mandatory={"": ("本年支出合计",)},
        identities=(_SPENT,),
    ),
    TableSpec(
        THREE_PUBLIC,
        FINAL,
        '财政拨款"三公"经费支出决算表',
        (re.compile(r"三公\W{0,2}经费支出决算表"),),
        ("09",),
        header_words={"": (w.THREE_PUBLIC_ITEMS,)},
        header_rule="three_public",
        columns={"": _THREE_PUBLIC_COLUMNS},
        mandatory={"": ("决算数/合计",)},
        identities=_three_public_identities(),
        unnamed_total=True,
        stacked_stages=True,
        note="one row 合计",
    ),
    TableSpec(
        INCOME,
        FINAL,
        "收入决算表",
        (re.compile(r"(?<!财政拨款|支出)收入决算表"),),
        ("02",),
        header_words={"": (w.INCOME,)},
        columns={"": tuple(w.INCOME)},
        mandatory={"": ("本年收入合计",)},
        identities=(
            Identity(
                "本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
            ),
        ),
    ),
    TableSpec(
        EXPENDITURE,
        FINAL,
        "支出决算表",
        (re.compile(r"(?<!财政拨款|收入)支出决算表"),),
        ("03",),
        header_words={"": (w.EXPENDITURE,)},
        columns={"": tuple(w.EXPENDITURE)},
        mandatory={"": ("本年支出合计", "基本支出", "项目支出")},
        identities=(
            Identity("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
        ),
    ),
)
