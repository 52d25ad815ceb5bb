"""The zoo's office-suite producer (scripts/zoo_office.py): .xlsx/.docx exported by LibreOffice.

Three documents, one per `borders` value, are generated and read by `juesuan extract`. The reader is
not tuned on them (the office rules were made on seed 3030): the floor below is what was measured, so a
reader change that loses cells on office exports fails here (scripts/bench.py --section zoo
--zoo-office 0.34 measures the whole picture).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
from decimal import Decimal

import pypdfium2
import pytest

from conftest import load_script

pytestmark = [  # zoo, slow: markers main registers (about a minute: three LibreOffice exports and their reading)
    pytest.mark.zoo, pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice absent (Debian libreoffice-calc-nogui libreoffice-writer-nogui)"),
    pytest.mark.skipif(not all(importlib.util.find_spec(m) for m in ("openpyxl", "docx", "pypdf")),
                       reason="pip install -e '.[dev]' (python-docx, pypdf)"),
]

SEED = 31  # not the benchmark's seed, nor the measurement's (3030)
BORDERS = ("grid", "header_frame", "threeline")
# measured: recall 0.423 (530 of 1253 cells) with the reader of 594bb7f, where this producer was written; 0.824
# with 13152bc's (rows without rules inside a ruled header's frame read as a stream); 1.000 (precision 1.000, all
# three `ok`) once footers, cell seams and print-title headers were read (the t30d rules, measured on seed 3030).
FLOOR = 0.995

mf = load_script("make_fixtures")
zoo = load_script("zoo")
zoo_office = load_script("zoo_office")
bench_zoo = load_script("bench_zoo")


@pytest.fixture(scope="module")
def office_zoo(tmp_path_factory):
    """Three office documents (borders grid / header_frame / threeline) and juesuan's reading of them, as
    bench_zoo runs it (one `juesuan extract` per document)."""
    out = tmp_path_factory.mktemp("office_zoo")
    manifest = [zoo_office.make_office_doc(f"zoo_{SEED}_{i:03d}", SEED, i, out, office_overrides={"borders": b})
                for i, b in enumerate(BORDERS)]
    with open(out / "zoo_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, zoo.MANIFEST_COLUMNS)
        w.writeheader()
        w.writerows(manifest)
    read = tmp_path_factory.mktemp("office_zoo_out")
    _seconds, crashed = bench_zoo.run_extract(out, read, 2, 600)
    assert not crashed, crashed
    return out, manifest, read


def _truth(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_office_picks_share_rounded_up_and_seeded():
    assert zoo_office.office_picks(12, 5, 0.0) == set()
    picks = zoo_office.office_picks(12, 5, 1 / 3)
    assert len(picks) == 4 and picks <= set(range(12)) and picks == zoo_office.office_picks(12, 5, 1 / 3)
    assert len(zoo_office.office_picks(10, 5, 1 / 3)) == 4  # at least a third
    assert zoo_office.office_picks(3, 5, 1.0) == {0, 1, 2}


def test_manifest_holds_zoo_and_office_traits(office_zoo):
    out, manifest, _ = office_zoo
    for i, r in enumerate(manifest):
        traits, orientation = zoo.draw_traits(zoo.doc_rng(SEED, i))
        office = {**zoo_office.draw_office_traits(zoo_office.office_rng(SEED, i)), "borders": BORDERS[i]}
        assert r["producer"] == "office" and {k: r[k] for k in zoo.OFFICE_TRAITS} == office
        for name in zoo.TRAITS:
            want = "" if name in zoo_office.PAINTER_ONLY else traits[name]
            if not (name == "cover" and r["cover_forced"] == "yes"):
                assert r[name] == want, (r["file"], name)
        used = {n: ("landscape" if orientation[tk] == "rot90" else orientation[tk]) for n, tk, _ in zoo.TABLES}
        assert r["orientation"] == ";".join(f"{n}={o}" for n, o in used.items())


def test_office_pdfs_are_libreoffice_exports_whose_truth_is_printed(office_zoo):
    """Valid PDFs written by LibreOffice; truth consistent (every identity) and each value printed, as a
    whole number, on the page pages.json names, a page of its own table; sheets landscape as drawn."""
    out, manifest, _ = office_zoo
    for r in manifest:
        stem = r["file"][:-4]
        rows = _truth(out / f"{stem}.truth.csv")
        assert len(rows) > 50 and mf.check_consistency(rows) == [], stem
        pages = json.loads((out / f"{stem}.pages.json").read_text(encoding="utf-8"))
        assert set(pages["tables"]) == {tk for _, tk, _ in zoo.TABLES} and len(pages["truth_pages"]) == len(rows)
        table_pages = {p for ps in pages["tables"].values() for p in ps}
        assert not table_pages & {p for ps in pages["front"].values() for p in ps}
        pdf = pypdfium2.PdfDocument(str(out / r["file"]))
        try:
            assert pdf.get_metadata_dict()["Producer"].startswith("LibreOffice")
            n_pages = len(pdf)
            assert max(table_pages | {p for ps in pages["front"].values() for p in ps}) == n_pages
            texts = {}
            for t, page in zip(rows, pages["truth_pages"]):
                assert page in pages["tables"][t["table_key"]], (stem, t)
                if page not in texts:
                    texts[page] = pdf[page - 1].get_textpage().get_text_range()
                assert re.search(r"(?<![\d.,])" + re.escape(t["value"]) + r"(?!\d)", texts[page]), (stem, page, t)
            for n, o in (x.split("=") for x in r["orientation"].split(";")):
                tk = next(k for num, k, _ in zoo.TABLES if num == n)
                for page in pages["tables"][tk]:
                    w, h = pdf[page - 1].get_size()
                    assert (w > h) == (o == "landscape"), (stem, tk, page)
        finally:
            pdf.close()


def test_borders_trait_rules_the_sheet(office_zoo):
    """On the first page of 02 (8–40 项: tens of rows): grid rules every row; header_frame only the
    header's rows with its frame (vertical sides); threeline three rules and no vertical line."""
    import pdfplumber

    out, manifest, _ = office_zoo
    for r in manifest:
        page = json.loads((out / f"{r['file'][:-4]}.pages.json").read_text(encoding="utf-8"))["tables"]["income"][0]
        with pdfplumber.open(out / r["file"]) as pdf:
            p = pdf.pages[page - 1]
            rules = {round(e["top"]) for e in p.horizontal_edges}
            # vertical rules reaching below the header (a grey header's filled cells have sides too)
            verticals = [e for e in p.vertical_edges if e["bottom"] > max(rules) + 5]
        if r["borders"] == "grid":
            assert len(rules) >= 15, rules
        elif r["borders"] == "header_frame":
            assert 2 <= len(rules) <= 6 and verticals, rules
        else:
            assert len(rules) <= 4 and not verticals, rules


