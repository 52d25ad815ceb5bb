"""One page, two sources of words (extract/sources.py): a mixed page's text layer joined to the OCR of its
pictures, each word once; and, end to end, a mixed report whose table titles are only in the text layer
and whose tables are 150-dpi JPEG pictures (scripts/make_scans.py make_mixed), read cell for cell."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import load_script
from juesuan.extract.layout import classify_page
from juesuan.extract.sources import headings, join_sources
from juesuan.model import PageContent, Word

ROOT = Path(__file__).resolve().parents[1]
TITLE = "2023年度收入支出决算总表"


def _page(words: list[Word], method: str = "text", frame=(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)) -> PageContent:
    return PageContent(5, 595, 842, words, [], method=method, image_coverage=0.9 if method == "text" else 1.0,
                       frame=frame)


def _picture_words(top: float = 80.0) -> list[Word]:
    """What OCR reads in a table picture: its 编制单位 and 单位 line and a few cells."""
    return [Word("编制单位：某某县民政局", 60, top, 170, top + 10, 0.98),
            Word("单位：万元", 500, top, 545, top + 10, 0.99),
            Word("项目", 120, top + 30, 140, top + 40, 0.99), Word("决算数", 300, top + 30, 330, top + 40, 0.99),
            Word("一般公共预算财政拨款收入", 65, top + 50, 155, top + 60, 0.97),
            Word("3157.23", 272, top + 50, 294, top + 60, 0.99)]


def _text_title() -> list[Word]:
    return [Word("公开01表", 512, 24, 548, 33), Word(TITLE, 209, 40, 386, 55)]


def test_a_title_only_in_the_text_layer_makes_the_pictures_a_table_page():
    ocr = _page(_picture_words(), "ocr")
    assert classify_page(ocr).kind != "table"  # the OCR words alone: no title, no table
    joined, sources = join_sources(_page(_text_title()), ocr)
    layout = classify_page(joined)
    assert (layout.kind, layout.table_key, layout.unit, layout.department) == (
        "table", "income_expenditure_summary", "万元", "某某县民政局")
    assert (sources.text_layer, sources.pictures, sources.both) == (2, 6, 0)
    assert sources.text_headings == ("公开NN表", "title") and sources.picture_headings == ("编制单位", "单位")
    assert "2 from the text layer (公开NN表, title), 6 OCR'd (编制单位, 单位)" in sources.describe()


def test_a_title_in_both_sources_counts_once():
    # drawn in the page and read by OCR where the text layer has it (a little misread)
    same_place = [Word("2023年度收入支出決算总表", 210, 41, 385, 54, 0.9)] + _picture_words()
    joined, sources = join_sources(_page(_text_title()), _page(same_place, "ocr"))
    texts = [w.text for w in joined.words]
    assert texts.count(TITLE) == 1 and "2023年度收入支出決算总表" not in texts
    assert sources.both == 1
    # printed again inside the picture, below the text layer's title: the same heading, once
    in_picture = [Word("公开01表", 512, 62, 548, 71, 0.99), Word(TITLE, 209, 70, 386, 80, 0.95)]
    joined, sources = join_sources(_page(_text_title()), _page(in_picture + _picture_words(90), "ocr"))
    texts = [w.text for w in joined.words]
    assert texts.count(TITLE) == 1 and texts.count("公开01表") == 1 and sources.both == 2
    layout = classify_page(joined)
    assert layout.kind == "table" and layout.table_key == "income_expenditure_summary"
    # a misread title in the picture (its year 2028) that names the same table is that title again
    misread = [Word("2028年度收入支出决算总表", 209, 70, 386, 80, 0.8)]
    joined, sources = join_sources(_page(_text_title()), _page(misread + _picture_words(90), "ocr"))
    assert sources.both == 1 and "2028年度收入支出决算总表" not in [w.text for w in joined.words]


def test_amounts_equal_to_text_layer_words_elsewhere_are_kept():
    """Only headings are matched by their text: a number printed in the text layer and again in a cell is two words."""
    text = _text_title() + [Word("3157.23", 400, 780, 430, 790)]  # say, a note under the picture
    joined, sources = join_sources(_page(text), _page(_picture_words(), "ocr"))
    assert [w.text for w in joined.words].count("3157.23") == 2 and sources.both == 0


def test_text_layer_words_follow_the_deskewed_pictures():
    """OCR straightened the page by 1°: the text layer's words are moved into its frame."""
    import math

    a = math.radians(1.0)
    frame = (math.cos(a), math.sin(a), -5.0, -math.sin(a), math.cos(a), 4.0)
    joined, _ = join_sources(_page(_text_title()), _page(_picture_words(), "ocr", frame))
    title = next(w for w in joined.words if w.text == TITLE)
    x, y = 209 * math.cos(a) + 40 * math.sin(a) - 5.0, -386 * math.sin(a) + 40 * math.cos(a) + 4.0
    assert title.x0 == pytest.approx(x, abs=0.01) and title.top == pytest.approx(y, abs=0.01)


