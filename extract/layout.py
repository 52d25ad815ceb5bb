"""Page classification: which page holds which standard table, its unit, the department and year."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex as re

from ..model import PageContent
from ..normalize.amounts import find_unit
from ..normalize.text import clean_label, squeeze, to_halfwidth
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
DEPARTMENT_LABEL = re.compile(
    r"(?:编制单位|编制部门|预算主管部门|主管部门|单位名称|部门名称|(?<![\p{Han}])部门)\s*[:：]\s*(.+?)(?=\s{2,}|(?:金额)?单位\s*[:：]|$)"
    r"|编制单位\s+(\S.*?)(?=\s{2,}|(?:金额)?单位\s*[:：]|$)")
COMPILER_LINE = re.compile(r"^(?:编制单位|编制部门|预算主管部门|主管部门|单位名称|部门名称|部门[:：])")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分|(?:20\d{2}|二〇.{2})年度?(?:部门|单位)?(?:决算|预算)(?:公开)?表?$")
CONTENTS_LINE = re.compile(r"(?:…{2,}|\.{4,}|·{4,})\s*\d*$")
NOT_A_NAME = re.compile(r"[。，；！？、]|第[一二三四五六七八九十]+部分|目录|情况|说明|概况|决算|预算|单位[:：]|万元|^\d|^(?:本?部门|本?单位)$")
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
    if "目录" in joined[:30] or sum(1 for t in texts if CONTENTS_LINE.search(t)) >= 3:
        layout.kind = "contents"
        return layout
    for line in lines:
        name = labelled_department(" ".join(w.text for w in line))
        if name:
            layout.department = name
            break
    layout.regions = _regions(lines, texts, page.height)
    if layout.regions:
        first = layout.regions[0]
        layout.kind, layout.table_key, layout.title, layout.unit = "table", first.table_key, first.title, first.unit
    elif len(joined) > 150:
        layout.kind = "narrative"
    return layout


def labelled_department(text: str) -> str:
    """The department a 编制单位 / 部门 / 预算主管部门 label names on this line, or ""."""
    m = DEPARTMENT_LABEL.search(text)
    name = squeeze(next((g for g in m.groups() if g), "")) if m else ""
    return name if plausible_department(name) else ""


def plausible_department(name: str) -> bool:
    """An organisation's name: short, no sentence punctuation, no table-of-contents words."""
    return 2 <= len(name) <= 40 and not NOT_A_NAME.search(name)


def is_part_heading(text: str) -> bool:
    """"第二部分 XX局2023年度部门决算表", "XX局2024年度部门决算": a heading over the tables, not a table."""
    return bool(PART_HEADING.search(squeeze(text)))


def _is_heading_line(text: str) -> bool:
    """Unit, 编制单位 and 公开NN表 lines stand between a title and its table."""
    s = squeeze(text)
    return bool(find_unit(text) or DEPARTMENT_LABEL.search(text) or PUBLIC_NUMBER.fullmatch(s) or re.fullmatch(r"金额单位.*", s)
                or COMPILER_LINE.match(s))


def _regions(lines, texts: list[str], page_height: float) -> list[Region]:
    """Every table title on the page with the band below it.

    A title is one of the first lines, or any line directly followed by a unit line (budget
    reports print several small tables on one page). "公开05表" alone names the table too.
    """
    starts: list[tuple[int, str, str]] = []
    numbered = ""
    for i, text in enumerate(texts):
        s = squeeze(text)
        number = PUBLIC_NUMBER.search(s) if len(s) <= 12 else None  # "本表（公开07表）反映…" is a sentence, not a table's number
        if number and i < 6 and not numbered:
            numbered = PUBLIC_NUMBERS.get(number.group(1), "")
        if is_part_heading(s) or CONTENTS_LINE.search(text):
            continue
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
    """The department from labels on the pages, else from a title line naming it before the year
    ("XX局2024年度部门决算", "第二部分 XX局2024年度部门决算表", "2017年度XX部门预算公开").

    A name glued to neighbouring text (a table-of-contents line, a sentence) is never taken:
    an empty department is better than a wrong one."""
    labelled = Counter(l.department for l in layouts if l.department)
    if labelled:
        return labelled.most_common(1)[0][0]
    titled = Counter(name for l in layouts for r in l.regions if (name := _department_in_title(r.title)))
    if titled:
        return titled.most_common(1)[0][0]  # "（二）XX局2019年度收入决算表"
    for layout in layouts[:4]:
        texts = [squeeze(t) for t in layout.lines or []]
        for i, s in enumerate(texts):
            if len(s) > 48 or re.search(r"[，。；]", s):
                continue  # a sentence ("纳入本部门2022年度部门决算编制范围的单位…"), not a title line
            s = re.sub(r"^第[一二三四五六七八九十]+部分", "", s)
            before = re.search(r"^(.*?)(?:20\d{2}|二〇[一二三四五六七八九〇零]{2})年度?(?:区级|省级|市级|县级)?(?:部门)?(?:决算|预算)", s)
            after = re.search(r"^(?:20\d{2})年度?(.{2,30}?)(?:部门)?(?:决算|预算)", s)
            name = before.group(1) if before else ""
            if not name and before and layout.kind not in ("contents", "narrative"):
                name = "".join(t for t in texts[max(0, i - 2):i] if plausible_department(t))  # a cover: the name on the lines above
            if not name and after:
                name = after.group(1)
            if plausible_department(name):
                return name
    return ""


def _department_in_title(title: str) -> str:
    m = re.match(r"^(.*?)(?:20\d{2})年度?", clean_label(title))
    name = re.sub(r"^(?:部门|单位)$", "", m.group(1)) if m else ""
    return name if plausible_department(name) else ""


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
