"""Oracle: the pdfium reader gives what the pdfplumber reader gives, on every PDF at hand.

Each PDF goes through the whole pipeline once per reader (OCR off: only the text layer is compared),
every page's PageContent recorded on the way. Identical: each page's words (text and order), ruling
segments, size and image coverage; cells.csv (every field but the box), documents.csv, checks.csv,
facts.csv and the wide tables. Boxes differ slightly, for two reasons: pdfium computes positions in
32-bit floats (pdfminer in doubles), ~1e-4 pt; and pdfium keeps font widths and descents in whole
1/1000 em, so where a producer writes fractional widths (reportlab's embedded TrueType) a box drifts
by under 0.001 em per character along its text run. Hence WORD_BOX_TOL and CELL_BOX_TOL.
Generated PDFs add what the corpus lacks (form XObjects, turned pages and text, images, an inherited
MediaBox) and pin down the one divergence found (character spacing after a string's last glyph).

To oracle more PDFs (the layout zoo, new real reports), add a glob to ORACLE_GLOBS or set
JUESUAN_ORACLE_PDFS to globs separated by the path separator.
"""
from __future__ import annotations

import csv
import os
import shutil
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

import juesuan.pipeline as pipeline
from conftest import REAL, ROOT
from juesuan.output import write_outputs
from juesuan.pipeline import Options, extract_document

ORACLE_GLOBS = [
    str(ROOT / "fixtures" / "generated" / "*.pdf"),
    str(ROOT / "fixtures" / "edge" / "*.pdf"),
    str(ROOT / "fixtures" / "zoo" / "**" / "*.pdf"),
    str(REAL / "*.pdf"),
    *filter(None, os.environ.get("JUESUAN_ORACLE_PDFS", "").split(os.pathsep)),
]
WORD_BOX_TOL = (
    0.25  # pt; ≤ 3e-4 where fonts have whole-unit widths (every real report), ≤ 0.22 with reportlab's WQY ZenHei
)
CELL_BOX_TOL = WORD_BOX_TOL + 0.01  # pt: a cell's box is its words', rounded to 0.01 in cells.csv
SEGMENT_TOL = 1e-3  # pt
BOX_COLUMNS = ("x0", "top", "x1", "bottom")
OPTIONS = Options(ocr="never")


def _pdfs() -> list[Path]:
    import glob
    return sorted({Path(p) for pattern in ORACLE_GLOBS for p in glob.glob(pattern, recursive=True)})


PDFS = _pdfs()


class _Recorder:
    """Wraps an open document so the pipeline's PageContents are kept for comparison."""

    def __init__(self, pages, seen: list):
        self.pages, self.seen = pages, seen
        self.page_count = pages.page_count

    def read_page(self, index):
        content = self.pages.read_page(index)
        self.seen.append(content)
        return content

    def close(self):
        self.pages.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """runs(path) → {reader: (output folder, [PageContent])}, computed once per PDF."""
    done: dict[Path, dict] = {}
    original = pipeline.open_document

    def run(path: Path) -> dict:
        if path not in done:
            done[path] = {}
            for reader in ("pdfplumber", "pdfium"):
                seen: list = []
                pipeline.open_document = lambda p, r, seen=seen: _Recorder(original(p, r), seen)
                try:
                    doc = extract_document(path, replace(OPTIONS, reader=reader))
                finally:
                    pipeline.open_document = original
                out = tmp_path_factory.mktemp(f"{path.stem}-{reader}")
                write_outputs(out, [doc])
                done[path][reader] = (out, seen)
        return done[path]
    return run


def test_the_oracle_has_pdfs():
    assert len([p for p in PDFS if p.parent.name == "generated"]) >= 12


@pytest.fixture(scope="module")
def zoo(tmp_path_factory):
    """A small layout zoo (scripts/zoo.py): its four producers, cairo's among them."""
    from conftest import load_script
    folder = tmp_path_factory.mktemp("zoo")
    load_script("zoo").generate_zoo(ZOO_DOCS, ZOO_SEED, folder)
    return folder


