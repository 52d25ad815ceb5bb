"""What an office suite's PDF export does to a table's text layer, and how the reader undoes it (issue 30).

* Page footers ("第 1 页，共 2 页", a bare "3") printed under the table are no rows and no amounts.
* Adjacent cells run together without a blank ("2,569.01302商品和服务支出"): a vertical column rule
  between two characters is the seam, even where the rule is drawn only in the header.
* Whole-元 amounts without separators run into the next cell too ("185914882一、一般公共服务支出"): integers of
  several lengths ending on one edge are a right-aligned column, and its edge is the seam.
* Groups side by side (06): a name column flush against the amounts before it is widened to its centred 项目
  on the right only.
* A header repeated on a continuation page ("print titles") whose labels are no header words by
  themselves is a header when they name the table's earlier columns, not a body row of bad amounts.

The pages are drawn here with reportlab in an embedded TrueType font, so that both readers see the same
character boxes on any machine; each test fails without the behaviour it names.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from juesuan.extract.footer import footer_words
from juesuan.extract.interpret import read_grid
from juesuan.extract.readers import open_document
from juesuan.extract.tables import page_grid
from juesuan.model import Grid, GridCell

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT = "WQYOffice"
FS = 9.0
W, H = 595.0, 842.0
pytestmark = pytest.mark.skipif(not FONT_PATH.exists(), reason="fonts-wqy-zenhei absent")


def _font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def _text(c, x: float, top: float, s: str, right: bool = False) -> None:
    """Text with its top-left (or top-right) corner at (x, top) in page coordinates from the top."""
    c.setFont(FONT, FS)
    (c.drawRightString if right else c.drawString)(x, H - top - FS, s)


def _pages(path: Path, reader: str) -> list:
    with open_document(path, reader) as doc:
        return [doc.read_page(i) for i in range(doc.page_count)]


def _first_page_texts(path: Path, reader: str) -> list[str]:
    return [w.text for w in _pages(path, reader)[0].words]


def _table_page(path: Path, footer: str | None, footer_gap: float = 40.0) -> None:
    """A small stream table (header line, three coded rows with two amount columns), then `footer` centred
    `footer_gap` points under the last row."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    _text(c, 60, 700, "项目")
    _text(c, 330, 700, "本年支出合计", right=False)
    _text(c, 450, 700, "基本支出")
    rows = [("201", "一般公共服务支出", "1,885.03", "1,796.63"), ("20101", "人大事务", "31.65", "30.40"),
            ("2010108", "代表工作", "31.65", "30.40")]
    top = 715.0
    for code, name, a, b in rows:
        _text(c, 60, top, code + name)
        _text(c, 390, top, a, right=True)
        _text(c, 490, top, b, right=True)
        top += 13
    if footer:
        c.setFont(FONT, FS)
        c.drawCentredString(W / 2, H - (top - 13 + footer_gap) - FS, footer)
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("footer", ["第 1 页，共 2 页", "第1页，共2页", "3", "- 3 -"])
def test_a_page_footer_under_the_table_is_no_row(tmp_path, reader, footer):
    pdf = tmp_path / "t.pdf"
    _table_page(pdf, footer)
    page = _pages(pdf, reader)[0]
    assert "".join(w.text for w in footer_words(page.words, page.height)).replace(" ", "") == footer.replace(" ", "")
    grid, _ = page_grid(page)
    texts = [c.text for c in grid.cells]
    assert not any("页" in t or t.strip(" -") in ("1", "2", "3") for t in texts), texts
    read = read_grid(grid, "expenditure")
    assert [r.code for r in read.rows] == ["201", "20101", "2010108"]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_last_row_is_kept_however_much_it_looks_like_a_footer(tmp_path, reader):
    """A line that is no page number pattern, or that stands close under the rows, is not a footer."""
    pdf = tmp_path / "t.pdf"
    _table_page(pdf, "合计 31.65", footer_gap=40.0)
    page = _pages(pdf, reader)[0]
    assert footer_words(page.words, page.height) == []
    _table_page(pdf, "5", footer_gap=13.0)  # right under the last row: a row's lone figure
    page = _pages(pdf, reader)[0]
    assert footer_words(page.words, page.height) == []


