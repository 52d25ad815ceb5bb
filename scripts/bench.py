#!/usr/bin/env python3
"""Benchmark juesuan against pdfplumber's and camelot's own table extraction, on the same pages.

    python -m scripts.bench                                   # every section, all methods, fixtures/generated
    python -m scripts.bench --section digital --methods juesuan,pdfplumber --repeat 1
    python -m scripts.bench --fixtures DIR --json bench.json

Sections are functions registered in SECTIONS (name → function(args) → dict with "markdown");
`--section NAME|all` selects them: `digital` (text-layer PDFs, below), `batch` (the worker pool),
`ocr` (scans, scripts/bench_ocr.py), `zoo`, `zoo-scan` and `zoo-mixed` (the layout zoo on a held-out seed,
scripts/bench_zoo.py), `real` (published reports in `--real`, no truth: the share of the amounts printed on
their table pages that ended in cells, keys, document facts, findings; scripts/bench_real.py).
A new section is one more function in SECTIONS.

digital section
---------------
Two corpora: the fixtures (`--fixtures`, with truth: speed and accuracy) and the real reports
(`--real`, default ../shared/real when present: speed only). Methods (METHODS):
`juesuan` (juesuan.pipeline.extract_document with the default pdfium reader, documents one after
another in one process, no worker pool), `juesuan-pdfplumber` (the same with `--reader pdfplumber`),
`juesuan-cli` (the `juesuan extract PDF... --workers 1 --ocr never` command as a user runs it: its
own process start, a forked worker, every output written), `pdfplumber` (`page.extract_tables()` with
default settings on every page), `camelot` (`camelot.read_pdf(path, pages="all", flavor="lattice")`,
default backend; `pip install camelot-py`; skipped, saying so in its row, when not installed),
and `pdfium-chars`, the floor: every character of every page with its box through pypdfium2's raw
API (FPDFText_GetUnicode + FPDFText_GetCharBox), nothing else. juesuan runs with `--ocr never` here:
the text layer only, like the baselines (OCR is measured by the ocr section).

Speed and memory: each method runs in a fresh subprocess per repetition, pinned to one CPU
(sched_setaffinity) with OMP/BLAS/OpenCV thread pools set to 1, so "pages/s" is per core. The
methods' repetitions alternate (A B C A B C …) so that a busy machine slows all alike. Pages are
all pages of the PDFs (narrative and table pages alike). "seconds" is the extraction loop only,
best of `--repeat` runs; interpreter start-up and imports are reported apart ("import s"). "CPU s"
is the loop's user+sys time (lowest run), the steadier figure on a busy machine; "pages/s per core"
is pages / CPU s, and the speed-ups ("× pdfplumber", "× camelot") divide the baseline's CPU s by the
method's. "peak MB" is the child's peak resident memory (VmHWM; largest over the runs), read right
after the loop — it includes the interpreter and the method's imports (pandas, OpenCV …), i.e. what
a user pays. "CPU s, start to exit" is the CPU time of the method's whole child process (and its
children), measured by the parent from the interpreter's start to its exit: what one run costs, start-up
included; "÷ floor" divides it by pdfium-chars' (the issue-33 target: juesuan within 3×).

Accuracy. The baselines return string grids, not keyed cells: they cannot be scored on
(table, side, code, row, column) keys because they do not produce keys. So two measures:

* value multiset (all three methods, same rule): per document, every cell string a method
  extracted is split into lines and whitespace-separated tokens (a line that is one amount
  with space thousands separators, "1 234.56", stays whole) and read with
  normalize.amounts.parse_amount; zeros, empty marks, non-numbers and tokens that look like
  classification codes or column numbers (bare 3/5/7-digit integers starting with 2, bare
  3/5-digit integers starting with 3, bare one- or two-digit integers such as the 款/项 of split
  类|款|项 columns or 栏次 numbers, integers with a leading 0 such as a 款 "05") are dropped; no
  truth cell of the fixtures has that form (the script says so if a truth value has it). The rest is the
  method's multiset of printed amounts; the truth's is the `value` of every cell of the nine
  standard tables (*.truth.csv, which lists no zeros). matched = size of the multiset
  intersection; precision = matched / extracted amounts, recall = matched / truth cells, summed
  over documents. Amounts are compared as printed (Decimal value, so 1.50 == 1.5): every
  fixture prints one unit throughout, so this equals comparing in 元 after ×unit, without
  crediting or blaming anyone for unit detection. All pages count for everyone: numbers of
  the non-standard tables (机关运行经费, 政府采购) and any other table-like region are extra
  for every method, including juesuan's own cells of those tables. The measure ignores where
  a number sits — a baseline that reads every number but in the wrong row scores as well here
  as a correct one — so it is an upper bound on what a keyed score of the baselines would be.
* keyed F1 (juesuan only): scripts/score.py's exact-cell score (key and amount in 元 right).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = ROOT / "fixtures" / "generated"
DEFAULT_REAL = ROOT.parent / "shared" / "real"
THREAD_ENV = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                "NUMEXPR_NUM_THREADS", "OPENCV_FOR_THREADS_NUM", "OMP_THREAD_LIMIT")}


# ---------------------------------------------------------------------------------------------
# methods: setup() → context (imports happen here), run(context, path) → per-document result,
# cells(result) → list of cell strings; records(result) → keyed cell dicts (juesuan only)
# ---------------------------------------------------------------------------------------------

def _juesuan_setup(reader: str = "pdfium"):
    from juesuan.pipeline import Options, extract_document
    return extract_document, Options(reader=reader, ocr="never")


def _juesuan_pdfplumber_setup():
    return _juesuan_setup("pdfplumber")


def _juesuan_run(ctx, path: str):
    extract_document, options = ctx
    doc = extract_document(Path(path), options)
    return doc


def _juesuan_output(doc) -> dict:
    from juesuan.records import cell_records
    records = [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in cell_records(doc)]
    return {"pages": doc.pages, "cells": [r["value"] for r in records], "records": records,
            "status": doc.status, "error": doc.error,
            "ocr_pages": sum(1 for k in doc.page_kinds if k.endswith(":ocr"))}


def _cli_setup():
    return None


def _cli_run_all(_ctx, paths: list[str]) -> dict:
    """`juesuan extract PDF... --workers 1 --ocr never` as a user runs it: its own process start, one worker,
    every output written (CSV, Parquet, report.xlsx). Its CPU is the command's whole process tree."""
    import csv
    from collections import defaultdict
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        proc = subprocess.run([sys.executable, "-m", "juesuan", "extract", *paths, "-o", str(out), "--workers", "1",
                               "--ocr", "never", "--force", "-q"], capture_output=True, text=True)
        if proc.returncode not in (0, 1):  # 1: some document partial or failed, still a finished run
            raise RuntimeError(f"juesuan extract exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
        with open(out / "cells.csv", encoding="utf-8", newline="") as fh:
            records = defaultdict(list)
            for r in csv.DictReader(fh):
                records[r["source_file"]].append(r)
        with open(out / "documents.csv", encoding="utf-8", newline="") as fh:
            docs = {r["source_file"]: r for r in csv.DictReader(fh)}
    by_path = {}
    for p in paths:
        key = next((k for k in docs if Path(k).resolve() == Path(p).resolve()), p)
        doc = docs.get(key, {})
        by_path[p] = {"pages": int(doc.get("pages") or 0), "cells": [r["value"] for r in records.get(key, [])],
                      "records": records.get(key, []), "status": doc.get("status"), "error": doc.get("error"),
                      "ocr_pages": 0}
    return by_path


def _pdfplumber_setup():
    import pdfplumber
    return pdfplumber


def _pdfplumber_run(pdfplumber, path: str):
    tables = []
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            tables.extend(page.extract_tables())
            page.close()
    return n, tables


def _pdfplumber_output(result) -> dict:
    n, tables = result
    return {"pages": n, "tables": len(tables),
            "cells": [c for t in tables for row in t for c in row if c]}


def _camelot_setup():
    import warnings

    import camelot
    warnings.filterwarnings("ignore")  # "No tables found on page-N" for every narrative page
    return camelot


def _camelot_run(camelot, path: str):
    tables = camelot.read_pdf(path, pages="all", flavor="lattice")
    return [t.df for t in tables]


def _camelot_output(dfs) -> dict:
    return {"pages": None, "tables": len(dfs),
            "cells": [str(c) for df in dfs for c in df.to_numpy().ravel().tolist() if str(c).strip()]}


def _chars_setup():
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw
    box = [ctypes.c_double() for _ in range(4)]
    return pypdfium2, raw, [ctypes.byref(b) for b in box]


def _chars_run(ctx, path: str):
    """Every character with its box, the least any text-layer reader must do: the floor."""
    pypdfium2, raw, box = ctx
    doc = pypdfium2.PdfDocument(path)
    chars = 0
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage()
        for j in range(text.count_chars()):
            raw.FPDFText_GetUnicode(text.raw, j)
            raw.FPDFText_GetCharBox(text.raw, j, *box)
        chars += text.count_chars()
        text.close()
        page.close()
    pages = len(doc)
    doc.close()
    return pages, chars


def _chars_output(result) -> dict:
    pages, chars = result
    return {"pages": pages, "chars": chars, "cells": []}


METHODS = {
    "pdfium-chars": (_chars_setup, _chars_run, _chars_output),
    "juesuan-cli": (_cli_setup, None, None),  # run over all the PDFs at once: ALL_AT_ONCE
    "juesuan": (_juesuan_setup, _juesuan_run, _juesuan_output),
    "juesuan-pdfplumber": (_juesuan_pdfplumber_setup, _juesuan_run, _juesuan_output),
    "pdfplumber": (_pdfplumber_setup, _pdfplumber_run, _pdfplumber_output),
    "camelot": (_camelot_setup, _camelot_run, _camelot_output),
}
ALL_AT_ONCE = {"juesuan-cli": _cli_run_all}  # methods given every PDF in one call (a command, not a function)
NEEDS = {"camelot": "camelot", "pdfplumber": "pdfplumber"}  # method → module it imports: absent, it is skipped
METHOD_LABELS = {
    "pdfium-chars": "pdfium-chars: every character with its box (floor)",
    "juesuan-cli": "juesuan extract --workers 1 (the command, all outputs)",
    "juesuan": "juesuan (extract_document, 1 process)",
    "juesuan-pdfplumber": "juesuan --reader pdfplumber",
    "pdfplumber": "pdfplumber `extract_tables()` defaults",
    "camelot": "camelot `read_pdf(flavor=\"lattice\")`",
}


def child_main(argv: list[str]) -> int:
    """`bench.py --child METHOD OUT.json PDF...`: run one method over the PDFs, write JSON."""
    method, out_path, paths = argv[0], argv[1], argv[2:]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import resource
    setup, run, output = METHODS[method]
    t0 = time.perf_counter()
    ctx = setup()
    if "cv2" in sys.modules:  # pin OpenCV's own pool, only when the method loaded it
        sys.modules["cv2"].setNumThreads(1)
    t1 = time.perf_counter()
    cpu0 = _cpu_s(resource.RUSAGE_SELF) + _cpu_s(resource.RUSAGE_CHILDREN)
    if method in ALL_AT_ONCE:
        docs = ALL_AT_ONCE[method](ctx, paths)
    else:
        results = [run(ctx, p) for p in paths]
    t2 = time.perf_counter()
    cpu = _cpu_s(resource.RUSAGE_SELF) + _cpu_s(resource.RUSAGE_CHILDREN) - cpu0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = peak_rss_mb(usage)
    if method in ALL_AT_ONCE:  # the command's processes: the largest of them
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        docs = {p: output(r) for p, r in zip(paths, results)}
    Path(out_path).write_text(json.dumps({
        "method": method, "import_s": t1 - t0, "seconds": t2 - t1, "peak_mb": peak_mb, "cpu_s": cpu, "docs": docs,
    }, ensure_ascii=False), encoding="utf-8")
    return 0


def _cpu_s(who) -> float:
    import resource
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(usage) -> float:
    """This process's peak resident memory. Linux's VmHWM is the peak since exec; ru_maxrss also carries
    the spawning parent's peak across the exec (a bench parent grown to 170 MB made every child "170 MB")."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return usage.ru_maxrss / 1024  # kilobytes on Linux, the fallback elsewhere


def run_child(module: str, method: str, pdfs: list[Path], timeout: float) -> dict:
    """Run `python -m MODULE --child METHOD OUT.json PDF...` in a fresh process and read its JSON figures, with the
    CPU time of the whole process (and its children) from start to exit."""
    import resource
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {**os.environ, **THREAD_ENV}
        cpu0 = _cpu_s(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, "-m", module, "--child", method, str(out), *map(str, pdfs)],
                              capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
        whole_cpu = _cpu_s(resource.RUSAGE_CHILDREN) - cpu0  # interpreter start, imports, work, exit
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"{method} failed (exit {proc.returncode}): {tail[0]}")
        return {**json.loads(out.read_text(encoding="utf-8")), "whole_cpu_s": whole_cpu}


def run_method(method: str, pdfs: list[Path], timeout: float) -> dict:
    return run_child("scripts.bench", method, pdfs, timeout)


# ---------------------------------------------------------------------------------------------
# accuracy
# ---------------------------------------------------------------------------------------------

def _code_like(token: str) -> bool:
    import re
    return bool(re.fullmatch(r"\d{1,2}|2\d{2}|2\d{4}|2\d{6}|3\d{2}|3\d{4}|0\d+", token))


def amounts_in(text: str) -> list:
    """The nonzero printed amounts in one extracted cell string (see the module docstring)."""
    import re

    from juesuan.normalize.amounts import AmountError, parse_amount
    from juesuan.normalize.text import to_halfwidth
    out = []
    for line in str(text).splitlines():
        line = line.strip()
        if not line:
            continue
        tokens = [line] if re.fullmatch(r"[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?", to_halfwidth(line)) else line.split()
        for tok in tokens:
            if _code_like(to_halfwidth(tok).strip()):
                continue
            try:
                v = parse_amount(tok)
            except AmountError:
                continue
            if v is not None and v != 0:
                out.append(v.normalize())
    return out


def truth_amounts(truth_file: Path) -> Counter:
    import csv

    from juesuan.normalize.amounts import parse_amount
    from juesuan.normalize.text import to_halfwidth
    with open(truth_file, encoding="utf-8", newline="") as fh:
        values = [r["value"] for r in csv.DictReader(fh)]
    unreachable = [v for v in values if _code_like(to_halfwidth(v).strip())]
    if unreachable:  # no method can match these under amounts_in(); say so rather than hide it
        print(f"note: {truth_file.name}: {len(unreachable)} truth values look like codes and cannot be "
              f"matched by the value measure: {unreachable[:5]}", file=sys.stderr)
    return Counter(parse_amount(v).normalize() for v in values if parse_amount(v) not in (None, 0))


def value_scores(docs: dict, fixtures: Path) -> dict:
    per, M = {}, [0, 0, 0]
    for path, d in docs.items():
        truth_file = fixtures / (Path(path).stem + ".truth.csv")
        if not truth_file.exists():
            continue
        truth = truth_amounts(truth_file)
        got = Counter(a for c in d["cells"] for a in amounts_in(c))
        matched = sum((got & truth).values())
        n_got, n_truth = sum(got.values()), sum(truth.values())
        per[Path(path).stem] = {"matched": matched, "extracted": n_got, "truth": n_truth,
                                "precision": matched / n_got if n_got else 0.0,
                                "recall": matched / n_truth if n_truth else 0.0}
        M[0] += matched
        M[1] += n_got
        M[2] += n_truth
    return {"fixtures": per, "matched": M[0], "extracted": M[1], "truth": M[2],
            "precision": M[0] / M[1] if M[1] else 0.0, "recall": M[0] / M[2] if M[2] else 0.0}


def keyed_scores(docs: dict, fixtures: Path) -> dict:
    import pandas as pd

    from scripts.score import score
    records = [r for d in docs.values() for r in d.get("records", [])]
    res = score(pd.DataFrame(records), fixtures)
    return {"overall": res["overall"],
            "fixtures": {k: {m: v[m] for m in ("tp", "n_pred", "n_truth", "precision", "recall", "f1")}
                         for k, v in res["fixtures"].items()}}


def count_pages(pdfs: list[Path]) -> int:
    import pypdfium2
    total = 0
    for p in pdfs:
        doc = pypdfium2.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total


# ---------------------------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------------------------

def _f(x, fmt="{:.3f}") -> str:
    return "—" if x is None else fmt.format(x)


def section_digital(args) -> dict:
    """Text-layer PDFs: speed and memory of every method side by side, on the fixtures and the real reports."""
    fixtures = Path(args.fixtures)
    corpora = [(fixtures, True)] + ([(Path(args.real), False)] if args.real != "none" else [])
    results, markdown = [], []
    for folder, scored in corpora:
        pdfs = sorted(folder.glob("*.pdf"))
        if not pdfs:
            raise SystemExit(f"no PDFs in {folder}")
        rows = _time_methods(args, pdfs, folder if scored else None)
        results.append({"corpus": str(folder), "rows": rows})
        markdown.append(_digital_table(args, folder, pdfs, rows, scored))
    return {"name": "digital", "rows": results[0]["rows"], "corpora": results, "markdown": "\n\n".join(markdown)}


def _time_methods(args, pdfs: list[Path], fixtures: Path | None) -> list[dict]:
    """Every method over `pdfs`, repetitions alternating between methods; accuracy where there is truth."""
    pages = count_pages(pdfs)
    import importlib.util
    runs: dict[str, list[dict]] = {m: [] for m in args.methods}
    errors: dict[str, str] = {m: f"skipped: {NEEDS[m]} is not installed" for m in args.methods
                              if m in NEEDS and importlib.util.find_spec(NEEDS[m]) is None}
    for method, why in errors.items():
        print(f"  {method}: {why}", file=sys.stderr)
    for i in range(args.repeat):
        for method in args.methods:
            if method in errors:
                continue
            try:
                runs[method].append(run_method(method, pdfs, args.timeout))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                errors[method] = str(exc).splitlines()[0][:200]
                continue
            print(f"  {method} run {i + 1}/{args.repeat}: {runs[method][-1]['seconds']:.2f} s", file=sys.stderr)
    rows = []
    for method in args.methods:
        if not runs[method]:
            rows.append({"method": method, "error": errors.get(method, "no run")})
            continue
        done = runs[method]
        best = min(done, key=lambda r: r["seconds"])
        row = {
            "method": method,
            "pdfs": len(pdfs),
            "pages": pages,
            "seconds": best["seconds"],
            "cpu_s": min(r["cpu_s"] for r in done),
            "pages_per_s": pages / best["seconds"] if best["seconds"] else None,
            "import_s": min(r["import_s"] for r in done),
            "peak_mb": max(r["peak_mb"] for r in done),
            "whole_cpu_s": min(r["whole_cpu_s"] for r in done),
            "runs": [r["seconds"] for r in done],
            "runs_cpu_s": [r["cpu_s"] for r in done],
            "runs_whole_cpu_s": [r["whole_cpu_s"] for r in done],
        }
        if fixtures is not None and method != "pdfium-chars":
            row["value"] = value_scores(done[0]["docs"], fixtures)
            if method.startswith("juesuan"):
                row["keyed"] = keyed_scores(done[0]["docs"], fixtures)
        rows.append(row)
    return rows


def _digital_table(args, folder: Path, pdfs: list[Path], rows: list[dict], scored: bool) -> str:
    pages = next((r["pages"] for r in rows if "pages" in r), 0)
    cpu = {r["method"]: r["cpu_s"] for r in rows if "cpu_s" in r}
    whole = {r["method"]: r["whole_cpu_s"] for r in rows if "whole_cpu_s" in r}

    def times(base: str, r: dict) -> str:
        return f"{cpu[base] / r['cpu_s']:.1f}×" if base in cpu and r.get("cpu_s") else "—"

    def floor(r: dict) -> str:
        base = whole.get("pdfium-chars")
        return f"{r['whole_cpu_s'] / base:.1f}×" if base else "—"

    head = ("| method | pages | seconds | CPU s | pages/s per core | import s | peak RSS MB | × pdfplumber "
            "| × camelot | CPU s, start to exit | pages/s per core, start to exit | ÷ floor |")
    if scored:
        head += " value P | value R | keyed F1 |"
    lines = [f"### digital: {len(pdfs)} PDFs, {pages} pages ({folder.name}/), one process pinned to one core, "
             f"best of {args.repeat}", "", head, "| --- |" + " ---: |" * (head.count("|") - 2)]
    for r in rows:
        label = METHOD_LABELS.get(r["method"], r["method"])
        if "error" in r:
            lines.append(f"| {label} |" + " — |" * (head.count("|") - 3) + f" {r['error']} |")
            continue
        line = (f"| {label} | {r['pages']} | {r['seconds']:.2f} | {r['cpu_s']:.2f} | {r['pages'] / r['cpu_s']:.1f} "
                f"| {r['import_s']:.2f} | {r['peak_mb']:.0f} | {times('pdfplumber', r)} | {times('camelot', r)} "
                f"| {r['whole_cpu_s']:.2f} | {r['pages'] / r['whole_cpu_s']:.1f} | {floor(r)} |")
        if scored:
            value = r.get("value")
            keyed = _f(r["keyed"]["overall"]["f1"]) if "keyed" in r else "n/a (no keys)"
            line += (f" {value['precision']:.3f} | {value['recall']:.3f} | {keyed} |" if value else " — | — | — |")
        lines.append(line)
    ok = [r for r in rows if r.get("value")]
    if scored and ok:
        names = list(ok[0]["value"]["fixtures"])
        lines += ["", "Value recall per fixture:", "",
                  "| fixture | " + " | ".join(r["method"] for r in ok) + " |",
                  "| --- |" + " ---: |" * len(ok)]
        for n in names:
            lines.append(
                f"| {n} | " + " | ".join(_f(r["value"]["fixtures"].get(n, {}).get("recall")) for r in ok) + " |"
            )
    lines += ["", "seconds: wall time of the extraction loop (best run); CPU s: its user+sys CPU time (lowest run), "
              "the steadier figure when the machine is busy; pages/s per core = pages / CPU s (the process is pinned "
              "to one core); × baseline = the baseline's CPU s / the method's. CPU s, start to exit: the method's "
              "whole "
              "process (and its children) from the interpreter's start to its exit, imports included (lowest run); "
              "÷ floor = that CPU over pdfium-chars' (reading every character with its box). `juesuan extract` is the "
              "command as a user runs it (one worker, --ocr never, every output including report.xlsx): its loop is "
              "the whole command, its import s is 0, its peak RSS is its largest process."]
    if scored:
        lines += [
            "",
            "value P/R: multiset of nonzero printed amounts per document vs the truth's (nine standard "
            "tables), same rule for every method; keyed F1: scripts/score.py exact cells (table, side, code, row, "
            "column, amount in 元) — juesuan only, the baselines produce no keys. See scripts/bench.py's docstring.",
        ]
    return "\n".join(lines)


# (label, runs started together: each (workers, the index of the one core it is pinned to, or None: all))
BATCH_RUNS = (
    ("1 worker on 1 core", ((1, 0),)),
    ("1 worker", ((1, None),)),
    ("2 workers", ((2, None),)),
    ("two 1-worker runs at once, one per core", ((1, 0), (1, 1))),
)


def _extract_at_once(folder: Path, out: Path, runs, cores: list[int]) -> float:
    """`juesuan extract` once per (workers, core) in runs, all started together; the seconds until the last ends."""
    procs = []
    t0 = time.perf_counter()
    for i, (workers, core) in enumerate(runs):
        pin = (lambda c=cores[core]: os.sched_setaffinity(0, {c})) if core is not None else None
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "juesuan.cli",
                    "extract",
                    str(folder),
                    "-o",
                    str(out / f"out{i}"),
                    "--workers",
                    str(workers),
                    "--force",
                    "-q",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                preexec_fn=pin,
            )
        )
    errors = [p.communicate()[1] for p in procs]  # every one ends before any failure is raised
    seconds = time.perf_counter() - t0
    for p, err in zip(procs, errors):
        if p.returncode:
            raise RuntimeError(f"juesuan extract {folder} exited {p.returncode}: {err.decode(errors='replace')[-500:]}")
    return seconds


def section_batch(args) -> dict:
    """`juesuan extract` over many documents with 1 and with 2 workers: does the pool scale, and how
    far can it on this machine?

    Digital: the fixtures copied under new names, each made a distinct file (args.batch_docs of them); OCR: the first
    args.batch_scans fixtures as 200-dpi scans (scripts/bench_ocr.py's cache), and the largest of them alone. Every run
    uses --force so nothing is reused, and the whole command is timed, start-up included. One worker
    runs twice: on every core (its OCR then gets that many onnxruntime threads) and pinned to one
    core (one thread), the per-core baseline. The machine's own ceiling: two independent one-worker
    runs at once, each pinned to its own core, each doing the whole folder; 2 × (one alone) / (the
    pair) is what two workers could reach if the pool cost nothing (on a machine whose cores slow each
    other, it is below 2). The runs go in rounds, each round every kind of run once, in an order
    that rotates, so a machine whose speed drifts slows all alike; each ratio is taken within a
    round and the median over rounds is reported, with the range.
    """
    fixtures = sorted(Path(args.fixtures).glob("*.pdf"))
    cores = sorted(os.sched_getaffinity(0))
    kinds = [(label, runs) for label, runs in BATCH_RUNS if all(c is None or c < len(cores) for _, c in runs)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        digital = Path(tmp) / "digital"
        digital.mkdir()
        for i in range(args.batch_docs):
            src = fixtures[i % len(fixtures)]
            # a comment after %%EOF makes each copy a distinct file: juesuan extracts identical files once
            (digital / f"d{i:04d}_{src.name}").write_bytes(src.read_bytes() + f"\n% copy {i}\n".encode())
        folders = [("digital", digital, args.repeat)] if args.batch_docs else []
        if args.batch_scans:
            from scripts.bench_ocr import make_variants
            scans = Path(tmp) / "scans"
            scans.mkdir()
            docs = [p.stem for p in fixtures if p.with_suffix(".truth.csv").exists()][:args.batch_scans]
            for pdf in make_variants(Path(args.fixtures), docs, [200], mixed=False)["scan200"]:
                shutil.copy(pdf, scans / pdf.name)
            one = Path(tmp) / "one-scan"  # a second worker can only help by reading pages lent to it
            one.mkdir()
            shutil.copy(max(scans.glob("*.pdf"), key=lambda p: p.stat().st_size), one)
            folders += [("200-dpi scans (OCR)", scans, args.batch_scan_rounds),
                        ("one 200-dpi scan (OCR)", one, args.batch_scan_rounds)]
        for kind, folder, rounds in folders:
            pages = count_pages(sorted(folder.glob("*.pdf")))
            docs = len(list(folder.glob("*.pdf")))
            times = {label: [] for label, _ in kinds}
            for r in range(rounds):
                for label, runs in kinds[r % len(kinds):] + kinds[:r % len(kinds)]:
                    times[label].append(_extract_at_once(folder, Path(tmp), runs, cores))
                    print(
                        f"batch {kind} round {r + 1}/{rounds}: {label} {times[label][-1]:.1f} s",
                        file=sys.stderr,
                        flush=True,
                    )
            for label, runs in kinds:
                rows.append(
                    {
                        "kind": kind,
                        "run": label,
                        "at_once": len(runs),
                        "cores": len(runs) if runs[0][1] is not None else len(cores),
                        "docs": docs,
                        "pages": pages,
                        "runs": times[label],
                        "seconds": median(times[label]),
                        **{
                            f"x_{base}": [one / t for one, t in zip(times[base], times[label])]
                            for base in ("1 worker", "1 worker on 1 core")
                        },
                    }
                )

    def ratio(xs: list[float]) -> str:
        return f"{median(xs):.2f}×" + (f" ({min(xs):.2f}–{max(xs):.2f})" if len(xs) > 1 else "")

    lines = [f"### batch: `juesuan extract` with 1 and 2 workers, in rounds (digital {args.repeat}, "
             f"scans {args.batch_scan_rounds}); medians, ratios within each round (range)", "",
             "| documents | run | cores | seconds | pages/s | × 1 worker | × 1 worker on 1 core |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        pair = r["at_once"] > 1  # independent runs, each doing the whole folder
        lines.append(
            f"| {r['kind']}: {r['docs']} ({r['pages']} pages) | {r['run']} | {r['cores']} | {r['seconds']:.1f} | "
            f"{r['pages'] * r['at_once'] / r['seconds']:.1f} | "
            + (
                f"ceiling {ratio([r['at_once'] * x for x in r['x_1 worker on 1 core']])} |  |"
                if pair
                else f"{ratio(r['x_1 worker'])} | {ratio(r['x_1 worker on 1 core'])} |"
            )
        )
    return {"name": "batch", "rows": rows, "markdown": "\n".join(lines)}


# Register further sections here (name → function(args) → {"name", "rows", "markdown"}).
def section_ocr(args) -> dict:
    """Scanned and mixed PDFs: juesuan's OCR path (rapidocr, tesseract) vs img2table; see scripts/bench_ocr.py."""
    from scripts.bench_ocr import section_ocr as run
    return run(args)


def section_zoo(args) -> dict:
    """The layout zoo on a held-out seed: F1, silent wrong cells, per-trait errors; see scripts/bench_zoo.py."""
    from scripts.bench_zoo import section_zoo as run
    return run(args)


def section_zoo_scan(args) -> dict:
    """The same zoo as 200-dpi scans, read by OCR; see scripts/bench_zoo.py."""
    from scripts.bench_zoo import section_zoo_scan as run
    return run(args)


def section_zoo_mixed(args) -> dict:
    """The zoo as mixed reports and colour scans with picture traits drawn per document; scripts/bench_zoo.py."""
    from scripts.bench_zoo import section_zoo_mixed as run
    return run(args)


def section_real(args) -> dict:
    """Published reports without truth (--real, default ../shared/real): token recall, standard keys, document
    facts, findings by rule; see scripts/bench_real.py."""
    from scripts.bench_real import section_real as run
    return run(args)


SECTIONS = {
    "digital": section_digital,
    "real": section_real,
    "batch": section_batch,
    "ocr": section_ocr,
    "zoo": section_zoo,
    "zoo-scan": section_zoo_scan,
    "zoo-mixed": section_zoo_mixed,
}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--section", default="all", choices=[*SECTIONS, "all"])
    ap.add_argument("--methods", default=",".join(METHODS),
                    help=f"comma-separated, of: {', '.join(METHODS)} (default all)")
    ap.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="folder of *.pdf and *.truth.csv")
    ap.add_argument("--real", default=str(DEFAULT_REAL) if DEFAULT_REAL.is_dir() else "none",
                    help="folder of real reports timed in the digital section and measured by the real section, "
                         "or 'none' (default ../shared/real if present)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per method; the best time is reported")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per method run")
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--write-doc", metavar="FILE.md",
                    help="record each section's table, with date, machine and command, into FILE.md "
                         "(docs/benchmarks.md), keeping the sections this run did not measure")
    ap.add_argument(
        "--batch-docs", type=int, default=200, help="digital documents in the batch section (default 200; 0: none)"
    )
    ap.add_argument(
        "--batch-scans", type=int, default=4, help="scanned fixtures in the batch section (default 4; 0: none)"
    )
    ap.add_argument("--batch-scan-rounds", type=int, default=1,
                    help="rounds of the batch section's OCR runs (default 1: ~12 minutes a round; digital: --repeat)")
    ap.add_argument("--zoo-n", type=int, help="zoo documents (default 60; zoo-scan, zoo-mixed: 10)")
    ap.add_argument(
        "--zoo-seed", type=int, help="zoo seed (default: bench_zoo.HELD_OUT_SEED, never used in development)"
    )
    ap.add_argument("--zoo-workers", type=int, default=2, help="juesuan extract --workers for the zoo (default 2)")
    ap.add_argument("--zoo-office", type=float, default=0.0,
                    help="share of the zoo typed as .xlsx/.docx and exported by LibreOffice (scripts/zoo_office.py; "
                         "default 0; the issue's held-out zoo: 0.34)")
    ap.add_argument("--zoo-keep", help="copy the generated zoo and juesuan's output to this folder")
    args = ap.parse_args(argv)
    args.methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in args.methods if m not in METHODS]
    if unknown:
        ap.error(f"unknown method(s) {unknown}")
    if min(args.repeat, args.batch_scan_rounds) < 1:
        ap.error("--repeat and --batch-scan-rounds must be >= 1")
    names = list(SECTIONS) if args.section == "all" else [args.section]
    machine = None
    if args.write_doc:
        from scripts.bench_doc import this_machine
        machine = this_machine()  # the load before the benchmark adds its own
    results = []
    for name in names:
        res = SECTIONS[name](args)
        results.append(res)
        print(res["markdown"], "\n", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"sections": results}, ensure_ascii=False, indent=1, default=str),
                                   encoding="utf-8")
    if args.write_doc:
        from scripts.bench_doc import write_doc
        write_doc(Path(args.write_doc), results, argv, order=list(SECTIONS), machine=machine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
