"""Give a grid its meaning: header rows, column roles, sides, codes, labels and amounts.

The same code reads lattice and stream grids, from the text layer or from OCR: only the way a
cell's text is turned into a number differs (strict for text, with named repairs for OCR).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Grid, GridCell
from ..normalize.amounts import AmountError, parse_amount
from ..normalize.codes import economic_catalogue, function_catalogue, join_code_parts, split_code_name
from ..normalize.text import clean_label, squeeze
from .columns import resolve_column

TWO_SIDED = {"income_expenditure_summary": ("收入", "支出"), "fiscal_appropriation_summary": ("收入", "支出")}
ECONOMIC_TABLES = {"general_budget_basic_expenditure"}
HEADER_WORDS = re.compile(r"^(?:类|款|项|科目编码|科目名称|项目|功能分类科目编码|经济分类科目编码|栏次|行次|编码|名称)$")
LABEL_SYNONYMS = {"收入总计": "总计", "支出总计": "总计", "总计": "总计"}


@dataclass
class Column:
    """What one grid column holds; amount columns carry their side and standard key."""

    index: int
    role: str  # code / part / label / amount / empty
    segment: int = 0
    side: str = ""
    key: str = ""


@dataclass
class ParsedRow:
    side: str
    code: str
    row_label: str
    values: dict[str, GridCell]  # column_key → cell holding the printed amount
    row: int


@dataclass
class PageTable:
    """One page's part of a table, read."""

    columns: list[Column]
    rows: list[ParsedRow]
    has_header: bool
    edges: list[float]  # the grid's column boundaries, to align a following page's columns


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
    if _is_amount_text(s):
        return "amount"
    if s in ("-", "—", "－", "——", "--"):
        return "dash"
    return "label"


def _body_start(grid: Grid) -> int:
    """The first row holding an amount, skipping a 栏次 numbering row."""
    for r in range(grid.n_rows):
        cells = grid.row_cells(r)
        texts = [squeeze(c.text) for c in cells]
        if any(t in ("栏次", "行次") for t in texts):
            continue
        if any(_cell_kind(c.text) == "amount" and c.col_span == 1 for c in cells):
            return r
    return grid.n_rows


def _column_roles(grid: Grid, start: int) -> list[Column]:
    counts = [dict(code=0, part=0, label=0, amount=0, dash=0) for _ in range(grid.n_cols)]
    for c in grid.cells:
        if c.row < start or c.col_span > 1:
            continue
        kind = _cell_kind(c.text)
        if kind == "label" and split_code_name(squeeze(c.text))[0] and len(squeeze(c.text)) > 7:
            kind = "code"  # "2080201行政运行" in one cell
        if kind != "empty":
            counts[c.col][kind] += 1
    header_text = [" ".join(squeeze(c.text) for c in grid.cells if c.row < start and c.col <= j < c.col + c.col_span) for j in range(grid.n_cols)]
    columns = []
    for j, n in enumerate(counts):
        role = "empty"
        total = sum(n.values())
        if total:
            best = max(("amount", "code", "part", "label"), key=lambda k: (n[k] + (n["dash"] if k == "amount" else 0), k == "amount"))
            role = best
            if role == "label" and n["code"] >= n["label"] / 3 and n["code"] > 0:
                role = "code"  # names run together with codes in one column
        else:
            h = header_text[j].split()
            if any(re.fullmatch(r"类|款|项|.*编码", t) for t in h):
                role = "part"
            elif any(re.fullmatch(r".*名称|项目|科目", t) for t in h):
                role = "label"
            elif h:
                role = "amount"
        columns.append(Column(j, role))
    return columns


def _assign_segments(columns: list[Column], table_key: str) -> None:
    """Split side-by-side halves: a label or code column after an amount column starts a new half."""
    seg, seen_amount = 0, False
    for col in columns:
        if col.role in ("code", "part", "label") and seen_amount:
            seg, seen_amount = seg + 1, False
        if col.role == "amount":
            seen_amount = True
        col.segment = seg
    sides = TWO_SIDED.get(table_key)
    for col in columns:
        col.side = sides[min(col.segment, 1)] if sides else ""


_HEADER_CELL = re.compile(
    r"项目|科目|.*名称|.*编码|类|款|项|栏次|行次|.*决算数|.*预算数|金额|收入|支出|本年支出|本年收入|小计|合计|"
    r"基本支出|项目支出|.*经费|.*财政拨款|.*结转和结余"
)


