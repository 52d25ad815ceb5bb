"""One document, start to end: pages → layout → tables → cells → checks.

Each page is read once; the OCR path (when installed and chosen) produces the same PageContent
as the text layer, so everything after reading is shared.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import regex as re

from .extract.layout import classify_page, detect_department, detect_report, detect_year
from .extract.narrative import extract_facts, reconcile
from .extract import pdfium_reader  # noqa: F401  (the default reader: loaded once, before workers are forked)
from .extract.document import DocumentError, open_document
from .extract.tables import TableAssembler, looks_like_continuation
from .extract.words import garbled_share
from .model import Document, Finding, PageContent
from .suggest import suggest_readings
from .validate import validate_document

MAX_PAGES = 2000


@dataclass(frozen=True)
class Options:
    ocr: str = "auto"  # auto / always / never
    ocr_engine: str = "rapidocr"
    dpi: int = 200
    max_pages: int = MAX_PAGES
    reader: str = "pdfium"  # text-layer reader: pdfium (native) or pdfplumber (extract/document.py)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def doc_id_for(path: Path, digest: str | None = None) -> str:
    """Stable across runs and machines: the file name's stem plus a short hash of the content."""
    digest = digest or content_hash(path)
    stem = re.sub(r"[^\p{Han}\w.-]+", "_", Path(path).stem).strip("_")[:60] or "doc"
    return f"{stem}-{digest[:8]}"


def choose_method(content: PageContent, options: Options) -> tuple[str, str]:
    """Text layer where it holds the page's text, OCR where the page is an image or garbage."""
    if options.ocr == "never":
        return "text", "--ocr never"
    if options.ocr == "always":
        return "ocr", "--ocr always"
    if not content.words and content.image_coverage > 0.2:
        return "ocr", "no text layer; page is an image"
    if content.image_coverage > 0.5 and len(content.words) < 40:
        # a pasted table image under a few lines of text (a header, a page number): the text layer
        # cannot hold the table's numbers
        return "ocr", f"page is mostly an image; its text layer holds {len(content.words)} words"
    if content.words and garbled_share(content.words) > 0.3:
        return "ocr", "text layer unreadable (unmapped glyphs)"
    return "text", "text layer"


def extract_document(path: Path, options: Options = Options()) -> Document:
    path = Path(path)
    doc = Document(source_file=str(path), doc_id=path.stem)
    try:
        doc.doc_id = doc_id_for(path)
        pdf = open_document(path, options.reader)
    except (DocumentError, OSError) as exc:
        doc.status, doc.error = "failed", str(exc)
        return doc
    with pdf:
        doc.pages = pdf.page_count
        if doc.pages > options.max_pages:
            doc.status = "failed"
            doc.error = f"{path}: {doc.pages} pages exceeds the limit of {options.max_pages}; raise --max-pages if this is a real report"
            return doc
        _read_pages(pdf, doc, path, options)
    return doc


