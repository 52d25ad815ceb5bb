"""Page geometry from any legal MediaBox, CropBox and UserUnit, and no `ok` document whose tables hold no cells
(issue 31). The PDFs are good.pdf of the hostile corpus (scripts/make_hostile.py) with its boxes moved or its digits
recoded; both text-layer readers must read them as the original."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.extract.paths import page_transform
from juesuan.extract.readers import open_document, page_box, text_direction
from juesuan.pipeline import Options, extract_document
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]

GOOD = make_hostile.GENERATED / "minzheng_2023_lattice.pdf"


def _boxes(content) -> list[tuple[str, float, float, float, float]]:
    return [(w.text, w.x0, w.top, w.x1, w.bottom) for w in content.words]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", sorted(make_hostile.MOVED))
def test_words_and_rules_sit_where_a_viewer_shows_them(tmp_path, name, reader):
    how, shift = make_hostile.MOVED[name]
    moved = tmp_path / name
    make_hostile.moved_boxes(GOOD, moved, how, shift)
    with open_document(GOOD, reader) as original, open_document(moved, reader) as copy:
        for i in (4, 13):  # a portrait table page and the landscape one
            a, b = original.read_page(i), copy.read_page(i)
            assert (round(b.width), round(b.height)) == (round(a.width), round(a.height))
            assert [w[0] for w in _boxes(b)] == [w[0] for w in _boxes(a)]
            assert all(abs(u - v) < 0.05 for wa, wb in zip(_boxes(a), _boxes(b)) for u, v in zip(wa[1:], wb[1:]))
            assert len(b.segments) == len(a.segments) > 0
            assert all(abs(u - v) < 0.05 for sa, sb in zip(a.segments, b.segments)
                       for u, v in zip((sa.x0, sa.top, sa.x1, sa.bottom), (sb.x0, sb.top, sb.x1, sb.bottom)))


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", sorted(make_hostile.BOXED))
def test_the_cropbox_and_user_unit_give_the_page_a_viewer_shows(tmp_path, name, reader):
    """A MediaBox 100 pt larger than the CropBox, with a draft's amounts in the margin, reads as the page inside
    the CropBox; a page drawn at half size with /UserUnit 2 reads at full size, in points."""
    boxed = tmp_path / name
    make_hostile.boxed(GOOD, boxed, make_hostile.BOXED[name])
    with open_document(GOOD, reader) as original, open_document(boxed, reader) as copy:
        for i in (4, 13):
            a, b = original.read_page(i), copy.read_page(i)
            assert (round(b.width, 1), round(b.height, 1)) == (round(a.width, 1), round(a.height, 1))
            assert [w[0] for w in _boxes(b)] == [w[0] for w in _boxes(a)]
            assert all(abs(u - v) < 0.05 for wa, wb in zip(_boxes(a), _boxes(b)) for u, v in zip(wa[1:], wb[1:]))
            assert len(b.segments) == len(a.segments) > 0
            assert all(abs(u - v) < 0.05 for sa, sb in zip(a.segments, b.segments)
                       for u, v in zip((sa.x0, sa.top, sa.x1, sa.bottom), (sb.x0, sb.top, sb.x1, sb.bottom)))


def test_the_margin_outside_the_cropbox_holds_amounts_a_reader_of_the_mediabox_would_read(tmp_path, monkeypatch):
    """The fixture is hostile: read on its whole MediaBox (no view), page 4 holds the margin's draft amounts."""
    boxed = tmp_path / "cropbox_margin.pdf"
    make_hostile.boxed(GOOD, boxed, "cropped")
    monkeypatch.setattr(page_box, "view", lambda *args: None)
    with open_document(GOOD) as original, open_document(boxed) as copy:
        extra = {w.text for w in copy.read_page(4).words} - {w.text for w in original.read_page(4).words}
    assert "6480.56" in extra  # 3157.23 with each digit + 3


