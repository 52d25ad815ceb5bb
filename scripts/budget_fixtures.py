#!/usr/bin/env python3
"""Budget reports (部门预算) with exact ground truth, in three regional styles with the traps of real
budgets, and a budget and a final account of one department and year for `juesuan execution`.

    python -m scripts.budget_fixtures [OUTDIR]        # default fixtures/budget/

Per report NAME.pdf, NAME.truth.csv (make_fixtures' columns: every printed non-zero amount as the
reader must key it) and NAME.facts.csv (metric, amount_yuan: the figures its 情况说明 states);
budget_manifest.csv lists file, department, year, report, unit, tables and traps. The pair (a budget
`pair_budget` and the final account `pair_final` of the same department and year) comes with
pair.expected_execution.csv: the execution rows derived from the amounts themselves (budget, final,
presence), not from either document's cells.

Amounts are integers in hundredths of a 万元 ("cents", as in make_fixtures); a table printed in 元
prints cents × 10000 / 100, so every sum holds exactly in every unit. Painting reuses make_fixtures'
TablePainter rows and cells; BudgetPainter draws the headings of each style and lets several small
tables share a page.
"""
from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A3, A4, landscape

from scripts import make_fixtures as mf
from scripts.make_fixtures import NumFmt, PCell, PRow

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_COLUMNS = ["file", "department", "year", "report", "unit", "tables", "traps"]
FACT_COLUMNS = ["metric", "amount_yuan"]
EXECUTION_COLUMNS = ["family", "code", "column", "budget_yuan", "final_yuan", "presence"]
FACTOR = {"万元": 1, "元": 10000}  # printed cents per 万元 cent


# ---- documents whose pages hold several tables, A3 included ---------------------------------------

class BudgetDoc(mf.DocBuilder):
    def __init__(self, path: Path, title: str, font: str):
        super().__init__(path, title, font)
        self.open, self.y, self.size, self.kind = False, 0.0, A4, ""

    def begin_page(self, kind: str = "portrait"):
        if kind == "a3":
            self.rot = False
            self.c.setPageSize(landscape(A3))
            self.c.setPageRotation(0)
            return landscape(A3)
        return super().begin_page(kind)

    def cover(self, dept: str, year: int):
        W, H = self.begin_page()
        self.c.setFont(self.font, 26)
        self.c.drawCentredString(W / 2, H * 0.62, dept)
        self.c.drawCentredString(W / 2, H * 0.62 - 48, f"{year}年部门预算")
        self.end_page()

    def close_page(self):
        if self.open:
            self.end_page()
            self.open = False


class BudgetPainter(mf.TablePainter):
    """A table with its style's heading, on a page of its own or below the previous table."""

    def __init__(self, report: "BudgetReport", *args, **kw):
        super().__init__(*args, **kw)
        self.report = report

    def paint(self):
        doc, c, r = self.doc, self.doc.c, self.report
        need = 90 + sum(self.header_heights()) + sum(self.row_height(row) for row in self.rows[:3])
        if r.share_page and doc.open and doc.kind == self.page and doc.y - need > 50:
            W, H = doc.size
            top = doc.y
        else:
            doc.close_page()
            W, H = doc.begin_page(self.page)
            doc.open, doc.size, doc.kind = True, (W, H), self.page
            top = H - 40
        self.pages = [doc.pages + 1]
        x0 = (W - sum(self.widths)) / 2
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        font = mf.FONT_NAMES[self.st.font]
        top = self.heading(c, W, top, xs, font)
        y = self.draw_header(c, x0, top)
        table_top = top
        for i, row in enumerate(self.rows):
            h = self.row_height(row)
            if i in self.breaks or y - h < 50:
                self._close(c, xs, table_top, y)
                doc.end_page()
                W, H = doc.begin_page(self.page)
                doc.size = (W, H)
                self.pages.append(doc.pages + 1)
                top = H - 50
                if r.style == "county" and not self.repeat:
                    c.setFont(font, 9)
                    c.drawString(xs[0], H - 42, "续表")
                    top = H - 52
                table_top = top
                y = self.draw_header(c, x0, top) if self.repeat else top
            self.draw_row(c, row, xs, y, h)
            y -= h
        self._close(c, xs, table_top, y)
        if self.note:
            c.setFont(font, 9)
            c.drawString(xs[0], y - 16, self.note)
            y -= 16
        doc.y = y - 40
        if not r.keep_open:
            doc.close_page()

    def heading(self, c, W, top, xs, font) -> float:
        """公开NN表, the title (one or two lines), 编制部门 and 单位 lines; returns the table's top."""
        r = self.report
        if self.number:
            c.setFont(font, 9)
            c.drawString(xs[0], top, self.number)
            top -= 18
        for line in self.title.split("\n") if self.title else []:
            if r.style == "js":
                c.setFont(font, 12)
                c.drawString(xs[0], top, line)
            else:
                c.setFont(font, 15)
                c.drawCentredString(W / 2, top, line)
            top -= 19
        top -= 3
        c.setFont(font, 9)
        if r.style == "sh":
            c.drawString(xs[0], top, f"编制部门：{r.dept}")
        elif r.style == "js":
            c.drawString(xs[0], top, f"部门：{r.dept}")
        c.drawRightString(xs[-1], top, f"单位：{self.unit}")
        return top - 8


# ---- amounts ------------------------------------------------------------------------------------

@dataclass
class Budget:
    """A department's budget in 万元 cents: per 项 (make_fixtures.Item fields: gb_b/gb_p 一般公共预算
    基本/项目, gf_p 政府性基金, nf_b/nf_p other funds) and the tables' other figures."""

    items: list[mf.Item]
    econ: dict[str, int]  # 一般公共预算基本支出 by 部门预算经济分类 款
    three: dict[str, int]  # budget_three_public column key → cents
    names: dict[str, str]
    meeting: int = 0
    training: int = 0
    procurement: list[tuple[str, str, str, int]] = field(default_factory=list)  # (大类, 品目, 组织形式, cents)
    projects: list[tuple[str, int, int]] = field(default_factory=list)  # (name, 一般公共预算, 政府性基金)

    def tot(self, attr: str) -> int:
        return sum(getattr(i, attr) for i in self.items)

    @property
    def operating(self) -> int:  # 机关运行经费: the 商品和服务支出 of basic spending
        return sum(v for k, v in self.econ.items() if k.startswith("302"))


