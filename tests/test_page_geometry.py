"""Page geometry from any legal MediaBox, and no `ok` document whose tables hold no cells (issue 31).
The PDFs are good.pdf of the hostile corpus (scripts/make_hostile.py) with its boxes moved or its digits
recoded; both text-layer readers must read them as the original."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.extract.readers import open_document
from juesuan.pipeline import Options, extract_document

ROOT = Path(__file__).resolve().parents[1]
from scripts import make_hostile

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
