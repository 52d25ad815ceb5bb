"""Read pages through pdfium (pypdfium2's C library): characters, ruling lines and images into a PageContent.

pdfium parses a page in C, an order of magnitude faster than pdfminer's Python tokenizer. So that both
readers give the same PageContent, everything is measured the way pdfminer/pdfplumber measure it: a
character's box is its origin, advance × size and the font's descent (not pdfium's glyph outline), in
pdfplumber's displayed coordinates (/Rotate applied, origin top-left); words are grouped by
extract/words.py; paths are cut into lines, rectangles and curves by extract/paths.py. Fonts the PDF
does not embed are substituted the same way on every machine while a page is read (readers/pdfium_fonts.py),
so the words do not depend on the fonts installed.

Where the two can still differ (tests/test_readers.py finds none of these on the fixtures and real
reports): pdfium keeps positions in 32-bit floats (~1e-4 pt) and font widths and descents in whole
1/1000 em (a box drifts by < 0.001 em per character where a font's widths are fractional); its text
page drops text printed twice in place (fake bold) and zero-width text runs, replaces marked content
by its /ActualText, and joins a word hyphenated across a line end (the hyphen is kept here as "-").

The calls go through cffi into the pdfium library of the pypdfium2 wheel rather than through
pypdfium2's ctypes bindings: a page makes a few calls per character and cffi's calls cost a third of
ctypes' (handles are declared as integers, cheap to compare and hash); importing the bindings alone
takes 0.2 s, paid by every worker.
"""
from __future__ import annotations

import importlib.util
import os
import struct
import sys
from pathlib import Path

import cffi

from juesuan.extract.paths import PathShapes, Transform, page_transform
from juesuan.extract.readers import optional_content, page_box, text_direction
from juesuan.extract.readers.base import DocumentError, PageError, corrupt, encrypted, unparsable
from juesuan.extract.readers.font_descents import page_descents
from juesuan.extract.readers.form_depth import PDFIUM_FORM_DEPTH, chain_depth
from juesuan.extract.readers.overprint import drop_overprints
from juesuan.extract.readers.pdfium_fonts import CDEF as FONT_CDEF
from juesuan.extract.readers.pdfium_fonts import FontInfo
from juesuan.extract.readers.pdfium_layers import CDEF as LAYERS_CDEF
from juesuan.extract.readers.pdfium_layers import MarkReader, PageLayers
from juesuan.extract.streams import StreamCheck
from juesuan.extract.words import Char, page_words
from juesuan.model import PageContent

# A report page holds a few thousand objects and characters. A page far beyond that is a drawing or a
# hostile file: it is refused (a page_unreadable finding) instead of costing minutes of Python. pdfplumber
# needs ~75 s and 850 MB for a page of 200,000 paths; pdfium parses a million in ~3 s and ~300 MB.
MAX_PAGE_OBJECTS = 100_000  # page objects (paths, text runs, images), forms' contents included
MAX_PAGE_CHARS = 100_000  # characters of one page's text layer

