"""OCR path on small generated pages: rulings, deskew, orientation, and both engines' reading."""
from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from conftest import load_script
from juesuan.extract.ocr.deskew import estimate_skew, upright
from juesuan.extract.ocr.engines import BATCH_SPREAD, MAX_BATCH, TextLine, get_engine, width_batches
from juesuan.extract.ocr.grid import Line, detect_segments, image_table_regions
from juesuan.extract.ocr.lines import split_line
from juesuan.extract.ocr.page import PAGE_DETECTION, RULED_CELLS, ocr_page_image, page_words, read_page_ocr
from juesuan.extract.ocr.raster import PageTooLarge, render_page
from juesuan.extract.readers import open_document

ROOT = Path(__file__).resolve().parents[1]
make_scans = load_script("make_scans")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("ocr")
    pdf = d / "demo.pdf"
    truth = make_scans.make_demo_table_pdf(pdf, pages=1)
    scan = d / "demo.scan.pdf"
    meta = make_scans.make_scan(pdf, scan, dpis=(200,), rotate_page=0, max_skew=1.5)
    return pdf, scan, truth, meta


def cell_accuracy(words, truth, page=1):
    """Share of truth cells whose OCR words (centres inside the cell) join to the exact text."""
    cells = [t for t in truth if t["page"] == page]
    bad = []
    for t in cells:
        inside = [w for w in words if t["top"] < w.yc < t["bottom"] and t["x0"] - 12 < w.xc < t["x1"] + 12]
        got = "".join(w.text for w in sorted(inside, key=lambda w: w.x0))
        if got != t["text"]:
            bad.append((t["text"], got))
    return 1 - len(bad) / len(cells), bad


def _rotate(img, deg):
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=255)


def test_grid_counts_lines(demo):
    r = render_page(demo[0], 0, 150)
    segs = detect_segments(r.image, r.points_per_pixel)
    hs = sorted(s.top for s in segs if s.horizontal)
    vs = sorted(s.x0 for s in segs if not s.horizontal)
    assert (len(hs), len(vs)) == (23, 7)  # 22 rows + 1, 6 columns + 1
    assert abs(hs[0] - 90) < 1.5 and abs(hs[-1] - (90 + 22 * 20)) < 1.5
    regions = image_table_regions(r.image, r.points_per_pixel)
    assert len(regions) == 1


def test_grid_ignores_text_page(demo):
    r = render_page(demo[0], 1, 150)  # narrative page
    assert detect_segments(r.image, r.points_per_pixel) == []


@pytest.mark.parametrize("deg", [1.5, -1.5])
def test_deskew_recovers_angle(demo, deg):
    img = render_page(demo[0], 0, 150).image
    assert abs(estimate_skew(_rotate(img, deg)) - deg) <= 0.3


def test_orientation_fixes_quarter_turn(demo):
    img = render_page(demo[0], 0, 100).image
    turned = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    fixed, tf = upright(turned, get_engine("rapidocr").upside_down)
    assert tf.rotation == 270 and fixed.shape == img.shape
    assert np.mean(np.abs(fixed.astype(int) - img.astype(int))) < 10


def test_split_line_at_ruling():
    toks = [(c, 10.0 * i, 10.0 * i + 8, 0.99) for i, c in enumerate("行政运行12.50")]
    tl = TextLine("行政运行12.50", 0.99, 0, 0, 88, 10, toks)
    parts = split_line(tl, [Line(39, -5, 39, 50)])
    assert [p.text for p in parts] == ["行政运行", "12.50"]
    assert parts[0].x1 <= 39 <= parts[1].x0


def test_rapidocr_reads_table(demo):
    pdf, _, truth, _ = demo
    r = render_page(pdf, 0, 200)
    words = ocr_page_image(r.image, r.points_per_pixel, "rapidocr")
    assert all(0 <= w.conf <= 1 for w in words)
    acc, bad = cell_accuracy(words, truth)
    assert acc >= 0.95, bad


def test_width_batches_group_crops_of_similar_width():
    widths = [100, 40, 42, 300, 45, 41, 98, 43, 310]
    batches = width_batches(widths)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))  # each crop once
    for b in batches:
        ws = [widths[i] for i in b]
        assert len(b) <= MAX_BATCH and max(ws) <= BATCH_SPREAD * min(ws) + 8
    assert batches == [[1, 5, 2, 7], [4], [6, 0], [3, 8]]


