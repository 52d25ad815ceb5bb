"""Line cutting: engines read text *lines*; a table builder needs words that each sit inside one cell, so
lines are cut where a vertical ruling crosses them, where a gap between glyphs is wide, where an amount
touches other text, or between known column names set close together; and words shrink to their ink."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import regex as re

from juesuan.extract.ocr.engines import TextLine, join_tokens, paint_lines
from juesuan.extract.ocr.grid import Line
from juesuan.extract.ocr.ink_words import mask_runs
from juesuan.normalize.ocr_text import CONFUSIONS

BARS = {"|", "丨", "｜", "I", "l"}
# a code or an amount and a name printed in neighbouring cells are often read as one line
# ("03初中教育", "41,244,421八、社会保障和就业支出"); inside a word, digits run into Han
# characters without a gap ("2023年度"), so a gap of a third of the line height between a digit
# and a Han character is a cell boundary
SEAM_GAP = 0.3
_DIGITISH = re.compile(r"[\d,.%]$")
_HAN_START = re.compile(r"^\p{Han}")
_HAN_END = re.compile(r"\p{Han}$")
_HAN_ONLY = re.compile(r"\p{Han}+")
_DIGIT_START = re.compile(r"^[\d(（\-−]")


def _is_seam(left: str, right: str) -> bool:
    """A digit next to a Han character (either order): where two cells' texts meet."""
    return bool(_DIGITISH.search(left) and _HAN_START.match(right)) or \
        bool(_HAN_END.search(left) and _DIGIT_START.match(right))


def split_line(tl: TextLine, verticals: Sequence[Line], gap_factor: float = 1.2) -> list[TextLine]:
    """Cut a line where a vertical ruling crosses it (between token centres) or where the gap
    between tokens exceeds gap_factor × line height. Without tokens, only the whole line is kept."""
    h = tl.y1 - tl.y0
    yc = (tl.y0 + tl.y1) / 2
    cuts = [v.x0 for v in verticals if v.y0 - 2 <= yc <= v.y1 + 2 and tl.x0 - h / 2 < v.x0 < tl.x1 + h / 2]
    # a ruling read as a bar glyph is the line itself, not text
    toks = [t for t in tl.tokens if not (t[0] in BARS and any(abs((t[1] + t[2]) / 2 - c) < h / 3 for c in cuts))]
    if len(toks) != len(tl.tokens):
        if not toks:
            return []
        tl = TextLine(join_tokens([t[0] for t in toks]), min(t[3] for t in toks), max(tl.x0, toks[0][1]), tl.y0,
                      min(tl.x1, toks[-1][2]), tl.y1, toks)
    if not tl.tokens:
        return [tl]
    # a space the engine read between two numbers ("3,196,639.39 30201") is a cell boundary
    spaced: set[int] = set()
    toks = []
    for i, t in enumerate(tl.tokens):
        if t[0].strip():
            toks.append(t)
        elif toks and i + 1 < len(tl.tokens) and _DIGITISH.search(toks[-1][0]) \
                and _DIGIT_START.match(tl.tokens[i + 1][0]):
            spaced.add(len(toks))
    if not toks:
        return [tl]
    if len(toks) != len(tl.tokens):
        tl = TextLine(tl.text, tl.conf, tl.x0, tl.y0, tl.x1, tl.y1, toks)
    pieces: list[list[tuple[str, float, float, float]]] = [[tl.tokens[0]]]
    for k, (prev, tok) in enumerate(zip(tl.tokens, tl.tokens[1:]), start=1):
        pc, tc = (prev[1] + prev[2]) / 2, (tok[1] + tok[2]) / 2
        crossed = any(pc < c < tc for c in cuts) or k in spaced
        gap = tok[1] - prev[2]
        if crossed or gap > gap_factor * h or (gap > SEAM_GAP * h and _is_seam(prev[0], tok[0])):
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    names_after = [bool(_HAN_START.match(after[0][0])) for after in pieces[1:]] + [False]
    pieces = [q for p, before_name in zip(pieces, names_after) for q in _cut_seams(p, before_name)]
    pieces = [q for p in pieces for q in _cut_headers(p)]
    pieces = [q for p in pieces for q in _cut_wide_gaps(p, h)]
    if len(pieces) == 1 and pieces[0] == tl.tokens:
        return [tl]
    out = []
    for p in pieces:
        x0 = max(p[0][1], tl.x0)
        x1 = min(p[-1][2], tl.x1)
        for c in cuts:  # keep each piece's box inside its cell
            if p[0][1] < c < (p[0][1] + p[0][2]) / 2:
                x0 = max(x0, c)
            if (p[-1][1] + p[-1][2]) / 2 < c < p[-1][2]:
                x1 = min(x1, c)
        out.append(TextLine(join_tokens([t[0] for t in p]), min(t[3] for t in p), x0, tl.y0, x1, tl.y1, p))
    return out


