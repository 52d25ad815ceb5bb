"""`juesuan extract PATH... -o OUTDIR`: exit 0 when every document succeeded, 1 when some failed, 2 for bad usage."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .batch import Limits, run_batch
from .model import Document
from .extract.narrative import extract_facts, pages_from_text, reconcile, write_facts_csv
from .output import write_checks, write_outputs
from .pipeline import Options

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def collect_inputs(paths: list[str]) -> list[Path]:
    """Files as given (whatever their name), folders searched recursively for *.pdf."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        elif p.is_file():
            found.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    if not found:
        raise UsageError(f"no PDF files found in {', '.join(paths)}")
    return list(dict.fromkeys(found))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description="Chinese government final-account PDFs to code-keyed CSV and Parquet.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract every table cell of the given PDFs")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders (searched recursively)")
    ex.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    ex.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: number of cores)")
    ex.add_argument("--ocr", choices=["auto", "always", "never"], default="auto")
    ex.add_argument("--ocr-engine", choices=["rapidocr", "tesseract"], default="rapidocr")
    ex.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per document (default 600)")
    ex.add_argument("--max-memory", type=int, default=4096, help="MB of memory allowed per worker (default 4096)")
    ex.add_argument("--max-pages", type=int, default=2000, help="refuse documents with more pages (default 2000)")
    ex.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    fa = sub.add_parser("facts", help="extract narrative facts from a plain text file (e.g. a report's text layer)")
    fa.add_argument("path", type=Path, metavar="FILE.txt")
    fa.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return _facts(args) if args.command == "facts" else _extract(args)
    except UsageError as exc:
        print(f"juesuan: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _facts(args) -> int:
    """Facts and the narrative's own arithmetic from a text file: facts.csv and checks.csv."""
    if not args.path.is_file():
        raise UsageError(f"{args.path}: no such file")
    try:
        text = args.path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{args.path}: not UTF-8 text; convert it first (e.g. iconv -f GB18030 -t UTF-8)") from None
    doc = Document(str(args.path), args.path.stem)
    doc.facts = extract_facts(doc.doc_id, pages_from_text(text))
    doc.findings = [f for f in reconcile(doc.facts, {}) if f.severity != "ok"]
    args.output.mkdir(parents=True, exist_ok=True)
    write_facts_csv(doc.facts, args.output / "facts.csv")
    write_checks(args.output / "checks.csv", [doc])
    print(f"juesuan: {len(doc.facts)} facts, {len(doc.findings)} findings from {args.path}; output in {args.output}", file=sys.stderr)
    return EXIT_OK


def _extract(args) -> int:
    inputs = collect_inputs(args.paths)
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    options = Options(ocr=args.ocr, ocr_engine=args.ocr_engine, max_pages=args.max_pages)
    start = time.monotonic()

    def report(doc: Document, done: int, total: int) -> None:
        if args.quiet:
            return
        cells = sum(len(t.cells) for t in doc.tables)
        detail = doc.error if doc.status != "ok" else f"{len(doc.tables)} tables, {cells} cells, {len(doc.findings)} findings"
        where = "" if doc.status != "ok" else f"{doc.source_file}: "
        print(f"[{done}/{total}] {doc.status:7} {where}{detail}", file=sys.stderr)

    docs = run_batch(inputs, options, args.workers, Limits(args.timeout, args.max_memory), report)
    write_outputs(args.output, docs)
    failed = [d for d in docs if d.status == "failed"]
    pages = sum(d.pages for d in docs)
    elapsed = time.monotonic() - start
    print(f"juesuan: {len(docs) - len(failed)} of {len(docs)} documents extracted ({pages} pages, {elapsed:.1f} s); output in {args.output}", file=sys.stderr)
    for d in failed:
        print(f"juesuan: failed: {d.error}", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
