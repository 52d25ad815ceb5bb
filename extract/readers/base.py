"""What every text-layer reader shares: the errors it raises, the interface of an open document, the checks and
messages that do not depend on the reader. Readers (pdfium.py, pdfplumber.py) import this; __init__.py picks one.
Every way a file can be unreadable becomes one DocumentError whose message names the file and says what the user
can do, whichever reader met it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from juesuan.model import PageContent


class DocumentError(Exception):
    """The whole document cannot be read; the message is for the user."""


class PageError(Exception):
    """One page cannot be read (the others may be); the message is for the user."""


class Pages(Protocol):
    """An open document; read_page raises on a page that cannot be read (the others still can)."""

    page_count: int

    def read_page(self, index: int) -> PageContent: ...

    def close(self) -> None: ...

    def __enter__(self) -> "Pages": ...

    def __exit__(self, *exc) -> None: ...


def check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read the file: {exc.strerror}") from exc
    if b"%PDF-" not in head:
        raise DocumentError(f"{path}: not a PDF (no %PDF- header); check the file type")


def encrypted(path: Path) -> DocumentError:
    return DocumentError(f"{path}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt in.pdf out.pdf)")


def corrupt(path: Path) -> DocumentError:
    return DocumentError(f"{path}: the PDF is corrupt or truncated; re-download it")


def unparsable(path: Path, cause: str) -> DocumentError:
    return DocumentError(f"{path}: the PDF cannot be parsed ({cause}); re-download it")
