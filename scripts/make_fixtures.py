#!/usr/bin/env python3
"""Deterministic generator of synthetic 部门决算 PDFs with exact ground truth.

    python -m scripts.make_fixtures [OUTDIR]        # default fixtures/generated/
    python -m scripts.make_fixtures --edge [EDGEDIR] # default fixtures/edge/
    python -m scripts.make_fixtures --zoo N --seed S [OUTDIR]  # the layout zoo, scripts/zoo.py

For every fixture NAME it writes NAME.pdf and NAME.truth.csv (one row per non-empty
numeric cell, see TRUTH_COLUMNS), plus OUTDIR/manifest.csv and, for the fixture
`inconsistent`, inconsistent.expected_checks.csv. Every report has a 情况说明 written from its own
tables (narrative_accounts); NAME.expected_narrative_checks.csv lists the findings its prose must
raise (`narrative_disagree`: deliberate disagreements; `inconsistent`: its table fault, restated).

All amounts are held as integers in hundredths of the printed unit ("cents"), so every
sum printed is exact; the truth is derived from the very strings that are drawn.
"""
from __future__ import annotations

import csv
import io
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

ROOT = Path(__file__).resolve().parents[1]
WQY_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
TRUTH_COLUMNS = ["table_key", "side", "code", "row_label", "column_key", "value", "unit", "amount_yuan"]
NARRATIVE_CHECK_COLUMNS = ["metric", "rule", "severity", "table", "row", "column", "what"]
MANIFEST_COLUMNS = ["file", "department", "year", "unit", "tables", "layout", "extra_tables"]

_FONTS_DONE = False


def register_fonts() -> None:
    global _FONTS_DONE
    if _FONTS_DONE:
        return
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if Path(WQY_PATH).exists():
        pdfmetrics.registerFont(TTFont("WQY", WQY_PATH, subfontIndex=0))
    _FONTS_DONE = True


FONT_NAMES = {"song": "STSong-Light", "wqy": "WQY"}
# width functions (text, size) → points for fonts reportlab does not measure (scripts/zoo_cairo.py's)
WIDTH_FUNCS: dict = {}


def text_width(text: str, font: str, fs: float) -> float:
    f = WIDTH_FUNCS.get(font)
    return f(text, fs) if f else pdfmetrics.stringWidth(text, font, fs)


