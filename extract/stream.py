"""Borderless and three-line tables: columns from the gaps between words, rows from text lines."""
from __future__ import annotations

import regex as re

from ..model import Grid, GridCell, Word
from ..normalize.amounts import AmountError, is_empty_mark, parse_amount
from ..normalize.text import clean_label
from .cell_text import bbox_of, join_words, mean_conf
from .lines import group_lines

COLUMN_GAP = 3.0  # points of white space that separate two columns
_CODE_TOKEN = re.compile(r"^\d{2,7}$")


def _is_amount(text: str) -> bool:
    if _CODE_TOKEN.match(text) and len(text) in (2, 3, 5, 7):
        return False  # a classification code (or a part of one), not an amount
    try:
        return parse_amount(text) is not None or is_empty_mark(text) and text.strip() != ""
    except AmountError:
        return False


def _is_body_line(line: list[Word]) -> bool:
    return any(_is_amount(w.text) for w in line) or bool(_CODE_TOKEN.match(line[0].text))


def _attach(rows: list[list[Word]]) -> list[list[Word]]:
    """Merge lines that are parts of one printed row.

    A line of amounts with no label (a value printed a little above or below its label) joins the
    nearest line that has both. A line with only a label joins its nearest such line when it sits
    closer than a row pitch (a wrapped name); farther away it is a row of its own (an empty row).
    """
    def centre(line: list[Word]) -> float:
        return sum(w.yc for w in line) / len(line)

    kinds = []
    for line in rows:
        has_amount = any(_is_amount(w.text) for w in line)
        has_label = any(not _is_amount(w.text) for w in line)
        kinds.append("full" if has_amount and has_label else "amount" if has_amount else "label")
    anchors = [i for i, k in enumerate(kinds) if k == "full"]
    if not anchors:
        return rows
    gaps = sorted(centre(rows[b]) - centre(rows[a]) for a, b in zip(anchors, anchors[1:]))
    pitch = gaps[len(gaps) // 2] if gaps else float("inf")
    merged: dict[int, list[Word]] = {i: list(rows[i]) for i in anchors}
    for i, k in enumerate(kinds):
        if k == "full":
            continue
        target = min(anchors, key=lambda a: abs(centre(rows[a]) - centre(rows[i])))
        if k == "amount" or abs(centre(rows[target]) - centre(rows[i])) < 0.75 * pitch:
            merged[target].extend(rows[i])
        else:
            merged[i] = list(rows[i])
    return [merged[i] for i in sorted(merged)]


def _columns(words: list[Word]) -> list[tuple[float, float]]:
    spans = sorted((w.x0, w.x1) for w in words)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] + COLUMN_GAP:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def _phrases(line: list[Word]) -> list[list[Word]]:
    """Header words on one line joined into phrases (letter-spaced headers become one phrase)."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 <= 1.0 * (w.bottom - w.top):
            out[-1].append(w)
        else:
            out.append([w])
    return out


_STAGE = re.compile(r"预算数|决算数")
_GROUP_CHILDREN = {
    "本年支出": {"小计", "合计", "基本支出", "项目支出"},
    "本年收入": {"小计", "合计"},
    "公务用车购置及运行费": {"小计", "公务用车购置费", "公务用车运行费", "公务用车运行维护费", "购置费", "运行费", "运行维护费"},
}
_GROUP_CHILDREN["公务用车购置及运行维护费"] = _GROUP_CHILDREN["公务用车购置及运行费"]


def _header_cells(header_lines: list[list[Word]], cols: list[tuple[float, float]], col_of) -> list[GridCell]:
    """Header cells of a borderless table.

    Without rules, a merged group header ("本年支出" over 小计/基本支出/项目支出, "预算数" over six
    columns) overlaps only part of its columns, so groups are recognised by name and spread over
    their known children; every other header word belongs to the column under it, its wrapped
    lines joined into one name (vertical headers too).
    """
    phrase_rows = [_phrases(line) for line in header_lines]
    groups: list[tuple[int, list[Word], str]] = []
    leaf: dict[int, list[Word]] = {}
    for r, phrases in enumerate(phrase_rows):
        for ph in phrases:
            text = clean_label(join_words(ph))
            if r < len(phrase_rows) - 1 and (_STAGE.fullmatch(text) or text in _GROUP_CHILDREN):
                groups.append((r, ph, text))
            else:
                for w in ph:
                    leaf.setdefault(col_of(w.xc), []).append(w)
    leaf_text = {j: clean_label(join_words(ws)) for j, ws in leaf.items()}
    n_rows = len(phrase_rows)
    cells = [GridCell(join_words(ws), n_rows - 1, j, 1, 1, bbox_of(ws), mean_conf(ws)) for j, ws in sorted(leaf.items())]
    stages = [(r, ph) for r, ph, text in groups if _STAGE.fullmatch(text)]
    for r, ph, text in groups:
        centre = (ph[0].x0 + ph[-1].x1) / 2
        if _STAGE.fullmatch(text):
            same_line = [(p[0].x0 + p[-1].x1) / 2 for rr, p in stages if rr == r]
            span = [j for j in range(len(cols)) if _is_value_column(leaf_text.get(j, ""))
                    and min(same_line, key=lambda c: abs(c - sum(cols[j]) / 2)) == centre]
        else:
            own = col_of(centre)
            span = [own]
            children = _GROUP_CHILDREN[text]
            for step in (-1, 1):
                j = own + step
                while 0 <= j < len(cols) and leaf_text.get(j, "") in children:
                    span.append(j)
                    j += step
        if span:
            lo, hi = min(span), max(span)
            cells.append(GridCell(join_words(ph), r, lo, 1, hi - lo + 1, bbox_of(ph), mean_conf(ph)))
    return cells


def _is_value_column(header: str) -> bool:
    return not re.search(r"项目|科目|编码|名称|^类$|^款$|^项$", header)


def build_stream(page: int, words: list[Word]) -> Grid | None:
    lines = group_lines(words)
    first_body = next((i for i, line in enumerate(lines) if _is_body_line(line)), None)
    if first_body is None:
        return None
    header_lines, body_lines = lines[:first_body], _attach(lines[first_body:])
    body_words = [w for line in body_lines for w in line]
    cols = _columns(body_words)
    if len(cols) < 2:
        return None
    # Columns printed empty all the way down are known only from their header words.
    extra = [w for line in header_lines for w in line
             if not any(w.x0 <= b + 1 and w.x1 >= a - 1 for a, b in cols)]
    if extra:
        cols = _columns(body_words + extra)
    edges = [cols[0][0]] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [cols[-1][1]]

    def col_of(x: float) -> int:
        return min(range(len(cols)), key=lambda j: 0 if cols[j][0] <= x <= cols[j][1] else min(abs(x - cols[j][0]), abs(x - cols[j][1])))

    cells = _header_cells(header_lines, cols, col_of)
    offset = len(header_lines)
    for i, line in enumerate(body_lines):
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(col_of(w.xc), []).append(w)
        for j, ws in by_col.items():
            cells.append(GridCell(join_words(ws), offset + i, j, 1, 1, bbox_of(ws), mean_conf(ws)))
    return Grid(page, offset + len(body_lines), len(cols), cells, edges, "stream")
