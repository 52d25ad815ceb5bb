"""Group words into printed lines; shared by layout detection and the stream table reader."""
from __future__ import annotations

import regex as re

from juesuan.model import Word

_BLANK = re.compile(r"\s")
_COLUMN_NUMBER = re.compile(r"\d{1,2}")
# what stands beside the column numbers in the label cells: a word saying so, or a mark (Huzhou "** ** 1 2 3")
_NUMBERING_MARK = re.compile(r"栏次|行次|栏号|序号|[甲乙丙丁]|[*＊#＃·.\-—－]+")


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


def is_numbering(texts: list[str]) -> bool:
    """The column-number row under a header, known by its shape: "栏次" in a label cell, or nothing but
    the column numbers 1, 2, 3 … in order, beside a word or a mark saying so in the label cells (栏次,
    行次, 序号, 甲 乙, "**") or beside nothing. Its numbers are never amounts and never part of a
    column's name."""
    texts = [_BLANK.sub("", t) for t in texts]
    texts = [t for t in texts if t]
    if "栏次" in texts:
        return True
    numbers = [t for t in texts if _COLUMN_NUMBER.fullmatch(t)]
    marked = len(numbers) < len(texts)
    if not (len(numbers) >= 2 or marked and numbers == ["1"]):  # a table of one amount column: "** ** 1"
        return False
    if not all(_COLUMN_NUMBER.fullmatch(t) or _NUMBERING_MARK.fullmatch(t) for t in texts):
        return False
    values = [int(t) for t in numbers]
    return all(b == a + 1 for a, b in zip(values, values[1:]))
