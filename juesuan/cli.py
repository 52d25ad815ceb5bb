"""The `juesuan` command line: one `add_*` function per subcommand (its arguments, description,
example and exit codes) and one `run_*` function doing it.

To add a subcommand, write both and list the `add_*` in SUBCOMMANDS. Heavy modules (pdfplumber,
pandas, pyarrow, OCR) are imported inside the `run_*` functions, so `juesuan --help` is instant.
Every failure ends in one line on stderr and an exit code of errors.ExitCode.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import textwrap
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from juesuan.errors import (
    ExitCode,
    Failure,
    JuesuanError,
    Severity,
    Status,
    UsageError,
    describe,
    one_line,
    resource_error,
)
from juesuan.extract.ocr import ENGINES
from juesuan.extract.readers import READERS

LOG_LEVELS = ["debug", "info", "warning", "error"]
ALWAYS = {ExitCode.usage: "bad usage: an unknown option, a missing file, an unusable output folder",
          ExitCode.internal: "juesuan itself failed (a bug); the traceback is in the log named",
          ExitCode.interrupted: "interrupted (Ctrl-C); what finished is kept",
          ExitCode.terminated: "stopped by SIGTERM (kill, a service manager, a CI time-out); what finished is kept"}


def _command(sub, name: str, summary: str, description: str, example: str,
             exits: dict[ExitCode, str]) -> argparse.ArgumentParser:
    """A subcommand whose help ends with an example and its exit codes."""
    codes = {ExitCode.ok: exits.pop(ExitCode.ok, "success"), **exits, **ALWAYS}
    epilog = f"example:\n  {example}\n\nexit codes:\n" + "\n".join(
        f"  {int(c):>3}  {text}" for c, text in codes.items()
    )
    return sub.add_parser(name, help=summary, description=textwrap.fill(description, 100), epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


class _Version(argparse.Action):
    """--version, looked up only when asked (importlib.metadata is not free)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version
        try:
            v = version("juesuan")
        except PackageNotFoundError:
            v = "dev"
        print(f"juesuan {v}")
        parser.exit()


# --- extract ---------------------------------------------------------------------------------

