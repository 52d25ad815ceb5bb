"""The scripts in scripts/ parse their arguments: `--help` prints usage and writes nothing
(it was once taken for an output folder and the budget fixtures were written into `--help/`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["budget_fixtures", "make_hostile", "build_observed_catalogue", "bench_startup"])
def test_help_prints_usage_and_writes_nothing(script, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # run from an empty folder, so the checkout is put on the path
    proc = subprocess.run([sys.executable, "-m", f"scripts.{script}", "--help"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:")
    assert list(tmp_path.iterdir()) == []
