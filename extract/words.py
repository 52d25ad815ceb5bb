"""Characters into words, as pdfplumber's `extract_words(x_tolerance=1.5, y_tolerance=2.0)` does, with one change.

Both readers group their characters here, so every reader yields the same words:
runs of equally upright characters are cut into lines (tops chained within `y_tolerance`; for rotated
characters x0 within `x_tolerance`), each line sorted along the writing direction, and a word ends at
white space, at a gap wider than `x_tolerance`, a step back, or a jump of the line coordinate.
The change: a blank ends a word only on the word's own printed line. Lines chained within the tolerance
(a cell's wrapped text beside a one-line cell) interleave, and pdfium drops or moves some blanks that
pdfminer keeps (a trailing space after "；"), so a blank of the neighbouring line must not decide a word.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import NamedTuple, Sequence

import regex as re

from juesuan.extract.seams import (
    VerticalRules,
    amount_ends,
    code_starts,
    column_seams,
    column_starts,
    gap_seams,
    integer_ends,
    rule_seams,
    vertical_rules,
)
from juesuan.model import Segment, Word
from juesuan.normalize.text import unify_radicals

X_TOLERANCE = 1.5
Y_TOLERANCE = 2.0

# pdfplumber expands these when it joins characters (utils/text.py LIGATURES)
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURE_CHARS = frozenset("".join(LIGATURES))


class Char(NamedTuple):
    """One glyph in displayed coordinates (origin top-left), as pdfminer boxes it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool


_TEXT, _X0, _TOP, _UPRIGHT = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(5)  # fields of Char
_TOP_THEN_BOTTOM = itemgetter(2, 4)


def group_words(chars: list[Char], x_tolerance: float = X_TOLERANCE,
                y_tolerance: float = Y_TOLERANCE) -> list[list[Char]]:
    """The characters of each word, words in pdfplumber's order (by line, then along the line)."""
    words: list[list[Char]] = []
    runs = [(True, chars)] if all(map(_UPRIGHT, chars)) else ((u, list(r)) for u, r in groupby(chars, key=_UPRIGHT))
    for upright, run in runs:
        if upright:
            for line in _cluster(run, _TOP, y_tolerance):
                _split_upright(sorted(line, key=_X0), y_tolerance, x_tolerance, words)
        else:
            for line in _cluster(run, _X0, x_tolerance):
                _split_turned(sorted(line, key=_TOP_THEN_BOTTOM), x_tolerance, y_tolerance, words)
    return words


def _cluster(chars: list[Char], key, tolerance: float) -> list[list[Char]]:
    """pdfplumber's cluster_objects: distinct key values chained within `tolerance`, clusters in key order."""
    index: dict[float, int] = {}
    group, last = -1, None
    for v in sorted(set(map(key, chars))):
        if last is None or v > last + tolerance:
            group += 1
        index[v] = group
        last = v
    clusters: list[list[Char]] = [[] for _ in range(group + 1)]
    for c, v in zip(chars, map(key, chars)):  # stable: within a cluster the reading order is kept
        clusters[index[v]].append(c)
    return clusters


def _split_upright(line: list[Char], line_tol: float, step_tol: float, out: list[list[Char]]) -> None:
    """pdfplumber's word breaks along a line read left to right: a blank, a step back, a gap, another line."""
    current: list[Char] = []
    px0 = px1 = ptop = 0.0
    for c in line:
        text, x0, top, x1 = c[0], c[1], c[2], c[3]
        if not text or text.isspace():  # blanks end a word; an empty glyph is a word of its own
            if text and current and abs(top - ptop) > line_tol:
                continue  # a blank of another printed line chained into this one: readers differ on keeping it
            if current:
                out.append(current)
            if not text:
                out.append([c])
            current = []
            continue
        if current and (x0 < px0 or x0 > px1 + step_tol or abs(top - ptop) > line_tol):
            out.append(current)
            current = []
        current.append(c)
        px0, px1, ptop = x0, x1, top
    if current:
        out.append(current)


