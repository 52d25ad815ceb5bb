"""The scripts in scripts/ parse their arguments: `--help` prints usage and writes nothing
(it was once taken for an output folder and the budget fixtures were written into `--help/`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


@pytest.mark.parametrize("script", ["budget_fixtures.py", "make_hostile.py", "build_observed_catalogue.py", "bench_startup.py"])
def test_help_prints_usage_and_writes_nothing(script, tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPTS / script), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:")
    assert list(tmp_path.iterdir()) == []
