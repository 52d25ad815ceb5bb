#!/usr/bin/env python3
"""OCR figures: cell F1 per scan dpi and engine, seconds per OCR'd page, peak RSS, vs img2table.

    python -m scripts.bench_ocr                       # default docs, dpi 150/200/300 + mixed, both engines
    python -m scripts.bench_ocr --docs all --engines rapidocr --dpis 200
    python -m scripts.bench --section ocr             # the same, as a section of the benchmark

Scans are generated from the text fixtures (scripts/make_scans.py: every page at one dpi, skew
<= 2 deg, noise, blur, JPEG, page 2 turned 90 deg; "mixed" = narrative text kept, table pages as
images) into a cache folder, with each fixture's truth copied next to them.

Each (engine, variant) runs in a fresh subprocess pinned to one core with every thread pool at 1:
"s/page" is CPU seconds of the extraction loop divided by the pages that went through OCR (on
"mixed" these are exactly the table pages), so it is per core and steady on a busy machine;
"wall s/page" is the wall time. Peak MB is the child's ru_maxrss (interpreter, models, pages).

Accuracy: keyed cell F1 (scripts/score.py, exact key and amount in 元). "unflagged wrong" counts
predicted cells that are wrong or extra and carry neither a finding in checks (same table and
row/column, or a finding on their row) nor an OCR confidence below the low-confidence bar — the
acceptance asks for zero. "tables" is standard tables found / expected (from the truth file).

img2table (TesseractOCR chi_sim+eng, its own table detection, PDF rendered at its 200 dpi) runs on
the same PDFs; it returns string grids without keys, so it is compared with juesuan on the value
multiset measure of scripts/bench.py (nonzero printed amounts per document vs the truth's).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = ROOT / "fixtures" / "generated"
DEFAULT_DOCS = ("minzheng_2023_lattice", "caizheng_2023_shanghai", "jiaoyu_2024_threeline_kxl",
                "weijian_2023_borderless_yuan")
CACHE = Path(os.environ.get("JUESUAN_SCAN_CACHE", Path(tempfile.gettempdir()) / "juesuan-scans"))
THREAD_ENV = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                "NUMEXPR_NUM_THREADS", "OPENCV_FOR_THREADS_NUM", "OMP_THREAD_LIMIT")}


def make_variants(fixtures: Path, docs: list[str], dpis: list[int], mixed: bool = True) -> dict[str, list[Path]]:
    """variant name ("scan200", "mixed") → generated PDFs (cached; truth files copied alongside)."""
    from scripts import make_scans

    CACHE.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Path]] = {}
    for name in docs:
        src = fixtures / f"{name}.pdf"
        truth = fixtures / f"{name}.truth.csv"
        stamp = str(src.stat().st_mtime_ns)
        for dpi in dpis:
            dst = CACHE / f"{name}.scan{dpi}.pdf"
            if not _fresh(dst, stamp):
                make_scans.make_scan(src, dst, dpis=(dpi,))
                (CACHE / f"{dst.name}.src").write_text(stamp)
            shutil.copyfile(truth, dst.with_suffix(".truth.csv"))
            out.setdefault(f"scan{dpi}", []).append(dst)
        if mixed:
            dst = CACHE / f"{name}.mixed.pdf"
            if not _fresh(dst, stamp):
                make_scans.make_mixed(src, dst)
                (CACHE / f"{dst.name}.src").write_text(stamp)
            shutil.copyfile(truth, dst.with_suffix(".truth.csv"))
            out.setdefault("mixed", []).append(dst)
    return out


def _fresh(dst: Path, stamp: str) -> bool:
    mark = CACHE / f"{dst.name}.src"
    return dst.exists() and mark.exists() and mark.read_text() == stamp


# ----------------------------------------------------------------------------------------------
# children: one engine over some PDFs, pinned to one core
# ----------------------------------------------------------------------------------------------

def _child_juesuan(method: str, paths: list[str], spool: Path) -> dict:
    """method: an engine ("rapidocr", "tesseract"), or "rapidocr-detection" for juesuan's --ocr-page-detection.

    Each document's results go to `spool` (JSON lines) as it finishes, not into a growing dict: a
    worker of juesuan's batch keeps no earlier document either, so the peak is the extraction's own."""
    from juesuan.extract.ocr.engines import get_engine
    from juesuan.extract.tables import LOW_CONFIDENCE
    from juesuan.pipeline import Options, extract_document
    from juesuan.records import cell_records

    engine, _, path = method.partition("-")
    t0 = time.perf_counter()
    get_engine(engine)  # models load once per process; count their load apart
    load_s = time.perf_counter() - t0
    page_cpu = _time_ocr_pages()
    cpu, wall, by_path = 0.0, 0.0, {}
    spooled = spool.open("w", encoding="utf-8")
    for p in paths:
        page_cpu.clear()
        c0, w0 = _cpu(), time.perf_counter()
        doc = extract_document(Path(p), Options(ocr_engine=engine, ocr_cells=path != "detection"))
        cpu += _cpu() - c0
        wall += time.perf_counter() - w0
        for number, (reason, seconds) in page_cpu.items():
            kinds = [k for k in doc.page_kinds if k.startswith(f"{number}:")]
            group = f"{'table' if kinds and kinds[0].split(':')[1] == 'table' else 'other'} page, {reason}"
            n, s = by_path.get(group, (0, 0.0))
            by_path[group] = (n + 1, s + seconds)
        recs = cell_records(doc)
        spooled.write(json.dumps([p, {
            "records": [{k: str(v) for k, v in r.items()} for r in recs],
            "cells": [r["value"] for r in recs],
            "ocr_pages": sum(1 for k in doc.page_kinds if ":ocr" in k),
            "page_kinds": doc.page_kinds, "department": doc.department, "year": doc.year,
            "tables": [t.table_key for t in doc.tables], "status": doc.status,
            "empty_tables": [t.table_key for t in doc.tables if not t.cells],
            "findings": [{"table": f.table, "row": f.row, "column": f.column, "rule": f.rule,
                          "severity": f.severity} for f in doc.findings],
        }], ensure_ascii=False) + "\n")
        del doc, recs
    spooled.close()
    return {"load_s": load_s, "cpu_s": cpu, "wall_s": wall, "low_conf": LOW_CONFIDENCE,
            "by_path": {k: {"pages": n, "cpu_s_per_page": s / n} for k, (n, s) in sorted(by_path.items())}}


def _cpu() -> float:
    """CPU seconds of this process and its children (tesseract runs as a child process)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _time_ocr_pages() -> dict[int, tuple[str, float]]:
    """Times every OCR'd page (read_page_ocr: render, orientation, rulings, recognition) by the
    path it took, so table pages read from their ruled cells and pages read by page-wide
    detection are measured apart. Returns the dict it fills: page number → (path, CPU s)."""
    from juesuan.extract.ocr import page as ocr

    seen: dict[int, tuple[str, float]] = {}
    read = ocr.read_page_ocr

    def timed(pdf_path, page_index, *a, **kw):
        c0 = _cpu()
        content = read(pdf_path, page_index, *a, **kw)
        seen[page_index + 1] = (content.method_reason.split(",")[0], _cpu() - c0)
        return content

    ocr.read_page_ocr = timed  # the pipeline imports it from the module at each OCR'd page
    return seen


