"""A one-line live progress bar on a terminal; silence elsewhere (logs, CI, pipes).

It is drawn the moment a run starts and advances page by page (workers report each page they
read), so a long OCR document shows it is moving.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

from typing import TYPE_CHECKING

from .model import Document, DocumentSummary

if TYPE_CHECKING:
    from .batch import PageDone

REDRAW_SECONDS = 0.1  # pages can come faster than a terminal wants them


class Progress:
    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool | None = None):
        self.total, self.done, self.failed, self.reused = total, 0, 0, 0
        self.pages = 0  # pages read by this run (reused documents are not read)
        self.reading: dict[str, tuple[int, int]] = {}  # path → (pages read, pages) of documents in hand
        self.current = ""
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self._drawn = 0.0
        self._draw(force=True)

    def reuse(self, doc: Document) -> None:
        """A document whose result an earlier run left in the cache."""
        self.reused += 1
        self._finish(doc, force=False)

    def page(self, event: PageDone) -> None:
        before = self.reading.get(event.path, (0, 0))[0]
        self.pages += max(0, event.done - before)
        self.reading[event.path] = (event.done, event.total)
        self.current = event.path
        self._draw()

    def update(self, doc: DocumentSummary) -> None:
        """A document this run extracted (or failed)."""
        self.reading.pop(doc.source_file, None)
        self.current = doc.source_file
        self._finish(doc, force=True)

    def _finish(self, doc: Document | DocumentSummary, force: bool) -> None:
        self.done += 1
        self.failed += doc.status == "failed"
        self._draw(force=force or self.done == self.total)

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._drawn < REDRAW_SECONDS):
            return
        self._drawn = now
        elapsed = max(now - self.start, 1e-6)
        fresh = self.done - self.reused
        eta = f"{(self.total - self.done) * elapsed / fresh:4.0f}s" if fresh else "   ?"
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        name = self.current.rsplit("/", 1)[-1][:30]
        done, total = self.reading.get(self.current, (0, 0))
        where = f" p.{done}/{total}" if total else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files {self.pages} pages"
                          f" {self.pages / elapsed:5.1f} pages/s  {self.failed} failed  eta {eta}  {name}{where}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
