"""The words of a budget's (部门预算) narrative: its metrics and where its tables print them.

A budget's narrative states budgets, so "预算" names no role here (in a final account "预算为" is the
budget beside the actual figure): it is dropped from a label before the rules read it ("基本支出预算数为"
→ 基本支出, "一般公共预算收入预算" → 一般公共预算收入). Every metric is prefixed budget_; function-class
items keep the final accounts' function:<code> keys. The previous year's execution ("2023年当年预算执行数为
…") is not read; "2024年预算安排…" right after an item restates that item, so a restatement that differs
is a narrative_repeat finding.
"""
from __future__ import annotations

import regex as re

from juesuan.extract.narrative import OWN_PREFIX, Vocabulary

_BUDGET_WORD = re.compile(r"(?<!一般公共|基金|经营)预算(?:数|安排|金额|总额)?为?")

RULES: list[tuple[str, str]] = [  # (metric, pattern on the label without 预算); first match wins
    ("budget_three_public", r"三公"),
    ("budget_overseas_travel", r"因公出国"),
    ("budget_vehicle_purchase_operation", r"公务用车购置及运行"),
    ("budget_vehicle_purchase", r"公务用车购置"),
    ("budget_vehicle_operation", r"公务用车运行"),
    ("budget_official_reception", r"公务接待"),
    ("budget_meeting", r"会议费"),
    ("budget_training", r"培训费"),
    ("budget_operating_expenses", r"机关运行经费"),
    ("budget_procurement_micro_reserved", r"小型和微型企业|小微企业"),
    ("budget_procurement_sme_reserved", r"面向中小企业预留"),
    ("budget_procurement_goods", r"(?:采购|购买|购置)货物"),
    ("budget_procurement_works", r"(?:采购|购买)工程"),
    ("budget_procurement_services", r"(?:采购|购买)服务"),
    ("budget_procurement", r"政府采购"),
    ("budget_performance_funds", r"^涉及.*资金(?:合计)?$"),
    ("budget_personnel", OWN_PREFIX + r"人员经费$"),
    ("budget_public", OWN_PREFIX + r"(?:日常)?公用经费$"),
    ("budget_general_basic", r"一般公共预算(?:财政拨款)?基本支出$"),
    ("budget_fiscal_basic", r"财政拨款基本支出$"),
    ("budget_basic", r"基本支出(?:合计)?$"),
    ("budget_project", r"项目支出(?:安排|合计)?$"),
    ("budget_personnel_spending", r"^(?:包括)?人员支出$"),  # spending by use (按支出用途): its 基本支出 columns
    ("budget_public_spending", r"^(?:包括)?日常公用支出$"),
    ("budget_reserve", r"预留机动经费$"),
    ("budget_fiscal_total", r"财政拨款收(?:入)?(?:总计)?[、和与及]?支(?:出)?(?:总计|总)?$"),
    ("budget_total", r"收(?:入)?(?:总计)?[、和与及]?支(?:出)?总计$"),
    ("budget_government_fund_income", r"政府性基金.*收入(?:合计|总计)?$"),
    ("budget_government_fund_expenditure", r"政府性基金.*支出$"),
    ("budget_state_capital_income", r"国有资本经营预算.*收入(?:合计|总计)?$"),
    ("budget_state_capital_expenditure", r"国有资本经营预算.*支出$"),
    ("budget_general_income", r"一般公共预算.*收入$"),
    ("budget_general_expenditure", r"一般公共预算.*支出$"),
    ("budget_fiscal_income", r"财政拨款收入(?:总计|合计)?$"),
    ("budget_fiscal_expenditure", r"财政拨款(?:拨款)?支出$"),
    ("budget_special_account_income", r"财政专户管理资金(?:收入)?(?:总计|合计)?$"),
    ("budget_other_funds_income", r"其他资金(?:收入)?(?:总计|合计)?$"),
    ("budget_business_income", r"事业收入$"),
    ("budget_operating_income", r"经营(?:服务)?收入$"),
    ("budget_superior_subsidy_income", r"上级补助收入$"),
    ("budget_other_income", r"其他收入$"),
    # a label naming a kind of spending or income (工资福利支出, 商品和服务支出, …经费等支出) is a part,
    # never the total that the two rules below read in a bare 收入 / 支出
    ("", r"(?:经费|费|福利|服务|补助|补贴|资本性|利息|还本|建设|其他)等?(?:支出|收入)(?:合计|总计)?$"),
    ("budget_income", r"收入(?:合计|总计)?$"),
    ("budget_expenditure", r"支出(?:合计|总计)?$"),
]
COUNT_RULES = [("budget_performance_projects", r"绩效目标.*项目$")]
SUMS = [
    ("budget_expenditure", ["budget_basic", "budget_project", "budget_reserve"]),
    ("budget_expenditure", ["budget_personnel_spending", "budget_public_spending", "budget_project"]),  # by use
    ("budget_general_basic", ["budget_personnel", "budget_public"]),
    ("budget_procurement", ["budget_procurement_goods", "budget_procurement_works", "budget_procurement_services"]),
    (
        "budget_three_public",
        ["budget_overseas_travel", "budget_vehicle_purchase_operation", "budget_official_reception"],
    ),
    ("budget_vehicle_purchase_operation", ["budget_vehicle_purchase", "budget_vehicle_operation"]),
]
SHARE_BASE = {
    **{
        m: "budget_expenditure"
        for m in (
            "budget_basic",
            "budget_project",
            "budget_reserve",
            "budget_fiscal_expenditure",
            "budget_general_expenditure",
        )
    },
    **{
        m: "budget_income"
        for m in (
            "budget_fiscal_income",
            "budget_general_income",
            "budget_government_fund_income",
            "budget_special_account_income",
            "budget_other_funds_income",
            "budget_business_income",
            "budget_operating_income",
            "budget_other_income",
            "budget_superior_subsidy_income",
        )
    },
    **{m: "budget_expenditure" for m in ("budget_personnel_spending", "budget_public_spending")},
    **{
        m: "budget_three_public"
        for m in ("budget_overseas_travel", "budget_vehicle_purchase_operation", "budget_official_reception")
    },
}
SHARE_PHRASES = [("本年收入", "budget_income"), ("本年支出", "budget_expenditure"), ("三公", "budget_three_public")]

