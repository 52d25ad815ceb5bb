"""extract/lattice.py alone: ruling lines in, a grid out, on hand-drawn rules (no PDF).

Each test draws the rules a real report prints: a plain ruled table, a header cell spanning columns (its
inner vertical rule not drawn), a header spanning two rows, double rules framing a header, a continuation
page whose top rule is missing, and regions that are not ruled in both directions.
"""
from __future__ import annotations

from juesuan.extract.lattice import build_lattice
from juesuan.model import Segment, Word


def h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y)


def v(x: float, y0: float, y1: float) -> Segment:
    return Segment(x, y0, x, y1)


def word(text: str, x: float, y: float) -> Word:
    """A word centred on (x, y), 10 points high."""
    return Word(text, x - 4 * len(text), y - 5, x + 4 * len(text), y + 5)


XS = [50.0, 200.0, 300.0, 400.0]  # three columns
YS = [100.0, 120.0, 140.0, 160.0]  # three rows


def ruled(xs=XS, ys=YS) -> list[Segment]:
    return [h(y, xs[0], xs[-1]) for y in ys] + [v(x, ys[0], ys[-1]) for x in xs]


def texts(grid) -> dict[tuple[int, int], str]:
    return {(c.row, c.col): c.text for c in grid.cells}


def test_a_plain_ruled_table_is_cut_along_its_rules_and_each_word_lands_in_its_cell():
    words = [word("项目", 125, 110), word("本年收入", 250, 110), word("本年支出", 350, 110),
             word("一般公共服务支出", 125, 130), word("1,234.56", 250, 130), word("1,000.00", 350, 130),
             word("合计", 125, 150), word("1,234.56", 250, 150), word("1,000.00", 350, 150)]
    grid = build_lattice(3, words, ruled())
    assert (grid.page, grid.n_rows, grid.n_cols, grid.method) == (3, 3, 3, "lattice")
    assert grid.col_edges == XS
    assert texts(grid)[(1, 0)] == "一般公共服务支出" and texts(grid)[(2, 2)] == "1,000.00"
    assert all(c.row_span == c.col_span == 1 for c in grid.cells)


def test_a_header_cell_over_two_columns_is_one_merged_cell():
    segments = [s for s in ruled() if not (s.x0 == 300.0 and not s.horizontal)]
    segments += [v(300.0, 120.0, 160.0)]  # the rule between columns 2 and 3 starts below the header
    grid = build_lattice(1, [word("本年数", 300, 110)], segments)
    header = [c for c in grid.cells if c.row == 0 and c.col == 1][0]
    assert (header.col_span, header.row_span, header.text) == (2, 1, "本年数")
    assert len(grid.cells) == 3 * 3 - 1


def test_a_header_cell_over_two_rows_is_one_merged_cell():
    segments = [s for s in ruled() if not (s.horizontal and s.top == 120.0)]
    segments += [h(120.0, 200.0, 400.0)]  # the rule under the first header row does not cross column 1
    grid = build_lattice(1, [word("项目", 125, 120)], segments)
    label = [c for c in grid.cells if (c.row, c.col) == (0, 0)][0]
    assert (label.row_span, label.col_span, label.text) == (2, 1, "项目")


def test_a_double_rule_under_the_header_is_one_rule_not_a_thin_row():
    segments = ruled() + [h(122.5, XS[0], XS[-1])]  # a second line 2.5 pt under the header's rule
    grid = build_lattice(1, [], segments)
    assert grid.n_rows == 3


def test_rules_closer_than_the_snap_distance_are_one_rule():
    segments = ruled() + [v(201.5, YS[0], YS[-1])]  # the same column rule drawn twice, 1.5 pt apart
    grid = build_lattice(1, [], segments)
    assert grid.n_cols == 3


def test_a_continuation_page_without_its_top_rule_is_closed_where_the_vertical_rules_begin():
    segments = [s for s in ruled() if not (s.horizontal and s.top == YS[0])]
    grid = build_lattice(2, [word("2080501", 125, 110)], segments)
    assert grid.n_rows == 3
    assert texts(grid)[(0, 0)] == "2080501"


def test_a_region_ruled_in_one_direction_only_is_not_a_lattice():
    assert build_lattice(1, [], [h(y, XS[0], XS[-1]) for y in YS]) is None
    assert build_lattice(1, [], [v(x, YS[0], YS[-1]) for x in XS]) is None
    assert build_lattice(1, [], [h(100, 50, 400), v(50, 100, 160), v(400, 100, 160)]) is None  # one column


def test_words_outside_the_outline_stay_out_and_an_empty_cell_keeps_its_box():
    words = [word("单位：万元", 350, 80), word("5.00", 250, 150)]
    grid = build_lattice(1, words, ruled())
    assert "单位：万元" not in " ".join(c.text for c in grid.cells)
    empty = [c for c in grid.cells if (c.row, c.col) == (0, 0)][0]
    assert empty.text == "" and empty.bbox == (XS[0], YS[0], XS[1], YS[1])
    assert [w.text for c in grid.cells for w in c.words] == ["5.00"]
