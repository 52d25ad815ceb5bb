"""Page classification: which page holds which standard table, its unit, the department and year."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex as re

from juesuan.extract.lines import group_lines, line_text
from juesuan.extract.titles import (
    BUDGET,
    FINAL,
    is_sentence,
    match_title,
    numbered_table,
    public_number,
    report_of_page,
)
from juesuan.model import PageContent
from juesuan.normalize.amounts import find_unit
from juesuan.normalize.text import HAN_ORDINAL, ascii_digits, clean_label, squeeze

OTHER_TITLE = re.compile(
    r"^[^，。；:：]{2,40}(?:决算表|预算表|情况表|明细表|总表|统计表|支出表)(?:[(（][^()（）]{1,12}[)）])?$"
)
NARRATIVE_MARK = re.compile(r"(?:情况说明|说明$|本表反映|名词解释)")
DEPARTMENT_LABEL = re.compile(
    r"(?:编制单位|编制部门|预算主管部门|主管部门|单位名称|部门名称|(?<![\p{Han}])部门)\s*[:：]\s*(.+?)(?=\s{2,}|(?:金额)?单位\s*[:：]|$)"
    r"|编制单位\s+(\S.*?)(?=\s{2,}|(?:金额)?单位\s*[:：]|$)")
COMPILER_LINE = re.compile(r"^(?:编制单位|编制部门|预算主管部门|主管部门|单位名称|部门名称|部门[:：])")
PART_HEADING = re.compile(
    r"^第[一二三四五六七八九十]+部分|(?:20\d{2}|二〇.{2})年度?(?:部门|单位)?(?:决算|预算)(?:公开)?表?$"
)
CONTENTS_LINE = re.compile(r"(?:…{2,}|\.{4,}|·{4,})\s*\d*$")
NOT_A_NAME = re.compile(
    r"[。，；！？、]|第[一二三四五六七八九十]+部分|目录|情况|说明|概况|决算|预算|单位[:：]|万元|^\d|^(?:本?部门|本?单位)$"
)
YEAR = re.compile(r"(20\d{2})\s*年")
_YEAR_LINE = re.compile(r"[(（]?20\d{2}年度?[)）]?")
_NAME_CELL = re.compile(r"^(?:部门|单位|部门[(（]单位[)）])名称\s+(\S+)$")
_ORGANISATION = re.compile(r"(?:局|委员会|委|办公室|办公厅|办事处|院|厅|部|署|中心|所|站|队|馆|处|会|社|府)$")
_UNIT_LABEL = re.compile(r"金额单位.*")
_DECIMAL_AMOUNT = re.compile(r"\d[\d,]*\.\d")  # a line printing amounts is no title
_PROSE = re.compile(r"\p{Han}{2}[，。；：、]")  # a line of running text: words and sentence punctuation
_SENTENCE_END = re.compile(r"[。！？!?：:；;]$")
PARAGRAPH_INDENT = 2.5  # em: a paragraph's first line is indented by two characters, a title is centred
# a budget calls itself so in a title: …预算表, …预算公开, 2026年部门预算, 2026 年部门预算情况说明 (Chongqing)
_BUDGET_TITLE_WORD = re.compile(r"(?<!一般公共|基金|经营)预算(?:总?表|公开|(?:情况)?说明|$)")
# …决算表, …决算总表, 部门决算, …决算情况说明: a title's word, not a sentence quoting last year's 决算数
_FINAL_TITLE_WORD = re.compile(r"决算(?:总?表|公开|(?:情况)?说明|$)|部门决算")
_REPORT_WORD = re.compile(r"(?:决算|预算)")


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


def slug_title(title: str) -> str:
    """A stable file name for a non-standard table: the title without year, spaces and punctuation."""
    s = squeeze(title)
    s = re.sub(r"^.*?\d{4}\s*年度?", "", s) or s
    s = re.sub(r"[^\p{Han}A-Za-z0-9]+", "", s)
    return s[:40] or "table"


def classify_page(page: PageContent, report: str = "") -> PageLayout:
    """report: 决算 / 预算 as the pages read so far say, for a page named only by its number."""
    lines = group_lines(page.words)
    texts = [line_text(line) for line in lines]
    layout = PageLayout(page.number, "other", lines=texts)
    if not page.words:
        layout.kind = "image" if page.image_coverage > 0.2 else "blank"
        return layout
    joined = squeeze("".join(texts))
    if "目录" in joined[:30] or sum(1 for t in texts if CONTENTS_LINE.search(t)) >= 3 or _lists_titles(texts):
        layout.kind = "contents"
        return layout
    for line in lines:
        name = labelled_department(" ".join(w.text for w in line))
        if name:
            layout.department = name
            break
    layout.regions = _regions(lines, texts, page.height, report)
    if layout.regions:
        first = layout.regions[0]
        layout.kind, layout.table_key, layout.title, layout.unit = "table", first.table_key, first.title, first.unit
    elif len(joined) > 150:
        layout.kind = "narrative"
    return layout


def _lists_titles(texts: list[str]) -> bool:
    """A contents page printing neither 目录 nor leaders (the second page of Xi'an's and Huzhou's contents,
    "一、收入支出决算总表" "二、收入决算表" …): the titles of three or more standard tables, and no unit and no amount
    (a page of tables, even empty ones, prints its 单位：万元), so the tables are not taken as printed there and
    again, under key_2, on their own pages."""
    if any(find_unit(t) or _DECIMAL_AMOUNT.search(t) for t in texts):
        return False
    return len({key for t in texts if (key := match_title(squeeze(t)))}) >= 3


def labelled_department(text: str) -> str:
    """The department a 编制单位 / 部门 / 预算主管部门 label names on this line, or "": after a colon, or in a
    form's cell beside its 部门名称 cell with nothing else on the line (Beijing's 部门整体支出绩效目标表,
    "部门名称 北京市退役军人事务局", its one page naming the department) when the name is an organisation's."""
    m = DEPARTMENT_LABEL.search(text)
    name = squeeze(next((g for g in m.groups() if g), "")) if m else ""
    if not m and (cell := _NAME_CELL.match(text.strip())) and _ORGANISATION.search(cell.group(1)):
        name = cell.group(1)  # not a column header "单位名称 总计" / "单位名称 整体绩效目标"
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
    return bool(find_unit(text) or DEPARTMENT_LABEL.search(text) or public_number(text) or _UNIT_LABEL.fullmatch(s)
                or COMPILER_LINE.match(s))


