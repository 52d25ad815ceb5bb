"""Nested form XObjects (issue 31): eleven forms whose scales multiply to one, and a form that draws itself, read
as the page they wrap, by both readers, in bounded time; forms nested deeper than pdfium draws (40) refuse the
page with the way out (--reader pdfplumber) instead of reading it as blank. The PDFs are good.pdf of the hostile
corpus (scripts/make_hostile.py nested_forms)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from juesuan.extract.readers import open_document
from juesuan.extract.readers.base import PageError
from juesuan.extract.readers.form_depth import PDFIUM_FORM_DEPTH, chain_depth
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]

GOOD = make_hostile.GENERATED / "minzheng_2023_lattice.pdf"
TABLE_PAGE = 4  # page 5, the one the recursive fixture wraps


def _words(content) -> list[tuple[str, float, float]]:
    return [(w.text, round(w.x0, 2), round(w.top, 2)) for w in content.words]


def _rules(content) -> set[tuple[float, ...]]:
    return {(round(s.x0, 2), round(s.top, 2), round(s.x1, 2), round(s.bottom, 2)) for s in content.segments}


def _made(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    make_hostile.nested_forms(GOOD, path, make_hostile.NESTED[name])
    return path


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", ["nested_forms.pdf", "recursive_form.pdf"])
def test_nested_and_recursive_forms_read_as_the_page_they_wrap(tmp_path, name, reader):
    with open_document(GOOD, reader) as original, open_document(_made(tmp_path, name), reader) as copy:
        a, b = original.read_page(TABLE_PAGE), copy.read_page(TABLE_PAGE)
        assert _words(b) == _words(a) and len(a.words) > 40
        assert _rules(b) == _rules(a)  # up to pdfium's 32-bit floats (10⁵ × 10⁻⁵ is not exactly 1)


def test_forms_deeper_than_pdfium_draws_refuse_the_page_and_pdfplumber_reads_it(tmp_path):
    deep = _made(tmp_path, "deep_forms.pdf")
    with open_document(deep, "pdfium") as copy, pytest.raises(PageError, match="nest deeper than the 40 levels"
                                                               ".*--reader pdfplumber"):
        copy.read_page(TABLE_PAGE)
    with open_document(GOOD, "pdfplumber") as original, open_document(deep, "pdfplumber") as copy:
        assert _words(copy.read_page(TABLE_PAGE)) == _words(original.read_page(TABLE_PAGE))


@pytest.mark.parametrize("name, depth", [("nested_forms.pdf", 11), ("recursive_form.pdf", 3),
                                         ("deep_forms.pdf", PDFIUM_FORM_DEPTH + 1)])
def test_the_chain_of_distinct_forms_is_counted_and_a_loop_ends_it(tmp_path, name, depth):
    """Three forms, the last drawing itself: 3; 300 in a chain: counted to one beyond what pdfium draws."""
    with open(_made(tmp_path, name), "rb") as fh:
        page = list(PDFPage.create_pages(PDFDocument(PDFParser(fh))))[TABLE_PAGE]
        assert chain_depth(page.resources) == depth
