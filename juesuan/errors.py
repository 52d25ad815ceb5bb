"""Exit codes and the failures that map to them, in one place (after OCRmyPDF's exceptions.py).

Messages shown to a user are one line: parser exceptions can carry dicts, bytes and newlines,
so whatever an exception says is squeezed through `one_line` before it reaches a terminal or a CSV.
"""
from __future__ import annotations

import errno
import re
from enum import Enum, IntEnum
from pathlib import Path

MESSAGE_LIMIT = 300


class ExitCode(IntEnum):
    ok = 0  # every document extracted (diff: identical)
    documents_failed = 1  # some documents failed or are partial; the others are written (diff: different)
    usage = 2  # bad arguments, unusable output folder, another run holds the folder
    internal = 3  # juesuan itself failed: a bug, never a bad input
    interrupted = 130  # Ctrl-C: stopped, cache intact
    terminated = 143  # SIGTERM: stopped as by Ctrl-C, cache intact (128 + 15, as shells report it)
    broken_pipe = 141  # the reader of stdout went away (`juesuan diff … | head`)


class _Word(str, Enum):
    """A str-valued enum: compares, hashes, pickles to and prints as its value ("ok"), so the outputs that held
    the bare string (documents.csv, checks.csv, run.json, messages) stay byte-identical while code names the
    members."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Status(_Word):
    """A document's outcome (documents.csv `status`)."""

    OK = "ok"  # every table read
    PARTIAL = "partial"  # written, but something was not read (a page, an image table, a cell); `error` says what
    FAILED = "failed"  # nothing written for it; `failure` says why
    DUPLICATE = "duplicate"  # the same content as another input: that one's result stands


class Severity(_Word):
    """A finding's weight (checks.csv `severity`)."""

    OK = "ok"  # a check that holds (the narrative's, kept in memory; not written)
    ROUNDING = "rounding"  # off by no more than the printed rounding allows
    ERROR = "error"  # a broken sum, a cell or amount not read
    WARNING = "warning"  # something a user should look at: an image table left unread, no department
    INFO = "info"  # a note: a suggested reading, a name taken from the catalogue


class Failure(_Word):
    """Why a document failed (documents.csv `failure`; "" when it did not)."""

    INPUT = "input"  # the file: not a PDF, encrypted, no table, too many pages, changed while read
    TIMEOUT = "timeout"  # over --timeout
    MEMORY = "memory"  # over --max-memory
    WORKER = "worker"  # the worker reading it died
    INTERNAL = "internal"  # a bug in juesuan (the run exits 3)


class JuesuanError(Exception):
    """A failure the user can act on; the message is one line, the exit code says what kind."""

    exit_code = ExitCode.internal


class UsageError(JuesuanError):
    exit_code = ExitCode.usage


class OutputFolderError(UsageError):
    """OUTDIR is a file, read-only, or cannot be created."""


class OutputFolderBusy(UsageError):
    """Another juesuan run holds OUTDIR's lock."""


class OutputFolderFull(UsageError):
    """The file system holding OUTDIR (its cache, staging files, log) or the dataset folder is full."""


class OutputFolderDenied(UsageError):
    """A file under OUTDIR or the dataset folder cannot be written: permission denied, read-only."""


NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
NO_ACCESS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def resource_error(exc: OSError, folders: dict[str, Path]) -> UsageError | None:
    """A full disk or a refused write as the one-line error it is, naming the folder ("OUTDIR",
    "the dataset folder" → its path) that holds the file; None for any other OSError."""
    if exc.errno not in NO_SPACE | NO_ACCESS:
        return None
    where = next(iter(folders))
    if exc.filename:
        target = Path(str(exc.filename)).absolute()
        where = next((name for name, folder in folders.items() if target.is_relative_to(Path(folder).absolute())),
                     where)
    detail = f"{where} ({folders[where]})"
    if exc.errno in NO_SPACE:
        return OutputFolderFull(f"no space left on {detail}; free some space and rerun (finished documents are "
                                "reused from the cache where it could be written)")
    file = f" to {exc.filename}" if exc.filename else ""
    return OutputFolderDenied(f"cannot write{file} in {detail} ({exc.strerror}); make it writable or choose another -o")


_BYTES = re.compile(r"""b(['"]).*?(?<!\\)\1""")
_DICT = re.compile(r"\{[^{}]*\}|<<.*?>>")


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` as one printable line of at most `limit` characters (raw bytes and dicts elided)."""
    text = _BYTES.sub("b'…'", text)
    text = _DICT.sub("{…}", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(exc: BaseException, limit: int = 120) -> str:
    """An exception as 'TypeName: short message' for messages that embed it."""
    detail = one_line(str(exc), limit)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
