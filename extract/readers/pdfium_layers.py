"""Which page objects pdfium reads sit in a hidden optional-content layer (extract/optional_content.py).

pdfium's text page keeps every text run, shown or not; its page objects carry the marked-content sequences that
wrap them (/OC /name BDC … EMC), each with the parameters of its property dictionary. An OCG is known there by
its /Name only (pdfium gives no object number), so a name that a hidden group and a shown group share cannot be
told apart; a membership dictionary (OCMD) is recognised by its /OCGs key and judged by the page's own
membership dictionaries, which must agree (optional_content.membership_verdict). Where the marks cannot say,
the page is refused (a PageError naming why) rather than read with the hidden figures in it.
"""
from __future__ import annotations

from dataclasses import dataclass

from juesuan.extract.readers.base import PageError

CDEF = """
int FPDFPageObj_CountMarks(HANDLE page_object);
HANDLE FPDFPageObj_GetMark(HANDLE page_object, unsigned long index);
int FPDFPageObjMark_GetName(HANDLE mark, unsigned short* buffer, unsigned long buflen, unsigned long* out_buflen);
int FPDFPageObjMark_GetParamValueType(HANDLE mark, const char* key);
int FPDFPageObjMark_GetParamStringValue(HANDLE mark, const char* key, unsigned short* buffer,
                                        unsigned long buflen, unsigned long* out_buflen);
"""

_UNKNOWN = 0  # FPDF_OBJECT_UNKNOWN: the mark's dictionary has no such key
_BUFFER = 256  # UTF-16 units: an OCG's /Name longer than this is compared by its first 255 characters


@dataclass(frozen=True)
class PageLayers:
    """What the page's marks must match to be hidden."""

    hidden_names: frozenset[str]  # /Name of the groups that are off
    ambiguous_names: frozenset[str]  # names a hidden group and a shown group share
    memberships_hide: bool | None  # the page's OCMDs all hide (True), all show (False), disagree (None)


class MarkReader:
    """hidden(obj): whether a pdfium page object is inside a marked-content sequence a hidden layer owns."""

    def __init__(self, ffi, lib):
        self._ffi, self._lib = ffi, lib
        self._buf = ffi.new("unsigned short[]", _BUFFER)
        self._size = ffi.new("unsigned long*")

    def _text(self, call, *args) -> str | None:
        if not call(*args, self._buf, _BUFFER * 2, self._size):
            return None
        units = max(0, min(int(self._size[0]) // 2, _BUFFER) - 1)  # without the terminating NUL
        return bytes(self._ffi.buffer(self._buf, units * 2)).decode("utf-16-le", "replace")

    def hidden(self, obj, page: PageLayers) -> bool:
        lib = self._lib
        for i in range(lib.FPDFPageObj_CountMarks(obj)):
            mark = lib.FPDFPageObj_GetMark(obj, i)
            if not mark or self._text(lib.FPDFPageObjMark_GetName, mark) != "OC":
                continue
            if lib.FPDFPageObjMark_GetParamValueType(mark, b"OCGs") != _UNKNOWN:
                if page.memberships_hide is None:
                    raise PageError("its optional-content memberships disagree on what is hidden, which the pdfium "
                                    "reader cannot tell apart; read it with --reader pdfplumber")
                if page.memberships_hide:
                    return True
                continue
            name = self._text(lib.FPDFPageObjMark_GetParamStringValue, mark, b"Name")
            if name in page.ambiguous_names:
                raise PageError(f"a hidden and a shown optional-content layer are both named {name!r}, which the "
                                "pdfium reader cannot tell apart; read it with --reader pdfplumber")
            if name in page.hidden_names:
                return True
        return False