ZOO_DOCS, ZOO_SEED = 8, 106  # the seed test_zoo.py uses: all four producers within the first six


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pages_read_alike(runs, path):
    _pages_alike(runs, path)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_results_alike(runs, path):
    _results_alike(runs, path)


@pytest.mark.parametrize("index", range(ZOO_DOCS))
def test_zoo_reads_alike(runs, zoo, index):
    path = sorted(zoo.glob("*.pdf"))[index]
    _pages_alike(runs, path)
    _results_alike(runs, path)


def _pages_alike(runs, path: Path) -> None:
    (_, plumber), (_, pdfium) = runs(path)["pdfplumber"], runs(path)["pdfium"]
    assert len(pdfium) == len(plumber)
    for a, b in zip(plumber, pdfium):
        where = f"{path.name} page {a.number}"
        assert b.number == a.number, where
        # a MediaBox written with more digits than a 32-bit float holds ("841.889764", cairo) comes back rounded
        assert (b.width, b.height) == pytest.approx((a.width, a.height), abs=1e-4), where
        assert b.image_coverage == pytest.approx(a.image_coverage, abs=1e-6), where
        assert [w.text for w in b.words] == [w.text for w in a.words], where
        for wa, wb in zip(a.words, b.words):
            assert _gap(wa, wb) <= WORD_BOX_TOL, f"{where}: {wa} vs {wb}"
        assert len(b.segments) == len(a.segments), where
        for sa, sb in zip(a.segments, b.segments):
            assert _gap(sa, sb) <= SEGMENT_TOL, f"{where}: {sa} vs {sb}"


def _results_alike(runs, path: Path) -> None:
    (a, _), (b, _) = runs(path)["pdfplumber"], runs(path)["pdfium"]
    for name in ("documents.csv", "checks.csv", "facts.csv"):
        assert (b / name).read_bytes() == (a / name).read_bytes(), name
    cells_a, cells_b = _rows(a / "cells.csv"), _rows(b / "cells.csv")
    assert [_without_box(r) for r in cells_b] == [_without_box(r) for r in cells_a]
    for ra, rb in zip(cells_a, cells_b):
        assert max(abs(float(ra[k]) - float(rb[k])) for k in BOX_COLUMNS) <= CELL_BOX_TOL, (ra, rb)
    tables_a = sorted(p.relative_to(a) for p in a.glob("tables/**/*.csv"))
    assert sorted(p.relative_to(b) for p in b.glob("tables/**/*.csv")) == tables_a
    for rel in tables_a:
        assert (b / rel).read_bytes() == (a / rel).read_bytes(), rel


