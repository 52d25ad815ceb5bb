"""Resource failures are the folder's, not bugs: a full disk or a refused write under OUTDIR is one
line and exit 2, with no staging or temporary file left and the next run (with space) whole (issue 31)."""
from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan.errors import ExitCode, OutputFolderDenied, OutputFolderFull, resource_error

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, unmounted afterwards (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all of `disk` but `leave` bytes."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(bytes(4096))
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with open(filler, "r+b") as fh:
        fh.truncate(max(0, filler.stat().st_size - leave))
    return filler


def _extract(out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "juesuan", "extract", str(GOOD), "-o", str(out), "-q", "--workers", "1"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_a_full_disk_is_one_line_and_exit_2_and_leaves_nothing_half_made(small_disk):
    out = small_disk / "out"
    out.mkdir()
    filler = _fill(small_disk, leave=16 * 1024)
    run = _extract(out)
    assert run.returncode == ExitCode.usage, run.stderr
    assert run.stderr.splitlines() == [f"juesuan: error: no space left on OUTDIR ({out}); free some space and rerun "
                                       "(finished documents are reused from the cache where it could be written)"]
    assert not (out / ".staging").exists() and not list(out.rglob("*.tmp")) and not (out / "cells.csv").exists()
    filler.unlink()
    again = _extract(out)
    assert again.returncode == ExitCode.ok, again.stderr
    assert (out / "cells.csv").stat().st_size > 0 and not (out / ".staging").exists()


def test_resource_errors_name_the_folder_holding_the_file(tmp_path):
    out, data = tmp_path / "out", tmp_path / "data"
    folders = {"OUTDIR": out, "the dataset folder": data}
    full = resource_error(OSError(errno.ENOSPC, "No space left on device", str(data / "year=2023" / "x")), folders)
    assert isinstance(full, OutputFolderFull) and str(full).startswith(f"no space left on the dataset folder ({data})")
    denied = resource_error(OSError(errno.EACCES, "Permission denied", str(out / ".staging" / "t.csv")), folders)
    assert isinstance(denied, OutputFolderDenied)
    assert str(denied).startswith(f"cannot write to {out / '.staging' / 't.csv'} in OUTDIR ({out})")
    assert full.exit_code == denied.exit_code == ExitCode.usage
    assert resource_error(OSError(errno.ENOENT, "No such file or directory"), folders) is None


def test_a_full_cache_costs_only_the_cache(tmp_path):
    """OUTDIR has room but its .cache (another file system) is full: the results are written, each
    store that fails is logged and its temporary file removed, the run exits 0."""
    out = tmp_path / "out"
    cache = out / ".cache"
    cache.mkdir(parents=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(cache)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        _fill(cache, leave=0)
        run = _extract(out)
        assert run.returncode == ExitCode.ok, run.stderr
        assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr  # the summary line only
        assert (out / "cells.csv").stat().st_size > 0
        assert sorted(p.name for p in cache.iterdir()) == ["filler"]  # no entry, no temporary file
        assert "is not cached (OSError: [Errno 28] No space left on device" in (out / "juesuan.log").read_text()
    finally:
        subprocess.run(["umount", "-l", str(cache)], check=True)