def _seam_page(path: Path, rule: bool) -> None:
    """A header ruled as a grid over rows without rules; each row's amount is set flush against the next
    cell's text (as LibreOffice prints adjacent cells), the column rule (header only) between them."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    _text(c, 150, 80, "（六）一般公共预算财政拨款基本支出决算表")  # a title across the rule's x, above it
    seam = 297.0
    if rule:
        c.setLineWidth(0.5)
        for x in (40, seam, 555):
            c.line(x, H - 100, x, H - 120)
        c.line(40, H - 100, 555, H - 100)
        c.line(40, H - 120, 555, H - 120)
    _text(c, 60, 105, "项目")
    _text(c, 200, 105, "决算数")
    _text(c, 320, 105, "项目")
    for top, amount, rest in ((125, "2,569.01", "302商品和服务支出"), (137, "114,693,241", "一、一般公共服务支出"),
                              (149, "—", "五、教育支出")):
        _text(c, 45, top, "301工资福利支出")
        width = pdfmetrics.stringWidth(amount, FONT, FS)
        c.setFont(FONT, FS)
        c.drawString(seam - width - 0.3, H - top - FS, amount + rest)
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_an_amount_run_into_the_next_cell_is_cut_at_the_column_rule(tmp_path, reader):
    pdf = tmp_path / "t.pdf"
    _seam_page(pdf, rule=True)
    texts = _first_page_texts(pdf, reader)
    for piece in ("2,569.01", "302商品和服务支出", "114,693,241", "一、一般公共服务支出", "—", "五、教育支出"):
        assert piece in texts, texts
    assert "（六）一般公共预算财政拨款基本支出决算表" in texts  # above the rule: never cut
    _seam_page(pdf, rule=False)  # without the rule the text cannot tell 2,569.01|302 from one number
    texts = _first_page_texts(pdf, reader)
    assert "2,569.01302商品和服务支出" in texts, texts


def _grid(rows: list[list[str]]) -> Grid:
    cells = [GridCell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
    n_cols = len(rows[0])
    return Grid(1, len(rows), n_cols, cells, [40.0 + 60 * i for i in range(n_cols + 1)], "stream")


def test_a_repeated_header_of_plain_labels_is_the_header_not_a_row():
    first = _grid([["项目", "", "", "", ""],
                   ["功能分类科目", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
                   ["201一般公共服务支出", "1,885.03", "1,796.63", "87.15", "1.25"]])
    previous = read_grid(first, "income")
    assert previous.has_header
    # page 2: the print titles' header read as one band of labels, none of them a header word alone
    second = _grid([["项目功能分类科目", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
                    ["2296003用于体育事业的彩票公益金支出", "87.05", "87.05", "—", "—"]])
    read = read_grid(second, "income", previous)
    assert read.has_header
    assert [r.code for r in read.rows] == ["2296003"]
    assert {k: v.text for k, v in read.rows[0].values.items()} == {
        "本年收入合计": "87.05", "财政拨款收入": "87.05", "事业收入": "—", "其他收入": "—"}
    # rows of labels that name no earlier column stay body rows of a continuation page
    third = _grid([["201一般公共服务支出", "", "", "", ""],
                   ["20101人大事务", "31.65", "30.40", "—", "1.25"]])
    assert not read_grid(third, "income", previous).has_header


def _unruled_seam_page(path: Path, aligned_rows: int) -> None:
    """No rules at all: the 支出 column's names start at x = 298 on `aligned_rows` rows; on three more rows
    the 收入 side's amount (right-aligned, ending at 297.7) runs into that name."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    start = 298.0
    c.setFont(FONT, FS)
    top = 140.0
    names = ["七、文化旅游体育与传媒支出", "八、社会保障和就业支出", "九、卫生健康支出", "十二、农林水支出"]
    for name in names[:aligned_rows]:
        _text(c, 38, top, "二、政府性基金预算财政拨款收入")
        _text(c, start, top, name)
        _text(c, 557, top, "14,976,854", right=True)
        top += 12
    for amount, name in (("114,693,241", "一、一般公共服务支出"), ("—", "五、教育支出"),
                         ("22831400.92", "302商品和服务支出")):
        _text(c, 38, top, "一、一般公共预算财政拨款收入")
        c.drawString(start - pdfmetrics.stringWidth(amount, FONT, FS), H - top - FS, amount + name)
        _text(c, 557, top, "27,686,158", right=True)
        top += 12
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_without_rules_an_amount_run_into_a_name_is_cut_at_the_column_edge_other_rows_start_at(tmp_path, reader):
    pdf = tmp_path / "t.pdf"
    _unruled_seam_page(pdf, aligned_rows=4)
    texts = _first_page_texts(pdf, reader)
    for piece in ("114,693,241", "一、一般公共服务支出", "—", "五、教育支出", "22831400.92", "302商品和服务支出"):
        assert piece in texts, texts
    _unruled_seam_page(pdf, aligned_rows=2)  # two rows starting there are no column edge yet
    texts = _first_page_texts(pdf, reader)
    assert "114,693,241一、一般公共服务支出" in texts and "22831400.92302商品和服务支出" in texts, texts


