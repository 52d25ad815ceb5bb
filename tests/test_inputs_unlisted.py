"""Every input is accounted for: a folder that cannot be listed (no permission, a path longer than the
system allows) is a `failed` row of documents.csv, not a silent gap (issue 31)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan.cli import main
from juesuan.csvfile import read_csv

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"


def _deep_folder(top: Path, length: int) -> Path:
    """A chain of folders whose full path exceeds `length` bytes (made level by level, each call short)."""
    fd = os.open(top, os.O_RDONLY)
    path = top
    try:
        while len(os.fsencode(path)) <= length:
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, path = inner, path / ("d" * 200)
        with open(os.open("deep.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as fh:
            fh.write(GOOD.read_bytes())
    finally:
        os.close(fd)
    return path


def test_a_folder_below_a_path_too_long_is_a_failed_row(tmp_path, capsys):
    top = tmp_path / "in"
    top.mkdir()
    shutil.copy(GOOD, top / "good.pdf")
    deep = _deep_folder(top, os.pathconf(top, "PC_PATH_MAX"))
    out = tmp_path / "out"
    assert main(["extract", str(top), "-o", str(out), "-q"]) == 1
    docs = read_csv(out / "documents.csv")
    assert docs.status.tolist() == ["ok", "failed"] and docs.source_file[0] == str(top / "good.pdf")
    assert deep.is_relative_to(Path(docs.source_file[1]))  # the first folder that cannot be listed
    assert "a folder that cannot be listed (its path is longer than the system allows" in docs.error[1]
    assert len(docs.error[1]) <= 300
    shutil.rmtree(top)  # by file descriptors: pytest's own clean-up need not


def test_a_folder_that_cannot_be_listed_is_a_failed_row(tmp_path):
    base = tmp_path
    (base / "in" / "locked").mkdir(parents=True)
    try:
        shutil.copy(GOOD, base / "in" / "good.pdf")
        shutil.copy(GOOD, base / "in" / "locked" / "hidden.pdf")
        (base / "in" / "locked").chmod(0)
        command = [sys.executable, "-m", "juesuan", "extract", str(base / "in"), "-o", str(base / "out"), "-q"]
        if os.geteuid() == 0:  # root lists any folder; in a user namespace of its own it has no such power
            if not shutil.which("unshare") or subprocess.run(["unshare", "-U", "true"]).returncode:
                pytest.skip("running as root without user namespaces")
            command = ["unshare", "-U", *command]
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert run.returncode == 1, run.stderr
        docs = read_csv(base / "out" / "documents.csv")
        assert docs.source_file.tolist() == [str(base / "in" / "good.pdf"), str(base / "in" / "locked")]
        assert docs.status.tolist() == ["ok", "failed"]
        assert docs.error[1] == (f"{base / 'in' / 'locked'}: a folder that cannot be listed (Permission denied); "
                                 "any PDF in it is not extracted")
    finally:
        (base / "in" / "locked").chmod(0o755)