def _constructs_pdf(path: Path, char_space: float = 0.0) -> Path:
    """What the corpus lacks, on pages turned by /Rotate 0, 90, 180, 270 and a landscape page: a form
    XObject (rules, a thin filled rule, text, an image) drawn plain, scaled and turned; text scaled (Tz),
    raised (Ts), word-spaced, turned 30° and 90°; a standard font; dashes, a Bézier, a slanted line,
    filled shapes; an image XObject and an inline image."""
    import io

    from PIL import Image
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    png = io.BytesIO()
    image.save(png, "PNG")
    png.seek(0)
    reader = ImageReader(png)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.beginForm("rules")
    c.setLineWidth(0.5)
    c.line(0, 0, 120, 0)
    c.line(0, 0, 0, 60)
    c.rect(10, 10, 100, 40)
    c.rect(0, 70, 120, 0.6, stroke=0, fill=1)
    c.setFont("STSong-Light", 9)
    c.drawString(12, 20, "表格内文字 123.45")
    c.drawImage(reader, 60, 30, 30, 15)
    c.endForm()
    for rotation, size in [(0, A4), (90, A4), (180, A4), (270, A4), (0, landscape(A4))]:
        c.setPageSize(size)
        c.setPageRotation(rotation)
        c.doForm("rules")
        with _state(c):
            c.translate(300, 300)
            c.scale(1.5, 0.8)
            c.doForm("rules")
        with _state(c):
            c.translate(200, 450)
            c.rotate(90)
            c.doForm("rules")
        c.setFont("Helvetica", 10)
        c.drawString(50, 560, "Helvetica plain text 2024")
        t = c.beginText(50, 540)
        t.setFont("STSong-Light", 11)
        t.setHorizScale(80)
        t.setCharSpace(char_space)
        t.setWordSpace(4)
        t.textOut("横向缩放 word spaced 67.89")
        t.setRise(3)
        t.textOut("上标")
        c.drawText(t)
        for x, y, angle, font, text in [
            (400, 200, 30, "STSong-Light", "斜排文字 45.60"),
            (520, 300, 90, "Helvetica", "vertical 12.50"),
        ]:
            with _state(c):
                c.translate(x, y)
                c.rotate(angle)
                c.setFont(font, 10)
                c.drawString(0, 0, text)
        c.setDash(3, 2)
        c.line(40, 100, 500, 100)
        c.setDash()
        curve = c.beginPath()
        curve.moveTo(40, 120)
        curve.curveTo(100, 180, 200, 60, 300, 120)
        curve.lineTo(300, 140)
        curve.lineTo(40, 140)
        curve.close()
        c.drawPath(curve)
        box = c.beginPath()
        box.moveTo(320, 60)
        for x, y in [(520, 60), (520, 90), (320, 90)]:
            box.lineTo(x, y)
        box.close()
        c.drawPath(box, fill=1)
        c.line(330, 20, 480, 50)
        c.drawInlineImage(image, 450, 500, 60, 30)
        c.drawImage(reader, 100, 250, 80, 40)
        c.showPage()
    c.save()
    return path


@contextmanager
def _state(c):
    c.saveState()
    yield
    c.restoreState()


def _pages(path: Path, reader: str) -> list:
    from juesuan.extract.readers import open_document
    with open_document(path, reader) as pages:
        return [pages.read_page(i) for i in range(pages.page_count)]


def test_constructs_read_alike(tmp_path):
    """Forms, turned pages and text, images, curves: the same words, rules and image cover, boxes to float noise."""
    pdf = _constructs_pdf(tmp_path / "constructs.pdf")
    for a, b in zip(_pages(pdf, "pdfplumber"), _pages(pdf, "pdfium"), strict=True):
        assert [w.text for w in b.words] == [w.text for w in a.words]
        assert max(_gap(wa, wb) for wa, wb in zip(a.words, b.words)) < 3e-4
        assert len(a.segments) == len(b.segments) > 10
        assert max(_gap(sa, sb) for sa, sb in zip(a.segments, b.segments)) < 1e-3
        assert a.image_coverage == pytest.approx(b.image_coverage, abs=1e-6) and a.image_coverage > 0
        assert (a.width, a.height) == (b.width, b.height)


def test_words_are_grouped_as_pdfplumber_groups_them(tmp_path):
    """extract/words.py alone, on pdfplumber's own characters: the same Words as its extract_words."""
    import pdfplumber

    from juesuan.extract.readers.pdfplumber import read_page
    from juesuan.extract.words import Char, page_words

    pdfs = [
        _constructs_pdf(tmp_path / "constructs.pdf"),
        *sorted((ROOT / "fixtures" / "generated").glob("*rotated*.pdf")),
    ]
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                chars = [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["upright"]) for c in page.chars]
                assert page_words(chars) == read_page(page).words, f"{pdf.name} page {page.page_number}"


