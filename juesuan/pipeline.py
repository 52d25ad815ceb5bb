"""One document, start to end, as its stages: read_pages → assemble → describe → read_facts → check → settle_status.

Each page is read once; the OCR path (when installed and chosen) produces the same PageContent
as the text layer, so everything after reading is shared. Each stage is a function with a typed record
between it and the next (PageRead, Assembly, CheckContext), so each can be run and tested alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

import regex as re

from juesuan.codes_from_names import infer_codes
from juesuan.confirm import confirm_readings
from juesuan.contract import check_contract
from juesuan.errors import Failure, Severity, Status
from juesuan.errors import describe as describe_error
from juesuan.extract.layout import PageLayout, classify_page, detect_department, detect_report, detect_year
from juesuan.extract.narrative import Vocabulary, extract_facts
from juesuan.extract.narrative_budget import VOCABULARY as BUDGET_VOCABULARY
from juesuan.extract.ocr import READABLE_PICTURE_DPI
from juesuan.extract.readers import (
    open_document,
    pdfium,  # noqa: F401  (the default reader: loaded once per worker)
)
from juesuan.extract.readers.base import DocumentError, Pages
from juesuan.extract.report_runs import later_reports, repeated_tables
from juesuan.extract.sources import join_sources
from juesuan.extract.tables import TableAssembler
from juesuan.extract.titles import report_of_title
from juesuan.extract.words import garbled_share
from juesuan.model import Document, Finding, PageContent, Table
from juesuan.names import name_cells
from juesuan.narrative_checks import reconcile
from juesuan.normalize.codes import codebook
from juesuan.options import MAX_PAGES, Options, content_hash, doc_id_for  # noqa: F401  (re-exported)
from juesuan.suggest import suggest_readings
from juesuan.validate import validate_document
from juesuan.validate_budget import validate_budget

OUT_OF_MEMORY = ("bad_alloc", "failed to map segment", "Cannot allocate memory")  # as C++ and the loader say it
# a document with one is partial
LOSS_RULES = {"unreadable_cell", "amounts_not_read", "unknown_column", "missing_column", "no_cells_read",
              "second_report"}


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
    reads; `ocr` reads its OCR pages (default: LocalOcr). The stages, in order: read_pages → assemble →
    describe → read_facts → check (CHECKS) → settle_status."""
    path = Path(path)
    doc = Document(source_file=str(path), doc_id=path.stem)
    try:
        doc.doc_id = doc_id_for(path, digest)
        pdf = open_document(path, options.reader)
    except OSError as exc:
        doc.status, doc.failure = Status.FAILED, Failure.INPUT
        doc.error = f"{path}: cannot read the file: {exc.strerror}"
        return doc
    except DocumentError as exc:
        doc.status, doc.error, doc.failure = Status.FAILED, str(exc), Failure.INPUT
        return doc
    with pdf:
        doc.pages = pdf.page_count
        if doc.pages > options.max_pages:
            doc.status, doc.failure = Status.FAILED, Failure.INPUT
            doc.error = (f"{path}: {doc.pages} pages exceeds the limit of {options.max_pages}; "
                         "raise --max-pages if this is a real report")
            return doc
        ocr = ocr or LocalOcr(str(path), options)
        pages = read_pages(pdf, doc.doc_id, path, options, ocr, on_page or (lambda *_: None))
        assembly = assemble(pages, doc.doc_id, path)
    doc.tables, doc.page_kinds = assembly.tables, assembly.page_kinds
    doc.findings.extend(assembly.reading_findings)
    doc.findings.extend(describe(doc, assembly.layouts, path))
    doc.findings.extend(assembly.table_findings)
    vocabulary = read_facts(doc, assembly.narrative)
    doc.findings.extend(refuse_empty(doc, assembly.unread, path))
    if doc.status == Status.FAILED:  # no table: nothing to check
        return doc
    losses = assembly.unread.problems(doc.pages)
    doc.findings.extend(check(doc, CheckContext(path, options, vocabulary, losses, assembly.frames)))
    settle_status(doc, losses, path)
    return doc


# --- read_pages: each page once, by its text layer or by OCR -----------------------------------

