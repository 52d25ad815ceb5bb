"""A standard name for every coded cell, and the findings that compare a report's codes with the catalogues.

Runs once the document's year is known. Each coded cell gets `standard_name` and `name_source` from
normalize.codes.CodeBook.name_for. A document that an observed catalogue was learnt from leaves its own
evidence out of it, so "other documents" below means other documents. Findings (checks.csv):
- name_differs (info): a printed name differs from the consensus of at least 3 other documents of its year;
- code_unseen (info): no edition knows the code (dated, legacy, or observed in other reports);
- hierarchy_gap (warning): a 款 printed without its 类, or a 项 without its 款, in a table printing 类 rows;
- classification_mismatch (warning): the code's form (2xx function, 3xx 部门, 5xx 政府预算经济分类) is not
  its table's classification: it is named by its form, and no catalogue learns from it.
"""
from __future__ import annotations

from collections import defaultdict

from juesuan.errors import Severity
from juesuan.model import Document, Finding, Table
from juesuan.normalize.codes import FUNCTION_LEVELS, SUMMARY_TABLE, CodeBook, evidence, place, table_classification

AGREEING = 3
NAME_RULES = ("name_differs", "code_unseen", "hierarchy_gap", "classification_mismatch")


def own_evidence(doc: Document) -> dict[tuple[str, str], frozenset[str]]:
    """(classification, code) → the names this document prints, counted as `juesuan catalogue` counts them."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table in doc.tables:
        for c in table.cells:
            found = evidence(c.table_key, c.code, c.row_label)
            if found:
                out[(found[0], c.code)].add(found[1])
    return {k: frozenset(v) for k, v in out.items()}


def name_cells(doc: Document, book: CodeBook) -> list[Finding]:
    """Set standard_name and name_source on every coded cell; return the name findings."""
    own = own_evidence(doc)
    for table in doc.tables:
        for c in table.cells:
            if c.code:
                cls = place(c.table_key, c.code).classification
                naming = book.name_for(
                    cls, c.code, doc.year, c.row_label, doc.doc_id, own.get((cls, c.code), frozenset())
                )
                c.standard_name, c.name_source = naming.standard_name, naming.name_source
    checker = _Checker(doc, book, own)
    for table in doc.tables:
        checker.table(table)
    return checker.findings


class _Checker:
    def __init__(self, doc: Document, book: CodeBook, own: dict[tuple[str, str], frozenset[str]]):
        self.doc, self.book, self.own = doc, book, own
        self.findings: list[Finding] = []
        self.unseen_done: set[tuple[str, str]] = set()

    def add(self, table: Table, row: dict, rule: str, severity: Severity, message: str) -> None:
        where = f"{self.doc.source_file}: page {row['page']}: table {table.table_key}, row {row['code']}"
        self.findings.append(Finding.new(self.doc.doc_id, rule, severity, f"{where}: {message}",
                                         table=table.table_key, row=row["code"], page=row["page"]))

    def table(self, table: Table) -> None:
        rows = {}
        for row in table.rows:
            if row.get("code"):
                rows.setdefault((row["side"], row["code"], row["row_label"]), row)
        mismatched: set[str] = set()
        for (_, code, label), row in rows.items():
            placed = place(table.table_key, code)
            if placed.mismatch and code not in mismatched:
                mismatched.add(code)
                form = f"{placed.classification} (named so)" if placed.classification else \
                    "of no classification (2xx function, 3xx 部门, 5xx 政府预算经济分类; named as printed)"
                self.add(table, row, "classification_mismatch", Severity.WARNING,
                         f"the code is {form} by its form, but the table "
                         f"is {table_classification(table.table_key)}; left out of catalogues")
            if placed.classification and not SUMMARY_TABLE.search(table.table_key):
                self.unseen(table, row, placed.classification)
            self.differs(table, row, label)
        self.gaps(table, rows)

    def unseen(self, table: Table, row: dict, cls: str) -> None:
        key = (cls, row["code"])
        if key in self.unseen_done:
            return
        self.unseen_done.add(key)
        if not self.book.known(cls, row["code"], self.doc.doc_id, self.own.get(key, frozenset())):
            self.add(table, row, "code_unseen", Severity.INFO,
                     f"no {cls} edition knows this code, neither a shipped one nor a "
                     "catalogue learnt from other reports (a new code, or a misprint)")

    def differs(self, table: Table, row: dict, label: str) -> None:
        found = evidence(table.table_key, row["code"], label)
        if found is None:
            return
        cls, printed = found
        entry = self.book.observed(
            cls,
            row["code"],
            self.doc.year,
            self.doc.doc_id,
            self.own.get((cls, row["code"]), frozenset()),
            same_year=True,
        )
        agreeing = dict(entry.variants).get(entry.name, 0) if entry else 0
        if entry and printed != entry.name and agreeing >= AGREEING:
            self.add(table, row, "name_differs", Severity.INFO,
                     f"prints {printed!r} where {agreeing} other documents of {self.doc.year} print {entry.name!r}")

    def gaps(self, table: Table, rows: dict) -> None:
        """Only tables that print the levels, i.e. some 类 row, on that side."""
        for side in {s for s, _, _ in rows}:
            codes = {c for s, c, _ in rows if s == side}
            if not any(len(c) == 3 for c in codes):
                continue
            first = {}
            for (s, code, _), row in rows.items():
                if s == side:
                    first.setdefault(code, row)
            missing: dict[str, tuple[str, dict]] = {}
            for code, row in first.items():
                if len(code) in (5, 7) and code[:-2] not in codes:
                    missing.setdefault(code[:-2], (code, row))
            for parent, (code, row) in missing.items():  # the finding names the absent row: it may be one not read
                self.add(table, {**row, "code": parent}, "hierarchy_gap", Severity.WARNING,
                         f"{FUNCTION_LEVELS[len(code)]} {code} printed without its "
                         f"{FUNCTION_LEVELS[len(code) - 2]} {parent} (not printed, or not read)")
