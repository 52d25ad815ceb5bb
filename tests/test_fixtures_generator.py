"""The fixture generator writes readable PDFs with well-formed, consistent truth; the scorer scores."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest

from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]


mf = load_script("make_fixtures")
sc = load_script("score")

TABLE_KEYS = {"income_expenditure_summary", "income", "expenditure", "fiscal_appropriation_summary",
              "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund",
              "state_capital", "three_public"}


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    manifest = mf.generate(out)
    return out, manifest


def _truth(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_generator_writes_all_files(gen):
    out, manifest = gen
    assert len(manifest) >= 10
    with open(out / "manifest.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == mf.MANIFEST_COLUMNS
    for r in rows:
        stem = r["file"][:-4]
        assert (out / r["file"]).stat().st_size < 200_000
        assert (out / f"{stem}.truth.csv").exists()
        assert set(r["tables"].split(";")) <= TABLE_KEYS
    assert (out / "inconsistent.expected_checks.csv").exists()


def test_generator_is_deterministic(gen, tmp_path):
    out, manifest = gen
    mf.generate(tmp_path)
    for r in manifest:
        stem = r["file"][:-4]
        assert (tmp_path / f"{stem}.truth.csv").read_bytes() == (out / f"{stem}.truth.csv").read_bytes()
        assert (tmp_path / r["file"]).read_bytes() == (out / r["file"]).read_bytes()


def test_pdfs_open_and_have_text(gen):
    out, manifest = gen
    for r in manifest:
        with pdfplumber.open(out / r["file"]) as pdf:
            assert len(pdf.pages) >= 5
            words = [w["text"] for w in pdf.pages[0].extract_words()]
            assert r["department"] in words
            assert any(f"{r['year']}年度" in w for w in words)


def test_rotated_page_reads_left_to_right(gen):
    out, _ = gen
    with pdfplumber.open(out / "nongye_2024_rotated.pdf") as pdf:
        rotated = [p for p in pdf.pages if p.rotation == 90]
        assert rotated
        for p in rotated:
            words = p.extract_words()
            assert p.width > p.height
            title = [w for w in words if w["text"].endswith("表") and "年度" in w["text"]]
            assert title and title[0]["top"] < 60


def test_letter_spaced_words_are_separate(gen):
    out, _ = gen
    with pdfplumber.open(out / "minzheng_2024_misaligned.pdf") as pdf:
        texts = [w["text"] for p in pdf.pages for w in p.extract_words()]
    assert "人" in texts and "员" in texts and "计" in texts


def test_truth_well_formed_and_consistent(gen):
    out, manifest = gen
    for r in manifest:
        stem = r["file"][:-4]
        rows = _truth(out / f"{stem}.truth.csv")
        assert rows, stem
        assert list(rows[0].keys()) == mf.TRUTH_COLUMNS
        keys = set()
        for t in rows:
            assert t["table_key"] in TABLE_KEYS
            assert t["unit"] in ("元", "万元")
            assert t["value"] and t["value"] not in ("0.00", "0", "-", "—")
            assert Decimal(t["amount_yuan"]) != 0
            assert t["code"] or t["row_label"]
            if t["table_key"] in ("income_expenditure_summary", "fiscal_appropriation_summary"):
                assert t["side"] in ("收入", "支出")
            else:
                assert t["side"] == ""
            k = (t["table_key"], t["side"], t["code"], "" if t["code"] else t["row_label"], t["column_key"])
            assert k not in keys
            keys.add(k)
        assert not any(t["table_key"] == "state_capital" for t in rows)
        violations = mf.check_consistency(rows)
        if stem == "inconsistent":
            with open(out / "inconsistent.expected_checks.csv", encoding="utf-8") as f:
                expected = {(e["table_key"], e["row"], e["column"], e["severity"]) for e in csv.DictReader(f)}
            found = set()
            for tk, row, col, diff in violations:
                unit = 10000 if r["unit"] == "万元" else 1
                found.add((tk, row, col, "rounding" if abs(diff) <= Decimal("0.01") * unit else "error"))
            assert found == expected
        else:
            assert violations == [], (stem, violations)


def _truth_as_cells(truth_dir: Path) -> pd.DataFrame:
    dfs = []
    for p in sorted(truth_dir.glob("*.truth.csv")):
        d = pd.read_csv(p, dtype=str, keep_default_na=False)
        d["source_file"] = str(p.with_name(p.name.replace(".truth.csv", ".pdf")))
        dfs.append(d)
    return pd.concat(dfs, ignore_index=True)


def test_score_perfect_and_perturbed(gen):
    out, _ = gen
    cells = _truth_as_cells(out)
    res = sc.score(cells, out)
    assert res["overall"]["f1"] == 1.0
    # trailing zeros do not matter
    cells2 = cells.copy()
    cells2["amount_yuan"] = cells2["amount_yuan"].map(lambda s: s + "0")
    assert sc.score(cells2, out)["overall"]["f1"] == 1.0
    # one changed cell lowers the score and is reported
    cells3 = cells.copy()
    cells3.loc[0, "amount_yuan"] = str(Decimal(cells3.loc[0, "amount_yuan"]) + 1)
    res3 = sc.score(cells3, out)
    assert res3["overall"]["f1"] < 1.0
    fx = Path(cells3.loc[0, "source_file"]).stem
    assert len(res3["fixtures"][fx]["missing"]) == 1 and len(res3["fixtures"][fx]["extra"]) == 1
    # a dropped cell lowers recall only
    res4 = sc.score(cells.iloc[1:], out)
    assert res4["overall"]["precision"] == 1.0 and res4["overall"]["recall"] < 1.0


def test_score_cli(gen, tmp_path, capsys):
    out, _ = gen
    _truth_as_cells(out).to_csv(tmp_path / "cells.csv", index=False)
    assert sc.main([str(tmp_path), str(out)]) == 0
    assert "F1=1.0000" in capsys.readouterr().out


def test_edge_fixtures(tmp_path):
    mf.make_edge(tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"not_a_pdf.pdf", "encrypted.pdf", "truncated.pdf", "zero_pages.pdf", "no_table.pdf",
            "bad_row.pdf"} <= names
    with pdfplumber.open(tmp_path / "zero_pages.pdf") as pdf:
        assert len(pdf.pages) == 0
    with pdfplumber.open(tmp_path / "no_table.pdf") as pdf:
        assert len(pdf.pages) == 2
    with pdfplumber.open(tmp_path / "bad_row.pdf") as pdf:
        assert "12.3.4x" in [w["text"] for w in pdf.pages[0].extract_words()]
    with pdfplumber.open(tmp_path / "encrypted.pdf", password="secret") as pdf:
        assert "行政运行" in pdf.pages[0].extract_text()
    for bad in ("not_a_pdf.pdf", "truncated.pdf", "encrypted.pdf"):
        with pytest.raises(Exception):
            with pdfplumber.open(tmp_path / bad) as pdf:
                [p.extract_words() for p in pdf.pages]
