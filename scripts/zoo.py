"""The layout zoo: many 部门决算 reports whose layout traits are drawn independently from a seed.

    python -m scripts.make_fixtures --zoo N --seed S [--office SHARE] [OUTDIR]     # default OUTDIR: zoo/

The 12 hand-made fixtures teach the reader the layouts someone thought of; the zoo draws every
trait (TRAITS) of every document independently, uniformly from its own RNG seeded from (S, i), so a
reader tuned on some seeds can be scored on others it never saw (scripts/bench_zoo.py). Amounts
come from make_fixtures.make_data (every identity of the national template holds, and
check_consistency says so); painting reuses make_fixtures' TablePainter and DocBuilder, through
reportlab (STSong-Light, WQY ZenHei) or cairo (Noto CJK, scripts/zoo_cairo.py). With --office SHARE
that share of the documents (rounded up, chosen by the seed) is typed instead as .xlsx/.docx and
exported to PDF by LibreOffice (scripts/zoo_office.py): manifest `producer` office, its own traits
OFFICE_TRAITS drawn independently, the painter-only traits blank.

Per document: NAME.pdf, NAME.truth.csv (the fixtures' columns and meaning) and NAME.pages.json
(the pages of every table and front-matter page, and the page of every truth cell, in truth order);
OUTDIR/zoo_manifest.csv: file, department, year, unit, the item count, one column per trait with the
value drawn, and each table's orientation.

One dependency between traits: a report whose tables name the department nowhere (no 编制单位
line and no department in the title) gets a cover even when `cover` was drawn "no" — the manifest
holds the value used (and `cover_forced`).
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from scripts import make_fixtures as mf
from scripts import zoo_cairo
from scripts import zoo_catalogue as cat
from scripts.make_fixtures import PCell, PRow

zoo_cairo.register(mf.FONT_NAMES, mf.WIDTH_FUNCS)

# trait → values, each drawn uniformly (orientation: per table, ORIENTATION_WEIGHTS)
TRAITS: dict[str, tuple[str, ...]] = {
    "font_producer": ("rl_stsong", "rl_wqy", "cairo_noto_sans", "cairo_noto_serif"),
    "rules": ("grid", "threeline", "horizontal", "none"),
    "codes": ("code_name", "kxl", "joined_space", "joined_tight"),
    "lanci": ("absent", "merged", "first"),  # 栏次 row: none / one cell over the labels / in the first column
    "hangci": ("absent", "straight", "same_row"),  # 行次 on 01/04: 1…N across both sides / the row's number
    "continuation": ("repeat", "bare", "xubiao_repeat", "xubiao_bare"),
    "split": ("natural", "last_row"),  # long tables: break where the page is full / before the last row too
    "t06_groups": ("1", "2", "3"),
    "t06_group_label": ("yes", "no"),
    "t09_layout": ("wide", "stacked", "paired"),
    "t09_names": ("运行费", "运行维护费"),
    "unit_format": ("万元", "元_int", "元_dec2"),  # 万元 with 2 decimals, 元 integers, 元 with 2 decimals
    "thousands": ("no", "yes"),
    "zero": ("blank", "zero", "hyphen", "dash"),
    "summary_tail": ("below", "next_page", "level"),
    "total_pos": ("top", "bottom"),
    "header_depth": ("flat", "multi"),
    "labels": ("plain", "spaced_totals", "wrapped", "indented"),
    "title_number": ("yes", "no"),
    "title_dept": ("plain", "bumen", "dept_name", "supertitle"),
    "title_ordinal": ("none", "一、", "（一）"),
    "compiler": ("colon", "no_colon", "bumen_label", "absent"),
    "unit_line": ("same_line", "own_line"),
    "cover": ("yes", "no"),
    "toc": ("yes", "no"),
    "part_title": ("yes", "no"),
    "narrative": ("none", "before", "after", "between"),
    "t07": ("data", "empty_note"),
}
# the office-suite producer's own traits (scripts/zoo_office.py), drawn from their own RNG
OFFICE_TRAITS: dict[str, tuple[str, ...]] = {
    "borders": ("grid", "header_frame", "threeline"),  # header_frame: a header grid over a body with only its frame
    "office_font": ("宋体", "Noto Serif CJK SC", "WenQuanYi Zen Hei"),  # 宋体 is not installed: substituted
    "print_titles": ("yes", "no"),  # header rows repeated on every page
    "cell_type": ("number", "text"),  # amounts as numbers with a number format, or typed as text
    "header_fill": ("none", "grey"),
    "footer": ("none", "page", "page_of"),  # page footer: none / "3" / "第 3 页，共 5 页"
}
ORIENTATIONS = ("portrait", "landscape", "rot90")
ORIENTATION_WEIGHTS = (6, 2, 2)
TABLES = [  # (number, table_key, title)
    ("01", "income_expenditure_summary", "收入支出决算总表"),
    ("02", "income", "收入决算表"),
    ("03", "expenditure", "支出决算表"),
    ("04", "fiscal_appropriation_summary", "财政拨款收入支出决算总表"),
    ("05", "general_budget_expenditure", "一般公共预算财政拨款支出决算表"),
    ("06", "general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表"),
    ("07", "government_fund", "政府性基金预算财政拨款收入支出决算表"),
    ("08", "state_capital", "国有资本经营预算财政拨款支出决算表"),
    ("09", "three_public", "财政拨款“三公”经费支出决算表"),
]
ALL = {tk for _, tk, _ in TABLES}
CODED = {"income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital"}
SUMMARIES = {"income_expenditure_summary", "fiscal_appropriation_summary"}
# the tables a trait shapes (for attributing errors); traits not listed shape every table
TRAIT_TABLES = {
    "codes": CODED | {"general_budget_basic_expenditure"},
    "lanci": CODED | SUMMARIES, "hangci": SUMMARIES, "summary_tail": SUMMARIES,
    "split": CODED, "total_pos": CODED, "header_depth": CODED | {"fiscal_appropriation_summary"},
    "t06_groups": {"general_budget_basic_expenditure"}, "t06_group_label": {"general_budget_basic_expenditure"},
    "t09_layout": {"three_public"}, "t09_names": {"three_public"},
    "t07": {"government_fund", "fiscal_appropriation_summary"},
}
FONTS = {"rl_stsong": "song", "rl_wqy": "wqy", "cairo_noto_sans": "noto_sans", "cairo_noto_serif": "noto_serif"}
RULES = {"grid": "lattice", "threeline": "threeline", "horizontal": "horizontal", "none": "none"}
CODES = {"code_name": "sep", "kxl": "kxl", "joined_space": "joined", "joined_tight": "run"}
ZEROS = {"blank": "", "zero": "0.00", "hyphen": "-", "dash": "—"}
MANIFEST_COLUMNS = ["file", "department", "year", "unit", "n_items", *TRAITS, "orientation", "cover_forced",
                    "producer", *OFFICE_TRAITS]
EMPTY_07_NOTE = "注：本单位无政府性基金预算财政拨款收入支出，故本表为空表。"
EMPTY_08_NOTE = "注：本单位无国有资本经营预算财政拨款收入支出，故本表为空表。"


def draw_traits(rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    """Every trait drawn on its own from rng, then each table's orientation."""
    traits = {name: rng.choice(values) for name, values in TRAITS.items()}
    orientation = {tk: rng.choices(ORIENTATIONS, ORIENTATION_WEIGHTS)[0] for _, tk, _ in TABLES}
    return traits, orientation


