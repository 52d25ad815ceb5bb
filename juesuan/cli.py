"""`juesuan extract PATH... -o OUTDIR`: exit 0 when every document succeeded, 1 when some failed, 2 for bad usage."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .batch import Limits, run_batch
from .cache import ResultCache
from .dataset import write_dataset_from_docs
from .progress import Progress
from .model import Document
from .extract.narrative import extract_facts, pages_from_text, reconcile, write_facts_csv
from .output import write_checks, write_outputs
from .pipeline import Options, content_hash

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
    ex.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR", help="where cells.csv/.parquet, tables/, documents.csv, checks.csv and facts.csv go")
    ex.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: number of cores)")
    ex.add_argument("--ocr", choices=["auto", "always", "never"], default="auto", help="OCR image pages (auto, default), every page, or none")
    ex.add_argument("--ocr-engine", choices=["rapidocr", "tesseract"], default="rapidocr", help="RapidOCR PP-OCR (default) or tesseract chi_sim")
    ex.add_argument("--reader", choices=["pdfium", "pdfplumber"], default="pdfium", help="text-layer reader: pdfium (native, default) or pdfplumber (pure Python)")
    ex.add_argument("--dpi", type=int, default=200, help="resolution at which image pages are rendered for OCR (default 200)")
    ex.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per document (default 600)")
    ex.add_argument("--max-memory", type=int, default=4096, help="MB of memory allowed per worker (default 4096)")
    ex.add_argument("--max-pages", type=int, default=2000, help="refuse documents with more pages (default 2000)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, only the summary")
    ex.add_argument("--force", action="store_true", help="redo documents already extracted into OUTDIR (default: reuse them)")
    ex.add_argument("--engine", choices=["local", "ray"], default="local", help="run documents in local worker processes (default) or on Ray")
    ex.add_argument("--dataset", type=Path, metavar="DIR", help="also add (or replace) these documents in a Hive-partitioned Parquet dataset")
    fa = sub.add_parser("facts", help="extract narrative facts from a plain text file (e.g. a report's text layer)")
    fa.add_argument("path", type=Path, metavar="FILE.txt")
    fa.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    _add_data_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        if hasattr(args, "run"):  # dataset / diff / review
            return args.run(args)
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
    if not 72 <= args.dpi <= 600:
        raise UsageError("--dpi must be between 72 and 600")
    options = Options(ocr=args.ocr, ocr_engine=args.ocr_engine, dpi=args.dpi, max_pages=args.max_pages, reader=args.reader)
    start = time.monotonic()
    cache = ResultCache(args.output, options)
    digests = {p: content_hash(p) for p in inputs}
    results: dict[Path, Document] = {}
    if not args.force:
        for p in inputs:
            doc = cache.load(digests[p], p)
            if doc is not None:
                results[p] = doc
    todo = [p for p in inputs if p not in results]
    progress = Progress(len(inputs), cached=len(results), enabled=False if args.quiet else None)

    def finished(doc: Document, done: int, total: int) -> None:
        path = Path(doc.source_file)
        cache.store(digests[path], doc)
        progress.update(doc)

    try:
        for doc in run_batch(todo, options, args.workers, Limits(args.timeout, args.max_memory), finished, engine=args.engine):
            results[Path(doc.source_file)] = doc
    finally:
        progress.close()
    docs = [results[p] for p in inputs]
    write_outputs(args.output, docs)
    if args.dataset:
        write_dataset_from_docs(args.dataset, docs)
    failed = [d for d in docs if d.status == "failed"]
    pages = sum(d.pages for d in docs)
    elapsed = time.monotonic() - start
    reused = f", {len(inputs) - len(todo)} reused from an earlier run" if len(todo) < len(inputs) else ""
    print(f"juesuan: {len(docs) - len(failed)} of {len(docs)} documents extracted ({pages} pages, {elapsed:.1f} s{reused}); output in {args.output}", file=sys.stderr)
    for d in failed:
        print(f"juesuan: failed: {d.error}", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


# --- dataset / diff / review (juesuan/dataset.py, diff.py, review.py) ---
def _add_data_commands(sub) -> None:
    ds = sub.add_parser("dataset", help="add an output directory's cells to a Hive-partitioned Parquet dataset")
    ds.add_argument("outdir", type=Path, metavar="OUTDIR")
    ds.add_argument("--to", required=True, type=Path, metavar="DIR", help="dataset folder (year=YYYY/doc-<doc_id>.parquet)")
    ds.set_defaults(run=_dataset)
    di = sub.add_parser("diff", help="compare two runs cell by cell (exit 0 identical, 1 different)")
    di.add_argument("old", type=Path, metavar="OLD", help="output directory, cells.csv/.parquet or dataset folder")
    di.add_argument("new", type=Path, metavar="NEW")
    di.add_argument("--csv", type=Path, metavar="FILE", help="full list (default ./diff_OLD_vs_NEW.csv)")
    di.add_argument("--by-year", action="store_true", help="same department, NEW's year against OLD's previous year")
    di.add_argument("--doc", action="append", default=[], metavar="TEXT", help="only documents whose doc_id or file name contains TEXT")
    di.set_defaults(run=_diff)
    rv = sub.add_parser("review", help="an HTML page per document: tables beside the page images, findings highlighted")
    rv.add_argument("outdir", type=Path, metavar="OUTDIR")
    rv.add_argument("--pdf-root", type=Path, metavar="DIR", help="where to find the source PDFs if they moved")
    rv.add_argument("--diff", type=Path, metavar="FILE", help="a juesuan diff CSV: highlight its cells")
    rv.add_argument("-o", "--output", type=Path, metavar="HTMLDIR", help="default OUTDIR/review")
    rv.set_defaults(run=_review)


def _dataset(args) -> int:
    from .dataset import read_cells, write_dataset
    if not (args.outdir / "cells.parquet").is_file():
        raise UsageError(f"{args.outdir}: no cells.parquet")
    written = write_dataset(args.to, read_cells(args.outdir / "cells.parquet"))
    print(f"juesuan: {len(written)} documents ({sum(written.values())} cells) written to {args.to}", file=sys.stderr)
    return EXIT_OK


def _diff(args) -> int:
    from . import diff
    try:
        return diff.run(args.old, args.new, args.csv, args.by_year, args.doc)
    except diff.DiffInputError as exc:
        raise UsageError(str(exc)) from None


def _review(args) -> int:
    from .diff import DiffInputError
    from .review import write_review
    if args.diff is not None and not args.diff.is_file():
        raise UsageError(f"{args.diff}: no such file")
    try:
        pages = write_review(args.outdir, args.output, args.pdf_root, args.diff)
    except DiffInputError as exc:
        raise UsageError(str(exc)) from None
    print(f"juesuan: {len(pages)} pages written to {pages[0].parent if pages else args.output}", file=sys.stderr)
    return EXIT_OK
# --- end dataset / diff / review ---


if __name__ == "__main__":
    sys.exit(main())
