"""A one-line live progress bar on a terminal; silence elsewhere (logs, CI, pipes)."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from .model import Document


class Progress:
    def __init__(self, total: int, cached: int = 0, stream: TextIO = sys.stderr, enabled: bool | None = None):
        self.total, self.done, self.failed, self.pages = total, cached, 0, 0
        self.cached = cached
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()

    def update(self, doc: Document) -> None:
        self.done += 1
        self.pages += doc.pages
        self.failed += doc.status == "failed"
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = self.pages / elapsed
        fresh = self.done - self.cached
        eta = (self.total - self.done) * elapsed / fresh if fresh else 0
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        name = doc.source_file.rsplit("/", 1)[-1][:30]
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files"
                f" {rate:5.1f} pages/s  {self.failed} failed  eta {eta:4.0f}s  {name:<30}")
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