def doc_rng(seed: int, i: int) -> random.Random:
    return random.Random(f"juesuan-zoo:{seed}:{i}")  # str seeds hash with SHA-512: stable everywhere


def draw_department(rng: random.Random) -> tuple[str, list[str]]:
    pattern, home = rng.choice(cat.DEPARTMENTS)
    name = pattern.format(place=rng.choice(cat.PLACES), district=rng.choice(cat.DISTRICTS),
                          street=rng.choice(cat.STREETS))
    return name, home


def draw_items(rng: random.Random, home: list[str], with_fund: bool) -> list[tuple[str, str, str]]:
    """8–40 项: the department's own 款 first, then the common ones, then any from the pool."""
    n = rng.randint(8, 40)
    pool = [it for it in cat.ITEMS if with_fund or "F" not in it[2]]
    own = [it for it in pool if it[0][:5] in home and "F" not in it[2]]
    common = [it for it in pool if it[0] in cat.COMMON]
    rest = [it for it in pool if it not in own and it not in common and "F" not in it[2]]
    rng.shuffle(own)
    rng.shuffle(rest)
    chosen = (own + common)[:n]
    chosen += rest[:max(0, n - len(chosen))]
    if with_fund:
        funds = [it for it in pool if "F" in it[2]]
        chosen[-1] = rng.choice(funds)  # one 政府性基金 项, so table 07 has rows
    return sorted(set(chosen))