def _child_img2table(paths: list[str]) -> dict:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR
    from img2table.ocr import _types as i2t_types

    # img2table 2.0.0 joins the words of a table's title area and fails on a tesseract word whose
    # value is None ("sequence item 2: expected str instance, NoneType found"): drop such words
    group = i2t_types.OCRData._group_words_by_parent
    i2t_types.OCRData._group_words_by_parent = staticmethod(
        lambda words: group(words=[w for w in words if w.get("value") is not None]))

    ocr = TesseractOCR(n_threads=1, lang="chi_sim+eng")
    docs, cpu, wall, pages = {}, 0.0, 0.0, 0
    for p in paths:
        c0, w0 = time.process_time(), time.perf_counter()
        # tesseract runs in child processes: count their CPU too
        ch0 = os.times()
        tables = PDF(p, detect_rotation=True, pdf_text_extraction=False).extract_tables(ocr=ocr)
        ch1 = os.times()
        cpu += (
            time.process_time()
            - c0
            + (ch1.children_user - ch0.children_user)
            + (ch1.children_system - ch0.children_system)
        )
        wall += time.perf_counter() - w0
        cells = []
        for tbs in tables.values():
            for t in tbs:
                for row in t.content.values():
                    cells += [c.value for c in row if c.value]
        pages += sum(1 for v in tables.values() if v)
        docs[p] = {"cells": cells, "ocr_pages": len(tables)}
    return {"load_s": 0.0, "cpu_s": cpu, "wall_s": wall, "docs": docs}