_ffi = cffi.FFI()
_ffi.cdef("""
typedef uintptr_t HANDLE;  /* every pdfium handle, as a plain int on the Python side */
HANDLE FPDF_LoadDocument(const char* path, const char* password);
void FPDF_InitLibrary(void);
unsigned long FPDF_GetLastError(void);
int FPDF_GetPageCount(HANDLE doc);
void FPDF_CloseDocument(HANDLE doc);
HANDLE FPDF_LoadPage(HANDLE doc, int index);
void FPDF_ClosePage(HANDLE page);
int FPDFPage_GetMediaBox(HANDLE page, float* left, float* bottom, float* right, float* top);
int FPDF_GetPageBoundingBox(HANDLE page, float* rect);  /* FS_RECTF: left, top, right, bottom */
int FPDFPage_GetRotation(HANDLE page);
HANDLE FPDFText_LoadPage(HANDLE page);
void FPDFText_ClosePage(HANDLE text_page);
int FPDFText_CountChars(HANDLE text_page);
int FPDFText_GetText(HANDLE text_page, int start_index, int count, unsigned short* result);
unsigned int FPDFText_GetUnicode(HANDLE text_page, int index);
int FPDFText_IsGenerated(HANDLE text_page, int index);
int FPDFText_HasUnicodeMapError(HANDLE text_page, int index);
int FPDFText_GetCharOrigin(HANDLE text_page, int index, double* x, double* y);
int FPDFText_GetMatrix(HANDLE text_page, int index, float* matrix);  /* FS_MATRIX: six floats a..f */
double FPDFText_GetFontSize(HANDLE text_page, int index);
HANDLE FPDFText_GetTextObject(HANDLE text_page, int index);
HANDLE FPDFTextObj_GetFont(HANDLE text_object);
int FPDFFont_GetDescent(HANDLE font, float font_size, float* descent);
size_t FPDFFont_GetBaseFontName(HANDLE font, char* buffer, size_t length);
int FPDFFont_GetGlyphWidth(HANDLE font, unsigned int glyph, float font_size, float* width);
int FPDFPage_CountObjects(HANDLE page);
HANDLE FPDFPage_GetObject(HANDLE page, int index);
int FPDFPageObj_GetType(HANDLE page_object);
int FPDFPageObj_GetMatrix(HANDLE page_object, float* matrix);
int FPDFFormObj_CountObjects(HANDLE form_object);
HANDLE FPDFFormObj_GetObject(HANDLE form_object, unsigned long index);
int FPDFPath_CountSegments(HANDLE path);
HANDLE FPDFPath_GetPathSegment(HANDLE path, int index);
int FPDFPathSegment_GetPoint(HANDLE segment, float* x, float* y);
int FPDFPathSegment_GetType(HANDLE segment);
int FPDFPathSegment_GetClose(HANDLE segment);
""" + FONT_CDEF + LAYERS_CDEF)


def _load_library():
    """pdfium as shipped in the pypdfium2 wheel (package pypdfium2_raw), initialised (a no-op if pypdfium2 did)."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec else None
    name = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")
    if folder is None or not (folder / name).is_file():
        raise ImportError(f"pdfium not found: {name} is missing from pypdfium2_raw; reinstall pypdfium2")
    lib = _ffi.dlopen(str(folder / name))
    lib.FPDF_InitLibrary()
    return lib


_lib = _load_library()
_fonts = FontInfo(_ffi, _lib)  # fonts the PDF does not embed: the same substitutes on every machine
_marks = MarkReader(_ffi, _lib)  # which objects a hidden optional-content layer holds

_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5  # FPDF_PAGEOBJ_* (text runs are read through the text page)
# pdfminer measures fonts of these base names with its own AFM metrics (pdfminer/fontmetrics.py), not
# with the PDF's font descriptor; its descent, per 1000 em:
_AFM_DESCENT = {
    **dict.fromkeys(["Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
                     "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic"], -207.0),
    **dict.fromkeys(["Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "TimesNewRoman",
                     "TimesNewRoman,Bold", "TimesNewRoman,Italic", "TimesNewRoman,BoldItalic"], -217.0),
    **dict.fromkeys(["Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "CourierNew",
                     "CourierNew,Bold", "CourierNew,Italic", "CourierNew,BoldItalic"], -194.0),
    "Symbol": 0.0, "ZapfDingbats": 0.0,
}
_FILE, _FORMAT, _PASSWORD, _SECURITY = 2, 3, 4, 5  # FPDF_ERR_*
_HYPHEN_MARK = 0x2  # pdfium's stand-in for a hyphen it joined across a line end


class PageLimitError(Exception):
    """A page holds more objects than any report page; it is skipped rather than read for minutes."""


def open_pages(path: Path) -> "PdfiumPages":
    """`path` opened by pdfium, its error codes turned into the same DocumentErrors as the pdfplumber reader's."""
    handle = _lib.FPDF_LoadDocument(os.fsencode(path), _ffi.NULL)
    if handle:
        return PdfiumPages(handle, StreamCheck(path))
    code = int(_lib.FPDF_GetLastError())
    if code in (_PASSWORD, _SECURITY):
        raise encrypted(path)
    if code == _FORMAT:
        raise corrupt(path)
    if code == _FILE:
        raise DocumentError(f"{path}: cannot read the file")
    raise unparsable(path, f"pdfium error {code}")


