"""The layout zoo (scripts/zoo.py): deterministic, consistent truth, every trait drawn, truth = what is printed.

Extraction accuracy on the zoo is not asserted here: scripts/bench.py --section zoo measures it.
"""
from __future__ import annotations

import csv
import json
from decimal import Decimal

import pdfplumber
import pytest

from conftest import load_script

TEST_SEED = 106  # six documents covering the four producers, 06 groups and 09 layouts; not the benchmark's


mf = load_script("make_fixtures")
zoo = load_script("zoo")
bench_zoo = load_script("bench_zoo")


@pytest.fixture(scope="module")
def small_zoo(tmp_path_factory):
    out = tmp_path_factory.mktemp("zoo")
    return out, zoo.generate_zoo(6, TEST_SEED, out)


def _truth(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generation_is_deterministic(small_zoo, tmp_path):
    out, manifest = small_zoo
    zoo.generate_zoo(6, TEST_SEED, tmp_path)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6 * 3 + 1
    for name in names:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_manifest_records_the_drawn_traits(small_zoo):
    out, manifest = small_zoo
    rows = zoo.read_manifest(out)
    assert list(rows[0]) == zoo.MANIFEST_COLUMNS
    producers = set()
    for i, r in enumerate(rows):
        traits, orientation = zoo.draw_traits(zoo.doc_rng(TEST_SEED, i))
        for name, value in traits.items():
            if name == "cover" and r["cover_forced"] == "yes":
                assert r[name] == "yes"
            else:
                assert r[name] == value, (r["file"], name)
        assert r["orientation"] == ";".join(f"{n}={orientation[tk]}" for n, tk, _ in zoo.TABLES)
        assert 2019 <= int(r["year"]) <= 2025 and 8 <= int(r["n_items"]) <= 40
        assert r["unit"] == ("万元" if r["unit_format"] == "万元" else "元")
        with pdfplumber.open(out / r["file"]) as pdf:
            producers.add(pdf.metadata.get("Producer", "").split()[0])
            fonts = {ch["fontname"].split("+")[-1] for p in pdf.pages[:3] for ch in p.chars}
        wanted = {"rl_stsong": "STSong", "rl_wqy": "WenQuanYiZenHei", "cairo_noto_sans": "NotoSansCJK",
                  "cairo_noto_serif": "NotoSerifCJK"}[r["font_producer"]]
        assert any(f.startswith(wanted) for f in fonts), (r["file"], fonts)  # no silent font fallback
    assert producers == {"ReportLab", "cairo"}


def test_every_trait_value_is_drawn():
    """Over 40 documents every value of every trait occurs (the drawing, not the painting)."""
    seen: dict[str, set] = {name: set() for name in zoo.TRAITS}
    orientations = set()
    for i in range(40):
        traits, orientation = zoo.draw_traits(zoo.doc_rng(TEST_SEED + 1, i))
        for name, value in traits.items():
            seen[name].add(value)
        orientations |= set(orientation.values())
    for name, values in zoo.TRAITS.items():
        assert seen[name] == set(values), name
    assert orientations == set(zoo.ORIENTATIONS)
    # independent per document: different documents of one seed differ, one document is the same every time
    assert zoo.draw_traits(zoo.doc_rng(5, 0)) == zoo.draw_traits(zoo.doc_rng(5, 0))
    assert len({tuple(zoo.draw_traits(zoo.doc_rng(5, i))[0].values()) for i in range(10)}) == 10


def test_truth_is_consistent(small_zoo):
    out, manifest = small_zoo
    for r in manifest:
        rows = _truth(out / r["file"].replace(".pdf", ".truth.csv"))
        assert rows and list(rows[0]) == mf.TRUTH_COLUMNS
        assert mf.check_consistency(rows) == [], r["file"]
        keys = set()
        for t in rows:
            assert t["value"] not in ("", "0", "0.00", "-", "—") and Decimal(t["amount_yuan"]) != 0
            assert t["unit"] == r["unit"]
            assert (t["side"] in ("收入", "支出")) == (t["table_key"] in zoo.SUMMARIES)
            key = (t["table_key"], t["side"], t["code"], "" if t["code"] else t["row_label"], t["column_key"])
            assert key not in keys
            keys.add(key)
        tables = {t["table_key"] for t in rows}
        assert "state_capital" not in tables
        assert ("government_fund" in tables) == (r["t07"] == "data")
        three = {t["column_key"] for t in rows if t["table_key"] == "three_public"}
        assert three <= {f"{p}/{k}" for p in ("预算数", "决算数") for k in mf.THREE_KEYS}
        assert {t["row_label"] for t in rows if t["table_key"] == "three_public"} == {"合计"}
        basic_totals = {
            t["row_label"] for t in rows if t["table_key"] == "general_budget_basic_expenditure" and not t["code"]
        }
        assert basic_totals == {"人员经费合计", "公用经费合计"}


def test_truth_values_are_printed_on_their_pages(small_zoo):
    """Every truth value is a word of the text layer on the page pages.json names, and that page
    is one of its table's pages; rotated pages read upright."""
    out, manifest = small_zoo
    for r in manifest:
        stem = r["file"][:-4]
        rows = _truth(out / f"{stem}.truth.csv")
        pages = json.loads((out / f"{stem}.pages.json").read_text(encoding="utf-8"))
        assert len(pages["truth_pages"]) == len(rows)
        assert set(pages["tables"]) == {tk for _, tk, _ in zoo.TABLES}
        with pdfplumber.open(out / r["file"]) as pdf:
            words = {}
            for t, page in zip(rows, pages["truth_pages"]):
                assert page in pages["tables"][t["table_key"]], (stem, t)
                if page not in words:
                    words[page] = {w["text"] for w in pdf.pages[page - 1].extract_words()}
                assert t["value"] in words[page], (stem, page, t)
            for n, o in (x.split("=") for x in r["orientation"].split(";")):
                tk = next(k for num, k, _ in zoo.TABLES if num == n)
                for page in pages["tables"][tk]:
                    p = pdf.pages[page - 1]
                    assert (p.rotation == 90) == (o == "rot90"), (stem, tk, page)
                    assert (p.width > p.height) == (o != "portrait"), (stem, tk, page)
            for kind, numbers in pages["front"].items():
                assert not set(numbers) & {p for ps in pages["tables"].values() for p in ps}


def test_cairo_rotate_keeps_the_file_valid(tmp_path):
    """/Rotate written into a cairo PDF: pdfplumber and pdfium both read it, words upright."""
    import pypdfium2

    zc = zoo.zoo_cairo
    c = zc.CairoCanvas(tmp_path / "r.pdf", mf.A4)
    for rot in (0, 90, 0):
        c.setPageSize(mf.landscape(mf.A4) if rot else mf.A4)
        c.setPageRotation(rot)
        if rot:
            c.saveState()
            c.translate(mf.A4[0], 0)
            c.rotate(90)
        c.setFont("Noto Sans CJK SC", 12)
        c.drawString(60, 500, "支出决算表 1,234.56")
        if rot:
            c.restoreState()
        c.showPage()
    c.save()
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        assert [p.rotation for p in pdf.pages] == [0, 90, 0]
        words = pdf.pages[1].extract_words()
        assert [w["text"] for w in words] == ["支出决算表", "1,234.56"]
        assert words[0]["top"] < words[0]["bottom"] and words[0]["x0"] < words[1]["x0"]
    doc = pypdfium2.PdfDocument(str(tmp_path / "r.pdf"))
    assert len(doc) == 3 and doc[1].get_rotation() == 90
    doc.close()


def test_silent_wrong_cells_rule():
    """bench_zoo's rule: a wrong or missing cell is silent unless a finding on its doc and table names
    its row or column (missing: or amounts_not_read on its page), or its confidence is below 0.9."""
    truth = {("d", "expenditure", "", "201", "", "基本支出"): Decimal("5"),
             ("d", "expenditure", "", "201", "", "项目支出"): Decimal("7"),
             ("d", "income", "", "", "合计", "其他收入"): Decimal("3")}
    pages = {truth_key: 4 for truth_key in truth}
    predicted = [{"key": ("d", "expenditure", "", "201", "", "基本支出"), "amount": Decimal("6"), "conf": 1.0},
                 {"key": ("d", "expenditure", "", "9", "", "项目支出"), "amount": Decimal("7"), "conf": 0.5}]
    findings = {"d": [{"table": "income", "row": "", "column": "", "rule": "amounts_not_read", "page": "4"}]}
    wrong = bench_zoo.wrong_cells(truth, pages, predicted)
    assert [w["kind"] for w in wrong] == ["wrong", "extra", "missing", "missing"]
    assert [bench_zoo.is_flagged(w, findings["d"]) for w in wrong] == [False, True, False, True]
    findings["d"].append({"table": "expenditure", "row": "", "column": "基本支出", "rule": "x", "page": ""})
    assert bench_zoo.is_flagged(wrong[0], findings["d"])


def test_a_suggestion_is_right_when_it_is_the_truths_amount_or_zero_for_a_cell_the_truth_lacks():
    key, absent = ("d", "expenditure", "", "201", "", "基本支出"), ("d", "expenditure", "", "206", "", "基本支出")
    truth = {key: Decimal("5")}
    assert bench_zoo.suggestion_right(truth, key, Decimal("5.00"))
    assert not bench_zoo.suggestion_right(truth, key, Decimal("6"))
    assert bench_zoo.suggestion_right(truth, absent, Decimal("0.00"))  # printed "-": the truth lists no such cell
    assert not bench_zoo.suggestion_right(truth, absent, Decimal("9"))
