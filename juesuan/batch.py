"""Run documents in worker processes, each bounded in time and memory, so no file stops the batch.

Workers are forked once and reused (models and catalogues load once per process); a worker that
overruns its time, dies or exhausts its memory is replaced and its document recorded as failed with the reason. Workers
die with the main process (Linux PR_SET_PDEATHSIG; elsewhere their pipe closing ends them), leave
Ctrl-C to it (it stops them at once), and write whatever libraries print to the run's log file.
Once no document is left to start, a worker with nothing to do reads OCR pages of another's document
(pages are independent until their tables are assembled), so the batch does not end on one worker
reading its last scan alone.
"""
from __future__ import annotations

import importlib.abc
import logging
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from juesuan.errors import Failure
from juesuan.jobs import Job, Limits, extract_guarded
from juesuan.model import Document, PageContent
from juesuan.options import Options

if TYPE_CHECKING:
    from juesuan.pipeline import LocalOcr

log = logging.getLogger(__name__)

Prepare = Callable[[Document], object]  # what the main process wants of a finished Document, made in its worker


@dataclass(frozen=True)
class Finished:
    """A document done, as its worker sends it back: the Document, or what `prepare` made of it."""

    result: object
    failure: Failure | str  # the Document's: Failure.MEMORY has the worker replaced
    prepared: bool = False


@dataclass(frozen=True)
class PageDone:
    """Progress inside a document, sent by a worker as it reads."""

    path: str
    done: int
    total: int
    method: str = ""  # how page `done` was read: "text", "ocr", or "" (not read, or no page yet)
    seconds: float = 0.0  # the worker's time on it: the progress line learns each method's cost


# Pages lent between workers. A worker reading a document tells the main process which pages it will
# OCR (OcrPlan); when no document is left to start, the main process lends the last of them to idle
# workers (PageJob → PageRead); the reader claims each page before reading it (Claim → Claimed), so
# no page is read twice, and takes a lent page's content as if it had read it.
@dataclass(frozen=True)
class OcrPlan:
    pages: tuple[int, ...]  # 0-based page indexes, in reading order


@dataclass(frozen=True)
class Claim:
    page: int


@dataclass(frozen=True)
class Claimed:
    page: int
    content: PageContent | None  # read by another worker; None: read it yourself


@dataclass(frozen=True)
class PageJob:
    path: str
    page: int


@dataclass(frozen=True)
class PageRead:
    page: int
    content: PageContent | None  # None: it failed here; its reader reads it and reports why


class SharedOcr:
    """A worker's OcrReader: its plan goes to the main process, each page is claimed before it is read."""

    shares = True

    def __init__(self, conn: Connection, local: LocalOcr):
        self.conn, self.local = conn, local

    def plan(self, pages: list[int]) -> None:
        self.conn.send(OcrPlan(tuple(pages)))

    def read(self, page_index: int) -> PageContent:
        self.conn.send(Claim(page_index))
        reply = self.conn.recv()  # the main process writes to a busy worker only this reply
        assert isinstance(reply, Claimed) and reply.page == page_index, reply
        return reply.content if reply.content is not None else self.local.read(page_index)


def read_lent_page(job: PageJob, options: Options) -> PageRead:
    """A page of another worker's document; any failure is left to that worker to meet and report."""
    from juesuan.pipeline import LocalOcr

    try:
        return PageRead(job.page, LocalOcr(job.path, options).read(job.page))
    except Exception:  # MemoryError included: the page's own reader has its own bound
        log.warning(
            "page %d of %s, lent to this worker, failed; its reader reads it again",
            job.page + 1,
            job.path,
            exc_info=True,
        )
        return PageRead(job.page, None)


def _cap_memory(limits: Limits) -> None:
    """The bound is on what the worker adds to the address space it was forked with: a worker forked
    from a large parent (a test process holding OCR models, a notebook) must not start over it."""
    if limits.memory_mb:
        cap = _address_space() + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the main process dies, even by `kill -9`."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass  # not Linux: a worker blocked on its pipe still ends when the pipe closes
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker(conn: Connection, options: Options, limits: Limits, parent: int, log_file: str | None,
            ocr_threads: int = 1, lending: bool = False, prepare: Prepare | None = None) -> None:
    _die_with_parent(parent)
    os.environ["JUESUAN_OCR_THREADS"] = str(ocr_threads)  # read by extract/ocr.get_engine (not imported here: startup)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if log_file:
        fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.dup2(fd, 1)
        os.dup2(fd, 2)  # C libraries' warnings too (pdfium, onnxruntime)
        os.close(fd)
    sys.meta_path.insert(0, _NoPandas())
    # the extraction code loads here, not in the main process, which then hands out the first
    # document at once; before the memory cap, as when it was inherited from the main process
    from juesuan.pipeline import LocalOcr

    _cap_memory(limits)
    while True:
        job = conn.recv()
        if job is None:
            return
        if isinstance(job, PageJob):
            conn.send(read_lent_page(job, options))
            continue
        local = LocalOcr(job.path, options)
        log.debug("reading %s", job.path)
        doc = extract_guarded(job, options, limits, _PageReporter(conn, job.path),
                              SharedOcr(conn, local) if lending else local)  # alone: no one to lend pages to
        log.debug("%s: %s, %d pages", job.path, doc.status, doc.pages)
        conn.send(_finished_here(doc, prepare))


