"""A second PDF producer for the layout zoo: cairo with Noto CJK, behind reportlab's canvas API.

TablePainter and DocBuilder (scripts/make_fixtures.py) draw through a handful of reportlab canvas
methods in PDF coordinates (origin bottom-left, y up). CairoCanvas offers the same methods on a
cairo PDF surface, so every zoo layout can come out of either producer. Cairo writes a different
text layer (its own font subsets, one text object per string, glyph positions) and knows no
/Rotate: pages asked for with setPageRotation(90) get the key written into the finished file.

Output is deterministic: the creation date is fixed and cairo writes nothing else that varies.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import cairocffi as cairo

NOTO_FONTS = {"noto_sans": "Noto Sans CJK SC", "noto_serif": "Noto Serif CJK SC"}
FIXED_DATE = "2000-01-01T00:00:00Z"


class _Measure:
    """Advance widths from an unhinted scratch context (the PDF surface measures the same)."""

    def __init__(self, family: str):
        self.ctx = cairo.Context(cairo.ImageSurface(cairo.FORMAT_A8, 1, 1))
        self.ctx.select_font_face(family)
        options = cairo.FontOptions()
        options.set_hint_metrics(cairo.HINT_METRICS_OFF)
        options.set_hint_style(cairo.HINT_STYLE_NONE)
        self.ctx.set_font_options(options)
        self.ctx.set_font_size(100)
        self.cache: dict[str, float] = {}

    def __call__(self, text: str, size: float) -> float:
        w = self.cache.get(text)
        if w is None:
            w = self.cache[text] = self.ctx.text_extents(text)[4]
        return w * size / 100


def register(font_names: dict, width_funcs: dict) -> None:
    """Make the Noto faces known to make_fixtures (FONT_NAMES key → family; family → width)."""
    for key, family in NOTO_FONTS.items():
        font_names[key] = family
        if family not in width_funcs:
            width_funcs[family] = _Measure(family)


class CairoCanvas:
    """The subset of reportlab.pdfgen.canvas.Canvas that the fixture painters use."""

    def __init__(self, path: Path, pagesize: tuple[float, float]):
        self.path = Path(path)
        self.surface = cairo.PDFSurface(str(path), *pagesize)
        self.surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, FIXED_DATE)
        self.ctx = cairo.Context(self.surface)
        self.size = pagesize
        self.rotation = 0
        self.rotated_pages: list[int] = []  # 1-based
        self.page = 0
        self.started = False
        self.font, self.font_size = "Noto Sans CJK SC", 10.0
        self.line_width = 1.0

    # -- document --------------------------------------------------------------------------
    def setTitle(self, title: str) -> None:
        self.surface.set_metadata(cairo.PDF_METADATA_TITLE, title)

    def setAuthor(self, author: str) -> None:
        if author:
            self.surface.set_metadata(cairo.PDF_METADATA_AUTHOR, author)

    def setPageSize(self, size: tuple[float, float]) -> None:
        self.size = size

    def setPageRotation(self, degrees: int) -> None:
        self.rotation = degrees

    def _start(self) -> None:
        """Begin the page on first use: cairo takes the page size before anything is drawn."""
        if self.started:
            return
        w, h = self.size
        if self.rotation == 90:  # reportlab is given the displayed size; the MediaBox is portrait
            w, h = h, w
        self.surface.set_size(w, h)
        self.ctx.save()
        self.ctx.translate(0, h)
        self.ctx.scale(1, -1)  # PDF user space: y up
        self.started = True
        self.page += 1
        if self.rotation == 90:
            self.rotated_pages.append(self.page)

    def showPage(self) -> None:
        self._start()
        self.ctx.restore()
        self.surface.show_page()
        self.started = False
        self.rotation = 0

    def save(self) -> None:
        if self.started:
            self.showPage()
        self.surface.finish()
        if self.rotated_pages:
            rotate_pages(self.path, self.rotated_pages)

    # -- state -----------------------------------------------------------------------------
    def saveState(self) -> None:
        self._start()
        self.ctx.save()

    def restoreState(self) -> None:
        self.ctx.restore()

    def translate(self, x: float, y: float) -> None:
        self._start()
        self.ctx.translate(x, y)

    def rotate(self, degrees: float) -> None:
        self._start()
        self.ctx.rotate(math.radians(degrees))

    # -- drawing ---------------------------------------------------------------------------
    def setFont(self, name: str, size: float) -> None:
        self.font, self.font_size = name, size

    def setLineWidth(self, w: float) -> None:
        self.line_width = w

    def stringWidth(self, text: str) -> float:
        self._start()
        self.ctx.select_font_face(self.font)
        self.ctx.set_font_size(self.font_size)
        return self.ctx.text_extents(text)[4]

    def drawString(self, x: float, y: float, text: str) -> None:
        if not text:
            return
        self._start()
        ctx = self.ctx
        ctx.save()
        ctx.translate(x, y)
        ctx.scale(1, -1)  # glyphs upright again
        ctx.select_font_face(self.font)
        ctx.set_font_size(self.font_size)
        ctx.move_to(0, 0)
        ctx.show_text(text)
        ctx.new_path()
        ctx.restore()

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - self.stringWidth(text) / 2, y, text)

    def drawRightString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - self.stringWidth(text), y, text)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._start()
        self.ctx.set_line_width(self.line_width)
        self.ctx.move_to(x1, y1)
        self.ctx.line_to(x2, y2)
        self.ctx.stroke()

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self._start()
        self.ctx.set_line_width(self.line_width)
        self.ctx.rectangle(x, y, w, h)
        self.ctx.stroke()


_OBJ = re.compile(rb"(?m)^(\d+) 0 obj\b")


def rotate_pages(path: Path, pages: list[int]) -> None:
    """Write /Rotate 90 into the given pages of a cairo PDF (classic xref table) and rebuild
    the cross-reference table, so the file stays valid and byte-stable."""
    data = Path(path).read_bytes()
    for n in pages:
        marker = b"<< /Type /Page %% %d\n" % n
        if data.count(marker) != 1:
            raise ValueError(f"{path}: page {n} object not found for /Rotate")
        data = data.replace(marker, marker + b"   /Rotate 90\n")
    body_end = data.rindex(b"\nxref\n") + 1
    body = data[:body_end]
    offsets = {int(m.group(1)): m.start() for m in _OBJ.finditer(body)}
    trailer = data[data.index(b"trailer", body_end):data.index(b"startxref", body_end)]
    size = max(offsets) + 1
    xref = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
    xref += [b"%010d 00000 n \n" % offsets[i] for i in range(1, size)]
    Path(path).write_bytes(body + b"".join(xref) + trailer + b"startxref\n%d\n%%%%EOF\n" % body_end)