def _integer_seam_page(path: Path, aligned: bool) -> None:
    """Whole-元 amounts, no rules: "63,076,923" runs into the code and name "302商品和服务支出"; with
    `aligned`, another row's amount ends at the same x (the column's right edge)."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    edge = 211.0
    _text(c, 39, 104, "301工资福利支出")
    c.setFont(FONT, FS)
    c.drawString(edge - pdfmetrics.stringWidth("63,076,923", FONT, FS), H - 104 - FS, "63,076,923302商品和服务支出")
    if aligned:
        _text(c, 39, 116, "30109职业年金缴费")
        _text(c, edge, 116, "6,129,059", right=True)
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_an_integer_amount_run_into_a_code_is_cut_where_the_column_s_amounts_end(tmp_path, reader):
    pdf = tmp_path / "t.pdf"
    _integer_seam_page(pdf, aligned=True)
    texts = _first_page_texts(pdf, reader)
    assert "63,076,923" in texts and "302商品和服务支出" in texts, texts
    _integer_seam_page(pdf, aligned=False)
    texts = _first_page_texts(pdf, reader)
    assert "63,076,923302商品和服务支出" in texts, texts


def _plain_integer_page(path: Path, right_aligned: bool) -> None:
    """No rules, whole-元 amounts without separators: four rows whose 收入 amount (of 9, 1, 7 and 5 digits) runs
    into the 支出 name beside it. With `right_aligned` the amounts end on one edge (x = 297), as a spreadsheet
    prints a number; without, they start on one edge (x = 240) and end where their length says, as codes
    printed left-aligned in a name's cell do ("2080201行政运行")."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    c.setFont(FONT, FS)
    top = 140.0
    for amount, name in (("185914882", "一、一般公共服务支出"), ("0", "五、教育支出"), ("5181593", "九、卫生健康支出"),
                         ("57776", "十八、自然资源海洋气象等支出")):
        _text(c, 38, top, "一、一般公共预算财政拨款收入")
        x = 297.0 - pdfmetrics.stringWidth(amount, FONT, FS) if right_aligned else 240.0
        c.drawString(x, H - top - FS, amount + name)
        _text(c, 557, top, "27686158", right=True)
        top += 12
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_plain_integer_run_into_a_name_is_cut_where_integers_of_other_lengths_end(tmp_path, reader):
    pdf = tmp_path / "t.pdf"
    _plain_integer_page(pdf, right_aligned=True)
    texts = _first_page_texts(pdf, reader)
    for piece in ("185914882", "一、一般公共服务支出", "0", "五、教育支出", "5181593", "57776",
                  "十八、自然资源海洋气象等支出"):
        assert piece in texts, texts
    _plain_integer_page(pdf, right_aligned=False)  # left-aligned: a code with its name, the text's own reading
    texts = _first_page_texts(pdf, reader)
    assert "185914882一、一般公共服务支出" in texts and "5181593九、卫生健康支出" in texts, texts