class _PageReporter:
    """A worker's on_page: each page read, how, and in how long, to the main process."""

    def __init__(self, conn: Connection, path: str):
        self.conn, self.path, self.last = conn, path, time.monotonic()

    def __call__(self, done: int, total: int, method: str = "") -> None:
        now = time.monotonic()
        self.conn.send(PageDone(self.path, done, total, method, now - self.last))
        self.last = now


class _NoPandas(importlib.abc.MetaPathFinder):
    """Refuses `import pandas` in a worker. pyarrow imports it (~50 MB of each worker's memory, ~0.4 s)
    on its first pa.array of Python values, only to ask whether they are pandas objects; nothing a
    worker runs needs pandas (a worker forked from a process that has it keeps it)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"{name} is not loaded in juesuan's workers (batch._NoPandas)", name=name)
        return None


def _finished_here(doc: Document, prepare: Prepare | None) -> Finished:
    """prepare(doc) in the worker, so the main process does not do it for every worker; the Document
    itself if that fails (the main process then prepares it, and meets the error there)."""
    if prepare is not None:
        try:
            return Finished(prepare(doc), doc.failure, prepared=True)
        except Exception:  # MemoryError included
            log.warning(
                "preparing the outputs of %s failed in its worker; the main process tries again",
                doc.source_file,
                exc_info=True,
            )
    return Finished(doc, doc.failure)


def ocr_threads_per_worker(workers: int) -> int:
    """onnxruntime threads for each of `workers` workers, so that together they use every core this
    process may run on and no more (more threads than cores only switch between each other)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores // max(1, workers))


_READING = object()  # a lent page not yet read


class _Slot:
    """A worker and what it does: a document (Job), a page lent to it (PageJob), or nothing."""

    def __init__(self, ctx, options: Options, limits: Limits, log_file: str | None, ocr_threads: int = 1,
                 lending: bool = False, prepare: Prepare | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker,
            args=(child, options, limits, os.getpid(), log_file, ocr_threads, lending, prepare),
            daemon=True,
        )
        self.proc.start()
        child.close()
        self.job: Job | PageJob | None = None
        self.started = 0.0
        self.plan: list[int] = []  # its document's OCR pages not yet claimed or lent
        self.lent: dict[int, object] = {}  # page → its content read elsewhere, None (failed there) or _READING
        self.waiting: int | None = None  # the lent page it claimed before it was read
        self.lender: tuple[_Slot, Job] | None = None  # for a PageJob: whose document, which one

    def start(self, job: Job | PageJob) -> None:
        self.job, self.started = job, time.monotonic()
        self.plan, self.lent, self.waiting = [], {}, None
        self.conn.send(job)

    def kill(self) -> None:
        self.job = None
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        """After the last document: let the worker exit on its own, briefly."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.kill()

    def claim(self, page: int) -> None:
        """Its reader asks for a page: read it yourself, here it is, or (still being read) wait."""
        if self.lent.get(page) is _READING:
            self.waiting = page
            return
        if page in self.plan:
            self.plan.remove(page)
        self.conn.send(Claimed(page, self.lent.pop(page, None)))

    def take_back(self, page: int, content: PageContent | None) -> None:
        """A lent page's content (None: it failed where it was lent)."""
        if self.waiting == page:
            del self.lent[page]
            self.waiting = None
            self.conn.send(Claimed(page, content))
        else:
            self.lent[page] = content


def run_batch(jobs: list[Job], options: Options, workers: int = 1, limits: Limits = Limits(),
              on_page: Callable[[PageDone], None] | None = None, runner: str = "local",
              log_file: Path | None = None, prepare: Prepare | None = None) -> Iterator:
    """Extract every job, yielding each Document as it finishes (not in input order), or what
    `prepare` makes of it: called in the worker that extracted it (local engine; the main process
    calls it for documents that failed outside extraction, on Ray, or where the worker's call failed)."""
    if not jobs:
        return
    if runner == "ray":
        from juesuan.ray_runner import run_on_ray
        events = run_on_ray(jobs, options, workers, limits)
    else:
        events = _run_local(jobs, options, workers, limits, str(log_file) if log_file else None, prepare)
    for event in events:
        if isinstance(event, PageDone):
            if on_page:
                on_page(event)
        elif isinstance(event, Document):  # Ray's
            yield prepare(event) if prepare else event
        else:
            yield event.result if event.prepared or not prepare else prepare(event.result)


