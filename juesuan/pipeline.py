"""One document, start to end: pages → layout → tables → cells → checks.

Each page is read once; the OCR path (when installed and chosen) produces the same PageContent
as the text layer, so everything after reading is shared.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

import regex as re

from juesuan.confirm import confirm_readings
from juesuan.contract import check_contract
from juesuan.errors import describe
from juesuan.extract.layout import classify_page, detect_department, detect_report, detect_year
from juesuan.extract.narrative import extract_facts, reconcile
from juesuan.extract.narrative_budget import VOCABULARY as BUDGET_VOCABULARY
from juesuan.extract.ocr import READABLE_PICTURE_DPI
from juesuan.extract.readers import (
    open_document,
    pdfium,  # noqa: F401  (the default reader: loaded once per worker)
)
from juesuan.extract.readers.base import DocumentError
from juesuan.extract.sources import join_sources
from juesuan.extract.tables import TableAssembler
from juesuan.extract.titles import report_of_title
from juesuan.extract.words import garbled_share
from juesuan.model import Document, Finding, PageContent
from juesuan.names import name_cells
from juesuan.normalize.codes import codebook
from juesuan.options import MAX_PAGES, Options, content_hash, doc_id_for  # noqa: F401  (re-exported)
from juesuan.suggest import suggest_readings
from juesuan.validate import validate_document
from juesuan.validate_budget import validate_budget

OUT_OF_MEMORY = ("bad_alloc", "failed to map segment", "Cannot allocate memory")  # as C++ and the loader say it
# a document with one is partial
LOSS_RULES = {"unreadable_cell", "amounts_not_read", "unknown_column", "missing_column", "no_cells_read"}


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


def joins_text_layer(content: PageContent, options: Options) -> bool:
    """Whether an OCR'd page's text layer joins the OCR words (extract/sources.py): it has words and
    they are readable, and OCR was not asked for every page (--ocr always reads the page as an image)."""
    return options.ocr != "always" and bool(content.words) and garbled_share(content.words) <= 0.3


PageCallback = Callable[..., None]  # (pages read so far, pages in the document, how the last was read: text/ocr/"")


class OcrReader(Protocol):
    """Reads the pages a document needs OCR'd. `shares`: it wants to know, at the first such page,
    which later pages it will be asked for (a batch worker lends them to idle workers)."""

    shares: bool

    def plan(self, pages: list[int]) -> None: ...

    def read(self, page_index: int) -> PageContent: ...


class LocalOcr:
    """OCR in this process, a page when it comes."""

    shares = False

    def __init__(self, path: str, options: Options):
        self.path, self.options = path, options

    def plan(self, pages: list[int]) -> None:
        pass

    def read(self, page_index: int) -> PageContent:
        from juesuan.deps import require_ocr_engine

        require_ocr_engine(self.options.ocr_engine)  # a slim install: what to install, not a ModuleNotFoundError
        from juesuan.extract.ocr.page import read_page_ocr  # OCR models load only when a page needs them
        o = self.options
        return read_page_ocr(self.path, page_index, o.dpi, o.ocr_engine, ruled=o.ocr_cells)


def extract_document(path: Path, options: Options = Options(), digest: str | None = None,
                     on_page: PageCallback | None = None, ocr: OcrReader | None = None) -> Document:
    """One document; `digest` (its content_hash) when the caller has it; `on_page(read, pages)` as it
    reads; `ocr` reads its OCR pages (default: LocalOcr)."""
    path = Path(path)
    doc = Document(source_file=str(path), doc_id=path.stem)
    try:
        doc.doc_id = doc_id_for(path, digest)
        pdf = open_document(path, options.reader)
    except OSError as exc:
        doc.status, doc.error, doc.failure = "failed", f"{path}: cannot read the file: {exc.strerror}", "input"
        return doc
    except DocumentError as exc:
        doc.status, doc.error, doc.failure = "failed", str(exc), "input"
        return doc
    with pdf:
        doc.pages = pdf.page_count
        if doc.pages > options.max_pages:
            doc.status, doc.failure = "failed", "input"
            doc.error = f"{path}: {doc.pages} pages exceeds the limit of {options.max_pages}; raise --max-pages if this is a real report"
            return doc
        _read_pages(pdf, doc, path, options, on_page or (lambda *_: None), ocr or LocalOcr(str(path), options))
    return doc


def _read_pages(pdf, doc: Document, path: Path, options: Options, on_page: PageCallback, ocr: OcrReader) -> None:
    layouts = []
    assembler = TableAssembler()
    image_pages: list[int] = []  # table pages left unread: OCR off or failed
    ocr_failures: dict[int, str] = {}  # of those, the pages OCR failed on, and why
    unreadable: list[int] = []  # pages the PDF's own content breaks
    narrative: list[tuple[int, str]] = []
    frames: dict[int, tuple] = {}  # OCR'd page → (width, height, frame) as read: where to look again (confirm.py)
    report = ""  # 决算 / 预算 as the titles read so far say: names a page printing only its 公开NN表 number
    planned = False  # the OCR reader was told which later pages it will be asked for
    method = ""  # how the page before was read, for the progress line's rate by method
    for number in range(1, pdf.page_count + 1):
        on_page(number - 1, doc.pages, method)
        method = ""
        try:
            content = pdf.read_page(number - 1)
        except MemoryError:
            raise  # the document's memory bound, not the page's content: the whole document fails
        except Exception as exc:  # one broken page must not lose the others
            unreadable.append(number)
            doc.findings.append(_finding(doc, "", f"page {number}", "page_unreadable", f"{path}: page {number}: cannot be read ({describe(exc)})", number))
            doc.page_kinds.append(f"{number}:unreadable")
            continue
        layout = classify_page(content, report)
        method, reason = choose_method(content, options)
        if method == "text" and _table_is_image(content, layout):
            if options.ocr == "never":
                image_pages.append(number)
                doc.findings.append(_finding(doc, "", f"page {number}", "ocr_needed", f"{path}: page {number}: the table is an image and --ocr never was given; it was not read", number, "warning"))
            else:
                method, reason = "ocr", "table printed as an image; only its title is text"
        if method == "ocr":
            if ocr.shares and not planned:
                ocr.plan(_ocr_pages_after(pdf, number, options, report))
                planned = True
            try:
                text_layer, content = content, ocr.read(number - 1)
                frames[number] = (content.width, content.height, content.frame)
                if content.picture_dpi is not None and content.picture_dpi < READABLE_PICTURE_DPI:
                    doc.findings.append(_coarse_picture(doc, path, number, content.picture_dpi))
                reason = content.method_reason = f"{reason}; {content.method_reason}"  # why OCR; how it read the page
                if joins_text_layer(text_layer, options):
                    content, sources = join_sources(text_layer, content)
                    reason = content.method_reason = f"{reason}; {sources.describe()}"
                layout = classify_page(content, report)
            except MemoryError:
                raise
            except Exception as exc:
                if any(sign in str(exc) for sign in OUT_OF_MEMORY):  # the bound, not the page
                    raise MemoryError(describe(exc)) from exc
                image_pages.append(number)
                ocr_failures[number] = describe(exc, 200)
                doc.findings.append(_finding(doc, "", f"page {number}", "ocr_failed", f"{path}: page {number}: OCR failed ({describe(exc, 200)}); the page was not read", number))
                method, reason = "text", f"OCR failed: {describe(exc, 60)}"
        layouts.append(layout)
        report = report_of_title(layout.title) if layout.title else report
        kind = assembler.take_page(content, layout)
        if kind in ("narrative", "other", "contents"):
            narrative.append((number, "\n".join(layout.lines or [])))
        why = f"({reason})" if method == "ocr" else ""
        doc.page_kinds.append(f"{number}:{kind}{':' + layout.table_key if layout.table_key else ''}:{method}{why}")
    doc.tables = assembler.tables
    doc.department = detect_department(layouts)
    if not doc.department:
        doc.findings.append(_finding(doc, "", "", "department_unknown", f"{path}: no 编制单位 / 部门 label and no title naming the department; department left empty", None, "warning"))
    doc.year = detect_year(layouts)
    doc.report = detect_report(layouts)
    assembler.check_decimals()
    for problem in assembler.problems:
        doc.findings.append(_finding(doc, problem.table, problem.row, problem.rule, f"{path}: page {problem.page}: {problem.message}", problem.page, problem.severity, problem.column))
    on_page(doc.pages, doc.pages, method)
    vocabulary = BUDGET_VOCABULARY if doc.report == "预算" else None  # the narrative metrics of budgets, else of final accounts
    doc.facts = extract_facts(doc.doc_id, narrative, vocabulary)
    problems = [f"{len(unreadable)} of {doc.pages} pages cannot be read ({page_list(unreadable)})"] if unreadable else []
    if not doc.tables and not image_pages:
        if not (doc.facts and doc.report == "预算"):
            doc.status, doc.failure = "failed", "input"
            doc.error = "; ".join([f"{path}: no recognizable table on any of its {doc.pages} page{'s' * (doc.pages > 1)}", *problems])
            return
        # budgets are published in parts (Jiangsu: the 情况说明 and the tables in two files): a
        # narrative-only budget is still a report, read for its facts
        doc.findings.append(_finding(doc, "", "", "no_tables", f"{path}: no table on any of its {doc.pages} pages; "
                                     f"only its narrative was read ({len(doc.facts)} facts)", None, "warning"))
    if ocr_failures:
        problems.append(f"OCR failed on {pages_phrase(list(ocr_failures))} ({next(iter(ocr_failures.values()))})")
    if len(image_pages) > len(ocr_failures):
        problems.append(f"tables on {pages_phrase([n for n in image_pages if n not in ocr_failures])} are images and were not read")
    if problems:
        doc.status = "partial"
        doc.error = f"{path}: " + "; ".join(problems)
    doc.findings.extend(check_contract(doc))
    if frames:
        doc.findings.extend(confirm_readings(doc, _rereader(path, options, frames)))
    doc.findings.extend(validate_document(doc))
    doc.findings.extend(validate_budget(doc))
    doc.findings.extend(name_cells(doc, codebook(options.catalogues)))
    doc.findings.extend(suggest_readings(doc))
    doc.findings.extend(f for f in reconcile(doc.facts, table_amounts(doc), vocabulary) if f.severity != "ok")
    if doc.status == "ok":  # tables as images, OCR failures, unreadable pages already say why cells are missing
        doc.findings.extend(_no_cells_read(doc, path))
    lost = [f for f in doc.findings if f.rule in LOSS_RULES]
    if lost and doc.status == "ok":
        doc.status = "partial"
        doc.error = lost[0].message + (f" (and {len(lost) - 1} more such findings in checks.csv)" if len(lost) > 1 else "")


def _coarse_picture(doc: Document, path: Path, number: int, dpi: float) -> Finding:
    return _finding(doc, "", f"page {number}", "coarse_picture",
                    f"{path}: page {number}: the page's picture is {dpi:.0f} dpi, coarser than the "
                    f"{READABLE_PICTURE_DPI + 2} dpi OCR is measured to read; expect misread codes and amounts "
                    f"(a finer copy of the report reads better)", number, "warning")


def _rereader(path: Path, options: Options, frames: dict[int, tuple]):
    """reread(page, boxes) for confirm_readings: the boxes of an OCR'd page read again at higher scales."""
    def reread(page: int, boxes: list) -> list[list[str]]:
        from juesuan.extract.ocr.confirm import ReadFrame, reread  # OCR models load only when a page needs them

        width, height, frame = frames[page]
        return reread(str(path), ReadFrame(page, width, height, frame), boxes, options.dpi, options.ocr_engine)
    return reread


