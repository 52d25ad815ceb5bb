"""The OCR page entry points: render, upright/deskew, find rulings, then read the ruled cells or detect
text page-wide, and turn the pieces into Words in points (a PageContent like the text layer's)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

import numpy as np
import regex as re

from juesuan.extract.ocr.cells import read_cells
from juesuan.extract.ocr.deskew import upright
from juesuan.extract.ocr.engines import Engine, TextLine, get_engine, join_tokens, paint_lines, release_freed_memory
from juesuan.extract.ocr.grid import Line, find_lines, to_segments
from juesuan.extract.ocr.ink_words import page_line_height, ruled_cells
from juesuan.extract.ocr.lines import cut_digits_at_ink_gaps, ink_span, split_line, text_ink
from juesuan.extract.ocr.raster import render_page
from juesuan.extract.ocr.reread import missed_text, reread_numbers, reread_short_codes
from juesuan.model import PageContent, Word
from juesuan.normalize.ocr_text import fix_label_text

_LONE_MARK = re.compile(r"[、，,．·]+")
RULED_CELLS, PAGE_DETECTION = "ruled cells", "page detection"  # the OCR paths a page can take


def ocr_page_image(gray: np.ndarray, points_per_pixel: float, engine: str | Engine = "rapidocr",
                   lines: Sequence[Line] | None = None) -> list[Word]:
    """Words (boxes in points) of an upright page image; each word lies within one table cell."""
    return page_words(gray, points_per_pixel, engine, lines)[0]


def page_words(gray: np.ndarray, points_per_pixel: float, engine: str | Engine = "rapidocr",
               lines: Sequence[Line] | None = None, ruled: bool = True) -> tuple[list[Word], str]:
    """Words of an upright page image and the path that found them: with `ruled` (the default),
    RULED_CELLS where the rulings give a grid and the engine can recognize crops (text boxes from
    each cell's ink, no text detection: about half the CPU of detection, and as accurate on the
    scanned fixtures and on zoo seeds measured unseen), else PAGE_DETECTION (the engine's own
    page-wide detector). Confidence is the recognizer's, or the weakest token's when a detected line
    was split."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    if lines is None:
        lines = find_lines(gray, points_per_pixel)
    s = points_per_pixel
    ink = text_ink(gray, lines, s)
    lh = page_line_height(ink)
    cells = ruled_cells(lines, gray.shape) if ruled and eng.reads_cells else []
    if cells:
        path = RULED_CELLS
        pieces = read_cells(eng, gray, paint_lines(gray, lines, 255, 3), ink, cells, lh)
    else:
        path = PAGE_DETECTION
        pieces = _read_detected(eng, gray, ink, lines, s)
    _settle_lone_strokes(ink, pieces, lh)
    words = []
    for p in pieces:
        text = fix_label_text(p.text.strip())[0]
        if text and not _LONE_MARK.fullmatch(text):  # an ordinal's 、 whose numeral was not read
            x0, x1 = (p.x0, p.x1) if path == RULED_CELLS else ink_span(ink, p)
            words.append(Word(text, round(x0 * s, 2), round(p.y0 * s, 2), round(x1 * s, 2),
                              round(p.y1 * s, 2), round(max(0.0, min(1.0, p.conf)), 4)))
    words = _without_nested_repeats(words)
    words.sort(key=lambda w: (round(w.top), w.x0))
    return words, path


NESTED_SLACK = 0.5  # points a word's ink may stick out of the word it repeats


def _without_nested_repeats(words: list[Word]) -> list[Word]:
    """A word whose ink lies within another's on the same line and whose text is part of that
    word's is the same glyphs read twice (a name's detection box beginning inside the 项 column's
    "08" read its 8 again, so the 项 cell held "08" and "8"): it is dropped. Boxes are the glyphs' own
    (ink_span), so two words cannot share ink; a different reading is kept (nothing says which
    is right) and left to the checks."""
    def repeats(b: Word, a: Word) -> bool:
        return (len(b.text) < len(a.text) and b.text in a.text
                and a.x0 - NESTED_SLACK <= b.x0 and b.x1 <= a.x1 + NESTED_SLACK
                and min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.bottom - a.top, b.bottom - b.top))
    by_top = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in by_top]
    tallest = max((w.bottom - w.top for w in words), default=0.0)
    out = []
    for b in words:  # only words whose tops are within a line height of b's can share its line
        near = by_top[bisect_left(tops, b.top - tallest):bisect_right(tops, b.bottom)]
        if not any(repeats(b, a) for a in near):
            out.append(b)
    return out


_STROKE_READINGS = set("0123456789lI|丨一")  # one glyph that, as a flat bar, can only be a dash
_HAN_BUT_YI = re.compile(r"[^\P{Han}一]")  # Han text, none of which is flat but 一