def _run_local(jobs: list[Job], options: Options, workers: int, limits: Limits, log_file: str | None,
               prepare: Prepare | None = None) -> Iterator:
    ctx = mp.get_context("fork")
    # with OCR possible, a worker more than documents can still read lent pages
    n = max(1, workers if options.ocr != "never" else min(workers, len(jobs)))
    threads = ocr_threads_per_worker(n)

    def new_slot() -> _Slot:
        return _Slot(ctx, options, limits, log_file, threads, n > 1, prepare)

    slots = [new_slot() for _ in range(n)]
    finished = False
    try:
        yield from _drive(slots, _largest_last(jobs), new_slot, limits)
        finished = True
    finally:  # interrupted (Ctrl-C, an error in the caller): stop the workers at once
        for slot in slots:
            slot.stop() if finished else slot.kill()


def _largest_last(jobs: list[Job]) -> list[Job]:
    """The queue, popped from its end: the largest files first, so the batch ends on small ones and
    no worker idles long while the last document runs alone (longest-job-first scheduling)."""
    def size(job: Job) -> int:
        try:
            return os.stat(job.path).st_size
        except OSError:
            return 0  # the worker reports the error
    return sorted(reversed(jobs), key=size)  # equal sizes still go in input order


def _lend(helper: _Slot, slots: list[_Slot]) -> None:
    """An idle worker and no document left to start: it reads the last unclaimed OCR page of the
    document with the most of them (its reader goes from the first)."""
    owner = max((s for s in slots if isinstance(s.job, Job) and s.plan), key=lambda s: len(s.plan), default=None)
    if owner is None:
        return
    page = owner.plan.pop()
    owner.lent[page] = _READING
    helper.start(PageJob(owner.job.path, page))
    helper.lender = (owner, owner.job)


def _returned(helper: _Slot, lent: PageJob, content: PageContent | None) -> None:
    """A lent page read (or failed): back to its document's worker, if that one still reads it."""
    owner, job = helper.lender
    helper.job = helper.lender = None
    if owner.job is job:
        owner.take_back(lent.page, content)


def _drive(
    slots: list[_Slot], queue: list[Job], new_slot: Callable[[], _Slot], limits: Limits
) -> Iterator[Finished | PageDone]:
    while queue or any(isinstance(s.job, Job) for s in slots):
        for slot in slots:
            if slot.job is None:
                slot.start(queue.pop()) if queue else _lend(slot, slots)
        ready = wait([s.conn for s in slots if s.job], timeout=0.5)
        for i, slot in enumerate(slots):
            job = slot.job
            if job is None:
                continue
            failure = None
            if slot.conn in ready:
                try:
                    while slot.job and slot.conn.poll():
                        message = slot.conn.recv()
                        if isinstance(message, PageDone):
                            yield message
                        elif isinstance(message, OcrPlan):
                            slot.plan = list(message.pages)
                        elif isinstance(message, Claim):
                            slot.claim(message.page)
                        elif isinstance(message, PageRead):
                            _returned(slot, job, message.content)
                        else:  # Finished: this worker is free
                            slot.job = None
                            if message.failure == Failure.MEMORY:  # its heap may stay bloated: a fresh worker
                                slot.kill()
                                slots[i] = new_slot()
                            yield message
                except (EOFError, OSError):
                    slot.kill()  # reaped, so its exit code is known
                    failure = Failure.WORKER, (f"the worker reading it died ({_death(slot.proc.exitcode)}); "
                                         f"the file may exhaust memory (limit {limits.memory_mb} MB)")
            if (
                failure is None and slot.job and time.monotonic() - slot.started > limits.seconds
            ):  # even while it reports pages
                failure = Failure.TIMEOUT, f"took longer than {limits.seconds:g} s (--timeout); stopped"
            if failure:
                if isinstance(job, PageJob):  # a lent page: its document's own worker reads it again
                    _returned(slot, job, None)
                    log.warning("page %d of %s, lent to another worker: %s", job.page + 1, job.path, failure[1])
                else:
                    yield Finished(job.failed(failure[0], f"{job.path}: {failure[1]}"), failure[0])
                slot.kill()
                slots[i] = new_slot()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"
