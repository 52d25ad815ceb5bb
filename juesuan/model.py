"""Typed records that cross module boundaries: pages → regions → tables → cells.

Coordinates are PDF points with the origin at the top-left of the page as displayed
(pdfplumber's convention), whatever produced them: the text layer or OCR of a rendered image.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from decimal import Decimal

from juesuan.errors import Failure, Severity, Status


@dataclass(frozen=True)
class Word:
    """A run of text on a page with its box; OCR words carry their recognizer confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Segment:
    """A ruling line, horizontal (top == bottom) or vertical (x0 == x1) after snapping."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class PageContent:
    """Everything later stages need from one page, read once.

    method is "text" (the text layer, read by pdfium or pdfplumber) or "ocr"; method_reason says why it was chosen.
    """

    number: int  # 1-based page number in the document
    width: float
    height: float
    words: list[Word]
    segments: list[Segment]
    method: str = "text"
    method_reason: str = ""
    image_coverage: float = 0.0  # share of the page area covered by images
    # the affine map (a, b, c, d, e, f) from the displayed page's points to these words' points,
    # x' = a·x + b·y + c, y' = d·x + e·y + f: OCR turns and deskews the page image it reads
    frame: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    turned: str = ""  # why the text layer was read turned from the page's /Rotate (its text reads that way)
    picture_dpi: float | None = None  # OCR: the coarsest picture's own resolution as drawn (None: no picture)


@dataclass
class Cell:
    """One numeric cell of an extracted table, as printed and converted."""

    table_key: str
    side: str  # "" or 收入/支出 for two-sided tables
    code: str  # "" when the row has no classification code
    row_label: str
    column_key: str
    value: str  # the printed text, untouched
    amount: Decimal  # value in the printed unit
    unit: str  # 元 / 千元 / 万元 / 亿元
    amount_yuan: Decimal
    page: int
    method: str
    bbox: tuple[float, float, float, float]
    conf: float = 1.0
    code_level: str = ""  # 类 / 款 / 项 (function codes) or 类 / 款 (economic codes)
    standard_name: str = ""
    suggested_amount_yuan: Decimal | None = None  # an OCR reading the sums single out (juesuan/suggest.py)
    name_source: str = ""  # where standard_name comes from: official / observed / printed (juesuan/names.py)


@dataclass
class Table:
    """A standard (or other) table of one document, possibly assembled from several pages."""

    table_key: str
    title: str
    pages: list[int]
    unit: str
    header: list[str]  # standard column keys, in printed order
    rows: list[dict]  # wide rows as printed: side, code, row_label, then column_key → printed text
    cells: list[Cell] = field(default_factory=list)
    unreadable: set[tuple[str, str, str]] = field(default_factory=set)  # (side, code or label, column_key)
    note: str = ""  # e.g. "本单位无国有资本经营预算财政拨款支出" for a present but empty table


@dataclass
class Finding:
    """One validation result for checks.csv. Printed numbers are reported, never altered."""

    doc_id: str
    table: str
    row: str
    column: str
    rule: str
    expected: Decimal | None
    found: Decimal | None
    difference: Decimal | None
    severity: Severity | str  # errors.Severity; a plain str once read back from the cache (equal to it)
    message: str = ""
    page: int | None = None
    unit: str = ""  # of expected / found / difference: the table's printed unit, 元, or % for shares
    rule_id: str = ""  # a stable short name where `rule` is a formula (row_sum, parent_sum …); else rule itself

    @classmethod
    def new(cls, doc_id: str, rule: str, severity: Severity | str, message: str, *, table: str = "", row: str = "",
            column: str = "", page: int | None = None, expected: Decimal | None = None,
            found: Decimal | None = None, difference: Decimal | None = None, unit: str = "",
            rule_id: str = "") -> "Finding":
        """The one way to make a finding: what it is (doc, rule, severity, message) in order, where and how
        much by name, so no caller counts positions past three Nones."""
        return cls(doc_id, table, row, column, rule, expected, found, difference, severity, message, page, unit,
                   rule_id)


@dataclass
class Fact:
    """One figure of the narrative. value is in the printed unit; amounts in yuan are exact."""

    doc_id: str
    section: str
    metric: str
    value: Decimal
    unit: str
    amount_yuan: Decimal | None
    comparison: str = ""  # as stated, e.g. "减少13,183.22万元, 下降17.23%"
    change_amount_yuan: Decimal | None = None  # signed
    change_percent: Decimal | None = None  # signed
    page: int | None = None
    sentence: str = ""
    share_percent: Decimal | None = None  # the "占 x%" right after the figure
    budget_yuan: Decimal | None = None  # "预算为 …" stated with it
    completion_percent: Decimal | None = None  # "完成(年初)预算的 x%"
    subsection: str = ""
    label: str = ""  # the words naming the figure, normalized
    share_of: str = ""  # metric the share is of, when the sentence names it ("占本年支出…")
    level: str = ""  # 类 / 款 / 项 for function-classification facts


FACT_COLUMNS = [f.name for f in fields(Fact)]  # facts.csv, one column per field


@dataclass
class Document:
    """The result for one input file; status is ok / partial / failed."""

    source_file: str
    doc_id: str
    department: str = ""
    year: int | None = None
    report: str = ""  # 决算 (final accounts) or 预算 (budget)
    pages: int = 0
    page_kinds: list[str] = field(default_factory=list)  # e.g. "3:table:expenditure:text"
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # from the narrative pages (extract/narrative.py)
    status: Status | str = Status.OK  # errors.Status (a plain str once read back from the cache)
    error: str = ""
    failure: Failure | str = ""  # why it failed (errors.Failure: input, timeout, memory, worker, internal); ""

    def moved_to(self, path: str, doc_id: str) -> "Document":
        """The same result under another name (a moved file, a copy): ids and messages follow."""
        old_path, old_id = self.source_file, self.doc_id
        if (old_path, old_id) == (path, doc_id):
            return self
        self.source_file, self.doc_id = path, doc_id
        self.error = self.error.replace(old_path, path)
        for f in self.findings:
            f.doc_id, f.message = doc_id, f.message.replace(old_path, path)
        for fact in self.facts:
            fact.doc_id = doc_id
        return self

    def summary(self) -> "DocumentSummary":
        counts = Counter((f.rule_id or f.rule, f.severity) for f in self.findings)
        return DocumentSummary(self.source_file, self.doc_id, self.pages, self.status, self.error, self.failure,
                               sum(len(t.cells) for t in self.tables), tuple((r, s, n) for (r, s), n in counts.items()))


@dataclass(frozen=True)
class DocumentSummary:
    """What a run keeps of a document once its rows are written (output.RunOutputs.add): enough for
    the closing summary and the exit code, so a batch's memory does not grow with its cells."""

    source_file: str
    doc_id: str
    pages: int
    status: Status | str
    error: str
    failure: Failure | str
    cells: int = 0
    findings: tuple[tuple[str, str, int], ...] = ()  # (rule_id, severity, how many)


@dataclass
class GridCell:
    """One (possibly merged) cell of a table region: rows and columns are grid indices."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    conf: float = 1.0
    words: tuple[Word, ...] = ()  # the printed words it holds, so every printed amount can be accounted for


@dataclass
class Grid:
    """A table region cut into rows and columns, before any meaning is given to them.

    col_edges are the x positions of the column boundaries (len = n_cols + 1), so grids of
    the same table on consecutive pages can be aligned.
    """

    page: int
    n_rows: int
    n_cols: int
    cells: list[GridCell]
    col_edges: list[float]
    method: str  # "lattice" or "stream"
    _index: dict[tuple[int, int], GridCell] | None = field(default=None, repr=False, compare=False)

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering (row, col), merged cells included."""
        if self._index is None:
            self._index = {}
            for c in self.cells:
                for r in range(c.row, c.row + c.row_span):
                    for k in range(c.col, c.col + c.col_span):
                        self._index.setdefault((r, k), c)
        return self._index.get((row, col))

    def row_cells(self, row: int) -> list[GridCell]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)
