"""Open a PDF defensively and read each page once into a PageContent (words + ruling lines).

Every failure becomes a DocumentError whose message names the file and, where it applies,
the page, and says what the user can do.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import regex as re
from pdfminer import settings
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1

from ..errors import describe
from ..model import PageContent, Segment, Word

MIN_RULE_LENGTH = 4.0  # points; shorter strokes are glyph decorations, not table rules


class DocumentError(Exception):
    """The whole document cannot be read; the message is for the user."""


class PageError(Exception):
    """One page cannot be read (the others may be); the message is for the user."""


def open_pdf(path: Path) -> pdfplumber.PDF:
    """Open `path`, turning the ways a file can be unreadable into one clear DocumentError."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read the file: {exc.strerror}") from exc
    if b"%PDF-" not in head:
        raise DocumentError(f"{path}: not a PDF (no %PDF- header); check the file type")
    try:
        pdf = pdfplumber.open(path)
        n_pages = len(pdf.pages)
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DocumentError(f"{path}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt in.pdf out.pdf)") from exc
        if isinstance(cause, PDFSyntaxError) or "EOF" in str(cause):
            raise DocumentError(f"{path}: the PDF is corrupt or truncated ({describe(cause, 80)}); re-download it") from exc
        raise DocumentError(f"{path}: the PDF cannot be parsed ({describe(cause, 80)}); re-download it") from exc
    if n_pages == 0:
        pdf.close()
        raise DocumentError(f"{path}: the PDF has zero pages")
    return pdf


def read_page(page: pdfplumber.page.Page) -> PageContent:
    """Words and ruling segments of one page, in displayed (rotation-applied) coordinates."""
    problem = _content_problem(page)
    if problem:
        raise PageError(problem)
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2.0, keep_blank_chars=False, return_chars=True)
    words = [piece for w in raw if w["text"].strip() for piece in split_amount_runs(w)]
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


def _content_problem(page: pdfplumber.page.Page) -> str:
    """Why the page's content cannot be trusted. pdfminer reads a content stream that is missing or
    does not decompress as nothing, or as what it could salvage, so the page would pass for blank or
    print garbage; each stream is decoded strictly first (on a copy) to tell."""
    pdfpage = page.page_obj
    if pdfpage.attrs.get("Contents") is None:
        return ""  # a page with no content: blank, as printed
    streams = [resolve1(s) for s in pdfpage.contents]
    if not streams or any(not isinstance(s, PDFStream) for s in streams):
        return "its content stream is missing"
    for s in streams:
        if s.rawdata is None:
            continue  # decoded already
        probe = PDFStream(s.attrs, s.rawdata, s.decipher)
        probe.set_objid(s.objid, s.genno)
        strict, settings.STRICT = settings.STRICT, True
        try:
            probe.decode()
        except MemoryError:
            raise
        except Exception:
            return "its content stream is damaged (it does not decompress)"
        finally:
            settings.STRICT = strict
    return ""


_AMOUNT_EDGE = re.compile(r"(?<=\d\.\d\d)(?=[^\d\s,.%)）]|\d[\d,]*\.\d\d)|(?<=[^\d\s,.(（+\-−])(?=[\d,]*\d\.\d\d)")


def split_amount_runs(word: dict) -> list[Word]:
    """Split words where an amount touches text ("6734.23五、教育支出", "合计6834.42").

    Tightly set tables leave less than a character's gap between cells, so the text layer runs
    them together; a decimal amount never continues into a Chinese name, so the seam is certain.
    """
    text, chars = word["text"], word.get("chars") or []
    cuts = [m.start() for m in _AMOUNT_EDGE.finditer(text)] if len(chars) == len(text) else []
    if not cuts:
        return [Word(text, word["x0"], word["top"], word["x1"], word["bottom"])]
    pieces = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        cs = chars[a:b]
        pieces.append(Word(text[a:b], min(c["x0"] for c in cs), min(c["top"] for c in cs), max(c["x1"] for c in cs), max(c["bottom"] for c in cs)))
    return pieces


def garbled_share(words: list[Word]) -> float:
    """Share of characters the text layer could not map to Unicode ("(cid:12)", U+FFFD, private use)."""
    total = bad = 0
    for w in words:
        total += len(w.text)
        if "(cid:" in w.text:
            bad += len(w.text)
            continue
        bad += sum(1 for ch in w.text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bad / total if total else 0.0
