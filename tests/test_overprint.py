"""Fake bold (issue 31): a page's text drawn again 0.3 pt to the right reads as the page drawn once, by both
readers; two printed characters side by side ("11") stay two. The PDF is good.pdf of the hostile corpus
(scripts/make_hostile.py fake_bold)."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.extract.readers import open_document
from juesuan.extract.readers import pdfium as pdfium_reader
from juesuan.extract.readers.overprint import drop_overprints
from juesuan.extract.words import Char
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]

GOOD = make_hostile.GENERATED / "minzheng_2023_lattice.pdf"


def _words(content) -> list[tuple[str, float, float, float, float]]:
    return [(w.text, w.x0, w.top, w.x1, w.bottom) for w in content.words]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_fake_bold_reads_as_the_text_drawn_once(tmp_path, reader):
    bold = tmp_path / "fake_bold.pdf"
    make_hostile.fake_bold(GOOD, bold)
    with open_document(GOOD, reader) as original, open_document(bold, reader) as copy:
        for i in range(original.page_count):
            assert _words(copy.read_page(i)) == _words(original.read_page(i))


def test_read_as_drawn_every_character_of_the_fixture_comes_twice(tmp_path, monkeypatch):
    bold = tmp_path / "fake_bold.pdf"
    make_hostile.fake_bold(GOOD, bold)
    monkeypatch.setattr(pdfium_reader, "drop_overprints", lambda chars: chars)
    with open_document(bold) as copy:
        assert "33115577..2233" in [w.text for w in copy.read_page(4).words]


def _char(text: str, x0: float, top: float = 100.0, width: float = 4.17, height: float = 7.5) -> Char:
    return Char(text, x0, top, x0 + width, top + height, True)


def test_only_a_copy_in_place_is_dropped():
    ones = [_char("1", 10.0), _char("1", 14.17)]  # "11": a whole advance apart
    assert drop_overprints(ones) == ones
    copy = _char("1", 10.3, 100.2)
    assert drop_overprints([ones[0], copy]) == [ones[0]]
    assert drop_overprints([ones[0], _char("7", 10.3)]) == [ones[0], _char("7", 10.3)]  # another glyph
    assert len(drop_overprints([ones[0], _char("1", 10.3, height=9.0)])) == 2  # another size: another text
    assert len(drop_overprints([ones[0], _char("1", 11.5)])) == 2  # more than a quarter of the glyph away
    spaces = [_char(" ", 10.0), _char(" ", 10.1)]
    assert drop_overprints(spaces) == spaces  # blanks decide where words end; they are kept as read
