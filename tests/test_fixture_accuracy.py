"""Cell accuracy on the generated fixtures (every layout of the digital issue), and the validator on
the fixture with deliberate inconsistencies. Fixtures are regenerated into a temp folder so the test
also proves the committed ones are what the generator makes."""
from pathlib import Path

import pandas as pd
import pytest

from conftest import generate_and_extract
from scripts.score import score

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = sorted(p.name.removesuffix(".truth.csv") for p in (ROOT / "fixtures" / "generated").glob("*.truth.csv"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    fixtures, out = generate_and_extract("make_fixtures", tmp_path_factory)
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    return fixtures, out, cells, score(cells, fixtures)


@pytest.mark.parametrize("name", FIXTURES)
def test_layout_is_extracted_exactly(run, name):
    result = run[3]["fixtures"][name]
    assert result["f1"] == 1.0, {k: result[k] for k in ("missing", "extra", "wrong")}


def test_every_fixture_was_scored(run):
    assert len(FIXTURES) >= 11
    assert set(run[3]["fixtures"]) == set(FIXTURES)


def test_department_and_year_of_every_fixture(run):
    fixtures, out, _, _ = run
    manifest = pd.read_csv(fixtures / "manifest.csv", dtype=str)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    docs["file"] = docs.source_file.map(lambda p: Path(p).name)
    merged = manifest.merge(docs, on="file", suffixes=("_truth", ""))
    assert len(merged) == len(manifest)
    assert (merged.department == merged.department_truth).all(), merged[["file", "department", "department_truth"]]
    assert (merged.year == merged.year_truth).all()
    for _, row in merged.iterrows():
        assert set(row.tables_truth.split(";")) <= set(row.tables.split(";")), row.file


def test_deliberate_inconsistencies_are_found(run):
    fixtures, out, _, _ = run
    expected = pd.read_csv(fixtures / "inconsistent.expected_checks.csv", dtype=str)
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    mine = checks[checks.doc.str.startswith("inconsistent-")]
    for _, e in expected.iterrows():
        hit = mine[(mine.table == e.table_key) & (mine.row == e.row) & (mine.column == e.column)]
        assert not hit.empty, f"missing finding {e.to_dict()}"
        assert e.severity in set(hit.severity), (e.to_dict(), hit.to_dict("records"))
