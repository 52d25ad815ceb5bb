"""Second readings the table's sums ask for: an OCR amount that breaks its table's sums, for which the sums
single out one reading a slip away (juesuan/suggest.py: a lost decimal point, a dropped or doubled digit), is
read again from its own crop at higher scales. A re-reading that is that value confirms it; nothing else does.
The recognizer's text decides, the sums only choose which crops to look at again and which reading to accept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from juesuan.extract.ocr.cells import CROP_MARGIN
from juesuan.extract.ocr.engines import FULL_HEIGHT, REC_HEIGHT, Engine, get_engine, paint_lines
from juesuan.extract.ocr.grid import find_lines
from juesuan.extract.ocr.raster import render_page

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points of the page as OCR read it
IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
UPSCALED_HEIGHT = 64  # the recognizer's input for the third look: each stroke over more pixels


@dataclass(frozen=True)
class ReadFrame:
    """How an OCR'd page was read: its number, the size of the corrected frame in points, and the
    upright/deskew transform (PageContent.frame) from the rendered page to that frame."""

    number: int
    width: float
    height: float
    frame: tuple[float, float, float, float, float, float] = IDENTITY


def reread(pdf_path: str, page: ReadFrame, boxes: Sequence[Box], dpi: float = 200,
           engine: str | Engine = "rapidocr") -> list[list[str]]:
    """Each box's readings at higher scales (the recognizer's full height, and the crop upscaled twice to
    UPSCALED_HEIGHT), from the page rendered and turned as it was when it was read, rulings painted out."""
    if not boxes:
        return []
    eng = get_engine(engine) if isinstance(engine, str) else engine
    if not eng.reads_cells:  # an engine that cannot read a crop alone has no second look to give
        return [[] for _ in boxes]
    r = render_page(pdf_path, page.number - 1, dpi)
    s, img = r.points_per_pixel, r.image
    if tuple(page.frame) != IDENTITY:
        a, b, c, d, e, f = page.frame
        size = (int(round(page.width / s)), int(round(page.height / s)))
        img = cv2.warpAffine(img, np.float64([[a, b, c / s], [d, e, f / s]]), size, flags=cv2.INTER_LINEAR,
                             borderValue=255)
    clean = paint_lines(img, find_lines(img, s), 255, 3)
    H, W = clean.shape
    crops = []
    for x0, top, x1, bottom in boxes:
        m = CROP_MARGIN * (bottom - top) / s
        crops.append(clean[max(0, int(top / s - m)):min(H, int(np.ceil(bottom / s + m))),
                           max(0, int(x0 / s - m)):min(W, int(np.ceil(x1 / s + m)))])
    full = eng.recognize(crops, FULL_HEIGHT)
    up = eng.recognize([cv2.resize(c, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC) for c in crops],
                       UPSCALED_HEIGHT)
    plain = eng.recognize(crops, REC_HEIGHT)
    return [[t.strip() for t, _ in readings] for readings in zip(full, up, plain)]