def child_main(argv: list[str]) -> int:
    method, out, paths = argv[0], argv[1], argv[2:]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import resource
    spool = Path(out).with_suffix(".docs.jsonl")
    res = _child_img2table(paths) if method == "img2table" else _child_juesuan(method, paths, spool)
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if spool.exists():  # read back only now, after the peak was taken
        res["docs"] = dict(json.loads(line) for line in spool.read_text(encoding="utf-8").splitlines())
    Path(out).write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    return 0


def run_child(method: str, pdfs: list[Path], timeout: float = 3600) -> dict:
    from scripts import bench
    return bench.run_child("scripts.bench_ocr", method, pdfs, timeout)


# ----------------------------------------------------------------------------------------------
# scoring
# ----------------------------------------------------------------------------------------------

def unflagged_wrong(run: dict, truth_dir: Path) -> tuple[int, int, list[str]]:
    """(wrong or extra predicted cells, of them without a finding or low confidence, examples)."""
    import pandas as pd

    from scripts.score import _dec, _key, fixture_name, load_truth

    truth = load_truth(truth_dir)
    n_wrong, unflagged, examples = 0, 0, []
    for path, d in run["docs"].items():
        fx = fixture_name(path)
        tr = truth.get(fx, {})
        flagged = {(f["table"], f["row"]) for f in d["findings"]} | {
            (f["table"], f["row"], f["column"]) for f in d["findings"]
        }
        tables_flagged = {f["table"] for f in d["findings"] if not f["row"]}
        for r in d["records"]:
            k = _key(fx, pd.Series(r))
            if k[1] not in {t[1] for t in tr}:
                continue  # tables the truth does not cover are not scored
            if k in tr and _dec(r["amount_yuan"]) == tr[k]:
                continue
            n_wrong += 1
            row = r["code"] or r["row_label"]
            low = float(r.get("conf") or 1) < run.get("low_conf", 0.9)
            if low or (r["table_key"], row) in flagged or (r["table_key"], row, r["column_key"]) in flagged \
                    or r["table_key"] in tables_flagged:
                continue
            unflagged += 1
            if len(examples) < 5:
                examples.append(f"{fx}:{r['table_key']}|{row}|{r['column_key']}={r['value']}")
    return n_wrong, unflagged, examples