def add_extract(sub) -> None:
    ex = _command(sub, "extract", "extract every table cell of the given PDFs",
                  "Read final-account (决算) and budget (预算) PDFs into code-keyed cells: cells.csv/.parquet, "
                  "tables/, documents.csv (one row per input, with its status), checks.csv, facts.csv and the workbook "
                  "report.xlsx in OUTDIR; juesuan replaces only files it wrote there. "
                  "Each document runs in a worker bounded in time and memory; results are cached in OUTDIR/.cache, "
                  "so a rerun only does new work. Library warnings go to OUTDIR/juesuan.log.",
                  "juesuan extract reports/2023/ -o out/ --workers 4",
                  {ExitCode.ok: "every document extracted",
                   ExitCode.documents_failed: "some documents failed or are partial (all others are written)"})
    ex.add_argument(
        "paths", nargs="+", metavar="PATH", help="PDF files or folders (searched recursively for *.pdf, any case)"
    )
    ex.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUTDIR",
        help="where cells.csv/.parquet, tables/, documents.csv, checks.csv and facts.csv go",
    )
    ex.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: number of cores)"
    )
    ex.add_argument(
        "--ocr",
        choices=["auto", "always", "never"],
        default="auto",
        help="OCR image pages (auto, default), every page, or none",
    )
    ex.add_argument(
        "--ocr-engine", choices=list(ENGINES), default="rapidocr", help="RapidOCR PP-OCR (default) or tesseract chi_sim"
    )
    ex.add_argument(
        "--ocr-page-detection",
        dest="ocr_cells",
        action="store_false",
        help="read ruled image tables by page-wide text detection too, not cell by cell (about twice the CPU)",
    )
    ex.add_argument(
        "--ocr-cells", dest="ocr_cells", action="store_true", help=argparse.SUPPRESS
    )  # the default since 2026-12-02
    ex.add_argument(
        "--reader",
        choices=list(READERS),
        default="pdfium",
        help="text-layer reader: pdfium (native, default) or pdfplumber (pure Python)",
    )
    ex.add_argument(
        "--dpi", type=int, default=200, help="resolution at which image pages are rendered for OCR (default 200)"
    )
    ex.add_argument(
        "--timeout", type=float, default=600.0, help="seconds allowed per document (default 600, at least 1)"
    )
    ex.add_argument(
        "--max-memory",
        type=int,
        default=4096,
        help="MB of address space per worker (default 4096, at least 256; OCR needs ~1500)",
    )
    ex.add_argument("--max-pages", type=int, default=2000, help="refuse documents with more pages (default 2000)")
    ex.add_argument(
        "-q", "--quiet", action="store_true", help="no progress on stderr, only the summary (--progress none)"
    )
    ex.add_argument(
        "--progress",
        choices=["auto", "bar", "plain", "none"],
        default="auto",
        help="on stderr: a live bar on a terminal and nothing elsewhere (auto, default), the bar, plain lines "
        "every 30 s (for cron and CI), or nothing; OUTDIR/juesuan.log gets the plain lines always",
    )
    ex.add_argument("--log-level", choices=LOG_LEVELS, default="info",
                    help="what OUTDIR/juesuan.log keeps of juesuan's own records (default info: progress lines and "
                         "each document's status; library warnings are kept at any level)")
    ex.add_argument("-v", "--verbose", dest="log_level", action="store_const", const="debug",
                    help="--log-level debug: also each document as a worker starts and ends it")
    ex.add_argument("--json", action="store_true", help="also print the run's summary (run.json) as JSON on stdout")
    ex.add_argument(
        "--force", action="store_true", help="redo documents already extracted into OUTDIR (default: reuse them)"
    )
    ex.add_argument("--runner", choices=["local", "ray"], default="local",
                    help="run documents in local worker processes (default) or on Ray")
    ex.add_argument("--engine", dest="runner", choices=["local", "ray"], default=argparse.SUPPRESS,
                    help=argparse.SUPPRESS)  # its old name, kept working
    ex.add_argument(
        "--dataset",
        type=Path,
        metavar="DIR",
        help="also add (or replace) these documents in a Hive-partitioned Parquet dataset",
    )
    ex.add_argument("--csv-bom", action="store_true",
                    help="begin every CSV with a UTF-8 byte-order mark, for Excel on Windows (default: plain UTF-8, "
                         "as pandas, DuckDB and scripts expect; report.xlsx needs neither)")
    ex.add_argument("--no-xlsx", dest="xlsx", action="store_false", help="do not write OUTDIR/report.xlsx")
    ex.add_argument("--keep-versions", action="store_true", help="with --dataset: keep older versions of a report "
                    "(the same file name, department and year) beside the new one instead of replacing them")
    ex.add_argument(
        "--catalogue",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="also name codes from this `juesuan catalogue` file (repeatable; a later one wins)",
    )
    ex.set_defaults(run=run_extract)


def _check_extract_args(args) -> None:
    from juesuan.jobs import MIN_MEMORY_MB, MIN_SECONDS

    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give at least 1")
    if not 72 <= args.dpi <= 600:
        raise UsageError(f"--dpi {args.dpi}: give a resolution between 72 and 600")
    if not args.timeout >= MIN_SECONDS:  # also refuses nan
        raise UsageError(f"--timeout {args.timeout:g} s is too short to mean anything; give at least {MIN_SECONDS:g} s")
    if args.max_memory < MIN_MEMORY_MB:
        raise UsageError(
            f"--max-memory {args.max_memory} MB is too small for a worker to start; give at least {MIN_MEMORY_MB} MB"
        )
    if args.max_pages < 1:
        raise UsageError(f"--max-pages {args.max_pages}: give at least 1")


