"""A producer that is not ours: zoo reports typed in a spreadsheet and a word processor, exported by LibreOffice.

Real reports are typed in Excel/WPS and Word and exported to PDF, so their page breaks, wrapping,
rules, fonts and text layer are the office suite's. An OfficeDoc is a zoo.ZooDoc (same department,
items, amounts from make_fixtures.make_data, same table builders, same truth) whose tables are not
painted but written as .xlsx with openpyxl — merged header cells, borders, wrap text, indents, number
formats, print titles, landscape pages, a title row and an 编制单位/单位 row — and whose cover, 目录,
part title and narrative are .docx (python-docx). One `soffice --headless --convert-to pdf` call per
document converts every file; pypdf joins the PDFs in report order.

The office traits (zoo.OFFICE_TRAITS) are drawn from their own RNG, independently of the zoo's, so
a document's zoo traits, department and amounts are those a painter document of the same (seed, i)
would have. The painter-only traits (font_producer, rules, continuation) do not apply and are left
blank in the manifest; rot90 tables become landscape sheets (a spreadsheet has no rotated page).

The page of each truth cell is found in the exported PDF: each table's rows, in order, are matched
to the first of their printed amounts in the pages' text (the office suite chooses the breaks).
Output is not byte-deterministic (LibreOffice stamps dates and IDs); the truth files are.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scripts import make_fixtures as mf
from scripts import zoo
from scripts.make_fixtures import PCell

PAINTER_ONLY = ("font_producer", "rules", "continuation")
PT_PER_CHAR = 5.6  # a spreadsheet column width unit (the default font's '0') in points, roughly
BODY_FS, TITLE_FS = 10, 16
AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
ZERO_MARKS = {"-", "—"}


def lines_needed(text: str, width_pt: float, fs: float, indent: int = 0) -> int:
    """Lines a wrapped cell takes: CJK characters one em, others about half (the office suite wraps;
    a row as high as its tallest cell, as one sets it in Excel, keeps the lines from overlapping)."""
    room = max(width_pt - 6 - indent * fs, fs)
    em = sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)
    return max(1, int(-(-em * fs // room)))


def office_rng(seed: int, i: int) -> random.Random:
    return random.Random(f"juesuan-zoo-office:{seed}:{i}")


def draw_office_traits(rng: random.Random) -> dict[str, str]:
    return {name: rng.choice(values) for name, values in zoo.OFFICE_TRAITS.items()}


def office_picks(n: int, seed: int, share: float) -> set[int]:
    """Which of n documents come from the office suite: round-up share of them, chosen by the seed."""
    k = min(n, int(-(-n * share // 1))) if share > 0 else 0
    return set(random.Random(f"juesuan-zoo-producer:{seed}").sample(range(n), k))


@dataclass
class SheetRow:
    """A body row as written: its sheet row number and the truth rows and printed amounts on it."""
    excel_row: int
    truth: list[int] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    key: str  # table_key
    number: str  # 01 … 09
    path: Path
    rows: list[SheetRow]


class SheetWriter(mf.TablePainter):
    """TablePainter's interface; paint() writes the table as one worksheet instead of drawing it."""

    def __init__(self, z: "OfficeDoc", *args, **kw):
        super().__init__(*args, **kw)
        self.z = z
        self.pages: list[int] = []  # filled in after the export

    # -- styles --------------------------------------------------------------------------------
    def font(self, size=BODY_FS, bold=False):
        from openpyxl.styles import Font
        return Font(name=self.z.office["office_font"], size=size, bold=bold)

    def number_format(self) -> str:
        nf = self.z.nf
        base = ("#,##0" if nf.thou else "0") + (".00" if nf.dec == 2 else "")
        return f'{base};-{base};"{nf.zero}"' if nf.zero in ZERO_MARKS else base

    def put(self, ws, r: int, cell: PCell, header: bool = False) -> tuple[int, str, int | None]:
        """Write one PCell at sheet row r (1-based, columns from 1); returns (column, printed, truth index)."""
        from openpyxl.styles import Alignment
        c = cell.col + 1
        text = str(cell.text)
        if cell.spaced and len(text) > 1:
            text = "  ".join(text)  # typed 合  计, as people do to spread a short label
        if cell.span > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + cell.span - 1)
        target = ws.cell(row=r, column=c)
        amount = cell.align == "r" and (AMOUNT.match(text) or text in ZERO_MARKS or text in ("0", "0.00"))
        if amount and self.z.office["cell_type"] == "number":
            value = 0 if text in ZERO_MARKS else float(text.replace(",", ""))
            target.value = value
            target.number_format = self.number_format()
        elif text:
            target.value = text
        horiz = {"l": "left", "r": "right", "c": "center"}[cell.align]
        indent = round(cell.indent / 6) if cell.indent else 0
        target.alignment = Alignment(horizontal=horiz, vertical="center", wrap_text=cell.wrap and not amount,
                                     indent=indent)
        target.font = self.font(bold=header)
        return c, text, cell.text.index if isinstance(cell.text, zoo.TruthStr) else None

    def border(self, ws, top: int, first: int, body_end: int) -> None:
        """Rules by the `borders` trait: grid / header grid over a body with only its outer frame /
        three-line (thick above the header, thin below it, thick under the last row)."""
        from openpyxl.styles import Border, Side
        thin, thick, none = Side(style="thin"), Side(style="medium"), Side()
        style, n = self.z.office["borders"], len(self.widths)
        for r in range(top, body_end + 1):
            in_header = r < first
            for c in range(1, n + 1):
                if style == "grid" or (style == "header_frame" and in_header):
                    b = Border(left=thin, right=thin, top=thin, bottom=thin)
                elif style == "header_frame":
                    b = Border(left=thin if c == 1 else none, right=thin if c == n else none,
                               bottom=thin if r == body_end else none)
                else:
                    b = Border(top=thick if r == top else none,
                               bottom=thin if r == first - 1 else thick if r == body_end else none)
                ws.cell(row=r, column=c).border = b

    # -- the table -----------------------------------------------------------------------------
    def heading(self, ws) -> int:
        """公开NN表, the title(s), 编制单位 and 单位 rows; returns the first row of the header."""
        from openpyxl.styles import Alignment
        z, t, n = self.z, self.z.traits, len(self.widths)
        r = 1

        def line(text, size, bold=False, align="center", c0=1, c1=n):
            if c1 > c0:
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c1)
            cell = ws.cell(row=r, column=c0, value=text)
            cell.font = self.font(size, bold)
            cell.alignment = Alignment(horizontal=align, vertical="center")

        if self.number:
            line(self.number, BODY_FS, align="right")
            r += 1
        if t["title_dept"] == "supertitle":
            line(f"{z.dept}{z.year}年度部门决算表", TITLE_FS, bold=True)
            ws.row_dimensions[r].height = 24
            r += 1
        line(self.title, TITLE_FS if t["title_dept"] != "supertitle" else 13, bold=True)
        ws.row_dimensions[r].height = 26
        r += 1
        unit = f"单位：{self.unit}"
        style = t["compiler"]
        alone = style == "absent" or t["unit_line"] == "own_line"
        last = n if alone else max(1, n - 1)  # the compiler's cells end before the unit's

        def span_for(text: str, c0: int) -> int:
            """The last column of a merge from c0 wide enough for text (the office suite clips the rest)."""
            c1 = c0
            while c1 < last and lines_needed(text, self.col_pt(c0 - 1, c1 - c0 + 1), BODY_FS) > 1:
                c1 += 1
            return c1

        end = 0
        if style != "absent":
            if style == "no_colon":
                line("编制单位", BODY_FS, align="left", c0=1, c1=span_for("编制单位", 1))
                c0 = span_for("编制单位", 1) + 1
                end = span_for(z.dept, c0)
                line(z.dept, BODY_FS, align="left", c0=c0, c1=end)
            else:
                text = ("部门：" if style == "bumen_label" else "编制单位：") + z.dept
                end = span_for(text, 1)
                line(text, BODY_FS, align="left", c1=end)
            if t["unit_line"] == "own_line":
                r += 1
                end = 0
        line(unit, BODY_FS, align="right", c0=max(end + 1, n - 1 if n > 1 else 1), c1=n)
        return r + 1

    def paint(self):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.pagebreak import Break
        z, n = self.z, len(self.widths)
        wb = Workbook()
        ws = wb.active
        ws.title = "表"
        top = self.heading(ws)
        fill = PatternFill("solid", fgColor="D9D9D9") if z.office["header_fill"] == "grey" else None
        for r0, c0, rs, cs, text, _opts in self.hcells:
            r, c = top + r0, c0 + 1
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + rs - 1, end_column=c + cs - 1)
            cell = ws.cell(row=r, column=c, value=text)
            cell.font = self.font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        r = top + self.hdepth
        for row in self.extra_header_rows:
            for cell in row.cells:
                self.put(ws, r, cell, header=True)
            r += 1
        first = r  # first body row
        if fill:
            for rr in range(top, first):
                for c in range(1, n + 1):
                    ws.cell(row=rr, column=c).fill = fill
        sheet_rows = []
        for i, row in enumerate(self.rows):
            sr = SheetRow(r)
            for cell in row.cells:
                _c, printed, index = self.put(ws, r, cell)
                if index is not None:
                    sr.truth.append(index)
                    sr.printed.append(printed)
            if i in self.breaks and i:
                ws.row_breaks.append(Break(id=r - 1))
            sheet_rows.append(sr)
            r += 1
        body_end = r - 1
        self.row_heights(ws, top, first)
        self.border(ws, top, first, body_end)
        if self.note:
            ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=n)
            ws.cell(row=r + 1, column=1, value=self.note).font = self.font()
        scale = BODY_FS / max(self.st.fs, 5.0)
        for j, w in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(j)].width = round(w * scale / PT_PER_CHAR, 1)
        self.page_setup(ws, top, first)
        path = z.work / f"{z.name}_{len(z.sheets) + 1:02d}.xlsx"
        wb.save(path)
        number = next(num for num, tk, _ in zoo.TABLES if tk == z.current)
        z.sheets.append(Sheet(z.current, number, path, sheet_rows))

    def col_pt(self, c0: int, span: int) -> float:
        """Printed width in points of columns c0 … c0+span-1 (0-based), at 100 %."""
        return sum(self.widths[c0:c0 + span]) * BODY_FS / max(self.st.fs, 5.0) * 0.94

    def row_heights(self, ws, top: int, first: int) -> None:
        """Every row as high as its wrapped text: header rows from the header cells (a cell over several
        rows stretches the last), body rows from their cells."""
        lead = BODY_FS * 1.3
        hs = [lead + 5.0] * self.hdepth
        for r0, c0, rs, cs, text, _ in sorted(self.hcells, key=lambda c: c[2]):
            need = lines_needed(text, self.col_pt(c0, cs), BODY_FS) * lead + 5
            have = sum(hs[r0:r0 + rs])
            if need > have:
                hs[r0 + rs - 1] += need - have
        for k, h in enumerate(hs):
            ws.row_dimensions[top + k].height = round(h, 1)
        body = [*self.extra_header_rows, *self.rows]
        for k, row in enumerate(body):
            n = max((lines_needed(str(c.text), self.col_pt(c.col, c.span), BODY_FS, round(c.indent / 6))
                     for c in row.cells if c.text and c.align != "r"), default=1)
            ws.row_dimensions[first - len(self.extra_header_rows) + k].height = round(n * lead + 5, 1)

    def page_setup(self, ws, top: int, first: int) -> None:
        """A4, the drawn orientation, fit to one page wide, print titles and a page footer by trait."""
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait" if self.page == "portrait" else "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        if self.z.office["print_titles"] == "yes":
            ws.print_title_rows = f"{top}:{first - 1}"
        footer = {"none": "", "page": "&P", "page_of": "第 &P 页，共 &N 页"}[self.z.office["footer"]]
        if footer:
            ws.oddFooter.center.text = footer
            ws.oddFooter.center.size = 9


