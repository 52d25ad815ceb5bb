"""Progress: a one-line live bar on a terminal, plain periodic lines in the run's log (and on stderr
with --progress plain, for cron and CI, where a bar cannot be drawn).

The bar is drawn the moment a run starts and advances page by page (workers report each page they
read), so a long OCR document shows it is moving. The line fits the terminal's width (measured at
each draw, so a resized window is followed, and in display columns: a Chinese file name takes two
per character): a longer line would wrap and every redraw would print a new line.

The ETA counts pages, not files, and prices them by how they are read: an OCR page costs a worker
some seconds, a text page a fraction of one. Each method's cost per page is learnt from the pages
read so far (workers say how long each took); the pages left are priced at the share of OCR pages
their document has shown (a document not started yet: the run's share, at the run's mean pages a
document); the sum, in worker-seconds, is turned into wall time at the rate the run has turned
worker-seconds into wall time so far (however many workers, however busy the machine).
"""
from __future__ import annotations

import logging
import os
import sys
import time
import unicodedata
from typing import TYPE_CHECKING, TextIO

from juesuan.model import Document, DocumentSummary

if TYPE_CHECKING:
    from juesuan.batch import PageDone

REDRAW_SECONDS = 0.1  # pages can come faster than a terminal wants them
PLAIN_SECONDS = 30.0  # a plain line at most this often (and at the start and the end)
METHODS = ("text", "ocr")

log = logging.getLogger("juesuan.progress")


class Progress:
    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool | None = None, width: int | None = None,
                 plain: TextIO | None = None, every: float = PLAIN_SECONDS):
        self.total, self.done, self.failed, self.reused = total, 0, 0, 0
        self.pages = 0  # pages read by this run (reused documents are not read)
        self.reading: dict[str, tuple[int, int]] = {}  # path → (pages read, pages) of documents in hand
        self.current = ""
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.width = width  # None: the terminal's, at each draw
        self.plain, self.every = plain, every  # plain lines go to the log, and to `plain` if given
        self.seconds = dict.fromkeys(METHODS, 0.0)  # worker-seconds spent on pages read by each method
        self.read = dict.fromkeys(METHODS, 0)  # pages read by each method
        self.by_doc: dict[str, tuple[int, int]] = {}  # path → (OCR pages, pages whose method is known)
        self.sizes: dict[str, int] = {}  # path → pages, of every document this run has started
        self.start = time.monotonic()
        self._drawn = 0.0
        self._told = 0.0
        self._draw(force=True)
        self._tell(self.start, force=True)

    def reuse(self, doc: Document) -> None:
        """A document whose result an earlier run left in the cache."""
        self.reused += 1
        self._finish(doc, force=False)

    def page(self, event: PageDone) -> None:
        before = self.reading.get(event.path, (0, 0))[0]
        self.pages += max(0, event.done - before)
        self.reading[event.path] = (event.done, event.total)
        self.sizes[event.path] = event.total
        if event.method in METHODS:
            self.seconds[event.method] += event.seconds
            self.read[event.method] += 1
            ocr, known = self.by_doc.get(event.path, (0, 0))
            self.by_doc[event.path] = (ocr + (event.method == "ocr"), known + 1)
        self.current = event.path
        self._draw()
        self._tell(time.monotonic())

    def eta(self, now: float) -> float | None:
        """Seconds left (module docstring); None until a page has been read and timed or a document extracted."""
        spent, read = sum(self.seconds.values()), sum(self.read.values())
        elapsed = max(now - self.start, 1e-6)
        if not read or spent <= 0:  # no page timed (Ray reports none): by documents, if any was extracted
            fresh = self.done - self.reused
            return (self.total - self.done) * elapsed / fresh if fresh else None
        per_page = {m: self.seconds[m] / self.read[m] for m in METHODS if self.read[m]}
        text, ocr = per_page.get("text", per_page.get("ocr")), per_page.get("ocr", per_page.get("text"))
        run_share = self.read["ocr"] / read

        def cost(pages: float, share: float) -> float:
            return pages * (share * ocr + (1 - share) * text)

        left = 0.0
        for path, (done, total) in self.reading.items():
            ocr_pages, known = self.by_doc.get(path, (0, 0))
            left += cost(max(0, total - done), ocr_pages / known if known else run_share)
        unstarted = self.total - self.done - len(self.reading)
        if unstarted > 0 and self.sizes:
            left += cost(unstarted * sum(self.sizes.values()) / len(self.sizes), run_share)
        return left * elapsed / spent

    def update(self, doc: DocumentSummary) -> None:
        """A document this run extracted (or failed)."""
        self.reading.pop(doc.source_file, None)
        self.current = doc.source_file
        log.info("%s: %s, %d pages", doc.source_file, doc.status, doc.pages)
        self._finish(doc, force=True)

    def _finish(self, doc: Document | DocumentSummary, force: bool) -> None:
        self.done += 1
        self.failed += doc.status == "failed"
        self._draw(force=force or self.done == self.total)
        self._tell(time.monotonic())

    def _tell(self, now: float, force: bool = False) -> None:
        """A plain line to the log (and the plain stream), at most every `every` seconds."""
        if not force and now - self._told < self.every:
            return
        self._told = now
        text = self.plain_line(now)
        log.info("%s", text)
        if self.plain is not None:
            self.plain.write(f"juesuan: {text}\n")
            self.plain.flush()

    def plain_line(self, now: float) -> str:
        """The state of the run in one line for a log: no bar, no width to fit."""
        eta = self.eta(now)
        left = "done" if self.done == self.total else f"eta {duration(eta)}" if eta is not None else "eta ?"
        return (f"progress {self.done}/{self.total} files ({self.failed} failed, {self.reused} reused), "
                f"{self.pages} pages read ({self.read['ocr']} by OCR), elapsed {duration(now - self.start)}, {left}")

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
        left = self.eta(now)
        eta = f"eta {duration(left)}" if left is not None else "eta ?"
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
        self._tell(time.monotonic(), force=True)
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()


def duration(seconds: float) -> str:
    """45s, 3m20s, 2h05m: short enough for the bar."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


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