def _zero_marks_page(path: Path) -> None:
    """No rules, whole 元 with separators; zeros printed "0" or "—". Three rows print the 收入 amount alone
    ("0", "41,429", "964,922"), four run it into the 支出 name beside it, all right-aligned on x = 297."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    c.setFont(FONT, FS)
    rows = (("21,682,758", "七、文化旅游体育与传媒支出"), ("1,845,614", "八、社会保障和就业支出"),
            ("0", "九、卫生健康支出"), ("—", "十一、城乡社区支出"), ("0", ""), ("41,429", ""), ("964,922", ""))
    for k, (amount, name) in enumerate(rows):
        top = 140.0 + 12 * k
        _text(c, 38, top, "一、一般公共预算财政拨款收入")
        c.drawString(297.0 - pdfmetrics.stringWidth(amount, FONT, FS), H - top - FS, amount + name)
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_zero_run_into_a_name_is_cut_where_the_column_s_amounts_end(tmp_path, reader):
    """"0九、…" and "—十一、…": a zero mark ends on the column's edge like the amounts of other lengths."""
    pdf = tmp_path / "t.pdf"
    _zero_marks_page(pdf)
    texts = _first_page_texts(pdf, reader)
    for piece in ("21,682,758", "七、文化旅游体育与传媒支出", "九、卫生健康支出", "—", "十一、城乡社区支出"):
        assert piece in texts, texts
    assert texts.count("0") == 2, texts


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_dash_is_cut_where_amounts_run_into_names_end(tmp_path, reader):
    """No 收入 amount printed alone: the column's edge is where the amounts run into the names end."""
    _font()
    pdf = tmp_path / "t.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(W, H))
    c.setFont(FONT, FS)
    for k, (amount, name) in enumerate((("53,399,485.74", "一、一般公共服务支出"), ("566,398.80", "五、教育支出"),
                                        ("-", "八、社会保障和就业支出"), ("-", "九、卫生健康支出"),
                                        ("2,540,703.68", "十二、农林水支出"))):
        top = 140.0 + 12 * k
        _text(c, 38, top, "一、一般公共预算财政拨款收入")
        c.drawString(297.0 - pdfmetrics.stringWidth(amount, FONT, FS), H - top - FS, amount + name)
    c.showPage()
    c.save()
    texts = _first_page_texts(pdf, reader)
    assert texts.count("-") == 2 and "八、社会保障和就业支出" in texts and "九、卫生健康支出" in texts, texts


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_whole_yuan_amount_run_into_a_code_is_cut_where_codes_of_several_lengths_start(tmp_path, reader):
    """06's groups side by side in whole 元 without separators: each amount (right-aligned, no line prints one
    alone) runs into the next group's code ("567574530228" then "工会经费"); the codes, 3 and 5 digits,
    start on one edge (x = 300), so the digits before it are the amount: never "56757|4530228"."""
    _font()
    pdf = tmp_path / "t.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(W, H))
    c.setFont(FONT, FS)
    rows = (("5675745", "30228", "工会经费"), ("986682", "30231", "公务用车运行维护费"),
            ("646240", "30299", "其他商品和服务支出"), ("658810", "310", "资本性支出"),
            ("443802", "31002", "办公设备购置"))
    for k, (amount, code, name) in enumerate(rows):
        top = 140.0 + 12 * k
        _text(c, 38, top, "30201办公费")
        c.drawString(300.0 - pdfmetrics.stringWidth(amount, FONT, FS), H - top - FS, amount + code)
        _text(c, 300.0 + pdfmetrics.stringWidth(code, FONT, FS) + 1.5, top, name)
    c.showPage()
    c.save()
    texts = _first_page_texts(pdf, reader)
    for amount, code, name in rows:  # the name 1.5 pt after its code: one word or two, as the reader groups
        assert amount in texts and (code in texts or code + name in texts), texts


def test_codes_left_aligned_with_their_names_are_never_cut():
    """Codes of one length (7-digit 项) end on one edge too, but start on one as well: no right-aligned column."""
    from juesuan.extract.words import Char, page_words

    chars = []
    for line, text in enumerate(("2080201行政运行", "2080202一般行政管理事务", "2080299其他行政事务",
                                 "2080501归口管理的行政单位离退休")):
        chars += [Char(ch, 60 + 5 * i, 100 + 12 * line, 65 + 5 * i, 109 + 12 * line, True) for i, ch in enumerate(text)]
    assert [w.text for w in page_words(chars)] == ["2080201行政运行", "2080202一般行政管理事务", "2080299其他行政事务",
                                                   "2080501归口管理的行政单位离退休"]



