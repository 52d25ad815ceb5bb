"""Cell seams inside one text-layer word: where a column rule runs between an amount and the next cell.

LibreOffice (and other office exports) leave no blank between adjacent cells, so the text layer
runs an amount into the next cell's text: "2,569.01302商品和服务支出" is the amount 2,569.01 and
the code 302; "114,693,241一、一般公共服务支出" an amount and a name. The text alone cannot tell
"22831400.92302" from a number; the page's geometry can: a vertical ruling line (a column boundary,
often drawn only in the header and standing above the body's rows) passes between two characters.
A seam is cut there only when what stands left of it is a whole amount or an empty mark.
"""
from __future__ import annotations

from typing import Sequence

import regex as re

from juesuan.model import Segment
from juesuan.normalize.amounts import AmountError, is_empty_mark, parse_amount

MIN_RULE = 6.0  # points: shorter vertical strokes are glyph parts or ticks, not column rules
_TAIL = re.compile(r"(?:[(（]?[-−]?\d[\d,]*(?:\.\d+)?[)）]?|[—–\-－]+)$")  # the amount a seam would close


def vertical_rules(segments: Sequence[Segment]) -> list[Segment]:
    return [s for s in segments if not s.horizontal and s.bottom - s.top >= MIN_RULE]


def _amount_tail(left: str) -> bool:
    m = _TAIL.search(left)
    if not m:
        return False
    tail = m.group(0)
    if is_empty_mark(tail):
        return True
    try:
        return parse_amount(tail) is not None
    except AmountError:
        return False


def rule_seams(text: str, chars: Sequence, rules: Sequence[Segment]) -> list[int]:
    """Indices i where a rule passes between chars[i-1] and chars[i] (their centres on either side),
    the word is not above the rule's top, and text[:i] ends in an amount or an empty mark."""
    if not rules or len(text) < 2:
        return []
    top = min(c.top for c in chars)
    cuts = []
    for i in range(1, len(text)):
        a, b = chars[i - 1], chars[i]
        left_c, right_c = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
        if not any(left_c < r.x0 < right_c and top >= r.top - 2 for r in rules):
            continue
        if text[i].isspace() or not _amount_tail(text[:i]):
            continue
        cuts.append(i)
    return cuts
