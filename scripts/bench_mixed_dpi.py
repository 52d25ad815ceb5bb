#!/usr/bin/env python3
"""Mixed reports (text pages, table pages as JPEG pictures) at several picture resolutions: keyed cell F1 and
OCR CPU seconds per table page, measured once (not a test: machine speed varies).

    python -m scripts.bench_mixed_dpi                          # minzheng_2023_lattice at 96, 120, 150, 200 dpi
    python -m scripts.bench_mixed_dpi --docs caizheng_2023_shanghai --dpis 96 120 --quality 60

Each mixed PDF is made by scripts/make_scans.py make_mixed (the picture's dpi, JPEG quality) from a text fixture
with its truth, then extracted with RapidOCR in this process, one thread; "CPU s/page" is the process's CPU time
of the extraction divided by the pages read by OCR (the first document also pays the models' load, so a warm-up
extraction runs first).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_THREAD_LIMIT"):
    os.environ.setdefault(var, "1")


def measure(doc: str, dpi: int, quality: int, work: Path) -> dict:
    import pandas as pd

    from juesuan.pipeline import Options, extract_document
    from juesuan.records import cell_records
    from scripts import make_scans, score

    src = ROOT / "fixtures" / "generated" / f"{doc}.pdf"
    out = work / f"{doc}.mixed{dpi}q{quality}.pdf"
    make_scans.make_mixed(src, out, dpi=dpi, jpeg_quality=quality)
    out.with_suffix(".truth.csv").write_bytes(src.with_suffix(".truth.csv").read_bytes())
    t = os.times()
    result = extract_document(out, Options(ocr_engine="rapidocr"))
    t2 = os.times()
    cpu = (t2.user + t2.system) - (t.user + t.system)
    ocr_pages = sum(1 for k in result.page_kinds if ":ocr" in k)
    s = score.score(pd.DataFrame(cell_records(result)), work)["overall"]
    return {"doc": doc, "dpi": dpi, "quality": quality, "f1": s["f1"], "ocr_pages": ocr_pages,
            "cpu_per_page": cpu / max(1, ocr_pages), "status": result.status}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", nargs="+", default=["minzheng_2023_lattice"])
    ap.add_argument("--dpis", nargs="+", type=int, default=[96, 120, 150, 200])
    ap.add_argument("--quality", type=int, default=75)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        measure(args.docs[0], args.dpis[0], args.quality, work)  # warm-up: the models load once
        for doc in args.docs:
            for dpi in args.dpis:
                w = work / f"{doc}-{dpi}"
                w.mkdir()
                t0 = time.time()
                r = measure(doc, dpi, args.quality, w)
                print(f"{r['doc']} {r['dpi']} dpi q{r['quality']}: F1 {r['f1']:.3f}, {r['ocr_pages']} OCR pages, "
                      f"{r['cpu_per_page']:.2f} CPU s/page, {r['status']} ({time.time() - t0:.0f} s wall)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
