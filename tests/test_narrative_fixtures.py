"""Narrative facts end to end on the generated fixtures, whose 情况说明 is written from their own
tables (scripts/make_fixtures.py: narrative_accounts): every figure the prose restates is found with
the table's amount, clean reports reconcile without errors, and the deliberate disagreements of
narrative_disagree (and the table fault of inconsistent, restated by its prose) are reported.
Fixtures are regenerated into a temp folder, so this also tests the generator as it stands."""
from __future__ import annotations

import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from juesuan.cli import main

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
FIXTURES = sorted(p.name.removesuffix(".truth.csv") for p in GENERATED.glob("*.truth.csv"))
DISAGREE = "narrative_disagree"
TABLE_FAULTS = "inconsistent"  # its tables disagree with themselves; its prose restates them
CLEAN = [n for n in FIXTURES if n not in (DISAGREE, TABLE_FAULTS)]
ROUNDED = {"caizheng_2024_yuan_thousands"}  # tables in 元, prose in 万元: rounding findings only
UNIT_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}
ALL3 = "决算数/公务用车购置及运行费"

# metric → (table_key, side, row (code or label), column) of the truth cell it restates
RESTATED = {
    "total_income_expenditure": ("income_expenditure_summary", "收入", "总计", "决算数"),
    "total_income": ("income_expenditure_summary", "收入", "本年收入合计", "决算数"),
    "total_expenditure": ("income_expenditure_summary", "支出", "本年支出合计", "决算数"),
    "fiscal_appropriation_income": ("income", "", "合计", "财政拨款收入"),
    "business_income": ("income", "", "合计", "事业收入"),
    "other_income": ("income", "", "合计", "其他收入"),
    "basic_expenditure": ("expenditure", "", "合计", "基本支出"),
    "project_expenditure": ("expenditure", "", "合计", "项目支出"),
    "fiscal_appropriation_total": ("fiscal_appropriation_summary", "收入", "总计", "决算数"),
    "general_budget_appropriation_income": ("fiscal_appropriation_summary", "收入", "一般公共预算财政拨款", "决算数"),
    "general_budget_appropriation_expenditure": ("general_budget_expenditure", "", "合计", "本年支出合计"),
    "personnel_expenditure": ("general_budget_basic_expenditure", "", "人员经费合计", "决算数"),
    "public_expenditure": ("general_budget_basic_expenditure", "", "公用经费合计", "决算数"),
    "government_fund_income": ("government_fund", "", "合计", "本年收入"),
    "government_fund_expenditure": ("government_fund", "", "合计", "本年支出合计"),
    "three_public_budget": ("three_public", "", "合计", "预算数/合计"),
    "three_public_actual": ("three_public", "", "合计", "决算数/合计"),
    "vehicle_purchase_operation": ("three_public", "", "合计", f"{ALL3}/小计"),
    "vehicle_operation": ("three_public", "", "合计", f"{ALL3}/公务用车运行费"),
    "official_reception": ("three_public", "", "合计", "决算数/公务接待费"),
}
ALWAYS = {"total_income_expenditure", "total_income", "total_expenditure", "basic_expenditure",
          "project_expenditure", "general_budget_appropriation_expenditure", "personnel_expenditure",
          "public_expenditure", "three_public_budget", "three_public_actual", "official_reception"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    fixtures = tmp_path_factory.mktemp("fixtures")
    subprocess.run([sys.executable, "-m", "scripts.make_fixtures", str(fixtures)], check=True,
                   capture_output=True, cwd=ROOT)
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(fixtures), "-o", str(out), "-q", "--workers", "2"]) == 0
    read = lambda name: pd.read_csv(out / name, dtype=str, keep_default_na=False)  # noqa: E731
    return fixtures, read("facts.csv"), read("checks.csv"), read("documents.csv")


