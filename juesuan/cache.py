"""Per-document results kept under OUTDIR/.cache, keyed by content hash and extraction settings.

A rerun after an interruption, or with new files added, only extracts what is not cached yet;
a result is stored the moment its document finishes, so a killed run loses at most the documents
in flight. Changing the options, the juesuan version or a catalogue edition changes the key, so nothing
stale is reused.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import astuple
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .model import Document
from .normalize.codes import editions_digest
from .pipeline import Options, doc_id_for

try:
    VERSION = version("juesuan")
except PackageNotFoundError:  # running from a source tree
    VERSION = "dev"


def _repoint(doc: Document, path: Path) -> Document:
    """A cached result for the same content under another name: ids and messages follow the file."""
    old_path, old_id = doc.source_file, doc.doc_id
    new_id = doc_id_for(path, old_id.rsplit("-", 1)[-1])
    if (old_path, old_id) == (str(path), new_id):
        return doc
    doc.source_file, doc.doc_id = str(path), new_id
    doc.error = doc.error.replace(old_path, str(path))
    for f in doc.findings:
        f.doc_id, f.message = new_id, f.message.replace(old_path, str(path))
    for fact in doc.facts:
        fact.doc_id = new_id
    return doc


class ResultCache:
    def __init__(self, outdir: Path, options: Options):
        self.folder = outdir / ".cache"
        settings = hashlib.sha256(repr((VERSION, astuple(options), editions_digest(options.catalogues))).encode()).hexdigest()[:12]
        self.suffix = f"-{settings}.pkl"

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}{self.suffix}"

    def load(self, digest: str, path: Path) -> Document | None:
        """The stored result for this content, re-pointed at `path` (the file may have moved)."""
        try:
            with open(self._file(digest), "rb") as fh:
                doc: Document = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        return _repoint(doc, path)

    def store(self, digest: str, doc: Document) -> None:
        """Atomically: a run killed mid-write leaves no half file behind."""
        if doc.status == "failed" and "took longer" in doc.error:
            return  # a time-out may pass with a larger --timeout: try again next run
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._file(digest).with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._file(digest))
