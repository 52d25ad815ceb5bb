"""Did a refactor change what juesuan writes?  Digest its outputs on fixed inputs, compare two digests.

    python -m scripts.check_identical OUT.digest                 # run, write the digest (and OUT.digest.d/)
    python -m scripts.check_identical NEW.digest --compare OLD.digest   # run, then compare; exit 1 on a difference

The inputs: fixtures/generated, fixtures/budget, fixtures/edge (bad inputs), a small layout zoo (scripts/zoo.py,
generated afresh for each run: seeds 106, 107 and 5757, --zoo-n (10) reports each) and ../shared/real/*.pdf when that
folder exists. Each set runs `juesuan extract` into a fresh folder; the digest holds, per set, the sha256 and row
count of cells.csv, checks.csv, facts.csv and documents.csv (the per-document summary, without its run-dependent
columns: seconds, paths). Copies of the compared text go to OUT.digest.d/ so --compare can print the first
differing lines.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
OUTPUTS = ("cells.csv", "checks.csv", "facts.csv", "documents.csv")
ZOO_SEEDS = (106, 107, 5757)
# documents.csv columns that differ from run to run for the same output (time, where the input lay)
VOLATILE = ("seconds", "elapsed", "path", "duration", "cache", "started", "finished", "ms")


def _stable(name: str, text: str) -> str:
    """The output with run-dependent columns dropped (documents.csv only) and temp folders masked."""
    if name != "documents.csv" or not text.strip():
        return text
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, h in enumerate(rows[0]) if not any(v in h.lower() for v in VOLATILE)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] if i < len(row) else "" for i in keep])
    return out.getvalue()


def _extract(paths: list[Path], outdir: Path, workers: int) -> None:
    cmd = [sys.executable, "-m", "juesuan", "extract", "-o", str(outdir), "--workers", str(workers), "-q",
           "--no-xlsx", *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1: some documents failed or partial (the edge set does)
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")


def _sets(work: Path, zoo_n: int) -> dict[str, list[Path]]:
    sets = {"generated": [ROOT / "fixtures" / "generated"], "budget": [ROOT / "fixtures" / "budget"],
            "edge": [ROOT / "fixtures" / "edge"]}
    for seed in ZOO_SEEDS:
        zoo = work / f"zoo{seed}"
        subprocess.run([sys.executable, "-m", "scripts.make_fixtures", "--zoo", str(zoo_n),
                        "--seed", str(seed), str(zoo)], check=True, capture_output=True, cwd=ROOT)
        sets[f"zoo{seed}"] = [zoo]
    real = sorted(REAL.glob("*.pdf"))
    if real:
        sets["real"] = real
    return sets


def run(digest: Path, zoo_n: int, workers: int, only: list[str] | None) -> None:
    copies = Path(f"{digest}.d")
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir(parents=True)
    lines = []
    with tempfile.TemporaryDirectory(prefix="check_identical_") as tmp:
        work = Path(tmp)
        for name, paths in _sets(work, zoo_n).items():
            if only and name not in only:
                continue
            out = work / f"out_{name}"
            _extract(paths, out, workers)
            for output in OUTPUTS:
                path = out / output
                text = _stable(output, path.read_text(encoding="utf-8")) if path.exists() else "<absent>\n"
                text = text.replace(str(work), "<work>").replace(str(ROOT.parent), "<root>")
                (copies / f"{name}.{output}").write_text(text, encoding="utf-8")
                sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
                lines.append(f"{name}\t{output}\t{sha}\t{text.count(chr(10))}\n")
            print(f"{name}: done", file=sys.stderr)
    digest.write_text("".join(lines), encoding="utf-8")


def _read(digest: Path) -> dict[tuple[str, str], str]:
    rows = [line.split("\t") for line in digest.read_text(encoding="utf-8").splitlines() if line]
    return {(r[0], r[1]): f"{r[2]} ({r[3]} lines)" for r in rows}


def compare(new: Path, old: Path, context: int = 8) -> int:
    """Print each differing output and its first differing lines; the number of differing outputs."""
    a, b = _read(old), _read(new)
    differing = 0
    for key in sorted(a.keys() | b.keys()):
        if a.get(key) == b.get(key):
            continue
        differing += 1
        print(f"DIFFERS {key[0]}/{key[1]}: old {a.get(key)} new {b.get(key)}")
        old_copy, new_copy = Path(f"{old}.d") / f"{key[0]}.{key[1]}", Path(f"{new}.d") / f"{key[0]}.{key[1]}"
        if old_copy.exists() and new_copy.exists():
            diff = difflib.unified_diff(old_copy.read_text(encoding="utf-8").splitlines(),
                                        new_copy.read_text(encoding="utf-8").splitlines(), "old", "new", n=0,
                                        lineterm="")
            for i, line in enumerate(diff):
                if i >= context + 3:
                    print("  …")
                    break
                print("  " + line[:240])
    print(f"{len(a.keys() | b.keys()) - differing} outputs identical, {differing} differ")
    return differing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("digest", type=Path, help="where the digest of this run goes")
    ap.add_argument("--compare", type=Path, metavar="OLD", help="an earlier digest: exit 1 when they differ")
    ap.add_argument("--zoo-n", type=int, default=10, help="zoo reports per seed (default 10)")
    ap.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    ap.add_argument("--only", nargs="*", help="only these sets (generated budget edge zoo106 … real)")
    ap.add_argument("--no-run", action="store_true", help="compare existing digests only")
    args = ap.parse_args(argv)
    if not args.no_run:
        run(args.digest, args.zoo_n, args.workers, args.only)
    if args.compare:
        return 1 if compare(args.digest, args.compare) else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
