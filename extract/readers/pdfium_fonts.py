"""The fonts pdfium substitutes for those a PDF does not embed: while the reader loads a page, one box font
(readers/box_font.py) for every CJK font and pdfium's own built-in faces for the rest, never the machine's.

pdfium asks its "system font info" for a substitute whenever a page uses a font the file does not embed
(STSong-Light, SimSun, 宋体 with "do not embed common fonts"). The answer decides which text runs its
text page keeps (a run whose substitute glyphs have no ink is dropped) and how it splits runs into lines,
so with the machine's fonts the same PDF read differently on a machine with CJK fonts and one without.
While the reader loads a page, this font info answers the same on every machine; at any other time (pages
rendered for OCR or review, through pypdfium2, in the same process) it passes every question on to
pdfium's default, which looks for the machine's fonts as before. pdfium caches a font per document, so
the documents the reader opens keep the box font and the ones rendered keep the machine's.
"""
from __future__ import annotations

from contextlib import contextmanager

from juesuan.extract.readers.box_font import FAMILY, box_font, table

CDEF = """
typedef struct _FPDF_SYSFONTINFO {
  int version;
  void (*Release)(struct _FPDF_SYSFONTINFO* pThis);
  void (*EnumFonts)(struct _FPDF_SYSFONTINFO* pThis, void* pMapper);
  void* (*MapFont)(struct _FPDF_SYSFONTINFO* pThis, int weight, int bItalic, int charset, int pitch_family,
                   const char* face, int* bExact);
  void* (*GetFont)(struct _FPDF_SYSFONTINFO* pThis, const char* face);
  unsigned long (*GetFontData)(struct _FPDF_SYSFONTINFO* pThis, void* hFont, unsigned int table,
                               unsigned char* buffer, unsigned long buf_size);
  unsigned long (*GetFaceName)(struct _FPDF_SYSFONTINFO* pThis, void* hFont, char* buffer, unsigned long buf_size);
  int (*GetFontCharset)(struct _FPDF_SYSFONTINFO* pThis, void* hFont);
  void (*DeleteFont)(struct _FPDF_SYSFONTINFO* pThis, void* hFont);
} FPDF_SYSFONTINFO;
FPDF_SYSFONTINFO* FPDF_GetDefaultSystemFontInfo(void);
void FPDF_SetSystemFontInfo(FPDF_SYSFONTINFO* pFontInfo);
"""

# FXFONT_*_CHARSET: pdfium asks for these when a CID font's character collection is Chinese, Japanese or Korean
_CJK_CHARSETS = frozenset({128, 129, 134, 136})  # ShiftJIS, Hangeul, GB2312, ChineseBig5
_GB2312 = 134


class FontInfo:
    """pdfium's system font info, switched to the box font inside `reading()`."""

    def __init__(self, ffi, lib):
        self._ffi = ffi
        self._default = lib.FPDF_GetDefaultSystemFontInfo()
        self._font = box_font()
        self._name = FAMILY.encode("ascii") + b"\0"
        self._cell = ffi.new("char[1]")  # the box font's handle is its address, which no other font has
        self._handle = ffi.cast("void*", self._cell)
        self._address = int(ffi.cast("uintptr_t", self._cell))
        self._reading = False
        self._info = info = ffi.new("FPDF_SYSFONTINFO*")
        self._callbacks = [  # kept alive as long as pdfium may call them
            ffi.callback("void(FPDF_SYSFONTINFO*, void*)", self._enum_fonts),
            ffi.callback("void*(FPDF_SYSFONTINFO*, int, int, int, int, const char*, int*)", self._map_font),
            ffi.callback("void*(FPDF_SYSFONTINFO*, const char*)", self._get_font),
            ffi.callback("unsigned long(FPDF_SYSFONTINFO*, void*, unsigned int, unsigned char*, unsigned long)",
                         self._font_data),
            ffi.callback("unsigned long(FPDF_SYSFONTINFO*, void*, char*, unsigned long)", self._face_name),
            ffi.callback("int(FPDF_SYSFONTINFO*, void*)", self._charset),
            ffi.callback("void(FPDF_SYSFONTINFO*, void*)", self._delete_font),
        ]
        info.version = 1
        info.Release = ffi.NULL
        (info.EnumFonts, info.MapFont, info.GetFont, info.GetFontData, info.GetFaceName, info.GetFontCharset,
         info.DeleteFont) = self._callbacks
        lib.FPDF_SetSystemFontInfo(info)

    @contextmanager
    def reading(self):
        """Fonts loaded inside are substituted the same on every machine."""
        self._reading = True
        try:
            yield
        finally:
            self._reading = False

    def _ours(self, handle) -> bool:
        return int(self._ffi.cast("uintptr_t", handle)) == self._address

    def _enum_fonts(self, _, mapper) -> None:
        if self._default:  # a build of pdfium without a default font info knows no machine fonts
            self._default.EnumFonts(self._default, mapper)

    def _map_font(self, _, weight, italic, charset, pitch, face, exact):
        if not self._reading:
            return self._default.MapFont(self._default, weight, italic, charset, pitch, face, exact) if self._default \
                else self._ffi.NULL
        if charset in _CJK_CHARSETS:
            return self._handle
        return self._ffi.NULL  # pdfium then takes its built-in face (Foxit's standard 14 or a generic sans)

    def _get_font(self, _, face):
        if not self._reading and self._default:
            return self._default.GetFont(self._default, face)
        return self._ffi.NULL

    def _font_data(self, _, handle, tag, buffer, size) -> int:
        if not self._ours(handle):
            return self._default.GetFontData(self._default, handle, tag, buffer, size)
        data = self._font if tag == 0 else table(self._font, tag)
        if buffer and size >= len(data):
            self._ffi.memmove(buffer, data, len(data))
        return len(data)

    def _face_name(self, _, handle, buffer, size) -> int:
        if not self._ours(handle):
            return self._default.GetFaceName(self._default, handle, buffer, size)
        if buffer and size >= len(self._name):
            self._ffi.memmove(buffer, self._name, len(self._name))
        return len(self._name)

    def _charset(self, _, handle) -> int:
        return _GB2312 if self._ours(handle) else self._default.GetFontCharset(self._default, handle)

    def _delete_font(self, _, handle) -> None:
        if not self._ours(handle):
            self._default.DeleteFont(self._default, handle)
