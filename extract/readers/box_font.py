"""A tiny TrueType font whose every character is the same box: the face pdfium is given for fonts a PDF
does not embed, so that what it reads from such text does not depend on the fonts the machine has.

pdfium keeps a text run only if the glyphs of its substitute font have ink (a run whose glyph boxes are
empty is dropped from the text page: on a machine without CJK fonts every Chinese word of a report set
in a non-embedded STSong or SimSun vanished). Positions and widths come from the PDF's own metrics
(/W, /DW, /Widths); the face only has to give each glyph a non-empty box, the same on every machine.
One glyph, one cmap segment (format 13, many-to-one) mapping every code point to it: 300 bytes.
"""
from __future__ import annotations

import struct

UNITS_PER_EM = 1000
BOX = (0, -120, 1000, 880)  # xMin, yMin, xMax, yMax: a CJK em box (ideographic baseline at -120)
FAMILY = "JuesuanBox"


def _glyph() -> bytes:
    """A closed square contour over BOX (four on-curve points, 16-bit deltas)."""
    x0, y0, x1, y1 = BOX
    xs = [x0, x1 - x0, 0, x0 - x1]
    ys = [y0, 0, y1 - y0, 0]
    head = struct.pack(">hhhhh", 1, x0, y0, x1, y1) + struct.pack(">HH", 3, 0)  # endPts [3], no instructions
    return head + bytes([0x01] * 4) + struct.pack(">4h", *xs) + struct.pack(">4h", *ys)


def _name_table() -> bytes:
    """Family, subfamily, full and PostScript name in Windows Unicode (what FreeType reads)."""
    names = [(1, FAMILY), (2, "Regular"), (4, FAMILY), (6, FAMILY)]
    data = b""
    records = b""
    for name_id, text in names:
        raw = text.encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(raw), len(data))
        data += raw
    return struct.pack(">3H", 0, len(names), 6 + 12 * len(names)) + records + data


def _tables() -> dict[bytes, bytes]:
    glyph = _glyph()
    x0, y0, x1, y1 = BOX
    glyph_count = 2  # .notdef and the box, both the same box: a code without a mapping has ink too
    cmap13 = struct.pack(">HHIII", 13, 0, 28, 0, 1) + struct.pack(">III", 0, 0x10FFFF, 1)
    # OS/2 version 3: regular weight; Unicode ranges Basic Latin and CJK ideographs; code pages Latin 1, JIS,
    # GB2312, Korean and Big5; win ascent/descent the box
    return {
        b"OS/2": struct.pack(">HhHHHhhhhhhhhhhh", 3, 500, 400, 5, 0, 650, 700, 0, 140, 650, 700, 0, 480, 50, 300, 0)
        + bytes(10) + struct.pack(">IIII", 0x1, 0x08000000, 0, 0) + b"JSUN"
        + struct.pack(">HHHhhhHH", 0x40, 0x20, 0xFFFF, y1, y0, 0, y1, -y0)
        + struct.pack(">II", 0x001E0001, 0) + struct.pack(">hhHHH", 500, y1, 0, 0x20, 0),
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + cmap13,
        b"glyf": glyph * glyph_count,
        b"head": struct.pack(">IIIIHHQQhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM,
                             0, 0, x0, y0, x1, y1, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, y1, y0, 0, x1, 0, 0, x1, 1, 0, 0, 0, 0, 0, 0, 0,
                             glyph_count),
        b"hmtx": struct.pack(">Hh", UNITS_PER_EM, 0) * glyph_count,
        b"loca": struct.pack(f">{glyph_count + 1}H", *(i * len(glyph) // 2 for i in range(glyph_count + 1))),
        b"maxp": struct.pack(">IH13H", 0x00010000, glyph_count, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": _name_table(),
        b"post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }


def _checksum(data: bytes) -> int:
    padded = data + bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def box_font() -> bytes:
    """The font file: an sfnt directory and its tables, each 4-byte aligned, checksums filled in."""
    tables = _tables()
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = len(header) + 16 * count
    directory = b""
    body = b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    font = bytearray(header + directory + body)
    head_at = offset + body.index(tables[b"head"])  # checkSumAdjustment: 0xB1B0AFBA minus the whole file's sum
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def table(font: bytes, tag: int) -> bytes:
    """One table of `font` by its tag as a big-endian integer (pdfium's GetFontData), b"" if absent."""
    count = struct.unpack_from(">H", font, 4)[0]
    for i in range(count):
        name, _, at, length = struct.unpack_from(">IIII", font, 12 + 16 * i)
        if name == tag:
            return font[at:at + length]
    return b""
