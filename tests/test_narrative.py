"""Narrative facts: the seed report's acceptance figures, its two self-disagreements, the Shanghai
report's phrasing, and narrative-vs-table reconciliation on a small synthetic table set."""
from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan.extract.narrative import extract_facts, pages_from_text
from juesuan.narrative_checks import reconcile
from juesuan.output import write_facts_csv

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed/huangpi_civil_affairs_2023_final_accounts.txt"
SH_PDF = SHARED / "real/sh_pt_ghzy_2024_final.pdf"
WAN = D(10000)


def by_metric(facts):
    out = {}
    for f in facts:
        out.setdefault(f.metric, []).append(f)
    return out


@pytest.fixture(scope="module")
def seed_facts():
    if not SEED.exists():
        pytest.skip(f"seed text not available at {SEED}")
    return extract_facts("huangpi_civil_affairs_2023", pages_from_text(SEED.read_text(encoding="utf-8")))


def test_seed_totals_and_change(seed_facts):
    m = by_metric(seed_facts)
    total = m["total_income_expenditure"][0]
    assert (total.value, total.unit, total.amount_yuan) == (D("63349.77"), "万元", D("63349.77") * WAN)
    assert total.change_amount_yuan == D("-13183.22") * WAN and total.change_percent == D("-17.23")
    assert total.comparison == "减少13,183.22万元, 下降17.23%"
    assert total.section == "收入支出决算总体情况说明" and total.page is None
    change = m["previous_year_change"][0]
    assert (change.value, change.unit, change.amount_yuan, change.change_percent) == (
        D("-13183.22"), "万元", D("-13183.22") * WAN, D("-17.23"))
    for metric in ("total_income", "total_expenditure", "fiscal_appropriation_total"):
        assert m[metric][0].value == D("63349.77")
    assert {f.value for f in m["basic_expenditure"]} == {D("832.50")}
    assert {f.value for f in m["project_expenditure"]} == {D("62517.27")}
    assert m["basic_expenditure"][0].share_percent == D("1.32")


def test_seed_general_budget_classes(seed_facts):
    m = by_metric(seed_facts)
    classes = {f.metric: (f.value, f.share_percent) for f in seed_facts if f.level == "类"}
    assert classes == {"function:208": (D("44069.29"), D("74.16")), "function:210": (D("72.49"), D("0.13")),
                       "function:213": (D("15230.92"), D("25.63")), "function:221": (D("49.15"), D("0.08"))}
    gb = m["general_budget_appropriation_expenditure"]
    assert {f.value for f in gb} == {D("59421.87")}
    assert m["budget_completion_rate"][0].value == D("125.82")
    items = [f for f in seed_facts if f.metric.startswith("function:") and f.level in ("款", "项")]
    assert len(items) == 13 and sum(f.value for f in items) == D("59421.85")
    assert m["function:20802"][0].budget_yuan == D("13157.43") * WAN


def test_seed_three_public_operating_procurement_vehicles(seed_facts):
    m = by_metric(seed_facts)
    assert m["three_public_budget"][0].value == D("0.61")
    assert m["three_public_actual"][0].value == D("0.61")
    assert m["official_reception"][0].value == D("0.61")
    assert m["overseas_travel"][0].value == D("0.00")
    assert m["operating_expenses"][0].value == D("34.18")
    assert m["operating_expenses"][0].change_amount_yuan == D("-11.36") * WAN
    assert m["procurement_total"][0].value == D("1260.58")
    assert m["procurement_goods"][0].value == D("228.6")
    assert m["procurement_services"][0].value == D("1031.98")
    assert m["procurement_sme_share"][0].value == D("100")
    assert m["vehicles_held"][0].value == D("34") and m["vehicles_held"][0].unit == "辆"
    assert m["personnel_expenditure"][0].value == D("798.33")
    assert m["public_expenditure"][0].value == D("34.18")
    assert m["government_fund_expenditure"][0].value == D("4438.94")