def _read_pages(pdf, doc: Document, path: Path, options: Options) -> None:
    layouts = []
    assembler = TableAssembler()
    image_pages: list[int] = []  # table pages left unread: OCR off or failed
    narrative: list[tuple[int, str]] = []
    last_unit: str | None = None
    for number in range(1, pdf.page_count + 1):
        try:
            content = pdf.read_page(number - 1)
        except Exception as exc:  # one broken page must not lose the others
            doc.findings.append(_finding(doc, "", f"page {number}", "page_unreadable", f"{path}: page {number}: cannot be read ({type(exc).__name__}: {exc})", number))
            doc.page_kinds.append(f"{number}:unreadable")
            continue
        layout = classify_page(content)
        method, reason = choose_method(content, options)
        if method == "text" and layout.regions and not _has_table_text(content, layout.regions[0].top):
            method, reason = ("ocr", "table printed as an image; only its title is text") if options.ocr != "never" else ("text", reason)
            if options.ocr == "never":
                image_pages.append(number)
                doc.findings.append(_finding(doc, "", f"page {number}", "ocr_needed", f"{path}: page {number}: the table is an image and --ocr never was given; it was not read", number, "warning"))
        if method == "ocr":
            try:
                from .extract.ocr import read_page_ocr  # OCR models load only when a page needs them
                content = read_page_ocr(str(path), number - 1, options.dpi, options.ocr_engine)
                content.method_reason = reason
                layout = classify_page(content)
            except Exception as exc:
                image_pages.append(number)
                doc.findings.append(_finding(doc, "", f"page {number}", "ocr_failed", f"{path}: page {number}: OCR failed ({type(exc).__name__}: {exc}); the page was not read", number))
                method, reason = "text", f"OCR failed: {exc}"
        layouts.append(layout)
        kind = layout.kind
        if layout.regions:
            first = layout.regions[0]
            if assembler.is_open and looks_like_continuation(content, bottom=first.title_top):
                assembler.add_page(content, last_unit, 0.0, first.title_top)  # the last rows of the table before
            for region in layout.regions:
                unit = region.unit or last_unit
                assembler.start(region, unit)
                assembler.add_page(content, unit, region.top, region.bottom)
                last_unit = unit
        elif layout.kind in ("narrative", "other") and assembler.is_open and looks_like_continuation(content):
            kind = "table-continuation"
            assembler.add_page(content, last_unit)
        else:
            assembler.close()
        if kind in ("narrative", "other", "contents"):
            narrative.append((number, "\n".join(layout.lines or [])))
        why = f"({reason})" if method == "ocr" else ""
        doc.page_kinds.append(f"{number}:{kind}{':' + layout.table_key if layout.table_key else ''}:{method}{why}")
    doc.tables = assembler.tables
    doc.department = detect_department(layouts)
    doc.year = detect_year(layouts)
    doc.report = detect_report(layouts)
    assembler.check_decimals()
    for problem in assembler.problems:
        doc.findings.append(_finding(doc, problem.table, problem.row, problem.rule, f"{path}: page {problem.page}: {problem.message}", problem.page, problem.severity, problem.column))
    if not doc.tables and not image_pages:
        doc.status = "failed"
        doc.error = f"{path}: no recognizable table on any of its {doc.pages} pages"
        return
    if image_pages:
        doc.status = "partial"
        doc.error = f"{path}: tables on pages {', '.join(map(str, image_pages))} are images and were not read"
    doc.findings.extend(validate_document(doc))
    doc.findings.extend(suggest_readings(doc))
    if doc.report == "决算":  # the narrative metrics are those of final accounts, not of budgets
        doc.facts = extract_facts(doc.doc_id, narrative)
        doc.findings.extend(f for f in reconcile(doc.facts, table_amounts(doc)) if f.severity != "ok")
    if any(f.rule == "unreadable_cell" for f in doc.findings) and doc.status == "ok":
        doc.status = "partial"
        doc.error = "; ".join(f.message for f in doc.findings if f.rule == "unreadable_cell")[:500]


def table_amounts(doc: Document) -> dict[str, list[dict]]:
    """Tables as reconcile() reads them: rows of side, code, row_label and column_key → amount in 元."""
    out: dict[str, list[dict]] = {}
    for table in doc.tables:
        rows: dict[tuple[str, str, str], dict] = {}
        for c in table.cells:
            row = rows.setdefault((c.side, c.code, c.row_label), {"side": c.side, "code": c.code, "row_label": c.row_label})
            row[c.column_key] = c.amount_yuan
        out[table.table_key] = list(rows.values())
    return out


def _has_table_text(content: PageContent, top: float) -> bool:
    return sum(1 for w in content.words if w.top > top + 1) >= 4


def _finding(doc: Document, table: str, row: str, rule: str, message: str, page: int | None, severity: str = "error", column: str = "") -> Finding:
    return Finding(doc.doc_id, table, row, column, rule, None, None, None, severity, message, page)