# a decimal amount ends after its two decimals; one followed by more digits or by a name is
# two cells read as one line ("3196639.3930201" = amount + the next half's code); so does a whole
# number of a length no code has (6, 8 or more digits) before a name ("164131107本年支出合计"); so does
# a whole number grouped in threes before a code and its name ("5,255,09330228工会经费": the next
# group's row), before a 款 or 项 code alone (a 类's three digits could be a lost separator's) or before
# another number grouped in threes ("171,367,795171,367,795": the next column's); and
# so does a number or a zero's dash before an ordinal ("-七、文化旅游体育与传媒支出", "0九、…": the other
# side's row)
_AMOUNT_EDGE = re.compile(r"(?<=\d\.\d\d)(?=[^\d\s,.%)）]|\d{3}(?:\d\d){0,2}(?!\d)|\d[\d,]*\.\d\d)"
                          r"|(?<=[^\d\s,.(（+\-−])(?=[\d,]*\d\.\d\d(?!\d))"
                          r"|(?<=(?<![\d,.])(?:\d{6}|\d{8,}))(?=\p{Han})"
                          r"|(?<=(?<![\d,.])\d{1,3}(?:,\d{3})+)(?=\d{3}(?:\d\d){0,2}\p{Han}|\d{5}(?:\d\d)?$|\d{1,3}(?:,\d{3})+(?![\d,]))"
                          r"|(?<=[\d\-—–])(?=[一二三四五六七八九十]{1,3}、)"
                          # "一八、": no ordinal; a dash read 一
                          r"|(?<=^一)(?=[二三四五六七八九十][一二三四五六七八九十]{0,2}、)")

Token = tuple[str, float, float, float]


_GROUP_MARK = re.compile(r"，|\.(?=\d{3}[,，])")  # a thousands separator read full-width, or as a point


def _cut_seams(tokens: list[Token], before_name: bool = False) -> list[list[Token]]:
    """Cut a piece where an amount touches other text; positions inside a multi-character token
    are interpolated (engines give a box per word, e.g. a whole digit run). `before_name`: the
    line goes on with a name after a gap, which tells a code's digits at the piece's end from
    the amount's ("1,717,932310" before 资本性支出)."""
    text = "".join(t[0] for t in tokens)
    probe = _GROUP_MARK.sub(",", text) + ("名" if before_name else "")
    cuts = [m.start() for m in _AMOUNT_EDGE.finditer(probe) if m.start() < len(text)]
    if not cuts:
        return [tokens]
    chars: list[Token] = []
    for t, x0, x1, c in tokens:
        step = (x1 - x0) / max(1, len(t))
        chars += [(ch, x0 + i * step, x0 + (i + 1) * step, c) for i, ch in enumerate(t)]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        cs = chars[a:b]
        if cs:
            out.append([("".join(ch[0] for ch in cs), cs[0][1], cs[-1][2], min(ch[3] for ch in cs))])
    return out


def _header_names() -> set[str]:
    from juesuan.spec import words as w

    tables = (w.EXPENDITURE, w.INCOME, w.FUND, w.APPROPRIATION, w.AMOUNT)
    names = {n for t in tables for ns in t.values() for n in ns}
    names |= {n for ns in w.THREE_PUBLIC_ITEMS.values() for n in ns}
    return {n for n in names if len(n) >= 2}


_HEADERS: set[str] = set()


def _segment(text: str, names: set[str]) -> list[str] | None:
    """text as a sequence of known names, longest first; None when it is not one."""
    if not text:
        return []
    for n in range(len(text), 1, -1):
        if text[:n] in names:
            rest = _segment(text[n:], names)
            if rest is not None:
                return [text[:n], *rest]
    return None


def _cut_headers(tokens: list[Token]) -> list[list[Token]]:
    """Column headers set close together in a borderless header ("本年收入合计财政拨款收入上级补助收入")
    are read as one line with no gap to cut at; a line that is not itself a known column name but
    is exactly a run of two or more of them is cut between them (one token per character only)."""
    global _HEADERS
    text = "".join(t[0] for t in tokens)
    if len(text) < 4 or len(tokens) != len(text) or not _HAN_ONLY.fullmatch(text):
        return [tokens]
    if not _HEADERS:
        _HEADERS = _header_names()
    for wrong, right in CONFUSIONS:  # "本年收人合计财政拨款收人": 入 read as 人 (same length)
        if len(wrong) == len(right):
            text = text.replace(wrong, right)
    if text in _HEADERS:
        return [tokens]
    parts = _segment(text, _HEADERS)
    if not parts or len(parts) < 2:
        return [tokens]
    out, i = [], 0
    for part in parts:
        out.append(tokens[i:i + len(part)])
        i += len(part)
    return out


WIDE_GAP = 0.3  # × line height: wider than any gap between two characters of one word