def test_juesuan_reads_office_exports(office_zoo):
    """Every document read and `ok`; keyed recall and precision at least the floor measured; bench_zoo scores the office
    traits and the producer, not the painter-only traits these documents do not draw."""
    out, manifest, read = office_zoo
    res = bench_zoo.score_zoo(out, read)
    assert [d["producer"] for d in res["docs"]] == ["office"] * 3
    assert {d["status"] for d in res["docs"]} == {"ok"}, res["docs"]
    overall = res["overall"]
    assert overall["n_truth"] > 300
    assert overall["recall"] >= FLOOR and overall["precision"] >= FLOOR, overall
    scored = {(r["trait"], r["value"]) for r in res["per_trait"]}
    assert {("producer", "office"), *(("borders", b) for b in BORDERS)} <= scored
    assert not {t for t, _ in scored} & set(zoo_office.PAINTER_ONLY)


@pytest.fixture(scope="module")
def whole_yuan(tmp_path_factory):
    """One office document in whole 元 without thousands separators and a body without column rules (threeline):
    LibreOffice prints a right-aligned amount flush against the next cell's left-aligned name, so the text layer
    runs the 收入 side's amounts into the 支出 side's names ("148458767一、一般公共服务支出") on 01 and 04."""
    out = tmp_path_factory.mktemp("office_whole_yuan")
    zoo_office.make_office_doc(f"zoo_{SEED}_003", SEED, 3, out, overrides={"unit_format": "元_int", "thousands": "no"},
                               office_overrides={"borders": "threeline"})
    read = tmp_path_factory.mktemp("office_whole_yuan_out")
    _seconds, crashed = bench_zoo.run_extract(out, read, 1, 600)
    assert not crashed, crashed
    return out, read


def test_whole_yuan_amounts_run_into_names_are_read(whole_yuan):
    """Every cell of the document read right, 01 and 04 included (before the plain-integer seam, 04 lost its 支出
    side: 73 cells wrong or missing, 14 of them without a finding on their row or column)."""
    out, read = whole_yuan
    stem = f"zoo_{SEED}_003"
    truth, pages = bench_zoo.load_zoo_truth(out, stem)
    cells = bench_zoo._read_csv(read / stem / "cells.csv")
    predicted = [{"key": bench_zoo.cell_key(stem, r), "amount": Decimal(r["amount_yuan"]), "page": r["page"]}
                 for r in cells if r["table_key"] in {tk for _, tk, _ in zoo.TABLES}]
    assert sum(k[1] == "fiscal_appropriation_summary" for k in truth) > 20
    assert bench_zoo.wrong_cells(truth, pages, predicted) == []
    assert bench_zoo._read_csv(read / stem / "documents.csv")[0]["status"] == "ok"


def test_a_narrative_typed_in_a_word_processor_is_read_like_a_painted_one(whole_yuan, tmp_path):
    """The same document painted by the zoo (its 情况说明 in the painter's text layer) and typed in Writer (.docx
    exported by LibreOffice: its own line breaks, fonts and page breaks): the same facts, sentence by sentence."""
    out, read = whole_yuan
    stem = f"zoo_{SEED}_003"
    painted = zoo.ZooDoc(stem, SEED, 3, {"unit_format": "元_int", "thousands": "no"})
    assert painted.traits["narrative"] != "none"
    mf.register_fonts()
    zoo.build_zoo_doc(painted, tmp_path)
    _seconds, crashed = bench_zoo.run_extract(tmp_path, tmp_path / "read", 1, 600)
    assert not crashed, crashed

    def facts(path):
        return sorted((r["section"], r["metric"], r["value"], r["label"], r["sentence"])
                      for r in bench_zoo._read_csv(path / stem / "facts.csv"))

    office = facts(read)
    assert len(office) > 30 and office == facts(tmp_path / "read")