class TruthStr(str):
    """A printed amount that knows its truth row, so the painter can note the page it lands on."""

    index: int


class ZooPainter(mf.TablePainter):
    """TablePainter with the zoo's headings (公开NN表, titles, 编制单位, 单位) and 续表 lines."""

    def __init__(self, zoo: "ZooDoc", *args, **kw):
        super().__init__(*args, **kw)
        self.zoo = zoo

    def draw_heading(self, c, W, H, xs, font) -> float:
        z, t = self.zoo, self.zoo.traits
        top = H - 42
        if self.number:
            c.setFont(font, 9)
            c.drawRightString(xs[-1], top, self.number)
            top -= 18
        if t["title_dept"] == "supertitle":
            c.setFont(font, 15)
            c.drawCentredString(W / 2, top, f"{z.dept}{z.year}年度部门决算表")
            top -= 20
            c.setFont(font, 12)
        else:
            c.setFont(font, 15)
        c.drawCentredString(W / 2, top, self.title)
        top -= 22
        c.setFont(font, 9)
        unit = f"单位：{self.unit}"
        style = t["compiler"]
        if style != "absent":
            if style == "no_colon":
                c.drawString(xs[0], top, "编制单位")
                c.drawString(xs[0] + mf.text_width("编制单位", font, 9) + 14, top, z.dept)
            else:
                c.drawString(xs[0], top, ("部门：" if style == "bumen_label" else "编制单位：") + z.dept)
            if t["unit_line"] == "own_line":
                top -= 14
        c.drawRightString(xs[-1], top, unit)
        return top - 8

    def continuation_top(self, c, W, H, xs, font) -> float:
        if self.zoo.traits["continuation"].startswith("xubiao"):
            c.setFont(font, 9)
            c.drawString(xs[0], H - 42, "续表")
            return H - 52
        return H - 50

    def draw_row(self, c, row, xs, top, h):
        super().draw_row(c, row, xs, top, h)
        for cell in row.cells:
            if isinstance(cell.text, TruthStr):
                self.zoo.truth_pages[cell.text.index] = self.doc.pages + 1


class ZooDoc(mf.Fixture):
    """One zoo report: its traits, data and truth; draws its tables with ZooPainter."""

    def __init__(self, name: str, seed: int, i: int, overrides: dict[str, str] | None = None):
        """overrides fixes some traits (tests that need one layout); the rest are drawn as always."""
        rng = doc_rng(seed, i)
        self.traits, self.orientation = draw_traits(rng)
        self.traits.update(overrides or {})
        t = self.traits
        dept, home = draw_department(rng)
        year = rng.randint(2019, 2025)
        items = draw_items(rng, home, t["t07"] == "data")
        unit, dec = {"万元": ("万元", 2), "元_int": ("元", 0), "元_dec2": ("元", 2)}[t["unit_format"]]
        super().__init__(name, dept, items, year, unit, rng.getrandbits(32), dec=dec, font=FONTS[t["font_producer"]],
                         kuan_names=cat.KUAN)
        self.n_items = len(items)
        self.nf = mf.NumFmt(dec=dec, thou=t["thousands"] == "yes",
                            zero="0" if (t["zero"] == "zero" and dec == 0) else ZEROS[t["zero"]])
        self.rng = rng
        self.truth_pages: dict[int, int] = {}
        self.table_pages: dict[str, list[int]] = {}
        self.cover_forced = (t["compiler"] == "absent" and t["title_dept"] in ("plain", "bumen")
                             and t["cover"] == "no")

    def painter_cls(self, *args, **kw) -> ZooPainter:
        return ZooPainter(self, *args, **kw)

    def value(self, tk, side, code, label, col, cents, nf, unit) -> str:
        n = len(self.truth)
        s = super().value(tk, side, code, label, col, cents, nf, unit)
        if len(self.truth) == n:
            return s
        out = TruthStr(s)
        out.index = n
        return out

    # -- shared pieces of every table ------------------------------------------------------
    def title(self, number: str, name: str) -> str:
        t = self.traits
        k = int(number)
        ordinal = {"none": "", "一、": f"{mf.cn_ordinal(k)}、", "（一）": f"（{mf.cn_ordinal(k)}）"}[t["title_ordinal"]]
        body = {"plain": f"{self.year}年度{name}", "bumen": f"{self.year}年度部门{name}",
                "dept_name": f"{self.dept}{self.year}年度{name}", "supertitle": name}[t["title_dept"]]
        return ordinal + body

    def opts(self, tk: str, fs: float = 7.5, **kw) -> mf.Opts:
        t = self.traits
        return mf.Opts(ruling=RULES[t["rules"]], codes=CODES[t["codes"]], total_pos=t["total_pos"],
                       font=self.font, fs=fs, page=self.orientation[tk],
                       repeat_header=t["continuation"] in ("repeat", "xubiao_repeat"),
                       spaced_total=t["labels"] == "spaced_totals", multi_header=t["header_depth"] == "multi",
                       nf=self.nf, wrap_names=t["labels"] == "wrapped", indent=t["labels"] == "indented",
                       lanci="" if t["lanci"] == "absent" else t["lanci"], **kw)

    def page_width(self, tk: str) -> float:
        return A4[0] if self.orientation[tk] == "portrait" else landscape(A4)[0]

    def widest(self, cents: list[int]) -> str:
        """The widest of these amounts as printed."""
        return max((self.nf(c) for c in cents), key=len, default="")

    def room_for(self, text: str, fs: float = 7.0) -> float:
        """Column width that holds text at fs with its padding."""
        return mf.text_width(text, mf.FONT_NAMES[self.font], fs) + 9

    def fit(self, fs: float, room: float, text: str) -> float:
        """The font size (≤ fs, ≥ 5) at which text fits in room points with its padding."""
        w = mf.text_width(text, mf.FONT_NAMES[self.font], fs)
        return max(5.0, min(fs, fs * (room - 9) / w)) if w else fs

    def paint(self, tk: str, painter: mf.TablePainter) -> None:
        painter.paint()
        self.table_pages[tk] = painter.pages

    def number(self, n: str) -> str:
        return f"公开{n}表" if self.traits["title_number"] == "yes" else ""