class PdfiumPages:
    """An open document read by pdfium: page_count, read_page(index), close()."""

    def __init__(self, handle, streams: StreamCheck):
        self._doc, self._streams = handle, streams
        self.page_count = int(_lib.FPDF_GetPageCount(handle))
        self._layers: optional_content.Layers | None = None  # the default configuration's hidden groups

    def _page_layers(self, index: int) -> PageLayers | None:
        """What hides objects on page `index` (None: nothing in the document is hidden)."""
        if self._layers is None:
            doc = self._streams.document
            self._layers = optional_content.layers(doc) if doc is not None else optional_content.NONE
        page = self._streams.page(index)
        if not self._layers or page is None:
            return None
        if optional_content.hidden_forms(page.resources, self._layers):
            raise PageError("it draws a form XObject in a hidden optional-content layer, which the pdfium reader "
                            "cannot leave out; read it with --reader pdfplumber")
        names = self._layers
        return PageLayers(names.names_hidden, names.names_hidden & names.names_shown,
                          optional_content.membership_verdict(page.resources, names))

    def read_page(self, index: int) -> PageContent:
        problem = self._streams.problem(index)
        if problem:
            raise PageError(problem)
        layers = self._page_layers(index)
        info = self._streams.page(index)  # pdfminer's page: its CropBox (inherited too) and /UserUnit
        attrs = info.attrs if info is not None else {}
        with _fonts.reading():
            page = _lib.FPDF_LoadPage(self._doc, index)
            if not page:
                raise RuntimeError("pdfium cannot load the page")
            try:
                return _read(page, index + 1, layers, attrs, page_descents(info.resources) if info is not None else {})
            finally:
                _lib.FPDF_ClosePage(page)

    def close(self) -> None:
        if self._doc is not None:
            _lib.FPDF_CloseDocument(self._doc)
            self._streams.close()
            self._doc = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# The calls' out-parameters and buffers, allocated once: a worker reads one page at a time, and a forked
# worker capped below its parent's address space (--max-memory after a Ray run) may get no new memory.
_box = _ffi.new("float[4]")
_matrix = _ffi.new("float[6]")
_point = _ffi.new("float[2]")
_origin = _ffi.new("double[2]")
_metric = _ffi.new("float*")
_name = _ffi.new("char[128]")
_text = _ffi.new("unsigned short[]", MAX_PAGE_CHARS + 1)


def _read(page, number: int, layers: PageLayers | None = None, attrs: dict | None = None,
          descents: dict[str, float] | None = None) -> PageContent:
    """The page's content; `descents`: its fonts' descents as the PDF gives them (readers/font_descents.py)."""
    rotation = (_lib.FPDFPage_GetRotation(page) % 4) * 90
    descents = descents or {}
    t, chars, segments, coverage, directions, cut = _placed(page, rotation, layers, descents)
    if cut and chain_depth((attrs or {}).get("Resources")) > PDFIUM_FORM_DEPTH:
        raise PageError(f"its form XObjects nest deeper than the {PDFIUM_FORM_DEPTH} levels pdfium draws, so what "
                        "they hold below that was not read; read it with --reader pdfplumber")
    turn = text_direction.upright_turn(directions)
    if turn:  # /Rotate shows the text upside down or sideways: read the page as its text reads
        t, chars, segments, coverage, _, _ = _placed(page, (rotation + turn) % 360, layers, descents)
    width, height = t.width, t.height
    shown = page_box.view(t, (attrs or {}).get("CropBox"), (attrs or {}).get("UserUnit"))
    if shown is not None:
        chars, segments, width, height = page_box.visible(shown, chars, segments)
    return PageContent(
        number=number,
        width=width,
        height=height,
        words=page_words(drop_overprints(chars), segments),
        segments=segments,
        image_coverage=min(1.0, coverage / (t.width * t.height or 1.0)),
        turned=text_direction.turned_note(rotation, turn) if turn else "",
    )