def _split_turned(line: list[Char], line_tol: float, step_tol: float, out: list[list[Char]]) -> None:
    """The same for rotated characters, read top to bottom."""
    current: list[Char] = []
    for c in line:
        if not c.text or c.text.isspace():
            if c.text and current and abs(c.x0 - current[-1].x0) > line_tol:
                continue
            if current:
                out.append(current)
            if not c.text:
                out.append([c])
            current = []
            continue
        if current:
            p = current[-1]
            if c.top < p.top or c.top > p.bottom + step_tol or abs(c.x0 - p.x0) > line_tol:
                out.append(current)
                current = []
        current.append(c)
    if current:
        out.append(current)


def word_text(chars: list[Char]) -> str:
    """The characters' text, a character whose text is a ligature expanded (as pdfplumber does)."""
    text = "".join(map(_TEXT, chars))
    if _LIGATURE_CHARS.isdisjoint(text):
        return text  # no character is a ligature, none can be one: joined in C
    return "".join(LIGATURES.get(c.text, c.text) for c in chars)


_AMOUNT_EDGE = re.compile(r"(?<=\d\.\d\d)(?=[^\d\s,.%)）]|\d[\d,]*\.\d\d)|(?<=[^\d\s,.(（+\-−])(?=[\d,]*\d\.\d\d)")


def split_amount_runs(text: str, chars: list[Char], rules: Sequence[Segment] | VerticalRules = (),
                      starts: dict[int, set[int]] | None = None, ends: dict[int, set[int]] | None = None,
                      ints: dict[int, dict[int, int]] | None = None, codes: dict[int, dict[int, int]] | None = None
                      ) -> list[Word]:
    """One word as Words, split where an amount touches text ("6734.23五、教育支出", "合计6834.42").

    Tightly set tables leave less than a character's gap between cells, so the text layer runs
    them together; a decimal amount never continues into a Chinese name, so the seam is certain.
    Where the amount runs into digits ("22831400.92" then the code "302") or has no decimals
    ("114,693,241一、…", "—五、…"), the text cannot tell the seam: a column rule between two
    characters can, or without rules the left edge of a column whose words start at the same x on
    other lines, `starts`, or the right edge where another line's amount ends, `ends`, or where plain
    integers of several lengths end, `ints` (extract/seams.py).
    """
    if len(chars) != len(text):
        return [_word(text, chars)]
    cuts = {m.start() for m in _AMOUNT_EDGE.finditer(text)} if "." in text else set()
    cuts |= set(rule_seams(text, chars, rules)) | set(gap_seams(chars, rules))
    cuts |= set(column_seams(text, chars, starts or {}, ends, ints, codes))
    edges = [0, *sorted(cuts), len(text)]
    return [_word(text[a:b], chars[a:b]) for a, b in zip(edges, edges[1:])]


def _word(text: str, chars: list[Char]) -> Word:
    _, x0, top, x1, bottom, _ = zip(*chars)
    return Word(unify_radicals(text), min(x0), min(top), max(x1), max(bottom))


def page_words(chars: list[Char], segments: Sequence[Segment] = ()) -> list[Word]:
    """A page's words from its characters in reading order: grouped, blank ones dropped, amounts split off
    (also at the page's vertical ruling lines, `segments`)."""
    rules = vertical_rules(segments)
    groups = [(cs, text) for cs in group_words(chars) if (text := word_text(cs)).strip()]
    starts, ends = column_starts([cs for cs, _ in groups]), amount_ends([cs for cs, _ in groups])
    ints, codes = integer_ends([cs for cs, _ in groups]), code_starts([cs for cs, _ in groups])
    return [piece for cs, text in groups for piece in split_amount_runs(text, cs, rules, starts, ends, ints, codes)]


def garbled_share(words: list[Word]) -> float:
    """Share of characters the text layer could not map to Unicode ("(cid:12)", U+FFFD, private use)."""
    total = bad = 0
    for w in words:
        total += len(w.text)
        if "(cid:" in w.text:
            bad += len(w.text)
            continue
        bad += sum(1 for ch in w.text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bad / total if total else 0.0
