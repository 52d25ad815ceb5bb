"""Oracle: the pdfium reader gives what the pdfplumber reader gives, on every PDF at hand.

Each PDF goes through the whole pipeline once per reader (OCR off: only the text layer is compared),
every page's PageContent recorded on the way. Identical: each page's words (text and order), ruling
segments, size and image coverage; cells.csv (every field but the box), documents.csv, checks.csv,
facts.csv and the wide tables. Boxes differ slightly, for two reasons: pdfium computes positions in
32-bit floats (pdfminer in doubles), ~1e-4 pt; and pdfium keeps font widths and descents in whole
1/1000 em, so where a producer writes fractional widths (reportlab's embedded TrueType) a box drifts
by under 0.001 em per character along its text run. Hence WORD_BOX_TOL and CELL_BOX_TOL.

To oracle more PDFs (the layout zoo, new real reports), add a glob to ORACLE_GLOBS or set
JUESUAN_ORACLE_PDFS to globs separated by the path separator.
"""
from __future__ import annotations

import csv
import os
from dataclasses import replace
from pathlib import Path

import pytest

import juesuan.pipeline as pipeline
from conftest import REAL, ROOT
from juesuan.output import write_outputs
from juesuan.pipeline import Options, extract_document

ORACLE_GLOBS = [
    str(ROOT / "fixtures" / "generated" / "*.pdf"),
    str(ROOT / "fixtures" / "edge" / "*.pdf"),
    str(ROOT / "fixtures" / "zoo" / "**" / "*.pdf"),
    str(REAL / "*.pdf"),
    *filter(None, os.environ.get("JUESUAN_ORACLE_PDFS", "").split(os.pathsep)),
]
WORD_BOX_TOL = 0.25  # pt; ≤ 3e-4 where fonts have whole-unit widths (every real report), ≤ 0.18 on the fixtures
CELL_BOX_TOL = 0.05  # pt, on cells.csv's boxes rounded to 0.01
SEGMENT_TOL = 1e-3  # pt
BOX_COLUMNS = ("x0", "top", "x1", "bottom")
OPTIONS = Options(ocr="never")


def _pdfs() -> list[Path]:
    import glob
    return sorted({Path(p) for pattern in ORACLE_GLOBS for p in glob.glob(pattern, recursive=True)})


PDFS = _pdfs()


class _Recorder:
    """Wraps an open document so the pipeline's PageContents are kept for comparison."""

    def __init__(self, pages, seen: list):
        self.pages, self.seen = pages, seen
        self.page_count = pages.page_count

    def read_page(self, index):
        content = self.pages.read_page(index)
        self.seen.append(content)
        return content

    def close(self):
        self.pages.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """runs(path) → {reader: (output folder, [PageContent])}, computed once per PDF."""
    done: dict[Path, dict] = {}
    original = pipeline.open_document

    def run(path: Path) -> dict:
        if path not in done:
            done[path] = {}
            for reader in ("pdfplumber", "pdfium"):
                seen: list = []
                pipeline.open_document = lambda p, r, seen=seen: _Recorder(original(p, r), seen)
                try:
                    doc = extract_document(path, replace(OPTIONS, reader=reader))
                finally:
                    pipeline.open_document = original
                out = tmp_path_factory.mktemp(f"{path.stem}-{reader}")
                write_outputs(out, [doc])
                done[path][reader] = (out, seen)
        return done[path]
    return run


def test_the_oracle_has_pdfs():
    assert len([p for p in PDFS if p.parent.name == "generated"]) >= 12


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pages_read_alike(runs, path):
    (_, plumber), (_, pdfium) = runs(path)["pdfplumber"], runs(path)["pdfium"]
    assert len(pdfium) == len(plumber)
    for a, b in zip(plumber, pdfium):
        where = f"{path.name} page {a.number}"
        assert (b.number, b.width, b.height) == (a.number, a.width, a.height), where
        assert b.image_coverage == pytest.approx(a.image_coverage, abs=1e-6), where
        assert [w.text for w in b.words] == [w.text for w in a.words], where
        for wa, wb in zip(a.words, b.words):
            assert _gap(wa, wb) <= WORD_BOX_TOL, f"{where}: {wa} vs {wb}"
        assert len(b.segments) == len(a.segments), where
        for sa, sb in zip(a.segments, b.segments):
            assert _gap(sa, sb) <= SEGMENT_TOL, f"{where}: {sa} vs {sb}"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_results_alike(runs, path):
    (a, _), (b, _) = runs(path)["pdfplumber"], runs(path)["pdfium"]
    for name in ("documents.csv", "checks.csv", "facts.csv"):
        assert (b / name).read_bytes() == (a / name).read_bytes(), name
    cells_a, cells_b = _rows(a / "cells.csv"), _rows(b / "cells.csv")
    assert [_without_box(r) for r in cells_b] == [_without_box(r) for r in cells_a]
    for ra, rb in zip(cells_a, cells_b):
        assert max(abs(float(ra[k]) - float(rb[k])) for k in BOX_COLUMNS) <= CELL_BOX_TOL, (ra, rb)
    tables_a = sorted(p.relative_to(a) for p in a.glob("tables/**/*.csv"))
    assert sorted(p.relative_to(b) for p in b.glob("tables/**/*.csv")) == tables_a
    for rel in tables_a:
        assert (b / rel).read_bytes() == (a / rel).read_bytes(), rel


def _gap(p, q) -> float:
    return max(abs(p.x0 - q.x0), abs(p.top - q.top), abs(p.x1 - q.x1), abs(p.bottom - q.bottom))


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _without_box(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in BOX_COLUMNS}
