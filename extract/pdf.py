"""The pdfplumber reader (pdfminer, pure Python): the second reader beside pdfium, and the tests' oracle.

Each page is read once into a PageContent: pdfplumber's words (split where an amount touches text)
and its ruling edges, in displayed (rotation-applied) coordinates with the origin top-left.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from ..errors import describe
from ..model import PageContent, Segment
from .document import PageError, corrupt, encrypted, unparsable
from .paths import MIN_RULE_LENGTH
from .streams import content_problem
from .words import Char, page_words


class PdfplumberPages:
    """An open document read by pdfplumber: page_count, read_page(index), close()."""

    def __init__(self, pdf: pdfplumber.PDF):
        self.pdf = pdf
        self.page_count = len(pdf.pages)

    def read_page(self, index: int) -> PageContent:
        page = self.pdf.pages[index]
        try:
            return read_page(page)
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


def read_page(page: pdfplumber.page.Page) -> PageContent:
    """Words and ruling segments of one page, in displayed (rotation-applied) coordinates."""
    problem = content_problem(page.page_obj)
    if problem:
        raise PageError(problem)
    words = page_words(_chars(page.chars))
    segments = []
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE_LENGTH:
            segments.append(Segment(e["x0"], e["top"], e["x1"], e["top"]))
        elif e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE_LENGTH:
            segments.append(Segment(e["x0"], e["top"], e["x0"], e["bottom"]))
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    return PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        segments=segments,
        image_coverage=min(1.0, covered / area),
    )


def _chars(chars: list[dict]) -> list[Char]:
    return [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["upright"]) for c in chars]