def _settle_lone_strokes(ink: np.ndarray, pieces: list[TextLine], line_height: float) -> None:
    """A lone glyph read as a digit ("1", "8") whose ink is a flat bar is the dash of an empty cell: the
    recognizer confuses them (a "—" beside a ruling read as "1" at 0.7–0.9, a "-" as "8" at 0.6),
    the ink's shape does not (no digit is a flat bar). Flat is against the page's line height: a
    ruled cell's box is its ink's own, as flat as the dash. The ink decides the reading; the
    recognizer's confidence stays with it. Han text read from a flat bar ("行理" from a ruling's
    remnant a pixel high, at 0.99) is no word: no Han character but 一 is flat."""
    H, W = ink.shape
    for p in pieces:
        text = p.text.strip()
        stroke = text in _STROKE_READINGS
        if not (stroke or _HAN_BUT_YI.search(text)):
            continue
        box = ink[max(0, int(p.y0)):min(H, int(np.ceil(p.y1))), max(0, int(p.x0)):min(W, int(np.ceil(p.x1)))]
        rows, cols = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
        if len(rows) == 0:
            continue
        tall, wide = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        if wide >= 2 * tall and tall <= 0.3 * max(box.shape[0], line_height):
            p.text = "-" if stroke else ""


def _without_double_reads(found: list[TextLine]) -> list[TextLine]:
    """Two detected boxes on one line that overlap can both hold the glyphs between them ("16"
    and "6食品安全监管": the 项 code's 6 read twice, and joined in its cell as "1616"). A box's
    leading tokens that repeat the trailing tokens of the box it begins inside, centred within
    that box, are dropped from it."""
    out = []
    for b in found:
        toks = b.tokens
        for a in found:
            overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
            if a is b or not (a.x0 < b.x0 < a.x1) or overlap < 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                continue
            inside = next((i for i, t in enumerate(toks) if (t[1] + t[2]) / 2 >= a.x1), len(toks))
            k = next((k for k in range(min(inside, len(a.tokens)), 0, -1)
                      if [t[0] for t in toks[:k]] == [t[0] for t in a.tokens[-k:]]), 0)
            toks = toks[k:]
        if len(toks) == len(b.tokens):
            out.append(b)
        elif toks:
            out.append(TextLine(join_tokens([t[0] for t in toks]), min(t[3] for t in toks), max(b.x0, toks[0][1]), b.y0,
                                b.x1, b.y1, toks))
    return out


def _read_detected(eng, gray: np.ndarray, ink: np.ndarray, lines: Sequence[Line], s: float) -> list[TextLine]:
    """Page-wide detection and recognition; detected lines cut into cell words (split_line)."""
    verticals = [ln for ln in lines if not ln.horizontal]
    found = eng.read(gray, lines, points_per_pixel=s)
    if eng.reads_cells:  # second looks need recognition alone: crops without rulings
        clean = paint_lines(gray, lines, 255, 3)
        found += missed_text(eng, clean, ink, found)
    pieces = [p for tl in _without_double_reads(found) for p in split_line(tl, verticals)]
    pieces = [q for p in pieces if p.text.strip() for q in cut_digits_at_ink_gaps(ink, p)]
    if eng.reads_cells:
        reread_numbers(eng, clean, pieces, verticals)
        reread_short_codes(eng, clean, pieces)
    return pieces


def read_page_ocr(pdf_path: str, page_index: int, dpi: float = 200, engine: str | Engine = "rapidocr",
                  fix_orientation: bool = True, ruled: bool = True) -> PageContent:
    """Render, upright/deskew, find rulings, OCR. Boxes are in the corrected page's frame in
    points; width/height are that frame's (swapped when a 90°-turned scan was straightened)."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    r = render_page(pdf_path, page_index, dpi)
    img, tf = upright(r.image, eng.upside_down) if fix_orientation else (r.image, None)
    s = r.points_per_pixel
    lines = find_lines(img, s)
    words, path = page_words(img, s, eng, lines, ruled)
    release_freed_memory()
    h, w = img.shape
    reason = path if tf is None else f"{path}, rotation={tf.rotation} deskew={tf.angle:.2f}"
    return PageContent(number=page_index + 1, width=round(w * s, 2), height=round(h * s, 2), words=words,
                       segments=to_segments(lines, s), method="ocr", method_reason=reason,
                       image_coverage=1.0, frame=_points_frame(tf, s), picture_dpi=r.picture_dpi)


def _points_frame(tf, s: float) -> tuple[float, float, float, float, float, float]:
    """The upright/deskew transform (pixels of the render → pixels of the corrected image) in points."""
    if tf is None:
        return (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    (a, b, c), (d, e, f) = tf.matrix.tolist()
    return (float(a), float(b), float(c) * s, float(d), float(e), float(f) * s)
