"""One document's job and its bounds, and the guarded call every runner (local workers, Ray) makes per document.

Kept apart from batch.py (the local worker pool) so that another runner (ray_runner.py) uses the same
per-document work without importing the pool, and the pool imports the runners without a circle.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from juesuan.errors import Failure, Status, describe, one_line
from juesuan.model import Document
from juesuan.options import Options, content_hash, doc_id_for

if TYPE_CHECKING:
    from juesuan.pipeline import OcrReader

log = logging.getLogger(__name__)

MIN_SECONDS = 1.0  # less cannot even open a report
MIN_MEMORY_MB = 256  # a worker's own code and catalogues take ~70 MB; OCR needs ~1 GB
FINDING_MESSAGE_LIMIT = 500

@dataclass(frozen=True)
class Limits:
    seconds: float = 600.0
    memory_mb: int = 4096


@dataclass(frozen=True)
class Job:
    """One document to extract: its path and content hash (so no one hashes it twice)."""

    path: str
    digest: str

    @property
    def doc_id(self) -> str:
        return doc_id_for(Path(self.path), self.digest)

    def failed(self, failure: Failure, message: str) -> Document:
        return Document(self.path, self.doc_id, status=Status.FAILED, failure=failure, error=one_line(message))


def extract_document(path: Path, options: Options, digest: str | None = None,
                     on_page: Callable[..., None] | None = None, ocr: OcrReader | None = None) -> Document:
    """juesuan.pipeline's, imported by the worker that runs it: the main process never loads the pipeline."""
    from juesuan.pipeline import extract_document as extract

    return extract(path, options, digest, on_page, ocr)


def extract_guarded(job: Job, options: Options, limits: Limits,
                    on_page: Callable[..., None] | None = None, ocr: OcrReader | None = None) -> Document:
    """extract_document, with every failure turned into a failed Document naming the file."""
    try:
        doc = extract_document(Path(job.path), options, job.digest, on_page, ocr)
    except MemoryError:
        return job.failed(Failure.MEMORY,
                          f"{job.path}: exceeded the memory limit of {limits.memory_mb} MB (--max-memory)")
    except Exception as exc:  # a bug must cost one document, not the batch; the run then exits 3
        log.exception("internal error while extracting %s", job.path)
        return job.failed(Failure.INTERNAL, f"{job.path}: internal error ({describe(exc)}); this is a bug in juesuan, "
                          "the traceback is in OUTDIR/juesuan.log")
    doc.error = one_line(doc.error)
    for f in doc.findings:
        f.message = one_line(f.message, FINDING_MESSAGE_LIMIT)
    if doc.status != Status.FAILED:
        changed = content_changed(job)
        if changed:
            return job.failed(Failure.INPUT, f"{job.path}: {changed}; not used, rerun to read it")
    return doc


def content_changed(job: Job) -> str:
    """Why the file no longer holds the content the job was hashed from ("" when it does). Read after
    extracting, so a file replaced while it was listed, queued or read never has another file's result
    stored under its hash and doc_id (an A-B-A swap back within one read is not caught)."""
    try:
        now = content_hash(Path(job.path))
    except OSError as exc:
        return f"the file could no longer be read after extracting it ({exc.strerror})"
    if now != job.digest:
        return f"the file changed while it was read (content {job.digest[:8]} when listed, {now[:8]} after)"
    return ""
