"""Text boxes from a ruled cell's ink (extract/ocr/ink_words.py), on drawn ink."""
import numpy as np

from juesuan.extract.ocr.ink_words import text_boxes

LH = 20.0  # the page's line height in pixels


def _ink(h: int = 60, w: int = 400) -> np.ndarray:
    return np.zeros((h, w), np.uint8)


def test_flat_run_wide_as_several_characters_is_a_ruling_remnant_not_a_word():
    """What painting leaves of a thick scanned ruling (a line of pixels across the cell) gave no box,
    while a dash of an empty cell and the digits beside it still do."""
    ink = _ink()
    ink[5, 10:390] = 1  # remnant: 1 px tall, 19 line heights wide
    ink[30:32, 20:40] = 1  # dash: 2 px tall, one line height wide
    for x in (100, 112, 124):  # three digit strokes, 14 px tall
        ink[24:38, x:x + 3] = 1
    boxes = text_boxes(ink, [(0, 0, 400, 60)], LH)
    assert [(b.x0, b.x1) for b in boxes] == [(20, 40), (100, 127)], boxes
    assert boxes[1].pitch > 0 and boxes[0].pitch == 0  # the digits are digit-like ink, the dash is not


def test_a_long_dash_stays():
    ink = _ink()
    ink[30:32, 20:75] = 1  # "——", under three line heights
    assert [(b.x0, b.x1) for b in text_boxes(ink, [(0, 0, 400, 60)], LH)] == [(20, 75)]
