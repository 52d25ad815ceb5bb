"""One extraction of the exactly-extracted fixtures, shared by the dataset / diff / review tests
(cached per test process, removed at exit), so the three test files cost one run."""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from juesuan.cli import main

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
# The fixtures extracted exactly (test_fixture_accuracy.PERFECT): expected figures come from their truth.
EXACT = ["caizheng_2023_shanghai", "inconsistent", "jiaoyu_2023_template_title", "minzheng_2023_lattice",
         "minzheng_2024_misaligned", "nongye_2024_rotated", "weijian_2024_fullwidth_neg"]


@functools.cache
def workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="juesuan-test-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.cache
def pdfs() -> Path:
    folder = workdir() / "pdfs"
    folder.mkdir()
    for name in EXACT:
        shutil.copy(GENERATED / f"{name}.pdf", folder)
    return folder


@functools.cache
def extracted(run: str = "a") -> Path:
    """OUTDIR of an extraction of pdfs(); run names give independent runs of the same inputs."""
    out = workdir() / f"out-{run}"
    assert main(["extract", str(pdfs()), "-o", str(out), "-q", "--workers", "2"]) == 0
    return out
