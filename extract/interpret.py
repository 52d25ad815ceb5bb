"""Give a grid its meaning: header rows, column roles, sides, codes, labels and amounts.

The same code reads lattice and stream grids, from the text layer or from OCR: only the way a
cell's text is turned into a number differs (strict for text, with named repairs for OCR).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from juesuan import spec
from juesuan.extract.columns import fix_header_confusions, resolve_columns
from juesuan.extract.lines import is_numbering
from juesuan.extract.repeated_header import repeats_header
from juesuan.extract.transposed import transposed_keys
from juesuan.model import Grid, GridCell, Word
from juesuan.normalize.amounts import AmountError, is_amount_in_ocr_letters, is_dots_for_dash, parse_amount
from juesuan.normalize.codes import economic_catalogue, function_catalogue, join_code_parts, split_code_name
from juesuan.normalize.ocr_text import without_bare_ordinal
from juesuan.normalize.text import HAN_ORDINAL, clean_label, squeeze

HEADER_WORDS = re.compile(
    r"^(?:类|款|项|科目编码|科目名称|项目|功能分类科目编码|经济分类科目编码|栏次|行次|编码|名称)$"
)
LABEL_SYNONYMS = {"收入总计": "总计", "支出总计": "总计", "总计": "总计"}
_ROW_NUMBER = re.compile(r"\d{1,3}")  # a 行次 cell
_CODE_CELL = re.compile(r"\d{2,7}")  # a code column's cell: a code or the digits of one
_CODE_PART = re.compile(r"\d{1,7}")  # a code's 类, 款 or 项 digits
_LEVELS_BEFORE_TOTAL = re.compile(r"^(?:类|款|项)+(?=合计)")  # header words run into "合计"



def _spec_says(table_key: str, rule: str) -> bool:
    """Whether the table's spec (juesuan/spec) has this row rule; a table outside the catalogue has none."""
    table = spec.get(table_key)
    return bool(table and getattr(table, rule))


@dataclass
class Column:
    """What one grid column holds; amount columns carry their side and standard key."""

    index: int
    role: str  # code / part / label / amount / empty
    segment: int = 0
    side: str = ""
    key: str = ""
    printed: tuple[str, ...] = ()  # an amount column's header path as printed (a page repeating it is known by it)


@dataclass
class ParsedRow:
    side: str
    code: str
    row_label: str
    values: dict[str, GridCell]  # column_key → cell holding the printed amount
    row: int
    numbers: list[Word] = field(default_factory=list)  # codes and 行次 numbers: printed digits that are not amounts


@dataclass
class PageTable:
    """One page's part of a table, read."""

    columns: list[Column]
    rows: list[ParsedRow]
    has_header: bool
    edges: list[float]  # the grid's column boundaries, to align a following page's columns
    accounted: set[Word] = field(default_factory=set)  # every printed word this reading consumed
    transposed: list[str] = field(default_factory=list)  # a table printed transposed: its keys, from its rows

    def amount_keys(self) -> list[str]:
        """The keys of the amounts this reading holds, in printed order (a transposed table's: its rows')."""
        return self.transposed or [c.key for c in self.columns if c.role == "amount"]


_DIGIT = re.compile(r"\d")  # compiled once: these run for every cell of every table
_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
_PART = re.compile(r"\d{2}")
_CODE_OR_PART = re.compile(r"\d{2}|\d{3}|\d{5}|\d{7}")


def _is_amount_text(text: str) -> bool:
    s = squeeze(text)
    if not s or not _DIGIT.search(s):
        return False
    if _CODE_OR_PART.fullmatch(s):
        return False  # codes and code parts
    try:
        return parse_amount(s) is not None
    except AmountError:
        return False


def _cell_kind(text: str) -> str:
    s = squeeze(text)
    if not s:
        return "empty"
    if _CODE.fullmatch(s):
        return "code"
    if _PART.fullmatch(s):
        return "part"
    if _is_amount_text(s) or is_amount_in_ocr_letters(s):
        return "amount"
    if s in ("-", "—", "－", "——", "--") or is_dots_for_dash(s):
        return "dash"  # dots alone: a dash OCR read too short
    return "label"


def _is_numbering_row(grid: Grid, r: int) -> bool:
    return is_numbering([c.text for c in grid.row_cells(r)])