@pytest.mark.parametrize("page", [5, 10])  # 公开02表 (codes, names, amounts), 公开06表 (two column groups)
def test_ruled_cells_read_a_rendered_page_as_its_text_layer(page):
    """A ruled fixture page rendered at 200 dpi goes the ruled-cells way, and every word of its text
    layer is read, exactly, by the OCR words at its place (Han names too: stretching a Han word
    as if it were digits once garbled "社会福利" into "H不U")."""
    pdf = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
    with open_document(pdf) as d:
        layer = d.read_page(page).words
    r = render_page(str(pdf), page, 200)
    words, path = page_words(r.image, r.points_per_pixel, "rapidocr", ruled=True)
    assert path == RULED_CELLS
    bad = []
    for t in layer:
        xc, yc = (t.x0 + t.x1) / 2, (t.top + t.bottom) / 2
        got = "".join(w.text for w in words if w.x0 - 2 <= xc <= w.x1 + 2 and w.top - 2 <= yc <= w.bottom + 2)
        if got != t.text.replace(" ", ""):
            bad.append((t.text, got))
    assert len(layer) > 80 and not bad, bad


def test_page_without_grid_is_read_by_page_detection():
    pdf = ROOT / "fixtures" / "generated" / "weijian_2023_borderless_yuan.pdf"
    r = render_page(str(pdf), 6, 200)
    words, path = page_words(r.image, r.points_per_pixel, "rapidocr", ruled=True)
    assert path == PAGE_DETECTION and len(words) > 50


def test_ruled_scan_is_read_cell_by_cell_unless_page_detection_is_asked(demo):
    """By default (Options.ocr_cells) a ruled scan is read cell by cell; --ocr-page-detection detects
    text page-wide. The path each page took is in page_kinds, next to why it was OCR'd."""
    from juesuan.pipeline import Options, extract_document

    _, scan, _, _ = demo
    default = extract_document(scan, Options()).page_kinds
    detected = extract_document(scan, Options(ocr_cells=False)).page_kinds
    assert len(detected) == len(default) and all("ocr(" in k for k in detected + default), (detected, default)
    assert "; ruled cells" in default[0] and "; page detection" in detected[0], (detected, default)


def test_rapidocr_scanned_rotated_page(demo):
    _, scan, truth, meta = demo
    pc = read_page_ocr(str(scan), 0, 200)
    assert pc.method == "ocr" and pc.width > pc.height  # landscape table, turned back
    assert len([s for s in pc.segments if s.horizontal]) == 23
    acc, bad = cell_accuracy(pc.words, truth)
    assert acc >= 0.95, (meta, pc.method_reason, bad)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract binary missing")
def test_tesseract_runs(demo):
    pdf, _, truth, _ = demo
    r = render_page(pdf, 0, 200)
    words = ocr_page_image(r.image, r.points_per_pixel, "tesseract")
    assert len(words) > 50 and all(0 <= w.conf <= 1 for w in words)
    acc, bad = cell_accuracy(words, truth)
    print(f"tesseract cell accuracy {acc:.3f}; misses {bad[:5]}")
    assert acc >= 0.6, bad