def summary_grand(d: mf.Data) -> int:
    return mf.summary01(d)[2][-1][1]


# ---- coded tables (02 03 05 07 08) ------------------------------------------------------------

def tree_income(multi: bool):
    leaves = mf.tree_income()
    return [("本年收入", [("合计", [])] + leaves[1:])] if multi else leaves


def tree_exp(multi: bool):
    leaves = mf.tree_exp(False)
    return [("本年支出", [("合计", [])] + leaves[1:])] if multi else leaves


CODED_SPECS = {  # table_key → (tree(multi), columns, amounts of an item)
    "income": (tree_income, mf.COLS_INCOME, mf.fn_income),
    "expenditure": (tree_exp, mf.COLS_EXP, mf.fn_exp),
    "general_budget_expenditure": (lambda m: mf.tree_05(m, "合计"), mf.COLS_05, mf.fn_05),
    "government_fund": (mf.tree_07, mf.COLS_07, mf.fn_07),
    "state_capital": (lambda m: mf.tree_05(m, "合计"), mf.COLS_05, lambda it: {}),
}


def coded_table(z: ZooDoc, doc, number: str, tk: str, name: str) -> None:
    tree, cols, fn = CODED_SPECS[tk]
    empty = tk == "state_capital" or (tk == "government_fund" and z.traits["t07"] == "empty_note")
    W = z.page_width(tk)
    label_w = {"sep": 202, "kxl": 204}.get(CODES[z.traits["codes"]], 200)
    room = min(72.0, (W - 50 - label_w) / len(cols))
    hier = [] if empty else mf.hierarchy(z.data.items, fn)
    totals = [sum(vals.get(k, 0) for lvl, _, vals in hier if lvl == "类") for k in cols]  # the widest amounts
    fs = z.fit(7.5, room, z.widest(totals))
    n_rows = len(hier) + 1 if hier else 0
    breaks = (n_rows - 1,) if z.traits["split"] == "last_row" and n_rows > 1 else ()
    o = z.opts(tk, fs=fs, breaks=breaks, title=z.title(number, name))
    note = (EMPTY_08_NOTE if tk == "state_capital" else EMPTY_07_NOTE) if empty else ""
    painter = z.coded(doc, tk, name, z.number(number), tree(o.multi_header), cols, fn, o, W, note=note,
                      force_empty=empty)
    z.table_pages[tk] = painter.pages


