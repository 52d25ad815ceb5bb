#!/usr/bin/env python3
"""How fast juesuan starts: `juesuan --help`, `extract --help`, a worker ready for its first page,
and a whole one-page extraction, each run N times (median and best, hyperfine-style).

    python -m scripts.bench_startup [N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_PAGE = ROOT / "fixtures" / "edge" / "bad_row.pdf"

WORKER = """
import sys, time
t0 = time.perf_counter()
from juesuan.batch import Job, Limits, _Slot
from juesuan.pipeline import Options, content_hash
import multiprocessing as mp
t1 = time.perf_counter()
slot = _Slot(mp.get_context("fork"), Options(), Limits(), None)
slot.conn.send(Job(sys.argv[1], content_hash(sys.argv[1])))
first = slot.conn.recv()  # the worker's first page event: forked, limits set, the PDF open
t2 = time.perf_counter()
slot.kill()
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True)  # bad_row.pdf is partial: exit 1 by design
    return time.perf_counter() - t


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<44} median {statistics.median(samples) * 1000:6.0f} ms   "
        f"best {min(samples) * 1000:6.0f} ms   (n={len(samples)})"
    )


def main(n: int) -> None:
    python = sys.executable
    report("juesuan --help", [timed([python, "-m", "juesuan", "--help"]) for _ in range(n)])
    report("juesuan extract --help", [timed([python, "-m", "juesuan", "extract", "--help"]) for _ in range(n)])
    report("python -c pass (the interpreter alone)", [timed([python, "-c", "pass"]) for _ in range(n)])
    imports, ready = [], []
    for _ in range(n):
        out = subprocess.run(
            [python, "-c", WORKER, str(ONE_PAGE)], check=True, capture_output=True, text=True
        ).stdout.split()
        imports.append(float(out[0]))
        ready.append(float(out[1]))
    report("import batch + pipeline (before any fork)", imports)
    report("worker: fork to its first page event", ready)
    with tempfile.TemporaryDirectory() as tmp:
        report(
            "juesuan extract one page (whole command)",
            [timed([python, "-m", "juesuan", "extract", str(ONE_PAGE), "-o", f"{tmp}/o{i}", "-q"]) for i in range(n)],
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time juesuan's start-up.")
    parser.add_argument("n", nargs="?", type=int, default=10, help="runs of each command (default 10)")
    main(parser.parse_args().n)
