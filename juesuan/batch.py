"""Run documents in worker processes, each bounded in time and memory, so no file stops the batch.

Workers are forked once and reused (models and catalogues load once per process); a worker that
overruns its time or dies is replaced and its document recorded as failed with the reason.
"""
from __future__ import annotations

import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator

from .model import Document
from .pipeline import Options, extract_document


@dataclass(frozen=True)
class Limits:
    seconds: float = 600.0
    memory_mb: int = 4096


def _cap_memory(limits: Limits) -> None:
    if limits.memory_mb:
        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def extract_guarded(path: str, options: Options, limits: Limits) -> Document:
    """extract_document, with every failure turned into a failed Document naming the file."""
    try:
        return extract_document(Path(path), options)
    except MemoryError:
        return Document(str(path), Path(path).stem, status="failed", error=f"{path}: exceeded the memory limit of {limits.memory_mb} MB (--max-memory)")
    except Exception as exc:  # a bug must cost one document, not the batch
        return Document(str(path), Path(path).stem, status="failed", error=f"{path}: internal error {type(exc).__name__}: {exc}")


def _worker(conn: Connection, options: Options, limits: Limits) -> None:
    _cap_memory(limits)
    while True:
        path = conn.recv()
        if path is None:
            return
        conn.send(extract_guarded(path, options, limits))


class _Slot:
    def __init__(self, ctx, options: Options, limits: Limits):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, options, limits), daemon=True)
        self.proc.start()
        child.close()
        self.path: str | None = None
        self.started = 0.0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


def run_batch(paths: list[Path], options: Options, workers: int = 1, limits: Limits = Limits(),
              on_done: Callable[[Document, int, int], None] | None = None, engine: str = "local") -> Iterator[Document]:
    """Extract every path, yielding each Document as it finishes (not in input order)."""
    if not paths:
        return
    if engine == "ray":
        from .ray_engine import run_on_ray
        results = run_on_ray(paths, options, workers, limits)
    else:
        results = _run_local(paths, options, workers, limits)
    for done, doc in enumerate(results, 1):
        if on_done:
            on_done(doc, done, len(paths))
        yield doc


def _run_local(paths: list[Path], options: Options, workers: int, limits: Limits) -> Iterator[Document]:
    ctx = mp.get_context("fork")
    pending = [str(p) for p in paths]
    slots = [_Slot(ctx, options, limits) for _ in range(max(1, min(workers, len(pending))))]
    try:
        yield from _drive(ctx, slots, pending, options, limits)
    finally:
        for slot in slots:
            if slot.proc.is_alive():
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
                slot.proc.join(timeout=2)
                if slot.proc.is_alive():
                    slot.kill()


def _drive(ctx, slots: list[_Slot], pending: list[str], options: Options, limits: Limits) -> Iterator[Document]:
    queue = list(reversed(pending))
    while queue or any(s.path for s in slots):
        for slot in slots:
            if slot.path is None and queue:
                slot.path, slot.started = queue.pop(), time.monotonic()
                slot.conn.send(slot.path)
        busy = [s for s in slots if s.path]
        ready = wait([s.conn for s in busy], timeout=0.5)
        for i, slot in enumerate(slots):
            if slot.path is None:
                continue
            failure = None
            if slot.conn in ready:
                try:
                    doc = slot.conn.recv()
                    slot.path = None
                    yield doc
                    continue
                except (EOFError, OSError):
                    failure = f"{slot.path}: the worker died (exit code {slot.proc.exitcode}); the file may exhaust memory (limit {limits.memory_mb} MB)"
            elif time.monotonic() - slot.started > limits.seconds:
                failure = f"{slot.path}: took longer than {limits.seconds:.0f} s (--timeout); stopped"
            if failure:
                path = slot.path
                slot.kill()
                slots[i] = _Slot(ctx, options, limits)
                yield Document(path, Path(path).stem, status="failed", error=failure)
