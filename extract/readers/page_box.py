"""The page a viewer shows: the CropBox (cut to the MediaBox) at the size /UserUnit gives it (issue 31).

Both readers place glyphs and rules on the MediaBox, in PDF units. A viewer shows only the CropBox, and a page
with /UserUnit 2 twice as large as its numbers say; the thresholds of the later stages (gaps, font sizes, rule
lengths) are in points. So a reader passes its characters and rules through visible(): what lies outside the
CropBox is left out (a viewer does not show it), the rest is measured from the CropBox's top-left corner, in
points. A page without a CropBox (or with one that is the MediaBox) and without /UserUnit is returned as read.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfminer.pdftypes import resolve_all

from juesuan.extract.paths import MIN_RULE_LENGTH, Transform
from juesuan.extract.words import Char
from juesuan.model import Segment

_EPSILON = 0.01  # points: a CropBox this close to the page is the page (boxes are written rounded)


@dataclass(frozen=True)
class View:
    """The visible box in the reader's displayed coordinates (origin top-left of the MediaBox) and the scale."""

    x0: float
    top: float
    x1: float
    bottom: float
    unit: float  # points per PDF unit (/UserUnit)


def view(t: Transform, crop_box, user_unit) -> View | None:
    """The page's View, or None when it is the whole page at one point per unit (nothing to change).
    `t` is the reader's page transform; `crop_box` the page's CropBox as written (inherited or not), in user
    space; a CropBox that is malformed or does not meet the MediaBox is ignored, as viewers ignore it."""
    unit = _number(resolve_all(user_unit), 1.0)
    unit = unit if 0 < unit <= 75_000 else 1.0  # PDF 2.0: a positive number (a huge one is a hostile scale)
    box = (0.0, 0.0, t.width, t.height)
    corners = _box(resolve_all(crop_box))
    if corners is not None:
        a, b, c, d, e, f = t.matrix
        points = [(a * x + c * y + e, b * x + d * y + f) for x in corners[0::2] for y in corners[1::2]]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, top, x1, bottom = t.to_top_left(min(xs), min(ys), max(xs), max(ys))
        cut = (max(x0, 0.0), max(top, 0.0), min(x1, t.width), min(bottom, t.height))
        if cut[2] - cut[0] > 1 and cut[3] - cut[1] > 1:
            box = cut
    whole = all(abs(u - v) < _EPSILON for u, v in zip(box, (0.0, 0.0, t.width, t.height)))
    return None if whole and unit == 1.0 else View(*box, unit)


def _number(value, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _box(value) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return x0, y0, x1, y1


def visible(v: View, chars: list[Char], segments: list[Segment]) -> tuple[list[Char], list[Segment], float, float]:
    """The characters whose middle lies in the visible box and the rules cut to it, measured from its top-left
    corner in points; and the visible page's width and height in points."""
    u = v.unit
    kept = [Char(c.text, (c.x0 - v.x0) * u, (c.top - v.top) * u, (c.x1 - v.x0) * u, (c.bottom - v.top) * u, c.upright)
            for c in chars if v.x0 <= (c.x0 + c.x1) / 2 <= v.x1 and v.top <= (c.top + c.bottom) / 2 <= v.bottom]
    rules = []
    for s in segments:
        x0, x1 = max(s.x0, v.x0), min(s.x1, v.x1)
        top, bottom = max(s.top, v.top), min(s.bottom, v.bottom)
        if x0 > x1 or top > bottom:
            continue  # outside the box
        cut = Segment((x0 - v.x0) * u, (top - v.top) * u, (x1 - v.x0) * u, (bottom - v.top) * u)
        if max(cut.x1 - cut.x0, cut.bottom - cut.top) >= MIN_RULE_LENGTH:
            rules.append(cut)
    return kept, rules, (v.x1 - v.x0) * u, (v.bottom - v.top) * u