def _placed(page, rotation: int, layers: PageLayers | None, descents: dict[str, float]) -> tuple:
    """The page's transform for `rotation`, its characters, rules and image area, how many characters read
    along each direction ({turn: count}, text_direction), and whether pdfium may have cut a nest of forms."""
    t = page_transform(_media_box(page), rotation)
    shapes = PathShapes(t)
    hidden: set[int] = set()  # the text runs of hidden layers
    notes: dict[str, bool] = {}
    coverage = _walk_objects(page, t, shapes, layers, hidden, notes)
    directions: dict[int | None, int] = {}
    chars = _chars(page, t, hidden, directions, descents)
    return t, chars, shapes.segments(), coverage, directions, notes.get("cut", False)


def _media_box(page) -> tuple[float, float, float, float]:
    """The page's MediaBox. pdfium reads it from the page's own dictionary only; one inherited from the
    page tree is taken from pdfium's page box instead (the same unless a CropBox cuts it)."""
    box = _box
    if _lib.FPDFPage_GetMediaBox(page, box, box + 1, box + 2, box + 3):
        return tuple(_as_written(v) for v in box)
    _lib.FPDF_GetPageBoundingBox(page, box)
    left, top, right, bottom = (_as_written(v) for v in box)
    return left, bottom, right, top


def _as_written(value: float) -> float:
    """The shortest decimal that pdfium's 32-bit float came from ("595.2756", as pdfminer parses it)."""
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == value:
            return candidate
    return value


def _walk_objects(page, t: Transform, shapes: PathShapes, layers: PageLayers | None, hidden: set[int],
                  notes: dict) -> float:
    """Feed every path to `shapes` and return the image area on the page; forms are entered recursively. With
    `layers`, what a hidden layer holds is left out, its text runs added to `hidden`. notes["cut"] is set when a form
    nested as deep as pdfium draws holds nothing (pdfium may have left its content out)."""
    m, xy = _matrix, _point
    budget = MAX_PAGE_OBJECTS
    covered = 0.0

    def spend(count: int) -> int:
        nonlocal budget
        budget -= count
        if budget < 0:
            raise PageLimitError(
                f"more than {MAX_PAGE_OBJECTS:,} objects on the page (a drawing, not a report page); it was not read"
            )
        return count

    def walk(objects: list[int], parent: tuple, unseen: bool = False, depth: int = 0) -> None:
        nonlocal covered
        for obj in objects:
            kind = get_type(obj)
            gone = layers is not None and (unseen or _marks.hidden(obj, layers))
            if gone and kind == _TEXT:
                hidden.add(obj)
            if gone and kind != _FORM:
                continue  # a hidden form is entered only to find its text runs
            if kind not in (_PATH, _IMAGE, _FORM) or not _lib.FPDFPageObj_GetMatrix(obj, m):
                continue
            matrix = _then(_ffi.unpack(m, 6), parent)
            if kind == _PATH:
                shapes.add(_path_points(obj, xy), matrix)
            elif kind == _IMAGE:
                covered += t.image_area(matrix)
            else:
                form, count = _lib.FPDFFormObj_GetObject, _lib.FPDFFormObj_CountObjects(obj)
                if not count and depth + 1 >= PDFIUM_FORM_DEPTH:
                    notes["cut"] = True
                walk([form(obj, j) for j in range(spend(count))], matrix, gone, depth + 1)

    get_type, get_object = _lib.FPDFPageObj_GetType, _lib.FPDFPage_GetObject
    walk([get_object(page, i) for i in range(spend(_lib.FPDFPage_CountObjects(page)))], t.matrix)
    return covered