def _body_start(grid: Grid) -> tuple[int, list[int]]:
    """The first row holding an amount, and the 栏次 numbering rows above it (never amounts or keys).

    A header holds words only: a row with a dash or a number right of its first cell is a body row,
    whether the number reads as an amount or, in a table of whole 元, looks like a code ("1647851")."""
    numbering = []
    for r in range(grid.n_rows):
        if _is_numbering_row(grid, r):
            numbering.append(r)
            continue
        cells = [c for c in grid.row_cells(r) if c.col_span == 1]
        kinds = [_cell_kind(c.text) for c in cells]
        if "amount" in kinds or any(k in ("code", "part", "dash") for k in kinds[1:]) and len(cells) > 1:
            return r, numbering
    return grid.n_rows, numbering


def _column_roles(grid: Grid, start: int, header_rows: list[int]) -> list[Column]:
    counts = [dict(code=0, part=0, label=0, amount=0, dash=0) for _ in range(grid.n_cols)]
    for c in grid.cells:
        if c.row < start or c.col_span > 1:
            continue
        kind = _cell_kind(c.text)
        if kind == "label" and split_code_name(squeeze(c.text))[0] and len(squeeze(c.text)) > 7:
            kind = "code"  # "2080201行政运行" in one cell
        if kind != "empty":
            counts[c.col][kind] += 1
    columns = []
    for j, n in enumerate(counts):
        h = [squeeze(t) for t in _header_path(grid, header_rows, j)]
        # a group's label over its columns names none of them, even where the grid puts it below the
        # column's own header (06 in three groups: 公用经费 over two groups, level with their 科目编码)
        leaf = next((t for t in map(fix_header_confusions, reversed(h)) if t not in _GROUP_LABELS), "")
        role = _role_by_header(leaf, n) or _role_by_cells(n) or ("amount" if h else "empty")
        if role in ("amount", "part", "code") and _counts_rows(grid, start, j):
            role = "rowno"
        columns.append(Column(j, role))
    return columns


def _counts_rows(grid: Grid, start: int, col: int) -> bool:
    """A 行次 / 序号 column known by its shape, whatever its header says (none, 序号, a merged 项目):
    three or more small integers counting the body rows one by one (1, 2, 3 … or 32, 33, 34 …)."""
    texts = [squeeze(c.text) for c in sorted(grid.cells, key=lambda c: c.row)
             if c.col == col and c.col_span == 1 and c.row >= start and squeeze(c.text)]
    if len(texts) < 3 or not all(_ROW_NUMBER.fullmatch(t) for t in texts):
        return False
    values = [int(t) for t in texts]
    return all(b == a + 1 for a, b in zip(values, values[1:]))


_GROUP_LABELS = {"人员经费", "公用经费", "收入", "支出"}
_CODE_HEADER = re.compile(r".*编码|.*代码|类|款|项")
_NAME_HEADER = re.compile(r".*名称|项目|科目|功能分类科目|经济分类科目")
_AMOUNT_HEADER = re.compile(r".*(?:数|合计|小计|总计|支出|收入|经费|金额|费|结余|拨款|资金|预算|补助)$")


def _role_by_header(leaf: str, n: dict) -> str | None:
    """The header names what a column holds: 行次, codes, names or amounts. An integer amount of
    seven digits looks like a code and a 行次 like a 款: the header, where printed, decides."""
    if leaf == "行次":
        return "rowno"
    if _CODE_HEADER.fullmatch(leaf):
        return "part" if n["part"] > n["code"] else "code"
    if _NAME_HEADER.fullmatch(leaf):
        return "code" if n["code"] >= max(1, n["label"] / 3) else "label"
    if _AMOUNT_HEADER.fullmatch(leaf) and (n["amount"] or n["code"] or n["part"] or n["dash"]) >= n["label"]:
        return "amount"
    return None


def _role_by_cells(n: dict) -> str | None:
    """Without a telling header, what most of the column's cells are."""
    if not sum(n.values()):
        return None
    role = max(
        ("amount", "code", "part", "label"), key=lambda k: (n[k] + (n["dash"] if k == "amount" else 0), k == "amount")
    )
    if role == "label" and n["code"] >= n["label"] / 3 and n["code"] > 0:
        return "code"  # names run together with codes in one column
    return role


def _assign_segments(columns: list[Column], table_key: str) -> None:
    """Split side-by-side halves: a label or code column after an amount column starts a new half."""
    seg, seen_amount = 0, False
    for col in columns:
        if col.role in ("code", "part", "label") and seen_amount:
            seg, seen_amount = seg + 1, False
        if col.role == "amount":
            seen_amount = True
        col.segment = seg
    table = spec.get(table_key)
    sides = table.sides if table and table.two_sided else None
    for col in columns:
        col.side = sides[min(col.segment, 1)] if sides else ""


