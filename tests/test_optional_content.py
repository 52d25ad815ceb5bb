"""Optional content (issue 31): a draft's amounts in a layer the default configuration turns off are not read,
by either reader, as a viewer does not show them; where the pdfium reader cannot tell what is hidden, the page
is refused with a message naming why, never read with the hidden figures. The PDFs are good.pdf of the hostile
corpus (scripts/make_hostile.py hidden_layer) with a hidden copy of every amount, 40 pt left, other digits."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.extract.readers import open_document
from juesuan.extract.readers.base import PageError
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]

GOOD = make_hostile.GENERATED / "minzheng_2023_lattice.pdf"
TABLE_PAGE = 4  # the 收入支出决算总表, two amounts a row


def _words(pages, index: int) -> list[tuple[str, float, float]]:
    return [(w.text, round(w.x0, 2), round(w.top, 2)) for w in pages.read_page(index).words]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("how", ["marked", "membership"])
def test_a_hidden_layer_is_not_read(tmp_path, reader, how):
    hidden = tmp_path / f"{how}.pdf"
    make_hostile.hidden_layer(GOOD, hidden, how)
    with open_document(GOOD, reader) as original, open_document(hidden, reader) as copy:
        for i in (TABLE_PAGE, 12):
            assert _words(copy, i) == _words(original, i)
            assert len(copy.read_page(i).segments) == len(original.read_page(i).segments) > 0


def test_the_fixture_hides_figures_that_a_reader_would_otherwise_read(tmp_path):
    """The draft is there to be read: with the group on, the draft's digits appear beside the printed ones."""
    shown = tmp_path / "shown.pdf"
    make_hostile.hidden_layer(GOOD, shown)
    data = shown.read_bytes()
    objs = {n: o.replace(b"/OFF [", b"/ON [") for n, o in make_hostile.objects(data).items()}
    shown.write_bytes(make_hostile.rebuild(objs, make_hostile._root(data)))
    with open_document(GOOD) as original, open_document(shown) as copy:
        extra = sorted(set(_words(copy, TABLE_PAGE)) - set(_words(original, TABLE_PAGE)))
    assert "6480.56" in [w[0] for w in extra]  # 3157.23 with each digit + 3, 40 pt to the left
    assert len(extra) >= 10


def test_a_hidden_form_is_left_out_by_pdfplumber_and_refused_by_pdfium(tmp_path):
    """A form XObject whose /OC entry is off: pdfplumber skips it; pdfium's objects do not say which form it is,
    so the page is refused with a reason and the way out, rather than read with the draft's figures."""
    hidden = tmp_path / "form.pdf"
    make_hostile.hidden_layer(GOOD, hidden, "form")
    with open_document(GOOD, "pdfplumber") as original, open_document(hidden, "pdfplumber") as copy:
        assert _words(copy, TABLE_PAGE) == _words(original, TABLE_PAGE)
    with open_document(hidden, "pdfium") as copy, pytest.raises(PageError, match="hidden optional-content layer.*"
                                                                 "--reader pdfplumber"):
        copy.read_page(TABLE_PAGE)



def test_layers_that_share_a_name_are_told_apart_by_pdfplumber_and_refused_by_pdfium(tmp_path):
    """pdfium's marks name a group by its /Name only: a hidden and a shown group both named Final cannot be told
    apart there, so the page is refused with the way out; pdfplumber knows the groups by object and reads it."""
    hidden = tmp_path / "same_name.pdf"
    make_hostile.hidden_layer(GOOD, hidden, "same_name")
    with open_document(GOOD, "pdfplumber") as original, open_document(hidden, "pdfplumber") as copy:
        assert _words(copy, TABLE_PAGE) == _words(original, TABLE_PAGE)
    with open_document(hidden, "pdfium") as copy, pytest.raises(PageError, match="both named 'Final'.*"
                                                                 "--reader pdfplumber"):
        copy.read_page(TABLE_PAGE)
