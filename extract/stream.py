"""Borderless and three-line tables: columns from the gaps between words, rows from text lines."""
from __future__ import annotations

import regex as re

from ..model import Grid, GridCell, Word
from ..normalize.amounts import AmountError, is_empty_mark, parse_amount
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

    A line with no amount (a wrapped name) or with amounts but no label (a value printed a little
    above or below its label) joins the nearest line in y that has both.
    """
    kinds = []
    for line in rows:
        has_amount = any(_is_amount(w.text) for w in line)
        has_label = any(not _is_amount(w.text) for w in line)
        kinds.append("full" if has_amount and has_label else "amount" if has_amount else "label")
    anchors = [i for i, k in enumerate(kinds) if k == "full"]
    if not anchors:
        return rows
    merged: dict[int, list[Word]] = {i: list(rows[i]) for i in anchors}
    for i, k in enumerate(kinds):
        if k == "full":
            continue
        yc = sum(w.yc for w in rows[i]) / len(rows[i])
        target = min(anchors, key=lambda a: abs(sum(w.yc for w in rows[a]) / len(rows[a]) - yc))
        merged[target].extend(rows[i])
    return [merged[i] for i in anchors]


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
    edges = [cols[0][0]] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [cols[-1][1]]

    def col_of(x: float) -> int:
        return min(range(len(cols)), key=lambda j: 0 if cols[j][0] <= x <= cols[j][1] else min(abs(x - cols[j][0]), abs(x - cols[j][1])))

    cells: list[GridCell] = []
    # Header: each phrase covers the columns it overlaps; an upper phrase also covers the columns
    # between it and its neighbours that have sub-headers below it (a merged group header).
    phrase_rows = [_phrases(line) for line in header_lines]
    covered_below: list[set[int]] = []
    for k in range(len(phrase_rows)):
        below = set()
        for phrases in phrase_rows[k + 1:]:
            for ph in phrases:
                below.update(j for j in range(len(cols)) if ph[0].x0 <= cols[j][1] and ph[-1].x1 >= cols[j][0])
        covered_below.append(below)
    for r, phrases in enumerate(phrase_rows):
        spans = []
        for ph in phrases:
            own = [j for j in range(len(cols)) if ph[0].x0 <= cols[j][1] + 1 and ph[-1].x1 >= cols[j][0] - 1]
            if not own:
                own = [col_of((ph[0].x0 + ph[-1].x1) / 2)]
            spans.append(own)
        taken = {j for own in spans for j in own}
        for idx, (ph, own) in enumerate(zip(phrases, spans)):
            lo, hi = min(own), max(own)
            left_limit = max(spans[idx - 1]) + 1 if idx > 0 else 0
            right_limit = min(spans[idx + 1]) - 1 if idx + 1 < len(spans) else len(cols) - 1
            while lo - 1 >= left_limit and lo - 1 not in taken and lo - 1 in covered_below[r]:
                lo -= 1
            while hi + 1 <= right_limit and hi + 1 not in taken and hi + 1 in covered_below[r]:
                hi += 1
            cells.append(GridCell(join_words(ph), r, lo, 1, hi - lo + 1, bbox_of(ph), mean_conf(ph)))
    offset = len(header_lines)
    for i, line in enumerate(body_lines):
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(col_of(w.xc), []).append(w)
        for j, ws in by_col.items():
            cells.append(GridCell(join_words(ws), offset + i, j, 1, 1, bbox_of(ws), mean_conf(ws)))
    return Grid(page, offset + len(body_lines), len(cols), cells, edges, "stream")