class OfficeDoc(zoo.ZooDoc):
    """A zoo report whose tables become worksheets and whose front matter and narrative documents."""

    def __init__(self, name: str, seed: int, i: int, work: Path, overrides: dict[str, str] | None = None,
                 office_overrides: dict[str, str] | None = None):
        super().__init__(name, seed, i, overrides)
        self.office = draw_office_traits(office_rng(seed, i))
        self.office.update(office_overrides or {})
        self.orientation = {tk: "landscape" if o == "rot90" else o for tk, o in self.orientation.items()}
        self.work = work
        self.sheets: list[Sheet] = []
        self.current = ""

    def painter_cls(self, *args, **kw) -> SheetWriter:
        return SheetWriter(self, *args, **kw)


# ---- front matter and narrative as word-processor documents ------------------------------------

def _docx(z: OfficeDoc, stem: str, fill) -> Path:
    """A4 .docx in the document's font; fill(document) writes its paragraphs."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(25)
    normal = d.styles["Normal"]
    normal.font.name = z.office["office_font"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), z.office["office_font"])
    fill(d)
    path = z.work / f"{z.name}_{stem}.docx"
    d.save(path)
    return path


def _para(d, text: str, size: float = 12, bold: bool = False, center: bool = False, first_indent: bool = False,
          space_before: float = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    p = d.add_paragraph()
    run = p.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if first_indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.line_spacing = 1.5
    return p


def cover_docx(z: OfficeDoc) -> Path:
    def fill(d):
        _para(d, z.dept, 26, bold=True, center=True, space_before=200)
        _para(d, f"{z.year}年度部门决算", 26, bold=True, center=True)
        _para(d, f"{z.year + 1}年8月", 14, center=True, space_before=220)
    return _docx(z, "cover", fill)


def toc_docx(z: OfficeDoc) -> Path:
    def fill(d):
        _para(d, "目  录", 18, bold=True, center=True, space_before=30)
        lines = [f"第一部分 {z.dept}概况", "    一、主要职能", "    二、部门决算单位构成",
                 f"第二部分 {z.dept}{z.year}年度部门决算表"]
        lines += [f"    {mf.cn_ordinal(k)}、{name}" for k, (_, _, name) in enumerate(zoo.TABLES, 1)]
        lines += [f"第三部分 {z.dept}{z.year}年度部门决算情况说明", "第四部分 名词解释"]
        for text in lines:
            _para(d, text, 12)
    return _docx(z, "toc", fill)


def part_title_docx(z: OfficeDoc) -> Path:
    return _docx(z, "part", lambda d: _para(d, f"第二部分 {z.dept}{z.year}年度部门决算表", 16, bold=True,
                                            center=True, space_before=300))


def narrative_docx(z: OfficeDoc, stem: str, paragraphs: list[str]) -> Path:
    def fill(d):
        for p in paragraphs:
            heading = len(p) <= 40 and bool(mf.HEADING.match(p))
            _para(d, p, 12 if not heading else 12, bold=heading, first_indent=not heading)
    return _docx(z, stem, fill)


# ---- conversion, joining, pages -----------------------------------------------------------------

def soffice_convert(files: list[Path], outdir: Path, timeout: float = 600) -> None:
    """Every file to PDF in one LibreOffice run, with a private profile (parallel runs do not collide)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui "
                           "libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="zoo_office_profile_") as profile:
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout,
                       env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    missing = [f.name for f in files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no PDF for {missing}")


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def row_pages(sheet: Sheet, texts: list[str]) -> dict[int, int]:
    """truth index → page (1-based within the table's PDF): rows in order, each on the first page at or
    after the previous row's where its first printed amount stands as a whole number after the cursor."""
    out: dict[int, int] = {}
    page, pos = 0, 0
    for sr in sheet.rows:
        if not sr.truth:
            continue
        pat = re.compile(r"(?<![\d.,])" + re.escape(sr.printed[0]) + r"(?![\d年])")
        p, at = page, pos
        while p < len(texts):
            m = pat.search(texts[p], at)
            if m:
                page, pos = p, m.end()
                break
            p, at = p + 1, 0
        for index in sr.truth:
            out[index] = page + 1
    return out


def build_office_doc(z: OfficeDoc, out: Path) -> dict:
    """Write NAME.pdf, NAME.truth.csv and NAME.pages.json like zoo.build_zoo_doc; return the manifest row."""
    from pypdf import PdfReader, PdfWriter
    t = z.traits
    parts: list[tuple[str, Path | Sheet]] = []  # (front kind or "table", source) in report order
    if t["cover"] == "yes" or z.cover_forced:
        parts.append(("cover", cover_docx(z)))
    if t["toc"] == "yes":
        parts.append(("toc", toc_docx(z)))
    profile = mf.narrative_profile(z)
    accounts = mf.narrative_accounts(z, "第三部分")
    if t["narrative"] == "before":
        parts.append(("narrative", narrative_docx(z, "narrative", profile + accounts)))
    elif t["narrative"] in ("after", "between"):
        parts.append(("narrative", narrative_docx(z, "profile", profile)))
    if t["part_title"] == "yes":
        parts.append(("part_title", part_title_docx(z)))
    between = z.rng.randint(2, 8) if t["narrative"] == "between" else None
    for k, (number, tk, name) in enumerate(zoo.TABLES, 1):
        z.current = tk
        zoo.DRAW.get(tk, zoo.coded_table)(z, None, number, tk, name)
        parts.append(("table", z.sheets[-1]))
        if k == between:
            parts.append(("narrative", narrative_docx(z, "accounts", accounts)))
    if t["narrative"] == "after":
        parts.append(("narrative", narrative_docx(z, "accounts", accounts)))
    pdf_dir = z.work / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    sources = [src.path if isinstance(src, Sheet) else src for _, src in parts]
    soffice_convert(sources, pdf_dir)
    writer = PdfWriter()
    producer = ""
    front: dict[str, list[int]] = {}
    truth_pages: dict[int, int] = {}
    for (kind, src), source in zip(parts, sources):
        pdf = pdf_dir / f"{source.stem}.pdf"
        first = len(writer.pages) + 1
        reader = PdfReader(str(pdf))
        producer = producer or str((reader.metadata or {}).get("/Producer", ""))
        writer.append(reader)
        pages = list(range(first, len(writer.pages) + 1))
        if isinstance(src, Sheet):
            z.table_pages[src.key] = pages
            truth_pages.update({i: p + first - 1 for i, p in row_pages(src, page_texts(pdf)).items()})
        else:
            front.setdefault(kind, []).extend(pages)
    writer.add_metadata({"/Title": f"{z.dept}{z.year}年度部门决算", "/Producer": producer})
    with open(out / f"{z.name}.pdf", "wb") as fh:
        writer.write(fh)
    mf.write_truth(z, out)
    pages = {"tables": z.table_pages, "front": front, "truth_pages": [truth_pages[i] for i in range(len(z.truth))]}
    (out / f"{z.name}.pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    row = dict(file=f"{z.name}.pdf", department=z.dept, year=z.year, unit=z.unit, n_items=z.n_items, **t,
               producer="office", **z.office)
    row.update({k: "" for k in PAINTER_ONLY})
    row.update(orientation=";".join(f"{n}={z.orientation[tk]}" for n, tk, _ in zoo.TABLES),
               cover="yes" if z.cover_forced else t["cover"], cover_forced="yes" if z.cover_forced else "no")
    return row


def make_office_doc(name: str, seed: int, i: int, out: Path, overrides: dict[str, str] | None = None,
                    office_overrides: dict[str, str] | None = None) -> dict:
    """One office-suite document into out (its .xlsx/.docx sources in a scratch folder, removed after)."""
    mf.register_fonts()  # the zoo's layout measures text in the painter's fonts
    with tempfile.TemporaryDirectory(prefix="zoo_office_") as work:
        return build_office_doc(OfficeDoc(name, seed, i, Path(work), overrides, office_overrides), out)