def _then(m: tuple, n: tuple) -> tuple:
    """Matrix m followed by n (PDF's row-vector convention; pdfminer's mult_matrix(m, n))."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _path_points(path, xy) -> list[tuple[float, float, int, bool]]:
    """(x, y, segment type, closes the figure) of every point of a path object, in its own space."""
    lib = _lib
    segment, point, kind, closes = (
        lib.FPDFPath_GetPathSegment,
        lib.FPDFPathSegment_GetPoint,
        lib.FPDFPathSegment_GetType,
        lib.FPDFPathSegment_GetClose,
    )
    x_out, y_out = xy, xy + 1
    points = []
    for i in range(lib.FPDFPath_CountSegments(path)):
        seg = segment(path, i)
        point(seg, x_out, y_out)
        points.append((xy[0], xy[1], kind(seg), bool(closes(seg))))
    return points


def _chars(page, t: Transform, hidden: set[int], directions: dict, descents: dict[str, float]) -> list[Char]:
    """Every character of the text layer with pdfminer's box, in pdfium's reading order; not those of the text
    runs in `hidden`. `directions` counts the characters by their baseline's direction."""
    tp = _lib.FPDFText_LoadPage(page)
    if not tp:
        return []
    try:
        n = _lib.FPDFText_CountChars(tp)
        if n > MAX_PAGE_CHARS:
            raise PageLimitError(f"{n:,} characters on the page (limit {MAX_PAGE_CHARS:,}); it was not read")
        return _char_boxes(tp, n, t, hidden, directions, descents)
    finally:
        _lib.FPDFText_ClosePage(tp)


def _char_boxes(tp, n: int, t: Transform, hidden: set[int], directions: dict, descents: dict[str, float]
                ) -> list[Char]:
    """pdfminer's box of each character: from its origin, advance × size across and descent .. descent + size up,
    through the character's text matrix and the page's rotation (every corner, as pdfminer's apply_matrix_rect)."""
    lib = _lib
    text_object, origin, generated = lib.FPDFText_GetTextObject, lib.FPDFText_GetCharOrigin, lib.FPDFText_IsGenerated
    get_matrix, font_size, text_font = lib.FPDFText_GetMatrix, lib.FPDFText_GetFontSize, lib.FPDFTextObj_GetFont
    matrix_bytes = _ffi.buffer
    codes = _codes(tp, n)
    xy, m = _origin, _matrix
    x_out, y_out = xy, xy + 1
    fonts: dict = {}  # font → (descent in units of size, {code: (text, advance in units of size, blank)})
    # (matrix, size, font) → what holds for the characters of a text run with them: Word writes a run for every
    # character or two, but a page has few distinct ones
    states: dict[tuple, _RunState] = {}
    ra, rb, rc, rd, re_, rf = t.matrix
    height = t.height
    make = tuple.__new__
    obj = -1
    glyphs: dict = {}
    font = 0
    la = lb = lc = ld = v0 = v1 = size = lo = hi = 0.0
    turned = upright = unseen = False
    chars: list[Char] = []
    append = chars.append
    runs: list[tuple[int | None, int]] = []  # (direction, index of its first character) of each change of direction
    turn: int | None = -1
    for i, u in enumerate(codes):
        this = text_object(tp, i)
        if this != obj:  # a new text run: its matrix, size and font hold for all its characters
            obj = this
            unseen = this in hidden
            get_matrix(tp, i, m)
            font = text_font(obj) if obj else 0
            key = (matrix_bytes(m, 16)[:], font_size(tp, i), font)  # bytes: -0.0 is not 0.0
            state = states.get(key)
            if state is None:
                state = states[key] = _run_state(key, t.matrix, fonts, descents)
            la, lb, lc, ld, upright, turned, size, glyphs, v0, v1, lo, hi, run_turn = state
            if run_turn != turn:
                turn = run_turn
                runs.append((turn, len(chars)))
        if unseen:
            continue
        glyph = glyphs.get(u)
        if glyph is None:
            glyph = glyphs[u] = _glyph(tp, i, u, font)
        text, width, blank = glyph
        if blank and generated(tp, i):
            continue  # pdfium's own spaces and line breaks; pdfminer has no such characters
        adv = width * size
        origin(tp, i, x_out, y_out)
        ox, oy = xy[0], xy[1]
        x = ra * ox + rc * oy + re_
        y = rb * ox + rd * oy + rf
        if turned:
            xs = (x + lc * v0, x + la * adv + lc * v0, x + lc * v1, x + la * adv + lc * v1)
            ys = (y + ld * v0, y + lb * adv + ld * v0, y + ld * v1, y + lb * adv + ld * v1)
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        else:  # upright or mirrored: two corners suffice
            x0, x1 = (x, x + la * adv) if la >= 0 else (x + la * adv, x)
            y0, y1 = y + lo, y + hi
        append(make(Char, (text, x0, height - y1, x1, height - y0, upright)))
    for (turn, start), (_, end) in zip(runs, [*runs[1:], (None, len(chars))]):
        directions[turn] = directions.get(turn, 0) + end - start
    return chars