# ---- two-sided summaries (01 04) --------------------------------------------------------------

CENTRED = {"本年收入合计", "本年支出合计", "总计", "合计"}


def two_sided(z: ZooDoc, doc, number: str, tk: str, name: str, left: list, right: list,
              tail_left: list, tail_right: list, value_cols: list[str], value_tree_right: list) -> None:
    """A two-sided summary. left/right: (printed label, code, key, [cents]) per item, the tails
    likewise. summary_tail places the tails, hangci numbers the rows, lanci adds the 栏次 row."""
    t, nf, unit = z.traits, z.nf, z.unit
    z.note_table(tk, unit)
    hang = t["hangci"] != "absent"
    lw = 2 if hang else 1  # label columns per side: 项目 (+ 行次)
    rstart = lw + 1
    if t["summary_tail"] == "below":  # each side's tail right under its own items
        L, R, tail_at = left + tail_left, right + tail_right, None
    else:  # level: 本年收入合计 on the row of 本年支出合计
        tail_at = max(len(left), len(right))
        L = left + [None] * (tail_at - len(left)) + tail_left
        R = right + [None] * (tail_at - len(right)) + tail_right
    n_rows = max(len(L), len(R))
    L += [None] * (n_rows - len(L))
    R += [None] * (n_rows - len(R))
    if t["hangci"] == "straight":  # 1 … k down the income side, k+1 … down the expenditure side
        seq = [(s, i) for s, col in (("l", L), ("r", R)) for i, e in enumerate(col) if e is not None]
        numbers = {key: k for k, key in enumerate(seq, 1)}
    else:  # both sides numbered by the printed row
        numbers = {(s, i): i + 1 for s, col in (("l", L), ("r", R)) for i, e in enumerate(col) if e is not None}
    spaced = t["labels"] == "spaced_totals"
    rows = []
    for i in range(n_rows):
        cells = []
        for s, side, e, start, cols in (("l", "收入", L[i], 0, ["决算数"]), ("r", "支出", R[i], rstart, value_cols)):
            if e is None:
                continue
            label, code, key, vals = e
            sub = label.startswith(" ")
            cells.append(PCell(start, label, align="c" if key in CENTRED else "l",
                               spaced=spaced and key in ("总计", "合计"), indent=10 if sub else 0))
            if hang:
                cells.append(PCell(start + 1, str(numbers[(s, i)]), align="c"))
            for j, (col, v) in enumerate(zip(cols, vals)):
                cells.append(PCell(start + lw + j, z.value(tk, side, code, key, col, v, nf, unit), align="r"))
        rows.append(PRow(cells))
    avail, hang_w = z.page_width(tk) - 60, 26 if hang else 0
    n_vals = 1 + len(value_cols)
    vw = min(80.0, max(z.room_for(z.widest([summary_grand(z.data)])), (avail - 300 - 2 * hang_w) / n_vals))
    label_w = max(80.0, min(96.0 if t["labels"] == "wrapped" else 150.0, (avail - n_vals * vw - 2 * hang_w) / 2))
    vw = min(vw, (avail - 2 * label_w - 2 * hang_w) / n_vals)
    fs = z.fit(7.5, vw, z.widest([summary_grand(z.data)]))
    side_w = [label_w] + ([hang_w] if hang else [])
    widths = side_w + [vw] + side_w + [vw] * len(value_cols)
    hang_leaf = [("行次", [])] if hang else []
    tree = [("收入", [("项目", [])] + hang_leaf + [("决算数", [])]),
            ("支出", [("项目", [])] + hang_leaf + value_tree_right)]
    extra = []
    if t["lanci"] != "absent":  # 01: 1 | 2; 04: 1 | 2 3 4 5
        span = lw if t["lanci"] == "merged" else 1
        cells = [PCell(0, "栏次", span=span, align="c"), PCell(lw, "1", align="c"),
                 PCell(rstart, "栏次", span=span, align="c")]
        cells += [PCell(rstart + lw + j, str(2 + j), align="c") for j in range(len(value_cols))]
        extra.append(PRow(cells))
    breaks = (tail_at,) if t["summary_tail"] == "next_page" else ()
    o = z.opts(tk, fs=fs)
    painter = z.painter_cls(doc, widths, tree, rows, z.st(o), z.title(number, name), unit, z.number(number),
                            "", o.page, breaks, o.repeat_header, extra_header_rows=extra)
    z.paint(tk, painter)


