"""Shared test helpers: where the read-only real reports live, and running the CLI."""
from __future__ import annotations

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
