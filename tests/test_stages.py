"""The pipeline's stages one at a time (juesuan/pipeline.py): read_pages → assemble → describe → read_facts →
check → settle_status, on the generated fixtures, and the OCR plan read from a text layer read once.

A spy wraps the real text-layer reader and counts its reads: before the stages, a batch worker that met an
OCR page read every later page twice (once to plan the OCR pages it could lend, once to read them).
"""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import load_script
from juesuan.errors import Severity, Status
from juesuan.extract.readers import open_document
from juesuan.extract.readers.base import PageError
from juesuan.model import Document, Finding
from juesuan.options import Options
from juesuan.pipeline import (
    CHECKS,
    CheckContext,
    LocalOcr,
    TextLayer,
    Unread,
    assemble,
    check,
    describe,
    read_facts,
    read_pages,
    refuse_empty,
    settle_status,
)

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
LATTICE = GENERATED / "minzheng_2023_lattice.pdf"
MANIFEST = {row["file"]: row for row in csv.DictReader(open(GENERATED / "manifest.csv", encoding="utf-8"))}


class SpyPages:
    """A real open document whose page reads are counted (0-based index → reads)."""

    def __init__(self, pages):
        self.pages, self.reads = pages, Counter()
        self.page_count = pages.page_count

    def read_page(self, index: int):
        self.reads[index] += 1
        return self.pages.read_page(index)


class PlanningOcr(LocalOcr):
    """Real OCR in this process, wanting the plan as a batch worker's reader does; records plans and reads."""

    shares = True

    def __init__(self, path: str, options: Options):
        super().__init__(path, options)
        self.plans: list[list[int]] = []
        self.read_pages: list[int] = []

    def plan(self, pages: list[int]) -> None:
        self.plans.append(list(pages))

    def read(self, page_index: int):
        self.read_pages.append(page_index)
        return super().read(page_index)


def _read(path: Path, options: Options = Options(), ocr=None, on_page=None):
    with open_document(path, options.reader) as pdf:
        spy = SpyPages(pdf)
        pages = list(read_pages(spy, path.stem, path, options, ocr or LocalOcr(str(path), options),
                                on_page or (lambda *_: None)))
    return spy, pages


def test_read_pages_reads_each_page_once_in_order_and_reports_progress():
    calls = []
    spy, pages = _read(LATTICE, on_page=lambda done, total, method: calls.append((done, total, method)))
    n = spy.page_count
    assert [p.number for p in pages] == list(range(1, n + 1))
    assert spy.reads == Counter(range(n))
    assert {p.method for p in pages} == {"text"} and not any(p.unreadable or p.findings for p in pages)
    # before each page: pages done so far and how the one before was read; then the end
    assert calls == [(0, n, "")] + [(k, n, "text") for k in range(1, n + 1)]


class BrokenPage(SpyPages):
    """The real document with one page its reader cannot read."""

    def __init__(self, pages, broken: int):
        super().__init__(pages)
        self.broken = broken

    def read_page(self, index: int):
        content = super().read_page(index)
        if index == self.broken:
            raise PageError(f"page {index + 1}: broken")
        return content


def test_the_look_ahead_keeps_what_it_read_and_a_broken_page_breaks_where_it_stands():
    with open_document(LATTICE) as pdf:
        spy = BrokenPage(pdf, broken=7)
        layer = TextLayer(spy)
        ahead = dict(layer.ahead(3))
        assert sorted(ahead) == [i for i in range(3, spy.page_count) if i != 7]
        assert layer.take(4) is ahead[4]
        with pytest.raises(PageError, match="page 8: broken"):
            layer.take(7)
        assert layer.take(1).number == 2
        assert spy.reads == Counter([1, *range(3, spy.page_count)])  # each once, the broken one included


def test_assemble_finds_the_fixtures_tables_and_describe_its_department_year_and_report():
    for name in ("minzheng_2023_lattice.pdf", "jiaoyu_2024_threeline_kxl.pdf", "nongye_2023_tail_split.pdf"):
        path = GENERATED / name
        _, pages = _read(path)
        assembly = assemble(iter(pages), path.stem, path)
        truth = MANIFEST[name]
        assert set(truth["tables"].split(";")) <= {t.table_key for t in assembly.tables}, name
        assert [k.split(":")[0] for k in assembly.page_kinds] == [str(p.number) for p in pages]
        assert assembly.unread == Unread() and assembly.reading_findings == []
        doc = Document(str(path), path.stem)
        assert describe(doc, assembly.layouts, path) == []
        assert (doc.department, doc.year, doc.report) == (truth["department"], int(truth["year"]), "决算")


