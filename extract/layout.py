"""Page classification: which page holds which standard table, its unit, the department and year."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class Region:
    """One table on a page: its title, and the band [top, bottom) where its rows are."""

    table_key: str
    title: str
    title_top: float  # where the title line starts (the band above belongs to the previous table)
    top: float  # below the title, unit and 编制单位 lines
    bottom: float
    unit: str | None = None


@dataclass
class PageLayout:
    """What one page is: kind is cover/contents/narrative/table/blank/image/other."""

    number: int
    kind: str
    table_key: str = ""
    title: str = ""
    unit: str | None = None
    department: str = ""
    regions: list[Region] = field(default_factory=list)
    lines: list[str] | None = None

    @property
    def title_bottom(self) -> float:
        return self.regions[0].top if self.regions else 0.0


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
    for line in lines:
        m = DEPARTMENT_LABEL.search(" ".join(w.text for w in line))
        if m:
            layout.department = squeeze(m.group(1))
            break
    layout.regions = _regions(lines, texts, page.height)
    if layout.regions:
        first = layout.regions[0]
        layout.kind, layout.table_key, layout.title, layout.unit = "table", first.table_key, first.title, first.unit
    elif len(joined) > 150:
        layout.kind = "narrative"
    return layout


def _is_heading_line(text: str) -> bool:
    """Unit, 编制单位 and 公开NN表 lines stand between a title and its table."""
    s = squeeze(text)
    return bool(find_unit(text) or DEPARTMENT_LABEL.search(text) or PUBLIC_NUMBER.fullmatch(s) or re.fullmatch(r"金额单位.*", s))


def _regions(lines, texts: list[str], page_height: float) -> list[Region]:
    """Every table title on the page with the band below it.

    A title is one of the first lines, or any line directly followed by a unit line (budget
    reports print several small tables on one page). "公开05表" alone names the table too.
    """
    starts: list[tuple[int, str, str]] = []
    numbered = ""
    for i, text in enumerate(texts):
        s = squeeze(text)
        number = PUBLIC_NUMBER.search(s)
        if number and i < 6 and not numbered:
            numbered = PUBLIC_NUMBERS.get(number.group(1), "")
        key = match_title(text)
        other = not key and OTHER_TITLE.match(_ORDINAL.sub("", s)) and not NARRATIVE_MARK.search(text)
        if not (key or other):
            continue
        followed_by_unit = any(find_unit(t) for t in texts[i + 1:i + 3])
        if i < 6 and not starts or followed_by_unit:
            starts.append((i, key or "", s))
    if not starts and numbered:
        starts.append((0, numbered, ""))
    regions = []
    for n, (i, key, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        j = i + 1 if title else i
        while j < end and j <= i + 3 and (_is_heading_line(texts[j]) or (j == i + 1 and PUBLIC_NUMBER.search(squeeze(texts[j])))):
            j += 1
        top = max(w.bottom for w in lines[j - 1]) if j > i or title else min(w.top for w in lines[i])
        unit = next((find_unit(t) for t in texts[max(0, i - 1):j] if find_unit(t)), None)
        bottom = min(w.top for w in lines[end]) if end < len(lines) else page_height
        if j >= end and end < len(lines):
            continue  # a part heading ("XX局2024年度部门决算表") directly above the first table's title
        regions.append(Region(key or slug_title(title), title, min(w.top for w in lines[i]), top, bottom, unit))
    return regions


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
            after = re.search(r"^(?:20\d{2})年度?(.{2,30}?)(?:部门)?(?:决算|预算)", s)
            if not m and i == 0 and after:
                return after.group(1)  # "2017年度江苏省高级人民法院部门预算公开"
            if m:
                name = (squeeze("".join(texts[:i])) + m.group(1)).strip()
                name = re.sub(r"^.*?(?:决算|预算)(?:公开)?", "", name) if len(name) > 40 else name
                if 2 <= len(name) <= 40:
                    return name
    return ""


def detect_report(layouts: list[PageLayout]) -> str:
    """决算 (final accounts) or 预算 (budget), by what the titles and the cover call the report."""
    votes: Counter[str] = Counter()
    for layout in layouts:
        for text in (layout.lines or [])[:4]:
            s = squeeze(text)
            votes["决算"] += s.count("决算")
            votes["预算"] += len(re.findall(r"(?<!一般公共|基金|经营)预算(?:表|公开|$)", s))
    return "决算" if votes["决算"] >= votes["预算"] else "预算"


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