def t01(z: ZooDoc, doc, number: str, tk: str, name: str) -> None:
    inc, exp, tail = mf.summary01(z.data)
    left = [(lab, "", mf.norm_label(lab), [v]) for lab, v in inc]
    right = [(lab, c, mf.norm_label(lab), [v]) for c, lab, v in exp]
    tl = [(l1, "", l1, [v1]) for l1, v1, _, _ in tail]
    tr = [(l2, "", l2, [v2]) for _, _, l2, v2 in tail]
    two_sided(z, doc, number, tk, name, left, right, tl, tr, ["决算数"], [("决算数", [])])


def t04(z: ZooDoc, doc, number: str, tk: str, name: str) -> None:
    left, right, inc_tail, exp_tail = mf.summary04(z.data)
    L = [(lab, "", key, [v]) for lab, key, v in left]
    R = [(lab, c, mf.norm_label(lab), vals) for c, lab, vals in right]
    tl = [(("  " + key.split("/")[1]) if "/" in key else key, "", key, [v]) for key, v in inc_tail]
    tr = [(key, "", key, vals) for key, vals in exp_tail]
    leaves = [(k, []) for k in mf.COLS_04]
    tree_r = [("决算数", leaves)] if z.traits["header_depth"] == "multi" else leaves
    two_sided(z, doc, number, tk, name, L, R, tl, tr, mf.COLS_04, tree_r)


# ---- 06: one, two or three groups side by side -------------------------------------------------

def t06(z: ZooDoc, doc, number: str, tk: str, name: str) -> None:
    t, d, nf, unit = z.traits, z.data, z.nf, z.unit
    z.note_table(tk, unit)

    def group_rows(groups):
        out = []
        for c, n, subs in groups:
            out.append((c, n, sum(d.econ[sc] for sc, _ in subs)))
            out += [(sc, sn, d.econ[sc]) for sc, sn in subs]
        return out

    person, public = group_rows(mf.ECON_PERSON), group_rows(mf.ECON_PUBLIC)
    totals = [("人员经费合计", sum(v for c, _, v in person if len(c) == 3)),
              ("公用经费合计", sum(v for c, _, v in public if len(c) == 3))]
    n_groups = int(t["t06_groups"])
    if n_groups == 1:  # one list in code order: 301, 302, 303, 310
        groups = [sorted(person + public)]
    elif n_groups == 2:
        groups = [person, public]
    else:
        half = (len(public) + 1) // 2
        groups = [person, public[:half], public[half:]]
    codes = CODES[t["codes"]]
    ncode = {"sep": 1, "kxl": 2}.get(codes, 0)
    per = ncode + 2  # label columns + name + 决算数
    spaced = t["labels"] == "spaced_totals"

    def label_cells(start, code, name):
        if codes == "sep":
            return [PCell(start, code), PCell(start + 1, name)]
        if codes == "kxl":
            return [PCell(start, code[:3], align="c"), PCell(start + 1, code[3:], align="c"), PCell(start + 2, name)]
        return [PCell(start, f"{code} {name}" if codes == "joined" else f"{code}{name}")]

    n = max(len(g) for g in groups)
    rows = []
    for i in range(n):
        cells = []
        for k, g in enumerate(groups):
            if i < len(g):
                code, nm, v = g[i]
                cells += label_cells(k * per, code, nm)
                cells.append(PCell(k * per + per - 1, z.value(tk, "", code, nm, "决算数", v, nf, unit), align="r"))
        rows.append(PRow(cells))
    if n_groups == 1:
        for lab, v in totals:
            rows.append(PRow([PCell(0, lab, span=per - 1, align="c", spaced=spaced),
                              PCell(per - 1, z.value(tk, "", "", lab, "决算数", v, nf, unit), align="r")]))
    else:
        cells = []
        for k, (lab, v) in zip((0, n_groups - 1), totals):
            cells += [PCell(k * per, lab, span=per - 1, align="c", spaced=spaced),
                      PCell(k * per + per - 1, z.value(tk, "", "", lab, "决算数", v, nf, unit), align="r")]
        rows.append(PRow(cells))
    W = z.page_width(tk)
    code_w = {"sep": [40], "kxl": [26, 20]}.get(codes, [])
    name_w = 78 if t["labels"] == "wrapped" else 120 if codes in ("sep", "kxl") else 150
    vw = min(80.0, (W - 60) / n_groups - sum(code_w) - name_w)
    if vw < 50:  # narrow page: shrink the names first
        name_w = max(60.0, name_w - (50 - vw))
        vw = min(80.0, (W - 60) / n_groups - sum(code_w) - name_w)
    fs = z.fit(7.5, vw, z.widest([v for _, v in totals]))
    widths = (code_w + [name_w, vw]) * n_groups
    sub = ([("科目编码", [])] if codes == "sep" else [("科目编码", [("类", []), ("款", [])])] if codes == "kxl"
           else []) + [("科目名称" if ncode else "项目", []), ("决算数", [])]
    if n_groups == 1 or t["t06_group_label"] == "no":
        tree = list(sub) * n_groups
    elif n_groups == 2:
        tree = [("人员经费", list(sub)), ("公用经费", list(sub))]
    else:
        tree = [("人员经费", list(sub)), ("公用经费", list(sub) + list(sub))]
    o = z.opts(tk, fs=fs)
    painter = z.painter_cls(doc, widths, tree, rows, z.st(o), z.title(number, name), unit, z.number(number),
                            "", o.page, (), o.repeat_header)
    z.paint(tk, painter)