def test_a_page_turned_upright_keeps_its_ocr_words_only():
    turned = (0.0, -1.0, 842.0, 1.0, 0.0, 0.0)
    ocr = _page(_picture_words(), "ocr", turned)
    joined, sources = join_sources(_page(_text_title()), ocr)
    assert joined is ocr and "not joined" in sources.describe()


def test_headings_names_what_the_words_print():
    assert headings(_text_title() + _picture_words()) == ("公开NN表", "title", "编制单位", "单位")
    assert headings([Word("本部门主要职责是贯彻执行国家方针政策。", 60, 80, 400, 90)]) == ()


# --- end to end: OCR (slow: ~15 CPU s) -----------------------------------------------------------

DOC = "minzheng_2023_lattice"


@pytest.fixture(scope="module")
def mixed150(tmp_path_factory):
    """minzheng_2023_lattice as a mixed report: narrative pages text, each table page its 公开NN表 and title as
    invisible text (in the text layer, drawn nowhere: the same whether or not a CJK font is installed) over a
    150-dpi JPEG picture of the rest (编制单位, 单位, the table)."""
    pytest.importorskip("rapidocr_onnxruntime")
    src = ROOT / "fixtures" / "generated" / f"{DOC}.pdf"
    if not src.exists():
        pytest.skip(f"{src} missing; run scripts/make_fixtures.py")
    from juesuan.pipeline import Options, extract_document

    out = tmp_path_factory.mktemp("mixed150")
    pdf = out / f"{DOC}.mixed150.pdf"
    table_pages = load_script("make_scans").make_mixed(src, pdf, dpi=150, title_drawn=False)
    pdf.with_suffix(".truth.csv").write_bytes(src.with_suffix(".truth.csv").read_bytes())
    return out, table_pages, extract_document(pdf, Options())


def test_every_truth_cell_of_a_mixed_report_with_text_only_titles_is_read(mixed150):
    from juesuan.records import cell_records

    out, _, doc = mixed150
    assert doc.status == "ok" and doc.department == "某某县民政局" and doc.year == 2023, doc.error
    res = load_script("score").score(pd.DataFrame(cell_records(doc)), out)["fixtures"][f"{DOC}.mixed150"]
    assert res["missing"] == [] and res["extra"] == [], (res["missing"][:5], res["extra"][:5])


def test_page_kinds_say_the_titles_came_from_the_text_layer(mixed150):
    _, table_pages, doc = mixed150
    kinds = {int(k.split(":")[0]): k for k in doc.page_kinds}
    starts = [n for n in table_pages if ":table:" in kinds[n]]
    assert len(starts) == 9, kinds  # the nine tables; page 8 continues the expenditure table
    for n in starts:
        assert "from the text layer (公开NN表, title)" in kinds[n], kinds[n]
        assert "OCR'd (编制单位, 单位)" in kinds[n], kinds[n]


def test_a_table_pasted_as_three_strips_under_a_text_title_is_read_whole(tmp_path):
    """One table cut into three 150-dpi JPEG pictures stacked on the page, its title only in the text layer
    (scripts/make_wrapped.py's 收入决算表, whose narrow columns also wrap their headers): the page is read as
    drawn, every cell once, under its column."""
    pytest.importorskip("rapidocr_onnxruntime")
    from juesuan.pipeline import Options, extract_document
    from juesuan.records import cell_records

    make_wrapped = load_script("make_wrapped")
    src = tmp_path / "wrapped_income.pdf"
    truth = make_wrapped.make_wrapped(src)
    pdf = tmp_path / "src" / "wrapped_income.strips.pdf"
    pdf.parent.mkdir()
    load_script("make_scans").make_mixed(src, pdf, dpi=150, title_drawn=False, strips=3)
    make_wrapped.write_truth(truth, pdf.with_suffix(".truth.csv"))
    doc = extract_document(pdf, Options())
    assert doc.page_kinds[0].startswith("1:table:income:ocr(") and "1 from the text layer (title)" in doc.page_kinds[0]
    res = load_script("score").score(pd.DataFrame(cell_records(doc)), pdf.parent)["fixtures"][pdf.stem]
    assert res["missing"] == [] and res["extra"] == [], (res["missing"][:5], res["extra"][:5])