def test_codes_indented_by_level_are_never_cut():
    """Names indented by level: a 款's first digit ends where the 类 codes above end ("201" at x = 60, " 20101"
    two digits in), the coincidence of a right-aligned column's edge; a code's own digits are never cut."""
    from juesuan.extract.words import Char, page_words

    lines = [(60, "201一般公共服务支出"), (70, "20101人大事务"), (60, "205教育支出"), (70, "20502普通教育"),
             (60, "208社会保障和就业支出"), (70, "20805行政事业单位养老支出"), (60, "210卫生健康支出")]
    chars = []
    for line, (x, text) in enumerate(lines):
        top = 100 + 12 * line
        chars += [Char(ch, x + 5 * i, top, x + 5 + 5 * i, top + 9, True) for i, ch in enumerate(text)]
    assert [w.text for w in page_words(chars)] == [text for _, text in lines]


def _groups_side_by_side_page(path: Path) -> None:
    """06 in two groups side by side, no rules: each group's 项目 centred over a wide name column, its 决算数
    over amounts right-aligned flush against the next group's codes (an office export's adjacent cells)."""
    _font()
    c = canvas.Canvas(str(path), pagesize=(W, H))
    _text(c, 96, 83, "项目")
    _text(c, 180, 83, "决算数")
    _text(c, 330, 83, "项目")
    _text(c, 440, 83, "决算数")
    left = [("301工资福利支出", "74,971,484.82"), ("30101基本工资", "3,475,184.43"), ("30102津贴补贴", "8,201,367.35"),
            ("30103奖金", "3,334,113.67"), ("30107绩效工资", "13,480,688.97"), ("30109职业年金缴费", "9,848,312.14")]
    right = [("302商品和服务支出", "18,865,037.83"), ("30201办公费", "3,054,208.41"), ("30205水费", "2,163,570.58")]
    for k, (name, amount) in enumerate(left):
        top = 92.0 + 9 * k
        _text(c, 39, top, name)
        _text(c, 211.0, top, amount, right=True)
        if k < len(right):
            _text(c, 211.8, top, right[k][0])
            _text(c, 470.0, top, right[k][1], right=True)
    c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_name_column_grown_to_its_header_keeps_apart_from_the_amounts_before_it(tmp_path, reader):
    """The second group's names start 0.8 pt after the first group's amounts end; its 项目, centred right of
    the names, widens the name column rightwards, never into the amounts on its left."""
    pdf = tmp_path / "t.pdf"
    _groups_side_by_side_page(pdf)
    grid, _ = page_grid(_pages(pdf, reader)[0])
    assert grid is not None and grid.n_cols == 4, grid and [c.text for c in grid.cells]
    texts = {c.text for c in grid.cells}
    assert {"74,971,484.82", "302商品和服务支出", "3,475,184.43", "30201办公费"} <= texts, texts


def test_a_rule_never_cuts_inside_a_number():
    """A rule behind a number (a narrative page's frame, a box) cuts no digits off: "1|0", "0.0|0", "12|.50"."""
    from juesuan.extract.seams import rule_seams
    from juesuan.extract.words import Char
    from juesuan.model import Segment

    def chars(text: str) -> list[Char]:
        return [Char(ch, 100 + 5 * i, 100, 105 + 5 * i, 109, True) for i, ch in enumerate(text)]

    for text, at in (("10", 1), ("0.00万元", 3), ("12.50", 2), ("1,234.56", 5)):
        rule = Segment(100 + 5 * at, 90, 100 + 5 * at, 120)
        assert rule_seams(text, chars(text), [rule]) == [], text
    for text, at in (("2,569.01302商品", 8), ("114,693,241一、", 11), ("—五、教育支出", 1)):
        rule = Segment(100 + 5 * at, 90, 100 + 5 * at, 120)
        assert rule_seams(text, chars(text), [rule]) == [at], text