_HEADER_CELL = re.compile(
    r"项目|科目|.*名称|.*编码|类|款|项|栏次|行次|.*决算数|.*预算数|预算|金额|收入|支出|本年支出|本年收入|小计|合计|"
    r"基本支出|项目支出|.*经费|.*财政拨款|.*结转和结余"
)


def _has_header_words(grid: Grid, header_rows: list[int]) -> bool:
    """Rows above the first amount are a header when some cell is a header word, not a row name."""
    cells = [squeeze(c.text) for c in grid.cells if c.row in header_rows and squeeze(c.text)]
    return any(_HEADER_CELL.fullmatch(t) and not HAN_ORDINAL.match(t) for t in cells)


def _header_path(grid: Grid, header_rows: list[int], col: int) -> list[str]:
    """The header over a column, top down, a label per level. In a ruled header a new level is a cell
    over fewer columns than the one above it (a group over its columns); ruled cells stacked over the
    same columns hold one label's lines, cut apart by a ruling read too long (a scan's rule under 项目
    running on into the narrow 本年收入合计 cell: "本年收入合" over "计" is 本年收入合计, not two levels)."""
    path: list[str] = []
    above: GridCell | None = None
    for r in header_rows:
        c = grid.at(r, col)
        if c is None or c.row != r or not squeeze(c.text):
            continue
        if grid.method == "lattice" and above is not None and (c.col, c.col_span) == (above.col, above.col_span):
            path[-1] += c.text
        else:
            path.append(c.text)
        above = c
    return path


def read_grid(grid: Grid, table_key: str, previous: PageTable | None = None, inherit: bool = False) -> PageTable:
    """Read one page's grid; `previous` is the same table's last header page, whose columns a page
    continuing without a header inherits (matched by position, as columns may differ in number);
    with `inherit` a page that repeats the header takes them too (the other reading of that page)."""
    start, numbering = _body_start(grid)
    header_rows = [r for r in range(start) if r not in numbering]
    has_header = bool(header_rows) and (_has_header_words(grid, header_rows) or previous is not None and repeats_header(
        grid, header_rows, [c.key for c in previous.columns if c.role == "amount"]))
    if previous is not None and not has_header:
        start, header_rows = 0, []  # a continuation page: rows above the first amount are body rows too
    columns = _column_roles(grid, start, header_rows)
    if previous is not None and (inherit or not has_header):
        columns = _inherit(columns, grid, previous)
    else:
        _assign_segments(columns, table_key)
        amounts = [col for col in columns if col.role == "amount"]
        paths = [_header_path(grid, header_rows, col.index) for col in amounts]
        keys = resolve_columns(table_key, [(col.side, path) for col, path in zip(amounts, paths)])
        for col, key, path in zip(amounts, keys, paths):
            col.key, col.printed = key, tuple(path)
        for col in columns:
            if col.role == "label":  # a 单位名称 column beside the row's own name (Huzhou's 项目支出预算表)
                col.printed = tuple(_header_path(grid, header_rows, col.index))
        _distinct_keys(amounts, [_header_path(grid, header_rows, col.index) for col in amounts])
    accounted = {w for c in grid.cells if c.row in header_rows or c.row in numbering for w in c.words}
    rownos = {col.index for col in columns if col.role == "rowno"}
    # a 行次 printed on a row that holds nothing else (the empty lines of 01's shorter side) is no amount either
    accounted.update(w for c in grid.cells
                     if c.col in rownos and c.row >= start and _ROW_NUMBER.fullmatch(squeeze(c.text)) for w in c.words)
    rows = []
    body = [r for r in range(start, grid.n_rows) if r not in numbering]
    segments = sorted({c.segment for c in columns})
    # a list printed in side-by-side groups (06: 人员经费 | 公用经费): the rows are the left group's, then the
    # right's, not read across the page line by line (which interleaved 301, 302, 30101, 30201 …)
    if _spec_says(table_key, "grouped_list"):  # one group after the other, as printed: 301, 30101 … then 302, 30201 …
        order = [(r, seg) for seg in segments for r in body]
    else:  # line by line: a 收入 row beside its 支出 row
        order = [(r, seg) for r in body for seg in segments]
    above: dict[int, dict[int, str]] = {seg: {} for seg in segments}
    for r, seg in order:
        parsed = _read_row(grid, r, [c for c in columns if c.segment == seg], table_key, above[seg])
        if parsed:
            rows.append(parsed)
            accounted.update(w for c in parsed.values.values() for w in c.words)
            accounted.update(parsed.numbers)
    rows, transposed = _transposed(table_key, columns, rows)
    rows = apply_row_rules(table_key, rows)
    return PageTable(columns, rows, has_header, grid.col_edges, accounted, transposed)


