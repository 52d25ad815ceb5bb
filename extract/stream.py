"""Borderless and three-line tables: columns from the gaps between words, rows from text lines."""
from __future__ import annotations

import regex as re

from ..model import Grid, GridCell, Word
from ..normalize.amounts import AmountError, is_empty_mark, parse_amount
from ..normalize.text import clean_label
from .cell_text import bbox_of, join_words, weakest_conf
from .lines import group_lines, is_numbering

COLUMN_GAP = 1.0  # points of white space that separate two columns
_CODE_TOKEN = re.compile(r"^\d{2,7}$")
_MISREAD_AMOUNT = re.compile(r"^-?\d[\d,.]*[,.][\d,.]*\d$")


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
        # a misread amount ("41,461,41", OCR) still marks its line as a row of figures
        figures = [_is_amount(w.text) or bool(_MISREAD_AMOUNT.match(w.text)) for w in line]
        has_amount, has_label = any(figures), not all(figures)
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


def _project(words: list[Word]) -> list[tuple[float, float]]:
    spans = sorted((w.x0, w.x1) for w in words)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] + COLUMN_GAP:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def _columns(words: list[Word]) -> list[tuple[float, float]]:
    """Amount columns from the amounts alone, text columns from the rest, cut where they meet.

    A long name in one row can reach under the next column; projecting amounts and text apart
    keeps it from fusing its neighbours into one column.
    """
    amounts = [w for w in words if _is_amount(w.text)]
    numeric = _project(amounts)
    cols = list(numeric)
    for a, b in _project([w for w in words if not _is_amount(w.text)]):
        pieces = [(a, b)]
        for na, nb in numeric:
            pieces = [q for pa, pb in pieces for q in ((pa, min(pb, na - 0.5)), (max(pa, nb + 0.5), pb)) if q[1] - q[0] > 1]
        cols.extend(pieces)
    return sorted(cols)


def _overlaps(a: tuple[float, float], b: tuple[float, float], margin: float = 1.0) -> bool:
    return a[0] <= b[1] + margin and a[1] >= b[0] - margin


def _join_fragments(cols, phrases, height: float):
    """Narrow columns under one header phrase are one column: centred small numbers of different
    widths (行次 1, 2 … 10) leave their spans staggered, not apart."""
    out: list[tuple[float, float]] = []
    for c in cols:
        if out and c[1] - c[0] < 1.5 * height and out[-1][1] - out[-1][0] < 1.5 * height and c[0] - out[-1][1] < height / 2 \
                and any(_overlaps(p, c, 0) and _overlaps(p, out[-1], 0) for p in phrases):
            out[-1] = (out[-1][0], c[1])
        else:
            out.append(c)
    return out


