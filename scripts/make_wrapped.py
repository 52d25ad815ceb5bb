"""A 收入决算表 whose narrow amount columns wrap their header words inside one ruled cell, with its truth.

National-template reports print the income table with eight amount columns on a portrait page: each
column is a few characters wide, so 本年收入合计 is printed "本年收入合" over "计" and 附属单位上缴收入
over two or three lines, each inside one ruled header cell that spans the header's rows beside the
two-level 项目 / 科目编码 · 科目名称 cell. Amounts are in 元 with two decimals; every row sums
(本年收入合计 = its parts) and the class rows are the sums of their items.

Usage: python -m scripts.make_wrapped OUT_DIR   # OUT_DIR/wrapped_income.pdf + wrapped_income.truth.csv
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

FONT = "STSong-Light"
TITLE = "2023年度收入决算表"
COLUMNS = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
ITEMS = [("2010101", "行政运行"), ("2010102", "一般行政管理事务"), ("2080501", "行政单位离退休"),
         ("2080505", "机关事业单位基本养老保险缴费支出"), ("2101101", "行政单位医疗"), ("2210201", "住房公积金")]
CLASS_NAMES = {"201": "一般公共服务支出", "20101": "人大事务", "208": "社会保障和就业支出",
               "20805": "行政事业单位养老支出", "210": "卫生健康支出", "21011": "行政事业单位医疗",
               "221": "住房保障支出", "22102": "住房改革支出"}
TRUTH_FIELDS = ["table_key", "side", "code", "row_label", "column_key", "value", "unit", "amount_yuan"]


def _rows(seed: int) -> list[tuple[str, str, list[int]]]:
    """(code, name, cents per column) for 合计, classes, 款 and items: parts drawn, totals summed."""
    rng = random.Random(seed)
    items = []
    for code, name in ITEMS:
        parts = [rng.randint(100_000, 9_000_000) if rng.random() < 0.8 or k == 0 else 0 for k in range(6)]
        parts[3] = parts[3] if rng.random() < 0.3 else 0  # 经营收入 mostly empty
        items.append((code, name, [sum(parts)] + parts))
    rows: list[tuple[str, str, list[int]]] = []
    for prefix_len in (3, 5):
        for code in sorted({c[:prefix_len] for c, _, _ in items}):
            rows.append((code, CLASS_NAMES[code], [sum(v[k] for c, _, v in items if c.startswith(code))
                                                   for k in range(7)]))
    rows += items
    rows.sort(key=lambda r: r[0])
    total = [sum(v[k] for c, _, v in rows if len(c) == 3) for k in range(7)]
    return [("", "合计", total)] + rows


def _yuan(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def make_wrapped(path: Path, seed: int = 27, column_width: float = 54.0, ruled: bool = True) -> list[dict]:
    """Write the table PDF (A4 portrait, text layer); return its truth rows. Amount columns are
    `column_width` points wide: at 54 pt a 9 pt header wraps after five characters. `ruled=False`
    draws a three-line table instead: rules above and below the header and under the last row only."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    w, h = A4
    fs, lead = 9.0, 11.0
    widths = [52.0, 150.0] + [column_width] * len(COLUMNS)
    left = (w - sum(widths)) / 2
    xs = [left]
    for wd in widths:
        xs.append(xs[-1] + wd)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 15)
    c.drawCentredString(w / 2, h - 60, TITLE)
    c.setFont(FONT, fs)
    c.drawString(xs[0], h - 84, "编制单位：某某区民政局")
    c.drawRightString(xs[-1], h - 84, "单位：元")
    top, half, row_h = 92.0, 22.0, 18.0  # the header: two rows of `half` points
    c.setLineWidth(0.6)
    hline = lambda y, x0, x1: c.line(x0, h - y, x1, h - y)  # noqa: E731
    vline = lambda x, y0, y1: c.line(x, h - y0, x, h - y1)  # noqa: E731
    hline(top, xs[0], xs[-1])
    if ruled:
        hline(top + half, xs[0], xs[2])  # only under 项目: the amount headers span both rows
    c.drawCentredString((xs[0] + xs[2]) / 2, h - top - half / 2 - 3, "项目")
    c.drawCentredString((xs[0] + xs[1]) / 2, h - top - 1.5 * half - 3, "科目编码")
    c.drawCentredString((xs[1] + xs[2]) / 2, h - top - 1.5 * half - 3, "科目名称")
    per_line = max(1, int((column_width - 4) // fs))
    for k, name in enumerate(COLUMNS):
        lines = [name[i:i + per_line] for i in range(0, len(name), per_line)]
        y = top + half - (len(lines) - 1) * lead / 2 + 3
        for line in lines:
            c.drawCentredString((xs[k + 2] + xs[k + 3]) / 2, h - y, line)
            y += lead
    rows = _rows(seed)
    body = top + 2 * half
    truth = []
    for r, (code, name, values) in enumerate(rows):
        y = body + r * row_h
        if ruled or r == 0:
            hline(y, xs[0], xs[-1])
        base = h - y - row_h / 2 - 3
        if code:
            c.drawString(xs[0] + 3, base, code)
        c.drawString(xs[1] + 3, base, name)
        for k, cents in enumerate(values):
            if not cents:
                continue
            text = _yuan(cents)
            c.drawRightString(xs[k + 3] - 2, base, text)
            truth.append(
                dict(
                    table_key="income",
                    side="",
                    code=code,
                    row_label="" if code else name,
                    column_key=COLUMNS[k],
                    value=text,
                    unit="元",
                    amount_yuan=f"{cents // 100}.{cents % 100:02d}",
                )
            )
    bottom = body + len(rows) * row_h
    hline(bottom, xs[0], xs[-1])
    for x in xs if ruled else ():
        vline(x, top, bottom)
    c.showPage()
    c.save()
    return truth


def write_truth(truth: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=TRUTH_FIELDS)
        writer.writeheader()
        writer.writerows(truth)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=27)
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    pdf = a.out / "wrapped_income.pdf"
    write_truth(make_wrapped(pdf, a.seed), pdf.with_suffix(".truth.csv"))
    print(pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
