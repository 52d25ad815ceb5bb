#!/usr/bin/env python3
"""CPU seconds per OCR'd page, by stage, in one process with every thread pool at 1 (one core).

    python -m scripts.ocr_profile SCAN.pdf [SCAN2.pdf ...] [--engine rapidocr] [--page-detection] [--json OUT]
    python -m scripts.ocr_profile --docs minzheng_2023_lattice weijian_2023_borderless_yuan   # cached 200-dpi scans

`--docs` names fixtures of fixtures/generated; their 200-dpi scans come from scripts/bench_ocr.py's cache
(generated there when missing). Each document goes through juesuan's whole extraction (pipeline.extract_document);
the OCR functions are wrapped so that each call's CPU time goes to its stage, exclusive of the stages it calls
(a re-read's recognizer calls are shown under the re-read). "pipeline (rest)" is everything else of the extraction:
the text layer, table building, checks. Model loading is measured apart, before the first document.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from scripts.bench import THREAD_ENV

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    t = os.times()  # tesseract runs as a child process: count it too
    return t.user + t.system + t.children_user + t.children_system


class Stages:
    """Exclusive CPU seconds per stage: a wrapped call's time minus that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list] = []  # [label, inner seconds]

    def wrap(self, fn, label: str):
        def timed(*a, **kw):
            parent = self._stack[-1][0] if self._stack else ""
            name = label(parent) if callable(label) else label
            self._stack.append([name, 0.0])
            c0 = _cpu()
            try:
                return fn(*a, **kw)
            finally:
                spent = _cpu() - c0
                _, inner = self._stack.pop()
                self.cpu[name] += spent - inner
                self.calls[name] += 1
                if self._stack:
                    self._stack[-1][1] += spent
        timed.__wrapped__ = fn
        return timed

    def patch(self, module, name: str, label) -> None:
        """Wrap `name` in `module` and wherever another OCR module imported it by name."""
        original = getattr(module, name)
        timed = self.wrap(original, label)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("juesuan.extract.ocr") and getattr(mod, name, None) is original:
                setattr(mod, name, timed)


def _recognize_label(parent: str) -> str:
    return f"recognize: {parent or 'other'}"


def instrument(engine) -> Stages:
    from juesuan.extract.ocr import cells, deskew, grid, ink_words, lines, page, raster, reread

    st = Stages()
    st.patch(raster, "render_page", "render")
    st.patch(deskew, "upright", "upright + deskew")
    st.patch(grid, "find_lines", "rulings (find_lines)")
    st.patch(lines, "text_ink", "ink mask")
    st.patch(ink_words, "ruled_cells", "cells + word boxes")
    st.patch(ink_words, "text_boxes", "cells + word boxes")
    st.patch(cells, "read_cells", "cells path (crops, rest)")
    st.patch(reread, "reread_doubtful", "re-read doubtful (cells)")
    st.patch(page, "_read_detected", "detection path (line cutting, rest)")
    st.patch(reread, "missed_text", "missed text (detection)")
    st.patch(reread, "reread_numbers", "re-read numbers (detection)")
    st.patch(reread, "reread_short_codes", "re-read short codes (detection)")
    st.patch(page, "page_words", "words (settle, nested repeats)")
    st.patch(page, "read_page_ocr", "read_page_ocr (rest)")
    if hasattr(engine, "recognize"):
        engine.recognize = st.wrap(engine.recognize, _recognize_label)
    if hasattr(engine, "upside_down"):
        engine.upside_down = st.wrap(engine.upside_down, "orientation model")
    ocr = getattr(engine, "_ocr", None)
    if ocr is not None:  # RapidOCR: the page-wide detector and the recognizer of detected lines
        ocr.text_det = _Timed(ocr.text_det, st.wrap(ocr.text_det.__call__, "detect (page-wide)"))
        ocr.text_rec = _Timed(ocr.text_rec, st.wrap(ocr.text_rec.__call__, "recognize: detected lines"))
    if engine.name == "tesseract":
        engine.read = st.wrap(engine.read, "tesseract page read")
    return st


class _Timed:
    """An object whose calls are timed; its attributes are the object's own."""

    def __init__(self, obj, call) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_call", call)

    def __call__(self, *a, **kw):
        return self._call(*a, **kw)

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __setattr__(self, name, value):
        setattr(self._obj, name, value)