def _title_at(texts: list[str], i: int) -> tuple[str, str, int]:
    """(key, title, lines it takes) of a title starting on line i: one line, or two when it wraps
    ("…培训费支出预" over "算表"); key is "" for a title of no standard table, title "" for none."""
    s = squeeze(texts[i])
    key = match_title(s)
    if not key and i + 1 < len(texts):
        tail = squeeze(texts[i + 1])
        wrapped = s + tail
        if (len(tail) <= 24 and tail.endswith("表") and not _is_heading_line(tail) and not match_title(tail)
                and not _DECIMAL_AMOUNT.search(s) and match_title(wrapped)):
            return match_title(wrapped), wrapped, 2
    if key:
        return key, s, 1
    if OTHER_TITLE.match(HAN_ORDINAL.sub("", s)) and not NARRATIVE_MARK.search(texts[i]) and not is_sentence(s):
        return "", s, 1
    return "", "", 0


def _in_paragraph(lines, texts: list[str], i: int, span: int) -> bool:
    """Line i (of `span` lines) is part of running text, not a title: it starts on the margin of the prose line
    above it (a title is centred), and that line runs on into it (no full stop) or prose goes on below it."""
    if i == 0 or not _PROSE.search(texts[i - 1]):
        return False
    x0 = min(w.x0 for w in lines[i])
    em = max(w.bottom - w.top for w in lines[i])
    if x0 > min(w.x0 for w in lines[i - 1]) + PARAGRAPH_INDENT * em:
        return False
    if not _SENTENCE_END.search(squeeze(texts[i - 1])):
        return True  # "…部门支出总表，以及" over "财政拨款支出预算表"
    below = i + span
    return below < len(lines) and bool(_PROSE.search(texts[below])) and min(w.x0 for w in lines[below]) <= x0 + em


