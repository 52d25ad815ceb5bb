"""Open a PDF with one of the text-layer readers, side by side behind one interface (readers/base.py Pages).

`pdfium` (readers/pdfium.py, native, the default) and `pdfplumber` (readers/pdfplumber.py, pure Python,
kept as the second reader and as the oracle of tests/test_readers.py) give the same PageContent.
READERS maps a user's choice (`--reader`) to the module that reads; a reader is imported when first chosen.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from juesuan.extract.readers.base import Pages

READERS = {  # --reader NAME → the module whose open_pages(path) opens a document
    "pdfium": "juesuan.extract.readers.pdfium",
    "pdfplumber": "juesuan.extract.readers.pdfplumber",
}


def open_document(path: Path, reader: str = "pdfium") -> "Pages":
    """`path` opened with `reader`; DocumentError when it is not a readable PDF with pages."""
    from juesuan.extract.readers.base import DocumentError, check_header  # here: the CLI reads READERS at start-up

    check_header(path)
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}; one of {', '.join(READERS)}")
    pages = importlib.import_module(READERS[reader]).open_pages(path)
    if pages.page_count == 0:
        pages.close()
        raise DocumentError(f"{path}: the PDF has zero pages")
    return pages