# ---- 09: wide, stacked or paired -------------------------------------------------------------

def t09(z: ZooDoc, doc, number: str, tk: str, name: str) -> None:
    t, d, nf, unit = z.traits, z.data, z.nf, z.unit
    z.note_table(tk, unit)
    run = "公务用车运行维护费" if t["t09_names"] == "运行维护费" else "公务用车运行费"
    car = "公务用车购置及运行维护费" if t["t09_names"] == "运行维护费" else "公务用车购置及运行费"
    items = [("合计", []), ("因公出国（境）费", []), (car, [("小计", []), ("公务用车购置费", []), (run, [])]),
             ("公务接待费", [])]
    parts = ("预算数", "决算数")
    spaced = t["labels"] == "spaced_totals"

    def val(part, k):
        return z.value(tk, "", "", "合计", f"{part}/{k}", d.three[f"{part}/{k}"], nf, unit)

    layout = t["t09_layout"]
    if layout == "wide":
        tree = [("项目", [])] + [(p, items) for p in parts]
        rows = [PRow([PCell(0, "合计", align="c", spaced=spaced)] +
                     [PCell(1 + j, val(p, k), align="r") for j, (p, k) in
                      enumerate((p, k) for p in parts for k in mf.THREE_KEYS)], min_h=24)]
        label = True
    elif layout == "stacked":
        tree = [("项目", [])] + items
        rows = [PRow([PCell(0, p, align="c")] + [PCell(1 + j, val(p, k), align="r")
                                                 for j, k in enumerate(mf.THREE_KEYS)], min_h=20) for p in parts]
        label = True
    else:
        def pair(node):
            text, kids = node
            return (text, [pair(k) for k in kids]) if kids else (text, [(p, []) for p in parts])
        tree = [("财政拨款“三公”经费", [pair(n) for n in items])]
        rows = [PRow([PCell(j, val(p, k), align="r") for j, (k, p) in
                      enumerate((k, p) for k in mf.THREE_KEYS for p in parts)], min_h=24)]
        label = False
    W = z.page_width(tk)
    n_vals = len(rows[0].cells) - (1 if label else 0)
    label_w = 50 if label else 0
    vw = min(80.0, (W - 60 - label_w) / n_vals)
    fs = z.fit(7.5, vw, z.widest(list(d.three.values())))
    widths = ([label_w] if label else []) + [vw] * n_vals
    o = z.opts(tk, fs=fs)
    painter = z.painter_cls(doc, widths, tree, rows, z.st(o), z.title(number, name), unit, z.number(number),
                            "", o.page, (), o.repeat_header)
    z.paint(tk, painter)


DRAW = {"income_expenditure_summary": t01, "fiscal_appropriation_summary": t04,
        "general_budget_basic_expenditure": t06, "three_public": t09}


# ---- front matter and the whole report ---------------------------------------------------------