_RunState = tuple  # (la, lb, lc, ld, upright, turned, size, glyphs, v0, v1, lo, hi, turn): see _run_state


def _run_state(key: tuple, rotation: tuple, fonts: dict, descents: dict[str, float]) -> _RunState:
    """What holds for every character of a text run of matrix (a, b, c, d: four floats' bytes), font size and font
    (`key`) on a page turned by `rotation` (its transform): the matrix through the turn, upright or not, turned (a box
    needs every corner) or not, the font's glyphs, the box's bottom and top above the baseline (v0, v1; lo, hi: its y
    extent about the origin) and the baseline's direction (text_direction.turn_of)."""
    matrix, size, font = key
    a, b, c, d = struct.unpack("4f", matrix)
    ra, rb, rc, rd = rotation[:4]
    la, lb, lc, ld = a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd
    if font not in fonts:
        fonts[font] = (_descent(font, descents), {})
    descent, glyphs = fonts[font]
    v0 = descent * size
    v1 = v0 + size
    lo, hi = (ld * v0, ld * v1) if ld >= 0 else (ld * v1, ld * v0)
    return (la, lb, lc, ld, la * ld > 0 and lb * lc <= 0, lb != 0 or lc != 0, size, glyphs, v0, v1, lo, hi,
            text_direction.turn_of(la, lb))


def _codes(tp, n: int) -> list[int]:
    """Each character's Unicode value in one call when pdfium's text buffer lines up with its characters
    (it does unless a glyph lacks a code or lies outside the BMP), else one call per character."""
    buf = _text
    if n and _lib.FPDFText_GetText(tp, 0, n, buf) == n + 1:
        codes = _ffi.unpack(buf, n)
        if max(codes) < 0xD800 or not any(0xD800 <= u <= 0xDFFF for u in codes):
            if 0xFFFE in codes:  # the buffer's mark for a code without Unicode (or a hyphen): ask for each
                return [_lib.FPDFText_GetUnicode(tp, i) if u == 0xFFFE else u for i, u in enumerate(codes)]
            return codes
    return [_lib.FPDFText_GetUnicode(tp, i) for i in range(n)]


def _glyph(tp, i: int, u: int, font: int) -> tuple[str, float, bool]:
    """(pdfminer's text, advance in units of the font size, white space?) of character i, code u; kept per
    font and code (a code that pdfium cannot map to Unicode comes as itself, flagged, the first time)."""
    if u == _HYPHEN_MARK:
        text, u = "-", 0x2D  # measured as the hyphen it stands for (code 2 has no width of its own)
    elif u == 0 or _lib.FPDFText_HasUnicodeMapError(tp, i):
        text = f"(cid:{u})"  # pdfminer's text for a glyph without a Unicode mapping
    else:
        text = chr(u)
    advance = bool(font) and _lib.FPDFFont_GetGlyphWidth(font, u, 1000.0, _metric)
    return text, _metric[0] * 0.001 if advance else 0.0, text.isspace()


def _descent(font: int, descents: dict[str, float]) -> float:
    """The font's descent in units of its size, as pdfminer takes it: the PDF's own (`descents`, by name), else AFM
    metrics for the standard names, else pdfium's (which measures the font program where the descriptor says 0)."""
    if not font:
        return 0.0
    name = _name
    if 0 < _lib.FPDFFont_GetBaseFontName(font, name, 128) <= 128:
        text = _ffi.string(name).decode("latin-1")
        if text in descents:
            return descents[text]
        afm = _AFM_DESCENT.get(text)
        if afm is not None:
            return afm * 0.001
    return _metric[0] * 0.001 if _lib.FPDFFont_GetDescent(font, 1000.0, _metric) else 0.0