def test_seed_own_disagreements(seed_facts):
    findings = [x for x in reconcile(seed_facts, {}) if x.table == "narrative"]
    classes = [x for x in findings if x.rule == "narrative_sum:function" and "class list" in x.message]
    assert len(classes) == 1
    c = classes[0]
    # 4 classes × 0.01万元 allowance = 400 yuan ≥ |−200| → rounding, not error
    assert (c.expected, c.found, c.difference, c.severity) == (
        D("59421.87") * WAN, D("59421.85") * WAN, D("-200.00"), "rounding")
    gf = [x for x in findings if x.rule == "narrative_repeat" and x.row == "government_fund_income"]
    assert len(gf) == 1 and gf[0].severity == "error"
    assert (gf[0].expected, gf[0].found) == (D("3927.90") * WAN, D("4438.94") * WAN)
    assert "3,927.90万元" in gf[0].message and "4,438.94万元" in gf[0].message
    # the change percentages of the totals agree with their amounts
    changes = [x for x in findings if x.rule == "narrative_change" and x.row == "total_income_expenditure"]
    assert changes[0].severity == "ok"


def test_reconcile_against_tables(seed_facts):
    tables = {
        "income_expenditure_summary": [
            {"side": "收入", "code": "", "row_label": "总 计", "决算数": D("633497700.00")},
            {"side": "支出", "code": "", "row_label": "总计", "决算数": D("633498000.00")}],
        "general_budget_expenditure": [
            {"side": "", "code": "", "row_label": "合计", "基本支出": D("8325000"),
             "项目支出": D("585893700"), "本年支出合计": D("594218700")},
            {"side": "", "code": "208", "row_label": "社会保障和就业支出", "本年支出合计": D("440692950")},
            {"side": "", "code": "20805", "row_label": "行政事业单位养老支出", "本年支出合计": D("3332800")}],
        "three_public": [{"side": "", "code": "", "row_label": "", "预算数/合计": D("6100"),
                          "决算数/合计": D("6100"), "决算数/公务接待费": D("6100")}],
        "government_fund": [{"side": "", "code": "", "row_label": "合计", "本年收入": D("44389400"),
                             "本年支出合计": D("44389400")}],
    }
    found = {(x.table, x.row, x.column): x for x in reconcile(seed_facts, tables) if x.table != "narrative"}
    assert found[("income_expenditure_summary", "收入/总 计", "决算数")].severity == "ok"
    assert found[("income_expenditure_summary", "支出/总计", "决算数")].severity == "error"  # 300 yuan off
    assert found[("general_budget_expenditure", "合计", "本年支出合计")].severity == "ok"
    assert found[("general_budget_expenditure", "208/社会保障和就业支出", "本年支出合计")].severity == "rounding"
    assert found[("general_budget_expenditure", "20805/行政事业单位养老支出", "本年支出合计")].severity == "ok"
    assert found[("three_public", "", "决算数/公务接待费")].severity == "ok"
    gf = [x for x in reconcile(seed_facts, tables) if x.table == "government_fund" and x.column == "本年收入"]
    assert sorted(x.severity for x in gf) == ["error", "ok"]  # 3,927.90 vs table, 4,438.94 vs table
    assert all("p." in x.message or "page ?" in x.message for x in found.values())


