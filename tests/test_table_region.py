"""extract/tables.py: a page's bands are cut once and handed out as copies; a new page is not served the last."""
from pathlib import Path

from juesuan.extract.footer import footer_words
from juesuan.extract.readers import open_document
from juesuan.extract.tables import _page_number, _table_region, table_region

ROOT = Path(__file__).resolve().parents[1]


def _uncached(page, top, bottom):
    """table_region as it reads without a memo: footer and page numbers asked of every word, every time."""
    footer = {id(w) for w in footer_words(page.words, page.height)}
    furniture = footer | {id(w) for w in page.words if _page_number(w, page)}
    return _table_region(page, top, bottom, furniture)


def test_a_band_is_the_same_however_often_it_is_asked_for_and_a_copy_each_time():
    with open_document(ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf", "pdfium") as pdf:
        pages = [pdf.read_page(i) for i in range(pdf.page_count)]
    for page in pages:
        for top, bottom in ((0.0, page.height), (page.height / 4, page.height * 3 / 4)):
            first = table_region(page, top, bottom)
            first[0].clear()  # a caller's list is its own
            assert table_region(page, top, bottom) == _uncached(page, top, bottom)
    again = pages[0].__class__(**{**vars(pages[0]), "words": pages[0].words[:3]})  # a new page, same number
    assert table_region(again, 0.0, again.height) == _uncached(again, 0.0, again.height)
    assert len(table_region(again, 0.0, again.height)[0]) <= 3
