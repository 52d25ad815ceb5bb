"""Where the rulings give the grid, text boxes come from the ink of each cell, not from a detector.

A ruled table's cells are the white regions its rulings enclose; inside a cell, text lines are
the runs of inked pixel rows and words the runs of inked columns split at wide gaps — the boxes a
text layer would give, found without page-wide text detection (which costs as much as recognizing
a table page's cells and merges text across narrow gutters). Text outside the grids (title, unit
line, notes) is found the same way on the page with the grids blanked out. Pixel coordinates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from juesuan.extract.ocr.grid import RULE_WIDTH, Line, ruled_grids

WORD_GAP = 0.8  # × line height: a wider gap between inked columns ends a word (cell_text.join_words' space)
LINE_MERGE = 1.35  # runs of rows that together stay within this × the page's line height are one line (二, 三)


@dataclass(frozen=True)
class Box:
    """A text box in pixels; `cell` numbers the ruled cell it lies in (-1: outside every grid)."""

    x0: int
    y0: int
    x1: int
    y1: int
    cell: int = -1
    # px per narrow glyph (digits) in its ink, 0 if it has none: the recognizer needs time steps for each
    pitch: float = 0.0
    across: bool = False  # a ruling runs through it: crop it from the page as printed, not with rulings painted out

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def ruled_cells(lines: Sequence[Line], shape: tuple[int, int], min_lines: int = 2) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of every cell of the page's ruled grids: a grid is a connected set of at
    least min_lines horizontal and vertical rulings; its cells are the regions they enclose."""
    labels, grids = ruled_grids(lines, shape, min_lines)
    cells = []
    for i, (x, y, bw, bh) in grids:
        free = (labels[y:y + bh, x:x + bw] != i).astype(np.uint8)
        m, _, cs, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
        for j in range(1, m):
            cx, cy, cw, ch, _ = cs[j]
            if cx == 0 or cy == 0 or cx + cw == bw or cy + ch == bh:
                continue  # outside the outline (the bounding box's corners beyond a ragged edge)
            if cw >= 4 and ch >= 4:
                cells.append((x + cx, y + cy, x + cx + cw, y + cy + ch))
    return sorted(cells, key=lambda c: (c[1], c[0]))