@dataclass
class PageRead:
    """One page as read: its content (text layer, OCR, or both joined) and layout, how it was read and why,
    and what went wrong reading it. `content` is None for a page the PDF's own content breaks."""

    number: int
    content: PageContent | None
    layout: PageLayout | None
    method: str = ""  # text / ocr; "" for an unreadable page
    reason: str = ""  # why that method, and how OCR read the page
    findings: list[Finding] = field(default_factory=list)  # page_unreadable, page_turned, ocr_needed, ocr_failed
    unreadable: bool = False  # the page itself cannot be read
    image_unread: bool = False  # its table is an image left unread: OCR off (--ocr never) or failed
    ocr_failure: str = ""  # why OCR failed on it


class TextLayer:
    """The document's pages as their text layer holds them, each read once. The OCR plan looks ahead
    through the pages after the first OCR page; the loop then takes those pages from here instead of
    reading (and parsing) them a second time. A read that raised is kept and raised again when its page
    comes, so the page is reported where it stands."""

    def __init__(self, pdf: Pages):
        self.pdf = pdf
        self.page_count = pdf.page_count
        self._ahead: dict[int, PageContent | Exception] = {}

    def take(self, index: int) -> PageContent:
        """Page `index` (0-based), from the look-ahead when the plan read it, else read now."""
        if index in self._ahead:
            held = self._ahead.pop(index)
            if isinstance(held, Exception):
                raise held
            return held
        return self.pdf.read_page(index)

    def ahead(self, start: int) -> Iterator[tuple[int, PageContent]]:
        """Pages `start`… (0-based), read and kept for take(); pages whose read fails are skipped here."""
        for index in range(start, self.page_count):
            if index not in self._ahead:
                try:
                    self._ahead[index] = self.pdf.read_page(index)
                except Exception as exc:  # MemoryError included: met again when the page comes
                    self._ahead[index] = exc.with_traceback(None)
            held = self._ahead[index]
            if not isinstance(held, Exception):
                yield index, held


def read_pages(pdf: Pages, doc_id: str, path: Path, options: Options, ocr: OcrReader,
               on_page: PageCallback) -> Iterator[PageRead]:
    """Each page in order, read once: by its text layer, or by OCR where choose_method (or a table
    printed as an image) says so, OCR words joined with a readable text layer. Lazy, so one page's content
    is held at a time and the progress line (`on_page`) follows the pages as they are read. `report`
    (决算 / 预算 as the titles so far say) names a page printing only its 公开NN number."""
    text_layer = TextLayer(pdf)
    report = ""
    planned = False  # the OCR reader was told which later pages it will be asked for
    method = ""  # how the page before was read, for the progress line's rate by method
    for number in range(1, pdf.page_count + 1):
        on_page(number - 1, pdf.page_count, method)
        page = _read_page(text_layer, number, doc_id, path, options, report)
        if page.method == "ocr":
            if ocr.shares and not planned:
                ocr.plan(plan_ocr(text_layer, number, options, report))
                planned = True
            page = _read_by_ocr(page, ocr, doc_id, path, options, report)
        if page.layout is not None:
            report = report_of_title(page.layout.title) if page.layout.title else report
        method = page.method
        yield page
    on_page(pdf.page_count, pdf.page_count, method)


def _read_page(text_layer: TextLayer, number: int, doc_id: str, path: Path, options: Options, report: str) -> PageRead:
    """Page `number`'s text layer, its layout and the method to read it by (a page that cannot be read is
    reported, never fatal: one broken page must not lose the others; the memory bound is the document's)."""
    try:
        content = text_layer.take(number - 1)
    except MemoryError:
        raise
    except Exception as exc:
        finding = Finding.new(doc_id, "page_unreadable", Severity.ERROR,
                              f"{path}: page {number}: cannot be read ({describe_error(exc)})",
                              row=f"page {number}", page=number)
        return PageRead(number, None, None, findings=[finding], unreadable=True)
    layout = classify_page(content, report)
    method, reason = choose_method(content, options)
    page = PageRead(number, content, layout, method, reason)
    if content.turned:  # its /Rotate shows the text upside down or sideways (extract/readers/text_direction.py)
        page.findings.append(Finding.new(doc_id, "page_turned", Severity.WARNING, f"{path}: page {number}: "
                                         f"{content.turned}", row=f"page {number}", page=number))
    if method == "text" and _table_is_image(content, layout):
        if options.ocr == "never":
            page.image_unread = True
            page.findings.append(Finding.new(doc_id, "ocr_needed", Severity.WARNING,
                                             f"{path}: page {number}: the table is an image and --ocr never was "
                                             "given; it was not read", row=f"page {number}", page=number))
        else:
            page.method, page.reason = "ocr", "table printed as an image; only its title is text"
    return page


