"""What the user named, as a list of inputs: every file a folder holds under a .pdf name (any case,
`.pdf` itself included) and every file named directly, each reported in documents.csv.

Whatever cannot be read at all (a folder named like a PDF, a dangling or looping link) is an input
with a `problem`, reported as failed rather than stopping the run, and so is a folder that cannot be
listed (no permission, a path longer than the system allows): the PDFs it may hold are not silently
left out. The same file reached by two paths is extracted once and the second path noted as its duplicate.
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from juesuan.errors import UsageError


@dataclass(frozen=True)
class Input:
    path: Path
    problem: str = ""  # why the input cannot be read at all; "" when it is a regular file
    same_as: Path | None = None  # an earlier input that is the very same file


def collect_inputs(paths: list[str]) -> list[Input]:
    """Inputs in the order named, folders searched recursively (sorted), each file once."""
    found: list[Input] = []
    for name in paths:
        p = Path(name)
        if p.is_dir():
            found.extend(_search(p))
        elif p.is_file() or os.path.lexists(p):
            found.append(_classify(p))
        else:
            raise UsageError(f"{p}: no such file or folder")
    if not found:
        raise UsageError(f"no PDF files found in {', '.join(paths)}")
    return _mark_duplicates(found)


def _search(folder: Path) -> list[Input]:
    out = []

    def unlisted(exc: OSError) -> None:
        out.append(Input(Path(exc.filename or folder), f"a folder that cannot be listed ({_reason(exc)}); "
                                                       "any PDF in it is not extracted"))

    for root, dirs, files in os.walk(folder, onerror=unlisted):  # symlinked folders are not followed: no loops
        dirs.sort()
        for name in sorted(dirs + files):
            if name.lower().endswith(".pdf"):
                out.append(_classify(Path(root) / name))
    return out


def _classify(p: Path) -> Input:
    if p.is_file():
        return Input(p)
    if p.is_dir():
        return Input(p, "a folder named like a PDF, not a PDF file")
    try:
        os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Input(p, "a symbolic link loop")
        if os.path.islink(p):
            return Input(p, f"a dangling symbolic link (to {os.readlink(p)}, which does not exist)")
        return Input(p, f"cannot be read: {_reason(exc)}")
    return Input(p, "not a regular file")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return f"its path is longer than the system allows ({len(os.fsencode(exc.filename or ''))} bytes)"
    return exc.strerror or str(exc)


def _mark_duplicates(inputs: list[Input]) -> list[Input]:
    """Drop a path named twice; of several paths to one file (links, hard links) the first that is
    not a symbolic link is extracted, the others are its duplicates."""
    unique: dict[str, Input] = {}
    for item in inputs:
        unique.setdefault(os.path.abspath(item.path), item)
    groups: dict[tuple[int, int], list[Path]] = {}
    for item in unique.values():
        if not item.problem:
            st = os.stat(item.path)
            groups.setdefault((st.st_dev, st.st_ino), []).append(item.path)
    primary = {p: next((q for q in paths if not q.is_symlink()), paths[0]) for paths in groups.values() for p in paths}
    return [Input(i.path, same_as=primary[i.path]) if not i.problem and primary[i.path] != i.path else i
            for i in unique.values()]