def _regions(lines, texts: list[str], page_height: float, report: str = "") -> list[Region]:
    """Every table title on the page with the band below it.

    A title is one of the first lines, or any line directly followed by a unit line (budget
    reports print several small tables on one page). A page with no title is named by its
    公开NN表 number, read in the numbering of its report (titles.py)."""
    starts: list[tuple[int, int, str, str]] = []  # first line, lines the title takes, key, title
    number, skip = "", -1
    for i, text in enumerate(texts):
        s = squeeze(text)
        if i < 6 and not number:
            number = public_number(text) or ""
        if i <= skip or is_part_heading(s) or CONTENTS_LINE.search(text):
            continue
        key, title, span = _title_at(texts, i)
        if not title:
            continue
        followed_by_unit = any(find_unit(t) for t in texts[i + span:i + span + 2])
        if not followed_by_unit and _in_paragraph(lines, texts, i, span):
            continue
        if i < 6 and not starts or followed_by_unit:
            starts.append((i, span, key, title))
            skip = i + span - 1
    if not starts and number:
        key = numbered_table(number, report or report_of_page(texts))
        if key:
            starts.append((0, 0, key, ""))
    regions = []
    for n, (i, span, key, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        j = i + span
        while j < end and j <= i + span + 2 and _is_heading_line(texts[j]):
            j += 1
        top = max(w.bottom for w in lines[j - 1]) if j > i else min(w.top for w in lines[i])
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
    labelled = Counter(page.department for page in layouts if page.department)
    if labelled:
        return labelled.most_common(1)[0][0]
    titled = Counter(name for page in layouts for r in page.regions if (name := _department_in_title(r.title)))
    if titled:
        return titled.most_common(1)[0][0]  # "（二）XX局2019年度收入决算表"
    for layout in layouts[:4]:
        texts = [squeeze(t) for t in layout.lines or []]
        for i, s in enumerate(texts):
            if len(s) > 48 or re.search(r"[，。；]", s):
                continue  # a sentence ("纳入本部门2022年度部门决算编制范围的单位…"), not a title line
            s = re.sub(r"^第[一二三四五六七八九十]+部分", "", s)
            before = re.search(
                r"^(.*?)(?:20\d{2}|二〇[一二三四五六七八九〇零]{2})年度?(?:区级|省级|市级|县级)?(?:部门)?(?:决算|预算)",
                s,
            )
            after = re.search(r"^(?:20\d{2})年度?(.{2,30}?)(?:部门)?(?:决算|预算)", s)
            name = before.group(1) if before else ""
            if not name and before and layout.kind not in ("contents", "narrative"):
                name = "".join(
                    t for t in texts[max(0, i - 2) : i] if plausible_department(t)
                )  # a cover: the name on the lines above
            if not name and after:
                name = after.group(1)
            if plausible_department(name):
                return name
    return _narrative_subject(layouts)


NARRATIVE_SUBJECT = re.compile(
    r"^(\p{Han}{4,30}?)(?:20\d{2})年度?(?:部门)?(?:收入|支出|收支|财政拨款|一般公共预算|政府性基金|部门预算)"
)


def _narrative_subject(layouts: list[PageLayout]) -> str:
    """A report printing no label and no title naming its department (a narrative-only budget):
    the name that opens two or more of its narrative's sentences before the year
    ("江苏省政协办公厅2019年度收入、支出预算总计…")."""
    names: Counter[str] = Counter()
    for layout in layouts:
        if layout.kind == "narrative":
            for text in layout.lines or []:
                m = NARRATIVE_SUBJECT.match(squeeze(text))
                if m and plausible_department(m.group(1)):
                    names[m.group(1)] += 1
    name, count = names.most_common(1)[0] if names else ("", 0)
    return name if count >= 2 else ""


def _department_in_title(title: str) -> str:
    m = re.match(r"^(.*?)(?:20\d{2})年度?", clean_label(title))
    name = re.sub(r"^(?:部门|单位)$", "", m.group(1)) if m else ""
    return name if plausible_department(name) else ""


def detect_report(layouts: list[PageLayout], default: str = FINAL) -> str:
    """决算 (final accounts) or 预算 (budget), by what the titles and the cover call the report;
    `default` when they say neither."""
    votes: Counter[str] = Counter()
    for layout in layouts:
        for text in (layout.lines or [])[:4]:
            s = squeeze(text)
            votes[FINAL] += len(_FINAL_TITLE_WORD.findall(s))
            votes[BUDGET] += len(_BUDGET_TITLE_WORD.findall(s))
    if votes[FINAL] == votes[BUDGET]:
        return default
    return FINAL if votes[FINAL] > votes[BUDGET] else BUDGET


def detect_year(layouts: list[PageLayout]) -> int | None:
    """The fiscal year most titles and the cover name (titles carry it: "2023年度支出决算表")."""
    votes: Counter[int] = Counter()
    for layout in layouts:
        texts = layout.lines or []
        weight = 3 if layout.kind in ("table",) else 1
        heads = [squeeze(ascii_digits(t)) for t in texts[:4]]  # "２０２３年度" as "2023年度"
        for i, text in enumerate(heads):
            # the year on its own line under its title ("预算13表 部门整体支出绩效目标表" / "（2026年度）", Beijing)
            titled = _REPORT_WORD.search(text) or (
                i and _YEAR_LINE.fullmatch(text) and _REPORT_WORD.search(heads[i - 1]))
            for m in YEAR.finditer(text):
                if titled:
                    votes[int(m.group(1))] += weight
    return votes.most_common(1)[0][0] if votes else None
