"""Borderless and three-line tables: columns from the gaps between words, rows from text lines."""
from __future__ import annotations

import regex as re

from juesuan.extract.cell_text import bbox_of, join_words, weakest_conf
from juesuan.extract.lines import group_lines, is_numbering
from juesuan.model import Grid, GridCell, Word
from juesuan.normalize.amounts import AmountError, is_empty_mark, parse_amount
from juesuan.normalize.text import clean_label, has_ordinal

COLUMN_GAP = 1.0  # points of white space that separate two columns
_CODE_TOKEN = re.compile(r"^\d{2,7}$")
_CODE_PART = re.compile(r"\d{2}")  # the 款 or 项 digits of a split code
_MISREAD_AMOUNT = re.compile(r"^-?\d[\d,.]*[,.][\d,.]*\d$")
_CLASS_CODE = re.compile(r"^(?:[235]\d{2}(?:\d{2})?|2\d{6}|\d{2})$")  # function codes begin 2, economic 3 or 5 (no 项)


def _is_amount(text: str) -> bool:
    """A number or an empty mark ("-", "—")."""
    try:
        return parse_amount(text) is not None or is_empty_mark(text) and text.strip() != ""
    except AmountError:
        return False


def _amount_flags(line: list[Word]) -> list[bool]:
    """Which words of a printed line are amounts. A bare integer of 2, 3, 5 or 7 digits is a code
    (or a 类|款|项 part) where it leads the line or a name follows it ("2080505 机关…", "301 01 基本工资");
    elsewhere, in a table of whole 元, it is an amount ("42590")."""
    flags = []
    for i, w in enumerate(line):
        if _CODE_TOKEN.match(w.text) and len(w.text) in (2, 3, 5, 7):
            j = i + 1
            while j < len(line) and _CODE_PART.fullmatch(line[j].text):
                j += 1  # the 款 and 项 parts of a split code
            named = (
                i == 0 and len(line) > 1 or j < len(line) and not _is_amount(line[j].text)
            )  # leading a row, or before its name
            flags.append(not (named and _CLASS_CODE.match(w.text)))
        else:
            flags.append(_is_amount(w.text))
    return flags


def _amount_words(lines: list[list[Word]]) -> set[Word]:
    return {w for line in lines for w, flag in zip(line, _amount_flags(line)) if flag}


def _is_body_line(line: list[Word]) -> bool:
    return any(_amount_flags(line)) or bool(_CODE_TOKEN.match(line[0].text))