def _cut_wide_gaps(tokens: list[Token], height: float) -> list[list[Token]]:
    """Narrow columns' wrapped headers set side by side ("一般公共预算 政府性基金预 国有资本经营")
    are detected as one line, and no piece of it is a column name `_cut_headers` knows. Between
    two cells the white is several times wider than between the characters of one word: a line
    of Han characters, one token each, is cut where the gap exceeds WIDE_GAP × the line's height
    and three times its median gap. A letter-spaced name ("合  计") comes apart as it does in a
    text layer, where the reader joins it again."""
    text = "".join(t[0] for t in tokens)
    if len(tokens) < 4 or len(tokens) != len(text) or not _HAN_ONLY.fullmatch(text):
        return [tokens]
    gaps = [b[1] - a[2] for a, b in zip(tokens, tokens[1:])]
    wide = max(WIDE_GAP * height, 3 * max(0.0, sorted(gaps)[len(gaps) // 2]))
    out = [[tokens[0]]]
    for gap, tok in zip(gaps, tokens[1:]):
        if gap > wide:
            out.append([tok])
        else:
            out[-1].append(tok)
    return out


def text_ink(gray: np.ndarray, lines: Sequence[Line], points_per_pixel: float) -> np.ndarray:
    """Binary ink of the page with the ruling lines painted out: glyphs only."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return paint_lines(ink, lines, 0, max(3, int(round(1.5 / points_per_pixel))))


def ink_span(ink: np.ndarray, tl: TextLine) -> tuple[float, float]:
    """The word's horizontal extent shrunk to its glyphs. Detection boxes are padded (unclipped)
    by a few pixels on each side, which in tightly set borderless tables closes the gutter
    between an amount and the next column's name; the text layer gives glyph boxes, so should we."""
    middle = (int(max(0, tl.y0 + 0.2 * (tl.y1 - tl.y0))), int(min(ink.shape[0], tl.y1 - 0.2 * (tl.y1 - tl.y0))))
    runs = _glyph_runs(ink, tl, middle)
    if not runs:
        return tl.x0, tl.x1
    # a padded box reaching over the neighbouring word catches a sliver of its last (first)
    # glyph: a thin run of ink set off by a gap wider than any inside a word is not ours
    lh = tl.y1 - tl.y0
    while len(runs) > 1 and runs[0][1] - runs[0][0] < 0.3 * lh and runs[1][0] - runs[0][1] + 1 > 0.3 * lh:
        runs = runs[1:]
    while len(runs) > 1 and runs[-1][1] - runs[-1][0] < 0.3 * lh and runs[-1][0] - runs[-2][1] + 1 > 0.3 * lh:
        runs = runs[:-1]
    return float(runs[0][0]), float(runs[-1][1])


INK_SEAM = 0.45  # × line height of white between two glyphs: wider than any gap inside a number
_DIGIT_RUN = re.compile(r"[0-9]{6,}")


def _glyph_runs(ink: np.ndarray, tl: TextLine, rows: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The [start, end) pixel columns of each run of ink across the word's box (a glyph, or a few
    touching ones), in the box's rows or in `rows`."""
    h, w = ink.shape
    y0, y1 = rows or (int(max(0, tl.y0)), int(min(h, np.ceil(tl.y1))))
    x0, x1 = int(max(0, tl.x0)), int(min(w, np.ceil(tl.x1)))
    if y1 <= y0 or x1 <= x0:
        return []
    return [(x0 + a, x0 + b) for a, b in mask_runs(ink[y0:y1, x0:x1].any(axis=0))]


def cut_digits_at_ink_gaps(ink: np.ndarray, tl: TextLine) -> list[TextLine]:
    """Two numbers of neighbouring cells read as one run of digits ("94907885302": whole 元, then
    the next group's code 302) are cut where the ink says: the text cannot tell where one ends, but
    the white between two cells is several times wider than between two digits. Digits are set at
    one pitch, so the digits on each side of the gap are in proportion to the ink on that side; a
    count that does not come out near a whole number leaves the run whole."""
    text = tl.text.strip()
    if not _DIGIT_RUN.fullmatch(text):
        return [tl]
    runs = _glyph_runs(ink, tl)
    if len(runs) < 2:
        return [tl]
    gaps = [b[0] - a[1] for a, b in zip(runs, runs[1:])]
    k = max(range(len(gaps)), key=gaps.__getitem__)
    small = sorted(gaps)[len(gaps) // 2] if len(gaps) > 2 else 1
    if gaps[k] <= max(INK_SEAM * (tl.y1 - tl.y0), 3 * small):
        return [tl]
    left, right = runs[k][1] - runs[0][0] + small, runs[-1][1] - runs[k + 1][0] + small
    share = len(text) * left / (left + right)
    n = round(share)
    if not 1 <= n < len(text) or abs(share - n) > 0.3:
        return [tl]
    parts = (TextLine(text[:n], tl.conf, float(runs[0][0]), tl.y0, float(runs[k][1]), tl.y1),
             TextLine(text[n:], tl.conf, float(runs[k + 1][0]), tl.y0, float(runs[-1][1]), tl.y1))
    return [q for part in parts for q in cut_digits_at_ink_gaps(ink, part)]