def run_extract(args) -> int:
    from juesuan.inputs import collect_inputs
    from juesuan.outdir import OutputFolder

    _check_extract_args(args)
    options = _options(args)
    _check_dependencies(options)
    inputs = collect_inputs(args.paths)
    with OutputFolder(args.output, args.log_level) as out:
        try:
            return _extract(args, options, inputs, out)
        except OSError as exc:  # a full disk or a refused write is the folder's, not a bug
            folders = {"OUTDIR": out.path, **({"the dataset folder": args.dataset} if args.dataset else {})}
            error = resource_error(exc, folders)
            if error is None:
                raise
            raise error from None


def _options(args):
    from juesuan.options import Options

    return Options(ocr=args.ocr, ocr_engine=args.ocr_engine, dpi=args.dpi, max_pages=args.max_pages,
                   catalogues=check_catalogues(args.catalogue), reader=args.reader, ocr_cells=args.ocr_cells)


def _check_dependencies(options) -> None:
    """Before any work: an OCR engine the options choose outright (--ocr-engine tesseract, --ocr always)
    missing is a usage error; the default engine missing is a warning (only documents that turn out to
    need OCR need it: they come out partial, and are not cached)."""
    from juesuan.deps import ocr_engine

    if options.ocr == "never":
        return
    engine = ocr_engine(options.ocr_engine)
    if engine.present:
        return
    if options.ocr_engine == "tesseract":
        raise UsageError(engine.message("--ocr-engine tesseract"))
    if options.ocr == "always":
        raise UsageError(engine.message("--ocr always"))
    _say(f"{engine.message('reading image pages (OCR)')}; without it, documents that need OCR come out partial "
         "(--ocr never: do not try)")


def _extract(args, options, inputs, out) -> int:
    import json

    from juesuan.batch import run_batch
    from juesuan.cache import VERSION, ResultCache
    from juesuan.jobs import Job, Limits
    from juesuan.output import RunOutputs
    from juesuan.progress import Progress
    from juesuan.summary import run_summary

    start = time.monotonic()
    cache = ResultCache(out.path, options)
    if cache.off:
        _say(f"warning: results are not cached in this run: {cache.off}")
    shown = "none" if args.quiet else args.progress
    progress = Progress(len(inputs), enabled={"auto": None, "bar": True}.get(shown, False),
                        plain=sys.stderr if shown == "plain" else None)
    jobs = {item.path: _job(item.path, args.timeout) for item in inputs if not (item.problem or item.same_as)}
    doc_ids = _unique_doc_ids(inputs, jobs)
    done = {}  # path → DocumentSummary; the Documents themselves are written out and dropped

    def named(doc):
        return doc.moved_to(doc.source_file, doc_ids[Path(doc.source_file)])

    def finish(doc) -> None:
        done[Path(doc.source_file)] = outputs.add(named(doc))

    def prepare(doc):  # in the worker that extracted it: the main process only appends the bytes
        cache.store(jobs[Path(doc.source_file)].digest, doc)
        return outputs.prepare(named(doc))

    with RunOutputs(out.path, dataset=args.dataset, keep_versions=args.keep_versions, bom=args.csv_bom,
                    workbook=args.xlsx) as outputs:
        try:
            todo = []
            for path, job in jobs.items():
                if not isinstance(job, Job):  # even hashing it failed
                    finish(job)
                    continue
                doc = None if args.force else cache.load(job.digest, path)
                if doc is None:
                    todo.append(job)
                else:
                    progress.reuse(doc)
                    finish(doc)
            for prepared in run_batch(todo, options, args.workers, Limits(args.timeout, args.max_memory),
                                      progress.page, args.runner, out.log_file, prepare):
                summary = done[Path(prepared.summary.source_file)] = outputs.add(prepared)
                progress.update(summary)
        finally:
            progress.close()
        for item in inputs:
            if item.path not in done:
                finish(_unreadable(item.path, item.problem) if item.problem else _duplicate(item, done[item.same_as]))
        results = [done[item.path] for item in inputs]
        committed = outputs.write(results)
    summary = {**run_summary(results, progress.reused, time.monotonic() - start, _options_record(args), VERSION),
               **_commit_record(committed)}
    info = out.record_run(args.argv, summary)
    _summary(results, summary, out.path)
    _say_committed(committed, out.path)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    if any(d.failure == Failure.INTERNAL for d in results):
        return ExitCode.internal
    return (
        ExitCode.documents_failed if any(d.status in (Status.FAILED, Status.PARTIAL) for d in results) else ExitCode.ok
    )


