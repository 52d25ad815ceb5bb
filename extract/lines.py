"""Group words into printed lines; shared by layout detection and the stream table reader."""
from __future__ import annotations

from ..model import Word


def group_lines(words: list[Word], tolerance: float | None = None) -> list[list[Word]]:
    """Words whose vertical centres lie within `tolerance` (default: 0.45 × median height) form a line."""
    if not words:
        return []
    if len(words) == 1:
        return [list(words)]
    heights = sorted(w.bottom - w.top for w in words)
    tol = tolerance if tolerance is not None else 0.45 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    centres = [w.yc for w in words]
    total = 0.0  # the current line's centres summed in order: the same float as summing them anew
    for i in sorted(range(len(words)), key=lambda i: (centres[i], words[i].x0)):
        w, yc = words[i], centres[i]
        if lines and abs(yc - total / len(lines[-1])) <= tol:
            lines[-1].append(w)
            total += yc
        else:
            lines.append([w])
            total = 0.0 + yc
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def line_text(line: list[Word], sep: str = "") -> str:
    return sep.join(w.text for w in line)
