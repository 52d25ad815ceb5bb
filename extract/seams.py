"""Cell seams inside one text-layer word: where a column rule runs between an amount and the next cell.

LibreOffice (and other office exports) leave no blank between adjacent cells, so the text layer
runs an amount into the next cell's text: "2,569.01302商品和服务支出" is the amount 2,569.01 and
the code 302; "114,693,241一、一般公共服务支出" an amount and a name. The text alone cannot tell
"22831400.92302" from a number; the page's geometry can: a vertical ruling line (a column boundary,
often drawn only in the header and standing above the body's rows) passes between two characters.
A seam is cut there only when what stands left of it is a whole amount or an empty mark, or when the rule
runs through a blank between two glyphs all down their line (two cells' texts: gap_seams).
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
    """The page's vertical rules, each once: a rule drawn again in place (a cell border its neighbour draws too, a
    form that draws itself) cuts no other seam."""
    return VerticalRules(list(dict.fromkeys(s for s in segments if not s.horizontal and s.bottom - s.top >= MIN_RULE)))


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


MIN_GAP = 0.3  # points: a blank between two glyphs wider than this; within a run of text glyph boxes touch
# points: a rule this clear of both glyphs is a cell's border; one on a glyph's edge is a box drawn around a run of
# text (a highlighted phrase of a 情况说明), where the two readers' rounding would decide differently
RULE_CLEAR = 0.1


def gap_seams(chars: Sequence, rules: Sequence[Segment] | VerticalRules) -> list[int]:
    """Indices i where a rule that runs down the whole line passes through a blank between chars[i-1] and chars[i]:
    two ruled cells' texts run together by the text layer ("一般公共预算财" wrapped in one header cell,
    "政府性基金预算" in the next, 1.1 pt apart in a LibreOffice export). Text that overflows into an empty
    neighbour is crossed by the rule through a glyph, not a blank between two, and is left whole."""
    if not rules or len(chars) < 2:
        return []
    if not isinstance(rules, VerticalRules):
        rules = VerticalRules(rules)
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    near = [r for r in rules.within(chars[0].x0, chars[-1].x1, top) if r.bottom >= bottom - 2]
    return [i for i in range(1, len(chars)) if chars[i].x0 - chars[i - 1].x1 > MIN_GAP
            and any(chars[i - 1].x1 + RULE_CLEAR < r.x0 < chars[i].x0 - RULE_CLEAR for r in near)]


MIN_END_LINES = 1  # a right-aligned amount column's edge: another line's amount ends there
MIN_LINES = 3  # a column's left edge: words of at least this many other lines start there
_STARTS_TOL = 1.0  # points
_AMOUNT_PREFIX = re.compile(r"[-−]?[\d,]*\.?\d*|[—–\-－]+")  # what an amount's first characters can be
_ENDED = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d\d)?|[-−]?\d+\.\d\d")  # an amount whose form shows its end
_WHOLE_AMOUNT = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+\.\d+|[—–\-－]+")
_LEADS = frozenset("-−—–－")  # with the digits, what the patterns above and below can match first
_AMOUNT_FIRST = frozenset(",.-−—–－")  # with the digits, the first characters _AMOUNT_PREFIX can match


def _may_lead(cs: Sequence) -> bool:
    """Whether the word's text can begin with an amount, a sign or a dash (most words of a page cannot: cheaper
    to ask before joining their text)."""
    first = cs[0].text[:1] if cs else ""
    return not first or first.isdigit() or first in _LEADS


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
        if not _may_lead(cs):
            continue
        text = "".join(c.text for c in cs)
        if cs and _WHOLE_AMOUNT.fullmatch(text):
            ends.setdefault(round(cs[-1].x1), set()).add(round(cs[0].top))
    return ends


_INT_RUN = re.compile(r"[-−]?\d+")  # a whole-元 amount printed without separators
_LEADING_AMOUNT = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?|[—–\-－]+")  # what a word's leading amount can be


def integer_ends(groups: Sequence[Sequence]) -> dict[int, dict[int, int]]:
    """Where the page's words that are, or start with, an amount end it (x1 to the point) → {line: x0 where the
    amount starts}: "185914882一、…", "53,399,485.74一、…", "0五、…" run into the next cell, "57776" alone.
    An amount running into a digit is no evidence: where it ends is what is asked."""
    ends: dict[int, dict[int, int]] = {}
    for cs in groups:
        if not _may_lead(cs):
            continue
        text = "".join(c.text for c in cs)
        m = _LEADING_AMOUNT.match(text)
        if not m or m.end() < len(text) and (text[m.end()] in ",.%" or text[m.end()].isdigit()
                                             or text[m.end()].isspace()):
            continue
        ends.setdefault(round(cs[m.end() - 1].x1), {})[round(cs[0].top)] = round(cs[0].x0)
    return ends


_CODE_AFTER = re.compile(r"(?:\d{3}|\d{5}|\d{7})(?!\d)")  # a 类/款/项 code at the end of a run of digits
NAME_GAP = 3.0  # points: a name this close after a word of digits belongs to it (an office export's next cell)


def code_starts(groups: Sequence[Sequence]) -> dict[int, dict[int, int]]:
    """Where a code could start at the end of a run of digits run into a name ("567574530228工会经费", or
    "567574530228" with "工会经费" right after it: 30228 or 228 after the amount) → {line: the code's length}.
    Where several lines agree on codes of different lengths, that is a left-aligned code column; digits of a
    code's own length are a code ("2080201行政运行"), never an amount and a code."""
    out: dict[int, dict[int, int]] = {}
    for k, cs in enumerate(groups):
        if not _may_lead(cs):
            continue
        text = "".join(c.text for c in cs)
        m = _INT_RUN.fullmatch(text) or _INT_RUN.match(text)
        if not m or m.end() in (3, 5, 7) or text.startswith(("-", "−")):
            continue
        if m.end() == len(text):  # all digits: a name must follow at once on the same line
            nxt = groups[k + 1] if k + 1 < len(groups) else None
            if not nxt or abs(nxt[0].top - cs[0].top) > 2 or nxt[0].x0 - cs[-1].x1 > NAME_GAP \
                    or not nxt[0].text.strip() or nxt[0].text.isdigit():
                continue
        elif text[m.end()] in ",.%" or text[m.end()].isspace():
            continue
        for i in range(1, m.end()):
            if _CODE_AFTER.fullmatch(text, i, m.end()):
                out.setdefault(round(cs[i].x0), {})[round(cs[0].top)] = m.end() - i
    return out


def _code_column(codes: dict[int, dict[int, int]], x: float, line: int) -> int:
    """How many lines' codes start at x, when MIN_LINES other lines' do, in more than one length (never the
    digits of right-aligned amounts, whose every suffix of one length starts on one edge), this line's among
    them; else 0."""
    near = range(round(x - _STARTS_TOL), round(x + _STARTS_TOL) + 1)
    found = {ln: n for k in near for ln, n in codes.get(k, {}).items()}
    ok = line in found and len(found) - 1 >= MIN_LINES and len(set(found.values())) > 1
    return len(found) if ok else 0


def _code_cut(text: str, chars: Sequence, codes: dict[int, dict[int, int]], line: int) -> int | None:
    """The cut before a code column's edge in a run of digits: where most lines agree, the rightmost of equals
    (two more of the amount's digits before a 3-digit code make a 5-digit one on the same lines)."""
    end = _INT_RUN.match(text).end()
    best = max(((_code_column(codes, chars[i].x0, line), i) for i in range(1, end)), default=(0, None))
    return best[1] if best[0] else None


def _right_aligned(ints: dict[int, dict[int, int]], ends: dict[int, set[int]], x: float, line: int,
                   x0: float) -> bool:
    """Do amounts of MIN_LINES other lines end at x, some starting elsewhere than this one (amounts of other
    lengths, alone or run into the next cell: a right-aligned amount column)? Codes left-aligned in
    a name's cell start on one edge and end where their length says."""
    near = range(round(x - _STARTS_TOL), round(x + _STARTS_TOL) + 1)
    others = {ln: s for k in near for ln, s in ints.get(k, {}).items() if ln != line}
    grouped = set().union(*(ends.get(k, set()) for k in near)) - {line}
    return len(others.keys() | grouped) >= MIN_LINES and \
        (bool(grouped) or any(abs(s - x0) > _STARTS_TOL for s in others.values()))


def _lines_at(marks: dict[int, set[int]], x: float, line: int) -> int:
    near = range(round(x - _STARTS_TOL), round(x + _STARTS_TOL) + 1)
    return len(set().union(*(marks.get(k, set()) for k in near)) - {line})


def column_seams(text: str, chars: Sequence, starts: dict[int, set[int]],
                 ends: dict[int, set[int]] | None = None, ints: dict[int, dict[int, int]] | None = None,
                 codes: dict[int, dict[int, int]] | None = None) -> list[int]:
    """Without rules: the first index i where text[:i] is a whole amount (with thousands separators or
    decimals, or a dash) and chars[i] starts exactly where words of MIN_LINES other lines start (a
    left-aligned column's edge), or chars[i - 1] ends where another line's amount ends (a right-aligned
    one): "114,693,241一、一般公共服务支出", "—五、教育支出", "22831400.92302…", "63,076,923302…". A plain
    integer or a dash ("185914882一、…", "0五、…", "—七、…", "22412656302商品和服务支出") is cut where the
    amounts of MIN_LINES other lines, some of another length, end at its last character (`ints`, `ends`): the
    edge of a right-aligned amount column, past which a plain integer's digits are the next cell's code; or
    before a code where codes of MIN_LINES other lines, of more than one length, start (`codes`:
    "5675745|30228工会经费")."""
    if len(text) < 2 or not (starts or ends or ints):
        return []
    if not text[0].isdigit() and text[0] not in _AMOUNT_FIRST and not text[1].isspace() and text[1] not in ",.%":
        return []  # what the loop finds at i = 1 in most words: text[:1] begins no amount
    line = round(chars[0].top)
    for i in range(1, len(text)):
        if text[i].isspace() or text[i] in ",.%":
            continue
        if not (_ENDED if text[i].isdigit() else _WHOLE_AMOUNT).fullmatch(text[:i]):
            if ints is not None and _INT_RUN.fullmatch(text[:i]) and \
                    (not text[i].isdigit() or _INT_RUN.match(text).end() not in (3, 5, 7)) and \
                    _right_aligned(ints, ends or {}, chars[i - 1].x1, line, chars[0].x0):
                return [i]  # before a digit too, past the column's edge, unless the digits are one code's
            if codes and text[i].isdigit() and _INT_RUN.fullmatch(text[:i]) and \
                    (cut := _code_cut(text, chars, codes, line)) is not None:
                return [cut]  # a code column's left edge, where codes of other lines start
            if not _AMOUNT_PREFIX.fullmatch(text[:i]):
                return []  # past the leading amount
            continue
        if text[i] in "—–-－" and is_empty_mark(text[:i]):
            continue
        if _lines_at(starts, chars[i].x0, line) >= MIN_LINES or \
                not is_empty_mark(text[:i]) and _lines_at(ends or {}, chars[i - 1].x1, line) >= MIN_END_LINES or \
                ints is not None and is_empty_mark(text[:i]) and not text[i].isdigit() and \
                _right_aligned(ints, ends or {}, chars[i - 1].x1, line, chars[0].x0):
            return [i]
    return []
