"""Fake bold: the same glyph drawn again a fraction of a point away is one printed character (issue 31).

An office suite bolds a font that has no bold face by drawing its text twice (or the whole page twice), the second
copy shifted by a fraction of a point. A viewer shows each glyph once, thicker; read as drawn, every character
comes twice ("33115577..2233"), no amount and no title is recognised, and the document failed as "no
recognizable table". pdfium's text page removes some such copies, pdfminer none, so both readers pass their
characters through drop_overprints(). A copy is the same text, upright the same way, with a box of the same size
no further from the first than a quarter of the glyph's smaller side: two printed characters, even "11", sit a
whole advance apart.
"""
from __future__ import annotations

from juesuan.extract.words import Char

SHARE = 0.25  # of the glyph's smaller side: how far a copy may be shifted
_SIZE_SLACK = 0.05  # points: the same box size, up to rounding
_CELL = 4.0  # points: the grid that finds a character's neighbours


def drop_overprints(chars: list[Char]) -> list[Char]:
    """The characters without those that repeat an earlier one in place (fake bold); order kept."""
    kept: list[Char] = []
    grid: dict[tuple[str, int, int], list[Char]] = {}
    for c in chars:
        if c.text.isspace():
            kept.append(c)
            continue
        w, h = c.x1 - c.x0, c.bottom - c.top
        reach = min(SHARE * min(w, h), _CELL)  # within the neighbouring cells of the grid
        gx, gy = int(c.x0 // _CELL), int(c.top // _CELL)
        if reach > 0 and any(_copy(c, o, w, h, reach) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                             for o in grid.get((c.text, gx + dx, gy + dy), ())):
            continue
        grid.setdefault((c.text, gx, gy), []).append(c)
        kept.append(c)
    return kept


def _copy(c: Char, o: Char, w: float, h: float, reach: float) -> bool:
    return (c.upright == o.upright and abs(c.x0 - o.x0) <= reach and abs(c.top - o.top) <= reach
            and abs(w - (o.x1 - o.x0)) <= _SIZE_SLACK and abs(h - (o.bottom - o.top)) <= _SIZE_SLACK)