def test_a_document_without_a_department_says_so():
    doc = Document("x.pdf", "x")
    [finding] = describe(doc, [], Path("x.pdf"))
    assert (finding.rule, finding.severity, doc.department) == ("department_unknown", Severity.WARNING, "")


def test_checks_run_in_their_declared_order_and_settle_status_from_what_they_found():
    path = GENERATED / "inconsistent.pdf"
    _, pages = _read(path)
    assembly = assemble(iter(pages), path.stem, path)
    doc = Document(str(path), path.stem, pages=len(pages), tables=assembly.tables)
    describe(doc, assembly.layouts, path)
    vocabulary = read_facts(doc, assembly.narrative)
    assert doc.facts and vocabulary is None  # a final account's narrative
    context = CheckContext(path, Options(), vocabulary, [])
    found = check(doc, context)
    by_check = [[f for f in run(doc, context)] for _, run in CHECKS]
    assert found == [f for findings in by_check for f in findings]
    names = [name for name, _ in CHECKS]
    assert by_check[names.index("sums")] and by_check[names.index("narrative")]  # the fixture breaks both
    assert all(f.severity != Severity.OK for f in by_check[names.index("narrative")])
    narrative = names.index("narrative")
    assert check(doc, context, [CHECKS[narrative]]) == by_check[narrative]


def test_settle_status_names_the_losses_or_the_first_lost_cell():
    path = Path("r.pdf")
    doc = Document(str(path), "r")
    settle_status(doc, [], path)
    assert (doc.status, doc.error) == (Status.OK, "")
    lost = [Finding.new("r", "unreadable_cell", Severity.ERROR, f"cell {k}") for k in range(3)]
    doc.findings = [Finding.new("r", "row_sum", Severity.ERROR, "sum"), *lost]
    settle_status(doc, [], path)
    assert (doc.status, doc.error) == ("partial", "cell 0 (and 2 more such findings in checks.csv)")
    doc = Document(str(path), "r", findings=lost)
    settle_status(doc, Unread([2], [5, 6, 9], {6: "RuntimeError: x"}).problems(10), path)
    assert doc.status == "partial"
    assert doc.error == ("r.pdf: 1 of 10 pages cannot be read (2); OCR failed on page 6 (RuntimeError: x); "
                         "tables on pages 5, 9 are images and were not read")


def test_a_document_without_tables_fails_unless_it_is_a_budgets_narrative():
    path = ROOT / "fixtures" / "edge" / "no_table.pdf"
    _, pages = _read(path)
    assembly = assemble(iter(pages), path.stem, path)
    doc = Document(str(path), path.stem, pages=len(pages), tables=assembly.tables)
    assert refuse_empty(doc, assembly.unread, path) == []
    assert (doc.status, doc.failure) == (Status.FAILED, "input")
    assert doc.error == f"{path}: no recognizable table on any of its 2 pages"
    doc = Document(str(path), path.stem, pages=2, report="预算")
    doc.facts = ["a figure"]
    [warning] = refuse_empty(doc, Unread(), path)
    assert (doc.status, warning.rule, warning.severity) == (Status.OK, "no_tables", Severity.WARNING)


def test_finding_new_fills_what_is_not_named():
    f = Finding.new("d", "row_sum", Severity.ROUNDING, "m", table="t", page=3, expected=Decimal(1), unit="元")
    assert (f.doc_id, f.table, f.row, f.column, f.rule, f.expected, f.found, f.severity, f.message, f.page,
            f.unit, f.rule_id) == ("d", "t", "", "", "row_sum", Decimal(1), None, "rounding", "m", 3, "元", "")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """minzheng_2023_lattice with its pages 5 and 7 (tables) as pictures under their text titles."""
    out = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    load_script("make_scans").make_mixed(LATTICE, out, table_pages={5, 7})
    return out


def test_the_ocr_plan_comes_from_the_text_layer_read_once(mixed):
    options = Options()
    ocr = PlanningOcr(str(mixed), options)
    spy, pages = _read(mixed, options, ocr)
    assert spy.reads == Counter(range(spy.page_count))  # every page read once, the plan's look-ahead included
    assert ocr.plans == [[6]]  # asked once, at page 5: after it, page 7 (0-based 6) needs OCR
    assert ocr.read_pages == [4, 6]
    assert [p.number for p in pages if p.method == "ocr"] == [5, 7]
    # the pages the plan looked ahead through are read into the document's tables
    assembly = assemble(iter(pages), mixed.stem, mixed)
    pages_with_cells = {c.page for t in assembly.tables for c in t.cells}
    assert {5, 6, 7} <= pages_with_cells and assembly.unread == Unread()
