"""Rebuild the shipped observed edition from the real reports: `python -m scripts.build_observed_catalogue [REAL_DIR]`.

Runs `juesuan extract` (default options) over REAL_DIR/*.pdf (default ../shared/real) into a temporary
folder, then `juesuan catalogue` over it, and writes schemas/catalogue_observed-YYYY.csv and its
.documents.csv, YYYY being the newest report year, replacing the earlier observed edition.
tests/test_catalogue.py checks that the shipped files are what this gives, byte for byte: rerun it
whenever the reader changes what it extracts from those reports.
"""
from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from pathlib import Path

from juesuan.cli import main
from juesuan.normalize.codes import SCHEMAS, sources_path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
PREFIX = "catalogue_observed-"


def extract(real: Path, out: Path, workers: int = 2) -> None:
    """Exit 1 (a report without tables, such as a budget whose tables are published apart) still
    teaches the rest; anything worse stops the build."""
    pdfs = sorted(str(p) for p in real.glob("*.pdf"))
    if not pdfs or main(["extract", *pdfs, "-o", str(out), "-q", "--workers", str(workers)]) not in (0, 1):
        raise SystemExit(f"{real}: no PDF, or the extraction failed; the observed edition must learn from the reports")


def build(extracted: Path, dest: Path) -> Path:
    """The observed edition of an extraction, written into dest as catalogue_observed-YYYY.csv."""
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "observed.csv"
        if main(["catalogue", str(extracted), "-o", str(built)]) != 0:
            raise SystemExit(f"juesuan catalogue {extracted} failed")
        with open(sources_path(built), encoding="utf-8", newline="") as fh:
            year = max(int(r["year"]) for r in csv.DictReader(fh))
        target = dest / f"{PREFIX}{year}.csv"
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)
        shutil.copyfile(sources_path(built), sources_path(target))
    return target


def shipped(folder: Path = SCHEMAS) -> list[Path]:
    return sorted(p for p in folder.glob(f"{PREFIX}*.csv") if not p.name.endswith(".documents.csv"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Rebuild the observed-codes catalogue in schemas/ from real reports.")
    parser.add_argument(
        "real", nargs="?", type=Path, default=REAL, help="folder of real reports (default: ../shared/real)"
    )
    real = parser.parse_args().real
    with tempfile.TemporaryDirectory() as work:
        extract(real, Path(work) / "out")
        for old in shipped():
            old.unlink()
            sources_path(old).unlink(missing_ok=True)
        target = build(Path(work) / "out", SCHEMAS)
    print(f"wrote {target} and {sources_path(target)}")
