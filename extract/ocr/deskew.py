"""Upright and straighten page images before OCR and ruling detection.

Scans arrive turned 90/180/270° and a degree or two askew; both the morphology in grid.py and
the text recognizer assume horizontal text. Orientation comes from text-line geometry (lines run
along the long axis of their blobs); 0 vs 180 is decided on a few line crops by the engine (an
orientation model, or its recognizer's confidence both ways up), before any text is recognized.
Skew is the angle that makes the row-projection of ink sharpest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import cv2
import numpy as np

UpsideDown = Callable[[Sequence[np.ndarray]], bool]  # whether line crops are upside down


@dataclass(frozen=True)
class Transform:
    """What was applied: first rotate clockwise by `rotation` (0/90/180/270), then rotate the
    content by `angle` degrees (counter-clockwise positive, OpenCV convention) about the centre.
    `matrix` maps original pixel (x, y, 1) to corrected pixel coordinates."""

    rotation: int
    angle: float
    matrix: np.ndarray

    def to_original(self, x: float, y: float) -> tuple[float, float]:
        m = np.vstack([self.matrix, [0, 0, 1]])
        ox, oy, _ = np.linalg.inv(m) @ np.array([x, y, 1.0])
        return float(ox), float(oy)


_ROT = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 max(15, (min(gray.shape) // 60) | 1), 15)


def _glyphs(ink: np.ndarray) -> np.ndarray:
    """Component stats of glyph-sized blobs (rulings and specks removed)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    s = stats[1:]
    h, w = ink.shape
    keep = (s[:, 2] < w / 20) & (s[:, 3] < h / 20) & (s[:, 4] >= 6) & (np.maximum(s[:, 2], s[:, 3]) >= 4)
    return s[keep]


def text_lines(gray: np.ndarray) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Boxes (x, y, w, h) of merged glyph runs: (wide ones, tall ones)."""
    ink = _ink(gray)
    g = _glyphs(ink)
    if len(g) < 10:
        return [], []
    size = float(np.median(np.maximum(g[:, 2], g[:, 3])))
    mask = np.zeros_like(ink)
    for x, y, w, h, _ in g:
        mask[y:y + h, x:x + w] = 255
    k = max(3, int(size * 0.6))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, _, st, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    wide, tall = [], []
    for x, y, w, h, _ in st[1:]:
        if max(w, h) < 2.5 * size or min(w, h) > 2.5 * size:
            continue
        if w >= 2.5 * h:
            wide.append((x, y, w, h))
        elif h >= 2.5 * w:
            tall.append((x, y, w, h))
    return wide, tall


def _crops(gray: np.ndarray, boxes: list[tuple[int, int, int, int]], n: int = 4) -> list[np.ndarray]:
    """The n widest line crops, cut to <= 12 line heights (enough to tell up from down, cheap)."""
    boxes = sorted(boxes, key=lambda b: -b[2])[:n]
    out = []
    for x, y, w, h in boxes:
        p = max(2, h // 6)
        out.append(gray[max(0, y - p):y + h + p, max(0, x - p):x + min(w, 12 * h) + p])
    return out


def detect_orientation(gray: np.ndarray, upside_down: UpsideDown | None = None) -> int:
    """Clockwise rotation (0/90/180/270) that makes the text upright."""
    wide, tall = text_lines(gray)
    rot = 90 if len(tall) > 1.5 * max(1, len(wide)) else 0
    if upside_down is None:
        return rot
    boxes = [(gray.shape[0] - y - h, x, h, w) for x, y, w, h in tall] if rot else wide  # turned with the page
    img = cv2.rotate(gray, _ROT[90]) if rot else gray
    if not boxes:
        return rot
    return (rot + 180) % 360 if upside_down(_crops(img, boxes)) else rot


def estimate_skew(gray: np.ndarray, max_angle: float = 3.0) -> float:
    """Skew of the page in degrees, OpenCV sign (counter-clockwise positive), within ±max_angle;
    rotating by the negative of it levels the text rows."""
    scale = min(1.0, 1400 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    ys, xs = np.nonzero(_ink(small))
    if len(xs) < 100:
        return 0.0
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64)
    nbins = small.shape[0] + 2 * int(small.shape[1] * np.tan(np.radians(max_angle))) + 4
    off = nbins // 2 - small.shape[0] // 2

    def sharp(a: float) -> float:
        yy = ys + xs * np.tan(np.radians(a)) + off
        hist = np.bincount(np.clip(yy.astype(np.int64), 0, nbins - 1), minlength=nbins).astype(np.float64)
        return float(np.sum(hist ** 2))

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.2), key=sharp)
    for step in (0.05, 0.01):
        cands = np.arange(best - 4 * step, best + 4 * step + 1e-9, step)
        best = max(cands, key=sharp)
    return float(round(best, 3))


def upright(gray: np.ndarray, upside_down: UpsideDown | None = None, max_angle: float = 3.0,
            min_angle: float = 0.05) -> tuple[np.ndarray, Transform]:
    """Rotate to upright, then deskew (same size, white fill). Returns image and transform."""
    rot = detect_orientation(gray, upside_down)
    img = cv2.rotate(gray, _ROT[rot]) if rot else gray
    h0, w0 = gray.shape
    if rot == 90:
        m_rot = np.array([[0, -1, h0 - 1], [1, 0, 0]], np.float64)
    elif rot == 180:
        m_rot = np.array([[-1, 0, w0 - 1], [0, -1, h0 - 1]], np.float64)
    elif rot == 270:
        m_rot = np.array([[0, 1, 0], [-1, 0, w0 - 1]], np.float64)
    else:
        m_rot = np.array([[1, 0, 0], [0, 1, 0]], np.float64)
    angle = -estimate_skew(img, max_angle)
    h, w = img.shape
    if abs(angle) >= min_angle:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    else:
        angle, m = 0.0, np.array([[1, 0, 0], [0, 1, 0]], np.float64)
    full = np.vstack([m, [0, 0, 1]]) @ np.vstack([m_rot, [0, 0, 1]])
    return img, Transform(rot, angle, full[:2])