_TOTAL = r"^(?:合计|预算数)$"
_SUMMARY_TOTAL = ("总计", "收入合计", "支出合计")
TABLE_RULES: dict[str, tuple | list[tuple]] = {
    # metric: (table_key, row labels, column pattern)
    "budget_total": ("budget_summary", _SUMMARY_TOTAL, r"^预算数$"),
    "budget_income": ("budget_summary", ("收入:总计", "收入:收入合计"), r"^预算数$"),
    "budget_expenditure": ("budget_expenditure", ("合计",), _TOTAL),
    "budget_fiscal_total": ("budget_fiscal_summary", _SUMMARY_TOTAL, _TOTAL),
    "budget_fiscal_income": ("budget_fiscal_summary", ("收入:总计", "收入:收入合计"), r"^预算数$"),
    "budget_general_expenditure": ("budget_general", ("合计",), _TOTAL),
    "budget_general_income": ("budget_general", ("合计",), _TOTAL),
    "budget_government_fund_expenditure": ("budget_government_fund", ("合计",), _TOTAL),
    "budget_state_capital_expenditure": ("budget_state_capital", ("合计",), _TOTAL),
    "budget_basic": ("budget_expenditure", ("合计",), r"^基本支出$"),
    "budget_project": ("budget_expenditure", ("合计",), r"^项目支出$"),
    "budget_reserve": ("budget_expenditure", ("合计",), r"^单位预留机动经费$"),
    "budget_personnel_spending": ("budget_expenditure", ("合计",), r"(?:^|/)人员(?:支出|经费)$"),
    "budget_public_spending": ("budget_expenditure", ("合计",), r"(?:^|/)(?:日常)?公用(?:支出|经费)$"),
    "budget_general_basic": ("budget_general_basic", ("合计",), _TOTAL),
    "budget_fiscal_basic": ("budget_fiscal_basic", ("合计",), _TOTAL),
    "budget_personnel": ("budget_general_basic", ("合计",), r"^人员经费$"),
    "budget_public": ("budget_general_basic", ("合计",), r"^公用经费$"),
    "budget_three_public": ("budget_three_public", ("合计",), r"^合计$"),
    "budget_overseas_travel": ("budget_three_public", ("合计",), r"^因公出国"),
    "budget_vehicle_purchase_operation": ("budget_three_public", ("合计",), r"^公务用车购置及运行费/小计$"),
    "budget_vehicle_purchase": ("budget_three_public", ("合计",), r"^公务用车购置及运行费/公务用车购置费$"),
    "budget_vehicle_operation": ("budget_three_public", ("合计",), r"^公务用车购置及运行费/公务用车运行费$"),
    "budget_official_reception": ("budget_three_public", ("合计",), r"^公务接待费$"),
    "budget_meeting": ("budget_three_public", ("合计",), r"^会议费$"),
    "budget_training": ("budget_three_public", ("合计",), r"^培训费$"),
    "budget_operating_expenses": [
        ("budget_office_operation", ("合计",), _TOTAL),
        ("budget_three_public", ("合计",), r"^机关运行经费$"),
    ],
    "budget_procurement": ("budget_procurement", ("合计",), r"^合计$"),
}
FUNCTION_TABLES = {  # a class item is compared with its row in the table of the funds its section speaks of
    "function": [(r"一般公共预算", [("budget_general", _TOTAL)]),
                 (r"财政拨款", [("budget_fiscal_expenditure", _TOTAL), ("budget_fiscal_summary", _TOTAL),
                               ("budget_general", _TOTAL)]),
                 (r"收支|支出预算|支出总表|支出总体", [("budget_expenditure", _TOTAL), ("budget_summary", _TOTAL)]),
                 ("", [("budget_general", _TOTAL)])],  # a section naming no funds: the item lists' usual table
    "gf_function": ("budget_government_fund", _TOTAL)}

VOCABULARY = Vocabulary(
    rules=RULES,
    count_rules=COUNT_RULES,
    role_budget=None,
    label_filter=lambda key: _BUDGET_WORD.sub("", key).replace("、", ""),
    continues=re.compile(r"(?:完成|占|比|较|增长|下降|增加|减少|\d{4}年度?(?:当年)?预算执行数)"),
    ignored=re.compile(r"执行数$"),
    restates=True,
    sums=SUMS,
    share_base=SHARE_BASE,
    share_phrases=SHARE_PHRASES,
    table_rules=TABLE_RULES,
    function_tables=FUNCTION_TABLES,
    function_totals=(
        ("function", ("budget_expenditure", "budget_fiscal_expenditure", "budget_general_expenditure")),
        ("gf_function", "budget_government_fund_expenditure"),
        ("sc_function", "budget_state_capital_expenditure"),
    ),
    total_metric="budget_total",
)