def _read_by_ocr(page: PageRead, ocr: OcrReader, doc_id: str, path: Path, options: Options, report: str) -> PageRead:
    """The page read by OCR, its text layer's words joined where they are readable; if OCR fails the page
    keeps its text layer and says why (a failure that is the worker's memory bound fails the document)."""
    number, text_layer = page.number, page.content
    try:
        content = ocr.read(number - 1)
        findings = list(page.findings)
        if content.picture_dpi is not None and content.picture_dpi < READABLE_PICTURE_DPI:
            findings.append(_coarse_picture(doc_id, path, number, content.picture_dpi))
        reason = content.method_reason = f"{page.reason}; {content.method_reason}"  # why OCR; how it read the page
        if joins_text_layer(text_layer, options):
            content, sources = join_sources(text_layer, content)
            reason = content.method_reason = f"{reason}; {sources.describe()}"
        return PageRead(number, content, classify_page(content, report), "ocr", reason, findings)
    except MemoryError:
        raise
    except Exception as exc:
        if any(sign in str(exc) for sign in OUT_OF_MEMORY):  # the bound, not the page
            raise MemoryError(describe_error(exc)) from exc
        finding = Finding.new(doc_id, "ocr_failed", Severity.ERROR,
                              f"{path}: page {number}: OCR failed ({describe_error(exc, 200)}); the page was not read",
                              row=f"page {number}", page=number)
        return PageRead(number, text_layer, page.layout, "text", f"OCR failed: {describe_error(exc, 60)}",
                        [*page.findings, finding], image_unread=True, ocr_failure=describe_error(exc, 200))


def _coarse_picture(doc_id: str, path: Path, number: int, dpi: float) -> Finding:
    return Finding.new(doc_id, "coarse_picture", Severity.WARNING,
                       f"{path}: page {number}: the page's picture is {dpi:.0f} dpi, coarser than the "
                       f"{READABLE_PICTURE_DPI + 2} dpi OCR is measured to read; expect misread codes and amounts "
                       "(a finer copy of the report reads better)", row=f"page {number}", page=number)


def plan_ocr(text_layer: TextLayer, number: int, options: Options, report: str) -> list[int]:
    """The pages after page `number` (0-based indexes) that will be OCR'd, as far as their text layer
    tells: a hint for workers with nothing else to do, so it may err (each page is decided again
    when it comes); a page with no image is taken to need none. Asked only at an OCR page, so never
    under --ocr never. The pages it reads are kept in `text_layer`: none is read twice."""
    return [index for index, content in text_layer.ahead(number)
            if choose_method(content, options)[0] == "ocr"
            or (content.image_coverage > 0 and _table_is_image(content, classify_page(content, report)))]


# --- assemble: pages into tables, and what was not read -----------------------------------------

@dataclass
class Unread:
    """What reading left out: pages the PDF breaks, image tables left unread, pages OCR failed on (and why).
    It makes a document partial, and its cells are then known to be missing (no no_cells_read finding)."""

    unreadable: list[int] = field(default_factory=list)
    image_pages: list[int] = field(default_factory=list)  # OCR off or failed
    ocr_failures: dict[int, str] = field(default_factory=dict)

    def problems(self, pages: int) -> list[str]:
        """One phrase per kind of loss, for the document's `error`."""
        out = [f"{len(self.unreadable)} of {pages} pages cannot be read ({page_list(self.unreadable)})"] \
            if self.unreadable else []
        if self.ocr_failures:
            out.append(f"OCR failed on {pages_phrase(list(self.ocr_failures))} "
                       f"({next(iter(self.ocr_failures.values()))})")
        if len(self.image_pages) > len(self.ocr_failures):
            images = [n for n in self.image_pages if n not in self.ocr_failures]
            out.append(f"tables on {pages_phrase(images)} are images and were not read")
        return out


@dataclass
class Assembly:
    """A document's pages put together: its tables, each page's layout and kind, the narrative pages' text,
    the findings of reading (in page order) and of the tables' cells, and what was not read."""

    tables: list[Table]
    layouts: list[PageLayout]
    page_kinds: list[str]  # "3:table:expenditure:text", "1:other:ocr(why)", "7:unreadable"
    narrative: list[tuple[int, str]]  # (page number, its lines) of the narrative, contents and other pages
    reading_findings: list[Finding]
    table_findings: list[Finding]
    unread: Unread
    frames: dict[int, tuple] = field(default_factory=dict)  # OCR'd page → (width, height, frame) as read


