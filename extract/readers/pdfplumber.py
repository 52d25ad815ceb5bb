"""The pdfplumber reader (pdfminer, pure Python): the second reader beside pdfium, and the tests' oracle.

Each page is read once into a PageContent: pdfplumber's words (split where an amount touches text)
and its ruling edges, in displayed (rotation-applied) coordinates with the origin top-left.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from juesuan.errors import describe
from juesuan.extract.paths import MIN_RULE_LENGTH, page_transform
from juesuan.extract.readers import optional_content, page_box, text_direction
from juesuan.extract.readers.base import PageError, corrupt, encrypted, unparsable
from juesuan.extract.readers.overprint import drop_overprints
from juesuan.extract.streams import content_problem
from juesuan.extract.words import Char, page_words
from juesuan.model import PageContent, Segment


class PdfplumberPages:
    """An open document read by pdfplumber: page_count, read_page(index), close()."""

    def __init__(self, pdf: pdfplumber.PDF):
        self.pdf = pdf
        self.page_count = len(pdf.pages)
        self.layers = optional_content.layers(pdf.doc)

    def read_page(self, index: int) -> PageContent:
        page = self.pdf.pages[index]
        try:
            return read_page(page, self.layers)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_pages(path: Path) -> PdfplumberPages:
    """`path` opened by pdfplumber, pdfminer's many error types turned into one clear DocumentError."""
    try:
        pdf = pdfplumber.open(path)
        pages = PdfplumberPages(pdf)
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise encrypted(path) from exc
        if isinstance(cause, PDFSyntaxError) or "EOF" in str(cause):
            raise corrupt(path) from exc
        raise unparsable(path, describe(cause, 80)) from exc
    return pages


def read_page(page: pdfplumber.page.Page, layers: optional_content.Layers = optional_content.NONE,
              turn: bool = True) -> PageContent:
    """Words and ruling segments of one page, in displayed (rotation-applied) coordinates; what a hidden
    optional-content layer holds is left out, as a viewer leaves it out; a page whose /Rotate shows its text
    upside down or sideways is read turned as its text reads (`turn`, text_direction)."""
    problem = content_problem(page.page_obj)
    if problem:
        raise PageError(problem)
    _corners_in_order(page.page_obj)
    if layers:
        _lay_out_visible(page, layers)
    degrees = text_direction.upright_turn(_directions(page.chars)) if turn else 0
    if degrees:
        return _read_turned(page, layers, degrees)
    dx, dy = float(page.mediabox[0]), float(page.mediabox[1])  # pdfplumber's coordinates start at the box's x0 and top
    segments = []
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE_LENGTH:
            segments.append(Segment(e["x0"] - dx, e["top"] - dy, e["x1"] - dx, e["top"] - dy))
        elif e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE_LENGTH:
            segments.append(Segment(e["x0"] - dx, e["top"] - dy, e["x0"] - dx, e["bottom"] - dy))
    chars, width, height = _chars(page.chars, dx, dy), float(page.width), float(page.height)
    attrs = page.page_obj.attrs
    t = page_transform(tuple(float(v) for v in page.page_obj.mediabox), page.rotation)
    shown = page_box.view(t, attrs.get("CropBox"), attrs.get("UserUnit"))
    if shown is not None:
        chars, segments, width, height = page_box.visible(shown, chars, segments)
    words = page_words(drop_overprints(chars), segments)
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"] - dx, page.width) - max(im["x0"] - dx, 0))
        h = max(0.0, min(im["bottom"] - dy, page.height) - max(im["top"] - dy, 0))
        covered += w * h
    return PageContent(
        number=page.page_number,
        width=width,
        height=height,
        words=words,
        segments=segments,
        image_coverage=min(1.0, covered / area),
    )


def _corners_in_order(page_obj) -> None:
    """pdfminer places the page from its MediaBox's first corner as written: [595 842 0 0] would move
    every glyph off the page pdfplumber measures (with the corners in order). Viewers take the
    corners in order; so does the reader (extract/paths.py page_transform does the same for pdfium)."""
    box = page_obj.mediabox
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        return  # pdfminer reports a malformed box itself
    page_obj.mediabox = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _directions(chars: list[dict]) -> dict[int | None, int]:
    """How many characters read along each direction: their matrix's baseline on the displayed page."""
    counts: dict[int | None, int] = {}
    for c in chars:
        a, b = c["matrix"][:2]
        key = text_direction.turn_of(a, b)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _read_turned(page: pdfplumber.page.Page, layers: optional_content.Layers, degrees: int) -> PageContent:
    """The page read again with its rotation turned by `degrees` (pdfminer places it by the page's /Rotate)."""
    obj, rotation = page.page_obj, page.rotation
    obj.rotate = obj.attrs["Rotate"] = (rotation + degrees) % 360
    turned = pdfplumber.page.Page(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
    try:
        content = read_page(turned, layers, turn=False)
    finally:
        turned.close()
    content.turned = text_direction.turned_note(rotation, degrees)
    return content


def _lay_out_visible(page: pdfplumber.page.Page, layers: optional_content.Layers) -> None:
    """pdfplumber's layout of the page (the one its .chars and .edges come from) without the hidden layers."""
    device = optional_content.VisibleDevice(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    optional_content.VisibleInterpreter(page.pdf.rsrcmgr, device, layers).process_page(page.page_obj)
    page._layout = device.get_result()


def _chars(chars: list[dict], dx: float = 0.0, dy: float = 0.0) -> list[Char]:
    """pdfplumber's characters, from the page's top-left corner (dx, dy: the MediaBox's x0 and top)."""
    if not (dx or dy):
        return [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["upright"]) for c in chars]
    return [Char(c["text"], c["x0"] - dx, c["top"] - dy, c["x1"] - dx, c["bottom"] - dy, c["upright"]) for c in chars]