def _doc(df: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    return df[df[column].str.rsplit("-", n=1).str[0] == name]


def _truth(fixtures: Path, name: str) -> dict:
    t = pd.read_csv(fixtures / f"{name}.truth.csv", dtype=str, keep_default_na=False)
    return {(r.table_key, r.side, r.code or r.row_label, r.column_key): (Decimal(r.amount_yuan), r.unit)
            for r in t.itertuples()}


def _as_stated(amount: Decimal, table_unit: str, fact_unit: str) -> Decimal:
    """The table amount as the prose prints it: exact in the table's unit, else rounded to 0.01."""
    if fact_unit == table_unit:
        return amount
    unit = UNIT_YUAN[fact_unit]
    return (amount / unit).quantize(Decimal("0.01"), ROUND_HALF_UP) * unit


def _function_row(metric: str, rows: dict) -> str | None:
    """The 05 row (code) a function fact names: "function:2080201", or an unmapped
    "function:208:行政事业单位养老支出/行政单位离退休" (code prefix + the last name)."""
    code, _, names = metric.removeprefix("function:").partition(":")
    if not names:
        return code if code in rows else None
    hits = [c for c, label in rows.items() if c.startswith(code) and label == names.split("/")[-1]]
    return hits[0] if len(hits) == 1 else None


@pytest.mark.parametrize("name", FIXTURES)
def test_narrative_pages_are_read_as_narrative(run, name):
    """Facts come only from pages classified narrative, never from table pages or continuations."""
    _, facts, _, docs = run
    kinds = dict(k.split(":")[:2] for k in _doc(docs, "doc_id", name).page_kinds.iloc[0].split())
    mine = _doc(facts, "doc_id", name)
    assert len(mine) >= 30, name
    assert {kinds[p] for p in mine.page} == {"narrative"}, kinds


@pytest.mark.parametrize("name", CLEAN + [TABLE_FAULTS])
def test_restated_figures_match_the_tables(run, name):
    fixtures, facts, _, _ = run
    truth = _truth(fixtures, name)
    mine = _doc(facts, "doc_id", name)
    first = mine.drop_duplicates("metric").set_index("metric")
    for metric, key in RESTATED.items():
        if key not in truth:
            assert metric not in ALWAYS, (name, metric, key)
            continue
        assert metric in first.index, (name, metric)
        amount, unit = truth[key]
        fact = first.loc[metric]
        assert Decimal(fact.amount_yuan) == _as_stated(amount, unit, fact.unit), (name, metric, fact.to_dict())
    # every class (类) of the general budget, and the 款/项 items of 具体情况, with their 05 amounts
    rows05 = {k[2]: truth[k] for k in truth if k[0] == "general_budget_expenditure" and k[3] == "本年支出合计"}
    fn = mine[mine.metric.str.startswith("function:")]
    classes = fn[fn.level == "类"]
    assert sorted(classes.metric.str[9:]) == sorted(c for c in rows05 if len(c) == 3), name
    labels = pd.read_csv(fixtures / f"{name}.truth.csv", dtype=str, keep_default_na=False)
    labels = dict(zip(labels[labels.table_key == "general_budget_expenditure"].code,
                      labels[labels.table_key == "general_budget_expenditure"].row_label))
    items = fn[fn.level != "类"]
    assert len(items) >= 5, name
    for f in pd.concat([classes, items]).itertuples():
        code = _function_row(f.metric, labels)
        assert code is not None, (name, f.metric)
        amount, unit = rows05[code]
        assert Decimal(f.amount_yuan) == _as_stated(amount, unit, f.unit), (name, f.metric)
    listed = sum(Decimal(a) for a in items.amount_yuan)
    total, unit = rows05["合计"]
    assert abs(listed - total) <= Decimal("0.005") * UNIT_YUAN[items.unit.iloc[0]] * len(items), name


@pytest.mark.parametrize("name", CLEAN)
def test_clean_reports_reconcile_without_errors(run, name):
    """Only the prose that rounds 元 to 万元 draws findings, and those are rounding; the others
    restate their tables exactly (shares, changes and completion rates included)."""
    _, _, checks, _ = run
    mine = _doc(checks, "doc", name)
    narrative = mine[mine.rule.str.startswith("narrative")]
    if name in ROUNDED:
        assert len(narrative) >= 10 and set(narrative.severity) == {"rounding"}, narrative.to_dict("records")
        assert "narrative_vs_table" in set(narrative.rule)
    else:
        assert narrative.empty, narrative[["table", "row", "rule", "severity", "message"]].to_dict("records")


@pytest.mark.parametrize("name", [DISAGREE, TABLE_FAULTS])
def test_deliberate_disagreements_are_found(run, name):
    fixtures, _, checks, _ = run
    expected = pd.read_csv(fixtures / f"{name}.expected_narrative_checks.csv", dtype=str, keep_default_na=False)
    assert {"metric", "rule", "severity"} <= set(expected.columns)
    mine = _doc(checks, "doc", name)
    mine = mine[mine.rule.str.startswith("narrative")]
    for e in expected.itertuples():
        hit = mine[(mine.table == e.table) & (mine.row == e.row) & (mine.column == e.column) & (mine.rule == e.rule)]
        assert not hit.empty, f"missing {e._asdict()}"
        assert set(hit.severity) == {e.severity}, (e._asdict(), hit.to_dict("records"))
    # nothing else is an error: the rest of the prose agrees with the tables
    keys = set(zip(expected.table, expected.row, expected.column, expected.rule))
    errors = mine[mine.severity == "error"]
    unexpected = [r for r in errors.itertuples() if (r.table, r.row, r.column, r.rule) not in keys]
    assert not unexpected, [r.message for r in unexpected]
    if name == DISAGREE:
        assert set(expected.severity) == {"error", "rounding"}
        assert {"narrative_vs_table", "narrative_repeat", "narrative_share"} <= set(expected.rule)


def test_committed_expectations_are_what_the_generator_writes(run):
    fixtures = run[0]
    for name in (DISAGREE, TABLE_FAULTS):
        path = f"{name}.expected_narrative_checks.csv"
        assert (GENERATED / path).read_bytes() == (fixtures / path).read_bytes(), path