def _options_record(args) -> dict:
    """The extract options as run.json records them (paths as text)."""
    skip = {"run", "argv", "paths", "command", "version"}
    return {k: (str(v) if isinstance(v, Path) else [str(x) for x in v] if isinstance(v, list) else v)
            for k, v in sorted(vars(args).items()) if k not in skip}


def _commit_record(committed) -> dict:
    """run.json's account of what the run did to earlier outputs."""
    return {"dropped_documents": committed.dropped, "kept_aside": committed.kept_aside,
            "review_removed": committed.review_removed, "workbook_left_out": committed.workbook_left_out}


def _say_committed(committed, outdir: Path, shown: int = 5) -> None:
    """One line each: earlier documents no longer in the outputs, the user's files renamed aside, review/ removed."""
    if committed.dropped:
        dropped = committed.dropped
        names = ", ".join(dropped[:shown]) + (f" and {len(dropped) - shown} more" if len(dropped) > shown else "")
        _say(f"{len(dropped)} documents of the earlier run in {outdir} are not among these inputs and were dropped "
             f"from its outputs: {names} (their results stay in the cache: name them again to bring them back; "
             "run.json lists them)")
    if committed.kept_aside:
        _say(f"your files where juesuan now writes were renamed, not overwritten: {', '.join(committed.kept_aside)}")
    if committed.workbook_left_out:
        _say(committed.workbook_left_out)
    if committed.review_removed:
        _say(f"{outdir / 'review'} showed the earlier outputs and was removed: run `juesuan review {outdir}` again")


def _job(path: Path, seconds: float | None = None):
    """The Job for a readable file, or its failed Document when even hashing it fails or takes longer than a
    document may (`seconds`, --timeout)."""
    from juesuan.jobs import Job
    from juesuan.options import HashTimeout, content_hash

    try:
        return Job(str(path), content_hash(path, seconds))
    except OSError as exc:
        return _unreadable(path, f"cannot read the file: {exc.strerror}")
    except HashTimeout as exc:
        return _unreadable(path, f"{exc}; not read ({_size(path)})", Failure.TIMEOUT)


def _size(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 1e9:.1f} GB"
    except OSError:
        return "size unknown"


def _unreadable(path: Path, problem: str, failure: Failure = Failure.INPUT):
    from juesuan.model import Document
    from juesuan.options import doc_id_for

    shown = str(path) if len(str(path)) <= 120 else f"…{str(path)[-80:]}"  # the problem must fit the one line
    return Document(str(path), doc_id_for(path, _path_digest(path)), status=Status.FAILED, failure=failure,
                    error=one_line(f"{shown}: {problem}"))


def _path_digest(path: Path) -> str:
    """What stands in for the content hash of a file that cannot be read: its path's."""
    import hashlib

    return hashlib.sha256(os.fsencode(path)).hexdigest()


def _duplicate(item, first):
    from juesuan.model import Document

    return Document(str(item.path), "", pages=first.pages, status=Status.DUPLICATE,
                    error=one_line(f"{item.path}: the same file as {item.same_as}; extracted once, as {first.doc_id}"))


def _unique_doc_ids(inputs, jobs) -> dict[Path, str]:
    """Every input's doc_id, known before the batch so each document is written out once, as it
    arrives: the file name's stem and content hash, and the second input with the same name and
    content (in two folders) is <doc_id>-2."""
    from juesuan.options import doc_id_for

    def digest(path: Path) -> str:  # a duplicate path is named by its file's content, an unreadable one by its path
        return getattr(jobs.get(path), "digest", None) or _path_digest(path)

    ids, seen = {}, {}
    for item in inputs:
        base = doc_id_for(item.path, digest(item.same_as or item.path))
        n = seen[base] = seen.get(base, 0) + 1
        ids[item.path] = base if n == 1 else f"{base}-{n}"
    return ids


