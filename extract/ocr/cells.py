"""The ruled-cells path: where the rulings give a grid, each word is recognized from its cell's ink box
(no page-wide text detection), doubtful readings once more."""
from __future__ import annotations

import numpy as np

from juesuan.extract.ocr.engines import FULL_HEIGHT, REC_HEIGHT, TextLine
from juesuan.extract.ocr.ink_words import text_boxes
from juesuan.extract.ocr.reread import is_doubtful, reread_doubtful

CROP_MARGIN = 0.35  # × line height of white kept around a word's ink for the recognizer


def read_cells(eng, gray: np.ndarray, clean: np.ndarray, ink: np.ndarray, cells, lh: float) -> list[TextLine]:
    """Each word of each ruled cell recognized once, from its ink box: amounts (digit-like ink) at
    REC_HEIGHT, other words at FULL_HEIGHT; lh is the page's line height in pixels. Doubtful readings
    (is_doubtful) are read again."""
    boxes = text_boxes(ink, cells, lh)
    H, W = clean.shape
    crops, doubtful = [], []
    for b in boxes:
        half = max(b.height, 0.75 * lh) / 2 + CROP_MARGIN * lh
        yc = (b.y0 + b.y1) / 2
        m = int(CROP_MARGIN * lh)
        page = gray if b.across or _painted_through(gray, clean, b) else clean
        crops.append(page[max(0, int(yc - half)):min(H, int(np.ceil(yc + half))), max(0, b.x0 - m):min(W, b.x1 + m)])
    readings: list[tuple[str, float]] = [("", 0.0)] * len(boxes)
    digits = [i for i, b in enumerate(boxes) if b.pitch]
    others = [i for i, b in enumerate(boxes) if not b.pitch]
    for group, height in ((digits, REC_HEIGHT), (others, FULL_HEIGHT)):
        read = eng.recognize([crops[i] for i in group], height, pitches=[boxes[i].pitch for i in group])
        for i, reading in zip(group, read):
            readings[i] = reading
    pieces = []
    for b, crop, (text, conf) in zip(boxes, crops, readings):
        if text.strip() or b.pitch:
            pieces.append(TextLine(text, conf, float(b.x0), float(b.y0), float(b.x1), float(b.y1)))
            if is_doubtful(text.strip(), conf, bool(b.pitch)):
                doubtful.append((pieces[-1], crop))
    reread_doubtful(eng, doubtful)
    return [p for p in pieces if p.text.strip()]


def _painted_through(gray: np.ndarray, clean: np.ndarray, b) -> bool:
    """A ruling painted out across the box's own ink, not beside it: a scanned ruling's end joined to
    the strokes of a header beside it runs on through the text ("年初结转和结余" lost a row of pixels
    and read "午初结转和结余" at 0.91, from every margin tried); such a box is cropped as printed."""
    inner = (slice(b.y0 + 1, b.y1 - 1), slice(b.x0, b.x1))
    return bool(np.any(gray[inner] != clean[inner]))
