"""Per-document results kept under OUTDIR/.cache, keyed by content hash and everything that shapes a result.

A rerun after an interruption, or with new files added, only extracts what is not cached yet;
a result is stored the moment its document finishes, so a killed run loses at most the documents
in flight. The key holds the options, a fingerprint of juesuan's own code and catalogues, and the
catalogue editions a lookup reads (--catalogue files too), so nothing stale is reused. Failures are
never stored: a time-out, an exhausted memory bound or a missing OCR model may pass next time, and a
bad file fails again quickly.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import astuple
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .model import Document
from .normalize.codes import editions_digest
from juesuan.options import Options, doc_id_for

try:
    VERSION = version("juesuan")
except PackageNotFoundError:  # running from a source tree
    VERSION = "dev"


@cache
def code_fingerprint() -> str:
    """A hash of the code and catalogues that produce results (changes with any edit, not just a release)."""
    from . import extract, normalize, schemas

    digest = hashlib.sha256(VERSION.encode())
    for package in (Path(__file__).parent, *map(Path, extract.__path__), *map(Path, normalize.__path__), *map(Path, schemas.__path__)):
        for path in sorted(package.glob("*")):
            if path.suffix in (".py", ".csv"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cacheable(doc: Document) -> bool:
    """Only results that would come out the same next time: no failure, no OCR that could not run."""
    return doc.status in ("ok", "partial") and not any(f.rule == "ocr_failed" for f in doc.findings)


class ResultCache:
    def __init__(self, outdir: Path, options: Options):
        self.folder = outdir / ".cache"
        key = (code_fingerprint(), astuple(options), editions_digest(options.catalogues))
        settings = hashlib.sha256(repr(key).encode()).hexdigest()[:12]
        self.suffix = f"-{settings}.pkl"

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}{self.suffix}"

    def load(self, digest: str, path: Path) -> Document | None:
        """The stored result for this content, re-pointed at `path` (the file may have moved)."""
        try:
            with open(self._file(digest), "rb") as fh:
                doc: Document = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None
        return doc.moved_to(str(path), doc_id_for(path, digest))

    def store(self, digest: str, doc: Document) -> None:
        """Atomically: a run killed mid-write leaves no half file behind."""
        if not cacheable(doc):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(digest)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
