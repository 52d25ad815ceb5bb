"""`juesuan facts FILE.txt -o OUTDIR` on the seed: the text layer of a real report whose tables are images."""
import pandas as pd
import pytest

from conftest import SHARED
from juesuan.cli import main

SEED = SHARED / "seed" / "huangpi_civil_affairs_2023_final_accounts.txt"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    if not SEED.exists():
        pytest.skip(f"{SEED} not present (../shared/seed beside the checkout)")
    out = tmp_path_factory.mktemp("seed")
    assert main(["facts", str(SEED), "-o", str(out)]) == 0
    return (pd.read_csv(out / "facts.csv", dtype=str, keep_default_na=False),
            pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False))


def test_total_with_its_change(seed_run):
    facts, _ = seed_run
    total = facts[facts.metric == "total_income_expenditure"].iloc[0]
    assert (total.value, total.unit, total.amount_yuan) == ("63349.77", "万元", "633497700.00")
    assert "13,183.22" in total.comparison and "17.23%" in total.comparison
    assert "63,349.77万元" in total.sentence and total.page == ""


def test_the_two_disagreements_are_reported(seed_run):
    _, checks = seed_run
    repeat = checks[(checks.row == "government_fund_income") & (checks.rule == "narrative_repeat")]
    assert len(repeat) == 1 and repeat.iloc[0].severity == "error"
    assert {repeat.iloc[0].expected, repeat.iloc[0].found} == {"39279000.00", "44389400.00"}
    sums = checks[
        checks.rule.str.startswith("narrative_sum:function")
        & (checks.row == "general_budget_appropriation_expenditure")
    ]
    assert "59,421.85" in " ".join(sums.message) and "59,421.87" in " ".join(sums.message)


def test_missing_or_non_utf8_file_is_a_usage_error(tmp_path, capsys):
    assert main(["facts", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")]) == 2
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("收入合计".encode("gb18030"))
    assert main(["facts", str(gbk), "-o", str(tmp_path / "o")]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