def _summary(docs, summary: dict, outdir: Path, shown: int = 20) -> None:
    from juesuan.summary import summary_lines

    for line in summary_lines(summary, outdir):
        _say(line)
    problems = [d for d in docs if d.status in (Status.FAILED, Status.PARTIAL)]
    for d in problems[:shown]:
        _say(f"{d.status}: {d.error}")
    if len(problems) > shown:
        _say(f"… and {len(problems) - shown} more: see {outdir / 'documents.csv'}")
    internal = sum(d.failure == Failure.INTERNAL for d in docs)
    if internal:
        _say(f"internal error in {internal} documents: a bug in juesuan; tracebacks in {outdir / 'juesuan.log'}")


# --- facts -----------------------------------------------------------------------------------

def add_facts(sub) -> None:
    fa = _command(sub, "facts", "extract narrative facts from a plain text file (e.g. a report's text layer)",
                  "Read the figures a report's 情况说明 states (totals, changes, shares, 三公 …) from UTF-8 text "
                  "into facts.csv, and check them against themselves into checks.csv.",
                  "juesuan facts report.txt -o out/", {ExitCode.ok: "facts written"})
    fa.add_argument("path", type=Path, metavar="FILE.txt")
    fa.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    fa.set_defaults(run=run_facts)


def run_facts(args) -> int:
    """Facts and the narrative's own arithmetic from a text file: facts.csv and checks.csv."""
    from juesuan.extract.narrative import extract_facts, pages_from_text
    from juesuan.model import Document
    from juesuan.narrative_checks import reconcile
    from juesuan.outdir import check_writable
    from juesuan.output import write_checks, write_facts_csv

    if not args.path.is_file():
        raise UsageError(f"{args.path}: no such file")
    try:
        text = args.path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{args.path}: not UTF-8 text; convert it first (e.g. iconv -f GB18030 -t UTF-8)") from None
    check_writable(args.output)
    doc = Document(str(args.path), args.path.stem)
    doc.facts = extract_facts(doc.doc_id, pages_from_text(text))
    doc.findings = [f for f in reconcile(doc.facts, {}) if f.severity != Severity.OK]
    write_facts_csv(doc.facts, args.output / "facts.csv")
    write_checks(args.output / "checks.csv", [doc])
    _say(f"{len(doc.facts)} facts, {len(doc.findings)} findings from {args.path}; output in {args.output}")
    return ExitCode.ok


# --- dataset / diff / review (juesuan/dataset.py, diff.py, review.py) --------------------------

def add_dataset(sub) -> None:
    ds = _command(sub, "dataset", "add an output directory's cells to a Hive-partitioned Parquet dataset",
                  "Add (or replace) every document of OUTDIR/cells.parquet in DIR, one file per document "
                  "(year=YYYY/doc-<doc_id>.parquet), readable by DuckDB, pyarrow and Spark. A re-published report "
                  "(same file name, department and year, new content) replaces its older version; content already "
                  "there under another name is not added again; each such case is said in one line.",
                  "juesuan dataset out/ --to data/", {ExitCode.ok: "written"})
    ds.add_argument("outdir", type=Path, metavar="OUTDIR")
    ds.add_argument(
        "--to", required=True, type=Path, metavar="DIR", help="dataset folder (year=YYYY/doc-<doc_id>.parquet)"
    )
    ds.add_argument("--keep-versions", action="store_true", help="keep older versions of a report (the same file name, "
                    "department and year) beside the new one instead of replacing them")
    ds.set_defaults(run=run_dataset)


def run_dataset(args) -> int:
    from juesuan.dataset import read_cells, write_dataset
    from juesuan.outdir import check_writable

    if not (args.outdir / "cells.parquet").is_file():
        raise UsageError(f"{args.outdir}: no cells.parquet")
    check_writable(args.to)
    placed = write_dataset(args.to, read_cells(args.outdir / "cells.parquet"), args.keep_versions)
    for note in (n for p in placed for n in p.notes()):
        _say(note)
    written = [p for p in placed if p.rows is not None]
    _say(f"{len(written)} documents ({sum(p.rows for p in written)} cells) written to {args.to}")
    return ExitCode.ok


