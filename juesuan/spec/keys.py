"""The standard tables' keys, one name each: code says `INCOME` where the output says "income".

A table key is what cells.csv's table_key column holds; a module that needs one names it through this module
(or asks the registry, juesuan/spec/registry.py), never by a string of its own.
"""

from __future__ import annotations

FINAL, BUDGET = "决算", "预算"  # the two kinds of report (Document.report)

# final accounts (部门决算), 公开01–09表 of the national template
INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary"
INCOME = "income"
EXPENDITURE = "expenditure"
FISCAL_APPROPRIATION_SUMMARY = "fiscal_appropriation_summary"
GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
GENERAL_BUDGET_BASIC_EXPENDITURE = "general_budget_basic_expenditure"
GOVERNMENT_FUND = "government_fund"
STATE_CAPITAL = "state_capital"
THREE_PUBLIC = "three_public"

# budgets (部门预算)
BUDGET_SUMMARY = "budget_summary"
BUDGET_INCOME = "budget_income"
BUDGET_EXPENDITURE = "budget_expenditure"
BUDGET_FISCAL_SUMMARY = "budget_fiscal_summary"
BUDGET_FISCAL_EXPENDITURE = "budget_fiscal_expenditure"
BUDGET_FISCAL_BASIC = "budget_fiscal_basic"
BUDGET_GENERAL = "budget_general"
BUDGET_GENERAL_BASIC = "budget_general_basic"
BUDGET_GENERAL_PROJECT = "budget_general_project"
BUDGET_GOVERNMENT_FUND = "budget_government_fund"
BUDGET_STATE_CAPITAL = "budget_state_capital"
BUDGET_THREE_PUBLIC = "budget_three_public"
BUDGET_OFFICE_OPERATION = "budget_office_operation"
BUDGET_PROCUREMENT = "budget_procurement"
BUDGET_PROJECT = "budget_project"
BUDGET_BASIC_EXPENDITURE = "budget_basic_expenditure"
BUDGET_PERFORMANCE = "budget_performance"
