"""Does a page without a title continue the table before it?

A long table runs over pages that carry no title: with its header repeated or not, "续表" printed
or not, ruled or not. Such a page is never narrative, however long its row names: what tells it
from the 情况说明 is that its amounts stand under the previous page's amount columns and that its
lines are not sentences.
"""
from __future__ import annotations

import regex as re

from juesuan.extract.interpret import PageTable
from juesuan.extract.lines import group_lines, line_text
from juesuan.model import Word
from juesuan.normalize.amounts import AmountError, is_empty_mark, parse_amount
from juesuan.normalize.text import squeeze

_SENTENCE = re.compile(r"[。；！？]|，.*，")
_SECTION = re.compile(r"^第[一二三四五六七八九十]+部分")
_CODE_LED = re.compile(r"^\d{3}(?:\d{2}){0,2}(?!\d)")
# a line whose first word is a code, or a 类 of codes printed over 类 | 款 | 项 columns ("229 60 03 3060864 …":
# squeezed, the code runs into a 元 amount and no longer ends where a code ends)
_CODE_WORD = re.compile(r"\d{3}(?:\d{2}){0,2}")
_NOT_AN_AMOUNT = re.compile(r"\d{3}|\d{5}|\d{7}|\d{1,2}")  # codes, code parts, 行次 and page numbers
_HEADER_WORDS = (
    "科目编码",
    "科目名称",
    "项目",
    "决算数",
    "预算数",
    "合计",
    "基本支出",
    "项目支出",
    "本年收入",
    "本年支出",
    "栏次",
    "行次",
)


def _amount(text: str) -> bool:
    if _NOT_AN_AMOUNT.fullmatch(text):
        return False
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def _wide_gaps(line: list[Word]) -> int:
    """Gaps of more than two character widths between neighbouring words: the seams between cells."""
    height = sorted(w.bottom - w.top for w in line)[len(line) // 2]
    return sum(1 for a, b in zip(line, line[1:]) if b.x0 - a.x1 > 2 * height)


def _is_prose(line: list[Word]) -> bool:
    """A line of running text: a sentence, set without the wide gaps between table cells."""
    text = squeeze(line_text(line))
    return (
        len(text) >= 15
        and bool(_SENTENCE.search(text))
        and _wide_gaps(line) == 0
        or len(text) >= 30
        and _wide_gaps(line) == 0
    )


def _amount_spans(previous: PageTable) -> list[tuple[float, float]]:
    return [(previous.edges[c.index], previous.edges[c.index + 1]) for c in previous.columns if c.role == "amount"]


_HEADER_LINES = 5


def _names_its_columns(previous: PageTable, lines: list[list[Word]]) -> bool:
    """The top lines print, as words of their own and where the table's columns are, two or more names of its
    amount columns (a key, one level of a "财政拨款/一般公共预算" key, or a header word as the first page printed
    it: 总计 keyed 合计): its header, repeated by the page (Guangzhou's 项目支出表)."""
    spans: dict[str, list[tuple[float, float]]] = {}
    for c in previous.columns:
        if c.role == "amount" and c.key:
            for part in {c.key, *c.key.split("/"), *(squeeze(p) for p in c.printed)}:
                spans.setdefault(part, []).append((previous.edges[c.index], previous.edges[c.index + 1]))
    named = {squeeze(w.text) for line in lines for w in line
             if any(a - 2 <= w.xc <= b + 2 for a, b in spans.get(squeeze(w.text), []))}
    return len(named) >= 2


def continues(previous: PageTable | None, words: list[Word]) -> bool:
    """True when `words` (a page, or the band above its first title) are rows of the open table."""
    lines = [line for line in group_lines(words) if squeeze(line_text(line))]
    if not lines:
        return False
    texts = [squeeze(line_text(line)) for line in lines]
    if any(_SECTION.match(t) for t in texts[:3]):
        return False  # a part's cover page ("第三部分 XX局2024年度部门决算情况说明", its page number below)
    if previous is not None and _names_its_columns(previous, lines[:_HEADER_LINES]):
        return True  # the header repeated, whatever text a column of it holds (绩效目标 beside the amounts)
    prose = sum(_is_prose(line) for line in lines)
    if prose >= max(2, 0.3 * len(lines)):
        return False
    if texts[0].startswith("续表") or any(t.startswith("续表") for t in texts[:2]):
        return True
    if sum(1 for w in _HEADER_WORDS if any(w in t for t in texts[:4])) >= 3:
        return True  # the header repeated
    spans = _amount_spans(previous) if previous is not None else []
    aligned = 0
    for line in lines:
        amounts = [w for w in line if _amount(squeeze(w.text)) or is_empty_mark(w.text) and w.text.strip()]
        if spans and any(a - 2 <= w.xc <= b + 2 for w in amounts for a, b in spans):
            aligned += 1
        elif not spans and len(amounts) >= 2:
            aligned += 1
    coded = sum(1 for line, t in zip(lines, texts) if _CODE_LED.match(t) or _CODE_WORD.fullmatch(squeeze(line[0].text)))
    rows = max(aligned, coded)
    return rows >= 1 and rows >= 2 * prose


def table_like(words: list[Word]) -> int:
    """How many lines of a page look like table rows (two or more amounts, not a sentence):
    a page that is not part of any table but holds such lines has amounts nobody read."""
    return sum(1 for line in group_lines(words)
               if _wide_gaps(line) >= 2 and sum(1 for w in line if _amount(squeeze(w.text))) >= 2)
