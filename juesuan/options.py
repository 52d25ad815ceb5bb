"""What a run asks of each document (Options) and how a document is named (content_hash, doc_id_for).

Apart from the pipeline so the main process of a batch can build jobs and open its outputs without
importing the extraction code: its workers import that, after they are forked.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

MAX_PAGES = 2000


@dataclass(frozen=True)
class Options:
    ocr: str = "auto"  # auto / always / never
    ocr_engine: str = "rapidocr"
    dpi: int = 200
    max_pages: int = MAX_PAGES
    catalogues: tuple[str, ...] = ()  # --catalogue files, after the shipped ones and $JUESUAN_CATALOGUES
    reader: str = "pdfium"  # text-layer reader: pdfium (native) or pdfplumber (extract/readers/__init__.py)
    ocr_cells: bool = True  # ruled image tables read cell by cell, without page-wide detection (extract/ocr/cells.py)


class HashTimeout(Exception):
    """Hashing a file took longer than the run allows a document (--timeout)."""


def content_hash(path: Path, seconds: float | None = None) -> str:
    """The SHA-256 of the file's bytes. With `seconds`, HashTimeout once hashing has taken longer: the main
    process hashes every input before the batch, and a huge file (an 8 GB sparse one hashes for 13 s) must not
    hold the batch beyond the time a document is allowed (issue 31)."""
    digest = hashlib.sha256()
    deadline = None if seconds is None else time.monotonic() + seconds
    with open(path, "rb") as fh:
        for n, chunk in enumerate(iter(lambda: fh.read(1 << 20), b"")):
            digest.update(chunk)
            if deadline is not None and n % 16 == 15 and time.monotonic() > deadline:
                raise HashTimeout(f"hashing it took longer than {seconds:g} s (--timeout)")
    return digest.hexdigest()


def doc_id_for(path: Path, digest: str | None = None) -> str:
    """Stable across runs and machines: the file name's stem plus a short hash of the content.
    A name that is not UTF-8 is read as GB18030, as Chinese archives write them."""
    import regex as re

    digest = digest or content_hash(path)
    stem = Path(path).stem
    if any("\udc80" <= ch <= "\udcff" for ch in stem):  # undecodable bytes, kept as surrogates by the OS
        stem = os.fsencode(stem).decode("gb18030", errors="replace")
    stem = re.sub(r"[^\p{Han}\w.-]+", "_", stem).strip("_")[:60] or "doc"
    return f"{stem}-{digest[:8]}"