def _attach(rows: list[list[Word]]) -> list[list[Word]]:
    """Merge lines that are parts of one printed row.

    A line of amounts with no label a little above or below a line that has both (a value printed
    lifted) joins it. Farther away it is a row of its own whose name wrapped onto lines above and
    below it (two-sided tables wrap one side's names only). A line with only a label joins its
    nearest row when it sits closer than a row pitch (a wrapped name); farther away it is a row of
    its own (an empty row).
    """
    def centre(line: list[Word]) -> float:
        return sum(w.yc for w in line) / len(line)

    kinds = _line_kinds(rows)
    full = [i for i, k in enumerate(kinds) if k == "full"]
    if "amount" not in kinds and not full:
        return rows
    height = sorted(w.bottom - w.top for line in rows for w in line)[sum(map(len, rows)) // 2]
    merged: dict[int, list[Word]] = {i: list(rows[i]) for i in full}
    for i, k in enumerate(kinds):
        if k == "amount":
            near = min(full, key=lambda a: abs(centre(rows[a]) - centre(rows[i])), default=None)
            if near is not None and abs(centre(rows[near]) - centre(rows[i])) < 0.6 * height:
                merged[near].extend(rows[i])
            else:
                merged[i] = list(rows[i])
    anchors = sorted(merged)
    gaps = sorted(centre(rows[b]) - centre(rows[a]) for a, b in zip(anchors, anchors[1:]))
    pitch = gaps[len(gaps) // 4] if gaps else float("inf")  # the usual row pitch: empty rows only widen gaps
    for i, k in enumerate(kinds):
        if k != "label":
            continue
        target = min(anchors, key=lambda a: abs(centre(rows[a]) - centre(rows[i])))
        if abs(centre(rows[target]) - centre(rows[i])) < 0.75 * pitch:
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


def _split_bridged(span: tuple[float, float], words: list[Word]) -> list[tuple[float, float]]:
    """Cut a text column where only one word bridges two well-filled columns: a 合计 name centred
    over the code and name columns, or one long name, must not fuse them."""
    a, b = span
    inside = [w for w in words if a <= w.x0 and w.x1 <= b]
    if len(inside) < 6:
        return [span]
    events = sorted([(w.x0, 1) for w in inside] + [(w.x1, -1) for w in inside])
    runs, depth, x_prev = [], 0, a  # (start, end, coverage) of every stretch between word edges
    for x, step in events:
        if x > x_prev:
            runs.append((x_prev, x, depth))
        depth, x_prev = depth + step, x
    cuts = []
    for i, (s0, s1, depth) in enumerate(runs):
        if depth <= 1 and s1 - s0 >= 2.0:
            left = max((d for _, _, d in runs[:i]), default=0)
            right = max((d for _, _, d in runs[i + 1:]), default=0)
            if left >= 3 and right >= 3:
                cuts.append((s0, s1))
    if not cuts:
        return [span]
    out, start = [], a
    for s0, s1 in cuts:
        out.append((start, s0))
        start = s1
    out.append((start, b))
    return [(lo, hi) for lo, hi in out if hi - lo > 1]


def _columns(words: list[Word], figures: set[Word]) -> list[tuple[float, float]]:
    """Amount columns from the amounts alone, text columns from the rest, cut where they meet.

    A long name in one row can reach under the next column; projecting amounts and text apart
    keeps it from fusing its neighbours into one column.
    """
    amounts = [w for w in words if w in figures]
    numeric = _project(amounts)
    cols = list(numeric)
    texts = [w for w in words if w not in figures]
    for a, b in (piece for span in _project(texts) for piece in _split_bridged(span, texts)):
        pieces = [(a, b)]
        for na, nb in numeric:
            pieces = [
                q for pa, pb in pieces for q in ((pa, min(pb, na - 0.5)), (max(pa, nb + 0.5), pb)) if q[1] - q[0] > 1
            ]
        cols.extend(pieces)
    return sorted(cols)


def _overlaps(a: tuple[float, float], b: tuple[float, float], margin: float = 1.0) -> bool:
    return a[0] <= b[1] + margin and a[1] >= b[0] - margin


def _join_fragments(cols, phrases, height: float):
    """Narrow columns under one header phrase are one column: centred small numbers of different
    widths (行次 1, 2 … 10) leave their spans staggered, not apart."""
    out: list[tuple[float, float]] = []
    for c in cols:
        if (
            out
            and c[1] - c[0] < 1.5 * height
            and out[-1][1] - out[-1][0] < 1.5 * height
            and c[0] - out[-1][1] < height / 2
            and any(_overlaps(p, c, 0) and _overlaps(p, out[-1], 0) for p in phrases)
        ):
            out[-1] = (out[-1][0], c[1])
        else:
            out.append(c)
    return out


def _columns_with_header(
    cols: list[tuple[float, float]], body_words: list[Word], header_lines: list[list[Word]]
) -> list[tuple[float, float]]:
    """Add the columns that only the header shows.

    A header phrase over no body column is either the centred title of a column whose amounts are
    right-aligned clear of it (a body column with no header over it, paired by nearest centre), or
    the header of a column printed empty all the way down (a column of its own).
    """
    named = [(i, (ph[0].x0, ph[-1].x1), clean_label(join_words(ph))) for i, line in enumerate(header_lines)
             for ph in _phrases(line) if clean_label(join_words(ph)) not in ("收入", "支出")]
    height = max((w.bottom - w.top for line in header_lines for w in line), default=0.0)

    def heads_others(i: int, p, text: str) -> bool:
        """A name with names under it heads a group (or wraps onto them); a known group name, or a
        stage (预算数 over six columns) above the header's last two lines, always heads one."""
        if text in _GROUP_CHILDREN and text != "本年收入" or _STAGE.fullmatch(text) and i < len(header_lines) - 2:
            return True
        below = [(k, (q[0] + q[1]) / 2, t) for k, q, t in named if k > i]
        mids = [(a + b) / 2 for (k, a, s), (m, b, t) in zip(below, below[1:])  # centred over its 预算数 | 决算数
                if k == m and (s, t) == ("预算数", "决算数")]
        return any(p[0] - height <= x <= p[1] + height for x in [c for _, c, _ in below] + mids)

    phrases = [p for i, p, text in named if not heads_others(i, p, text)]  # only the lowest names can be columns
    cols = _join_fragments(cols, phrases, max((w.bottom - w.top for w in body_words), default=0.0))
    free = [p for p in phrases if not any(_overlaps(p, c) for c in cols)]
    if not free:
        return cols
    headless = [c for c in cols if not any(_overlaps(p, c) for p in phrases)]
    def between(p, c) -> bool:  # another column lies between the phrase and the column
        lo, hi = min(p[1], c[1]), max(p[0], c[0])
        return any(o != c and o[0] >= lo and o[1] <= hi for o in cols)

    centres = sorted(sum(c) / 2 for c in cols)
    steps = sorted(b - a for a, b in zip(centres, centres[1:]))
    reach = max(12.0, 0.4 * steps[len(steps) // 2]) if steps else 12.0  # a header centred in a wide column

    pairs = sorted(((abs(sum(p) - sum(c)) / 2, p, c) for p in free for c in headless
                    if not between(p, c) and abs(sum(p) - sum(c)) / 2 <= (p[1] - p[0] + c[1] - c[0]) / 2 + reach),
                   key=lambda t: t[0])
    used_p, used_c, grown = set(), set(), {}
    for _, p, c in pairs:
        if p in used_p or c in used_c:
            continue
        used_p.add(p)
        used_c.add(c)
        grown[c] = (min(p[0], c[0]), max(p[1], c[1]))
    # a column the body's words set stays apart from its neighbour however narrow the white between
    # them (OCR boxes nearly close the gutter of a two-sided table); only an edge a header phrase
    # moved or set joins what it touches (a name column grown rightwards to its centred 项目 keeps its
    # left edge, flush against the amounts before it in an office export)
    spans = sorted([((g := grown.get(c, c)), g[0] < c[0], g[1] > c[1]) for c in cols] +
                   [(p, True, True) for p in free if p not in used_p])
    merged: list[list] = []
    for (a, b), left_from_header, right_from_header in spans:
        if merged and a <= merged[-1][1] + COLUMN_GAP and (left_from_header or merged[-1][2]):
            merged[-1][1:] = [max(merged[-1][1], b), right_from_header if b >= merged[-1][1] else merged[-1][2]]
        else:
            merged.append([a, b, right_from_header])
    return [(a, b) for a, b, _ in merged]


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
    "公务用车购置及运行费": {
        "小计",
        "公务用车购置费",
        "公务用车运行费",
        "公务用车运行维护费",
        "购置费",
        "运行费",
        "运行维护费",
    },
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
    paired = _paired_header_cells(phrase_rows, cols, col_of)
    if paired is not None:
        return paired
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
    cells = [
        GridCell(join_words(ws), n_rows - 1, j, 1, 1, bbox_of(ws), weakest_conf(ws), tuple(ws))
        for j, ws in sorted(leaf.items())
    ]
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


def _paired_header_cells(phrase_rows: list[list[list[Word]]], cols, col_of) -> list[GridCell] | None:
    """A header whose bottom names are 预算数 | 决算数 pairs (the 09 table "paired": each item with its
    budget and its actual): every name above belongs to the pair nearest below it, a group name
    (公务用车购置及运行费) to the pairs of its children. None when the header is not of that kind."""
    n_rows = len(phrase_rows)
    lowest: dict[int, tuple[int, list[Word]]] = {}
    for r, phrases in enumerate(phrase_rows):
        for ph in phrases:
            lowest[col_of((ph[0].x0 + ph[-1].x1) / 2)] = (r, ph)
    stage = {
        j: clean_label(join_words(ph)) for j, (_, ph) in lowest.items() if _STAGE.fullmatch(clean_label(join_words(ph)))
    }
    pairs = [(j, j + 1) for j in sorted(stage) if stage[j] == "预算数" and stage.get(j + 1) == "决算数"]
    if len(pairs) < 2:
        return None
    leaves = {id(ph) for j, (_, ph) in lowest.items() if j in stage}
    centre = {pair: (sum(cols[pair[0]]) + sum(cols[pair[1]])) / 4 for pair in pairs}
    width = max(b - a for a, b in cols)
    cells, item_of, groups = [], {}, []

    def cell(ph, r, lo, hi):
        cells.append(GridCell(join_words(ph), r, lo, 1, hi - lo + 1, bbox_of(ph), weakest_conf(ph), tuple(ph)))

    for r, phrases in enumerate(phrase_rows):
        for ph in phrases:
            if id(ph) in leaves:
                j = col_of((ph[0].x0 + ph[-1].x1) / 2)
                cell(ph, n_rows - 1, j, j)
                continue
            text, x = clean_label(join_words(ph)), (ph[0].x0 + ph[-1].x1) / 2
            if text in _GROUP_CHILDREN:
                groups.append((r, ph, text, x))
                continue
            pair = min(pairs, key=lambda p: abs(centre[p] - x))
            if cols[pair[0]][0] - width <= x <= cols[pair[1]][1] + width:
                cell(ph, r, *pair)
                item_of[pair] = text  # the lowest name over the pair is its item
            else:
                j = col_of(x)
                cell(ph, r, j, j)
    for r, ph, text, x in groups:
        children = [p for p in pairs if item_of.get(p) in _GROUP_CHILDREN[text]]
        if children:
            cell(ph, r, children[0][0], children[-1][1])
    return cells


_LABEL_HEADER = re.compile(r"项目|科目|编码|名称|^类$|^款$|^项$")


def _is_value_column(header: str) -> bool:
    return not _LABEL_HEADER.search(header)


_HEADER_NAME = re.compile(
    r"项目|科目|.*名称|.*编码|类|款|项|.*数|金额|收入|支出|合计|小计|行次|栏次|.*经费|.*财政拨款|.*结转和结余"
)


def _wrapped_name_above(line: list[Word], below: list[list[Word]]) -> bool:
    """The first line of the first row's name, wrapped above its amounts: one phrase, no header
    word, closer than a line to the row and starting where names start in the rows below."""
    raw = join_words(line)
    text = clean_label(raw)
    height = line[0].bottom - line[0].top
    starts = [w.x0 for row in below[:3] for w, flag in zip(row, _amount_flags(row)) if not flag]
    return (
        len(_phrases(line)) == 1
        and (has_ordinal(raw) or not _HEADER_NAME.fullmatch(text))
        and below[0][0].top - line[-1].bottom < 0.8 * height
        and any(abs(line[0].x0 - x) <= 2 * height for x in starts)
    )


def _body_cut(lines: list[list[Word]]) -> tuple[int, list[list[Word]]] | None:
    """Where the body starts (its first line) and the 栏次 lines above it; None without a body."""
    numbering = [line for line in lines if is_numbering([w.text for w in line])]
    first_body = next((i for i, line in enumerate(lines) if _is_body_line(line) and line not in numbering), None)
    if first_body is None:
        return None
    numbering = [line for line in lines[:first_body] if line in numbering]  # a 栏次 row: under the header, not in it
    if numbering:  # what stands between the 栏次 row and the first amounts is the first row's wrapped name
        first_body = lines.index(numbering[-1]) + 1
    else:
        while first_body > 0 and _wrapped_name_above(lines[first_body - 1], lines[first_body:]):
            first_body -= 1
    return first_body, numbering


MAX_LIFT = 2  # header lines that may be a body's first rows instead


def liftable_lines(words: list[Word]) -> int:
    """How many of the header's last lines could as well be the body's first rows: lines over the name and
    code columns only (no word above a printed amount), directly above the first line of amounts. A name
    printed in a tall row above its amounts (a spreadsheet's rows), or a group's name printed as a row
    (人员经费 over its codes), reads as a header line or as a row: which one, the table's sums tell
    (extract/readings.py)."""
    lines = group_lines(words)
    cut = _body_cut(lines)
    if cut is None or cut[1]:
        return 0
    first_body = cut[0]
    spans = [(w.x0, w.x1) for w in _amount_words(lines[first_body:])]
    n = 0
    while n < MAX_LIFT and first_body - n > 0:
        line = lines[first_body - n - 1]
        if any(_overlaps((w.x0, w.x1), s, 0) for w in line for s in spans):
            break
        n += 1
    return n


def _line_kinds(lines: list[list[Word]]) -> list[str]:
    """Each line: "full" (names and amounts), "amount" (amounts only) or "label" (no amount)."""
    kinds = []
    for line in lines:
        # a misread amount ("41,461,41", OCR) still marks its line as a row of figures
        figures = [flag or bool(_MISREAD_AMOUNT.match(w.text)) for w, flag in zip(line, _amount_flags(line))]
        has_amount, has_label = any(figures), not all(figures)
        kinds.append("full" if has_amount and has_label else "amount" if has_amount else "label")
    return kinds


def _names_lead(rows: list[list[Word]]) -> list[list[Word]]:
    """The other way to make printed rows of lines: every line printing a name starts a row, and lines of
    amounts alone belong to the name above them (names set high in tall rows, amounts low, and not all
    amount columns at one height), however far below it they stand. A line with names closer under the row's
    last line of names than a line's height continues that row (a wrapped name)."""
    out: list[list[Word]] = []
    named: list[Word] = []  # the current row's last line printing a name
    for line, kind in zip(rows, _line_kinds(rows)):
        height = max(w.bottom - w.top for w in line)
        wrapped = bool(named) and min(w.top for w in line) - max(w.bottom for w in named) < 0.6 * height
        if out and (kind == "amount" or wrapped):
            out[-1] = out[-1] + line
        else:
            out.append(list(line))
        if kind != "amount":
            named = line
    return out


def _names_trail(rows: list[list[Word]]) -> list[list[Word]]:
    """The mirror of _names_lead: every line printing amounts starts a row, and lines of names alone belong to
    the amounts above them (amounts set high in tall rows, names low: each name stands nearer the next row's
    amounts than its own). Names before the first line of amounts start a row of their own."""
    out: list[list[Word]] = []
    started = False  # a line of amounts opened the current row
    for line, kind in zip(rows, _line_kinds(rows)):
        if kind == "label" and started:
            out[-1] = out[-1] + line
        else:
            out.append(list(line))
            started = kind != "label"
    return out


def names_apart(words: list[Word], lift: int = 0) -> bool:
    """Whether the body (with `lift` header lines read as rows) has a line of names alone right above a line
    of amounts alone: then its rows can also be read with every name leading the amounts below it
    (build_stream rows="names_lead")."""
    lines = group_lines(words)
    cut = _body_cut(lines)
    if cut is None:
        return False
    kinds = _line_kinds(lines[cut[0] - lift:])
    return any(a == "label" and b == "amount" for a, b in zip(kinds, kinds[1:]))


def names_below(words: list[Word]) -> bool:
    """Whether the body's lines alternate a line of amounts alone and a line of names alone below it, for most of
    its lines: then its rows can also be read with every line of amounts leading the names under it
    (build_stream rows="names_trail")."""
    lines = group_lines(words)
    cut = _body_cut(lines)
    if cut is None:
        return False
    kinds = _line_kinds(lines[cut[0]:])
    pairs = sum(a == "amount" and b == "label" for a, b in zip(kinds, kinds[1:]))
    return pairs >= 2 and 4 * pairs >= len(kinds)


def build_stream(page: int, words: list[Word], lift: int = 0, rows: str = "attach") -> Grid | None:
    """The stream grid of a table band; `lift` header lines (at most liftable_lines) read as body rows;
    `rows`: how lines make printed rows ("attach", the usual reading, "names_lead" or "names_trail")."""
    lines = group_lines(words)
    cut = _body_cut(lines)
    if cut is None:
        return None
    first_body, numbering = cut
    first_body -= lift
    header_lines = [line for line in lines[:first_body] if line not in numbering]
    shape = {"names_lead": _names_lead, "names_trail": _names_trail}.get(rows, _attach)
    rows = shape(lines[first_body:])
    body_lines = numbering + rows
    body_words = [w for line in rows for w in line]
    cols = _columns(body_words, _amount_words(rows))
    if len(cols) < 2:
        return None
    cols = _columns_with_header(cols, body_words, header_lines)
    edges = [cols[0][0]] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [cols[-1][1]]

    def col_of(x: float) -> int:
        return min(
            range(len(cols)),
            key=lambda j: 0 if cols[j][0] <= x <= cols[j][1] else min(abs(x - cols[j][0]), abs(x - cols[j][1])),
        )

    cells = _header_cells(header_lines, cols, col_of)
    offset = len(header_lines)
    for i, line in enumerate(body_lines):
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(col_of(w.xc), []).append(w)
        for j, ws in by_col.items():
            cells.append(GridCell(join_words(ws), offset + i, j, 1, 1, bbox_of(ws), weakest_conf(ws), tuple(ws)))
    return Grid(page, offset + len(body_lines), len(cols), cells, edges, "stream")