def _columns_with_header(cols: list[tuple[float, float]], body_words: list[Word], header_lines: list[list[Word]]) -> list[tuple[float, float]]:
    """Add the columns that only the header shows.

    A header phrase over no body column is either the centred title of a column whose amounts are
    right-aligned clear of it (a body column with no header over it, paired by nearest centre), or
    the header of a column printed empty all the way down (a column of its own).
    """
    by_line = [[(ph[0].x0, ph[-1].x1) for ph in _phrases(line) if not _is_group_name(clean_label(join_words(ph)))
                and clean_label(join_words(ph)) not in ("收入", "支出")] for line in header_lines]
    phrases = [p for line in by_line for p in line]
    cols = _join_fragments(cols, phrases, max((w.bottom - w.top for w in body_words), default=0.0))

    tops = [min(w.top for w in line) for line in header_lines]
    height = max((w.bottom - w.top for line in header_lines for w in line), default=0.0)

    def wrapped(p, i: int) -> bool:  # the last line of a name wrapped in its header cell ("…财政" over "拨款")
        return any(0 < tops[i] - tops[k] <= 2.5 * height and q[0] - 1 <= p[0] and p[1] <= q[1] + 1
                   for k in range(i) for q in by_line[k])

    free = [p for i, line in enumerate(by_line) for p in line if not any(_overlaps(p, c) for c in cols) and not wrapped(p, i)]
    if not free:
        return cols
    headless = [c for c in cols if not any(_overlaps(p, c) for p in phrases)]
    def between(p, c) -> bool:  # another column lies between the phrase and the column
        lo, hi = min(p[1], c[1]), max(p[0], c[0])
        return any(o != c and o[0] >= lo and o[1] <= hi for o in cols)

    pairs = sorted(((abs(sum(p) - sum(c)) / 2, p, c) for p in free for c in headless
                    if not between(p, c) and abs(sum(p) - sum(c)) / 2 <= (p[1] - p[0] + c[1] - c[0]) / 2 + 12),
                   key=lambda t: t[0])
    used_p, used_c, grown = set(), set(), {}
    for _, p, c in pairs:
        if p in used_p or c in used_c:
            continue
        used_p.add(p)
        used_c.add(c)
        grown[c] = (min(p[0], c[0]), max(p[1], c[1]))
    spans = [grown.get(c, c) for c in cols] + [p for p in free if p not in used_p]
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + COLUMN_GAP:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _phrases(line: list[Word]) -> list[list[Word]]:
    """Header words on one line joined into phrases: letter-spaced headers ("合 计") become one
    phrase; two names side by side stay apart however close their columns are."""
    out: list[list[Word]] = []
    for w in line:
        spaced = len(w.text) == 1 or len(out[-1][-1].text) == 1 if out else False
        if out and spaced and w.x0 - out[-1][-1].x1 <= 1.0 * (w.bottom - w.top):
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
            if text in ("收入", "支出") and r < len(phrase_rows) - 1:
                continue  # the sides of a two-sided table: its halves are found from the columns
            if r < len(phrase_rows) - 1 and (_STAGE.fullmatch(text) or text in _GROUP_CHILDREN):
                groups.append((r, ph, text))
            else:
                for w in ph:
                    leaf.setdefault(col_of(w.xc), []).append(w)
    leaf_text = {j: clean_label(join_words(ws)) for j, ws in leaf.items()}
    n_rows = len(phrase_rows)
    cells = [GridCell(join_words(ws), n_rows - 1, j, 1, 1, bbox_of(ws), weakest_conf(ws), tuple(ws)) for j, ws in sorted(leaf.items())]
    stages = [(r, ph) for r, ph, text in groups if _STAGE.fullmatch(text)]
    for r, ph, text in groups:
        centre = (ph[0].x0 + ph[-1].x1) / 2
        if _STAGE.fullmatch(text):
            same_line = [(p[0].x0 + p[-1].x1) / 2 for rr, p in stages if rr == r]
            span = [j for j in range(len(cols)) if _is_value_column(leaf_text.get(j, ""))
                    and min(same_line, key=lambda c: abs(c - sum(cols[j]) / 2)) == centre]
        else:
            own = col_of(centre)
            children = _GROUP_CHILDREN[text]
            if leaf_text.get(own, "") not in children:
                leaf.setdefault(own, []).extend(ph)  # a single column's name spanning header rows
                cells.append(GridCell(join_words(ph), r, own, 1, 1, bbox_of(ph), weakest_conf(ph), tuple(ph)))
                continue
            span = [own]
            for step in (-1, 1):
                j = own + step
                while 0 <= j < len(cols) and leaf_text.get(j, "") in children:
                    span.append(j)
                    j += step
        if span:
            lo, hi = min(span), max(span)
            cells.append(GridCell(join_words(ph), r, lo, 1, hi - lo + 1, bbox_of(ph), weakest_conf(ph), tuple(ph)))
    return cells


def _is_group_name(text: str) -> bool:
    """Names that head a group of columns rather than one column (本年收入 is usually a column)."""
    return bool(_STAGE.fullmatch(text)) or (text in _GROUP_CHILDREN and text != "本年收入")


def _is_value_column(header: str) -> bool:
    return not re.search(r"项目|科目|编码|名称|^类$|^款$|^项$", header)


def build_stream(page: int, words: list[Word]) -> Grid | None:
    lines = group_lines(words)
    numbering = [line for line in lines if is_numbering([w.text for w in line])]
    first_body = next((i for i, line in enumerate(lines) if _is_body_line(line) and line not in numbering), None)
    if first_body is None:
        return None
    header_lines = [line for line in lines[:first_body] if line not in numbering]
    numbering = [line for line in lines[:first_body] if line in numbering]  # a 栏次 row: under the header, not in it
    rows = _attach(lines[first_body:])
    body_lines = numbering + rows
    body_words = [w for line in rows for w in line]
    cols = _columns(body_words)
    if len(cols) < 2:
        return None
    cols = _columns_with_header(cols, body_words, header_lines)
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
            cells.append(GridCell(join_words(ws), offset + i, j, 1, 1, bbox_of(ws), weakest_conf(ws), tuple(ws)))
    return Grid(page, offset + len(body_lines), len(cols), cells, edges, "stream")
