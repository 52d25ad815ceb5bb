"""Raw path points into ruling segments, cut and measured as pdfminer and pdfplumber do.

pdfminer paints each subpath as a line ("ml", "mlh"), a rectangle (an axis-aligned closed "mlllh") or a
curve (anything else, Bézier control points dropped); pdfplumber turns a line into one edge, a rectangle
into its four sides and a curve into the straight steps between its points, and the pdfplumber reader
keeps the horizontal and vertical edges of at least MIN_RULE_LENGTH. Readers that get raw paths (pdfium)
come through here, so the segments are the same in the same order: lines, then rectangle sides, then
curve steps, each in drawing order.
"""
from __future__ import annotations

from dataclasses import dataclass

from juesuan.model import Segment

MIN_RULE_LENGTH = 4.0  # points; shorter strokes are glyph decorations, not table rules
_BEZIER = 1  # pdfium's FPDF_SEGMENT_BEZIERTO
_MOVE = 2  # FPDF_SEGMENT_MOVETO
_RECT_KINDS = (_MOVE, 0, 0, 0, 0)  # move, then four lines (FPDF_SEGMENT_LINETO = 0)


@dataclass(frozen=True)
class Transform:
    """PDF user space → the displayed page: pdfminer's rotation matrix, then y flipped. Coordinates are
    from the page's top-left corner whatever its MediaBox's origin (pdfplumber adds the box's x0 and
    top back, which puts the page of a box like [30000 30000 30595 30842] 30000 pt away from itself)."""

    matrix: tuple[float, float, float, float, float, float]
    width: float
    height: float

    def to_top_left(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A box in pdfminer's layout space as displayed: x0, top, x1, bottom."""
        return x0, self.height - y1, x1, self.height - y0

    def image_area(self, m: tuple) -> float:
        """Area on the page of an image drawn with matrix `m` (its unit square), clipped to the page."""
        a, b, c, d, e, f = m
        xs, ys = (e, a + e, c + e, a + c + e), (f, b + f, d + f, b + d + f)
        x0, top, x1, bottom = self.to_top_left(min(xs), min(ys), max(xs), max(ys))
        w = max(0.0, min(x1, self.width) - max(x0, 0))
        h = max(0.0, min(bottom, self.height) - max(top, 0))
        return w * h


def page_transform(media_box: tuple[float, float, float, float], rotation: int) -> Transform:
    """pdfminer's page matrix for /Rotate and the displayed page's size, from the MediaBox.
    Its corners are taken in order first: [595 842 0 0] is the page [0 0 595 842] (viewers show it so),
    where pdfminer's matrix from the raw corners would move every glyph and rule off the page."""
    x0, x1 = sorted(media_box[0::2])
    y0, y1 = sorted(media_box[1::2])
    matrix = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1), 270: (0, 1, -1, 0, y1, -x0)}.get(
        rotation, (1, 0, 0, 1, -x0, -y0))
    width, height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
    return Transform(tuple(float(v) for v in matrix), float(width), float(height))


class PathShapes:
    """Collects the painted paths of one page; segments() gives pdfplumber's ruling edges."""

    def __init__(self, transform: Transform):
        self.t = transform
        self.lines: list[Segment] = []
        self.rects: list[Segment] = []
        self.curves: list[Segment] = []

    def add(self, points: list[tuple[float, float, int, bool]], m: tuple) -> None:
        """One path object: (x, y, pdfium segment type, closes figure) in its own space, `m` to the page.

        pdfium's points become pdfminer's operators: a Bézier's three points one "c" (its end point), a
        point that closes the figure is followed by "h" (pdfminer's redundant-"l" rule then makes a
        closing line and a bare "h" the same, as they are in pdfminer).
        """
        a, b, c, d, e, f = m
        if len(points) == 2 and points[0][2] == _MOVE and points[1][2] == 0 and not points[0][3]:
            (x0, y0, _, _), (x1, y1, _, _) = points  # a line ("ml", or "mlh": the same to pdfminer), most paths
            self._line((a * x0 + c * y0 + e, b * x0 + d * y0 + f), (a * x1 + c * y1 + e, b * x1 + d * y1 + f))
            return
        if len(points) == 5 and _RECT_KINDS == tuple(p[2] for p in points) and not any(p[3] for p in points[:4]):
            pts = [(a * x + c * y + e, b * x + d * y + f) for x, y, _, _ in points]
            if pts[4] == pts[0]:  # a drawn rectangle ("re"): "mllll" or, closed, "mlllh" — the same to pdfminer
                if _axis_aligned(pts):
                    self._rect(pts[0], pts[2])
                else:
                    self._curve(pts)
                return
        sub: list[tuple[str, tuple[float, float]]] = []
        bezier = 0
        for x, y, kind, closes in points:
            p = (a * x + c * y + e, b * x + d * y + f)
            if kind == _MOVE:
                self._subpath(sub)
                sub = [("m", p)]
            elif kind == _BEZIER:
                bezier += 1
                if bezier % 3 == 0:
                    sub.append(("c", p))
            else:
                sub.append(("l", p))
            if kind != _BEZIER:
                bezier = 0
            if closes and sub:
                sub.append(("h", sub[0][1]))
        self._subpath(sub)

    def _subpath(self, sub: list[tuple[str, tuple[float, float]]]) -> None:
        if len(sub) < 2 or sub[0][0] != "m":
            return
        shape = "".join(op for op, _ in sub)
        pts = [p for _, p in sub]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            self._line(pts[0], pts[1])
        elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and _axis_aligned(pts):
            self._rect(pts[0], pts[2])
        else:
            self._curve(pts)

    def _line(self, p0, p1) -> None:
        x0, top, x1, bottom = self.t.to_top_left(
            min(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[0], p1[0]), max(p0[1], p1[1])
        )
        if top == bottom:
            if x1 - x0 >= MIN_RULE_LENGTH:
                self.lines.append(Segment(x0, top, x1, top))
        elif bottom - top >= MIN_RULE_LENGTH:  # pdfplumber calls every other line "v", slanted ones too
            self.lines.append(Segment(x0, top, x0, bottom))

    def _rect(self, p0, p2) -> None:
        x0, top, x1, bottom = self.t.to_top_left(
            min(p0[0], p2[0]), min(p0[1], p2[1]), max(p0[0], p2[0]), max(p0[1], p2[1])
        )
        height = max(p0[1], p2[1]) - min(p0[1], p2[1])
        if x1 - x0 >= MIN_RULE_LENGTH:
            self.rects.append(Segment(x0, top, x1, top))
            self.rects.append(Segment(x0, top + height, x1, top + height))
        if bottom - top >= MIN_RULE_LENGTH:
            self.rects.append(Segment(x0, top, x0, bottom))
            self.rects.append(Segment(x1, top, x1, bottom))

    def _curve(self, pts) -> None:
        t = self.t
        shown = [(x, t.height - y) for x, y in pts]  # pdfplumber's point2coord
        for (ax, ay), (bx, by) in zip(shown, shown[1:]):
            if ax == bx:
                top, bottom = min(ay, by), max(ay, by)
                if bottom - top >= MIN_RULE_LENGTH:
                    self.curves.append(Segment(ax, top, ax, bottom))
            elif ay == by:
                x0, x1 = min(ax, bx), max(ax, bx)
                if x1 - x0 >= MIN_RULE_LENGTH:
                    self.curves.append(Segment(x0, ay, x1, ay))

    def segments(self) -> list[Segment]:
        return self.lines + self.rects + self.curves


def _axis_aligned(pts) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
