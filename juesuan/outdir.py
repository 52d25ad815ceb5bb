"""OUTDIR for one run: checked before any work, locked against a second run, holding the run's log.

The lock is an flock on OUTDIR/.lock, released by the kernel however the run ends (even kill -9),
so a stale lock never blocks a later run. The log, OUTDIR/juesuan.log, takes library warnings
(pdfminer's FontBBox lines …), whatever workers print, and the traceback of an internal error.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from juesuan.errors import JuesuanError, OutputFolderBusy, OutputFolderError

LOCK_NAME = ".lock"
LOG_NAME = "juesuan.log"
RUN_NAME = "run.json"


class OutputFolder:
    """`with OutputFolder(path) as out:` — the folder usable, locked and logging, or a UsageError."""

    def __init__(self, path: Path, log_level: str = "info"):
        self.path = Path(path)
        self.log_level = log_level.upper()  # of juesuan's own loggers; libraries' warnings are kept whatever it is
        self.log_file = self.path / LOG_NAME
        self._lock_fd: int | None = None
        self._handler: logging.Handler | None = None

    def __enter__(self) -> "OutputFolder":
        check_writable(self.path)
        self._lock()
        self._start_log()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if exc is not None and not isinstance(exc, (JuesuanError, KeyboardInterrupt)):
            logging.getLogger("juesuan").error("internal error", exc_info=(kind, exc, tb))
            exc.juesuan_log = self.log_file  # for the one-line message naming where the traceback is
        if self._handler is not None:
            root = logging.getLogger()
            root.removeHandler(self._handler)
            self._handler.close()
            logging.getLogger("juesuan").setLevel(self._level)
            logging.captureWarnings(False)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock

    def _lock(self) -> None:
        fd = os.open(self.path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            os.close(fd)
            raise OutputFolderBusy(
                f"{self.path}: another juesuan run is writing here{f' (pid {holder})' if holder else ''}; "
                "wait for it to finish or choose another -o folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _start_log(self) -> None:
        handler = _QuietFileHandler(self.log_file, mode="w", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        logging.captureWarnings(True)
        self._handler = handler
        own = logging.getLogger("juesuan")
        self._level = own.level
        own.setLevel(self.log_level)

    def record_run(self, argv: list[str], summary: dict | None = None) -> dict:
        """run.json: where the run was made, so relative source paths can be found from anywhere,
        and what it holds (summary)."""
        info = {"cwd": os.getcwd(), "argv": argv, "python": sys.version.split()[0],
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **(summary or {})}
        (self.path / RUN_NAME).write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return info


class _QuietFileHandler(logging.FileHandler):
    """The run's log: a line it cannot write (a full disk) is lost, not a traceback on the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def check_writable(path: Path) -> None:
    """OUTDIR exists (created if need be) as a folder this process can create files in."""
    if path.exists() and not path.is_dir():
        raise OutputFolderError(f"{path}: exists and is not a folder; choose another -o")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputFolderError(f"{path}: cannot write here ({exc.strerror}); choose another -o") from None


def run_folder(outdir: Path) -> Path | None:
    """The folder a run in OUTDIR was made from (run.json), if recorded."""
    try:
        return Path(json.loads((Path(outdir) / RUN_NAME).read_text(encoding="utf-8"))["cwd"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