def _has_header_words(grid: Grid, start: int) -> bool:
    """Rows above the first amount are a header when some cell is a header word, not a row name."""
    cells = [squeeze(c.text) for c in grid.cells if c.row < start and squeeze(c.text)]
    return any(_HEADER_CELL.fullmatch(t) and not re.match(r"^[一二三四五六七八九十]+、", t) for t in cells)


def _header_path(grid: Grid, start: int, col: int) -> list[str]:
    path = []
    for r in range(start):
        c = grid.at(r, col)
        if c is not None and c.row == r and squeeze(c.text):
            path.append(c.text)
    return path


def read_grid(grid: Grid, table_key: str, previous: PageTable | None = None) -> PageTable:
    """Read one page's grid; `previous` is the same table's last page, whose columns a page
    continuing without a header inherits (matched by position, as columns may differ in number)."""
    start = _body_start(grid)
    has_header = start > 0 and _has_header_words(grid, start)
    if previous is not None and not has_header:
        start = 0  # a continuation page: rows above the first amount are body rows too
    columns = _column_roles(grid, start)
    if not has_header and previous is not None:
        columns = _inherit(columns, grid.col_edges, previous)
    else:
        _assign_segments(columns, table_key)
        for col in columns:
            if col.role == "amount":
                col.key = resolve_column(table_key, col.side, _header_path(grid, start, col.index))
    rows = []
    for r in range(start, grid.n_rows):
        for seg in sorted({c.segment for c in columns}):
            parsed = _read_row(grid, r, [c for c in columns if c.segment == seg], table_key)
            if parsed:
                rows.append(parsed)
    return PageTable(columns, rows, has_header, grid.col_edges)


def _inherit(columns: list[Column], edges: list[float], previous: PageTable) -> list[Column]:
    """Each column takes the meaning of the previous page's column it overlaps most."""
    out = []
    for col in columns:
        a, b = edges[col.index], edges[col.index + 1]
        best = max(previous.columns, key=lambda p: min(b, previous.edges[p.index + 1]) - max(a, previous.edges[p.index]))
        role = col.role if col.role != "empty" else best.role
        out.append(Column(col.index, role, best.segment, best.side, best.key))
    return out


def _read_row(grid: Grid, r: int, cols: list[Column], table_key: str) -> ParsedRow | None:
    parts, label_texts, values = [], [], {}
    side = cols[0].side if cols else ""
    seen: set[int] = set()
    for col in cols:
        cell = grid.at(r, col.index)
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        text = squeeze(cell.text)
        if col.role in ("code", "part"):
            if re.fullmatch(r"\d{2,7}", text):
                parts.append(text)
            elif text:
                label_texts.append(cell.text)
        elif col.role == "label":
            if text:
                label_texts.append(cell.text)
        elif col.role == "amount":
            if cell.row != r:
                continue  # a merged cell already read on its first row
            if HEADER_WORDS.match(text):
                continue
            values[col.key] = cell
    code, label = _code_and_label(parts, label_texts, table_key)
    if not code and not label and not any(squeeze(c.text) for c in values.values()):
        return None
    if not label and not code and table_key == "three_public":
        label = "合计"  # its single row is often printed without a name
    return ParsedRow(side, code, label, values, r)


def _code_and_label(parts: list[str], label_texts: list[str], table_key: str) -> tuple[str, str]:
    """The row's code (printed over 类/款/项 columns, in one cell, or run into the name) and name."""
    code = join_code_parts(parts) if parts else ""
    label = clean_label(" ".join(label_texts))
    if not code:
        code, name = split_code_name(squeeze(" ".join(label_texts)))
        if code:
            label = clean_label(name)
    if HEADER_WORDS.match(label):
        label = ""  # "合计" sharing its row with the 类/款/项 header leaves those words in the name
    label = LABEL_SYNONYMS.get(label, label)
    label = re.sub(r"^(?:类|款|项)+(?=合计)", "", label)
    if not code and label:
        code = _code_for_name(table_key, label)
    return code, label


def _code_for_name(table_key: str, label: str) -> str:
    """Rows printed without a code: class names (01/04 支出 side) and economic names map to codes."""
    if table_key in ECONOMIC_TABLES:
        return economic_catalogue().code_for_name(label) or ""
    code = function_catalogue().code_for_name(label) or ""
    return code if len(code) == 3 else ""
