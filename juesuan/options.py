"""What a run asks of each document (Options) and how a document is named (content_hash, doc_id_for).

Apart from the pipeline so the main process of a batch can build jobs and open its outputs without
importing the extraction code: its workers import that, after they are forked.
"""
from __future__ import annotations

import hashlib
import os
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


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
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
