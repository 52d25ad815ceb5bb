"""Per-document results kept under OUTDIR/.cache, keyed by content hash and everything that shapes a result.

A rerun after an interruption, or with new files added, only extracts what is not cached yet;
a result is stored the moment its document finishes, so a killed run loses at most the documents
in flight. The key holds the options, a fingerprint of juesuan's own code and catalogues, and the
catalogue editions a lookup reads (--catalogue files too), and the dependencies outside Python the
options use (the OCR engine, CJK fonts: juesuan/deps.py) as installed, so nothing stale is reused: a
result made while one was missing is not reused once it is there. Failures are
never stored: a time-out, an exhausted memory bound or a missing OCR model may pass next time, and a
bad file fails again quickly.

Entries are JSON data (juesuan/docjson.py), never pickles: whoever can write `.cache` can make a
run recompute, not run code. Each entry names the content digest and settings it was made for and
is checked against both on load, so an entry copied or renamed to another document's name is
refused. An entry that cannot be read or used is recomputed and the reason logged; a `.cache` that
cannot be written turns caching off for the run (one warning), and a failed store costs only that
entry: the cache never stops a batch.
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import stat
import tempfile
from dataclasses import astuple
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from juesuan.deps import fingerprint, for_extract
from juesuan.docjson import document_from_data, to_data
from juesuan.errors import describe
from juesuan.model import Document
from juesuan.normalize.codes import editions_digest
from juesuan.options import Options, doc_id_for

log = logging.getLogger(__name__)

try:
    VERSION = version("juesuan")
except PackageNotFoundError:  # running from a source tree
    VERSION = "dev"

ENTRY_FORMAT = "juesuan-result"
ENTRY_VERSION = 1
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # a 2,000-page report's result is a few MB


@cache
def code_fingerprint() -> str:
    """A hash of the code and catalogues that produce results (changes with any edit, not just a release)."""
    from juesuan import extract, normalize, schemas

    digest = hashlib.sha256(VERSION.encode())
    for package in (
        Path(__file__).parent,
        *map(Path, extract.__path__),
        *map(Path, normalize.__path__),
        *map(Path, schemas.__path__),
    ):
        for path in sorted(package.rglob("*")):  # sub-packages too (extract/readers/, extract/ocr/)
            if path.suffix in (".py", ".csv"):
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cacheable(doc: Document) -> bool:
    """Only results that would come out the same next time: no failure, no OCR that could not run."""
    return doc.status in ("ok", "partial") and not any(f.rule == "ocr_failed" for f in doc.findings)


class EntryError(ValueError):
    """A cache entry that is not the result asked for (another document's, other settings, not ours)."""


class ResultCache:
    def __init__(self, outdir: Path, options: Options):
        self.folder = outdir / ".cache"
        key = (code_fingerprint(), astuple(options), editions_digest(options.catalogues),
               fingerprint(for_extract(options)))  # installing tesseract, models or fonts makes new results
        self.settings = hashlib.sha256(repr(key).encode()).hexdigest()
        self.suffix = f"-{self.settings[:12]}.json"
        self.off = unusable(self.folder)  # why caching is off for this run; "" when it is on

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}{self.suffix}"

    def load(self, digest: str, path: Path) -> Document | None:
        """The stored result for this content, re-pointed at `path` (the file may have moved); None
        when there is none or it cannot be used (then logged: the document is extracted again)."""
        entry = self._file(digest)
        if self.off or not os.path.lexists(entry):
            return None
        try:
            doc = self._read(entry, digest)
        except (OSError, ValueError, RecursionError, MemoryError) as exc:  # JSON, UTF-8, RecordError, EntryError
            log.warning("cache entry %s is not used (%s); %s is extracted again", entry.name, describe(exc), path)
            return None
        return doc.moved_to(str(path), doc_id_for(path, digest))

    def _read(self, entry: Path, digest: str) -> Document:
        fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO planted under an entry's name must not block
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise EntryError("it is not a regular file")
            if st.st_size > MAX_ENTRY_BYTES:
                raise EntryError(f"it holds {st.st_size} bytes, more than any result")
            data = json.loads(fh.read().decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != ENTRY_FORMAT or data.get("version") != ENTRY_VERSION:
            raise EntryError(f"not a {ENTRY_FORMAT} entry of version {ENTRY_VERSION}")
        if data.get("digest") != digest:
            raise EntryError("it holds the result of other content")
        if data.get("settings") != self.settings:
            raise EntryError("it was made with other settings or code")
        return document_from_data(data.get("document"))

    def store(self, digest: str, doc: Document) -> None:
        """Atomically: a run killed mid-write leaves no half file behind. A failure to store is logged,
        its temporary file removed, and the run goes on (the document is extracted again next time)."""
        if self.off or not cacheable(doc):
            return
        target = self._file(digest)
        entry = {"format": ENTRY_FORMAT, "version": ENTRY_VERSION, "digest": digest, "settings": self.settings,
                 "document": to_data(doc)}
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            text = json.dumps(entry, separators=(",", ":"))  # one C call; json.dump encodes in Python, 10x slower
            with open(tmp, "w", encoding="ascii") as fh:  # \u escapes: a name that is not UTF-8 (lone surrogates) too
                fh.write(text)
            os.replace(tmp, target)
        except Exception as exc:  # MemoryError included: a result not stored is extracted again, never a stopped batch
            _remove(tmp)
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                self.off = f"{self.folder}: {exc.strerror}"
            log.warning("the result of %s is not cached (%s)", doc.source_file, describe(exc))


def unusable(folder: Path) -> str:
    """Why `folder` cannot hold the cache ("" when it can): not a folder, or nothing can be written in it."""
    if os.path.lexists(folder) and not folder.is_dir():
        return f"{folder} is not a folder"
    try:
        folder.mkdir(exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{folder} cannot be written ({exc.strerror})"
    return ""


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
