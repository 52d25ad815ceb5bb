"""Page footers: "第 1 页，共 3 页", "- 5 -" or a bare "5" printed below the content, never a table row.

An office suite prints its page footer in the bottom margin, under the table and apart from it. The
text layer gives it as words like any other ("第", "1", "页，共", "3", "页"), so a stream reading takes
it for a last row and its numbers for amounts (or glues them to one). What tells a footer: it is the
lowest line of the page, in the bottom margin band, set apart from the line above it, and its whole
text is a page number pattern.
"""
from __future__ import annotations

import regex as re

from juesuan.extract.lines import group_lines, line_text
from juesuan.model import Word
from juesuan.normalize.text import squeeze

PAGE_FOOTER = re.compile(
    r"第\d{1,4}页(?:[，,]?共\d{1,4}页)?"  # 第1页，共3页 / 第1页
    r"|共\d{1,4}页[，,]?第\d{1,4}页"
    r"|[-—－–]?\d{1,4}[-—－–]?"  # 5 / - 5 -
    r"|\d{1,4}/\d{1,4}"  # 1/3
    r"|(?i:page)\d{1,4}(?:(?i:of)\d{1,4})?"
)
FOOT_BAND = 0.85  # the footer's line starts below this share of the page height
MIN_GAP = 0.8  # the footer stands at least this many of its line heights below the line above


def footer_words(words: list[Word], page_height: float) -> list[Word]:
    """The words of the page's footer line, or [] when its lowest line is not one."""
    lines = [line for line in group_lines(words) if squeeze(line_text(line))]
    if not lines:
        return []
    last = lines[-1]
    top = min(w.top for w in last)
    if top < FOOT_BAND * page_height or not PAGE_FOOTER.fullmatch(squeeze(line_text(last))):
        return []
    if len(lines) > 1:
        height = max(w.bottom for w in last) - top
        above = max(w.bottom for w in lines[-2])
        if top - above < MIN_GAP * height:
            return []
    return last