def test_write_facts_csv(tmp_path, seed_facts):
    path = tmp_path / "facts.csv"
    write_facts_csv(seed_facts, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("doc_id,section,metric,value,unit,amount_yuan")
    assert len(lines) == len(seed_facts) + 1
    assert "63349.77" in path.read_text(encoding="utf-8")


def test_wrapped_lines_and_other_phrasing():
    pages = [
        (
            3,
            "三、支出决算情况说明\n本年支出合计 9759.38 万元，其中：基本支出 5377.64\n万元，占 55.10%；项目支出"
            " 4381.74 万元，占 44.90%。\n",
        ),
        (4, "（一）机关运行经费支出情况\n机关运行经费支出 142.80 万元，比 2023 年度减少 13.52 万\n元，下降 8.65%。"),
    ]
    m = by_metric(extract_facts("x", pages))
    assert m["total_expenditure"][0].value == D("9759.38") and m["total_expenditure"][0].page == 3
    assert m["basic_expenditure"][0].share_percent == D("55.10")
    op = m["operating_expenses"][0]
    assert (op.page, op.change_amount_yuan, op.change_percent) == (4, D("-135200"), D("-8.65"))


def _pdf_pages(path, first, last):
    """Text of pages first..last (1-based) plus their neighbours, to show scoping works."""
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        return [(n, pdf.pages[n - 1].extract_text() or "") for n in range(first, last + 1)]


def test_shanghai_report():
    if not SH_PDF.exists():
        pytest.skip(f"Shanghai PDF not available at {SH_PDF}")
    facts = extract_facts("sh_pt_ghzy_2024", _pdf_pages(SH_PDF, 18, 30))
    m = by_metric(facts)
    assert m["total_income_expenditure"][0].value == D("9859.38")
    assert m["total_income_expenditure"][0].change_percent == D("12.08")
    assert m["total_income_expenditure"][0].page == 20
    assert m["total_income"][0].value == D("9746.50")
    assert m["total_expenditure"][0].value == D("9759.38")
    assert (m["basic_expenditure"][0].value, m["project_expenditure"][0].value) == (D("5377.64"), D("4381.74"))
    assert m["fiscal_appropriation_total"][0].change_amount_yuan == D("11932000")
    assert {f.metric for f in facts if f.level == "类"} == {
        "function:208", "function:210", "function:212", "function:220", "function:221"}
    assert len([f for f in facts if f.metric.startswith("function:") and f.level != "类"]) == 13
    assert m["three_public_budget"][0].value == D("2.85") and m["three_public_actual"][0].value == D("0.39")
    assert m["three_public_actual"][0].change_percent == D("-27.78")  # "下降（增长）" signed by 减少
    assert m["operating_expenses"][0].value == D("142.80") and m["operating_expenses"][0].page == 27
    assert [m[k][0].value for k in ("procurement_total", "procurement_goods", "procurement_works",
                                    "procurement_services")] == [D("2319.21"), D("122.43"), D("1387.72"), D("809.07")]
    assert m["vehicles_held"][0].value == 0 and m["personnel_expenditure"][0].value == D("4896.98")
    # no facts from the glossary / table pages
    assert all(20 <= f.page <= 28 for f in facts)
    proc = [x for x in reconcile(facts, {}) if x.row == "procurement_total" and x.rule == "narrative_sum"]
    assert proc[0].severity == "rounding"  # parts add up to 2,319.22


def test_minus_sign_before_an_amount():
    pages = [(2, "二、收入决算情况说明\n本年收入合计3231.57万元，其中：财政拨款收入3237.53万元，占100.18%；其他收入"
                 "-5.96万元，占-0.18%。\n三、其他\n补助标准为每人5-10万元。")]
    facts = extract_facts("x", pages)
    m = by_metric(facts)
    other = m["other_income"][0]
    assert (other.value, other.amount_yuan, other.share_percent) == (D("-5.96"), D("-59600.00"), D("-0.18"))
    assert all(f.value > 0 for f in facts if f.metric != "other_income")  # "5-10万元" is a range
    found = [x for x in reconcile(facts, {}) if x.row == "total_income" and x.rule == "narrative_sum"]
    assert found[0].severity == "ok"


def test_shares_of_rounded_amounts():
    """A share computed from the exact figures behind small 万元 amounts is rounding, not error;
    a share the amounts cannot give is still an error."""
    def share_severity(pct):
        pages = [(4, "（一）总体情况\n“三公”经费财政拨款支出全年预算为11.17万元，支出决算为9.99万元。"
                     f"其中：公务用车购置及运行费支出决算4.62万元，占{pct}%。")]
        found = [x for x in reconcile(extract_facts("x", pages), {}) if x.rule == "narrative_share"]
        return found[0].severity
    assert share_severity("46.25") == "ok"  # 4.62 / 9.99
    assert share_severity("46.22") == "rounding"  # 46,172.87 / 99,900.40 yuan
    assert share_severity("47.22") == "error"


# ---- like with like, on real reports (issue 29 item 6): each false alarm gone, each true error still found ----

def _narrative_checks(real_report, name):
    """(facts, every narrative finding, ok ones included) of one real report, read by the pipeline."""
    from juesuan.extract.narrative_budget import VOCABULARY
    from juesuan.pipeline import extract_document, table_amounts
    doc = extract_document(real_report(name))
    return doc.facts, reconcile(doc.facts, table_amounts(doc), VOCABULARY if doc.report == "预算" else None)


def _errors(findings):
    return sorted((x.rule, x.table, x.row, x.column) for x in findings if x.severity == "error")


@pytest.fixture(scope="module")
def huzhou(real_report):
    return _narrative_checks(real_report, "zj_huz_czj_2026_budget.pdf")


def test_class_amounts_listed_without_their_class_mark_are_compared_with_their_class_rows(huzhou):
    """"按支出功能分类，包括一般公共服务支出5356.01万元、…" lists classes (not the total 6838.41): each is checked
    against its class row of the 支出总表 its section speaks of; the classes by use against its 基本支出 columns."""
    facts, found = huzhou
    assert _errors(found) == []
    ok = {(x.table, x.row, x.column) for x in found if x.rule == "narrative_vs_table" and x.severity == "ok"}
    assert {("budget_expenditure", "201/一般公共服务支出", "合计"), ("budget_expenditure", "221/住房保障支出", "合计"),
            ("budget_fiscal_summary", "支出/208/社会保障和就业支出", "预算数"),
            ("budget_expenditure", "合计", "人员经费"), ("budget_expenditure", "合计", "项目支出")} <= ok
    totals = [f.value for f in facts if f.metric == "budget_expenditure"]
    assert totals == [D("6838.41")]  # not 5356.01, 4944.99, nor "…评审经费支出371.00万元"
    assert {f.value for f in facts if f.metric == "function:201" and f.level == "类"} == {D("5356.01")}
    by_use = [x for x in found if x.rule == "narrative_sum" and "budget_personnel_spending" in x.message]
    assert [x.severity for x in by_use] == ["ok"]  # 4944.99 + 626.67 + 1266.75 = 6838.41
    assert not any(_rx_digit_in_words(f.label) for f in facts)  # the page number "5" no longer splits a label


def _rx_digit_in_words(label: str) -> bool:
    import re
    return bool(re.search(r"[\u4e00-\u9fff]\d[\u4e00-\u9fff]", label))


def test_a_previous_years_figure_and_a_misprinted_unit_are_one_finding(real_report):
    """Changchun: "2025年预算数为9.23万元" is last year's, not a second 三公 budget; "预算支出1682.76元" beside
    "支出总计1682.76万元" is the report's misprint, found once (not again as a sum and two shares)."""
    facts, found = _narrative_checks(real_report, "jl_cc_xfj_2026_budget.pdf")
    assert [f.value for f in facts if f.metric == "budget_three_public"] == [D("7.61")]
    assert not [f.label for f in facts if f.metric == "budget_personnel"]  # "信访局临聘人员经费" is a project's
    assert _errors(found) == [("narrative_repeat", "narrative", "budget_expenditure", "repeat")]
    assert "misprinted unit" in next(x.message for x in found if x.severity == "error")
    assert {x.severity for x in found if x.rule == "narrative_sum" and x.row == "budget_three_public"} == {"ok"}


def test_true_errors_still_fire_and_an_all_funds_class_is_not_one(real_report):
    """Jiangsu procuratorate: the prose's 基本支出 12323.46 (the table and the next page print 12323.48) and its
    机关运行经费 change (+3401.59 on 6032.55 is +129.29%, printed 129.97%) are the report's; 公共安全 13656.34 in the
    all-funds 支出预算 list is its 收支预算总表's row, not the 一般公共预算 table's 13,641.34."""
    facts, found = _narrative_checks(real_report, "js_jcy_2017_dept_budget.pdf")
    assert not [f.label for f in facts if f.label[:1].isdigit()]  # "1．公共安全…", "18支出…" (a page number)
    assert _errors(found) == [("narrative_change", "narrative", "budget_operating_expenses", "change"),
                              ("narrative_repeat", "narrative", "budget_basic", "repeat"),
                              ("narrative_vs_table", "budget_expenditure", "合计", "基本支出")]
    security = [x for x in found if x.rule == "narrative_vs_table" and x.row.endswith("204/公共安全支出")]
    assert [(x.table, x.severity) for x in security] == [("budget_summary", "ok")]


def test_a_class_of_project_spending_is_not_the_class(real_report):
    """Changsha: "项目支出预算417.41万元，…其中：一般公共服务支出417.41万元" is the class's project part; income
    kinds (上级补助收入, 经营服务收入) are not the total income."""
    facts, found = _narrative_checks(real_report, "hn_cs_xfj_2026_budget.pdf")
    assert _errors(found) == []
    assert {f.value for f in facts if f.metric == "function:201"} == {D("1935.36")}
    assert [f.value for f in facts if f.metric == "budget_income"] == [D("1935.36")]


def test_final_account_totals_named_together_and_reasons(real_report):
    """Xi'an: "收入总计、支出总计均为…" is the grand total, "财政拨款收入总计、支出总计" the fiscal one, and
    "增加144.81%" in the stated reason is the fund income's change, not the total's."""
    path = real_report("sn_xa_wjw_2022_final.pdf")
    facts = extract_facts("sn_xa", _pdf_pages(path, 9, 11))
    m = by_metric(facts)
    assert m["total_income_expenditure"][0].value == D("2480372.7")
    assert m["fiscal_appropriation_total"][0].value == D("864177.93")
    assert m["fiscal_appropriation_total"][0].change_percent == D("64.2")
    assert [f.value for f in m["total_expenditure"]] == [D("2074962.01")]
    assert _errors(reconcile(facts, {})) == []


def test_page_numbers_years_and_units_in_prose():
    pages = [(4, "（二）支出预算情况\n本单位支出预算100.00万元。其中：市票据管理中心财政\n5"),
             (5, "票据管理经费支出10.00万元；\n2026年三公经费预算数为7.61万元，2025年预算数为9.23万元。")]
    from juesuan.extract.narrative_budget import VOCABULARY
    facts = extract_facts("x", pages, VOCABULARY)
    assert all("5" not in f.label for f in facts)
    assert [f.value for f in facts if f.metric == "budget_three_public"] == [D("7.61")]
    assert [f.value for f in facts if f.metric == "budget_expenditure"] == [D("100.00")]


def test_a_budget_class_is_checked_in_the_table_of_its_sections_funds():
    """The same class stated for all funds (收支预算总表 section) and for the 一般公共预算 alone: each agrees
    with its own table's class row, and a wrong one is still an error there."""
    from juesuan.extract.narrative_budget import VOCABULARY

    def checks(general_amount):
        pages = [(3, "一、收支预算总表情况说明\n支出预算总计115.00万元。包括：公共安全支出100.00万元、"
                     "住房保障支出15.00万元。\n二、一般公共预算支出预算表情况说明\n一般公共预算支出预算105.00万元。"
                     f"其中：公共安全（类）支出{general_amount}万元。")]
        def row(side, code, name, column, yuan):
            return {"side": side, "code": code, "row_label": name, column: D(yuan)}
        tables = {"budget_summary": [row("支出", "204", "公共安全支出", "预算数", "1000000"),
                                     row("支出", "221", "住房保障支出", "预算数", "150000")],
                  "budget_general": [row("", "204", "公共安全支出", "合计", "900000")]}
        facts = extract_facts("x", pages, VOCABULARY)
        return sorted((x.table, x.row, x.severity) for x in reconcile(facts, tables, VOCABULARY)
                      if x.rule == "narrative_vs_table")
    assert checks("90.00") == [("budget_general", "204/公共安全支出", "ok"),
                               ("budget_summary", "支出/204/公共安全支出", "ok"),
                               ("budget_summary", "支出/221/住房保障支出", "ok")]
    assert ("budget_general", "204/公共安全支出", "error") in checks("95.00")


def test_a_final_accounts_all_funds_class_and_a_reviews_funds_are_not_totals(real_report):
    """The central 国家信访局 2024: "一般公共服务（类）支出10685.56万元" under 收入支出决算总体情况 is all funds
    (05 支出决算表's 201 row; 07 prints 9846.82 for the 财政拨款 alone, as p.21 says); "涉及一般公共预算支出
    1639.34万元" is the funds a performance review covered, no base for p.19's and p.21's shares (p.19's are of
    本年支出合计); "财政拨款基本支出10234.37万元" under 一般公共预算财政拨款基本支出 is table 06's (人员经费 7967.72 +
    公用经费 2266.65), not 05's 11073.11 of all funds. The one error left is the report's: +5834.37 on 22066.59 is
    +35.94%, printed 35.74%."""
    facts, found = _narrative_checks(real_report, "cn_central_gjxfj_2024_final.pdf")
    assert _errors(found) == [("narrative_change", "narrative", "total_income_expenditure", "change")]
    assert not [f for f in facts if f.metric == "general_budget_appropriation_expenditure"]
    ok = {(x.rule, x.table, x.row) for x in found if x.severity == "ok"}
    assert ("narrative_vs_table", "expenditure", "201/一般公共服务支出") in ok
    assert ("narrative_vs_table", "general_budget_expenditure", "201/一般公共服务支出") in ok  # p.21's 9846.82
    assert ("narrative_sum", "narrative", "general_budget_basic_expenditure") in ok
    # p.19's classes of all funds are shares of 本年支出合计 14572.53 (教育支出180.03万元，占比1.24%)
    shares = {(x.row, x.severity) for x in found if x.rule == "narrative_share" and x.page == 19
              and x.row.startswith("function")}
    assert shares == {("function:205", "ok"), ("function:208", "ok"), ("function:210", "ok"), ("function:221", "ok")}