def mask_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of the True runs of a 1-D mask."""
    idx = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
    return list(zip(idx[::2].tolist(), idx[1::2].tolist()))


def _line_runs(block: np.ndarray, line_height: float) -> list[tuple[int, int]]:
    """Rows of a block that hold one line each: inked row runs, with the pieces of one line
    (the strokes of 二, a comma below its digits) merged while the line stays one line tall."""
    runs = mask_runs(block.any(axis=1))
    out: list[list[int]] = []
    for a, b in runs:
        if out and b - out[-1][0] <= LINE_MERGE * line_height:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _word_runs(row: np.ndarray, height: int, min_ink: int) -> list[tuple[int, int]]:
    """Columns of one line that hold one word each: inked column runs split where the gap is wider
    than WORD_GAP × the line's height — except after a small mark (the 、 of an ordinal "七、" sits
    at the left of its square, so a wide blank follows it inside the word); specks (a few stray
    pixels of scan noise) are dropped."""
    cols = row.sum(axis=0)
    words: list[list[int]] = []
    prev_small = False
    for a, b in mask_runs(cols > 0):
        gap = WORD_GAP * height * (2 if prev_small else 1)
        if words and a - words[-1][1] <= gap:
            words[-1][1] = b
        else:
            words.append([a, b])
        ys = np.flatnonzero(row[:, a:b].any(axis=1))
        prev_small = b - a < 0.5 * height and ys[-1] - ys[0] < 0.5 * height and ys[0] > 0.3 * height
    return [(a, b) for a, b in words if int(cols[a:b].sum()) >= min_ink]


def text_boxes(ink: np.ndarray, cells: Sequence[tuple[int, int, int, int]], line_height: float) -> list[Box]:
    """Word boxes of the page: each ruled cell's lines and words, then those outside the cells.
    `ink` is the binary glyph image (rulings painted out)."""
    min_ink = max(3, int(0.04 * line_height ** 2))
    boxes: list[Box] = []
    rest = ink.copy()
    for k, (x0, y0, x1, y1) in enumerate(cells):
        boxes += _boxes_in(ink[y0:y1, x0:x1], x0, y0, line_height, min_ink, k)
        rest[y0:y1, x0:x1] = 0
    boxes += _boxes_in(rest, 0, 0, line_height, min_ink, -1)
    return _join_across_rulings(boxes, ink, line_height)


def _join_across_rulings(boxes: list[Box], ink: np.ndarray, line_height: float) -> list[Box]:
    """One word from the halves a ruling cut it into. Scanned rulings are joined over short gaps,
    so a header row's line can run on through a merged cell beside it and its text ("年末结转和结
    余" read "车末结转和结系" from the bottom half): two boxes each under a line tall, one just above
    the other across a ruling, overlapping in x, that together make one line, are one word."""
    out: list[Box] = []
    used: set[int] = set()
    for i, a in enumerate(boxes):
        if i in used:
            continue
        for j, b in enumerate(boxes):
            if j == i or j in used or b.cell == a.cell or not (0 <= b.y0 - a.y1 <= RULE_WIDTH + 2):
                continue
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            if a.height < 0.75 * line_height and b.height < 0.75 * line_height and b.y1 - a.y0 <= 1.3 * line_height \
                    and overlap >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
                x0, x1 = min(a.x0, b.x0), max(a.x1, b.x1)
                a = Box(x0, a.y0, x1, b.y1, a.cell, digit_pitch(ink[a.y0:b.y1, x0:x1], line_height), True)
                used.add(j)
                break
        out.append(a)
    return out


REMNANT_WIDTH = 3.0  # × line height: flat ink this wide is what painting left of a ruling, no dash
REMNANT_HEIGHT = 0.15  # × line height: ... and this flat


def _boxes_in(block: np.ndarray, ox: int, oy: int, line_height: float, min_ink: int, cell: int) -> list[Box]:
    """Word boxes of a block; a flat run several characters wide is a ruling's remnant (a scanned
    ruling thicker than the painted band leaves a line of pixels, which the recognizer reads as text
    at 0.19: "卫止健有中" joined to the row label below it) and is skipped."""
    out = []
    for a, b in _line_runs(block, line_height):
        row = block[a:b]
        for c, d in _word_runs(row, b - a, min_ink):
            ys = np.flatnonzero(row[:, c:d].any(axis=1))  # the word's own rows, not the whole line's
            if d - c >= REMNANT_WIDTH * line_height and ys[-1] - ys[0] + 1 <= max(2, REMNANT_HEIGHT * line_height):
                continue
            out.append(Box(int(ox + c), int(oy + a + ys[0]), int(ox + d), int(oy + a + ys[-1] + 1), cell,
                           digit_pitch(row[:, c:d], line_height)))
    return out


DIGIT_WIDTH = 0.5  # × line height: a digit's advance (half an em; the line height is ~0.9 em)


def digit_pitch(word: np.ndarray, line_height: float) -> float:
    """Px per digit of a word's digit-like ink (runs of inked columns shorter than a Han
    character, taller than a comma; touching digits make one run, counted by its width); 0.0
    when it has none, or when any run is as tall as a Han character: the radicals of Han words
    (礻, 亻) are digit-sized runs too, and stretching a Han word garbles it ("社会福利" → "H不U")."""
    n, px = 0, 0
    for a, b in mask_runs(word.any(axis=0)):
        ys = np.flatnonzero(word[:, a:b].any(axis=1))
        tall = ys[-1] - ys[0] + 1
        if tall >= 0.9 * line_height:
            return 0.0
        if 0.4 * line_height <= tall:
            n += max(1, round((b - a) / (DIGIT_WIDTH * line_height)))
            px += b - a
    return px / n if n else 0.0


def page_line_height(ink: np.ndarray) -> float:
    """A body-text line's height in pixels: the upper decile of glyph-sized components' heights,
    among those within 1.5× the median (digits, radicals and Han characters; a table page's title
    and unit line, set larger, once made it 23 px where the body's Han characters are 19)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs = stats[1:, 3]
    ws = stats[1:, 2]
    glyph = hs[(hs >= 4) & (hs < ink.shape[0] / 30) & (ws < ink.shape[1] / 10)]
    if len(glyph) < 5:
        return 20.0
    return float(np.percentile(glyph[glyph <= 1.5 * np.median(glyph)], 90))