def test_a_media_box_inherited_from_the_page_tree(tmp_path):
    """pdfium's FPDFPage_GetMediaBox sees only the page's own box; an A5 box on /Pages must still hold."""
    content = b"BT /F1 12 Tf 50 500 Td (Inherited 12.34) Tj ET 40 480 m 300 480 l S 40 470 250 0.5 re f"
    pdf = tmp_path / "inherited.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 420 595]"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(content)).encode() + b">>stream\n" + content + b"\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    (a,), (b,) = _pages(pdf, "pdfplumber"), _pages(pdf, "pdfium")
    assert (b.width, b.height) == (a.width, a.height) == (420, 595)
    assert [w.text for w in b.words] == [w.text for w in a.words] == ["Inherited", "12.34"]
    assert max(_gap(wa, wb) for wa, wb in zip(a.words, b.words)) < 3e-4
    assert len(b.segments) == len(a.segments) == 3  # the line and the thin rule's two long sides
    assert max(_gap(sa, sb) for sa, sb in zip(a.segments, b.segments)) < 1e-3


def test_character_spacing_after_a_string_is_where_the_readers_part(tmp_path):
    """pdfminer adds Tc between a string's glyphs but not after its last one; pdfium (and the PDF spec) after
    every glyph. So text following a letter-spaced string in the same text object sits Tc × Tz further on in
    pdfium's reading: here 1 × 0.8 pt for "上标" after "横向缩放 …"; everything else is as without spacing."""
    pdf = _constructs_pdf(tmp_path / "spaced.pdf", char_space=1.0)
    a, b = _pages(pdf, "pdfplumber")[0], _pages(pdf, "pdfium")[0]
    assert [w.text for w in b.words] == [w.text for w in a.words]
    moved = {wa.text: round(wb.x0 - wa.x0, 3) for wa, wb in zip(a.words, b.words) if _gap(wa, wb) > 3e-4}
    assert moved == {"上标": 0.8}


def _gap(p, q) -> float:
    return max(abs(p.x0 - q.x0), abs(p.top - q.top), abs(p.x1 - q.x1), abs(p.bottom - q.bottom))


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _without_box(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in BOX_COLUMNS}


def _office_pdf(folder: Path) -> Path:
    """A sheet typed as in a spreadsheet (宋体, a unit line, a ruled table with tall rows, amounts bottom-aligned)
    exported by LibreOffice: its CJK font is embedded as a Type1 Noto Sans CJK whose descriptor gives Ascent
    and Descent 0."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from conftest import load_script
    wb = Workbook()
    ws = wb.active
    song, thin = Font(name="宋体", size=10), Side(style="thin")
    rows = [("部门财政拨款支出决算表", ""), ("", "单位：元"), ("项目", "决算数"),
            ("一般公共服务支出", 1234.5), ("教育支出", 2.25), ("合计", 1236.75)]
    for r, (label, amount) in enumerate(rows, start=1):
        ws.cell(r, 1, label).font = song
        ws.cell(r, 2, amount).font = song
        ws.cell(r, 2).alignment = Alignment(horizontal="right", vertical="bottom")
        if r >= 3:
            for c in (1, 2):
                ws.cell(r, c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
            ws.row_dimensions[r].height = 30
        ws.cell(r, 2).number_format = "#,##0.00"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 16
    xlsx = folder / "office.xlsx"
    wb.save(xlsx)
    load_script("zoo_office").soffice_convert([xlsx], folder)
    return folder / "office.pdf"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice absent (libreoffice-calc-nogui)")
def test_an_office_export_reads_alike(tmp_path):
    """The descent comes from the PDF's font descriptor, never the embedded program: pdfium measured LibreOffice's
    Noto CJK (descriptor Descent 0) by its FontBBox and put its text ~6 pt lower than pdfplumber, so "单位：元"
    fell into the table's first row."""
    pdf = _office_pdf(tmp_path)
    (a,), (b,) = _pages(pdf, "pdfplumber"), _pages(pdf, "pdfium")
    assert [w.text for w in b.words] == [w.text for w in a.words]
    assert "单位：元" in [w.text for w in a.words] and "1,234.50" in [w.text for w in a.words]
    assert max(_gap(wa, wb) for wa, wb in zip(a.words, b.words)) < 3e-4
    for page in (a, b):
        unit = next(w for w in page.words if w.text == "单位：元")
        first_rule = min(s.top for s in page.segments if s.top == s.bottom)
        assert unit.bottom < first_rule
