"""Shared test helpers: where the read-only real reports live, and running the CLI."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"


@pytest.fixture(scope="session")
def real_report():
    """real_report(name) → path of a real report, or skip when ../shared/real is absent."""
    def find(name: str) -> Path:
        path = REAL / name
        if not path.exists():
            pytest.skip(f"{path} not present (../shared/real beside the checkout)")
        return path
    return find


def load_script(name: str):
    """A module of scripts/ (the fixture generators, the scorer, the benchmarks), loaded once per
    test process under its own name so that the scripts' own imports of each other find it."""
    if name in sys.modules:
        return sys.modules[name]
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def generate_and_extract(script: str, tmp_path_factory) -> tuple[Path, Path]:
    """Run a fixture generator of scripts/ into a fresh folder, then `juesuan extract` over it with
    2 workers (exit 0 asserted): (the generated folder, the output folder)."""
    from juesuan.cli import main

    fixtures = tmp_path_factory.mktemp(script)
    subprocess.run([sys.executable, str(ROOT / "scripts" / f"{script}.py"), str(fixtures)], check=True, capture_output=True)
    out = tmp_path_factory.mktemp(f"{script}_out")
    assert main(["extract", str(fixtures), "-o", str(out), "-q", "--workers", "2"]) == 0
    return fixtures, out
