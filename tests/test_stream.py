"""The stream builder (borderless tables) on word boxes as OCR gives them."""
from __future__ import annotations

from juesuan.extract.stream import build_stream
from juesuan.model import Word


def _words(rows):
    return [Word(text, x0, top, x1, top + 12.0) for top, line in rows for x0, x1, text in line]


def test_two_sided_table_keeps_amount_and_name_apart_across_a_narrow_gutter():
    # a 04 table with 行次 numbered straight, as OCR boxed it on a 200-dpi scan (zoo seed 7, doc 30):
    # the left side's amounts end 6 pt before the right side's names begin, and one name's box
    # reaches back over the zero's dash before it ("一八、" for "- 八、")
    rows = [
        (105.0, [(119.8, 133.1, "收入"), (387.5, 400.8, "支出")]),
        (133.0, [(82.0, 94.6, "项目"), (153.6, 166.9, "行次"), (187.8, 208.3, "决算数"), (274.9, 287.8, "项目"),
                 (346.5, 359.8, "行次"), (384.2, 397.6, "合计"), (419.9, 461.2, "一般公共预算"),
                 (519.9, 560.9, "国有资本经营")]),  # a column printed empty: its header alone adds it
        (160.0, [(32.7, 116.2, "一、一般公共预算财政拨款"), (158.7, 161.5, "1"), (179.2, 218.8, "89273394.31"),
                 (225.6, 294.7, "一、一般公共服务支出"), (349.7, 356.5, "10"), (372.4, 412.3, "11097734.26"),
                 (422.0, 462.7, "11097734.26")]),
        (175.0, [(32.7, 123.0, "二、政府性基金预算财政拨款"), (158.3, 161.5, "2"), (183.5, 219.8, "1176296.36"),
                 (225.6, 267.3, "五、教育支出"), (349.7, 356.2, "11"), (379.6, 412.7, "265077.40"),
                 (429.6, 462.7, "265077.40")]),
        (191.0, [(32.7, 130.2, "三、国有资本经营预算财政拨款"), (158.7, 162.3, "3"),
                 (214.1, 301.9, "一八、社会保障和就业支出"), (349.4, 356.5, "12"), (372.0, 412.7, "61057164.76"),
                 (422.0, 462.7, "61057164.76")]),
        (268.0, [(68.0, 109.0, "本年收入合计"), (157.9, 161.5, "4"), (179.2, 219.8, "90449690.67"),
                 (260.8, 301.9, "本年支出合计"), (349.4, 356.5, "17"), (372.0, 412.7, "89986672.25"),
                 (422.0, 462.3, "89007862.95")]),
    ]
    grid = build_stream(9, _words(rows))
    assert grid is not None
    texts = {c.text for c in grid.cells}
    assert {"89273394.31", "一、一般公共服务支出", "1176296.36", "五、教育支出", "90449690.67", "本年支出合计"} <= texts
    col_of = {c.text: c.col for c in grid.cells}
    assert col_of["89273394.31"] == col_of["90449690.67"] < col_of["一、一般公共服务支出"] == col_of["本年支出合计"]