def load_class_names() -> tuple[dict[str, str], dict[str, int]]:
    names, order = {}, {}
    with open(ROOT / "schemas" / "function_classes_2024.csv", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            names[r["code"]] = r["name"]
            order[r["code"]] = i + 1
    return names, order


CLASS_NAMES, CLASS_ORDER = load_class_names()

KUAN_NAMES = {
    "20106": "财政事务", "20501": "教育管理事务", "20502": "普通教育", "20508": "进修及培训",
    "20802": "民政管理事务", "20805": "行政事业单位养老支出", "20810": "社会福利",
    "20819": "最低生活保障", "21001": "卫生健康管理事务", "21004": "公共卫生",
    "21007": "计划生育事务", "21011": "行政事业单位医疗", "21208": "国有土地使用权出让收入安排的支出",
    "21301": "农业农村", "21307": "农村综合改革", "22102": "住房改革支出",
    "22960": "彩票公益金安排的支出",
}

# 项: (code, name, kind) kind: B basic, P project, BP both, F government fund project, +N non-fiscal share
DEPTS = {
    "minzheng": [
        ("2080201", "行政运行", "B"), ("2080202", "一般行政管理事务", "P"),
        ("2080208", "基层政权建设和社区治理", "P"), ("2080501", "行政单位离退休", "B"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "B"), ("2080506", "机关事业单位职业年金缴费支出", "B"),
        ("2081001", "儿童福利", "P"), ("2081002", "老年福利", "PN"), ("2081901", "城市最低生活保障金支出", "P"),
        ("2081902", "农村最低生活保障金支出", "P"), ("2101101", "行政单位医疗", "B"),
        ("2210201", "住房公积金", "B"), ("2296002", "用于社会福利的彩票公益金支出", "F"),
    ],
    "jiaoyu": [
        ("2050101", "行政运行", "B"), ("2050199", "其他教育管理事务支出", "P"),
        ("2050201", "学前教育", "BPN"), ("2050202", "小学教育", "BPN"), ("2050203", "初中教育", "BPN"),
        ("2050204", "高中教育", "BPN"), ("2050803", "培训支出", "P"),
        ("2080501", "行政单位离退休", "B"), ("2080502", "事业单位离退休", "B"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "B"), ("2101101", "行政单位医疗", "B"),
        ("2101102", "事业单位医疗", "B"), ("2210201", "住房公积金", "B"),
        ("2296004", "用于教育事业的彩票公益金支出", "F"),
    ],
    "weijian": [
        ("2100101", "行政运行", "B"), ("2100199", "其他卫生健康管理事务支出", "P"),
        ("2100401", "疾病预防控制机构", "BPN"), ("2100408", "基本公共卫生服务", "P"),
        ("2100409", "重大公共卫生服务", "P"), ("2100717", "计划生育服务", "P"),
        ("2080501", "行政单位离退休", "B"), ("2080505", "机关事业单位基本养老保险缴费支出", "B"),
        ("2101101", "行政单位医疗", "B"), ("2210201", "住房公积金", "B"),
    ],
    "nongye": [
        ("2130101", "行政运行", "B"), ("2130104", "事业运行", "BN"), ("2130122", "农业生产发展", "P"),
        ("2130153", "农田建设", "P"), ("2130705", "对村民委员会和村党支部的补助", "P"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "B"), ("2101101", "行政单位医疗", "B"),
        ("2210201", "住房公积金", "B"), ("2120804", "农村基础设施建设支出", "F"),
    ],
    "caizheng": [
        ("2010601", "行政运行", "B"), ("2010602", "一般行政管理事务", "P"), ("2010650", "事业运行", "BN"),
        ("2080501", "行政单位离退休", "B"), ("2080505", "机关事业单位基本养老保险缴费支出", "B"),
        ("2101101", "行政单位医疗", "B"), ("2210201", "住房公积金", "B"),
    ],
}

ECON_PERSON = [("301", "工资福利支出", [
    ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30107", "绩效工资"),
    ("30108", "机关事业单位基本养老保险缴费"), ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"),
    ("30113", "住房公积金")]),
    ("303", "对个人和家庭的补助", [("30302", "退休费"), ("30305", "生活补助"), ("30399", "其他对个人和家庭的补助")])]
ECON_PUBLIC = [("302", "商品和服务支出", [
    ("30201", "办公费"), ("30205", "水费"), ("30206", "电费"), ("30211", "差旅费"), ("30217", "公务接待费"),
    ("30228", "工会经费"), ("30231", "公务用车运行维护费"), ("30299", "其他商品和服务支出")]),
    ("310", "资本性支出", [("31002", "办公设备购置")])]

CN_NUM = "一二三四五六七八九十"
HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def cn_ordinal(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    t, u = divmod(n, 10)
    return CN_NUM[t - 1] + "十" + (CN_NUM[u - 1] if u else "")


# ----------------------------------------------------------------------------------------
# numbers


@dataclass
class NumFmt:
    dec: int = 2
    thou: bool = False
    neg: str = "minus"  # minus / paren
    full: bool = False
    zero: str = ""  # what an empty/zero cell prints: "" / "0.00" / "-" / "—"

    def __call__(self, c: int) -> str:
        if c == 0:
            return self.zero
        a = abs(c)
        if self.dec == 2:
            ip, fp = divmod(a, 100)
            s = (f"{ip:,}" if self.thou else str(ip)) + f".{fp:02d}"
        else:
            assert a % 100 == 0, c
            ip = a // 100
            s = f"{ip:,}" if self.thou else str(ip)
        if c < 0:
            s = f"（{s}）" if self.neg == "paren" else "-" + s
        if self.full:
            s = s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return s


def yuan(c: int, unit: str) -> str:
    d = Decimal(c) / 100
    if unit == "万元":
        d = d * 10000
    elif unit == "千元":
        d = d * 1000
    return str(d.quantize(Decimal("0.01")))


class Gen:
    """Random amounts in cents of the printed unit, quantised to whole units when dec == 0."""

    def __init__(self, seed: int, unit: str, dec: int):
        self.rng = random.Random(seed)
        self.unit = unit
        self.q = 100 if dec == 0 else 1
        self.mult = 1 if unit == "万元" else 10000  # ranges below are given in 万元

    def R(self, lo: float, hi: float) -> int:
        v = self.rng.randint(int(lo * 100 * self.mult), int(hi * 100 * self.mult))
        return v - v % self.q

    def split(self, total: int, n: int) -> list[int]:
        ws = [self.rng.uniform(0.3, 1.7) for _ in range(n)]
        s = sum(ws)
        parts = [int(total * w / s) for w in ws]
        parts = [p - p % self.q for p in parts]
        parts[0] += total - sum(parts)
        return parts


# ----------------------------------------------------------------------------------------
# department data


@dataclass
class Item:
    code: str
    name: str
    gb_b: int = 0
    gb_p: int = 0
    gf_p: int = 0
    nf_b: int = 0
    nf_p: int = 0
    gb_in: int = 0
    gf_in: int = 0
    sy_in: int = 0
    qt_in: int = 0
    gf_begin: int = 0

    @property
    def exp(self) -> int:
        return self.gb_b + self.gb_p + self.gf_p + self.nf_b + self.nf_p

    @property
    def basic(self) -> int:
        return self.gb_b + self.nf_b

    @property
    def project(self) -> int:
        return self.gb_p + self.gf_p + self.nf_p

    @property
    def income(self) -> int:
        return self.gb_in + self.gf_in + self.sy_in + self.qt_in


@dataclass
class Data:
    items: list[Item]
    begin_gb: int
    begin_gf: int
    begin_nf: int
    use_nf: int
    alloc: int
    econ: dict[str, int]  # econ 款 code -> amount
    three: dict[str, int]  # column_key -> amount
    names: dict[str, str] = field(default_factory=dict)  # code -> name for 类/款/项

    def tot(self, attr: str) -> int:
        return sum(getattr(i, attr) for i in self.items)


def make_data(dept: str | list, seed: int, unit: str, dec: int, negative: bool = False,
              kuan_names: dict[str, str] | None = None) -> Data:
    """Amounts for a department: `dept` is a key of DEPTS or a list of (code, name, kind) 项."""
    g = Gen(seed, unit, dec)
    items = []
    for code, name, kind in (DEPTS[dept] if isinstance(dept, str) else dept):
        it = Item(code, name)
        big = name in ("行政运行", "事业运行", "小学教育", "初中教育", "高中教育", "学前教育")
        if "B" in kind:
            it.gb_b = g.R(200, 1500) if big else g.R(15, 300)
        if "P" in kind:
            it.gb_p = g.R(20, 600)
        if "F" in kind:
            it.gf_p = g.R(20, 300)
            it.gf_begin = g.R(0, 40)
            it.gf_in = it.gf_p + g.R(-10, 30)
            it.gf_in = max(it.gf_in, it.gf_p - it.gf_begin)
        if "N" in kind:
            it.nf_b = g.R(5, 120)
            it.nf_p = g.R(0, 40)
            it.sy_in = it.nf_b + it.nf_p + g.R(-3, 10)
        fiscal = it.gb_b + it.gb_p
        if fiscal:
            it.gb_in = fiscal + g.rng.choice([0, 0, 0, g.R(0.5, 20), -g.R(0.5, 5)])
        items.append(it)
    # other income on the first item (and a negative one when asked)
    items[0].qt_in = g.R(0.5, 8)
    if negative:
        items[1].qt_in = -g.R(0.3, 15)
    begin_gb = g.R(5, 60)
    tot_gb_exp = sum(i.gb_b + i.gb_p for i in items)
    tot_gb_in = sum(i.gb_in for i in items)
    if begin_gb + tot_gb_in - tot_gb_exp < 0:
        begin_gb += tot_gb_exp - tot_gb_in
    begin_gf = sum(i.gf_begin for i in items)
    use_nf = g.rng.choice([0, g.R(1, 10)])
    begin_nf = g.R(5, 80)
    nf_gap = sum(i.nf_b + i.nf_p - i.sy_in - i.qt_in for i in items) - use_nf
    if begin_nf < nf_gap:
        begin_nf = nf_gap + g.R(1, 5)
    alloc = 0
    # economic classification of general-budget basic expenditure
    basic = sum(i.gb_b for i in items)
    person = basic * 80 // 100
    person -= person % g.q
    public = basic - person
    econ: dict[str, int] = {}
    for grp, total in ((ECON_PERSON, person), (ECON_PUBLIC, public)):
        tops = g.split(total, len(grp))
        # keep 303 / 310 small
        if len(grp) == 2:
            small = tops[1] // 6
            small -= small % g.q
            tops = [tops[0] + tops[1] - small, small]
        for (c, _n, subs), t in zip(grp, tops):
            for (sc, _sn), v in zip(subs, g.split(t, len(subs))):
                econ[sc] = v
    # 三公: budget and actual
    three = {}
    for part in ("预算数", "决算数"):
        abroad = 0
        buy = g.rng.choice([0, g.R(15, 30)]) if part == "预算数" else 0
        run = g.R(2, 12)
        recv = g.R(0.5, 6)
        three[f"{part}/因公出国(境)费"] = abroad
        three[f"{part}/公务用车购置及运行费/公务用车购置费"] = buy
        three[f"{part}/公务用车购置及运行费/公务用车运行费"] = run
        three[f"{part}/公务用车购置及运行费/小计"] = buy + run
        three[f"{part}/公务接待费"] = recv
        three[f"{part}/合计"] = abroad + buy + run + recv
    names = {}
    for it in items:
        names[it.code] = it.name
        names[it.code[:5]] = (kuan_names or KUAN_NAMES)[it.code[:5]]
        names[it.code[:3]] = CLASS_NAMES[it.code[:3]]
    for grp in ECON_PERSON + ECON_PUBLIC:
        names[grp[0]] = grp[1]
        for sc, sn in grp[2]:
            names[sc] = sn
    return Data(items, begin_gb, begin_gf, begin_nf, use_nf, alloc, econ, three, names)


def hierarchy(items: list[Item], fn) -> list[tuple[str, str, dict]]:
    """Rows (level, code, values) in 类/款/项 order for items where fn(item) has a non-zero value."""
    rows = []
    leaf = {}
    for it in items:
        v = fn(it)
        if any(v.values()):
            leaf[it.code] = v
    codes = sorted(leaf)

    def agg(prefix):
        out: dict[str, int] = {}
        for c in codes:
            if c.startswith(prefix):
                for k, v in leaf[c].items():
                    out[k] = out.get(k, 0) + v
        return out

    seen = set()
    for c in codes:
        for lvl, p in (("类", c[:3]), ("款", c[:5]), ("项", c)):
            if p not in seen:
                seen.add(p)
                rows.append((lvl, p, agg(p)))
    return rows


# ----------------------------------------------------------------------------------------
# drawing primitives


@dataclass
class PCell:
    col: int
    text: str
    span: int = 1
    align: str = "l"  # l / r / c
    spaced: bool = False  # letter-spaced: every character a separate word
    vertical: bool = False  # one character per line
    valign: str = "m"  # m / t
    dy: float = 0.0  # extra upward shift of the text
    wrap: bool = True
    indent: float = 0.0


@dataclass
class PRow:
    cells: list[PCell]
    min_h: float = 0.0
    header_like: bool = False


@dataclass
class Style:
    font: str = "song"
    fs: float = 8.0
    ruling: str = "lattice"  # lattice / threeline / horizontal (a rule under every row) / none
    row_h: float = 17.0


def _w(text: str, font: str, fs: float, spaced: bool) -> float:
    w = text_width(text, font, fs)
    if spaced and len(text) > 1:
        w += (len(text) - 1) * fs * 0.9
    return w


def layout_lines(cell: PCell, width: float, font: str, fs: float) -> list[str]:
    if not cell.text:
        return []
    if cell.vertical:
        return list(cell.text)
    if not cell.wrap or _w(cell.text, font, fs, cell.spaced) <= width - 4 - cell.indent:
        return [cell.text]
    lines, cur = [], ""
    for ch in cell.text:
        if cur and _w(cur + ch, font, fs, cell.spaced) > width - 4 - cell.indent:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def draw_text_line(c, x: float, y: float, s: str, font: str, fs: float, spaced: bool):
    if not spaced:
        c.drawString(x, y, s)
        return
    for ch in s:
        c.drawString(x, y, ch)
        x += text_width(ch, font, fs) + fs * 0.9


def cell_height(cell: PCell, width: float, st: Style) -> float:
    n = len(layout_lines(cell, width, FONT_NAMES[st.font], st.fs))
    lead = st.fs * 1.25
    return n * lead + st.fs * 0.9


def draw_cell(c, cell: PCell, x: float, top: float, width: float, height: float, st: Style):
    font = FONT_NAMES[st.font]
    fs = st.fs
    lines = layout_lines(cell, width, font, fs)
    if not lines:
        return
    lead = fs * 1.25
    block = len(lines) * lead
    if cell.valign == "t":
        y0 = top - fs * 0.45 - fs  # first baseline
    else:
        y0 = top - (height - block) / 2 - fs * 0.95
    y0 += cell.dy
    c.setFont(font, fs)
    for i, s in enumerate(lines):
        y = y0 - i * lead
        w = _w(s, font, fs, cell.spaced)
        if cell.align == "r":
            xx = x + width - 3 - w
        elif cell.align == "c" or cell.vertical:
            xx = x + (width - w) / 2
        else:
            xx = x + 2.5 + cell.indent
        draw_text_line(c, xx, y, s, font, fs, cell.spaced)


def header_grid(tree: list, ncols: int) -> tuple[list[tuple], int]:
    """tree: list of (text, children[, opts]) → cells (r, c, rs, cs, text, opts), depth."""

    def depth(n):
        return 1 + max((depth(ch) for ch in n[1]), default=0)

    def leaves(n):
        if not n[1]:
            return n[2].get("span", 1) if len(n) > 2 else 1
        return sum(leaves(ch) for ch in n[1])

    D = max(depth(n) for n in tree)
    cells = []

    def walk(nodes, r, c0):
        c = c0
        for n in nodes:
            opts = n[2] if len(n) > 2 else {}
            w = leaves(n)
            rs = 1 if n[1] else D - r
            cells.append((r, c, rs, w, n[0], opts))
            if n[1]:
                walk(n[1], r + 1, c)
            c += w
        return c

    assert walk(tree, 0, 0) == ncols, (walk(tree, 0, 0), ncols)
    return cells, D


class TablePainter:
    """Lays one table over one or more pages of a canvas."""

    def __init__(self, doc: "DocBuilder", widths: list[float], header_tree: list, rows: list[PRow],
                 st: Style, title: str, unit: str, number: str = "", compiler: str = "",
                 page: str = "portrait", breaks: tuple = (), repeat_header: bool = True,
                 note: str = "", x0: float | None = None, extra_header_rows: list[PRow] | None = None):
        self.doc, self.widths, self.rows, self.st = doc, widths, rows, st
        self.title, self.unit, self.number, self.compiler = title, unit, number, compiler
        self.page, self.breaks, self.repeat = page, set(breaks), repeat_header
        self.note = note
        self.hcells, self.hdepth = header_grid(header_tree, len(widths)) if header_tree else ([], 0)
        self.extra_header_rows = extra_header_rows or []
        self.x0 = x0

    def header_heights(self) -> list[float]:
        hs = [self.st.row_h] * self.hdepth
        for r, c, rs, cs, text, opts in self.hcells:
            w = sum(self.widths[c:c + cs])
            h = cell_height(PCell(c, text, vertical=opts.get("vertical", False), spaced=opts.get("spaced", False)),
                            w, self.st)
            if rs == 1 and h > hs[r]:
                hs[r] = h
        # multi-row cells: stretch the last row they cover
        for r, c, rs, cs, text, opts in self.hcells:
            if rs > 1:
                w = sum(self.widths[c:c + cs])
                h = cell_height(PCell(c, text, vertical=opts.get("vertical", False)), w, self.st)
                have = sum(hs[r:r + rs])
                if h > have:
                    hs[r + rs - 1] += h - have
        return hs

    def row_height(self, row: PRow) -> float:
        h = max(self.st.row_h, row.min_h)
        for cell in row.cells:
            w = sum(self.widths[cell.col:cell.col + cell.span])
            h = max(h, cell_height(cell, w, self.st))
        return h

    def _line(self, c, x1, y1, x2, y2, lw=0.5):
        c.setLineWidth(lw)
        c.line(x1, y1, x2, y2)

    def draw_header(self, c, x0, top) -> float:
        hs = self.header_heights()
        ys = [top]
        for h in hs:
            ys.append(ys[-1] - h)
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        for r, col, rs, cs, text, opts in self.hcells:
            x, w = xs[col], xs[col + cs] - xs[col]
            t, b = ys[r], ys[r + rs]
            pc = PCell(col, text, align="c", vertical=opts.get("vertical", False), spaced=opts.get("spaced", False))
            draw_cell(c, pc, x, t, w, t - b, self.st)
            if self.st.ruling == "lattice":
                c.setLineWidth(0.5)
                c.rect(x, b, w, t - b)
            elif self.st.ruling == "horizontal":
                self._line(c, x, b, x + w, b)
        bottom = ys[-1]
        if self.st.ruling == "horizontal":
            self._line(c, xs[0], top, xs[-1], top)
        if self.st.ruling == "threeline":
            self._line(c, xs[0], top, xs[-1], top, 1.2)
            self._line(c, xs[0], bottom, xs[-1], bottom, 0.6)
        for row in self.extra_header_rows:
            h = self.row_height(row)
            self.draw_row(c, row, xs, bottom, h)
            bottom -= h
        return bottom

    def draw_row(self, c, row: PRow, xs, top, h):
        for cell in row.cells:
            x, w = xs[cell.col], xs[cell.col + cell.span] - xs[cell.col]
            draw_cell(c, cell, x, top, w, h, self.st)
        if self.st.ruling == "lattice":
            c.setLineWidth(0.5)
            # borders of each cell including empty ones
            covered = {}
            for cell in row.cells:
                covered[cell.col] = cell.span
            col = 0
            while col < len(self.widths):
                span = covered.get(col, 1)
                c.rect(xs[col], top - h, xs[col + span] - xs[col], h)
                col += span
        elif self.st.ruling == "horizontal":
            self._line(c, xs[0], top - h, xs[-1], top - h)

    def paint(self):
        doc, c = self.doc, self.doc.c
        W, H = doc.begin_page(self.page)
        self.pages = [doc.pages + 1]  # the pages this table is drawn on
        total_w = sum(self.widths)
        x0 = self.x0 if self.x0 is not None else (W - total_w) / 2
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        font = FONT_NAMES[self.st.font]
        top = self.draw_heading(c, W, H, xs, font)
        y = self.draw_header(c, x0, top)
        table_top = top
        bottom_limit = 50
        for i, row in enumerate(self.rows):
            h = self.row_height(row)
            if i in self.breaks or y - h < bottom_limit:
                self._close(c, xs, table_top, y)
                doc.end_page()
                W, H = doc.begin_page(self.page)
                self.pages.append(doc.pages + 1)
                c.setFont(font, 9)
                top = self.continuation_top(c, W, H, xs, font)
                table_top = top
                y = self.draw_header(c, x0, top) if self.repeat else top
            self.draw_row(c, row, xs, y, h)
            y -= h
        self._close(c, xs, table_top, y)
        if self.note:
            c.setFont(font, 9)
            c.drawString(xs[0], y - 16, self.note)
        doc.end_page()

    def draw_heading(self, c, W, H, xs, font) -> float:
        """Title, 公开NN表, 编制单位 and 单位 above the table; returns the table's top."""
        top = H - 50
        c.setFont(font, 15)
        c.drawCentredString(W / 2, top, self.title)
        if self.number:
            c.setFont(font, 9)
            c.drawRightString(xs[-1], top + 20, self.number)
        top -= 22
        c.setFont(font, 9)
        if self.compiler:
            c.drawString(xs[0], top, self.compiler)
        c.drawRightString(xs[-1], top, f"单位：{self.unit}")
        return top - 8

    def continuation_top(self, c, W, H, xs, font) -> float:
        """Top of the table on a continuation page (a subclass may print 续表 there)."""
        return H - 50

    def _close(self, c, xs, top, bottom):
        if self.st.ruling == "threeline":
            self._line(c, xs[0], bottom, xs[-1], bottom, 1.2)
            if not self.repeat:
                self._line(c, xs[0], top, xs[-1], top, 1.2)


class DocBuilder:
    def __init__(self, path: Path, title: str, font: str, canvas=None):
        """canvas: any object with reportlab's canvas methods (default: a reportlab canvas)."""
        register_fonts()
        self.c = canvas or rl_canvas.Canvas(str(path), pagesize=A4, pageCompression=1, invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor("")
        self.font = FONT_NAMES[font]
        self.rot = False
        self.pages = 0

    def begin_page(self, kind: str = "portrait") -> tuple[float, float]:
        c = self.c
        self.rot = False
        if kind == "landscape":
            c.setPageSize(landscape(A4))
            return landscape(A4)
        if kind == "rot90":
            # reportlab swaps the MediaBox when the page is rotated by 90: pass the displayed size
            c.setPageSize(landscape(A4))
            # portrait MediaBox displayed rotated 90° clockwise: draw in landscape coordinates
            c.setPageRotation(90)
            c.saveState()
            c.translate(A4[0], 0)
            c.rotate(90)
            self.rot = True
            return A4[1], A4[0]
        c.setPageSize(A4)
        c.setPageRotation(0)
        return A4

    def end_page(self):
        if self.rot:
            self.c.restoreState()
        self.c.showPage()
        self.c.setPageRotation(0)
        self.pages += 1

    def cover(self, dept: str, year: int):
        c = self.c
        W, H = self.begin_page()
        c.setFont(self.font, 26)
        c.drawCentredString(W / 2, H * 0.62, dept)
        c.drawCentredString(W / 2, H * 0.62 - 48, f"{year}年度部门决算")
        c.setFont(self.font, 14)
        c.drawCentredString(W / 2, H * 0.25, f"{year + 1}年8月")
        self.end_page()

    def narrative(self, paragraphs: list[str]):
        """Running text from a new page on, as many pages as it takes. Headings (第…部分, 一、,
        （一）) stand flush left on their own lines; body paragraphs are indented by two spaces."""
        c = self.c
        W, H = self.begin_page()
        fs = 10.5
        lead, top, foot, width = fs * 1.6, H - 64, 64, W - 140
        c.setFont(self.font, fs)
        y = top
        for p in paragraphs:
            heading = len(p) <= 40 and bool(HEADING.match(p))
            lines, line = [], "" if heading else "\u3000\u3000"
            for ch in p:
                if text_width(line + ch, self.font, fs) > width:
                    lines.append(line)
                    line = ""
                line += ch
            lines.append(line)
            if heading and y - 2 * lead < foot:  # no heading alone at the foot of a page
                y = foot - 1
            for ln in lines:
                if y < foot:
                    self.end_page()
                    W, H = self.begin_page()
                    c.setFont(self.font, fs)
                    y = top
                c.drawString(70, y, ln)
                y -= lead
            y -= fs * 0.6
        self.end_page()

    def save(self):
        self.c.save()


# ----------------------------------------------------------------------------------------
# table builders


@dataclass
class Opts:
    ruling: str = "lattice"
    codes: str = "sep"  # sep / kxl / joined / run
    total_pos: str = "bottom"  # top / bottom / header
    font: str = ""
    fs: float = 7.5
    number: bool = True
    compiler: bool = True
    page: str = "portrait"
    breaks: tuple = ()
    repeat_header: bool = True
    spaced_total: bool = False
    vertical: bool = False
    multi_header: bool = True
    title: str = ""
    nf: NumFmt = field(default_factory=NumFmt)
    wrap_names: bool = False  # narrow name column so long names wrap
    misalign: bool = False  # 06: amounts level with the first line of wrapped names, some lifted
    spaced_headers: bool = False
    indent: bool = False
    full_digits: bool = False
    unit: str = ""
    lanci: str = ""  # 栏次 row under the header: "" none / "merged" (one cell over the label columns) / "first"


class Fixture:
    painter_cls = TablePainter  # the zoo draws its own headings with a subclass

    def __init__(self, name: str, dept: str, dept_key: str, year: int, unit: str, seed: int,
                 dec: int = 2, negative: bool = False, font: str = "song", meta_title: str = "",
                 kuan_names: dict[str, str] | None = None):
        self.name, self.dept, self.year, self.unit = name, dept, year, unit
        self.data = make_data(dept_key, seed, unit, dec, negative, kuan_names)
        self.truth: list[dict] = []
        self.tables: list[str] = []
        self.extra: list[str] = []
        self.units: list[str] = []
        self.font = font
        self.meta_title = meta_title or f"{dept}{year}年度部门决算"
        self.steps = []  # callables drawing on the doc
        self.mutations: dict[tuple, int] = {}  # (table_key, code_or_label, column) -> delta cents
        self.checks: list[dict] = []
        self.narrative_after = False  # 情况说明 after the tables (else between 概况 and the tables)
        self.narrative_faults: dict[str, int] = {}  # deliberate disagreements of the prose (cents)
        self.narrative_checks: list[dict] = []  # the findings they must raise
        self.extra_narrative = False  # 机关运行经费 and 政府采购 paragraphs (reports with those tables)

    # -- truth -----------------------------------------------------------------------------
    def value(self, tk, side, code, label, col, cents, nf: NumFmt, unit) -> str:
        cents += self.mutations.get((tk, code or label, col), 0)
        s = nf(cents)
        if cents != 0:
            self.truth.append(dict(table_key=tk, side=side, code=code, row_label=label, column_key=col,
                                   value=s, unit=unit, amount_yuan=yuan(cents, unit)))
        return s

    def st(self, o: Opts) -> Style:
        return Style(font=o.font or self.font, fs=o.fs, ruling=o.ruling, row_h=o.fs * 2.2)

    def note_table(self, key, unit):
        if key not in self.tables:
            self.tables.append(key)
        if unit not in self.units:
            self.units.append(unit)

    # -- generic coded table ---------------------------------------------------------------
    def coded(self, doc: DocBuilder, tk: str, title: str, number: str, value_tree: list, cols: list[str],
              fn, o: Opts, page_w: float, note: str = "", force_empty: bool = False):
        unit = o.unit or self.unit
        self.note_table(tk, unit)
        nf = o.nf
        rows_data = [] if force_empty else hierarchy(self.data.items, fn)
        total = {k: 0 for k in cols}
        for lvl, code, vals in rows_data:
            if lvl == "类":
                for k in cols:
                    total[k] += vals.get(k, 0)
        # label columns
        if o.codes == "sep":
            label_w = [52, 150 if not o.wrap_names else 90]
            label_tree = [("项目", [("科目编码", []), ("科目名称", [])])]
        elif o.codes == "kxl":
            label_w = [24, 20, 20, 140 if not o.wrap_names else 90]
            label_tree = [("科目编码", [("类", []), ("款", []), ("项", [])]), ("科目名称", [])]
        else:
            label_w = [200 if not o.wrap_names else 120]
            label_tree = [("项目", [("科目编码及名称" if o.codes == "joined" else "功能分类科目", [])])]
        nl = len(label_w)
        avail = page_w - 50 - sum(label_w)
        vw = min(72.0, avail / len(cols))
        widths = label_w + [vw] * len(cols)
        if o.vertical:
            # narrow columns with vertical headers for the later (normally empty) columns
            narrow = [i for i, n in enumerate(value_tree) if len(n) > 2 and n[2].get("vertical")]
            if narrow:
                for i in narrow:
                    widths[nl + i] = 22
                rest = [j for j in range(len(cols)) if j not in narrow]
                vw = min(80.0, (page_w - 50 - sum(label_w) - 22 * len(narrow)) / len(rest))
                for j in rest:
                    widths[nl + j] = vw
        rows: list[PRow] = []
        extra_header = [lanci_row(o.lanci, nl, len(cols))] if o.lanci else []

        def total_row(in_header=False) -> PRow:
            cells = []
            lab = "合计"
            if in_header:
                cells += [PCell(0, "类", align="c"), PCell(1, "款", align="c"), PCell(2, "项", align="c"),
                          PCell(3, "合计", align="c", spaced=o.spaced_total)]
            else:
                cells.append(PCell(0, lab, span=nl, align="c", spaced=o.spaced_total))
            for j, k in enumerate(cols):
                cells.append(PCell(nl + j, self.value(tk, "", "", "合计", k, total[k], nf, unit), align="r"))
            return PRow(cells)

        if rows_data and o.total_pos == "top":
            rows.append(total_row())
        for lvl, code, vals in rows_data:
            name = self.data.names[code]
            cells = []
            ind = {"类": 0, "款": 6, "项": 12}[lvl] if o.indent else 0
            if o.codes == "sep":
                cells += [PCell(0, code), PCell(1, name, indent=ind)]
            elif o.codes == "kxl":
                parts = [code[:3], code[3:5], code[5:7]]
                cells += [PCell(i, p, align="c") for i, p in enumerate(parts) if p]
                cells.append(PCell(3, name, indent=ind))
            elif o.codes == "joined":
                cells.append(PCell(0, f"{code} {name}", indent=ind))
            else:
                cells.append(PCell(0, f"{code}{name}", indent=ind))
            for j, k in enumerate(cols):
                cells.append(PCell(nl + j, self.value(tk, "", code, name, k, vals.get(k, 0), nf, unit), align="r"))
            rows.append(PRow(cells))
        if rows_data and o.total_pos == "bottom":
            rows.append(total_row())
        if rows_data and o.total_pos == "header":
            assert o.codes == "kxl"
            extra_header.append(total_row(in_header=True))
            tree = [("科目编码", [], {"span": 3}), ("科目名称", [])] + _flatten_leaves(value_tree)
        else:
            tree = label_tree + value_tree
        if force_empty:
            rows = [total_row()] + [PRow([PCell(0, "")]) for _ in range(2)]
        tp = self.painter_cls(doc, widths, tree, rows, self.st(o),
                          o.title or title, unit, number if o.number else "",
                          f"编制单位：{self.dept}" if o.compiler else "", o.page, o.breaks, o.repeat_header,
                          note=note, extra_header_rows=extra_header)
        tp.paint()
        return tp


def lanci_row(how: str, n_label: int, n_values: int, first_number: int = 1) -> PRow:
    """The national template's 栏次 row: "栏次" under the labels, column numbers under the amounts."""
    label = PCell(0, "栏次", span=n_label if how == "merged" else 1, align="c")
    return PRow([label] + [PCell(n_label + j, str(first_number + j), align="c") for j in range(n_values)])


def _flatten_leaves(tree):
    out = []
    for n in tree:
        if n[1]:
            out += _flatten_leaves(n[1])
        else:
            out.append(n)
    return out


# column trees ---------------------------------------------------------------------------

def tree_income():
    return [("本年收入合计", []), ("财政拨款收入", []), ("上级补助收入", []), ("事业收入", []),
            ("经营收入", []), ("附属单位上缴收入", []), ("其他收入", [])]


COLS_INCOME = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
COLS_EXP = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
COLS_05 = ["本年支出合计", "基本支出", "项目支出"]
COLS_07 = ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]


def tree_exp(vertical: bool):
    v = {"vertical": True} if vertical else {}
    return [("本年支出合计", []), ("基本支出", []), ("项目支出", []), ("上缴上级支出", [], v),
            ("经营支出", [], v), ("对附属单位补助支出", [], v)]


def tree_05(multi: bool, label="小计"):
    if multi:
        return [("本年支出", [(label, []), ("基本支出", []), ("项目支出", [])])]
    return [("本年支出合计", []), ("基本支出", []), ("项目支出", [])]


def tree_07(multi: bool):
    mid = [("本年支出", [("小计", []), ("基本支出", []), ("项目支出", [])])] if multi else \
        [("本年支出合计", []), ("基本支出", []), ("项目支出", [])]
    return [("年初结转和结余", []), ("本年收入", [])] + mid + [("年末结转和结余", [])]


def fn_income(it: Item):
    return {"本年收入合计": it.income, "财政拨款收入": it.gb_in + it.gf_in, "事业收入": it.sy_in, "其他收入": it.qt_in}


def fn_exp(it: Item):
    return {"本年支出合计": it.exp, "基本支出": it.basic, "项目支出": it.project}


def fn_05(it: Item):
    return {"本年支出合计": it.gb_b + it.gb_p, "基本支出": it.gb_b, "项目支出": it.gb_p}


def fn_07(it: Item):
    if not (it.gf_p or it.gf_in or it.gf_begin):
        return {}
    return {"年初结转和结余": it.gf_begin, "本年收入": it.gf_in, "本年支出合计": it.gf_p, "项目支出": it.gf_p,
            "年末结转和结余": it.gf_begin + it.gf_in - it.gf_p}


# ---- specific tables ---------------------------------------------------------------------

def t02(f: Fixture, doc, o: Opts):
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    f.coded(doc, "income", f"{f.year}年度收入决算表", "公开02表", tree_income(), COLS_INCOME, fn_income, o, W)


def t03(f: Fixture, doc, o: Opts):
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    f.coded(doc, "expenditure", f"{f.year}年度支出决算表", "公开03表", tree_exp(o.vertical), COLS_EXP, fn_exp, o, W)


def t05(f: Fixture, doc, o: Opts, label="小计"):
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    f.coded(doc, "general_budget_expenditure", f"{f.year}年度一般公共预算财政拨款支出决算表", "公开05表",
            tree_05(o.multi_header, label), COLS_05, fn_05, o, W)


def t07(f: Fixture, doc, o: Opts):
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    f.coded(doc, "government_fund", f"{f.year}年度政府性基金预算财政拨款收入支出决算表", "公开07表",
            tree_07(o.multi_header), COLS_07, fn_07, o, W)


def t08(f: Fixture, doc, o: Opts):
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    o2 = Opts(**{**o.__dict__})
    f.coded(doc, "state_capital", o.title or f"{f.year}年度国有资本经营预算财政拨款支出决算表", "公开08表",
            tree_05(o.multi_header), COLS_05, lambda it: {}, o2, W,
            note="注：本单位本年度无国有资本经营预算财政拨款支出。", force_empty=True)


def _empty_rows(n, ncols):
    return [PRow([PCell(0, "")]) for _ in range(n)]


def summary01(d: Data) -> tuple[list, list, list]:
    """收入支出决算总表: income items (label, cents), expenditure classes (code, label, cents) and
    the tail rows (income label, cents, expenditure label, cents), in printed order."""
    inc = [("一、一般公共预算财政拨款收入", d.tot("gb_in")), ("二、政府性基金预算财政拨款收入", d.tot("gf_in")),
           ("三、国有资本经营预算财政拨款收入", 0), ("四、上级补助收入", 0), ("五、事业收入", d.tot("sy_in")),
           ("六、经营收入", 0), ("七、附属单位上缴收入", 0), ("八、其他收入", d.tot("qt_in"))]
    classes = {}
    for it in d.items:
        classes[it.code[:3]] = classes.get(it.code[:3], 0) + it.exp
    exp = [(c, f"{cn_ordinal(CLASS_ORDER[c])}、{CLASS_NAMES[c]}", v) for c, v in sorted(classes.items())]
    inc_total = sum(v for _, v in inc)
    grand = inc_total + d.use_nf + d.begin_gb + d.begin_gf + d.begin_nf
    exp_total = sum(v for *_, v in exp)
    end = grand - exp_total - d.alloc
    tail = [("本年收入合计", inc_total, "本年支出合计", exp_total),
            ("使用非财政拨款结余", d.use_nf, "结余分配", d.alloc),
            ("年初结转和结余", d.begin_gb + d.begin_gf + d.begin_nf, "年末结转和结余", end),
            ("总计", grand, "总计", grand)]
    return inc, exp, tail


def t01(f: Fixture, doc, o: Opts):
    d, unit, nf, tk = f.data, o.unit or f.unit, o.nf, "income_expenditure_summary"
    f.note_table(tk, unit)
    inc, exp, tail = summary01(d)
    n = max(len(inc), len(exp))
    widths = [170, 80, 170, 80]
    rows = []
    sp = o.spaced_total
    for i in range(n):
        cells = []
        if i < len(inc):
            lab, v = inc[i]
            cells += [
                PCell(0, lab),
                PCell(1, f.value(tk, "收入", "", norm_label(lab), "决算数", v, nf, unit), align="r"),
            ]
        if i < len(exp):
            c, lab, v = exp[i]
            cells += [
                PCell(2, lab),
                PCell(3, f.value(tk, "支出", c, norm_label(lab), "决算数", v, nf, unit), align="r"),
            ]
        rows.append(PRow(cells))
    for l1, v1, l2, v2 in tail:
        s1 = sp and l1 == "总计"
        rows.append(PRow([
            PCell(0, l1, align="c", spaced=s1),
            PCell(1, f.value(tk, "收入", "", l1, "决算数", v1, nf, unit), align="r"),
            PCell(2, l2, align="c", spaced=s1),
            PCell(3, f.value(tk, "支出", "", l2, "决算数", v2, nf, unit), align="r")]))
    tree = [("收入", [("项目", []), ("决算数", [])]), ("支出", [("项目", []), ("决算数", [])])]
    st = f.st(o)
    if o.page != "portrait":
        widths = [230, 120, 230, 120]
    TablePainter(doc, widths, tree, rows, st, o.title or f"{f.year}年度收入支出决算总表",
                 unit, "公开01表" if o.number else "", f"编制单位：{f.dept}" if o.compiler else "",
                 o.page, o.breaks, o.repeat_header).paint()


COLS_04 = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]


def summary04(d: Data) -> tuple[list, list, list, list]:
    """财政拨款收入支出决算总表: income items (printed label, key, cents), expenditure classes
    (code, printed label, [cents per COLS_04]), income tail (key, cents) and expenditure tail
    (key, [cents per COLS_04]), in printed order. Income tail keys of sub-rows are parent/child."""
    gb_in, gf_in = d.tot("gb_in"), d.tot("gf_in")
    inc_total = gb_in + gf_in
    classes: dict[str, list[int]] = {}
    for it in d.items:
        gb, gf = it.gb_b + it.gb_p, it.gf_p
        if gb or gf:
            v = classes.setdefault(it.code[:3], [0, 0])
            v[0] += gb
            v[1] += gf
    gb_exp = sum(v[0] for v in classes.values())
    gf_exp = sum(v[1] for v in classes.values())
    end_gb = d.begin_gb + gb_in - gb_exp
    end_gf = d.begin_gf + gf_in - gf_exp
    grand = inc_total + d.begin_gb + d.begin_gf
    left = [("一、一般公共预算财政拨款", "一般公共预算财政拨款", gb_in),
            ("二、政府性基金预算财政拨款", "政府性基金预算财政拨款", gf_in),
            ("三、国有资本经营预算财政拨款", "国有资本经营预算财政拨款", 0)]
    right = [(c, f"{cn_ordinal(CLASS_ORDER[c])}、{CLASS_NAMES[c]}", [gb + gf, gb, gf, 0])
             for c, (gb, gf) in sorted(classes.items())]
    begin = "年初财政拨款结转和结余"
    inc_tail = [("本年收入合计", inc_total), (begin, d.begin_gb + d.begin_gf),
                (f"{begin}/一般公共预算财政拨款", d.begin_gb), (f"{begin}/政府性基金预算财政拨款", d.begin_gf),
                (f"{begin}/国有资本经营预算财政拨款", 0), ("总计", grand)]
    exp_tail = [("本年支出合计", [gb_exp + gf_exp, gb_exp, gf_exp, 0]),
                ("年末财政拨款结转和结余", [end_gb + end_gf, end_gb, end_gf, 0]),
                ("总计", [grand, d.begin_gb + gb_in, d.begin_gf + gf_in, 0])]
    return left, right, inc_tail, exp_tail


def t04(f: Fixture, doc, o: Opts):
    d, unit, nf, tk = f.data, o.unit or f.unit, o.nf, "fiscal_appropriation_summary"
    f.note_table(tk, unit)
    left, right, inc_tail, exp_tail = summary04(d)
    (inc_total_k, inc_total), (begin_k, begin), *subs, (_, grand) = inc_tail

    def rv(code, label, vals, cells, start):
        for j, (k, v) in enumerate(zip(COLS_04, vals)):
            cells.append(PCell(start + j, f.value(tk, "支出", code, label, k, v, nf, unit), align="r"))

    rows = []
    n = max(len(left), len(right))
    for i in range(n):
        cells = []
        if i < len(left):
            lab, key, v = left[i]
            cells += [PCell(0, lab), PCell(1, f.value(tk, "收入", "", key, "决算数", v, nf, unit), align="r")]
        if i < len(right):
            c, lab, vals = right[i]
            cells.append(PCell(2, lab))
            rv(c, norm_label(lab), vals, cells, 3)
        rows.append(PRow(cells))
    cells = [PCell(0, "本年收入合计", align="c"),
             PCell(1, f.value(tk, "收入", "", inc_total_k, "决算数", inc_total, nf, unit), align="r"),
             PCell(2, "本年支出合计", align="c")]
    rv("", *exp_tail[0], cells, 3)
    rows.append(PRow(cells))
    cells = [PCell(0, begin_k),
             PCell(1, f.value(tk, "收入", "", begin_k, "决算数", begin, nf, unit),
                   align="r"),
             PCell(2, "年末财政拨款结转和结余")]
    rv("", *exp_tail[1], cells, 3)
    rows.append(PRow(cells))
    for key, v in subs:
        rows.append(PRow([PCell(0, "  " + key.split("/")[1], indent=10),
                          PCell(1, f.value(tk, "收入", "", key, "决算数", v, nf, unit),
                                align="r")]))
    sp = o.spaced_total
    cells = [PCell(0, "总计", align="c", spaced=sp),
             PCell(1, f.value(tk, "收入", "", "总计", "决算数", grand, nf, unit), align="r"),
             PCell(2, "总计", align="c", spaced=sp)]
    rv("", *exp_tail[2], cells, 3)
    rows.append(PRow(cells))
    if o.page == "portrait":
        widths = [118, 54, 118, 54, 54, 54, 54]
    else:
        widths = [170, 80, 170, 90, 90, 90, 90]
    tree = [("收入", [("项目", []), ("决算数", [])]),
            ("支出", [("项目", []), ("决算数", [("合计", []), ("一般公共预算财政拨款", []),
                                             ("政府性基金预算财政拨款", []), ("国有资本经营预算财政拨款", [])])])]
    TablePainter(doc, widths, tree, rows, f.st(o), o.title or f"{f.year}年度财政拨款收入支出决算总表",
                 unit, "公开04表" if o.number else "", f"编制单位：{f.dept}" if o.compiler else "",
                 o.page, o.breaks, o.repeat_header).paint()


def t06(f: Fixture, doc, o: Opts, halves: bool = True):
    d, unit, nf, tk = f.data, o.unit or f.unit, o.nf, "general_budget_basic_expenditure"
    f.note_table(tk, unit)

    def side_rows(groups):
        out = []
        tot = 0
        for c, n, subs in groups:
            v = sum(d.econ[sc] for sc, _ in subs)
            tot += v
            out.append((c, n, v))
            for sc, sn in subs:
                out.append((sc, sn, d.econ[sc]))
        return out, tot

    lrows, ltot = side_rows(ECON_PERSON)
    rrows, rtot = side_rows(ECON_PUBLIC)
    ncode = 1 if o.codes in ("joined", "run") else 2

    def lab_cells(start, code, name, wraps):
        if o.codes == "run":
            return [PCell(start, f"{code}{name}")]
        if o.codes == "joined":
            return [PCell(start, f"{code} {name}")]
        return [PCell(start, code), PCell(start + 1, name)]

    name_w = 78 if o.wrap_names else 120
    rows = []
    if halves:
        n = max(len(lrows), len(rrows))
        half = ncode + 1
        for i in range(n):
            cells = []
            lifted = o.misalign and i % 3 == 1
            for k, src in ((0, lrows), (half, rrows)):
                if i < len(src):
                    code, name, v = src[i]
                    cells += lab_cells(k, code, name, False)
                    wraps = _w(name, FONT_NAMES[o.font or f.font], o.fs, False) > name_w - 4
                    cells.append(PCell(k + half - 1, f.value(tk, "", code, name, "决算数", v, nf, unit), align="r",
                                       valign="t" if (o.misalign and wraps) else "m",
                                       dy=(3.0 if lifted else 0.0) + (1.5 if (o.misalign and wraps) else 0.0)))
            rows.append(PRow(cells))
        sp = o.spaced_total
        lab1 = "人员经费合计"
        lab2 = "公用经费合计"
        rows.append(
            PRow(
                [
                    PCell(0, lab1, span=ncode, align="c", spaced=sp),
                    PCell(ncode, f.value(tk, "", "", "人员经费合计", "决算数", ltot, nf, unit), align="r"),
                    PCell(half, lab2, span=ncode, align="c", spaced=sp),
                    PCell(half + ncode, f.value(tk, "", "", "公用经费合计", "决算数", rtot, nf, unit), align="r"),
                ]
            )
        )
        if ncode == 2:
            widths = [40, name_w, 70, 40, name_w, 70]
            sub = [("科目编码", []), ("科目名称", []), ("决算数", [])]
        else:
            widths = [name_w + 40, 70, name_w + 40, 70]
            sub = [("科目名称", []), ("决算数", [])]
        tree = [("人员经费", sub), ("公用经费", [s for s in sub])]
    else:
        for code, name, v in lrows + rrows:
            cells = lab_cells(0, code, name, False)
            cells.append(PCell(ncode, f.value(tk, "", code, name, "决算数", v, nf, unit), align="r"))
            rows.append(PRow(cells))
        for lab, v in (("人员经费合计", ltot), ("公用经费合计", rtot)):
            rows.append(PRow([PCell(0, lab, span=ncode, align="c"),
                              PCell(ncode, f.value(tk, "", "", lab, "决算数", v, nf, unit), align="r")]))
        widths = [50, 200, 90] if ncode == 2 else [250, 90]
        tree = [("科目编码", []), ("科目名称", []), ("决算数", [])] if ncode == 2 else [("项目", []), ("决算数", [])]
    TablePainter(doc, widths, tree, rows, f.st(o), o.title or f"{f.year}年度一般公共预算财政拨款基本支出决算明细表",
                 unit, "公开06表" if o.number else "", f"编制单位：{f.dept}" if o.compiler else "",
                 o.page, o.breaks, o.repeat_header).paint()


THREE_KEYS = ["合计", "因公出国(境)费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
              "公务用车购置及运行费/公务用车运行费", "公务接待费"]


def t09(f: Fixture, doc, o: Opts, variant: int = 0):
    d, unit, nf, tk = f.data, o.unit or f.unit, o.nf, "three_public"
    f.note_table(tk, unit)
    abroad = "因公出国（境）费用" if variant else "因公出国（境）费"
    car = "公务用车购置及运行维护费" if variant else "公务用车购置及运行费"
    run = "公务用车运行维护费" if variant else "公务用车运行费"
    sp = o.spaced_headers

    def part(p):
        return (p, [("合计", []), (abroad, [], {"spaced": sp}),
                    (car, [("小计", []), ("公务用车购置费", []), (run, [])]), ("公务接待费", [])])

    cells = [PCell(0, "合计", align="c", spaced=o.spaced_total)]
    j = 1
    for p in ("预算数", "决算数"):
        for k in THREE_KEYS:
            cells.append(PCell(j, f.value(tk, "", "", "合计", f"{p}/{k}", d.three[f"{p}/{k}"], nf, unit), align="r"))
            j += 1
    W = landscape(A4)[0] if o.page != "portrait" else A4[0]
    vw = (W - 60 - 50) / 12
    widths = [50] + [vw] * 12
    tree = [("项目", [])] + [part("预算数"), part("决算数")]
    TablePainter(doc, widths, tree, [PRow(cells, min_h=24)], f.st(o),
                 o.title or f"{f.year}年度财政拨款“三公”经费支出决算表", unit, "公开09表" if o.number else "",
                 f"编制单位：{f.dept}" if o.compiler else "", o.page, o.breaks, o.repeat_header).paint()


def t_extra_running(f: Fixture, doc, o: Opts):
    title = f"{f.year}年度机关运行经费支出决算表"
    f.extra.append(title)
    g = random.Random(hash_seed(f.name + "run"))
    v = g.randint(1000, 90000)
    rows = [PRow([PCell(0, "机关运行经费支出"), PCell(1, NumFmt()(v), align="r")])]
    TablePainter(doc, [200, 100], [("项目", []), ("决算数", [])], rows, f.st(o), title, f.unit, "",
                 f"编制单位：{f.dept}", "portrait", (), True).paint()


def t_extra_procurement(f: Fixture, doc, o: Opts):
    title = f"{f.year}年度政府采购情况表"
    f.extra.append(title)
    g = random.Random(hash_seed(f.name + "proc"))
    a, b, c_ = g.randint(1000, 30000), 0, g.randint(1000, 30000)
    cells = [PCell(0, "合计", align="c")] + [PCell(i + 1, NumFmt()(x), align="r") for i, x in
                                             enumerate([a + b + c_, a, b, c_, (a + b + c_) // 3])]
    tree = [("项目", []), ("政府采购支出总额", []), ("政府采购货物支出", []), ("政府采购工程支出", []),
            ("政府采购服务支出", []), ("授予中小企业合同金额", [])]
    TablePainter(doc, [60, 90, 90, 90, 90, 90], tree, [PRow(cells)], f.st(o), title, f.unit, "",
                 f"编制单位：{f.dept}", "portrait", (), True).paint()


def hash_seed(s: str) -> int:
    return sum((i + 1) * ord(ch) for i, ch in enumerate(s))


def norm_label(s: str) -> str:
    import re
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、])", "", s)
    return s.replace("(", "（").replace(")", "）")


NARRATIVE = [
    "第一部分 部门概况",
    "一、主要职能。{dept}贯彻落实党中央关于相关工作的方针政策和决策部署，在履行职责过程中坚持和加强党的集中统一领导。主要职责是拟订本地区相关事业发展规划和政策措施并组织实施。",
    "二、部门决算单位构成。纳入本部门{year}年度部门决算编制范围的单位共{n}家，其中行政单位1家，事业单位{m}家。",
    "第二部分 {year}年度部门决算情况说明",
    "一、收入支出决算总体情况说明。{year}年度收入、支出决算总计{grand}{unit}。与上年相比，收、支总计各增加若干{unit}，增长主要原因是人员经费及项目支出增加。",
    "二、收入决算情况说明。本年收入合计{inc}{unit}，其中：财政拨款收入占比较高，事业收入和其他收入占比较低。",
    "三、支出决算情况说明。本年支出合计{exp}{unit}，其中：基本支出用于保障机构正常运转、完成日常工作任务而发生的各项支出，项目支出用于完成特定行政任务和事业发展目标所发生的支出。",
    "四、财政拨款收入支出决算总体情况说明。财政拨款收入支出决算总计较上年有所变动，主要原因是相关政策调整。",
    "五、关于“三公”经费支出决算情况说明。{year}年度“三公”经费支出决算数小于预算数的主要原因是厉行节约，严格控制公务接待和公务用车支出。",
    "六、名词解释。财政拨款收入：指本级财政当年拨付的资金。年初结转和结余：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。",
]


# Narrative (情况说明) written from the fixture's own figures, in the phrasing of real reports.
# Each fixture's style: the unit of its prose (a report in 元 may speak in 万元, rounded), thousands
# separators, spaces around numbers (as some PDFs print them), and "1." or "1、" item numbers.
NARRATIVE_STYLE = {  # group="款": 具体情况 by 款 as in the 黄陂 report, 项 names listed with the 款's amount
    "minzheng_2023_lattice": dict(group="款"),
    "jiaoyu_2023_template_title": dict(group="款", enum="、"),
    "caizheng_2023_shanghai": dict(space=True, enum="、"),
    "caizheng_2024_yuan_thousands": dict(unit="万元", thou=True),
    "jiaoyu_2024_threeline_kxl": dict(thou=True, enum="、"),
    "minzheng_2024_misaligned": dict(space=True),
    "nongye_2023_tail_split": dict(thou=True),
    "weijian_2023_borderless_yuan": dict(thou=True, enum="、"),
    "narrative_disagree": dict(thou=True),
}
PERSON_ITEMS = ("基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、"
                "住房公积金、退休费、生活补助")
PUBLIC_ITEMS = "办公费、水费、电费、差旅费、公务接待费、工会经费、公务用车运行维护费、其他商品和服务支出、办公设备购置"


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


class Narrator:
    """Amounts (cents of the table unit) as the prose prints them, and invented last-year figures
    and budgets that agree with the stated amounts (changes and completion rates are computed from
    the printed numbers; shares from the exact ones, as a report's author would)."""

    def __init__(self, f: "Fixture"):
        st = NARRATIVE_STYLE.get(f.name, {})
        self.table_unit, self.unit = f.unit, st.get("unit", f.unit)
        self.fmt = NumFmt(thou=st.get("thou", False), zero="0.00")
        self.space, self.enum = st.get("space", False), st.get("enum", ".")
        self.rng = random.Random(hash_seed(f.name + "narrative"))

    def cents(self, c: int) -> int:
        if self.unit == self.table_unit:
            return c
        assert (self.table_unit, self.unit) == ("元", "万元")
        return int((Decimal(c) / 10000).quantize(Decimal(1), ROUND_HALF_UP))

    def _num(self, s: str) -> str:
        return f" {s} " if self.space else s

    def m(self, c: int, printed: bool = False) -> str:
        """E.g. 3,413.11万元 (c in table cents; printed=True: c already in prose cents)."""
        return self._num(self.fmt(c if printed else self.cents(c))) + self.unit

    def pct(self, v: Decimal) -> str:
        return self._num(str(v)) + "%"

    def share(self, part: int, whole: int) -> str:
        return self.pct(_pct(part, whole))

    def change(self, c: int, what: str, each: bool = False) -> str:
        """E.g. 各增加12.30万元，增长3.21%: a last-year figure 3–18 % away from this year's."""
        now = self.cents(c)
        delta = int(now * self.rng.uniform(0.03, 0.18)) * self.rng.choice([1, -1])
        up = delta > 0
        return (f"{what}{'各' if each else ''}{'增加' if up else '减少'}{self.m(abs(delta), True)}，"
                f"{'增长' if up else '下降'}{self.pct(_pct(abs(delta), now - delta))}")

    def budget(self, c: int) -> int:
        """A budget (prose cents) for an actual amount: the same, or within ±12 %."""
        now = self.cents(c)
        return now if self.rng.random() < 0.25 else int(now * self.rng.uniform(0.88, 1.12))

    def execution(self, budget: int, c: int) -> str:
        """年初预算为…，支出决算为…，完成年初预算的…%, and why the two differ."""
        now = self.cents(c)
        done = f"，完成年初预算的{self.pct(_pct(now, budget))}" if budget else ""
        why = ("决算数与预算数持平。" if budget == now else
               "决算数大于预算数的主要原因是年中追加了相关经费。" if now > budget else
               "决算数小于预算数的主要原因是厉行节约，压减一般性支出。")
        return f"年初预算为{self.m(budget, True)}，支出决算为{self.m(c)}{done}。{why}"


def _item_path(d: Data, code: str, xiang: list[str] | None = None) -> str:
    """…（类）…（款）…（项）; for a 款, every 项 under it: …（款）行政运行（项）一般行政管理事务（项）."""
    names = "".join(f"{d.names[c]}（项）" for c in (xiang or [code]))
    return f"{d.names[code[:3]]}（类）{d.names[code[:5]]}（款）{names}"


def narrative_profile(f: "Fixture") -> list[str]:
    return ["第一部分 部门概况", "一、主要职能",
            f"{f.dept}贯彻落实党中央关于相关工作的方针政策和决策部署，在履行职责过程中坚持和加强党的集中统一"
            "领导。主要职责是拟订本地区相关事业发展规划和政策措施并组织实施，承担本系统财务、国有资产管理和统计工作。",
            "二、部门决算单位构成",
            f"纳入本部门{f.year}年度部门决算编制范围的单位共3家，其中行政单位1家，事业单位2家。"]


def narrative_accounts(f: "Fixture", part: str) -> list[str]:
    """第X部分 情况说明 and 名词解释, every figure from the fixture's tables (mutations included, so
    the prose restates what the tables print); f.narrative_faults plants deliberate disagreements."""
    d, y, p = f.data, f.year, f.year - 1
    n = Narrator(f)
    m = n.m
    faults = f.narrative_faults

    def mu(tk, key, col, c):
        return c + f.mutations.get((tk, key, col), 0)

    inc, exp = d.tot("income"), d.tot("exp")
    grand = inc + d.use_nf + d.begin_gb + d.begin_gf + d.begin_nf
    fin, sy, qt = d.tot("gb_in") + d.tot("gf_in"), d.tot("sy_in"), d.tot("qt_in")
    basic = mu("expenditure", "合计", "基本支出", d.tot("basic"))
    project = mu("expenditure", "合计", "项目支出", d.tot("project"))
    gb_in, gf_in = d.tot("gb_in"), d.tot("gf_in")
    fa_grand = gb_in + gf_in + d.begin_gb + d.begin_gf
    rows05 = hierarchy(d.items, fn_05)
    classes = [(c, mu("general_budget_expenditure", c, "本年支出合计", v["本年支出合计"]))
               for lv, c, v in rows05 if lv == "类"]
    items = [(c, mu("general_budget_expenditure", c, "本年支出合计", v["本年支出合计"]))
             for lv, c, v in rows05 if lv == "项"]
    if NARRATIVE_STYLE.get(f.name, {}).get("group") == "款":  # a 款 with several 项 is stated as one
        kuan = {c: mu("general_budget_expenditure", c, "本年支出合计", v["本年支出合计"])
                for lv, c, v in rows05 if lv == "款"}
        grouped = []
        for k, v in kuan.items():
            under = [c for c, _ in items if c.startswith(k)]
            grouped += [(c, x) for c, x in items if c in under] if len(under) == 1 else [(k, v)]
        items = grouped
    gb = sum(v for _, v in classes)
    gb_basic = mu("general_budget_expenditure", "合计", "基本支出", sum(i.gb_b for i in d.items))
    person = sum(d.econ[sc] for _, _, subs in ECON_PERSON for sc, _ in subs)
    public = sum(d.econ[sc] for _, _, subs in ECON_PUBLIC for sc, _ in subs)
    gf_items = [it for it in d.items if it.gf_p or it.gf_in or it.gf_begin]
    three = d.three

    out = [f"{part} {f.dept}{y}年度部门决算情况说明"]
    sec = iter(range(1, 20))

    def h(title):
        out.append(f"{cn_ordinal(next(sec))}、{title}")

    h("收入支出决算总体情况说明")
    stated = grand + faults.get("total", 0)
    out.append(f"{y}年度收、支总计{m(stated)}。与{p}年度相比，{n.change(stated, '收、支总计', each=True)}。"
               "主要原因是人员经费和项目支出随业务需要有所变动。")
    h("收入决算情况说明")
    parts = [(k, v) for k, v in (("财政拨款收入", fin), ("事业收入", sy), ("其他收入", qt)) if v]
    out.append(f"{y}年度本年收入合计{m(inc)}，其中：" +
               "；".join(f"{k}{m(v)}，占{n.share(v, inc)}" for k, v in parts) + "。")
    h("支出决算情况说明")
    share_basic = _pct(basic, exp) + faults.get("basic_share", 0)
    out.append(f"{y}年度本年支出合计{m(exp)}，其中：基本支出{m(basic)}，占{n.pct(share_basic)}；"
               f"项目支出{m(project)}，占{n.share(project, exp)}。基本支出主要用于保障机构正常运转、"
               "完成日常工作任务，项目支出主要用于完成特定行政工作任务和事业发展目标。")
    h("财政拨款收入支出决算总体情况说明")
    out.append(f"{y}年度财政拨款收、支总计{m(fa_grand)}。与{p}年度相比，"
               f"{n.change(fa_grand, '财政拨款收、支总计', each=True)}。主要原因是部分项目资金有所调整。")
    if gf_in:
        out.append(f"{y}年度财政拨款收入中，一般公共预算财政拨款收入{m(gb_in)}，"
                   f"政府性基金预算财政拨款收入{m(gf_in)}。")
    else:
        out.append(f"{y}年度财政拨款收入中，一般公共预算财政拨款收入{m(gb_in)}，本部门无政府性基金预算"
                   "和国有资本经营预算财政拨款收入。")
    h("一般公共预算财政拨款支出决算情况说明")
    out.append("（一）一般公共预算财政拨款支出决算总体情况")
    out.append(f"{y}年度一般公共预算财政拨款支出{m(gb)}，占本年支出合计的{n.share(gb, exp)}。与{p}年度相比，"
               f"{n.change(gb, '一般公共预算财政拨款支出')}。主要原因是保障重点民生项目支出。")
    out.append("（二）一般公共预算财政拨款支出决算结构情况")
    listed = [(c, v + (faults.get("class", 0) if i == 0 else 0)) for i, (c, v) in enumerate(classes)]
    out.append(f"{y}年度一般公共预算财政拨款支出{m(gb)}，主要用于以下方面：" +
               "；".join(f"{CLASS_NAMES[c]}（类）{m(v)}，占{n.share(v, gb)}" for c, v in listed) + "。")
    out.append("（三）一般公共预算财政拨款支出决算具体情况")
    budgets = [n.budget(v) for _, v in items]
    out.append(f"{y}年度一般公共预算财政拨款支出{n.execution(sum(budgets), gb)}具体情况如下：")
    for k, ((c, v), b) in enumerate(zip(items, budgets), 1):
        path = _item_path(d, c, [x.code for x in d.items if x.code.startswith(c) and (x.gb_b or x.gb_p)]
                          if len(c) == 5 else None)
        out.append(f"{k}{n.enum}{path}。{n.execution(b, v)}")
    h("一般公共预算财政拨款基本支出决算情况说明")
    out.append(f"{y}年度一般公共预算财政拨款基本支出{m(gb_basic)}，其中：人员经费{m(person)}，主要包括："
               f"{PERSON_ITEMS}；公用经费{m(public)}，主要包括：{PUBLIC_ITEMS}。")
    h("政府性基金预算财政拨款收入支出决算情况说明")
    if gf_items:
        g_begin, g_exp = sum(i.gf_begin for i in gf_items), sum(i.gf_p for i in gf_items)
        g_end = g_begin + gf_in - g_exp
        out.append(f"{y}年度政府性基金预算财政拨款年初结转和结余{m(g_begin)}，本年收入"
                   f"{m(gf_in + faults.get('gf_income', 0))}，本年支出{m(g_exp)}，年末结转和结余{m(g_end)}。"
                   "具体支出情况为：")
        for it in gf_items:
            out.append(f"{_item_path(d, it.code)}。支出决算为{m(it.gf_p)}，主要用于社会公益事业。")
    else:
        out.append(f"本部门{y}年度无政府性基金预算财政拨款收入，也无使用政府性基金预算财政拨款安排的支出。")
    h("国有资本经营预算财政拨款支出决算情况说明")
    out.append(f"本部门{y}年度无国有资本经营预算财政拨款支出。")
    h("财政拨款“三公”经费支出决算情况说明")
    out.append("（一）“三公”经费财政拨款支出决算总体情况说明")
    tb, ta = three["预算数/合计"], three["决算数/合计"]
    vs = "大于" if ta > tb else "小于" if ta < tb else "等于"
    out.append(f"{y}年度“三公”经费财政拨款支出全年预算为{m(tb)}，支出决算为{m(ta)}，完成全年预算的"
               f"{n.pct(_pct(n.cents(ta), n.cents(tb)))}。决算数{vs}预算数的主要原因是严格落实中央八项规定精神，"
               f"厉行节约。与{p}年度相比，{n.change(ta, '“三公”经费财政拨款支出决算数')}。")
    out.append("（二）“三公”经费财政拨款支出决算具体情况说明")
    abroad, car = three["决算数/因公出国(境)费"], three["决算数/公务用车购置及运行费/小计"]
    buy, run = three["决算数/公务用车购置及运行费/公务用车购置费"], three["决算数/公务用车购置及运行费/公务用车运行费"]
    recv = three["决算数/公务接待费"]
    out.append(f"{y}年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算{m(abroad)}，占{n.share(abroad, ta)}；"
               f"公务用车购置及运行费支出决算{m(car)}，占{n.share(car, ta)}；公务接待费支出决算{m(recv)}，"
               f"占{n.share(recv, ta)}。具体情况如下：")
    g = random.Random(hash_seed(f.name + "three"))
    out.append(f"1{n.enum}因公出国（境）费支出{m(abroad)}，全年安排因公出国（境）团组0个、累计0人次。")
    out.append(f"2{n.enum}公务用车购置及运行费支出{m(car)}，其中：公务用车购置费{m(buy)}，公务用车运行费{m(run)}。"
               f"截至{y}年12月31日，本部门开支财政拨款的公务用车保有量为{g.randint(1, 6)}辆。")
    out.append(f"3{n.enum}公务接待费支出{m(recv)}，其中：国内公务接待支出{m(recv)}，共接待{g.randint(3, 30)}批次、"
               f"{g.randint(30, 300)}人次；外宾接待支出{m(0)}。")
    if f.extra_narrative:
        run_v = random.Random(hash_seed(f.name + "run")).randint(1000, 90000)
        pg = random.Random(hash_seed(f.name + "proc"))
        goods, works, services = pg.randint(1000, 30000), 0, pg.randint(1000, 30000)
        total = goods + works + services
        h("机关运行经费支出说明")
        out.append(f"{y}年度本部门机关运行经费支出{m(run_v)}，比{p}年度"
                   f"{n.change(run_v, '')}。主要原因是严格落实过紧日子要求，压减办公用品采购和差旅费等支出。")
        h("政府采购支出说明")
        out.append(
            f"{y}年度本部门政府采购支出总额{m(total)}，其中：政府采购货物支出{m(goods)}、政府采购服务支出"
            f"{m(services)}。授予中小企业合同金额{m(total // 3)}，占政府采购支出总额的{n.share(total // 3, total)}。"
        )
    out += [f"{'第四部分' if part == '第三部分' else '第三部分'} 名词解释",
            "一、财政拨款收入：指本级财政当年拨付的资金。",
            "二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"]
    return out


# ----------------------------------------------------------------------------------------
# fixtures


def build(f: Fixture, out: Path, plan: list, layout: str):
    doc = DocBuilder(out / f"{f.name}.pdf", f.meta_title, f.font)
    doc.cover(f.dept, f.year)
    f.extra_narrative = any(step[0] is t_extra_running for step in plan)
    if f.narrative_after:  # 第一部分 概况, 第二部分 the tables, 第三部分 情况说明
        doc.narrative(narrative_profile(f))
        for fn, o, *args in plan:
            fn(f, doc, o, *args)
        doc.narrative(narrative_accounts(f, "第三部分"))
    else:  # 第一部分 概况 and 第二部分 情况说明 before the tables
        doc.narrative(narrative_profile(f) + narrative_accounts(f, "第二部分"))
        for fn, o, *args in plan:
            fn(f, doc, o, *args)
    doc.save()
    write_truth(f, out)
    return dict(file=f"{f.name}.pdf", department=f.dept, year=f.year, unit=";".join(f.units),
                tables=";".join(f.tables), layout=layout, extra_tables=";".join(f.extra))


def write_expected_checks(path: Path, checks: list[dict]) -> None:
    """NAME.expected_checks.csv: the findings a planted inconsistency must raise."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["table_key", "row", "column", "severity", "rule"])
        w.writeheader()
        w.writerows(checks)


def write_truth(f: Fixture, out: Path) -> None:
    """NAME.truth.csv, after checking that no key is listed twice."""
    with open(out / f"{f.name}.truth.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, TRUTH_COLUMNS)
        w.writeheader()
        w.writerows(f.truth)
    keys = set()
    for r in f.truth:
        k = (r["table_key"], r["side"], r["code"], r["row_label"] if not r["code"] else "", r["column_key"])
        assert k not in keys, (f.name, k)
        keys.add(k)


def opts(**kw) -> Opts:
    return Opts(**kw)


def fixtures_spec():
    """(Fixture kwargs, plan builder, layout description, narrative pages)."""
    specs = []

    # 1 — ruled lattice, code | name, 合计 at top, standard order, STSong, 01..09
    def f1():
        f = Fixture("minzheng_2023_lattice", "某某县民政局", "minzheng", 2023, "万元", 11)
        o = dict(ruling="lattice", codes="sep", total_pos="top")
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o, breaks=(14,), repeat_header=True)),
            (t04, opts(**o)),
            (t05, opts(**o)),
            (t06, opts(**o)),
            (t07, opts(**o)),
            (t08, opts(**o)),
            (t09, opts(**o, page="landscape")),
        ]
        return f, plan, ("lattice; code|name columns; 合计 at top; 03 continues on next page with header "
                         "repeated; 05/07/08/09 multi-level headers; 09 on landscape page; 08 empty with note; "
                         "STSong-Light")
    specs.append(f1)

    # 2 — three-line, 类|款|项, vertical headers, continuation without header, WQY embedded
    def f2():
        f = Fixture("jiaoyu_2024_threeline_kxl", "某某区教育局", "jiaoyu", 2024, "万元", 22, font="wqy")
        f.narrative_after = True
        o = dict(ruling="threeline", codes="kxl", total_pos="bottom", font="wqy")
        plan = [(t01, opts(**o)), (t02, opts(**o)), (t03, opts(**o, vertical=True, breaks=(16,), repeat_header=False)),
                (t04, opts(**o)), (t05, opts(**o)), (t06, opts(**o)), (t07, opts(**o)), (t08, opts(**o)),
                (t09, opts(**o, page="landscape"))]
        return f, plan, ("three-line rules; 科目编码 split 类|款|项; 合计 at bottom; 03 vertical narrow headers "
                         "and continues on next page without header; WQY ZenHei embedded")
    specs.append(f2)

    # 3 — borderless, joined code+name, run-together 06, thousands separators, 元 without decimals
    def f3():
        nf = NumFmt(dec=0, thou=True, zero="")
        f = Fixture("weijian_2023_borderless_yuan", "某某市卫生健康委员会", "weijian", 2023, "元", 33, dec=0)
        f.narrative_after = True
        o = dict(ruling="none", codes="joined", total_pos="bottom", nf=nf, indent=True, number=False)
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o)),
            (t04, opts(**o)),
            (t05, opts(**o, multi_header=False)),
            (t06, opts(**{**o, "codes": "run"}), False),
            (t07, opts(**o)),
            (t08, opts(**o)),
            (t09, opts(**o, page="landscape")),
        ]
        return f, plan, ("borderless; code+name in one cell '2100101 行政运行' with indents; 06 single column "
                         "run-together '30101基本工资'; unit 元 no decimals with thousands separators; no 公开NN表")
    specs.append(f3)

    # 4 — landscape and /Rotate 90 pages
    def f4():
        f = Fixture("nongye_2024_rotated", "某某县农业农村局", "nongye", 2024, "万元", 44)
        f.narrative_after = True
        o = dict(ruling="lattice", codes="sep", total_pos="bottom")
        plan = [(t01, opts(**o, page="landscape")), (t02, opts(**o, page="rot90")), (t03, opts(**o, page="landscape")),
                (t04, opts(**o, page="rot90")), (t05, opts(**o)), (t06, opts(**o)), (t07, opts(**o, page="rot90")),
                (t08, opts(**o)), (t09, opts(**o, page="rot90"))]
        return f, plan, ("landscape pages (01,03); portrait MediaBox with /Rotate 90 (02,04,07,09); lattice")
    specs.append(f4)

    # 5 — 06 halves with misaligned values; wrapped names; letter-spaced 合计/总计
    def f5():
        f = Fixture("minzheng_2024_misaligned", "某某县民政局", "minzheng", 2024, "万元", 55)
        o = dict(ruling="lattice", codes="sep", total_pos="bottom", spaced_total=True, wrap_names=True)
        plan = [(t01, opts(**o)), (t02, opts(**o)), (t03, opts(**o)), (t04, opts(**o)), (t05, opts(**o)),
                (t06, opts(**o, misalign=True)), (t07, opts(**o)), (t08, opts(**o)),
                (t09, opts(**o, spaced_headers=True, page="landscape"), 1)]
        return f, plan, ("06 halves with amounts level with the first line of 2-line names and some values "
                         "lifted 3pt; narrow name columns so names wrap; letter-spaced 合 计/总 计/人 员 经 费 合 计; "
                         "09 letter-spaced 因公出国（境）费用 header, 公务用车购置及运行维护费 variant")
    specs.append(f5)

    # 6 — Shanghai style: different order, no numbers, title variants, extra tables
    def f6():
        f = Fixture("caizheng_2023_shanghai", "上海市某某区财政局", "caizheng", 2023, "万元", 66)
        f.narrative_after = True
        o = dict(ruling="lattice", codes="sep", total_pos="bottom", number=False)
        plan = [(t01, opts(**o)), (t02, opts(**o)), (t03, opts(**o)),
                (t04, opts(**o, title="2023年度财政拨款收支决算总表")),
                (t05, opts(**o)), (t07, opts(**o)),
                (t08, opts(**o, title="2023年度国有资本经营预算财政拨款收入支出决算表")),
                (t06, opts(**o, title="2023年度一般公共预算财政拨款基本支出决算表"), False),
                (t09, opts(**o, page="landscape")), (t_extra_running, opts(**o)), (t_extra_procurement, opts(**o))]
        return f, plan, ("Shanghai style: no 公开NN表; title variants (财政拨款收支决算总表, 基本支出决算表, "
                         "国有资本经营预算财政拨款收入支出决算表); 06 single column; order 01,02,03,04,05,07,08,06,09; "
                         "extra tables 机关运行经费支出决算表 and 政府采购情况表")
    specs.append(f6)

    # 7 — template metadata title, 合计 in the 类/款/项 header row
    def f7():
        f = Fixture("jiaoyu_2023_template_title", "某某区教育局", "jiaoyu", 2023, "万元", 77,
                    meta_title="附件2：预算主管部门公开样张")
        o = dict(ruling="lattice", codes="kxl", total_pos="header")
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o)),
            (t04, opts(**o)),
            (t05, opts(**o, multi_header=False)),
            (t06, opts(**{**o, "codes": "sep"})),
            (t07, opts(**o, multi_header=False)),
            (t08, opts(**o, multi_header=False)),
            (t09, opts(**o, page="landscape")),
        ]
        return f, plan, ("PDF Title '附件2：预算主管部门公开样张'; 类|款|项 code columns; 合计 row shares the "
                         "header row with 类/款/项; flat headers")
    specs.append(f7)

    # 8 — full-width digits, negatives, dashes
    def f8():
        f = Fixture("weijian_2024_fullwidth_neg", "某某县卫生健康局", "weijian", 2024, "万元", 88, negative=True)
        base = dict(ruling="lattice", codes="sep", total_pos="bottom")
        plan = [
            (t01, opts(**base, nf=NumFmt(zero="—"))),
            (t02, opts(**base, nf=NumFmt(neg="paren", zero="-"))),
            (t03, opts(**base, nf=NumFmt(zero="0.00"))),
            (t04, opts(**base, nf=NumFmt(zero="-"))),
            (t05, opts(**base, nf=NumFmt(full=True))),
            (t06, opts(**base, nf=NumFmt(thou=True, zero="-"))),
            (t07, opts(**base, nf=NumFmt(zero="-"))),
            (t08, opts(**base)),
            (t09, opts(**base, nf=NumFmt(zero="0.00"))),
        ]
        return f, plan, ("negative 其他收入 printed （12.00） in 02 and -12.00 in 01; full-width digits in 05; "
                         "empties printed —, -, 0.00; thousands separators in 06")
    specs.append(f8)

    # 9 — tail split: last rows incl. 合计 alone on the next page; run-together codes
    def f9():
        f = Fixture("nongye_2023_tail_split", "某某县农业农村局", "nongye", 2023, "万元", 99, font="wqy")
        f.narrative_after = True
        o = dict(ruling="threeline", codes="run", total_pos="bottom", font="wqy")
        d = make_data("nongye", 99, "万元", 2)
        n05 = len(hierarchy(d.items, fn_05))
        n03 = len(hierarchy(d.items, fn_exp))
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o, breaks=(n03 - 2,), repeat_header=True)),
            (t04, opts(**o)),
            (t05, opts(**o, breaks=(n05,), repeat_header=False)),
            (t06, opts(**o)),
            (t07, opts(**o)),
            (t08, opts(**o)),
            (t09, opts(**o)),
        ]
        return f, plan, ("three-line; run-together codes '2130101行政运行'; 03: last 2 项 + 合计 on next page "
                         "(header repeated); 05: 合计 alone on next page without header; WQY ZenHei; 09 portrait "
                         "with wrapped headers")
    specs.append(f9)

    # 10 — inconsistent
    def f10():
        f = Fixture("inconsistent", "某某县民政局", "minzheng", 2024, "万元", 1010)
        o = dict(ruling="lattice", codes="sep", total_pos="bottom")
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o)),
            (t04, opts(**o)),
            (t05, opts(**o)),
            (t06, opts(**o)),
            (t07, opts(**o)),
            (t08, opts(**o)),
            (t09, opts(**o, page="landscape")),
        ]
        f.mutations[("general_budget_expenditure", "20805", "基本支出")] = 1
        f.mutations[("expenditure", "合计", "项目支出")] = 10000  # +100.00 万元
        # the 情况说明 restates the tables as printed, so their 基本+项目支出 ≠ 本年支出合计 shows there too
        f.narrative_checks = [
            dict(metric="total_expenditure", rule="narrative_sum", severity="error", table="narrative",
                 row="total_expenditure", column="sum of parts", what="项目支出 of 03 as printed (+100.00)")]
        f.checks = [
            dict(table_key="general_budget_expenditure", row="20805", column="基本支出", severity="rounding",
                 rule="款 20805 = Σ项 (differs by 0.01)"),
            dict(table_key="general_budget_expenditure", row="20805", column="本年支出合计", severity="rounding",
                 rule="本年支出合计 = 基本支出 + 项目支出 on row 20805 (differs by 0.01)"),
            dict(table_key="general_budget_expenditure", row="208", column="基本支出", severity="rounding",
                 rule="类 208 = Σ款 (differs by 0.01)"),
            dict(table_key="expenditure", row="合计", column="项目支出", severity="error",
                 rule="合计 = Σ类 (differs by 100.00)"),
            dict(table_key="expenditure", row="合计", column="本年支出合计", severity="error",
                 rule="本年支出合计 = 基本支出 + 项目支出 on row 合计 (differs by 100.00)"),
        ]
        return f, plan, ("lattice; deliberate +0.01 on 05 款 20805 基本支出 and +100.00 on 03 合计 项目支出 "
                         "(see inconsistent.expected_checks.csv)")
    specs.append(f10)

    # 11 — 元 with decimals and thousands separators, three-line, 09 in 元 inside a 万元 report? keep one unit
    def f11():
        nf = NumFmt(dec=2, thou=True, zero="")
        f = Fixture("caizheng_2024_yuan_thousands", "某某县财政局", "caizheng", 2024, "元", 111)
        o = dict(ruling="threeline", codes="sep", total_pos="top", nf=nf, compiler=False)
        plan = [
            (t01, opts(**o, page="landscape")),
            (t02, opts(**o, page="landscape")),
            (t03, opts(**o, page="landscape")),
            (t04, opts(**o, page="landscape")),
            (t05, opts(**o, multi_header=True)),
            (t06, opts(**o)),
            (t07, opts(**o, page="landscape")),
            (t08, opts(**o)),
            (t09, opts(**o, page="landscape")),
        ]
        return f, plan, ("unit 元 with 2 decimals and thousands separators '1,234,567.89'; three-line; "
                         "only '单位：元' above tables (no 编制单位); 合计 at top; landscape pages")
    specs.append(f11)

    # 12 — the narrative disagrees with the tables and with itself
    def f12():
        f = Fixture("narrative_disagree", "某某市民政局", "minzheng", 2024, "万元", 1212)
        f.narrative_after = True
        o = dict(ruling="lattice", codes="sep", total_pos="bottom")
        plan = [
            (t01, opts(**o)),
            (t02, opts(**o)),
            (t03, opts(**o)),
            (t04, opts(**o)),
            (t05, opts(**o)),
            (t06, opts(**o)),
            (t07, opts(**o)),
            (t08, opts(**o)),
            (t09, opts(**o, page="landscape")),
        ]
        f.narrative_faults = {"total": 10000, "class": 1, "gf_income": 2530, "basic_share": Decimal("7.00")}
        first = min(it.code[:3] for it in f.data.items if it.gb_b or it.gb_p)
        cls = f"{first}/{CLASS_NAMES[first]}"
        N = "narrative"
        f.narrative_checks = [
            dict(metric="total_income_expenditure", rule="narrative_vs_table", severity="error",
                 table="income_expenditure_summary", row="收入/总计", column="决算数", what="收支总计 +100.00"),
            dict(metric="total_income_expenditure", rule="narrative_vs_table", severity="error",
                 table="income_expenditure_summary", row="支出/总计", column="决算数", what="收支总计 +100.00"),
            dict(metric=f"function:{first}", rule="narrative_vs_table", severity="rounding",
                 table="general_budget_expenditure", row=cls, column="本年支出合计", what="class +0.01"),
            dict(metric="general_budget_appropriation_expenditure", rule="narrative_sum:function", severity="rounding",
                 table=N, row="general_budget_appropriation_expenditure", column="sum of parts",
                 what="class list +0.01"),
            dict(metric=f"function:{first}", rule="narrative_sum:function", severity="rounding",
                 table=N, row=f"function:{first}", column="sum of parts", what="项 items vs class +0.01"),
            dict(metric="government_fund_income", rule="narrative_repeat", severity="error",
                 table=N, row="government_fund_income", column="repeat", what="stated twice, +25.30"),
            dict(metric="government_fund_income", rule="narrative_vs_table", severity="error",
                 table="government_fund", row="合计", column="本年收入", what="second statement +25.30"),
            dict(metric="basic_expenditure", rule="narrative_share", severity="error",
                 table=N, row="basic_expenditure", column="share", what="share +7.00 points"),
        ]
        return f, plan, ("lattice; 情况说明 after the tables with deliberate disagreements: 收支总计 +100.00, "
                         "first class +0.01, 政府性基金预算财政拨款收入 stated twice (+25.30), 基本支出 share "
                         "+7.00 (see narrative_disagree.expected_narrative_checks.csv)")
    specs.append(f12)
    return specs


def generate(outdir: Path) -> list[dict]:
    register_fonts()
    outdir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for spec in fixtures_spec():
        f, plan, layout = spec()
        manifest.append(build(f, outdir, plan, layout))
        if f.narrative_checks:
            with open(outdir / f"{f.name}.expected_narrative_checks.csv", "w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, NARRATIVE_CHECK_COLUMNS)
                w.writeheader()
                w.writerows(f.narrative_checks)
        if f.checks:
            write_expected_checks(outdir / f"{f.name}.expected_checks.csv", f.checks)
    with open(outdir / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, MANIFEST_COLUMNS)
        w.writeheader()
        w.writerows(manifest)
    return manifest


# ----------------------------------------------------------------------------------------
# edge cases


def make_edge(edgedir: Path, valid_pdf: Path | None = None) -> None:
    register_fonts()
    edgedir.mkdir(parents=True, exist_ok=True)
    (edgedir / "not_a_pdf.pdf").write_text("这不是PDF文件。\nThis is a plain text file with a .pdf name.\n",
                                          encoding="utf-8")
    # encrypted: a small table page, user password required
    c = rl_canvas.Canvas(str(edgedir / "encrypted.pdf"), pagesize=A4, invariant=1,
                         encrypt=_encrypt("secret"))
    ef = "WQY" if "WQY" in pdfmetrics.getRegisteredFontNames() else "STSong-Light"
    c.setFont(ef, 14)
    c.drawCentredString(297, 790, "2023年度支出决算表")
    c.setFont(ef, 9)
    y = 750
    for row in (("科目编码", "科目名称", "本年支出合计"), ("2080201", "行政运行", "123.45"), ("", "合计", "123.45")):
        for x, t in zip((60, 140, 400), row):
            c.drawString(x, y, t)
        y -= 18
    c.showPage()
    c.save()
    # truncated: first 60% of a valid fixture
    if valid_pdf is None or not valid_pdf.exists():
        tmp = edgedir / "_tmp_bad_row.pdf"
        _bad_row(tmp, garbage=False)
        data = tmp.read_bytes()
        tmp.unlink()
    else:
        data = valid_pdf.read_bytes()
    (edgedir / "truncated.pdf").write_bytes(data[: int(len(data) * 0.6)])
    (edgedir / "zero_pages.pdf").write_bytes(_zero_pages_pdf())
    # no_table: 2 narrative pages
    doc = DocBuilder(edgedir / "no_table.pdf", "某某县民政局2023年度部门决算", "song")
    paras = [p.format(dept="某某县民政局", year=2023, n=3, m=2, grand="1234.56", unit="万元", inc="1200.00",
                      exp="1100.00") for p in NARRATIVE]
    doc.narrative(paras[:5])
    doc.narrative(paras[5:])
    doc.save()
    _bad_row(edgedir / "bad_row.pdf", garbage=True)
    make_amount_edges(edgedir)


def make_amount_edges(edgedir: Path) -> None:
    """Two amounts the outputs cannot hold exactly (decimal128(38, 8)): 9 decimals, 31 integer digits."""
    register_fonts()
    edgedir.mkdir(parents=True, exist_ok=True)
    _bad_row(edgedir / "amount_decimals.pdf", garbage="1.123456789")
    # small type on a landscape page, so the 31 digits stand on one line of their cell
    _bad_row(
        edgedir / "amount_digits.pdf",
        garbage="1234567890123456789012345678901.00",
        o=opts(ruling="lattice", codes="sep", page="landscape", fs=4.0),
    )


def _encrypt(pw: str):
    from reportlab.lib import pdfencrypt
    return pdfencrypt.StandardEncryption(pw, ownerPassword="owner-" + pw, canPrint=1, strength=128)


def _bad_row(path: Path, garbage: bool | str, o: Opts | None = None):
    """Table 03 of a small report; with `garbage`, one amount (行政运行 基本支出) printed as
    "12.3.4x" (True) or as the given text."""
    f = Fixture("bad_row", "某某县民政局", "minzheng", 2023, "万元", 7)
    doc = DocBuilder(path, "某某县民政局2023年度部门决算", "song")
    if garbage:
        orig = f.value
        planted = "12.3.4x" if garbage is True else garbage

        def value(tk, side, code, label, col, cents, nf, unit):
            s = orig(tk, side, code, label, col, cents, nf, unit)
            if code == "2080201" and col == "基本支出":
                return planted
            return s
        f.value = value
    t03(f, doc, o or opts(ruling="lattice", codes="sep"))
    doc.save()


def _zero_pages_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % (len(objs) + 1))
    out.write(b"0000000000 65535 f \n")
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()



# ----------------------------------------------------------------------------------------
# self-check of a truth table (used by the tests; independent of the drawing code)


def check_consistency(rows: list[dict]) -> list[tuple]:
    """Violations (table_key, row, column, difference) of the accounting identities in truth rows."""
    from collections import defaultdict

    v: dict[tuple, Decimal] = defaultdict(Decimal)
    codes: dict[str, set] = defaultdict(set)
    for r in rows:
        row = r["code"] or r["row_label"]
        v[(r["table_key"], r["side"], row, r["column_key"])] = Decimal(r["amount_yuan"])
        if r["code"]:
            codes[(r["table_key"], r["side"])].add(r["code"])
    out = []

    def eq(tk, row, col, a, b):
        if a != b:
            out.append((tk, row, col, a - b))

    coded = {"income": COLS_INCOME, "expenditure": COLS_EXP, "general_budget_expenditure": COLS_05,
             "government_fund": COLS_07}
    for tk, cols in coded.items():
        cs = codes.get((tk, ""), set())
        for col in cols:
            for c in cs:
                kids = [k for k in cs if len(k) == len(c) + 2 and k.startswith(c)]
                if kids:
                    eq(tk, c, col, v[(tk, "", c, col)], sum(v[(tk, "", k, col)] for k in kids))
            eq(tk, "合计", col, v[(tk, "", "合计", col)], sum(v[(tk, "", k, col)] for k in cs if len(k) == 3))
        for row in list(cs) + ["合计"]:
            g = lambda col: v[(tk, "", row, col)]  # noqa: E731
            if tk == "income":
                eq(tk, row, "本年收入合计", g("本年收入合计"), sum(g(k) for k in COLS_INCOME[1:]))
            elif tk == "government_fund":
                eq(tk, row, "本年支出合计", g("本年支出合计"), g("基本支出") + g("项目支出"))
                eq(
                    tk,
                    row,
                    "年末结转和结余",
                    g("年末结转和结余"),
                    g("年初结转和结余") + g("本年收入") - g("本年支出合计"),
                )
            elif tk == "expenditure":
                eq(tk, row, "本年支出合计", g("本年支出合计"), sum(g(k) for k in COLS_EXP[1:]))
            else:
                eq(tk, row, "本年支出合计", g("本年支出合计"), g("基本支出") + g("项目支出"))
    s1 = "income_expenditure_summary"
    g1 = lambda side, row: v[(s1, side, row, "决算数")]  # noqa: E731
    items = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
             "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    eq(s1, "本年收入合计", "决算数", g1("收入", "本年收入合计"), sum(g1("收入", k) for k in items))
    eq(s1, "总计", "决算数", g1("收入", "总计"),
       g1("收入", "本年收入合计") + g1("收入", "使用非财政拨款结余") + g1("收入", "年初结转和结余"))
    eq(s1, "本年支出合计", "决算数", g1("支出", "本年支出合计"), sum(g1("支出", c) for c in codes[(s1, "支出")]))
    eq(s1, "总计/支出", "决算数", g1("支出", "总计"),
       g1("支出", "本年支出合计") + g1("支出", "结余分配") + g1("支出", "年末结转和结余"))
    eq(s1, "总计/收支", "决算数", g1("收入", "总计"), g1("支出", "总计"))
    eq(s1, "本年收入合计/02", "决算数", g1("收入", "本年收入合计"), v[("income", "", "合计", "本年收入合计")])
    eq(s1, "本年支出合计/03", "决算数", g1("支出", "本年支出合计"), v[("expenditure", "", "合计", "本年支出合计")])
    s4 = "fiscal_appropriation_summary"
    g4 = lambda side, row, col: v[(s4, side, row, col)]  # noqa: E731
    eq(
        s4,
        "本年收入合计",
        "决算数",
        g4("收入", "本年收入合计", "决算数"),
        sum(
            g4("收入", k, "决算数")
            for k in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
        ),
    )
    sub = [
        f"年初财政拨款结转和结余/{k}"
        for k in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    ]
    eq(s4, "年初财政拨款结转和结余", "决算数", g4("收入", "年初财政拨款结转和结余", "决算数"),
       sum(g4("收入", k, "决算数") for k in sub))
    eq(s4, "总计", "决算数", g4("收入", "总计", "决算数"),
       g4("收入", "本年收入合计", "决算数") + g4("收入", "年初财政拨款结转和结余", "决算数"))
    cols4 = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    for row in list(codes[(s4, "支出")]) + ["本年支出合计", "年末财政拨款结转和结余", "总计"]:
        eq(s4, row, "合计", g4("支出", row, "合计"), sum(g4("支出", row, k) for k in cols4[1:]))
    for col in cols4:
        eq(
            s4,
            "本年支出合计",
            col,
            g4("支出", "本年支出合计", col),
            sum(g4("支出", c, col) for c in codes[(s4, "支出")]),
        )
        eq(s4, "总计", col, g4("支出", "总计", col),
           g4("支出", "本年支出合计", col) + g4("支出", "年末财政拨款结转和结余", col))
    eq(s4, "总计/收支", "合计", g4("收入", "总计", "决算数"), g4("支出", "总计", "合计"))
    eq(s4, "本年支出合计/05", "一般公共预算财政拨款", g4("支出", "本年支出合计", "一般公共预算财政拨款"),
       v[("general_budget_expenditure", "", "合计", "本年支出合计")])
    eq(s4, "本年支出合计/07", "政府性基金预算财政拨款", g4("支出", "本年支出合计", "政府性基金预算财政拨款"),
       v[("government_fund", "", "合计", "本年支出合计")])
    s6 = "general_budget_basic_expenditure"
    cs6 = codes[(s6, "")]
    for c in cs6:
        kids = [k for k in cs6 if len(k) == 5 and k.startswith(c)]
        if len(c) == 3:
            eq(s6, c, "决算数", v[(s6, "", c, "决算数")], sum(v[(s6, "", k, "决算数")] for k in kids))
    eq(s6, "人员经费合计", "决算数", v[(s6, "", "人员经费合计", "决算数")],
       sum(v[(s6, "", c, "决算数")] for c in cs6 if c in ("301", "303")))
    eq(s6, "公用经费合计", "决算数", v[(s6, "", "公用经费合计", "决算数")],
       sum(v[(s6, "", c, "决算数")] for c in cs6 if c in ("302", "310")))
    eq(s6, "合计/05", "决算数", v[(s6, "", "人员经费合计", "决算数")] + v[(s6, "", "公用经费合计", "决算数")],
       v[("general_budget_expenditure", "", "合计", "基本支出")])
    t = "three_public"
    for part in ("预算数", "决算数"):
        g = lambda k: v[(t, "", "合计", f"{part}/{k}")]  # noqa: E731
        eq(t, "合计", f"{part}/公务用车购置及运行费/小计", g("公务用车购置及运行费/小计"),
           g("公务用车购置及运行费/公务用车购置费") + g("公务用车购置及运行费/公务用车运行费"))
        eq(t, "合计", f"{part}/合计", g("合计"), g("因公出国(境)费") + g("公务用车购置及运行费/小计") + g("公务接待费"))
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--amount-edges":  # only the two amount cases, leaving the other edge files as they are
        make_amount_edges(Path(argv[1]) if len(argv) > 1 else ROOT / "fixtures" / "edge")
        return 0
    if argv and argv[0] == "--zoo":  # --zoo N --seed S [--office SHARE] [OUTDIR]: the layout zoo (scripts/zoo.py)
        import argparse

        ap = argparse.ArgumentParser(prog="make_fixtures.py --zoo")
        ap.add_argument("--zoo", type=int, required=True, help="number of documents")
        ap.add_argument("--seed", type=int, required=True)
        ap.add_argument("--office", type=float, default=0.0,
                        help="share of the documents typed as .xlsx/.docx and exported by LibreOffice (default 0)")
        ap.add_argument("outdir", nargs="?", default=str(ROOT / "zoo"))
        a = ap.parse_args(argv)
        from scripts.zoo import generate_zoo
        man = generate_zoo(a.zoo, a.seed, Path(a.outdir), office=a.office)
        print(f"{len(man)} zoo documents (seed {a.seed}) written to {a.outdir}")
        return 0
    if argv and argv[0] == "--edge":
        edgedir = Path(argv[1]) if len(argv) > 1 else ROOT / "fixtures" / "edge"
        make_edge(edgedir)
        print(f"edge fixtures written to {edgedir}")
        return 0
    outdir = Path(argv[0]) if argv else ROOT / "fixtures" / "generated"
    man = generate(outdir)
    for m in man:
        print(f"{m['file']}: {m['tables']}")
    print(f"{len(man)} fixtures written to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