def _transposed(table_key: str, columns: list[Column], rows: list[ParsedRow]) -> tuple[list[ParsedRow], list[str]]:
    """A table printed transposed (extract/transposed.py) read in its own orientation: each printed row is the
    column its name keys, each printed column a row named by its header as printed. Else the rows as read."""
    amounts = [c for c in columns if c.role == "amount"]
    if not amounts or not rows or any(r.code for r in rows) or len({r.side for r in rows}) > 1:
        return rows, []
    side = rows[0].side
    keys = transposed_keys(table_key, side, [r.row_label for r in rows], [c.key for c in amounts])
    if keys is None:
        return rows, []
    out = []
    for col in amounts:
        values = {key: row.values[col.key] for key, row in zip(keys, rows) if col.key in row.values}
        label = "/".join(clean_label(p) for p in col.printed if clean_label(p)) or col.key
        out.append(ParsedRow(side, "", label, values, rows[0].row, []))
    out[0].numbers = [w for r in rows for w in r.numbers]
    return out, keys


_GROUP_TOTALS = ("小计", "合计")


def _distinct_keys(amounts: list[Column], paths: list[list[str]]) -> None:
    """Two amount columns of one row segment never share a key (one's amounts would overwrite the
    other's): a column keyed like an earlier one by words under another group ("总计" then 本年收入's
    "小计"; 本年收入's and 上年结转结余's "一般公共预算") is keyed under that group: 本年收入/合计,
    上年结转结余/一般公共预算."""
    seen: set[tuple[int, str]] = set()
    grouped: set[tuple[int, str]] = set()
    named = []
    for col, path in zip(amounts, paths):
        # the group it is printed under (not a 预算单位：… or 单位：万元 line the grid put above the header)
        names = [n for n in (clean_label(p) for p in path) if n and not re.search(r"[:：]", n)]
        named.append(names)
        if (col.segment, col.key) in seen and len(names) > 1 and names[0] != col.key:
            col.key = f"{names[0]}/{col.key}"
            if names[-1] not in _GROUP_TOTALS:  # a part printed again: the group is a second set of them
                grouped.add((col.segment, names[0]))
        seen.add((col.segment, col.key))
    # a group whose parts repeat an earlier group's is keyed apart in all its parts, repeated or not
    # (Beijing's 上年结转结余 ends with 单位资金, which 本年收入 prints in its parts): all but its own total
    # (小计), the group's figure
    for col, names in zip(amounts, named):
        if (col.segment, names[0] if names else "") in grouped and len(names) > 1 and "/" not in col.key \
                and names[-1] not in _GROUP_TOTALS and names[0] != col.key:
            col.key = f"{names[0]}/{col.key}"


def _inherit(columns: list[Column], grid: Grid, previous: PageTable) -> list[Column]:
    """Each column takes the meaning of the header page's column under which its printed words
    stand (their centre), else of the one its boundaries overlap most: without rules a column's
    boundaries are only halfway marks, its words are where it is.

    The header page's roles come from its header, so they win over what this page's cells look like
    (an integer 行次 or 元 amount column looks like code parts)."""
    edges = grid.col_edges
    out = []
    for col in columns:
        words = [w for c in grid.cells if c.col == col.index and c.col_span == 1 for w in c.words]
        spans = [(previous.edges[p.index], previous.edges[p.index + 1], p) for p in previous.columns]
        best = None
        if words:
            centre = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
            best = next((p for a, b, p in spans if a <= centre < b), None)
        overlap = 1.0
        if best is None:
            a, b = edges[col.index], edges[col.index + 1]
            overlap, best = max(((min(b, hi) - max(a, lo), p) for lo, hi, p in spans), key=lambda t: t[0])
        role = best.role if overlap > 0 and best.role != "empty" else col.role
        out.append(Column(col.index, role, best.segment, best.side, best.key, best.printed))
    return out