def add_diff(sub) -> None:
    di = _command(sub, "diff", "compare two runs cell by cell (exit 0 identical, 1 different)",
                  "Match the cells of OLD and NEW by document, table, side, code (or label) and column and compare "
                  "amount_yuan exactly; a summary on stdout, every difference in a CSV.",
                  "juesuan diff old_out/ out/ --csv changes.csv",
                  {ExitCode.ok: "identical", ExitCode.documents_failed: "different"})
    di.add_argument("old", type=Path, metavar="OLD", help="output directory, cells.csv/.parquet or dataset folder")
    di.add_argument("new", type=Path, metavar="NEW")
    di.add_argument("--csv", type=Path, metavar="FILE", help="full list (default ./diff_OLD_vs_NEW.csv)")
    di.add_argument("--by-year", action="store_true", help="same department, NEW's year against OLD's previous year")
    di.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="TEXT",
        help="only documents whose doc_id or file name contains TEXT",
    )
    di.set_defaults(run=run_diff)


def run_diff(args) -> int:
    from juesuan import diff

    return diff.run(args.old, args.new, args.csv, args.by_year, args.doc)  # DiffInputError is a UsageError


def add_review(sub) -> None:
    rv = _command(sub, "review", "an HTML page per document: tables beside the page images, findings highlighted",
                  "Write OUTDIR/review/<doc_id>.html for each document of a run: its tables as extracted beside the "
                  "rendered pages, findings, low OCR confidence and diff cells highlighted, and index.html listing "
                  "every document with its status.",
                  "juesuan review out/ --diff changes.csv", {ExitCode.ok: "pages written"})
    rv.add_argument("outdir", type=Path, metavar="OUTDIR")
    rv.add_argument("--pdf-root", type=Path, metavar="DIR", help="where to find the source PDFs if they moved")
    rv.add_argument("--diff", type=Path, metavar="FILE", help="a juesuan diff CSV: highlight its cells")
    rv.add_argument("-o", "--output", type=Path, metavar="HTMLDIR", help="default OUTDIR/review")
    rv.set_defaults(run=run_review)


def run_review(args) -> int:
    from juesuan.review import write_review

    if args.diff is not None and not args.diff.is_file():
        raise UsageError(f"{args.diff}: no such file")
    from juesuan.deps import cjk_fonts

    fonts = cjk_fonts()
    if not fonts.present:  # before any work; the pages are still written, their images may lack text
        _say(f"{fonts.message('rendering the pages')}; pages whose Chinese font is not embedded show no text")
    pages = write_review(args.outdir, args.output, args.pdf_root, args.diff, warn=_say)  # DiffInputError: usage
    _say(f"{len(pages)} pages written to {pages[0].parent if pages else args.output}")
    return ExitCode.ok


# --- catalogue (juesuan/catalogue.py) -----------------------------------------------------------

def add_catalogue(sub) -> None:
    ca = _command(sub, "catalogue", "learn the name of every code, year by year, from extracted reports",
                  "Read the cells of output directories, cells files or datasets and write, per classification, code "
                  "and year, the names the reports print (FILE.csv, and FILE.documents.csv beside it), for "
                  "`juesuan extract --catalogue FILE.csv`.",
                  "juesuan catalogue out/ data/ -o names.csv", {ExitCode.ok: "catalogue written"})
    ca.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="OUTDIR|DATASET",
        help="output directories, cells files or dataset folders",
    )
    ca.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE.csv",
        help="the catalogue (and FILE.documents.csv beside it)",
    )
    ca.set_defaults(run=run_catalogue)


def run_catalogue(args) -> int:
    from juesuan.catalogue import run

    _say(str(run(args.inputs, args.output)))  # CatalogueInputError is a UsageError
    return ExitCode.ok