def test_pixel_budget(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "huge.pdf"
    c = canvas.Canvas(str(p), pagesize=(14000, 14000))
    c.drawString(100, 100, "x")
    c.showPage()
    c.save()
    r = render_page(str(p), 0, 200, max_pixels=40_000_000, min_dpi=0)
    assert r.image.size <= 40_000_000 and abs(r.points_per_pixel * r.image.shape[1] - 14000) < 10
    with pytest.raises(
        PageTooLarge,
        match=r"14000 x 14000 pt\) is too large to OCR: within the 12 MP budget it would be read at 18 dpi",
    ):
        render_page(str(p), 0, 200)  # readable text needs 100 dpi: refused, not rendered blurred or out of memory


def test_label_confusions_only_touch_labels():
    from juesuan.normalize.ocr_text import fix_label_text

    assert fix_label_text("其他收人")[0] == "其他收入"
    assert fix_label_text("、政府性基金预算财政拨款收人")[0] == "政府性基金预算财政拨款收入"
    assert fix_label_text("八社会保障和就业支出")[0] == "社会保障和就业支出"
    # 一、 whose 、 was lost, before a name starting with 一 (a 150-dpi picture): the numeral goes, 一般 stays
    assert fix_label_text("一一般公共预算财政拨款收入")[0] == "一般公共预算财政拨款收入"
    assert fix_label_text("十二社会保障和就业支出")[0] == "社会保障和就业支出"
    assert fix_label_text("般公共预算财政拨款")[0] == "一般公共预算财政拨款"
    assert fix_label_text("一般行政管理事务")[0] == "一般行政管理事务"
    assert fix_label_text("2023年度收人决算表")[0] == "2023年度收入决算表"
    assert fix_label_text("1,234.56") == ("1,234.56", [])
    assert fix_label_text("+、节能环保支出")[0] == "十、节能环保支出"
    assert fix_label_text("+一、交通运输支出")[0] == "十一、交通运输支出"
    assert fix_label_text("部内：某某县水务局")[0] == "部门：某某县水务局"
    assert fix_label_text("+、")[0] == "十、"  # the ordinal read apart from its name
    assert fix_label_text("+-")[0] == "+-"
    assert fix_label_text("—、一般公共服务支出")[0] == "一、一般公共服务支出"
    assert fix_label_text("-、")[0] == "-、"  # no name after it: nothing says it is an ordinal


def test_ocr_readings_joined_in_a_cell_still_name_their_row_and_column():
    from juesuan.extract.interpret import read_grid
    from juesuan.model import Grid, GridCell

    # an 04 支出 side whose ordinal was read apart from the name and without its 、; a header whose
    # 收入 wrapped and came back as 收 over 人; a column of zeros read as letters
    rows = [
        ["项目", "财政拨款收\n人", "其他收入"],
        ["九 卫生健康支出", "1234567", "o"],
        ["二十二、粮油物资储备支出", "2345678", "oo"],
    ]
    cells = [GridCell(t, r, c) for r, row in enumerate(rows) for c, t in enumerate(row)]
    grid = Grid(page=1, n_rows=3, n_cols=3, cells=cells, col_edges=[0, 100, 150, 200], method="stream")
    read = read_grid(grid, "general_budget_expenditure")
    assert [(c.role, c.key) for c in read.columns[1:]] == [("amount", "财政拨款收入"), ("amount", "其他收入")]
    assert [(r.code, r.row_label) for r in read.rows] == [("210", "卫生健康支出"), ("222", "粮油物资储备支出")]


def test_wrapped_headers_side_by_side_are_cut_at_the_white_between_cells():
    """"一般公共预算 | 政府性基金预 | 国有资本经营", three narrow columns' first header lines detected
    as one line (token boxes as RapidOCR gave them on a 200-dpi scan): cut where the white is wide."""
    from juesuan.extract.ocr.engines import TextLine
    from juesuan.extract.ocr.lines import split_line

    xs = [(1199, 1209), (1209, 1224), (1224, 1242), (1243, 1263), (1264, 1284), (1285, 1304),
          (1316, 1335), (1337, 1356), (1358, 1377), (1378, 1396), (1396, 1413), (1415, 1434),
          (1446, 1465), (1467, 1486), (1487, 1507), (1508, 1528), (1529, 1546), (1546, 1564)]
    text = "一般公共预算政府性基金预国有资本经营"
    line = TextLine(text, 0.95, 1199, 300, 1564, 331, [(ch, x0, x1, 0.95) for ch, (x0, x1) in zip(text, xs)])
    assert [p.text for p in split_line(line, [])] == ["一般公共预算", "政府性基金预", "国有资本经营"]
    name = "国有资本经营预算财政拨款"  # a name: its characters close together
    step = [(90 + 19 * i, 90 + 19 * i + 17) for i in range(len(name))]
    line = TextLine(name, 0.95, 90, 300, step[-1][1], 336, [(ch, x0, x1, 0.95) for ch, (x0, x1) in zip(name, step)])
    assert [p.text for p in split_line(line, [])] == [name]


def test_amount_seams_are_cut():
    from juesuan.extract.ocr.lines import _cut_seams

    assert [p[0][0] for p in _cut_seams([("3196639.3930201", 0, 150, 0.9)])] == ["3196639.39", "30201"]
    assert [p[0][0] for p in _cut_seams([("合", 0, 10, 0.9), ("计", 10, 20, 0.9), ("6834.42", 20, 90, 0.9)])] == [
        "合计",
        "6834.42",
    ]
    assert len(_cut_seams([("1,234.567", 0, 40, 0.9)])) == 1
    # a whole number of a length no code has, before a name: the other side's row of a two-sided table
    assert [p[0][0] for p in _cut_seams([("164131107本年支出合计", 0, 200, 0.9)])] == ["164131107", "本年支出合计"]
    assert len(_cut_seams([("2080201行政运行", 0, 100, 0.9)])) == 1  # a code and its name stay one word
    assert len(_cut_seams([("2019年度部门收入决算表", 0, 100, 0.9)])) == 1
    # an amount grouped in threes before the next group's code and name (06 printed in groups, no rules)
    assert [p[0][0] for p in _cut_seams([("5,255,09330228工会经费", 0, 200, 0.9)])] == ["5,255,093", "30228工会经费"]
    assert [p[0][0] for p in _cut_seams([("1,845,64930205", 0, 150, 0.9)])] == ["1,845,649", "30205"]
    assert [p[0][0] for p in _cut_seams([("171,367,795171,367,795", 0, 150, 0.9)])] == ["171,367,795", "171,367,795"]
    assert len(_cut_seams([("1,234,567", 0, 60, 0.9)])) == 1
    assert len(_cut_seams([("274,528310", 0, 60, 0.9)])) == 1  # or a lost separator: left to the repair, flagged
    # ... but a 类 code's digits when a name follows after a gap (06 in groups: 310 资本性支出)
    assert [p[0][0] for p in _cut_seams([("1,717,932310", 0, 60, 0.9)], before_name=True)] == ["1,717,932", "310"]
    # a thousands separator read full-width or as a point still groups the amount
    assert [p[0][0] for p in _cut_seams([("1,155，15530231公务用车运行维护费", 0, 200, 0.9)])] == [
        "1,155，155",
        "30231公务用车运行维护费",
    ]
    assert [p[0][0] for p in _cut_seams([("3.816,50330299其他商品和服务支出", 0, 200, 0.9)])] == [
        "3.816,503",
        "30299其他商品和服务支出",
    ]
    # a zero's dash before the other side's ordinal row name
    assert [p[0][0] for p in _cut_seams([("-七、文化旅游体育与传媒支出", 0, 200, 0.9)])] == [
        "-",
        "七、文化旅游体育与传媒支出",
    ]
    assert [p[0][0] for p in _cut_seams([("0二十三、其他支出", 0, 120, 0.9)])] == ["0", "二十三、其他支出"]
    assert len(_cut_seams([("-12.00", 0, 40, 0.9)])) == 1
    # the dash read as 一 where no ordinal begins 一 ("一八、"); 一、 and 十一、 are ordinals
    assert [p[0][0] for p in _cut_seams([("一八、社会保障和就业支出", 0, 120, 0.9)])] == [
        "一",
        "八、社会保障和就业支出",
    ]
    assert len(_cut_seams([("一、一般公共服务支出", 0, 100, 0.9)])) == 1
    assert len(_cut_seams([("十一、城乡社区支出", 0, 100, 0.9)])) == 1


def test_a_flat_stroke_read_as_one_is_a_dash():
    from juesuan.extract.ocr.page import _settle_lone_strokes

    ink = np.zeros((40, 200), np.uint8)
    ink[19:22, 10:30] = 1    # a dash: a flat bar
    ink[8:32, 110:114] = 1   # a one: an upright stroke
    ink[20:22, 60:75] = 1    # a hyphen
    dash, one = TextLine("1", 0.8, 5, 5, 35, 35), TextLine("1", 0.8, 105, 5, 120, 35)
    hyphen = TextLine("8", 0.6, 55, 5, 80, 35)
    yi = TextLine("一", 0.9, 5, 5, 35, 35)  # the dash read as 一 and cut from the ordinal after it
    _settle_lone_strokes(ink, [dash, one, hyphen, yi], line_height=24)
    assert (dash.text, one.text, hyphen.text, yi.text) == ("-", "1", "-", "-")
    assert dash.conf == 0.8  # the recognizer's confidence stays
    # a ruled cell's word box is its ink's own: as flat as the dash, so the line height decides
    tight_dash, tight_one = TextLine("1", 0.7, 10, 19, 30, 22), TextLine("1", 0.7, 110, 8, 114, 32)
    _settle_lone_strokes(ink, [tight_dash, tight_one], line_height=24)
    assert (tight_dash.text, tight_one.text) == ("-", "1")
    # Han text read from a flat bar (a ruling's remnant a pixel high) is no word; real Han ink is not flat
    ink[30, 140:160] = 1
    ink[6:30, 170:190] = 1
    remnant, han = TextLine("行理", 0.99, 140, 30, 160, 31), TextLine("行政", 0.99, 170, 6, 190, 30)
    _settle_lone_strokes(ink, [remnant, han], line_height=24)
    assert (remnant.text, han.text) == ("", "行政")


def test_a_word_inside_another_repeating_its_glyphs_is_dropped():
    """A name's detection box beginning inside the 项 column's "08" read its 8 again (zoo seed 5656):
    the 项 cell held "08" and "8" and the row lost its key. Only the same glyphs read the same way go."""
    from juesuan.extract.ocr.page import _without_nested_repeats
    from juesuan.model import Word

    code, again = Word("08", 162.6, 588.2, 171.3, 598.3), Word("8", 165.9, 587.9, 171.3, 599.0)
    name = Word("基层政权建设和社区治理", 179.5, 587.9, 260.5, 599.0)
    other = Word("3", 165.9, 587.9, 171.3, 599.0)  # a different reading of the same ink: kept for the checks
    below = Word("8", 165.9, 604.0, 171.3, 615.0)  # the same text a line below: another cell
    assert _without_nested_repeats([code, again, name, below]) == [code, name, below]
    assert _without_nested_repeats([code, other, name]) == [code, other, name]


def test_missing_thousands_separator_is_a_named_repair():
    from juesuan.normalize.amounts import AmountError, parse_ocr_amount

    assert parse_ocr_amount("2574,712.99") == (parse_ocr_amount("2574712.99")[0], "thousands separator missing")
    with pytest.raises(AmountError):
        parse_ocr_amount("25,74,712.99")


def _chars(text, x0=0.0, step=7.0, gaps=()):
    """One token per character, `step` apart; gaps = {index: extra space before that character}."""
    toks, x = [], x0
    for i, c in enumerate(text):
        x += dict(gaps).get(i, 0.0)
        toks.append((c, x, x + step - 0.5, 0.99))
        x += step
    return toks


def test_code_and_name_read_as_one_line_are_cut_at_their_gap():
    # "03初中教育": code and name of neighbouring cells, 7 pt apart on a 13 pt line
    toks = _chars("03初中教育", gaps={2: 7.0})
    parts = split_line(TextLine("03初中教育", 0.99, 0, 0, toks[-1][2], 13, toks), [])
    assert [p.text for p in parts] == ["03", "初中教育"]
    # inside a word digits run into Han characters: "2023年度" stays whole
    toks = _chars("2023年度收入决算表")
    assert [p.text for p in split_line(TextLine("2023年度收入决算表", 0.99, 0, 0, toks[-1][2], 13, toks), [])] == [
        "2023年度收入决算表"
    ]


def test_space_read_between_two_numbers_cuts_them():
    toks = _chars("3,196,639.39") + [(" ", 84.0, 88.0, 0.7)] + _chars("30201", x0=90.0)
    parts = split_line(TextLine("3,196,639.39 30201", 0.9, 0, 0, 125, 11, toks), [])
    assert [p.text for p in parts] == ["3,196,639.39", "30201"]


def test_headers_set_close_together_are_cut_between_known_names():
    from juesuan.extract.ocr.lines import _cut_headers

    toks = _chars("本年收入合计财政拨款收入上级补助收入")
    assert ["".join(t[0] for t in p) for p in _cut_headers(toks)] == ["本年收入合计", "财政拨款收入", "上级补助收入"]
    assert len(_cut_headers(_chars("本年收入合计"))) == 1  # a known name is never cut
    assert len(_cut_headers(_chars("社会保障和就业支出"))) == 1  # not a run of known names


def test_sliver_of_the_neighbouring_word_is_not_ink_of_ours():
    from juesuan.extract.ocr.lines import ink_span

    ink = np.zeros((40, 200), np.uint8)
    ink[10:30, 0:3] = 1      # the last stroke of the word before, inside our padded box
    ink[10:30, 20:60] = 1    # our glyphs
    assert ink_span(ink, TextLine("x", 1.0, 0, 5, 70, 35)) == (20.0, 60.0)


def test_amount_with_decimals_unlike_its_table_is_flagged_not_repaired():
    from decimal import Decimal

    from juesuan.extract.tables import TableAssembler
    from juesuan.model import Cell, Table

    def cell(code, value, method="ocr"):
        amount = Decimal(value.replace(",", ""))
        return Cell(
            "general_budget_expenditure", "", code, "", "基本支出", value, amount, "元", amount, 7, method, (0, 0, 1, 1)
        )

    t = Table("general_budget_expenditure", "", [7], "元", [], [])
    t.cells = [
        cell("201", "41,275,363"),
        cell("208", "956,311"),
        cell("210", "19,525,262"),
        cell("2100101", "14,299,269"),
        cell("221", "19693.677"),
    ]
    asm = TableAssembler()
    asm.tables.append(t)
    asm.check_decimals()
    assert [(p.row, p.rule, p.severity) for p in asm.problems] == [("221", "ocr_suspicious", "warning")]
    assert t.cells[-1].amount == Decimal("19693.677")  # the reading is kept as read
    t.cells[-1] = cell("221", "19693.677", method="text")  # a text layer is what it prints
    asm.problems.clear()
    asm.check_decimals()
    assert not asm.problems


def test_headers_cut_through_a_label_confusion():
    from juesuan.extract.ocr.lines import _cut_headers

    parts = _cut_headers(_chars("本年收人合计财政拨款收人事业收人"))
    assert ["".join(t[0] for t in p) for p in parts] == [
        "本年收人合计",
        "财政拨款收人",
        "事业收人",
    ]  # fixed later, per word


def test_row_name_holding_digits_is_flagged_on_ocr_pages():
    """A neighbouring row's code run into a name ("30299302其他商品和服务支出") leaves the row without
    its code: the row is reported, on OCR pages only (a text layer prints what it prints)."""
    from juesuan.extract.interpret import ParsedRow
    from juesuan.extract.layout import Region
    from juesuan.extract.tables import TableAssembler
    from juesuan.model import GridCell, PageContent

    def emit(label, method):
        asm = TableAssembler()
        asm.start(Region("general_budget_basic_expenditure", "", 0, 0, 100), "元")
        page = PageContent(9, 600, 800, [], [], method=method)
        asm._emit(ParsedRow("", "", label, {"决算数": GridCell("12,000.00", 3, 2)}, 3), page, method == "ocr")
        return [(p.row, p.rule) for p in asm.problems]

    assert emit("30299302其他商品和服务支出", "ocr") == [("30299302其他商品和服务支出", "ocr_suspicious")]
    assert emit("其他商品和服务支出", "ocr") == []
    assert emit("30299302其他商品和服务支出", "text") == []


def test_models_load_once_per_process(demo, monkeypatch):
    """Pages after the first reuse the loaded models, whichever way they ask for the engine."""
    import juesuan.extract.ocr.engines as ocr

    loads = []
    real = ocr.RapidEngine.__init__

    def counting(self, *a, **kw):
        loads.append(1)
        real(self, *a, **kw)

    monkeypatch.setattr(ocr, "_ENGINES", {})
    monkeypatch.setattr(ocr.RapidEngine, "__init__", counting)
    _, scan, _, _ = demo
    first = read_page_ocr(str(scan), 0, 200, "rapidocr")
    second = read_page_ocr(str(scan), 0, 200, get_engine("rapidocr"))
    assert len(loads) == 1
    assert [w.text for w in first.words] == [w.text for w in second.words]


def test_continuation_mark_close_above_the_first_row_is_not_part_of_it():
    from juesuan.extract.tables import page_grid
    from juesuan.model import PageContent, Word

    # as OCR boxes them: "续表" 7 pt above the only row of a page that continues a table
    words = [Word("续表", 69, 33, 88, 47), Word("2296004用于教育事业的彩票公益金支出", 72, 55, 250, 67),
             Word("240.53", 315, 54, 337, 68), Word("240.53", 387, 54, 409, 68)]
    grid, _ = page_grid(PageContent(7, 842, 596, words, [], method="ocr"))
    texts = [c.text for c in grid.cells if c.text]
    assert texts == ["2296004用于教育事业的彩票公益金支出", "240.53", "240.53"]


def _digit_ink(groups, pitch=11, glyph=9, seam=16, touching=()):
    """Ink of digit runs set at one pitch, `seam` px of white between runs; glyphs listed in
    `touching` (indices) are drawn wide enough to touch the next one."""
    ink = np.zeros((30, 400), np.uint8)
    x, i = 5, 0
    for g, digits in enumerate(groups):
        if g:
            x += seam
        for _ in digits:
            ink[5:25, x:x + (pitch if i in touching else glyph)] = 1
            x, i = x + pitch, i + 1
    return ink


def test_digits_of_two_cells_read_as_one_run_are_cut_at_the_white_between_them():
    from juesuan.extract.ocr.lines import cut_digits_at_ink_gaps

    def cut(groups, **kw):
        text = "".join(groups)
        return [t.text for t in cut_digits_at_ink_gaps(_digit_ink(groups, **kw), TextLine(text, 0.9, 0, 2, 399, 28))]

    assert cut(["94907885", "302"], touching=(0, 3, 9)) == ["94907885", "302"]  # touching glyphs: counted by pitch
    assert cut(["4088383", "30201"]) == ["4088383", "30201"]
    assert cut(["12345678"]) == ["12345678"]  # one number: no seam
    assert cut(["1234567", "30201"], seam=4) == ["123456730201"]  # white no wider than a digit's: left whole


def test_a_code_one_doubled_digit_short_is_read_again_stretched():
    from juesuan.extract.ocr.reread import reread_short_codes

    class Stretched:  # what the recognizer reads from the stretched crops
        def __init__(self, readings):
            self.readings = readings

        def recognize(self, crops, height=0):
            return [self.readings[i // 2] for i in range(len(crops))]

    page = np.full((60, 400), 255, np.uint8)
    merged, other, kept = (
        TextLine("21住房保障支出", 0.96, 10, 5, 150, 25),
        TextLine("2102住房改革支出", 0.96, 10, 30, 150, 50),
        TextLine("20住房保障支出", 0.96, 200, 5, 350, 25),
    )
    reread_short_codes(Stretched([("221住房保障支出", 0.97), ("2212住房改革支出", 0.97), ("201住房保障支出", 0.97)]),
                        page, [merged, other, kept])
    # 221 collapses to 21: taken; 2212 is not 2102 with a digit doubled, nor 201 20's: both kept as read
    assert (merged.text, other.text, kept.text) == ("221住房保障支出", "2102住房改革支出", "20住房保障支出")


def test_prose_that_begins_with_a_year_is_not_read_again_as_a_short_code(monkeypatch):
    """A narrative page read by detection: its lines "2023年度本年收入合计…" look like a code one digit short
    and its name, but a year, a sum in 万元 or a sentence is no code; none of them is sent to the recognizer
    again (two stretched re-reads of each line were 12% of the scanned fixtures' OCR, and changed nothing)."""
    from juesuan.extract.ocr import page as ocr_page
    from juesuan.extract.ocr import reread

    looked, sent = [], []

    def counted(eng, clean, pieces):
        looked.extend(p.text for p in pieces if reread._SHORT_CODE.fullmatch(p.text.strip()))

        class Counting:  # the real engine, counting the crops the re-read sends it
            def recognize(self, crops, height=0):
                sent.append(len(crops))
                return eng.recognize(crops, height)

        reread.reread_short_codes(Counting(), clean, pieces)

    monkeypatch.setattr(ocr_page, "reread_short_codes", counted)
    pdf = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
    r = render_page(str(pdf), 1, 200)  # 情况说明
    words, path = page_words(r.image, r.points_per_pixel, "rapidocr", ruled=True)
    assert path == PAGE_DETECTION and len(words) > 20
    assert sum(t.startswith("2023年度") for t in looked) >= 3, looked
    assert sent == []


def test_glyphs_two_detected_boxes_share_are_read_once():
    from juesuan.extract.ocr.page import _without_double_reads

    code = TextLine("16", 1.0, 160.8, 273.4, 174.1, 283.9, [("1", 162.0, 166.0, 1.0), ("6", 167.0, 172.0, 1.0)])
    name = TextLine(
        "6食品安全监管",
        0.92,
        168.7,
        272.4,
        226.7,
        285.3,
        [("6", 168.9, 172.5, 0.6)]
        + [(ch, 179.0 + 7.5 * i, 185.0 + 7.5 * i, 0.99) for i, ch in enumerate("食品安全监管")],
    )
    below = TextLine(
        "6食品",
        0.9,
        168.7,
        300.0,
        190.0,
        312.0,
        [("6", 168.9, 172.5, 0.9), ("食", 179.0, 185.0, 0.9), ("品", 186.0, 190.0, 0.9)],
    )
    out = _without_double_reads([code, name, below])
    assert [t.text for t in out] == ["16", "食品安全监管", "6食品"]  # the line below shares no glyph with the code
    assert out[1].x0 == 179.0 and out[1].conf == 0.99
    # a box beginning inside another with a different reading keeps it: nothing says which is right
    other = TextLine(
        "8食品",
        0.9,
        168.7,
        272.4,
        190.0,
        285.3,
        [("8", 168.9, 172.5, 0.9), ("食", 179.0, 185.0, 0.9), ("品", 186.0, 190.0, 0.9)],
    )
    assert [t.text for t in _without_double_reads([code, other])] == ["16", "8食品"]


def test_doubtful_numbers_are_malformed_or_unsure_bare_digits():
    """In ruled cells a malformed number is read again, and so is a bare digit run (a code, a 栏次
    number) read unsure, and digit-like ink read as no number: a split 款 column's "11" read "1" at
    0.52, "" or "Ⅱ" at 0.41 keyed the wrong row."""
    from juesuan.extract.ocr.reread import is_doubtful

    assert is_doubtful("1", 0.52, True) and is_doubtful("1,23", 0.99, True) and is_doubtful("7,876,50", 0.99, False)
    assert is_doubtful("Ⅱ", 0.41, True) and is_doubtful("", 0.0, True)
    assert not is_doubtful("11", 0.99, True) and not is_doubtful("1,234.00", 0.5, True)
    assert not is_doubtful("行政运行", 0.3, False) and not is_doubtful("Ⅱ", 0.41, False)


def test_a_box_a_ruling_was_painted_through_is_cropped_as_printed():
    """A ruling painted out across a box's own ink (a scanned ruling run on into a header's strokes)
    sends its crop to the page as printed; one painted beside the box does not."""
    from juesuan.extract.ocr.cells import _painted_through
    from juesuan.extract.ocr.ink_words import Box

    gray = np.full((60, 200), 255, np.uint8)
    gray[20:40, 50:150] = 0  # the word's ink
    gray[10:12, :] = 0  # a ruling above it
    beside, through = gray.copy(), gray.copy()
    beside[10:12, :] = 255
    through[29:31, :] = 255
    box = Box(50, 20, 150, 40)
    assert not _painted_through(gray, beside, box) and _painted_through(gray, through, box)


def test_onnxruntime_threads_do_not_spin_between_calls():
    """Every RapidOCR session (detector, recognizer, orientation classifier) is made with spinning off:
    a worker's many small recognizer calls otherwise cost ~15% more CPU with two threads."""
    from juesuan.extract.ocr.engines import RapidEngine

    ocr = RapidEngine()._ocr
    sessions = [ocr.text_det.infer, ocr.text_rec.session, ocr.text_cls.infer]
    assert [s.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning")
            for s in sessions] == ["0", "0", "0"]


def test_only_the_detector_runs_without_the_layout_pass():
    """The detector's NCHWc layout pass made its peak memory vary by ~200 MB between runs of one
    page; the recognizer, where most OCR time goes, keeps every optimisation."""
    from onnxruntime import GraphOptimizationLevel

    from juesuan.extract.ocr.engines import RapidEngine

    ocr = RapidEngine()._ocr
    levels = [s.session.get_session_options().graph_optimization_level
              for s in (ocr.text_det.infer, ocr.text_rec.session, ocr.text_cls.infer)]
    assert levels == [GraphOptimizationLevel.ORT_ENABLE_EXTENDED, GraphOptimizationLevel.ORT_ENABLE_ALL,
                      GraphOptimizationLevel.ORT_ENABLE_ALL]


def test_a_number_read_well_formed_and_sure_from_the_wider_crop_is_not_read_at_twice_its_width():
    """reread_numbers reads each doubtful number from its crop 1.5 times as wide; only a reading that is not a
    well-formed amount of confidence >= SURE_AT_1_5 is read again twice as wide (which cost 4/7 of the re-reads)."""
    import pdfplumber

    from juesuan.extract.ocr.reread import reread_numbers

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "generated" / "weijian_2023_borderless_yuan.pdf"
    with pdfplumber.open(pdf) as doc:
        index = next(i for i, p in enumerate(doc.pages) if sum("," in w["text"] for w in p.extract_words()) > 5)
        words = [w for w in doc.pages[index].extract_words() if "," in w["text"]][:4]
    r = render_page(str(pdf), index, 200)
    k = 1 / r.points_per_pixel
    pieces = [TextLine(w["text"][:-1], 0.5, w["x0"] * k, w["top"] * k - 3, w["x1"] * k, w["bottom"] * k + 3)
              for w in words]  # each amount read one digit short, unsure: the re-read's candidates
    eng = get_engine("rapidocr")
    sizes = []
    real = eng.recognize

    def counted(crops, *a, **kw):
        sizes.append(len(crops))
        return real(crops, *a, **kw)

    eng.recognize = counted
    try:
        reread_numbers(eng, r.image, pieces, [])
    finally:
        eng.recognize = real
    assert [p.text for p in pieces] == [w["text"] for w in words]
    assert sizes == [4, 0]  # every 1.5× reading was sure: none read at 2×