def _read_row(grid: Grid, r: int, cols: list[Column], table_key: str,
              above: dict[int, str] | None = None) -> ParsedRow | None:
    """One body row; `above` keeps the code parts last printed in each 类/款/项 column of the segment."""
    parts, label_texts, values, numbers, label_cells = [], [], {}, [], []
    unit = ""
    printed: dict[int, str] = {}
    side = cols[0].side if cols else ""
    seen: set[int] = set()
    for col in cols:
        cell = grid.at(r, col.index)
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        text = squeeze(cell.text)
        if col.role == "rowno" and _ROW_NUMBER.fullmatch(text):
            numbers.extend(cell.words)
        elif col.role == "code" and _CODE_CELL.fullmatch(text) or col.role == "part" and _CODE_PART.fullmatch(text):
            parts.append(text)
            numbers.extend(cell.words)
            printed[col.index] = text
        elif col.role == "label" and text and _UNIT_COLUMN.fullmatch(squeeze("".join(col.printed))):
            unit = cell.text
            label_cells.append(cell)
        elif (
            col.role in ("rowno", "code", "part", "label")
            and text
            and not (col.role == "rowno" and HEADER_WORDS.match(text))
        ):
            label_texts.append(cell.text)
            label_cells.append(cell)
        elif col.role == "amount":
            if cell.row != r:
                continue  # a merged cell already read on its first row
            if HEADER_WORDS.match(text):
                continue
            values[col.key] = cell
    if above is not None and printed:
        parts = _ditto_parts(parts, printed, [c.index for c in cols if c.role in ("code", "part")], above)
    if unit and not label_texts:
        label_texts, unit = [unit], ""  # a row of the unit alone: its name, as any row's
    code, label = _code_and_label(parts, label_texts, table_key)
    if unit and label:  # a row printing its unit in a column of its own (单位名称 | 项目名称): the unit's row
        label = f"{clean_label(unit)}/{label}"
    if code and not parts:  # a code printed in the name's cell ("2080201 行政运行"): its digits are the code's
        numbers.extend(
            w for c in label_cells for w in c.words if _CODE_CELL.fullmatch(squeeze(w.text)) and squeeze(w.text) in code
        )
    if not code and not label and not any(squeeze(c.text) for c in values.values()):
        return None
    if not label and not code and _spec_says(table_key, "unnamed_total"):  # its one unnamed row is its 合计
        label = "合计"  # its single row is often printed without a name
    return ParsedRow(side, code, label, values, r, numbers)


def _ditto_parts(parts: list[str], printed: dict[int, str], columns: list[int], above: dict[int, str]) -> list[str]:
    """Split codes printing only a row's own part ("40" under 款 for 信访事务, below "201 一般公共服务支出"; Hunan)
    take the parts left blank before it from the rows above; a row whose parts are a code keeps them."""
    first = min(printed)
    if not join_code_parts(parts) and all(i in above for i in columns if i < first):
        parts = [above[i] for i in columns if i < first] + parts
    for i in columns:  # what this row prints, and nothing deeper, is now the context of the rows below
        if i >= first:
            if i in printed:
                above[i] = printed[i]
            else:
                above.pop(i, None)
    return parts


def _code_and_label(parts: list[str], label_texts: list[str], table_key: str) -> tuple[str, str]:
    """The row's code (printed over 类/款/项 columns, in one cell, or run into the name) and name."""
    code = join_code_parts(parts) if parts else ""
    label = clean_label(" ".join(label_texts)).rstrip("：:")  # "总计：" (Changchun) is 总计
    if not code:
        code, name = split_code_name(squeeze(" ".join(label_texts)))
        if code:
            label = clean_label(name)
    if HEADER_WORDS.match(label):
        label = ""  # "合计" sharing its row with the 类/款/项 header leaves those words in the name
    label = LABEL_SYNONYMS.get(label, label)
    label = _LEVELS_BEFORE_TOTAL.sub("", label)
    if not code and label:
        label = without_bare_ordinal(label)
        code = _code_for_name(table_key, label)
    return code, label


def _code_for_name(table_key: str, label: str) -> str:
    """Rows printed without a code: class names (01/04 支出 side) and economic names map to codes."""
    if (table := spec.get(table_key)) and table.codes == "economic":
        return economic_catalogue().code_for_name(label) or ""
    code = function_catalogue().code_for_name(label) or ""
    return code if len(code) == 3 else ""


_UNIT_COLUMN = re.compile(r"(?:单位|部门(?:（单位）)?)名称")  # the unit's name, beside the row's own
_STAGE_ROW = re.compile(r"^(?:\d{4}年度?)?(?:全年|年初|本年|年度)?(预算数|决算数)$")


def apply_row_rules(table_key: str, rows: list[ParsedRow]) -> list[ParsedRow]:
    """Readings that need a whole row: the 09 table printed stacked (a row 预算数 and a row 决算数
    under one header of the six items) keys each amount by the row's stage."""
    if not _spec_says(table_key, "stacked_stages"):
        return rows
    out = []
    for row in rows:
        m = _STAGE_ROW.match(row.row_label)
        if m:
            stage = m.group(1)
            values = {
                f"{stage}/{key.split('/', 1)[1]}" if "/" in key else key: cell for key, cell in row.values.items()
            }
            row = ParsedRow(row.side, row.code, "合计", values, row.row, row.numbers)
        out.append(row)
    return out