def score_run(run: dict, truth_dir: Path) -> dict:
    import pandas as pd

    from scripts.score import fixture_name, score
    records = [r for d in run["docs"].values() for r in d.get("records", [])]
    names = {fixture_name(p) for p in run["docs"]}
    if not records:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0, "tp": 0, "n_pred": 0, "n_truth": 0}
    per = {k: v for k, v in score(pd.DataFrame(records), truth_dir)["fixtures"].items() if k in names}
    tp, n_pred, n_truth = (sum(v[m] for v in per.values()) for m in ("tp", "n_pred", "n_truth"))
    p, r = (tp / n_pred if n_pred else 0.0), (tp / n_truth if n_truth else 0.0)
    return {"tp": tp, "n_pred": n_pred, "n_truth": n_truth, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def tables_found(run: dict, truth_dir: Path) -> tuple[int, int, int, int]:
    """(standard tables found, standard tables in the truth, documents with department and year,
    tables read empty that the truth has cells for — tables printed empty do not count)."""
    import csv
    found = expected = meta = empty = 0
    for path, d in run["docs"].items():
        stem = Path(path).stem
        with open(truth_dir / f"{stem}.truth.csv", encoding="utf-8", newline="") as fh:
            want = {r["table_key"] for r in csv.DictReader(fh)}
        expected += len(want)
        found += len(want & set(d["tables"]))
        meta += bool(d["department"]) and bool(d["year"])
        empty += len(want & set(d["empty_tables"]))
    return found, expected, meta, empty


def section_ocr(args) -> dict:
    """Scanned and mixed fixtures: juesuan's OCR path (rapidocr, tesseract) and img2table."""
    fixtures = Path(getattr(args, "fixtures", DEFAULT_FIXTURES))
    docs = getattr(args, "ocr_docs", None) or list(DEFAULT_DOCS)
    if docs == ["all"]:
        docs = sorted(p.name[:-len(".truth.csv")] for p in fixtures.glob("*.truth.csv"))
    dpis = getattr(args, "ocr_dpis", None) or [150, 200, 300]
    engines = getattr(args, "ocr_engines", None) or ["rapidocr", "tesseract", "img2table"]
    variants = make_variants(fixtures, docs, dpis)
    rows = []
    for variant, pdfs in variants.items():
        for engine in engines:
            try:
                run = run_child(engine, pdfs, getattr(args, "timeout", 3600))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                rows.append({"variant": variant, "engine": engine, "error": str(exc).splitlines()[0][:200]})
                continue
            pages = sum(d["ocr_pages"] for d in run["docs"].values())
            row = {"variant": variant, "engine": engine, "docs": len(pdfs), "ocr_pages": pages,
                   "cpu_s_per_page": run["cpu_s"] / pages if pages else None,
                   "wall_s_per_page": run["wall_s"] / pages if pages else None,
                   "load_s": run["load_s"], "peak_mb": run["peak_mb"], "by_path": run.get("by_path", {})}
            from scripts.bench import value_scores
            row["value"] = value_scores(run["docs"], CACHE)
            if engine != "img2table":
                row["keyed"] = score_run(run, CACHE)
                row["wrong"], row["unflagged"], row["unflagged_examples"] = unflagged_wrong(run, CACHE)
                row["tables_found"], row["tables_expected"], row["meta_ok"], row["empty_tables"] = tables_found(
                    run, CACHE
                )
            rows.append(row)
            print(
                f"  ocr {variant} {engine}: "
                f"{json.dumps({k: v for k, v in row.items() if k != 'value'}, default=str)[:300]}",
                file=sys.stderr,
                flush=True,
            )
    lines = [
        f"### ocr: {len(docs)} fixtures ({', '.join(docs)}) as scans and mixed PDFs; one process pinned to one core",
        "",
        "| variant | engine | OCR pages | CPU s/page | wall s/page | peak MB | keyed F1 (P/R) | value P/R | "
        "tables | dept+year | empty tables | wrong cells (unflagged) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['variant']} | {r['engine']} | {r['error']} |")
            continue
        k = r.get("keyed")
        keyed = f"{k['f1']:.3f} ({k['precision']:.3f}/{k['recall']:.3f})" if k else "n/a (no keys)"
        v = r["value"]
        tables = f"{r['tables_found']}/{r['tables_expected']}" if k else "—"
        lines.append(
            f"| {r['variant']} | {r['engine']} | {r['ocr_pages']} | {_f(r['cpu_s_per_page'])} | "
            f"{_f(r['wall_s_per_page'])} | {r['peak_mb']:.0f} | {keyed} | {v['precision']:.3f}/{v['recall']:.3f} | "
            f"{tables} | {r.get('meta_ok', '—')}/{r['docs']} | {r.get('empty_tables', '—')} | "
            f"{r.get('wrong', '—')} ({r.get('unflagged', '—')}) |"
        )
    lines += [
        "",
        "By page and OCR path (CPU s of read_page_ocr per page: render, orientation, rulings, recognition):",
        "",
        "| variant | engine | page, path | pages | CPU s/page |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    lines += [f"| {r['variant']} | {r['engine']} | {group} | {g['pages']} | {g['cpu_s_per_page']:.2f} |"
              for r in rows for group, g in r.get("by_path", {}).items()]
    lines += [
        "",
        "CPU s/page: CPU seconds of the extraction loop / pages read by OCR (scans: every page; mixed: the "
        "table pages), models loaded beforehand; peak MB: the worker's ru_maxrss. empty tables: tables read without "
        "cells that the truth has cells for. wrong cells: predicted cells "
        "that are wrong or not in the truth; unflagged: of those, without a checks.csv finding on their row "
        "and with OCR confidence >= the low-confidence bar. See scripts/bench_ocr.py.",
    ]
    return {"name": "ocr", "rows": rows, "markdown": "\n".join(lines)}


def _f(x, fmt="{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixtures", default=str(DEFAULT_FIXTURES))
    ap.add_argument("--docs", default=",".join(DEFAULT_DOCS), help="fixture stems, or 'all'")
    ap.add_argument("--dpis", default="150,200,300")
    ap.add_argument("--engines", default="rapidocr,tesseract,img2table",
                    help="of: rapidocr, rapidocr-detection (juesuan --ocr-page-detection), tesseract, img2table")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    a.ocr_docs = a.docs.split(",")
    a.ocr_dpis = [int(x) for x in a.dpis.split(",") if x]
    a.ocr_engines = a.engines.split(",")
    res = section_ocr(a)
    print(res["markdown"])
    if a.json:
        Path(a.json).write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