def check_catalogues(paths: list[Path]) -> tuple[str, ...]:
    """--catalogue files, read once here so that a bad one is a usage error, not a failure per document."""
    from juesuan.normalize.codes import codebook

    files = tuple(str(p.resolve()) for p in paths)
    codebook(files)  # CatalogueError is a UsageError
    return files


# --- execution (juesuan/execution.py) ---------------------------------------------------------

def add_execution(sub) -> None:
    ex = _command(
        sub,
        "execution",
        "each department's budget beside its final account of the same year",
        "Pair every department's 预算 of year Y with its 决算 of year Y by table family, code and column: "
        "budget, final, difference and execution rate, and the rows one side only prints (CSV and Parquet). "
        "Without a budget PDF, the final account's own 预算数 (table 09, the narrative's 年初预算) stands in.",
        "juesuan execution data/ -o execution.csv",
        {ExitCode.ok: "execution table written"},
    )
    ex.add_argument(
        "inputs", nargs="+", type=Path, metavar="DATASET|OUTDIR", help="datasets, output directories or cells files"
    )
    ex.add_argument("-o", "--output", type=Path, default=Path("execution.csv"), metavar="FILE.csv",
                    help="the execution table (default ./execution.csv; FILE.parquet beside it)")
    ex.set_defaults(run=run_execution)


def run_execution(args) -> int:
    from juesuan.execution import run  # an input that is no output, cells file or dataset: ExecutionInputError (exit 2)

    _say(str(run(args.inputs, args.output)))
    return ExitCode.ok


SUBCOMMANDS = [add_extract, add_facts, add_dataset, add_diff, add_review, add_catalogue, add_execution]


# --- main ------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="juesuan",
        description="Chinese government final-account PDFs to code-keyed CSV and Parquet.",
        epilog="exit codes: 0 ok, 1 some documents failed or partial (diff: different), 2 bad usage, "
        "3 internal error, 130 interrupted (Ctrl-C), 143 stopped by SIGTERM. "
        "`juesuan COMMAND --help` for each command.",
    )
    parser.add_argument("-V", "--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return ExitCode.usage if exc.code else ExitCode.ok
    args.argv = argv
    try:
        with _sigterm_as_interrupt():
            return int(args.run(args))
    except JuesuanError as exc:
        _say(f"{'error: ' if exc.exit_code == ExitCode.usage else ''}{exc}")
        return exc.exit_code
    except Terminated:
        _say("stopped by SIGTERM; documents already finished are kept in the cache, rerun to go on")
        return ExitCode.terminated
    except KeyboardInterrupt:
        _say("interrupted; documents already finished are kept in the cache, rerun to go on")
        return ExitCode.interrupted
    except BrokenPipeError:
        _silence_stdout()  # `juesuan diff … | head`: the reader has all it wanted
        return ExitCode.broken_pipe
    except Exception as exc:
        _say(f"internal error: {describe(exc)}; this is a bug in juesuan, the traceback is in {_save_traceback(exc)}")
        return ExitCode.internal


def _say(message: str) -> None:
    try:
        print(f"juesuan: {one_line(message, 1000)}", file=sys.stderr)
    except (BrokenPipeError, ValueError):
        pass


class Terminated(KeyboardInterrupt):
    """SIGTERM: a KeyboardInterrupt to everything that cleans up (workers killed, cache kept), exit 143."""


@contextmanager
def _sigterm_as_interrupt():
    """SIGTERM stops a run as Ctrl-C does: workers killed, cache kept; exit 143 (128 + 15, as a shell says
    of a process SIGTERM ended), so a script can tell it from Ctrl-C's 130."""
    def interrupt(signum, frame):
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _save_traceback(exc: BaseException) -> Path:
    """The run's log file if the error happened inside a run (outdir.py wrote it), else a temp file."""
    logged = getattr(exc, "juesuan_log", None)
    if logged:
        return logged
    fd, name = tempfile.mkstemp(prefix="juesuan-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(traceback.format_exception(exc)))
    return Path(name)




if __name__ == "__main__":
    sys.exit(main())
