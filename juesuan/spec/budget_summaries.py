"""The words of a budget's summaries and sources as juesuan/validate_budget.py adds them up.

Regions word the rows of their summaries differently (当年收入小计 / 本年收入合计, 上年结转资金 / 上年结转 …): each
list names the words a check accepts, and the check is skipped where a table prints none of them.
"""

from __future__ import annotations

from juesuan.spec.words import BUDGET_SOURCE_ROWS

BASIC_PARTS = ["人员经费", "公用经费"]
USES = [
    "基本支出",
    "项目支出",
    "单位预留机动经费",
    "结转下年资金",
    "事业单位经营支出",
    "上缴上级支出",
    "对附属单位补助支出",
]
FISCAL = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
SOURCE_GROUPS = {
    "财政拨款": FISCAL,
    "单位资金": ["事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"],
}
SOURCES = ["财政拨款", "财政专户管理资金", "单位资金", "上年结转"]
# rows of the two-sided summaries, as regions print them: the sources of a budget's fiscal funds, without the
# 财政拨款 total words; 政府性基金预算拨款收入 and 政府性基金预算收入 were never in this list (the contract accepts them
# as rows): whether the sums should add them up is open, so they stay out here until a report shows them
NOT_FISCAL_PARTS = {"财政拨款", "财政拨款收入", "财政拨款资金", "政府性基金预算拨款收入", "政府性基金预算收入"}
FISCAL_ROWS = BUDGET_SOURCE_ROWS - NOT_FISCAL_PARTS
UNIT_ROWS = {"事业收入", "事业单位经营收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"}
CARRIED_IN = {"上年结转资金", "上年结转", "上年结转和结余", "上年结转结余", "用事业基金弥补收支差额"}
CARRIED_OUT = {"结转下年资金", "结转下年", "结转结余下年"}
USE_ROWS = set(USES) - {"结转下年资金"}
SUBTOTALS = {
    "收入": ["当年收入小计", "本年收入小计", "本年收入合计", "本年收入"],  # "一、本年收入" over its items (Hunan)
    "支出": ["当年支出小计", "本年支出小计", "本年支出合计", "本年支出"],
}
GRAND = {"收入": "收入合计", "支出": "支出合计"}  # the grand total where no 总计 is printed (Jiangsu)
