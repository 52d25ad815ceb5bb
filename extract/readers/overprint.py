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
_REACH = 4.0  # points: the farthest a copy may be (a 16 pt glyph's quarter)
_CELL = 2 * _REACH  # the grid that finds a character's neighbours: its own cell and the three nearest


def drop_overprints(chars: list[Char]) -> list[Char]:
    """The characters without those that repeat an earlier one in place (fake bold); order kept."""
    if not _may_repeat(chars):
        return chars
    kept: list[Char] = []
    grid: dict[tuple[str, int, int], list[Char]] = {}
    get = grid.get
    for c in chars:
        text, x0, top = c.text, c.x0, c.top
        w, h = c.x1 - x0, c.bottom - top
        reach = min(SHARE * (w if w < h else h), _REACH)
        gx, gy = int(x0 // _CELL), int(top // _CELL)
        if reach > 0 and not text.isspace():
            nx = gx - 1 if x0 - gx * _CELL < _REACH else gx + 1  # the nearer neighbouring column, and row
            ny = gy - 1 if top - gy * _CELL < _REACH else gy + 1
            near = (get((text, gx, gy)), get((text, nx, gy)), get((text, gx, ny)), get((text, nx, ny)))
            if any(cell and _repeats(c, cell, w, h, reach) for cell in near):
                continue
        grid.setdefault((text, gx, gy), []).append(c)
        kept.append(c)
    return kept


def _may_repeat(chars: list[Char]) -> bool:
    """Whether two characters of the same text start on the same point of a 2 pt grid: no page of a report does
    unless it draws glyphs twice (a copy within a point is on the same grid point as its original at least half
    the time, so a page drawn twice has many); the exact look, several times slower, is for those pages only."""
    return len({(t, round(x * 0.5), round(y * 0.5)) for t, x, y, *_ in chars}) < len(chars)


def _repeats(c: Char, cell: list[Char], w: float, h: float, reach: float) -> bool:
    """Whether `c` repeats one of the characters kept in a grid cell."""
    for o in cell:
        if (c.upright == o.upright and abs(c.x0 - o.x0) <= reach and abs(c.top - o.top) <= reach
                and abs(w - (o.x1 - o.x0)) <= _SIZE_SLACK and abs(h - (o.bottom - o.top)) <= _SIZE_SLACK):
            return True
    return False