def budget_from(d: mf.Data, rng: random.Random) -> Budget:
    """The budget figures beside a department's make_data amounts (its 三公 are d.three's 预算数)."""
    three = {k.split("/", 1)[1]: v for k, v in d.three.items() if k.startswith("预算数/")}
    b = Budget(
        d.items, dict(d.econ), three, dict(d.names), meeting=rng.randint(2, 40) * 100, training=rng.randint(2, 60) * 100
    )
    goods, works, services = (rng.randint(10, 200) * 100 for _ in range(3))
    b.procurement = [
        ("货物", "台式计算机", "政府集中采购", goods * 2 // 3),
        ("货物", "复印机", "分散自行组织", goods - goods * 2 // 3),
        ("工程", "修缮工程", "分散自行组织", works),
        ("服务", "物业管理服务", "部门集中采购", services),
    ]
    b.projects = [(f"{it.name}专项", it.gb_p, it.gf_p) for it in d.items if it.gb_p or it.gf_p]
    return b


def rescaled(d: mf.Data, rng: random.Random) -> mf.Data:
    """A budget for a final account's actual amounts: each 项 budgeted 10% below to 15% above what it
    spent, the smallest 项 not budgeted at all (spent only) and one 项 budgeted but never spent."""
    def scale(c: int) -> int:
        return int(c * rng.uniform(0.90, 1.15))
    unbudgeted = min(d.items, key=lambda it: (it.exp, it.code)).code
    items = []
    for it in d.items:
        b = mf.Item(it.code, it.name)
        if it.code != unbudgeted:
            b.gb_b, b.gb_p, b.gf_p, b.nf_b, b.nf_p = (
                scale(getattr(it, a)) for a in ("gb_b", "gb_p", "gf_p", "nf_b", "nf_p")
            )
        items.append(b)
    extra = mf.Item("2089999", "其他社会保障和就业支出", gb_p=rng.randint(5, 50) * 100)
    items.append(extra)
    names = {
        **d.names,
        "2089999": "其他社会保障和就业支出",
        "20899": "其他社会保障和就业支出",
        "208": mf.CLASS_NAMES["208"],
    }
    basic = sum(i.gb_b for i in items)
    total = sum(d.econ.values())
    econ = {k: v * basic // total for k, v in d.econ.items()}
    first = next(iter(econ))
    econ[first] += basic - sum(econ.values())
    return mf.Data(sorted(items, key=lambda i: i.code), 0, 0, 0, 0, 0, econ, d.three, names)


# ---- one report ------------------------------------------------------------------------------------

class BudgetReport(mf.Fixture):
    """A budget report of one style: sh (Shanghai districts), js (Jiangsu provincial departments) or
    county. The truth is written as the amounts are drawn (make_fixtures.Fixture.value)."""

    def __init__(self, name: str, style: str, dept: str, dept_key: str, year: int, unit: str, seed: int,
                 data: mf.Data | None = None):
        super().__init__(name, dept, dept_key, year, "万元", seed)
        self.style, self.unit = style, unit
        if data is not None:
            self.data = data
        self.rng = random.Random(mf.hash_seed(name))
        self.b = budget_from(self.data, self.rng)
        self.share_page = self.keep_open = False
        self.traps: list[str] = []
        self.facts: list[dict] = []
        self.nf = {"sh": NumFmt(dec=0, thou=True, zero="0"), "js": NumFmt(dec=2, thou=True, zero=""),
                   "county": NumFmt(dec=2, thou=True, zero="-")}[style]

    def painter_cls(self, *args, **kw) -> BudgetPainter:
        return BudgetPainter(self, *args, **kw)

    def cents(self, c: int, unit: str | None = None) -> int:
        return c * FACTOR[unit or self.unit]

    def put(self, tk: str, side: str, code: str, label: str, col: str, c: int, unit: str | None = None,
            nf: NumFmt | None = None) -> str:
        """The printed text of an amount (万元 cents), noted in the truth."""
        unit = unit or self.unit
        if unit == "万元" and (nf or self.nf).dec == 0:
            nf = NumFmt(dec=2, thou=True, zero=(nf or self.nf).zero)
        return self.value(tk, side, code, label, col, self.cents(c, unit), nf or self.nf, unit)

    def draw(self, doc, tk: str, title: str, number: str, widths: list[float], tree: list, rows: list[PRow],
             page: str = "portrait", breaks: tuple = (), repeat: bool = True, unit: str | None = None, note: str = "",
             ruling: str = "lattice", fs: float = 7.5) -> None:
        unit = unit or self.unit
        self.note_table(tk, unit)
        st = mf.Style(font=self.font, fs=fs, ruling=ruling, row_h=fs * 2.2)
        BudgetPainter(
            self, doc, widths, tree, rows, st, title, unit, number, "", page, breaks, repeat, note=note
        ).paint()

    def say(self, metric: str, c: int) -> str:
        """An amount (万元 cents) as the narrative prints it, noted as a fact it states."""
        self.facts.append(dict(metric=metric, amount_yuan=mf.yuan(c, "万元")))
        return f"{NumFmt(thou=self.style == 'js')(c) or '0.00'}万元"

    # -- rows shared by the styles -----------------------------------------------------------
    def classes(self, fn) -> list[tuple[str, str, int]]:
        out: dict[str, int] = {}
        for it in self.data.items:
            if fn(it):
                out[it.code[:3]] = out.get(it.code[:3], 0) + fn(it)
        return [(c, f"{mf.cn_ordinal(mf.CLASS_ORDER[c])}、{mf.CLASS_NAMES[c]}", v) for c, v in sorted(out.items())]

    def coded_rows(self, tk: str, cols: list[str], fn, codes: str, total_first: bool) -> tuple[list[PRow], int]:
        """Rows of a function-coded table (类, 款, 项 with their totals) and the number of label columns."""
        rows, n = [], {"kxl": 4, "sep": 2}.get(codes, 1)
        hier = mf.hierarchy(self.data.items, fn)
        totals = {k: sum(v.get(k, 0) for lvl, _, v in hier if lvl == "类") for k in cols}

        def total_row():
            return PRow(
                [PCell(0, "合计", span=n, align="c")]
                + [PCell(n + j, self.put(tk, "", "", "合计", k, totals[k]), align="r") for j, k in enumerate(cols)]
            )

        if hier and total_first:
            rows.append(total_row())
        for lvl, code, vals in hier:
            name = self.data.names[code]
            if codes == "kxl":
                cells = [PCell(i, p, align="c") for i, p in enumerate([code[:3], code[3:5], code[5:7]]) if p] + [
                    PCell(3, name)
                ]
            elif codes == "sep":
                cells = [PCell(0, code), PCell(1, name)]
            else:
                cells = [PCell(0, f"{code} {name}", indent={"类": 0, "款": 6, "项": 12}[lvl])]
            cells += [
                PCell(n + j, self.put(tk, "", code, name, k, vals.get(k, 0)), align="r") for j, k in enumerate(cols)
            ]
            rows.append(PRow(cells))
        if hier and not total_first:
            rows.append(total_row())
        return rows, n

    def econ_rows(self, tk: str, cols: list[str], codes: str, only: str = "") -> tuple[list[PRow], int]:
        """Rows of a 部门预算经济分类 table: 类 and 款 of basic spending (cols: 合计, 人员经费, 公用经费 or 预算数)."""
        groups = [g for g in mf.ECON_PERSON + mf.ECON_PUBLIC if g[0].startswith(only)]
        n = {"kxl": 3, "sep": 2}.get(codes, 1)

        def vals(code: str, amount: int) -> dict[str, int]:
            person = code[:3] in ("301", "303")
            return {
                "合计": amount,
                "预算数": amount,
                "人员经费": amount if person else 0,
                "公用经费": 0 if person else amount,
            }

        rows, total = [], {k: 0 for k in cols}
        for code, name, subs in groups:
            v = sum(self.b.econ[s] for s, _ in subs)
            for k in cols:
                total[k] += vals(code, v)[k]
        rows.append(
            PRow(
                [PCell(0, "合计", span=n, align="c")]
                + [PCell(n + j, self.put(tk, "", "", "合计", k, total[k]), align="r") for j, k in enumerate(cols)]
            )
        )
        for code, name, subs in groups:
            for c, nm, v in [(code, name, sum(self.b.econ[s] for s, _ in subs))] + [
                (s, sn, self.b.econ[s]) for s, sn in subs
            ]:
                if codes == "kxl":
                    cells = [PCell(0, c[:3], align="c"), PCell(1, c[3:], align="c"), PCell(2, nm)]
                elif codes == "sep":
                    cells = [PCell(0, c), PCell(1, nm)]
                else:
                    cells = [PCell(0, f"{c} {nm}")]
                cells += [
                    PCell(n + j, self.put(tk, "", c, nm, k, vals(c, v)[k]), align="r") for j, k in enumerate(cols)
                ]
                rows.append(PRow(cells))
        return rows, n


def fn_uses(attr_basic: str, attr_project: str):
    return lambda it: {"合计": getattr(it, attr_basic) + getattr(it, attr_project), "基本支出": getattr(it, attr_basic),
                       "项目支出": getattr(it, attr_project)}


def fn_exp(it):
    return {"合计": it.exp, "基本支出": it.basic, "项目支出": it.project}


def fn_general(it):
    return {"合计": it.gb_b + it.gb_p, "基本支出": it.gb_b, "项目支出": it.gb_p}


def fn_fund(it):
    return {"合计": it.gf_p, "基本支出": 0, "项目支出": it.gf_p} if it.gf_p else {}


# ---- Shanghai: 元 integers, 类|款|项, long tables over pages, the 三公 table in 万元 ------------------------

def sh_report(r: BudgetReport, doc: BudgetDoc) -> None:
    y, d, b = r.year, r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    total = gb + gf + nf
    tk = "budget_summary"
    left = [
        ("一、财政拨款收入", "财政拨款收入", gb + gf),
        ("1. 一般公共预算资金", "一般公共预算资金", gb),
        ("2. 政府性基金", "政府性基金", gf),
        ("3. 国有资本经营预算", "国有资本经营预算", 0),
        ("二、事业收入", "事业收入", nf),
        ("三、事业单位经营收入", "事业单位经营收入", 0),
        ("四、其他收入", "其他收入", 0),
    ]
    right = r.classes(lambda it: it.exp)
    rows = []
    for i in range(max(len(left), len(right))):
        cells = []
        if i < len(left):
            text, key, v = left[i]
            cells += [PCell(0, text), PCell(1, r.put(tk, "收入", "", key, "预算数", v), align="r")]
        if i < len(right):
            code, text, v = right[i]
            cells += [PCell(2, text), PCell(3, r.put(tk, "支出", code, text.split("、")[1], "预算数", v), align="r")]
        rows.append(PRow(cells))
    rows.append(
        PRow(
            [
                PCell(0, "收入总计", align="c"),
                PCell(1, r.put(tk, "收入", "", "总计", "预算数", total), align="r"),
                PCell(2, "支出总计", align="c"),
                PCell(3, r.put(tk, "支出", "", "总计", "预算数", total), align="r"),
            ]
        )
    )
    tree = [("本年收入", [("项目", []), ("预算数", [])]), ("本年支出", [("项目", []), ("预算数", [])])]
    r.draw(doc, tk, f"{y}年部门财务收支预算总表", "", [150, 90, 150, 90], tree, rows)

    cols = ["合计", "财政拨款", "事业收入", "事业单位经营收入", "其他收入"]
    tk = "budget_income"
    rows, n = r.coded_rows(
        tk,
        cols,
        lambda it: {
            "合计": it.exp,
            "财政拨款": it.gb_b + it.gb_p + it.gf_p,
            "事业收入": it.nf_b + it.nf_p,
            "事业单位经营收入": 0,
            "其他收入": 0,
        },
        "kxl",
        total_first=False,
    )
    tree = [
        ("项目", [("功能分类科目编码", [("类", []), ("款", []), ("项", [])]), ("功能分类科目名称", [])]),
        (
            "收入预算",
            [("合计", []), ("财政拨款收入", []), ("事业收入", []), ("事业单位经营收入", []), ("其他收入", [])],
        ),
    ]
    r.draw(doc, tk, f"{y}年部门收入预算总表", "", [24, 20, 20, 150] + [62] * 5, tree, rows, breaks=(len(rows) // 2,))
    r.traps.append("budget_income continues on a second page, header repeated")

    tk = "budget_expenditure"
    rows, n = r.coded_rows(tk, ["合计", "基本支出", "项目支出"], fn_exp, "kxl", total_first=False)
    tree = [("项目", [("功能分类科目编码", [("类", []), ("款", []), ("项", [])]), ("功能分类科目名称", [])]),
            ("支出预算", [("合计", []), ("基本支出", []), ("项目支出", [])])]
    r.draw(
        doc,
        tk,
        f"{y}年部门支出预算总表",
        "",
        [24, 20, 20, 170, 80, 80, 80],
        tree,
        rows,
        breaks=(len(rows) // 2,),
        repeat=False,
    )
    r.traps.append("budget_expenditure continues without its header")

    tk = "budget_fiscal_summary"
    left = [
        ("一、一般公共预算资金", "一般公共预算资金", gb),
        ("二、政府性基金", "政府性基金", gf),
        ("三、国有资本经营预算", "国有资本经营预算", 0),
    ]
    right = []
    for code, text, _ in r.classes(lambda it: it.gb_b + it.gb_p + it.gf_p):
        g = sum(it.gb_b + it.gb_p for it in d.items if it.code[:3] == code)
        f = sum(it.gf_p for it in d.items if it.code[:3] == code)
        right.append((code, text, [g + f, g, f, 0]))
    cols = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    rows = []
    for i in range(max(len(left), len(right))):
        cells = []
        if i < len(left):
            text, key, v = left[i]
            cells += [PCell(0, text), PCell(1, r.put(tk, "收入", "", key, "预算数", v), align="r")]
        if i < len(right):
            code, text, vals = right[i]
            cells.append(PCell(2, text))
            cells += [
                PCell(3 + j, r.put(tk, "支出", code, text.split("、")[1], k, v), align="r")
                for j, (k, v) in enumerate(zip(cols, vals))
            ]
        rows.append(PRow(cells))
    rows.append(
        PRow(
            [
                PCell(0, "收入总计", align="c"),
                PCell(1, r.put(tk, "收入", "", "总计", "预算数", gb + gf), align="r"),
                PCell(2, "支出总计", align="c"),
            ]
            + [
                PCell(3 + j, r.put(tk, "支出", "", "总计", k, v), align="r")
                for j, (k, v) in enumerate(zip(cols, [gb + gf, gb, gf, 0]))
            ]
        )
    )
    tree = [
        ("财政拨款收入", [("项目", []), ("预算数", [])]),
        (
            "财政拨款支出",
            [("项目", []), ("合计", []), ("一般公共预算", []), ("政府性基金预算", []), ("国有资本经营预算", [])],
        ),
    ]
    r.draw(doc, tk, f"{y}年部门财政拨款收支预算总表", "", [140, 80, 150, 80, 80, 80, 80], tree, rows, page="landscape")
    r.traps.append("landscape page")

    tk = "budget_general"
    rows, n = r.coded_rows(tk, ["合计", "基本支出", "项目支出"], fn_general, "kxl", total_first=False)
    tree = [("项目", [("功能分类科目编码", [("类", []), ("款", []), ("项", [])]), ("功能分类科目名称", [])]),
            ("一般公共预算支出", [("合计", []), ("基本支出", []), ("项目支出", [])])]
    r.draw(doc, tk, f"{y}年部门一般公共预算支出功能分类预算表", "", [24, 20, 20, 170, 80, 80, 80], tree, rows)

    for tk, name, fn in (
        ("budget_government_fund", "政府性基金", fn_fund),
        ("budget_state_capital", "国有资本经营", lambda it: {}),
    ):
        rows, n = r.coded_rows(tk, ["合计", "基本支出", "项目支出"], fn, "kxl", total_first=False)
        note = "" if rows else f"注:本部门{y}年无{name}预算财政拨款安排的预算，故本表为空表。"
        rows = rows or [PRow([PCell(0, "合计", span=4, align="c")]), PRow([PCell(0, "")])]
        tree = [("项目", [("功能分类科目编码", [("类", []), ("款", []), ("项", [])]), ("功能分类科目名称", [])]),
                (f"{name}预算支出", [("合计", []), ("基本支出", []), ("项目支出", [])])]
        r.draw(
            doc, tk, f"{y}年部门{name}预算支出功能分类预算表", "", [24, 20, 20, 170, 80, 80, 80], tree, rows, note=note
        )

    tk = "budget_general_basic"
    rows, n = r.econ_rows(tk, ["合计", "人员经费", "公用经费"], "kxl")
    rows.append(rows.pop(0))  # 合计 at the bottom
    tree = [("项目", [("部门预算经济分类科目编码", [("类", []), ("款", [])]), ("经济分类科目名称", [])]),
            ("一般公共预算基本支出", [("合计", []), ("人员经费", []), ("公用经费", [])])]
    r.draw(doc, tk, f"{y}年部门一般公共预算基本支出部门预算经济分类预算表", "", [30, 30, 170, 85, 85, 85], tree, rows)

    tk, t = "budget_three_public", b.three
    keys = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
            "公务用车购置及运行费/公务用车运行费"]
    cells = [PCell(j, r.put(tk, "", "", "合计", k, t[k], unit="万元"), align="r") for j, k in enumerate(keys)]
    cells.append(PCell(6, r.put(tk, "", "", "合计", "机关运行经费", b.operating, unit="万元"), align="r"))
    tree = [(f"{y}年“三公”经费预算数", [("合计", []), ("因公出国(境)费", []), ("公务接待费", []),
                                      ("公务用车购置及运行费", [("小计", []), ("购置费", []), ("运行费", [])])]),
            (f"{y}年机关运行经费预算数", [])]
    r.draw(
        doc,
        tk,
        "部门“三公”经费和机关运行经费预算表",
        "",
        [70] * 7,
        tree,
        [PRow(cells, min_h=22)],
        page="landscape",
        unit="万元",
    )
    r.traps.append("the 三公 table in 万元 in a report of 元")


def sh_narrative(r: BudgetReport) -> list[str]:
    y, d, b = r.year, r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    out = [
        f"{y}年部门预算编制说明",
        f"{y}年，{r.dept}收入预算{r.say('budget_income', gb + gf + nf)}，"
        f"其中：财政拨款收入{r.say('budget_fiscal_income', gb + gf)}；"
        f"事业收入{r.say('budget_business_income', nf)}；其他收入{r.say('budget_other_income', 0)}。",
        f"支出预算{r.say('budget_expenditure', gb + gf + nf)}，"
        f"其中：财政拨款支出预算{r.say('budget_fiscal_expenditure', gb + gf)}。"
        f"财政拨款支出预算中，一般公共预算拨款支出预算{r.say('budget_general_expenditure', gb)}。",
        "财政拨款支出主要内容如下：",
    ]
    for k, it in enumerate((it for it in d.items if it.gb_b + it.gb_p), 1):
        path = f"{d.names[it.code[:3]]}（类）{d.names[it.code[:5]]}（款）{it.name}（项）"
        amount = r.say(f"function:{it.code}", it.gb_b + it.gb_p)
        out.append(f"{k}. “{path}”{amount}，主要用于{it.name}。")
    t = b.three
    out += [
        "其他相关情况说明",
        f"一、{y}年“三公”经费预算情况说明",
        f"{y}年“三公”经费预算数为{r.say('budget_three_public', t['合计'])}。其中：",
        f"（一）因公出国（境）费{r.say('budget_overseas_travel', t['因公出国(境)费'])}。",
        f"（二）公务用车购置及运行费{r.say('budget_vehicle_purchase_operation', t['公务用车购置及运行费/小计'])}。",
        f"（三）公务接待费{r.say('budget_official_reception', t['公务接待费'])}。",
        "二、机关运行经费预算",
        f"{y}年{r.dept}财政拨款的机关运行经费预算为{r.say('budget_operating_expenses', b.operating)}。",
        "三、政府采购预算情况",
        f"{y}年本部门政府采购预算{r.say('budget_procurement', sum(p[3] for p in b.procurement))}。",
        "四、绩效目标设置情况",
        f"本部门开展了{y}年项目预算绩效目标编报工作，编报绩效目标的项目{len(b.projects)}个，"
        f"涉及项目预算资金{r.say('budget_performance_funds', sum(g + f for _, g, f in b.projects))}。",
    ]
    return out


# ---- Jiangsu: 万元, 公开NN表 in the budgets' own numbering, small tables sharing a page, a title wrapped ---

def js_title(r: BudgetReport, k: int, name: str) -> str:
    return f"{mf.cn_ordinal(k)}、{r.year}年度{r.dept}{name}"


def js_report(r: BudgetReport, doc: BudgetDoc) -> None:
    d, b = r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    basic, project = d.tot("gb_b") + d.tot("nf_b"), d.tot("gb_p") + d.tot("gf_p") + d.tot("nf_p")
    total = gb + gf + nf

    tk = "budget_summary"  # 收入 | 支出: 功能分类 | 支出用途
    left = [
        ("一、财政拨款", "财政拨款", gb + gf),
        ("1.一般公共预算", "一般公共预算", gb),
        ("2.政府性基金预算", "政府性基金预算", gf),
        ("二、财政专户管理资金", "财政专户管理资金", 0),
        ("三、其他资金", "其他资金", nf),
    ]
    mid = [
        (
            c,
            f"{mf.cn_ordinal(mf.CLASS_ORDER[c])}、{mf.CLASS_NAMES[c]}",
            sum(it.exp for it in d.items if it.code[:3] == c),
        )
        for c in sorted(mf.CLASS_ORDER, key=mf.CLASS_ORDER.get)[:22]
    ]
    uses = [
        ("一、基本支出", "基本支出", basic),
        ("二、项目支出", "项目支出", project),
        ("三、单位预留机动经费", "单位预留机动经费", 0),
    ]
    rows = []
    for i in range(len(mid)):
        cells = []
        if i < len(left):
            text, key, v = left[i]
            cells += [PCell(0, text), PCell(1, r.put(tk, "收入", "", key, "预算数", v), align="r")]
        code, text, v = mid[i]
        cells += [PCell(2, text), PCell(3, r.put(tk, "支出", code, text.split("、")[1], "预算数", v), align="r")]
        if i < len(uses):
            text, key, v = uses[i]
            cells += [PCell(4, text), PCell(5, r.put(tk, "支出", "", key, "预算数", v), align="r")]
        rows.append(PRow(cells))
    for li, lk, ri, rk, v in (("当年收入小计", "当年收入小计", "当年支出小计", "当年支出小计", total),
                              ("上年结转资金", "上年结转资金", "结转下年资金", "结转下年资金", 0),
                              ("收入合计", "收入合计", "支出合计", "支出合计", total)):
        rows.append(
            PRow(
                [
                    PCell(0, li, align="c"),
                    PCell(1, r.put(tk, "收入", "", lk, "预算数", v), align="r"),
                    PCell(2, ri, span=3, align="c"),
                    PCell(5, r.put(tk, "支出", "", rk, "预算数", v), align="r"),
                ]
            )
        )
    tree = [
        ("收入", [("项目名称", []), ("金额", [])]),
        ("支出", [("功能分类", [("功能科目名称", []), ("金额", [])]), ("支出用途", [("项目名称", []), ("金额", [])])]),
    ]
    r.draw(
        doc, tk, js_title(r, 1, "收支预算总表"), "公开01表", [120, 70, 150, 70, 110, 70], tree, rows, page="landscape"
    )
    r.traps.append("two-sided summary with the 支出 side in two halves (功能分类 | 支出用途); landscape")

    tk = "budget_income"
    lines = [
        ("收入总计", "总计", total),
        ("一、一般公共预算资金", "一般公共预算资金", gb),
        ("公共财政拨款(补助)资金", "公共财政拨款（补助）资金", gb),
        ("二、政府性基金", "政府性基金", gf),
        ("三、财政专户管理资金", "财政专户管理资金", 0),
        ("四、其他资金", "其他资金", nf),
        ("事业收入", "事业收入", nf),
        ("五、上年结转和结余资金", "上年结转和结余资金", 0),
    ]
    rows = [PRow([PCell(0, text, indent=0 if "、" in text or text == "收入总计" else 14),
                  PCell(1, r.put(tk, "", "", key, "预算数", v), align="r")]) for text, key, v in lines]
    r.draw(doc, tk, js_title(r, 2, "收入预算总表"), "公开02表", [260, 120], [("项目名称", []), ("金额", [])], rows)

    r.share_page = r.keep_open = True  # 03 and 04 on one page
    tk = "budget_expenditure"
    keys = [
        ("合计", basic + project),
        ("基本支出", basic),
        ("项目支出", project),
        ("单位预留机动经费", 0),
        ("结转下年资金", 0),
    ]
    rows = [PRow([PCell(j, r.put(tk, "", "", "合计", k, v), align="r") for j, (k, v) in enumerate(keys)])]
    r.draw(doc, tk, js_title(r, 3, "支出预算总表"), "公开03表", [80] * 5, [(k, []) for k, _ in keys], rows)
    r.share_page, r.keep_open = True, False
    tk = "budget_fiscal_summary"
    g_basic, g_project = d.tot("gb_b"), d.tot("gb_p") + d.tot("gf_p")
    rows = [
        PRow(
            [
                PCell(0, "一、一般公共预算"),
                PCell(1, r.put(tk, "收入", "", "一般公共预算", "预算数", gb), align="r"),
                PCell(2, "一、基本支出"),
                PCell(3, r.put(tk, "支出", "", "基本支出", "预算数", g_basic), align="r"),
            ]
        ),
        PRow(
            [
                PCell(0, "二、政府性基金预算"),
                PCell(1, r.put(tk, "收入", "", "政府性基金预算", "预算数", gf), align="r"),
                PCell(2, "二、项目支出"),
                PCell(3, r.put(tk, "支出", "", "项目支出", "预算数", g_project), align="r"),
            ]
        ),
        PRow(
            [
                PCell(0, "收入合计", align="c"),
                PCell(1, r.put(tk, "收入", "", "收入合计", "预算数", gb + gf), align="r"),
                PCell(2, "支出合计", align="c"),
                PCell(3, r.put(tk, "支出", "", "支出合计", "预算数", gb + gf), align="r"),
            ]
        ),
    ]
    tree = [("收入", [("项目名称", []), ("金额", [])]), ("支出", [("项目名称", []), ("金额", [])])]
    r.draw(doc, tk, js_title(r, 4, "财政拨款收支预算总表"), "公开04表", [120, 80, 120, 80], tree, rows)
    r.share_page = False
    r.traps.append("公开03表 and 公开04表 on one page")

    fn_tree = [("功能科目代码", []), ("功能科目名称", []), ("金额", [])]
    tk = "budget_fiscal_expenditure"
    rows, n = r.coded_rows(tk, ["预算数"], lambda it: {"预算数": it.gb_b + it.gb_p + it.gf_p}, "sep", total_first=True)
    r.draw(
        doc,
        tk,
        js_title(r, 5, "财政拨款支出预算表"),
        "公开05表",
        [80, 200, 100],
        fn_tree,
        rows,
        breaks=(len(rows) - 3,),
        repeat=False,
    )
    r.traps.append("budget_fiscal_expenditure: its last rows alone on the next page, no header")

    econ_tree = [("科目编码", []), ("科目名称", []), ("金额", [])]
    tk = "budget_fiscal_basic"
    rows, n = r.econ_rows(tk, ["预算数"], "sep")
    r.draw(doc, tk, js_title(r, 6, "财政拨款基本支出预算表"), "公开06表", [80, 200, 100], econ_tree, rows)

    tk = "budget_general"
    rows, n = r.coded_rows(tk, ["预算数"], lambda it: {"预算数": it.gb_b + it.gb_p}, "sep", total_first=True)
    r.draw(doc, tk, js_title(r, 7, "一般公共预算支出预算表"), "公开07表", [80, 200, 100], fn_tree, rows)
    r.traps.append("公开07表 is the 一般公共预算支出预算表 (a final account's 07 is 政府性基金)")

    tk = "budget_general_basic"
    rows, n = r.econ_rows(tk, ["预算数"], "sep")
    r.draw(doc, tk, "", "公开08表", [80, 200, 100], econ_tree, rows)
    r.traps.append("公开08表 printed without a title: named by its number")

    tk, t = "budget_three_public", b.three
    three = t["合计"]
    keys = [
        ("总计", three + b.meeting + b.training),
        ("合计", three),
        ("因公出国(境)费", t["因公出国(境)费"]),
        ("公务用车购置及运行费/小计", t["公务用车购置及运行费/小计"]),
        ("公务用车购置及运行费/公务用车购置费", t["公务用车购置及运行费/公务用车购置费"]),
        ("公务用车购置及运行费/公务用车运行费", t["公务用车购置及运行费/公务用车运行费"]),
        ("公务接待费", t["公务接待费"]),
        ("会议费", b.meeting),
        ("培训费", b.training),
    ]
    rows = [PRow([PCell(j, r.put(tk, "", "", "合计", k, v), align="r") for j, (k, v) in enumerate(keys)], min_h=22)]
    tree = [
        ("合计", []),
        (
            "“三公”经费",
            [
                ("小计", []),
                ("因公出国（境）费", []),
                ("公务用车购置及运行维护费", [("小计", []), ("公务用车购置费", []), ("公务用车运行维护费", [])]),
                ("公务接待费", []),
            ],
        ),
        ("会议费", []),
        ("培训费", []),
    ]
    title = js_title(r, 9, "一般公共预算“三公”经费、会议费、培训费支出预算表")
    cut = len(title) - 3
    r.draw(doc, tk, title[:cut] + "\n" + title[cut:], "公开09表", [56] * 9, tree, rows)
    r.traps.append("the 三公、会议费、培训费 title wraps onto two lines")

    tk = "budget_government_fund"
    rows, n = r.coded_rows(tk, ["预算数"], lambda it: {"预算数": it.gf_p} if it.gf_p else {}, "sep", total_first=True)
    rows = rows or [PRow([PCell(0, "合计", span=2, align="c")])]
    r.draw(doc, tk, js_title(r, 10, "财政拨款政府性基金支出预算表"), "公开10表", [80, 200, 100], fn_tree, rows)

    r.share_page = r.keep_open = True  # 11 and 12 on one page
    tk = "budget_office_operation"
    rows, n = r.econ_rows(tk, ["预算数"], "sep", only="302")
    r.draw(doc, tk, js_title(r, 11, "一般公共预算机关运行经费支出预算表"), "公开11表", [80, 200, 100],
           [("科目编码", []), ("科目名称", []), ("机关运行经费支出", [])], rows)
    r.keep_open = False
    tk = "budget_procurement"
    rows = [
        PRow(
            [PCell(0, "合计"), PCell(3, r.put(tk, "", "", "合计", "合计", sum(p[3] for p in b.procurement)), align="r")]
        )
    ]
    for k, cat in enumerate(("货物", "工程", "服务")):
        items = [p for p in b.procurement if p[0] == cat]
        label = f"{mf.cn_ordinal(k + 1)}、{cat}{'ABC'[k]}"
        rows.append(
            PRow(
                [
                    PCell(0, label),
                    PCell(3, r.put(tk, "", "", mf.norm_label(label), "合计", sum(p[3] for p in items)), align="r"),
                ]
            )
        )
        for _, what, form, v in items:
            rows.append(
                PRow([PCell(1, what), PCell(2, form), PCell(3, r.put(tk, "", "", what + form, "合计", v), align="r")])
            )
    r.draw(doc, tk, js_title(r, 12, "政府采购预算表"), "公开12表", [90, 130, 90, 80],
           [("采购品目大类", []), ("采购物品名称", []), ("采购组织形式", []), ("总计", [])], rows)
    r.share_page = False
    r.traps.append("公开11表 and 公开12表 on one page")


def js_narrative(r: BudgetReport) -> list[str]:
    y, d, b = r.year, r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    basic, project = d.tot("gb_b") + d.tot("nf_b"), d.tot("gb_p") + d.tot("gf_p") + d.tot("nf_p")
    total = gb + gf + nf
    out = [
        "第三部分 部门预算情况说明",
        "一、收支预算总表情况说明",
        f"{r.dept}{y}年度收入、支出预算总计{r.say('budget_total', total)}。",
        f"（一）收入预算总计{r.say('budget_income', total)}。"
        f"包括：1.财政拨款收入预算总计{r.say('budget_fiscal_income', gb + gf)}。",
        f"（二）支出预算总计{r.say('budget_expenditure', total)}。"
        f"此外，基本支出预算数为{r.say('budget_basic', basic)}。"
        f"项目支出预算数为{r.say('budget_project', project)}。",
        "七、一般公共预算支出预算表情况说明",
        f"本表（公开07表）反映{r.dept}{y}年度一般公共预算支出情况。",
        f"{r.dept}{y}年一般公共预算财政拨款支出预算{r.say('budget_general_expenditure', gb)}。",
        "九、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明",
        f"{r.dept}{y}年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出"
        f"{r.say('budget_overseas_travel', b.three['因公出国(境)费'])}；公务用车购置及运行维护费支出"
        f"{r.say('budget_vehicle_purchase_operation', b.three['公务用车购置及运行费/小计'])}；公务接待费支出"
        f"{r.say('budget_official_reception', b.three['公务接待费'])}。",
        f"{r.dept}{y}年度一般公共预算拨款安排的会议费预算支出{r.say('budget_meeting', b.meeting)}。",
        f"{r.dept}{y}年度一般公共预算拨款安排的培训费预算支出{r.say('budget_training', b.training)}。",
        "十二、政府采购预算情况说明",
        f"{y}年度政府采购支出预算总额{r.say('budget_procurement', sum(p[3] for p in b.procurement))}。",
    ]
    return out


# ---- a county: 元 with decimals, three-line rules, code and name in one cell, A3, two years, texts ----

def county_report(r: BudgetReport, doc: BudgetDoc) -> None:
    y, d, b = r.year, r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    total = gb + gf + nf
    last = {k: v * 9 // 10 for k, v in (("gb", gb), ("gf", gf), ("nf", nf))}  # last year's budget
    tk = "budget_summary"
    left = [
        ("一、一般公共预算拨款收入", "一般公共预算拨款收入", gb, last["gb"]),
        ("二、政府性基金预算拨款收入", "政府性基金预算拨款收入", gf, last["gf"]),
        ("三、单位资金", "单位资金", nf, last["nf"]),
    ]
    right = [(c, text, v, v * 9 // 10) for c, text, v in r.classes(lambda it: it.exp)]
    rows = []
    for i in range(max(len(left), len(right))):
        cells = []
        if i < len(left):
            text, key, v, p = left[i]
            cells += [PCell(0, text), PCell(1, r.put(tk, "收入", "", key, "上年预算数", p), align="r"),
                      PCell(2, r.put(tk, "收入", "", key, "预算数", v), align="r")]
        if i < len(right):
            code, text, v, p = right[i]
            name = text.split("、")[1]
            cells += [PCell(3, text), PCell(4, r.put(tk, "支出", code, name, "上年预算数", p), align="r"),
                      PCell(5, r.put(tk, "支出", code, name, "预算数", v), align="r")]
        rows.append(PRow(cells))
    p_in, p_out = sum(x[3] for x in left), sum(x[3] for x in right)
    rows.append(
        PRow(
            [
                PCell(0, "收入总计", align="c"),
                PCell(1, r.put(tk, "收入", "", "总计", "上年预算数", p_in), align="r"),
                PCell(2, r.put(tk, "收入", "", "总计", "预算数", total), align="r"),
                PCell(3, "支出总计", align="c"),
                PCell(4, r.put(tk, "支出", "", "总计", "上年预算数", p_out), align="r"),
                PCell(5, r.put(tk, "支出", "", "总计", "预算数", total), align="r"),
            ]
        )
    )
    tree = [("收入", [("项目", []), (f"{y - 1}年预算数", []), (f"{y}年预算数", [])]),
            ("支出", [("项目", []), (f"{y - 1}年预算数", []), (f"{y}年预算数", [])])]
    r.draw(
        doc,
        tk,
        f"{r.dept}{y}年部门收支预算总表",
        "",
        [150, 80, 80, 150, 80, 80],
        tree,
        rows,
        page="landscape",
        ruling="threeline",
    )
    r.traps.append("two years side by side: 上年预算数 | 预算数")

    tk = "budget_income"
    cols = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
    rows, n = r.coded_rows(
        tk,
        cols,
        lambda it: {
            "合计": it.exp,
            "一般公共预算": it.gb_b + it.gb_p,
            "政府性基金预算": it.gf_p,
            "单位资金": it.nf_b + it.nf_p,
        },
        "joined",
        total_first=True,
    )
    tree = [
        ("科目编码及名称", []),
        ("合计", []),
        ("一般公共预算", []),
        ("政府性基金预算", []),
        ("国有资本经营预算", []),
        ("财政专户管理资金", []),
        ("单位资金", []),
    ]
    r.draw(
        doc, tk, f"{r.dept}{y}年部门收入预算表", "", [300] + [120] * 6, tree, rows, page="a3", ruling="threeline", fs=9
    )
    r.traps.append("landscape A3 page")

    tk = "budget_expenditure"
    rows, n = r.coded_rows(tk, ["合计", "基本支出", "项目支出"], fn_exp, "joined", total_first=True)
    r.draw(
        doc,
        tk,
        f"{r.dept}{y}年部门支出预算表",
        "",
        [240, 90, 90, 90],
        [("科目编码及名称", []), ("合计", []), ("基本支出", []), ("项目支出", [])],
        rows,
        ruling="threeline",
        breaks=(len(rows) // 2,),
        repeat=False,
    )
    r.traps.append("续表 without the header, three-line rules")

    tk = "budget_general"
    rows, n = r.coded_rows(tk, ["合计", "基本支出", "项目支出"], fn_general, "joined", total_first=True)
    r.draw(doc, tk, f"{r.dept}{y}年一般公共预算支出预算表", "", [240, 90, 90, 90],
           [("科目编码及名称", []), ("合计", []), ("基本支出", []), ("项目支出", [])], rows, ruling="threeline")

    tk = "budget_general_basic"
    rows, n = r.econ_rows(tk, ["合计", "人员经费", "公用经费"], "joined")
    r.draw(doc, tk, f"{r.dept}{y}年一般公共预算基本支出预算表", "", [240, 90, 90, 90],
           [("经济分类科目", []), ("合计", []), ("人员经费", []), ("公用经费", [])], rows, ruling="threeline")

    tk, t = "budget_three_public", b.three
    keys = [
        "合计",
        "因公出国(境)费",
        "公务用车购置及运行费/小计",
        "公务用车购置及运行费/公务用车购置费",
        "公务用车购置及运行费/公务用车运行费",
        "公务接待费",
    ]
    rows = [
        PRow(
            [PCell(0, "合计", align="c")]
            + [PCell(j + 1, r.put(tk, "", "", "合计", k, t[k]), align="r") for j, k in enumerate(keys)]
        )
    ]
    tree = [
        ("项目", []),
        ("合计", []),
        ("因公出国（境）费", []),
        ("公务用车购置及运行费", [("小计", []), ("公务用车购置费", []), ("公务用车运行费", [])]),
        ("公务接待费", []),
    ]
    r.draw(doc, tk, f"{r.dept}{y}年“三公”经费支出预算表", "", [50] + [75] * 6, tree, rows, ruling="threeline")

    tk = "budget_project"
    rows = [
        PRow(
            [PCell(0, "合计", align="c")]
            + [
                PCell(1 + j, r.put(tk, "", "", "合计", k, v), align="r")
                for j, (k, v) in enumerate(
                    (
                        ("合计", sum(g + f for _, g, f in b.projects)),
                        ("一般公共预算", sum(g for _, g, _ in b.projects)),
                        ("政府性基金预算", sum(f for _, _, f in b.projects)),
                    )
                )
            ]
        )
    ]
    for name, g, f in b.projects:
        rows.append(
            PRow(
                [PCell(0, name)]
                + [
                    PCell(1 + j, r.put(tk, "", "", name, k, v), align="r")
                    for j, (k, v) in enumerate((("合计", g + f), ("一般公共预算", g), ("政府性基金预算", f)))
                ]
            )
        )
    r.draw(doc, tk, f"{r.dept}{y}年项目支出预算表", "", [220, 90, 90, 90],
           [("项目名称", []), ("合计", []), ("一般公共预算", []), ("政府性基金预算", [])], rows, ruling="threeline")

    tk = "budget_performance"
    rows = []
    for k, (name, _, _) in enumerate(b.projects):
        rows.append(
            PRow([PCell(0, name), PCell(1, "按时完成年度工作任务"), PCell(2, "完成率"), PCell(3, f"≥{90 + k % 10}%")])
        )
        rows.append(PRow([PCell(0, ""), PCell(1, "服务对象满意"), PCell(2, "服务人次"), PCell(3, str(1200 + 35 * k))]))
    r.note_table(tk, r.unit)
    st = mf.Style(font=r.font, fs=7.5, ruling="lattice", row_h=16.5)
    BudgetPainter(
        r,
        doc,
        [150, 150, 90, 80],
        [("项目名称", []), ("年度绩效目标", []), ("绩效指标", []), ("指标值", [])],
        rows,
        st,
        f"{r.dept}{y}年项目支出绩效目标表",
        r.unit,
        "",
        "",
        "portrait",
        (),
        True,
    ).paint()
    r.traps.append("绩效目标表: a table of text whose figures are targets, not amounts")


def county_narrative(r: BudgetReport) -> list[str]:
    y, d, b = r.year, r.data, r.b
    gb, gf, nf = d.tot("gb_b") + d.tot("gb_p"), d.tot("gf_p"), d.tot("nf_b") + d.tot("nf_p")
    return ["第二部分 部门预算情况说明", "一、收支预算总体情况",
            f"{y}年{r.dept}收支预算总计{r.say('budget_total', gb + gf + nf)}。",
            "二、支出预算情况",
            f"基本支出预算{r.say('budget_basic', d.tot('gb_b') + d.tot('nf_b'))}，项目支出预算"
            f"{r.say('budget_project', d.tot('gb_p') + d.tot('gf_p') + d.tot('nf_p'))}。",
            "三、“三公”经费预算情况",
            f"{y}年“三公”经费预算数为{r.say('budget_three_public', b.three['合计'])}。"]


STYLES = {"sh": (sh_report, sh_narrative, "before"), "js": (js_report, js_narrative, "after"),
          "county": (county_report, county_narrative, "before")}


def build(r: BudgetReport, out: Path) -> dict:
    draw, narrate, where = STYLES[r.style]
    doc = BudgetDoc(out / f"{r.name}.pdf", f"{r.dept}{r.year}年部门预算", r.font)
    doc.cover(r.dept, r.year)
    paragraphs = narrate(r)
    if where == "before":
        doc.narrative(paragraphs)
    draw(r, doc)
    doc.close_page()
    if where == "after":
        doc.narrative(paragraphs)
    doc.save()
    mf.write_truth(r, out)
    with open(out / f"{r.name}.facts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FACT_COLUMNS)
        w.writeheader()
        w.writerows(r.facts)
    if r.checks:
        mf.write_expected_checks(out / f"{r.name}.expected_checks.csv", r.checks)
    return dict(file=f"{r.name}.pdf", department=r.dept, year=r.year, report="预算", unit=";".join(r.units),
                tables=";".join(r.tables), traps="; ".join(r.traps))


# ---- the pair: a budget and a final account of one department and year --------------------------

FAMILIES = [  # (final table, budget table, final column, budget column, item amounts: final, budget)
    ("expenditure", "budget_expenditure", "本年支出合计", "合计", lambda it: it.exp),
    ("expenditure", "budget_expenditure", "基本支出", "基本支出", lambda it: it.basic),
    ("expenditure", "budget_expenditure", "项目支出", "项目支出", lambda it: it.project),
    ("general_budget_expenditure", "budget_general", "本年支出合计", "合计", lambda it: it.gb_b + it.gb_p),
    ("general_budget_expenditure", "budget_general", "基本支出", "基本支出", lambda it: it.gb_b),
    ("general_budget_expenditure", "budget_general", "项目支出", "项目支出", lambda it: it.gb_p),
]


def execution_truth(final: mf.Data, budget: mf.Data) -> list[dict]:
    """The 项-level execution rows of the pair and the 三公 items, from the amounts themselves."""
    out = []
    fin = {it.code: it for it in final.items}
    bud = {it.code: it for it in budget.items}
    for family, _, column, _, amount in FAMILIES:
        for code in sorted(set(fin) | set(bud)):
            f, b = (amount(fin[code]) if code in fin else 0), (amount(bud[code]) if code in bud else 0)
            if f or b:
                presence = "both" if f and b else "final_only" if f else "budget_only"
                out.append(
                    dict(
                        family=family,
                        code=code,
                        column=column,
                        budget_yuan=mf.yuan(b, "万元"),
                        final_yuan=mf.yuan(f, "万元"),
                        presence=presence,
                    )
                )
    for key in mf.THREE_KEYS:
        b, f = final.three[f"预算数/{key}"], final.three[f"决算数/{key}"]
        if f or b:
            out.append(
                dict(
                    family="three_public",
                    code="",
                    column=f"决算数/{key}",
                    budget_yuan=mf.yuan(b, "万元"),
                    final_yuan=mf.yuan(f, "万元"),
                    presence="both" if f and b else "final_only" if f else "budget_only",
                )
            )
    return out


def build_pair(out: Path) -> list[dict]:
    final = mf.Fixture("pair_final", "上海市某某区民政局", "minzheng", 2024, "万元", 4242)
    final.meta_title = f"{final.dept}2024年度部门决算"
    o = dict(ruling="lattice", codes="sep", total_pos="bottom")
    plan = [
        (mf.t01, mf.opts(**o)),
        (mf.t02, mf.opts(**o)),
        (mf.t03, mf.opts(**o)),
        (mf.t04, mf.opts(**o)),
        (mf.t05, mf.opts(**o)),
        (mf.t06, mf.opts(**o)),
        (mf.t07, mf.opts(**o)),
        (mf.t08, mf.opts(**o)),
        (mf.t09, mf.opts(**o, page="landscape")),
    ]
    row_final = mf.build(final, out, plan, "final account of the pair: lattice, 万元")
    budget_data = rescaled(final.data, random.Random(4243))
    budget = BudgetReport("pair_budget", "sh", final.dept, "minzheng", 2024, "元", 4242, data=budget_data)
    row_budget = build(budget, out)
    with open(out / "pair.expected_execution.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, EXECUTION_COLUMNS)
        w.writeheader()
        w.writerows(execution_truth(final.data, budget_data))
    return [row_budget, {**{k: row_final.get(k, "") for k in MANIFEST_COLUMNS}, "report": "决算", "traps": ""}]


def reports() -> list[BudgetReport]:
    county = BudgetReport("county_style_2025", "county", "某某县农业农村局", "nongye", 2025, "元", 1303)
    county.mutations[("budget_expenditure", "合计", "项目支出")] = 100000  # +1,000.00 元 printed
    county.checks = [dict(table_key="budget_expenditure", row="合计", column="项目支出", severity="error",
                          rule="合计 = Σ类 (differs by 1,000.00)"),
                     dict(table_key="budget_expenditure", row="合计", column="合计", severity="error",
                          rule="合计 = 基本支出 + 项目支出 on row 合计 (differs by 1,000.00)"),
                     dict(table_key="budget_expenditure", row="合计", column="项目支出", severity="error",
                          rule="the narrative's 项目支出 vs the table as printed (differs by 1,000.00)")]
    county.traps.append(
        "a deliberate +1,000.00 on budget_expenditure 合计/项目支出 (county_style_2025.expected_checks.csv)"
    )
    js = BudgetReport("js_province_style_2023", "js", "江苏省某某厅", "caizheng", 2023, "万元", 1302)
    js.mutations[("budget_general", "20106", "预算数")] = 1  # +0.01 万元
    js.checks = [
        dict(
            table_key="budget_general",
            row="20106",
            column="预算数",
            severity="rounding",
            rule="款 20106 = Σ项 (differs by 0.01)",
        ),
        dict(
            table_key="budget_general",
            row="201",
            column="预算数",
            severity="rounding",
            rule="类 201 = Σ款 (differs by 0.01)",
        ),
    ]
    js.traps.append("a deliberate +0.01 on budget_general 款 20106 (js_province_style_2023.expected_checks.csv)")
    return [
        BudgetReport("sh_wanli_style_2024", "sh", "上海市普陀区某某街道办事处", "minzheng", 2024, "元", 1301),
        js,
        county,
    ]


def generate(out: Path) -> list[dict]:
    mf.register_fonts()
    out.mkdir(parents=True, exist_ok=True)
    manifest = [build(r, out) for r in reports()] + build_pair(out)
    with open(out / "budget_manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, MANIFEST_COLUMNS)
        w.writeheader()
        w.writerows(manifest)
    return manifest


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the budget fixtures and their ground truth.")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "fixtures" / "budget",
                        help="folder to write into (default: fixtures/budget)")
    generate(parser.parse_args().out)
