"""Whether a page's content streams are there and decompress: the check both readers make first.

pdfminer and pdfium alike read a content stream that is missing or does not decompress as nothing,
or as what they can salvage, so the page would pass for blank or print half its rows. Each stream is
decoded strictly (on a copy) to tell. pdfminer's object parser does it for both readers — pdfium
reports no stream errors — interpreting no content (~1 ms a page). The filters content streams are
written with (Flate, and ASCII85 before it) are undone here, as pdfminer's strict decode would (zlib in
C, ASCII85 vectorised); a stream with any other filter or with decode parameters is left to pdfminer.
"""
from __future__ import annotations

import zlib
from pathlib import Path

from pdfminer import settings
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_FLATE_DECODE, PDFStream, resolve1

from juesuan.extract.ascii85 import ascii85decode


def content_problem(page: PDFPage) -> str:
    """Why the page's content cannot be trusted, or "" when it can."""
    if page.attrs.get("Contents") is None:
        return ""  # a page with no content: blank, as printed
    streams = [resolve1(s) for s in page.contents]
    if not streams or any(not isinstance(s, PDFStream) for s in streams):
        return "its content stream is missing"
    for s in streams:
        if s.rawdata is None:
            continue  # decoded already
        strict, settings.STRICT = settings.STRICT, True
        try:
            _decode(s)
        except MemoryError:
            raise
        except Exception:
            return "its content stream is damaged (it does not decompress)"
        finally:
            settings.STRICT = strict
    return ""


def _decode(s: PDFStream) -> bytes:
    """The stream's data as pdfminer's PDFStream.decode gives it, raising where it raises; the
    stream itself is left undecoded."""
    filters = s.get_filters()
    if any(params or f not in LITERALS_FLATE_DECODE + LITERALS_ASCII85_DECODE for f, params in filters):
        probe = PDFStream(s.attrs, s.rawdata, s.decipher)
        probe.set_objid(s.objid, s.genno)
        probe.decode()
        return probe.data
    data = s.decipher(s.objid, s.genno, s.rawdata, s.attrs) if s.decipher else s.rawdata
    for f, _ in filters:
        data = zlib.decompress(data) if f in LITERALS_FLATE_DECODE else ascii85decode(data)
    return data


class StreamCheck:
    """content_problem(index) for the pages of a file another reader reads, in page order (lazily).

    Where pdfminer cannot make out the document's structure at all (pdfium repairs more files than it
    does), the pages go unchecked rather than unread.
    """

    def __init__(self, path: Path):
        self._fh = open(path, "rb")
        self._pages = None
        self._seen: list[PDFPage] = []
        self.document: PDFDocument | None = None  # pdfminer's view of the file, once a page was checked

    def problem(self, index: int) -> str:
        try:
            if self._pages is None:
                self.document = PDFDocument(PDFParser(self._fh))
                self._pages = PDFPage.create_pages(self.document)
            while len(self._seen) <= index:
                self._seen.append(next(self._pages))
        except MemoryError:
            raise
        except Exception:
            self._pages, self._seen, self.document = iter(()), [], None
            return ""
        return content_problem(self._seen[index])

    def page(self, index: int) -> PDFPage | None:
        """pdfminer's page `index` once problem(index) checked it (None where pdfminer cannot read the file)."""
        return self._seen[index] if index < len(self._seen) else None

    def close(self) -> None:
        self._fh.close()