def assemble(pages: Iterable[PageRead], doc_id: str, path: Path) -> Assembly:
    """The pages, in order, given to the TableAssembler (a table continues across pages, so order matters);
    the narrative pages' lines kept for read_facts."""
    assembler = TableAssembler()
    layouts: list[PageLayout] = []
    page_kinds: list[str] = []
    narrative: list[tuple[int, str]] = []
    findings: list[Finding] = []
    unread = Unread()
    frames: dict[int, tuple] = {}
    for page in pages:
        findings.extend(page.findings)
        if page.unreadable:
            unread.unreadable.append(page.number)
            page_kinds.append(f"{page.number}:unreadable")
            continue
        if page.image_unread:
            unread.image_pages.append(page.number)
        if page.ocr_failure:
            unread.ocr_failures[page.number] = page.ocr_failure
        layout = page.layout
        layouts.append(layout)
        kind = assembler.take_page(page.content, layout)
        if kind in ("narrative", "other", "contents"):
            narrative.append((page.number, "\n".join(layout.lines or [])))
        why = f"({page.reason})" if page.method == "ocr" else ""
        key = f":{layout.table_key}" if layout.table_key else ""
        page_kinds.append(f"{page.number}:{kind}{key}:{page.method}{why}")
        if page.method == "ocr":  # where to look again (juesuan/confirm.py)
            frames[page.number] = (page.content.width, page.content.height, page.content.frame)
    assembler.check_decimals()
    problems = [Finding.new(doc_id, p.rule, p.severity, f"{path}: page {p.page}: {p.message}", table=p.table,
                            row=p.row, column=p.column, page=p.page) for p in assembler.problems]
    return Assembly(assembler.tables, layouts, page_kinds, narrative, findings, problems, unread, frames)


# --- describe, read_facts: what the document is, what its narrative states -----------------------

def describe(doc: Document, layouts: list[PageLayout], path: Path) -> list[Finding]:
    """The document's department, year and report (决算 / 预算) from its pages; findings when no department is
    named (its cells then carry an empty department), when a further report begins in the file, and when a
    standard table is printed twice in one report (extract/report_runs.py)."""
    doc.department = detect_department(layouts)
    doc.year = detect_year(layouts)
    doc.report = detect_report(layouts)
    found = [] if doc.department else [Finding.new(
        doc.doc_id, "department_unknown", Severity.WARNING,
        f"{path}: no 编制单位 / 部门 label and no title naming the department; department left empty")]
    starts = later_reports(layouts)  # several reports in one file: named, not split (extract/report_runs.py)
    for start in starts:
        found.append(Finding.new(doc.doc_id, "second_report", Severity.ERROR,
                                 f"{path}: page {start.page}: another report begins here ({start.why}); "
                                 "read as this document's, not split", row=f"page {start.page}", page=start.page))
    for repeat in repeated_tables(doc.tables, starts):
        found.append(Finding.new(doc.doc_id, "table_repeated", Severity.WARNING,
                                 f"{path}: page {repeat.page}: table {repeat.kind} is printed again (first on page "
                                 f"{repeat.first_page}); its cells are kept under the key {repeat.key}",
                                 table=repeat.key, page=repeat.page))
    return found


def read_facts(doc: Document, narrative: list[tuple[int, str]]) -> Vocabulary | None:
    """The figures the narrative pages state (doc.facts), read with the words of the document's kind of
    report; returns that vocabulary (None: final accounts') for the narrative checks."""
    vocabulary = BUDGET_VOCABULARY if doc.report == "预算" else None
    doc.facts = extract_facts(doc.doc_id, narrative, vocabulary)
    return vocabulary


def refuse_empty(doc: Document, unread: Unread, path: Path) -> list[Finding]:
    """A document with no table (and no image table left unread) fails as input; a budget whose narrative
    was read is kept with a warning (budgets are published in parts: Jiangsu's 情况说明 and tables come
    in two files)."""
    if doc.tables or unread.image_pages:
        return []
    if not (doc.facts and doc.report == "预算"):
        doc.status, doc.failure = Status.FAILED, Failure.INPUT
        pages = f"{doc.pages} page{'s' * (doc.pages > 1)}"
        doc.error = "; ".join([f"{path}: no recognizable table on any of its {pages}", *unread.problems(doc.pages)])
        return []
    return [Finding.new(doc.doc_id, "no_tables", Severity.WARNING, f"{path}: no table on any of its {doc.pages} "
                        f"pages; only its narrative was read ({len(doc.facts)} facts)")]


