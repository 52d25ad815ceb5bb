"""Which way a page's text reads, so a page whose /Rotate shows its text upside down or sideways is read turned.

A page's /Rotate may contradict its content: /Rotate 180 on a page drawn upright (issue 31), or a table set
sideways on a portrait page without one. A viewer shows such a page turned and a person turns it back; a reader
taking /Rotate at its word finds every line upside down and no table. Each reader counts its characters by the
direction of their baseline on the displayed page; when most of them (MAJORITY of at least MIN_CHARS) read
along one other direction, it reads the page again turned by upright_turn() and says so (PageContent.turned).
A page of mixed directions (a few vertical header labels) or of little text is read as /Rotate shows it.
"""
from __future__ import annotations

import math

MIN_CHARS = 20
MAJORITY = 0.75
_SLACK = 5.0  # degrees: a baseline this close to a right angle counts as along it


def turn_of(dx: float, dy: float) -> int | None:
    """The baseline (dx, dy) on the displayed page, y up: its angle from left-to-right, counterclockwise, when it
    is a multiple of 90 degrees (0, 90, 180, 270); None for a slanted or degenerate baseline."""
    if not (dx or dy):
        return None
    angle = math.degrees(math.atan2(dy, dx)) % 360
    nearest = round(angle / 90) * 90
    return nearest % 360 if abs(angle - nearest) <= _SLACK else None


def upright_turn(counts: dict[int | None, int]) -> int:
    """Degrees to add to the page's rotation so that most text reads left to right (0: leave it)."""
    total = sum(counts.values())
    if total < MIN_CHARS:
        return 0
    turn, most = max(((k, n) for k, n in counts.items() if k is not None), key=lambda kn: kn[1], default=(0, 0))
    return turn if turn and most >= MAJORITY * total else 0


def turned_note(rotation: int, turn: int) -> str:
    """What PageContent.turned says: how /Rotate shows the text, and how the page was read."""
    shown = "upside down" if turn == 180 else "sideways"
    return f"/Rotate {rotation} shows its text {shown}; read as /Rotate {(rotation + turn) % 360}, as its text reads"