_UNREAD_TEXT = re.compile(r"[\ue000-\uf8ff\ufffd]|\(cid:\d+\)|\d[\d,]*\.\d\d(?!\d)")  # unmapped glyphs, amounts


def _no_cells_read(doc: Document, path: Path) -> list[Finding]:
    """Tables found, not one cell read from any of them, and their text holds amounts or glyphs the
    text layer could not map (digits mapped to private-use code points): never an `ok` document. A
    blank template (tables printed without figures) and tables that say they are empty stay `ok`."""
    expected = [t for t in doc.tables if not t.note]
    if not expected or any(t.cells for t in doc.tables):
        return []
    texts = (text for t in expected for text in (*t.header, *(str(v) for r in t.rows for v in r.values())))
    if not any(_UNREAD_TEXT.search(text) for text in texts):
        return []
    pages = sorted({p for t in expected for p in t.pages})
    return [_finding(doc, "", "", "no_cells_read", f"{path}: {len(expected)} table{'s' * (len(expected) > 1)} found on "
                     f"{pages_phrase(pages)}, but not one amount was read from them", pages[0] if pages else None)]


def pages_phrase(pages: list[int]) -> str:
    return f"page{'s' * (len(pages) > 1)} {page_list(pages)}"


def page_list(pages: list[int]) -> str:
    """1, 3, 5-14: runs of consecutive pages shortened."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


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


def _table_is_image(content: PageContent, layout) -> bool:
    """A table's title in the text layer and nothing of it below: the table is an image."""
    return bool(layout.regions) and sum(1 for w in content.words if w.top > layout.regions[0].top + 1) < 4


def _ocr_pages_after(pdf, number: int, options: Options, report: str) -> list[int]:
    """The pages after page `number` (0-based indexes) that will be OCR'd, as far as their text layer
    tells: a hint for workers with nothing else to do, so it may err (each page is decided again
    when it comes); a page with no image is taken to need none. Asked only at an OCR page, so never
    under --ocr never."""
    pages = []
    for index in range(number, pdf.page_count):
        try:
            content = pdf.read_page(index)
        except Exception:  # reported when the page comes
            continue
        if choose_method(content, options)[0] == "ocr" or (
                content.image_coverage > 0 and _table_is_image(content, classify_page(content, report))):
            pages.append(index)
    return pages


def _finding(doc: Document, table: str, row: str, rule: str, message: str, page: int | None, severity: str = "error", column: str = "") -> Finding:
    return Finding(doc.doc_id, table, row, column, rule, None, None, None, severity, message, page)