def toc_page(z: ZooDoc, doc) -> None:
    """目录: the traps of real reports (a line naming the department, part titles, table names)."""
    c = doc.c
    W, H = doc.begin_page()
    c.setFont(doc.font, 18)
    c.drawCentredString(W / 2, H - 90, "目  录")
    lines = [("第一部分 " + f"{z.dept}概况", 0), ("一、主要职能", 1), ("二、部门决算单位构成", 1),
             (f"第二部分 {z.dept}{z.year}年度部门决算表", 0)]
    lines += [(f"{mf.cn_ordinal(k)}、{name}", 1) for k, (_, _, name) in enumerate(TABLES, 1)]
    lines += [(f"第三部分 {z.dept}{z.year}年度部门决算情况说明", 0), ("第四部分 名词解释", 0)]
    y = H - 140
    c.setFont(doc.font, 11)
    for text, level in lines:
        c.drawString(80 + 22 * level, y, text)
        y -= 24
    doc.end_page()


def part_title_page(z: ZooDoc, doc) -> None:
    c = doc.c
    W, H = doc.begin_page()
    c.setFont(doc.font, 16)
    c.drawCentredString(W / 2, H * 0.55, f"第二部分 {z.dept}{z.year}年度部门决算表")
    doc.end_page()


def build_zoo_doc(z: ZooDoc, out: Path) -> dict:
    t = z.traits
    canvas = None
    if z.font.startswith("noto"):
        canvas = zoo_cairo.CairoCanvas(out / f"{z.name}.pdf", A4)
    doc = mf.DocBuilder(out / f"{z.name}.pdf", f"{z.dept}{z.year}年度部门决算", z.font, canvas=canvas)
    front: dict[str, list[int]] = {}

    def mark(kind, fn, *args):
        first = doc.pages + 1
        fn(*args)
        front.setdefault(kind, []).extend(range(first, doc.pages + 1))

    if t["cover"] == "yes" or z.cover_forced:
        mark("cover", doc.cover, z.dept, z.year)
    if t["toc"] == "yes":
        mark("toc", toc_page, z, doc)
    profile = mf.narrative_profile(z)
    accounts = mf.narrative_accounts(z, "第三部分")
    if t["narrative"] == "before":
        mark("narrative", doc.narrative, profile + accounts)
    elif t["narrative"] in ("after", "between"):
        mark("narrative", doc.narrative, profile)
    if t["part_title"] == "yes":
        mark("part_title", part_title_page, z, doc)
    between = z.rng.randint(2, 8) if t["narrative"] == "between" else None
    for k, (number, tk, name) in enumerate(TABLES, 1):
        DRAW.get(tk, coded_table)(z, doc, number, tk, name)
        if k == between:
            mark("narrative", doc.narrative, accounts)
    if t["narrative"] == "after":
        mark("narrative", doc.narrative, accounts)
    doc.save()
    mf.write_truth(z, out)
    pages = {"tables": z.table_pages, "front": front,
             "truth_pages": [z.truth_pages[i] for i in range(len(z.truth))]}
    (out / f"{z.name}.pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    row = dict(file=f"{z.name}.pdf", department=z.dept, year=z.year, unit=z.unit, n_items=z.n_items, **t,
               producer="painter", **{k: "" for k in OFFICE_TRAITS})
    row.update(orientation=";".join(f"{n}={z.orientation[tk]}" for n, tk, _ in TABLES),
               cover="yes" if z.cover_forced else t["cover"], cover_forced="yes" if z.cover_forced else "no")
    return row


def generate_zoo(n: int, seed: int, outdir: Path, office: float = 0.0) -> list[dict]:
    """Write n zoo documents (zoo_<seed>_<i>) and zoo_manifest.csv into outdir. office: the share of them
    (rounded up, chosen by the seed) typed in a spreadsheet and exported by LibreOffice (scripts/zoo_office.py);
    the others are painted exactly as without it."""
    mf.register_fonts()
    outdir.mkdir(parents=True, exist_ok=True)
    from scripts import zoo_office  # imports zoo: not at the top
    picks = zoo_office.office_picks(n, seed, office)
    manifest = [zoo_office.make_office_doc(f"zoo_{seed}_{i:03d}", seed, i, outdir) if i in picks
                else build_zoo_doc(ZooDoc(f"zoo_{seed}_{i:03d}", seed, i), outdir) for i in range(n)]
    with open(outdir / "zoo_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, MANIFEST_COLUMNS)
        w.writeheader()
        w.writerows(manifest)
    return manifest


def read_manifest(outdir: Path) -> list[dict]:
    with open(Path(outdir) / "zoo_manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