def profile(pdfs: list[Path], engine_name: str, ruled: bool, dpi: float) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import resource

    c0 = _cpu()
    from juesuan.extract.ocr.engines import get_engine
    from juesuan.pipeline import Options, extract_document

    engine = get_engine(engine_name)
    load = _cpu() - c0
    st = instrument(engine)
    pages, ocr_pages, total, by_kind = 0, 0, 0.0, defaultdict(lambda: [0, 0.0])
    from juesuan.extract.ocr import page as ocr_page
    seen: dict[int, tuple[str, float]] = {}
    read = ocr_page.read_page_ocr

    def per_page(pdf_path, page_index, *a, **kw):
        p0 = _cpu()
        content = read(pdf_path, page_index, *a, **kw)
        seen[page_index + 1] = (content.method_reason.split(",")[0], _cpu() - p0)
        return content

    ocr_page.read_page_ocr = per_page
    for pdf in pdfs:
        seen.clear()
        d0 = _cpu()
        doc = extract_document(pdf, Options(ocr_engine=engine_name, ocr_cells=ruled, dpi=dpi))
        total += _cpu() - d0
        pages += doc.pages
        ocr_pages += len(seen)
        kinds = {int(k.split(":")[0]): k.split(":")[1] for k in doc.page_kinds}
        for number, (path, seconds) in seen.items():
            kind = "table" if kinds.get(number) == "table" else "other"
            by_kind[f"{kind} page, {path}"][0] += 1
            by_kind[f"{kind} page, {path}"][1] += seconds
    stages = dict(st.cpu)
    stages["pipeline (rest)"] = total - sum(stages.values())
    return {"engine": engine_name, "documents": len(pdfs), "pages": pages, "ocr_pages": ocr_pages,
            "model_load_cpu_s": load, "cpu_s": total, "stages": stages, "calls": dict(st.calls),
            "by_kind": {k: {"pages": n, "cpu_s_per_page": s / n} for k, (n, s) in sorted(by_kind.items())},
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def markdown(r: dict) -> str:
    n = max(1, r["ocr_pages"])
    lines = [f"{r['documents']} documents, {r['pages']} pages ({r['ocr_pages']} OCR'd), engine {r['engine']}, "
             f"one thread; model load {r['model_load_cpu_s']:.2f} CPU s; peak {r['peak_mb']:.0f} MB", "",
             "| stage | CPU s | CPU s / OCR'd page | share | calls |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, s in sorted(r["stages"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {s:.2f} | {s / n:.3f} | {s / r['cpu_s']:.0%} | {r['calls'].get(name, '')} |")
    whole = (r["cpu_s"] + r["model_load_cpu_s"]) / max(1, r["pages"])
    lines += [f"| **all** | {r['cpu_s']:.2f} | {r['cpu_s'] / n:.3f} | 100% | |", "",
              f"whole documents, model load included: {whole:.2f} CPU s per page", "",
              "| page kind, OCR path | pages | CPU s/page (read_page_ocr) |", "| --- | ---: | ---: |"]
    lines += [f"| {k} | {v['pages']} | {v['cpu_s_per_page']:.3f} |" for k, v in r["by_kind"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--docs", nargs="+", default=[], help="fixtures whose cached 200-dpi scans to read")
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--dpi", type=float, default=200)
    ap.add_argument("--page-detection", action="store_true", help="page-wide detection on ruled pages too")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    a = ap.parse_args(argv)
    os.environ.update(THREAD_ENV)  # before OpenCV and onnxruntime are loaded (profile() imports them)
    pdfs = list(a.pdfs)
    if a.docs:
        from scripts import bench_ocr
        pdfs += bench_ocr.make_variants(bench_ocr.DEFAULT_FIXTURES, a.docs, [200], mixed=False)["scan200"]
    if not pdfs:
        ap.error("no PDFs: name some, or --docs")
    t0 = time.perf_counter()
    r = profile(pdfs, a.engine, not a.page_detection, a.dpi)
    r["wall_s"] = time.perf_counter() - t0
    print(markdown(r))
    if a.json:
        a.json.write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
