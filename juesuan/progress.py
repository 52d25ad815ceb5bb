"""A one-line live progress bar on a terminal; silence elsewhere (logs, CI, pipes).

It is drawn the moment a run starts and advances page by page (workers report each page they
read), so a long OCR document shows it is moving. The line fits the terminal's width (measured at
each draw, so a resized window is followed, and in display columns: a Chinese file name takes two
per character): a longer line would wrap and every redraw would print a new line.
"""
from __future__ import annotations

import os
import sys
import time
import unicodedata
from typing import TextIO

from typing import TYPE_CHECKING

from .model import Document, DocumentSummary

if TYPE_CHECKING:
    from .batch import PageDone

REDRAW_SECONDS = 0.1  # pages can come faster than a terminal wants them


class Progress:
    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool | None = None, width: int | None = None):
        self.total, self.done, self.failed, self.reused = total, 0, 0, 0
        self.pages = 0  # pages read by this run (reused documents are not read)
        self.reading: dict[str, tuple[int, int]] = {}  # path → (pages read, pages) of documents in hand
        self.current = ""
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.width = width  # None: the terminal's, at each draw
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
        self.stream.write(f"\r{self.line(now)}\x1b[K")
        self.stream.flush()

    def line(self, now: float) -> str:
        """The bar, in at most the terminal's width less one column (the cursor): the less useful
        parts go first (rate, failures, then the file name is cut, then it goes, then eta), then the bar is cut."""
        columns = self._columns()
        elapsed = max(now - self.start, 1e-6)
        fresh = self.done - self.reused
        eta = f"eta {(self.total - self.done) * elapsed / fresh:.0f}s" if fresh else "eta ?"
        name = self.current.rsplit("/", 1)[-1]
        done, total = self.reading.get(self.current, (0, 0))
        where = f" p.{done}/{total}" if total else ""
        bar = 24 if columns is None else max(5, min(24, columns // 6))
        filled = int(bar * self.done / max(self.total, 1))
        head = f"[{'#' * filled}{'.' * (bar - filled)}] {self.done}/{self.total} files {self.pages} pages"
        parts = {"rate": f"{self.pages / elapsed:.1f} pages/s", "failed": f"{self.failed} failed", "eta": eta,
                 "name": f"{_fit(name, 30)}{where}"}
        if columns is None:
            return "  ".join([head, *parts.values()])
        limit = columns - 1
        for drop in ("", "rate", "failed", "name", "eta"):
            if drop == "name":  # before it goes, the name is cut to the room left
                room = limit - display_width("  ".join([head, parts["eta"]])) - 2 - display_width(where)
                if room >= 8:
                    return "  ".join([head, parts["eta"], _fit(name, room) + where])
            parts.pop(drop, None)
            text = "  ".join([head, *parts.values()])
            if display_width(text) <= limit:
                return text
        return _fit(head, limit)

    def _columns(self) -> int | None:
        """The width to fit: given, else the terminal's the stream writes to (None: not a terminal)."""
        if self.width is not None:
            return self.width
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            return None

    def close(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, columns: int) -> str:
    """The text cut to at most `columns` display columns, with … where it was cut."""
    if display_width(text) <= columns:
        return text
    out, used = [], 1
    for ch in text:
        w = display_width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
