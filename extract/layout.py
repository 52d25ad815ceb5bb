"""Page classification: which page holds which standard table, its unit, the department and year."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex as re

from ..model import PageContent
from ..normalize.amounts import find_unit
from ..normalize.text import squeeze, to_halfwidth
from .lines import group_lines, line_text

# Most specific first: "财政拨款收入支出决算总表" also contains "收入支出决算总表".
TABLE_TITLES: list[tuple[str, re.Pattern]] = [
    ("fiscal_appropriation_summary", re.compile(r"财政拨款收(?:入)?支(?:出)?决算总表")),
    ("income_expenditure_summary", re.compile(r"收(?:入)?支(?:出)?决算总表")),
    ("general_budget_basic_expenditure", re.compile(r"一般公共预算财政拨款基本支出决算(?:明细)?表")),
    ("general_budget_expenditure", re.compile(r"一般公共预算财政拨款(?:收入)?支出决算(?:明细)?表")),
    ("government_fund", re.compile(r"政府性基金预算财政拨款(?:收入)?支出决算表")),
    ("state_capital", re.compile(r"国有资本经营预算财政拨款(?:收入)?支出决算表")),
    ("three_public", re.compile(r"三公\W{0,2}经费支出决算表")),
    ("income", re.compile(r"(?<!财政拨款|支出)收入决算表")),
    ("expenditure", re.compile(r"(?<!财政拨款|收入)支出决算表")),
]
STANDARD_TABLES = [key for key, _ in TABLE_TITLES]
PUBLIC_NUMBER = re.compile(r"公开(\d{2})表")
PUBLIC_NUMBERS = {
    "01": "income_expenditure_summary", "02": "income", "03": "expenditure",
    "04": "fiscal_appropriation_summary", "05": "general_budget_expenditure",
    "06": "general_budget_basic_expenditure", "07": "government_fund", "08": "state_capital",
    "09": "three_public",
}
OTHER_TITLE = re.compile(r"^[^，。；:：]{2,40}(?:决算表|预算表|情况表|明细表|总表|统计表)$")
NARRATIVE_MARK = re.compile(r"(?:情况说明|说明$|本表反映|名词解释)")
DEPARTMENT_LABEL = re.compile(r"(?:编制单位|编制部门|预算主管部门|单位名称|部门名称)[:：]\s*(.+?)(?:\s{2,}|单位[:：]|金额单位|$)")
YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class PageLayout:
    """What one page is: kind is cover/contents/narrative/table/blank/image/other."""

    number: int
    kind: str
    table_key: str = ""
    title: str = ""
    unit: str | None = None
    department: str = ""
    title_bottom: float = 0.0  # the table region starts below the title/unit lines
    lines: list[str] | None = None


def match_title(text: str) -> str | None:
    """The standard table key a title names, or None."""
    s = squeeze(to_halfwidth(text)).replace('"', "").replace("“", "").replace("”", "")
    if "说明" in s or len(s) > 60:
        return None
    for key, pattern in TABLE_TITLES:
        if pattern.search(s):
            return key
    return None


def slug_title(title: str) -> str:
    """A stable file name for a non-standard table: the title without year, spaces and punctuation."""
    s = squeeze(title)
    s = re.sub(r"^.*?\d{4}\s*年度?", "", s) or s
    s = re.sub(r"[^\p{Han}A-Za-z0-9]+", "", s)
    return s[:40] or "table"


def classify_page(page: PageContent) -> PageLayout:
    lines = group_lines(page.words)
    texts = [line_text(line) for line in lines]
    layout = PageLayout(page.number, "other", lines=texts)
    if not page.words:
        layout.kind = "image" if page.image_coverage > 0.2 else "blank"
        return layout
    joined = squeeze("".join(texts))
    if "目录" in joined[:30]:
        layout.kind = "contents"
        return layout
    for line, text in zip(lines, texts):
        unit = find_unit(text)
        if unit and not layout.unit:
            layout.unit = unit
            layout.title_bottom = max(layout.title_bottom, max(w.bottom for w in line))
        m = DEPARTMENT_LABEL.search(" ".join(w.text for w in line))
        if m and not layout.department:
            layout.department = squeeze(m.group(1))
            layout.title_bottom = max(layout.title_bottom, max(w.bottom for w in line))
    # The title is one of the first lines; "公开05表" may stand alone beside it.
    for line, text in list(zip(lines, texts))[:6]:
        key = match_title(text)
        number = PUBLIC_NUMBER.search(squeeze(text))
        if key is None and number and not layout.table_key:
            layout.table_key = PUBLIC_NUMBERS.get(number.group(1), "")
        if key:
            layout.kind, layout.table_key, layout.title = "table", key, squeeze(text)
            layout.title_bottom = max(layout.title_bottom, max(w.bottom for w in line))
            break
        if not layout.title and OTHER_TITLE.match(squeeze(text)) and not NARRATIVE_MARK.search(text):
            layout.kind, layout.title = "table", squeeze(text)
            layout.title_bottom = max(layout.title_bottom, max(w.bottom for w in line))
    if layout.table_key and not layout.title:
        layout.kind = "table"
    if layout.kind == "table" and not layout.table_key:
        layout.table_key = slug_title(layout.title)
    if layout.kind == "other" and len(joined) > 150:
        layout.kind = "narrative"
    return layout


def detect_department(layouts: list[PageLayout]) -> str:
    """The department from labels on table pages, else from the cover's lines before the year line."""
    labelled = Counter(l.department for l in layouts if l.department)
    if labelled:
        return labelled.most_common(1)[0][0]
    for layout in layouts[:3]:
        texts = layout.lines or []
        for i, text in enumerate(texts):
            s = squeeze(text)
            m = re.search(r"^(.*?)(?:20\d{2}|二〇[一二三四五六七八九〇零]{2})年度?(?:部门)?(?:决算|预算)", s)
            if m:
                name = (squeeze("".join(texts[:i])) + m.group(1)).strip()
                name = re.sub(r"^.*?(?:决算|预算)(?:公开)?", "", name) if len(name) > 40 else name
                if 2 <= len(name) <= 40:
                    return name
    return ""


def detect_year(layouts: list[PageLayout]) -> int | None:
    """The fiscal year most titles and the cover name (titles carry it: "2023年度支出决算表")."""
    votes: Counter[int] = Counter()
    for layout in layouts:
        texts = layout.lines or []
        weight = 3 if layout.kind in ("table",) else 1
        for text in texts[:4]:
            for m in YEAR.finditer(squeeze(text)):
                if re.search(r"(?:决算|预算)", squeeze(text)):
                    votes[int(m.group(1))] += weight
    return votes.most_common(1)[0][0] if votes else None
