"""Group words into printed lines; shared by layout detection and the stream table reader."""
from __future__ import annotations

from ..model import Word


def group_lines(words: list[Word], tolerance: float | None = None) -> list[list[Word]]:
    """Words whose vertical centres lie within `tolerance` (default: 0.45 × median height) form a line."""
    if not words:
        return []
    heights = sorted(w.bottom - w.top for w in words)
    tol = tolerance if tolerance is not None else 0.45 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines and abs(w.yc - _centre(lines[-1])) <= tol:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _centre(line: list[Word]) -> float:
    return sum(w.yc for w in line) / len(line)


def line_text(line: list[Word], sep: str = "") -> str:
    return sep.join(w.text for w in line)
