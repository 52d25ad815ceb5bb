"""Join the words that fall in one cell into its text, line by line."""
from __future__ import annotations

from juesuan.extract.lines import group_lines
from juesuan.model import Word


def join_words(words: list[Word]) -> str:
    """Words of a cell in reading order; a space only where the printed gap is wide.

    Narrow gaps (letter-spaced names "合 计") join without a space; a clear gap ("2080201 行政运行")
    keeps one so codes and names can still be told apart.
    """
    parts: list[str] = []
    for line in group_lines(words):
        text = ""
        prev: Word | None = None
        for w in line:
            if prev is not None:
                gap = w.x0 - prev.x1
                text += " " if gap > 0.8 * (w.bottom - w.top) else ""
            text += w.text
            prev = w
        parts.append(text)
    return "\n".join(parts)


def bbox_of(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))


def weakest_conf(words: list[Word]) -> float:
    """A cell is as trustworthy as its least certain word."""
    return min((w.conf for w in words), default=1.0)
