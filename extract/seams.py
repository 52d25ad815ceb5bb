"""Cell seams inside one text-layer word: where a column rule runs between an amount and the next cell.

LibreOffice (and other office exports) leave no blank between adjacent cells, so the text layer
runs an amount into the next cell's text: "2,569.01302商品和服务支出" is the amount 2,569.01 and
the code 302; "114,693,241一、一般公共服务支出" an amount and a name. The text alone cannot tell
"22831400.92302" from a number; the page's geometry can: a vertical ruling line (a column boundary,
often drawn only in the header and standing above the body's rows) passes between two characters.
A seam is cut there only when what stands left of it is a whole amount or an empty mark.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

import regex as re

from juesuan.model import Segment
from juesuan.normalize.amounts import AmountError, is_empty_mark, parse_amount

MIN_RULE = 6.0  # points: shorter vertical strokes are glyph parts or ticks, not column rules
_TAIL = re.compile(r"(?:[(（]?[-−]?\d[\d,]*(?:\.\d+)?[)）]?|[—–\-－]+)$")  # the amount a seam would close


class VerticalRules:
    """A page's vertical rules sorted by x: a word asks only about the few rules within its own span
    (a page has hundreds of rules and thousands of words)."""

    def __init__(self, rules: Sequence[Segment]):
        self.rules = sorted(rules, key=lambda r: r.x0)
        self._xs = [r.x0 for r in self.rules]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def within(self, left: float, right: float, top: float) -> list[Segment]:
        """The rules strictly between x = left and x = right that a word whose top is `top` is not above."""
        i, j = bisect_right(self._xs, left), bisect_left(self._xs, right)
        return [r for r in self.rules[i:j] if top >= r.top - 2]


def vertical_rules(segments: Sequence[Segment]) -> VerticalRules:
    return VerticalRules([s for s in segments if not s.horizontal and s.bottom - s.top >= MIN_RULE])


def _amount_tail(left: str, right: str) -> bool:
    """Does `left` end in an amount that a seam before the character `right` would close? Never inside a
    number ("12|.50"); before a digit only an amount whose form shows its end (thousands separators or
    two decimals: "2,569.01|302", never "1|0" nor "0.0|0")."""
    if right.isspace() or right in ",.%)）":
        return False
    m = _TAIL.search(left)
    if not m:
        return False
    tail = m.group(0)
    if is_empty_mark(tail):
        return right not in "—–-－"
    if right.isdigit() and not _ENDED.fullmatch(tail):
        return False
    try:
        return parse_amount(tail) is not None
    except AmountError:
        return False


def rule_seams(text: str, chars: Sequence, rules: Sequence[Segment] | VerticalRules) -> list[int]:
    """Indices i where a rule passes between chars[i-1] and chars[i] (their centres on either side),
    the word is not above the rule's top, and text[:i] ends in an amount or an empty mark."""
    if not rules or len(text) < 2:
        return []
    if not isinstance(rules, VerticalRules):
        rules = VerticalRules(rules)
    centres = [(c.x0 + c.x1) / 2 for c in chars]
    near = rules.within(min(centres), max(centres), min(c.top for c in chars))
    if not near:
        return []
    cuts = []
    for i in range(1, len(text)):
        left_c, right_c = centres[i - 1], centres[i]
        if not any(left_c < r.x0 < right_c for r in near):
            continue
        if not _amount_tail(text[:i], text[i]):
            continue
        cuts.append(i)
    return cuts


MIN_END_LINES = 1  # a right-aligned amount column's edge: another line's amount ends there
MIN_LINES = 3  # a column's left edge: words of at least this many other lines start there
_STARTS_TOL = 1.0  # points
_AMOUNT_PREFIX = re.compile(r"[-−]?[\d,]*\.?\d*|[—–\-－]+")  # what an amount's first characters can be
_ENDED = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d\d)?|[-−]?\d+\.\d\d")  # an amount whose form shows its end
_WHOLE_AMOUNT = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+\.\d+|[—–\-－]+")


def column_starts(groups: Sequence[Sequence]) -> dict[int, set[int]]:
    """Where the page's words start (x0 to the point) → the lines (tops to the point) starting a word there."""
    starts: dict[int, set[int]] = {}
    for cs in groups:
        if cs and cs[0].text.strip():
            starts.setdefault(round(cs[0].x0), set()).add(round(cs[0].top))
    return starts


def amount_ends(groups: Sequence[Sequence]) -> dict[int, set[int]]:
    """Where the page's whole amounts end (x1 to the point) → their lines: a right-aligned column's edge."""
    ends: dict[int, set[int]] = {}
    for cs in groups:
        text = "".join(c.text for c in cs)
        if cs and _WHOLE_AMOUNT.fullmatch(text):
            ends.setdefault(round(cs[-1].x1), set()).add(round(cs[0].top))
    return ends


def _lines_at(marks: dict[int, set[int]], x: float, line: int) -> int:
    near = range(round(x - _STARTS_TOL), round(x + _STARTS_TOL) + 1)
    return len(set().union(*(marks.get(k, set()) for k in near)) - {line})


def column_seams(text: str, chars: Sequence, starts: dict[int, set[int]],
                 ends: dict[int, set[int]] | None = None) -> list[int]:
    """Without rules: the first index i where text[:i] is a whole amount (with thousands separators or
    decimals, or a dash) and chars[i] starts exactly where words of MIN_LINES other lines start (a
    left-aligned column's edge), or chars[i - 1] ends where another line's amount ends (a right-aligned
    one): "114,693,241一、一般公共服务支出", "—五、教育支出", "22831400.92302…", "63,076,923302…"."""
    if len(text) < 2 or not (starts or ends):
        return []
    line = round(chars[0].top)
    for i in range(1, len(text)):
        if text[i].isspace() or text[i] in ",.%":
            continue
        if not (_ENDED if text[i].isdigit() else _WHOLE_AMOUNT).fullmatch(text[:i]):
            if not _AMOUNT_PREFIX.fullmatch(text[:i]):
                return []  # past the leading amount
            continue
        if text[i] in "—–-－" and is_empty_mark(text[:i]):
            continue
        if _lines_at(starts, chars[i].x0, line) >= MIN_LINES or \
                not is_empty_mark(text[:i]) and _lines_at(ends or {}, chars[i - 1].x1, line) >= MIN_END_LINES:
            return [i]
    return []
