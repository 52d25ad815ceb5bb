#!/usr/bin/env python3
"""Real reports, without truth: how much of what they print ends in cells, and what juesuan says of them.

    python -m scripts.bench --section real [--real DIR]
    python -m scripts.bench_real [DIR]                 # the same table alone

Per report (every *.pdf of the folder, default ../shared/real), read by `juesuan.pipeline.extract_document`
with the text layer only:

* token recall: of the amounts printed on its table pages, the share that ended in cells. The printed
  amounts come from an oracle apart from the reader: pdfplumber's words of the page (x tolerance 1.5,
  y tolerance 2), each parsed with normalize.amounts.parse_amount, zeros, codes (3/5/7 digits starting
  2, 3 or 5), years (20xx), one- or two-digit integers (column numbers, 款/项 parts, page numbers) and
  bare integers in a column headed …代码 / …编码 (a unit's code under 部门（单位）代码) left out. A table
  page is one the reader calls table or table-continuation, or one where the oracle sees three or more
  lines of two amounts each, neither followed by a unit (a table the reader missed counts against it;
  prose quoting figures says 万元 after each), except tables of text (绩效目标表, 绩效自评表 …: pages the
  reader keys budget_performance, or untitled pages printing 绩效), whose figures are targets and scores.
  Compared per page as multisets of printed strings; "extra" counts cell values the page does not print.
* tables under a standard key vs under a title slug; department, year and report kind; status;
  findings of severity error and warning by rule.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REAL = ROOT.parent / "shared" / "real"
_NOT_AN_AMOUNT = re.compile(r"[235]\d{2}(?:\d{2}){0,2}|20\d\d|\d{1,2}")
_ANY_DIGIT = re.compile(r"\d")
_ONLY_NUMBER = re.compile(r"^[\d,.\-]+$")
_UNIT_AFTER = re.compile(r"[万亿千]?元")


def _is_amount(text: str, shape: re.Pattern) -> bool:
    """A word of this shape printing a non-zero amount (codes, years and one- or two-digit integers are not)."""
    from juesuan.normalize.amounts import AmountError, parse_amount

    if _NOT_AN_AMOUNT.fullmatch(text) or not shape.search(text):
        return False
    try:
        return bool(parse_amount(text))
    except AmountError:
        return False


def _words(page) -> list[dict]:
    return page.extract_words(x_tolerance=1.5, y_tolerance=2)


_CODE_HEADING = re.compile(r"代码|编码")  # 部门（单位）代码 (Changchun's 收入总表), 单位编码 …
_BARE_INTEGER = re.compile(r"\d+")


def _under_a_code_heading(word: dict, words: list[dict]) -> bool:
    """A bare integer in a column headed …代码 / …编码 (a unit's code, "105001" under 部门（单位）代码, printed one
    or two characters a line): an identifier, as a 科目编码 is, not an amount. The heading is the words above it
    that share its column."""
    if not _BARE_INTEGER.fullmatch(word["text"]):
        return False
    above = sorted((w for w in words if w["bottom"] <= word["top"] and w["x0"] < word["x1"] and w["x1"] > word["x0"]),
                   key=lambda w: w["top"])
    return bool(_CODE_HEADING.search("".join(w["text"] for w in above)))


def printed_amounts(page) -> list[str]:
    """Every word of a pdfplumber page that prints a non-zero amount (see the module docstring)."""
    words = _words(page)
    return [w["text"] for w in words if _is_amount(w["text"], _ANY_DIGIT) and not _under_a_code_heading(w, words)]


def cell_words(value: str) -> list[str]:
    """The printed words a cell's value stands for: an amount wrapped inside its cell ("1682.7" over "6", kept as
    "1682.7\\n6") is the words of its lines, as the page prints them, less those that are no amount alone."""
    if "\n" not in value:
        return [value]
    return [line for line in value.split("\n") if _is_amount(line, _ANY_DIGIT)]


def _table_like(page) -> bool:
    """Three or more lines of two or more printed amounts each, none followed by its unit: a table, whatever
    the reader says. Prose quoting several figures on a line ("支出 13733.8 万元，占 94.24%") names the unit
    after each, so a narrative page is no table page."""
    lines: dict[int, list[dict]] = {}
    for w in _words(page):
        lines.setdefault(round(w["top"] / 3), []).append(w)
    tabular = 0
    for words in lines.values():
        texts = [w["text"] for w in sorted(words, key=lambda w: w["x0"])]
        amounts = [i for i, t in enumerate(texts) if _is_amount(t, _ONLY_NUMBER)]
        prose = any(i + 1 < len(texts) and _UNIT_AFTER.match(texts[i + 1]) for i in amounts)
        tabular += len(amounts) >= 2 and not prose
    return tabular >= 3


@dataclass
class RealReport:
    """One report's figures (a row of the section's table)."""

    name: str
    pages: int
    table_pages: int
    printed: int
    read: int  # printed amounts found among the page's cells
    extra: int  # cell values the page does not print
    standard_tables: int
    slug_tables: int
    department: str
    year: str
    report: str
    status: str
    findings: dict[str, int] = field(default_factory=dict)  # rule → count (errors and warnings)
    missed: dict[int, list[str]] = field(default_factory=dict)  # page → amounts printed and not in cells

    @property
    def recall(self) -> float | None:
        return self.read / self.printed if self.printed else None


def measure(path: Path) -> RealReport:
    import pdfplumber

    from juesuan import spec
    from juesuan.pipeline import Options, extract_document

    doc = extract_document(path, Options(ocr="never"))
    kinds = {int(k.split(":")[0]): k.split(":")[1] for k in doc.page_kinds}
    # tables of text (绩效目标表, 绩效自评表): their figures are targets and scores, not amounts
    text_pages = {
        n
        for t in doc.tables
        if re.sub(r"_\d+$", "", t.table_key) in {s.key for s in spec.specs() if s.text_only}
        for n in t.pages
    }
    values: dict[int, Counter] = {}
    for table in doc.tables:
        for c in table.cells:
            values.setdefault(c.page, Counter()).update(cell_words(c.value))
    standard = set(spec.table_keys())
    keys = [re.sub(r"_\d+$", "", t.table_key) for t in doc.tables]
    report = RealReport(path.name, doc.pages, 0, 0, 0, 0, sum(k in standard for k in keys),
                        sum(k not in standard for k in keys), doc.department, str(doc.year or ""), doc.report,
                        doc.status)
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            tabled = kinds.get(number) in ("table", "table-continuation")
            if not tabled and "绩效" in (page.extract_text() or ""):
                text_pages.add(number)
            if number in text_pages or not tabled and not _table_like(page):
                continue
            printed = Counter(printed_amounts(page))
            read = values.get(number, Counter())
            report.table_pages += 1
            report.printed += sum(printed.values())
            report.read += sum((printed & read).values())
            report.extra += sum((read - printed).values())
            if printed - read:
                report.missed[number] = sorted((printed - read).elements())
    report.findings = dict(Counter(f.rule_id or f.rule for f in doc.findings if f.severity in ("error", "warning")))
    return report


def section_real(args) -> dict:
    """Every report of args.real (default ../shared/real): token recall, keys, document facts, findings."""
    folder = Path(args.real if getattr(args, "real", "none") not in (None, "none") else DEFAULT_REAL)
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {folder}")
    reports = [measure(p) for p in pdfs]
    return {"name": "real", "rows": [_row(r) for r in reports], "markdown": markdown(folder, reports)}


def _row(r: RealReport) -> dict:
    return {"report": r.name, "pages": r.pages, "table_pages": r.table_pages, "printed": r.printed, "read": r.read,
            "recall": r.recall, "extra": r.extra, "standard_tables": r.standard_tables, "slug_tables": r.slug_tables,
            "department": r.department, "year": r.year, "kind": r.report, "status": r.status, "findings": r.findings,
            "missed": {str(k): v for k, v in r.missed.items()}}


def markdown(folder: Path, reports: list[RealReport]) -> str:
    printed = sum(r.printed for r in reports)
    read = sum(r.read for r in reports)
    lines = [f"### real: {len(reports)} published reports ({folder.name}/), text layer, no truth", "",
             "| report | pages | table pages | printed | in cells | token recall | extra | standard / slug tables "
             "| department | year | kind | status | errors and warnings by rule |",
             "| --- |" + " ---: |" * 6 + " --- |" * 6]
    for r in reports:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(r.findings.items(), key=lambda kv: (-kv[1], kv[0])))
        recall = f"{r.recall:.3f}" if r.recall is not None else "—"
        lines.append(f"| {r.name} | {r.pages} | {r.table_pages} | {r.printed} | {r.read} | {recall} | {r.extra} "
                     f"| {r.standard_tables} / {r.slug_tables} | {r.department or '—'} | {r.year or '—'} | {r.report} "
                     f"| {r.status} | {rules or '—'} |")
    total = f"{read / printed:.3f}" if printed else "—"
    lines += ["", f"Overall token recall {total} ({read} of {printed} printed amounts in cells). Token recall: the "
              "amounts printed on a report's table pages (read by pdfplumber apart from the reader; zeros, codes, "
              "years and one- or two-digit integers left out) that ended in cells.csv on the same page, as printed; "
              "extra: cell values the page does not print. See scripts/bench_real.py."]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    class Args:
        real = argv[0] if argv else str(DEFAULT_REAL)
    result = section_real(Args)
    print(result["markdown"])
    if "-v" in argv[1:]:
        for row in result["rows"]:
            for page, missed in row["missed"].items():
                print(row["report"], page, missed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