def test_a_cropbox_that_misses_the_page_or_a_bad_user_unit_is_ignored():
    t = page_transform((0, 0, 595, 842), 0)
    assert page_box.view(t, [1000, 1000, 2000, 2000], None) is None  # viewers ignore a box off the page
    assert page_box.view(t, ["a", 0, 1, 1], -3) is None
    assert page_box.view(t, [0, 0, 595.001, 842], 1) is None
    assert page_box.view(t, [100, 200, 400, 842], 1) == page_box.View(100.0, 0.0, 400.0, 642.0, 1.0)
    turned = page_transform((0, 0, 595, 842), 90)  # turned clockwise: the page's top edge is now on the right
    assert page_box.view(turned, [100, 200, 400, 842], None) == page_box.View(200.0, 100.0, 842.0, 400.0, 1.0)


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", sorted(make_hostile.ROTATED))
def test_a_rotate_that_shows_the_text_turned_is_read_as_the_text_reads(tmp_path, name, reader):
    """/Rotate 180 or 270 over content drawn upright: read as the original page, and the page says it was
    turned; the original, whose /Rotate agrees with its text, is read as it is."""
    turned = tmp_path / name
    make_hostile.rotate_lies(GOOD, turned, make_hostile.ROTATED[name])
    with open_document(GOOD, reader) as original, open_document(turned, reader) as copy:
        for i in (4, 13):
            a, b = original.read_page(i), copy.read_page(i)
            assert (b.width, b.height) == (a.width, a.height)
            assert _boxes(b) == _boxes(a) and len(b.segments) == len(a.segments) > 0
            shown = "upside down" if name.endswith("180.pdf") else "sideways"
            assert b.turned == f"/Rotate {make_hostile.ROTATED[name]} shows its text {shown}; read as /Rotate 0, " \
                               "as its text reads" and a.turned == ""


def test_a_turned_page_is_a_warning_and_the_document_stays_ok(tmp_path):
    turned = tmp_path / "rotate_lies_180.pdf"
    make_hostile.rotate_lies(GOOD, turned, 180)
    doc = extract_document(turned, Options(ocr="never"))
    assert doc.status == "ok" and sum(len(t.cells) for t in doc.tables) > 200
    notes = [f for f in doc.findings if f.rule == "page_turned"]
    assert [f.page for f in notes] == list(range(1, 15)) and {f.severity for f in notes} == {"warning"}
    assert notes[3].message == f"{turned}: page 4: /Rotate 180 shows its text upside down; read as /Rotate 0, " \
                               "as its text reads"


def test_the_direction_of_most_text_decides_and_little_or_mixed_text_does_not():
    assert text_direction.turn_of(1, 0) == 0 and text_direction.turn_of(-1, 0.01) == 180
    assert text_direction.turn_of(0, -2) == 270 and text_direction.turn_of(1, 1) is None
    assert text_direction.upright_turn({180: 80, 0: 20}) == 180
    assert text_direction.upright_turn({180: 70, 0: 30}) == 0  # a page of mixed directions is left as shown
    assert text_direction.upright_turn({90: 19}) == 0  # too little text to judge
    assert text_direction.upright_turn({None: 100, 90: 20}) == 0  # slanted text (a watermark) is not upright


def test_tables_without_one_cell_read_are_never_ok(tmp_path):
    """Digits mapped to private-use code points: the tables are found, no amount is read; `partial`,
    with a finding naming the pages."""
    pua = tmp_path / "private_use_digits.pdf"
    make_hostile.recode_text(GOOD, pua, make_hostile.private_use_digits)
    doc = extract_document(pua, Options(ocr="never"))
    assert doc.tables and not any(t.cells for t in doc.tables)
    assert doc.status == "partial"
    finding = next(f for f in doc.findings if f.rule == "no_cells_read")
    assert [t.table_key for t in doc.tables if t.note] == ["state_capital"]  # page 13 says it is empty
    assert "8 tables found on pages 5-12, 14, but not one amount was read from them" in finding.message
    assert finding.page == 5 and doc.error == finding.message
