"""Ruling lines of image pages by morphology, as model.Segment in points.

Text-layer pages give ruling lines as vector paths; scanned pages only have pixels. Opening a
binarized page with long thin kernels keeps runs that are much longer than any glyph stroke,
which is what table rulings are. Pieces broken by noise or residual skew are merged, and short
strokes that touch no perpendicular line (glyph parts, dashes) are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from juesuan.model import Segment


@dataclass(frozen=True)
class Line:
    """A ruling line in pixels: horizontal (y0 == y1) or vertical (x0 == x1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.y1 - self.y0)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255. Adaptive threshold copes with uneven scan background and JPEG gray."""
    block = max(15, (min(gray.shape) // 60) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def _masks(ink: np.ndarray, points_per_pixel: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = ink.shape
    # ~1/40 of the page, but vertical kernels no longer than ~14 pt so one-row header rulings
    # survive; glyph strokes of body text (<= 12 pt) stay shorter than that.
    kx = max(15, w // 40)
    ky = max(15, min(h // 40, int(14 / points_per_pixel)))
    # bridge 1-2 px breaks from noise/JPEG before opening
    hmask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (kx, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, ky)))
    return hmask, vmask


def _pieces(mask: np.ndarray, horizontal: bool) -> list[tuple[float, float, float, float]]:
    """(position, start, end, weight) per connected component; position = ink centroid."""
    n, _, stats, cents = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if horizontal:
            out.append((float(cents[i][1]), float(x), float(x + w), float(w)))
        else:
            out.append((float(cents[i][0]), float(y), float(y + h), float(h)))
    return out


def _merge(pieces: list[tuple[float, float, float, float]], pos_tol: float,
           gap: float) -> list[tuple[float, float, float]]:
    """Cluster pieces by position, then join collinear intervals separated by <= gap."""
    pieces = sorted(pieces)
    clusters: list[list[tuple[float, float, float, float]]] = []
    for p in pieces:
        if clusters and p[0] - clusters[-1][-1][0] <= pos_tol:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    lines = []
    for cl in clusters:
        cl.sort(key=lambda q: q[1])
        cur = list(cl[0])
        members = [cl[0]]
        for q in cl[1:]:
            if q[1] <= cur[2] + gap:
                cur[2] = max(cur[2], q[2])
                members.append(q)
            else:
                lines.append(_flush(cur, members))
                cur, members = list(q), [q]
        lines.append(_flush(cur, members))
    return lines


def _flush(cur: list[float], members: list) -> tuple[float, float, float]:
    wsum = sum(m[3] for m in members) or 1.0
    pos = sum(m[0] * m[3] for m in members) / wsum
    return (pos, cur[1], cur[2])


def find_lines(gray: np.ndarray, points_per_pixel: float = 72 / 200, min_len_pt: float = 8.0,
               keep_len_pt: float = 150.0) -> list[Line]:
    """Ruling lines in pixel coordinates. Lines shorter than keep_len_pt must end on a
    perpendicular line at both ends (within ~3 pt) to be kept; anything below min_len_pt is dropped."""
    ink = binarize(gray)
    hmask, vmask = _masks(ink, points_per_pixel)
    tol = max(2.0, 1.5 / points_per_pixel)
    gap = max(4.0, 6.0 / points_per_pixel)
    hs = [(p, a, b) for p, a, b in _merge(_pieces(hmask, True), tol, gap)]
    vs = [(p, a, b) for p, a, b in _merge(_pieces(vmask, False), tol, gap)]
    min_len, keep_len, touch = min_len_pt / points_per_pixel, keep_len_pt / points_per_pixel, 3.0 / points_per_pixel

    def touches(p: float, a: float, b: float, others: list[tuple[float, float, float]]) -> bool:
        """Both ends meet a perpendicular line: a ruling runs from one line to another, while the
        strokes of a run of bold digits next to a cell border touch it at one end only."""
        def meets(end: float) -> bool:
            return any(abs(end - op) <= touch and oa - touch <= p <= ob + touch for op, oa, ob in others)
        return meets(a) and meets(b)

    out = []
    for p, a, b in hs:
        if b - a >= keep_len or (b - a >= min_len and touches(p, a, b, vs)):
            out.append(Line(a, p, b, p))
    for p, a, b in vs:
        if b - a >= keep_len or (b - a >= min_len and touches(p, a, b, hs)):
            out.append(Line(p, a, p, b))
    return out


def to_segments(lines: list[Line], points_per_pixel: float) -> list[Segment]:
    s = points_per_pixel
    return [Segment(round(ln.x0 * s, 2), round(ln.y0 * s, 2), round(ln.x1 * s, 2), round(ln.y1 * s, 2)) for ln in lines]


def detect_segments(gray: np.ndarray, points_per_pixel: float) -> list[Segment]:
    """Ruling lines of a page image as Segments in points (top-left origin)."""
    return to_segments(find_lines(gray, points_per_pixel), points_per_pixel)


def image_table_regions(gray: np.ndarray, points_per_pixel: float = 1.0, min_lines: int = 2,
                        lines: list[Line] | None = None) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (x0, top, x1, bottom) of line grids, scaled by points_per_pixel
    (1.0 = pixels). A grid needs >= min_lines horizontal and vertical lines that connect."""
    if lines is None:
        lines = find_lines(gray, points_per_pixel if points_per_pixel != 1.0 else 72 / 200)
    if not lines:
        return []
    _, grids = ruled_grids(lines, gray.shape[:2], min_lines)
    boxes = [tuple(round(v * points_per_pixel, 2) for v in (x, y, x + bw, y + bh)) for _, (x, y, bw, bh) in grids]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


RULE_WIDTH = 5  # px drawn per ruling when joining rulings into grids (scanned rulings are 2-4 px)


def ruled_grids(lines: Sequence[Line], shape: tuple[int, int], min_lines: int = 2
                ) -> tuple[np.ndarray, list[tuple[int, tuple[int, int, int, int]]]]:
    """The rulings drawn and joined: a label image of connected rulings, and (label, (x, y, w, h))
    of each set of them with at least min_lines horizontal and min_lines vertical ones — a grid."""
    canvas = np.zeros(shape, np.uint8)
    for ln in lines:
        cv2.line(canvas, (int(ln.x0), int(ln.y0)), (int(ln.x1), int(ln.y1)), 255, RULE_WIDTH)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(canvas, connectivity=8)
    grids = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        inside = [ln for ln in lines
                  if x - 3 <= ln.x0 and ln.x1 <= x + bw + 3 and y - 3 <= ln.y0 and ln.y1 <= y + bh + 3]
        nh = sum(1 for ln in inside if ln.horizontal)
        if nh >= min_lines and len(inside) - nh >= min_lines:
            grids.append((i, (x, y, bw, bh)))
    return labels, grids