# --- check: the declared list of checks -------------------------------------------------------------

@dataclass(frozen=True)
class CheckContext:
    """What checks need besides the document: its path (for messages), the options (catalogues), the
    narrative's vocabulary, and what reading lost (a check of missing cells stays quiet when it is known)."""

    path: Path
    options: Options
    vocabulary: Vocabulary | None
    losses: list[str]
    frames: dict[int, tuple] = field(default_factory=dict)  # OCR'd pages, to read a doubtful cell again


Check = Callable[[Document, CheckContext], list[Finding]]


def _narrative_vs_tables(doc: Document, context: CheckContext) -> list[Finding]:
    """The narrative's figures against the tables and against each other; holding checks are not kept."""
    return [f for f in reconcile(doc.facts, table_amounts(doc), context.vocabulary) if f.severity != Severity.OK]


def _no_cells_check(doc: Document, context: CheckContext) -> list[Finding]:
    """no_cells_read, where nothing reading lost already says why cells are missing."""
    return [] if context.losses else _no_cells_read(doc, context.path)


def _confirm(doc: Document, context: CheckContext) -> list[Finding]:
    """Doubtful OCR amounts read again from their crops (juesuan/confirm.py); a reading taken is a finding."""
    if not context.frames:
        return []
    path, options, frames = context.path, context.options, context.frames

    def reread(page: int, boxes: list) -> list[list[str]]:
        from juesuan.extract.ocr.confirm import ReadFrame, reread  # OCR models load only when a page needs them

        width, height, frame = frames[page]
        return reread(str(path), ReadFrame(page, width, height, frame), boxes, options.dpi, options.ocr_engine)

    return confirm_readings(doc, reread)


CHECKS: list[tuple[str, Check]] = [  # in the order their findings go to checks.csv
    # 款/项 rows printed by name alone keyed by the code their name has under the row above (sets codes)
    ("codes_from_names", lambda doc, c: infer_codes(doc, codebook(c.options.catalogues))),
    ("contract", lambda doc, _: check_contract(doc)),  # each table's mandatory columns
    ("confirm", _confirm),  # OCR readings a second look and the sums agree on (the one check that changes cells)
    ("sums", lambda doc, _: validate_document(doc)),  # final accounts' row, column and hierarchy sums
    ("budget_sums", lambda doc, _: validate_budget(doc)),  # budgets' identities
    ("names", lambda doc, c: name_cells(doc, codebook(c.options.catalogues))),  # standard names of codes
    ("suggestions", lambda doc, _: suggest_readings(doc)),  # OCR readings the sums single out
    ("narrative", _narrative_vs_tables),
    ("no_cells_read", _no_cells_check),
]


def check(doc: Document, context: CheckContext, checks: list[tuple[str, Check]] = CHECKS) -> list[Finding]:
    """Every check's findings, in the declared order. Findings report printed numbers; only `confirm` changes a
    cell, to the reading a second look and the table's sums agree on, and names the first reading."""
    return [finding for _, run in checks for finding in run(doc, context)]


# --- settle_status ----------------------------------------------------------------------------------

def settle_status(doc: Document, losses: list[str], path: Path) -> None:
    """partial when reading lost pages or image tables (`error` says which), or when a finding says cells or
    amounts were not read (`error` quotes the first); else the document stays ok."""
    if losses:
        doc.status = Status.PARTIAL
        doc.error = f"{path}: " + "; ".join(losses)
        return
    lost = [f for f in doc.findings if f.rule in LOSS_RULES]
    if lost:
        doc.status = Status.PARTIAL
        more = f" (and {len(lost) - 1} more such findings in checks.csv)" if len(lost) > 1 else ""
        doc.error = lost[0].message + more


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
    return [Finding.new(doc.doc_id, "no_cells_read", Severity.ERROR, f"{path}: {len(expected)} "
                        f"table{'s' * (len(expected) > 1)} found on {pages_phrase(pages)}, but not one amount was "
                        "read from them", page=pages[0] if pages else None)]


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
            row = rows.setdefault((c.side, c.code, c.row_label),
                                  {"side": c.side, "code": c.code, "row_label": c.row_label})
            row[c.column_key] = c.amount_yuan
        out[table.table_key] = list(rows.values())
    return out


def _table_is_image(content: PageContent, layout) -> bool:
    """A table's title in the text layer and nothing of it below: the table is an image."""
    return bool(layout.regions) and sum(1 for w in content.words if w.top > layout.regions[0].top + 1) < 4
