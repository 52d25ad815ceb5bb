#!/usr/bin/env python3
"""A hostile corpus built from the fixtures: mutated reports, bombs, object loops, odd names, the two
amount cases. `juesuan extract DIR -o OUT` over it must exit 1 with every input in documents.csv,
the good files extracted, no traceback and no process left behind (tests/test_hostile.py).

    python -m scripts.make_hostile DIR

EXPECTED maps each input (its path under DIR) to the status it must get and a fragment of its error.
Files are made deterministically (seeded mutations); the bombs are written as repeated deflate
blocks, so a 1.6 GB content stream costs milliseconds to build.
"""
from __future__ import annotations

import argparse
import base64
import os
import random
import re
import shutil
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
EDGE = ROOT / "fixtures" / "edge"

EXPECTED: dict[str, tuple[str, str]] = {
    # good files under odd names, and in a folder that is itself named like a PDF
    "good.pdf": ("ok", ""),
    "UPPER.PDF": ("ok", ""),
    ".pdf": ("ok", ""),
    "x.pdf": ("failed", "a folder named like a PDF, not a PDF file"),
    "x.pdf/inside.pdf": ("ok", ""),
    "a/same_name.pdf": ("ok", ""),
    "b/same_name.pdf": ("ok", ""),  # the same name and content in another folder: its own doc_id
    "alias.pdf": ("duplicate", "the same file as"),  # a symbolic link to good.pdf
    "hard_link.pdf": ("duplicate", "the same file as"),
    "loop.pdf": ("failed", "a symbolic link loop"),
    "dangling.pdf": ("failed", "a dangling symbolic link"),
    "\udcb2\udcc6\udcd5\udcfe.pdf": ("ok", ""),  # a GBK file name (财政), not UTF-8
    # mutated reports
    "truncated_half.pdf": ("failed", "corrupt or truncated"),
    "bit_flipped.pdf": ("partial", "pages cannot be read"),
    "pages_unreadable.pdf": ("partial", "10 of 14 pages cannot be read (1-4, 6, 8, 10-13)"),
    "object_loop.pdf": (
        "failed",
        "the PDF has zero pages",
    ),  # pdfium finds no page at once (pdfminer, --reader pdfplumber, resolved the self-reference until the time limit)
    "kids_loop.pdf": ("failed", ""),
    "no_fontbbox.pdf": ("ok", ""),
    # text layers whose code points are look-alikes: read as good.pdf (issue 31)
    "kangxi_radicals.pdf": ("ok", ""),  # 收⼊⽀出 (Kangxi radicals, as WPS exports write them)
    "fullwidth_codes.pdf": ("ok", ""),  # codes and years in ０–９
    "arabic_indic_codes.pdf": ("ok", ""),  # codes and years in ٠–٩
    # legal page geometry: read as good.pdf
    "mediabox_inverted.pdf": ("ok", ""),  # [595 842 0 0]
    "mediabox_negative_origin.pdf": ("ok", ""),  # [-300 -300 295 542], content moved with it
    "mediabox_far_away.pdf": ("ok", ""),  # [30000 30000 30595 30842], content moved with it
    "cropbox_margin.pdf": ("ok", ""),  # the CropBox the page, a draft's amounts in the margin outside it
    "user_unit.pdf": ("ok", ""),  # drawn at half size, /UserUnit 2
    "rotate_lies_180.pdf": ("ok", ""),  # /Rotate 180 over upright content: read as its text reads (page_turned)
    "rotate_lies_270.pdf": ("ok", ""),
    "fake_bold.pdf": ("ok", ""),  # every page's text drawn again 0.3 pt to the right
    "nested_forms.pdf": ("ok", ""),  # 11 nested forms scaled by 10 and 0.1
    "recursive_form.pdf": ("ok", ""),  # page 5 in a form that draws itself again
    "deep_forms.pdf": ("failed", "14 of 14 pages cannot be read"),  # 300 forms, one in the next: pdfium draws 40
    # several reports in one file: named by a finding, the document partial (not split)
    "two_departments.pdf": ("partial", "page 19: another report begins here (its first table"),
    "same_report_twice.pdf": ("partial", "the same department, year and report again"),
    "table_twice.pdf": ("ok", ""),  # one table printed again: a table_repeated warning, its cells kept apart
    "final_and_budget.pdf": ("partial", "page 17: another report begins here (its table titles turn from 决算 to 预算"),
    # a draft's amounts in an optional-content layer that is off: read as good.pdf, as a viewer shows it
    "hidden_layer.pdf": ("ok", ""),  # /OC /L2 BDC … EMC naming the group
    "hidden_membership.pdf": ("ok", ""),  # … naming a membership dictionary (OCMD) of the group
    # bombs and monsters
    "image_bomb.pdf": ("partial", "OCR failed on page 1 (PageTooLarge: the page holds an image of 100000 x 100000 px"),
    "content_bomb.pdf": ("failed", "exceeded the memory limit"),
    "huge_mediabox.pdf": ("partial", "too large to OCR"),
    # the two amounts beyond decimal128(38, 8), and the edge fixtures
    "amount_decimals.pdf": ("partial", "amount '1.123456789' is beyond what the outputs hold exactly"),
    "amount_digits.pdf": ("partial", "is beyond what the outputs hold exactly"),
    "edge/not_a_pdf.pdf": ("failed", "not a PDF"),
    "edge/encrypted.pdf": ("failed", "encrypted"),
    "edge/truncated.pdf": ("failed", "corrupt or truncated"),
    "edge/zero_pages.pdf": ("failed", "zero pages"),
    "edge/no_table.pdf": ("failed", "no recognizable table"),
    "edge/bad_row.pdf": ("partial", "cannot read amount '12.3.4x'"),
}


# --- a minimal PDF rewriter (the fixtures are reportlab output: plain objects, one xref) ---------

def objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s?(.*?)endobj", data, re.S)}


def rebuild(objs: dict[int, bytes], root: int = 1) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def _root(data: bytes) -> int:
    return int(re.search(rb"/Root (\d+) 0 R", data).group(1))


def _pages_in_order(data: bytes, objs: dict[int, bytes]) -> list[int]:
    kids = re.search(rb"/Kids \[([^\]]*)\]", objs[int(re.search(rb"/Pages (\d+) 0 R", objs[_root(data)]).group(1))])
    return [int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1))]


def deflate_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data inflating to chunk * times, built from one compressed block repeated."""
    c = zlib.compressobj(9)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # zlib header + block, dictionary reset
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # the same block without the header
    tail = c.flush()
    check = 1
    for _ in range(times):
        check = zlib.adler32(chunk, check)
    return head + block * (times - 1) + tail[:-4] + check.to_bytes(4, "big")


def _stream(attrs: bytes, data: bytes) -> bytes:
    return b"<< " + attrs + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def damage_pages(source: Path, target: Path, pages: list[int]) -> None:
    """The content streams of the given (1-based) pages replaced by deflate data that does not inflate."""
    data = source.read_bytes()
    objs = objects(data)
    order = _pages_in_order(data, objs)
    rng = random.Random(7)
    for number in pages:
        content = int(re.search(rb"/Contents (\d+) 0 R", objs[order[number - 1]]).group(1))
        raw = bytearray(zlib.compress(bytes(rng.randrange(256) for _ in range(4000))))
        raw[len(raw) // 2: len(raw) // 2 + 8] = bytes(8)  # a broken block mid-stream
        objs[content] = _stream(b"/Filter /FlateDecode", bytes(raw))
    target.write_bytes(rebuild(objs, _root(data)))


def flip_bits(source: Path, target: Path, flips: int = 40, seed: int = 3) -> None:
    data = bytearray(source.read_bytes())
    rng = random.Random(seed)
    body = range(len(data) // 5, len(data) * 4 // 5)  # leave the header and the xref alone
    for _ in range(flips):
        data[rng.choice(body)] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))


# --- a text layer recoded: the same glyph codes, other Unicode (STSong-Light is UCS-2 coded) -----------

_KANGXI = str.maketrans({"入": "\u2f0a", "支": "\u2f40", "一": "\u2f00", "生": "\u2f63", "金": "\u2fa6"})  # ⼊⽀⼀⽣⾦
_FULLWIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})  # ０–９
_ARABIC_INDIC = str.maketrans({str(d): chr(0x0660 + d) for d in range(10)})  # ٠–٩
_PRIVATE_USE = str.maketrans({str(d): chr(0xE000 + d) for d in range(10)})


def kangxi(text: str) -> str:
    """入 支 一 生 金 as the Kangxi radicals that look the same, as WPS exports write them."""
    return text.translate(_KANGXI)


def fullwidth_codes_and_years(text: str) -> str:
    """Digits of codes and titles (not amounts: their wider glyphs would run into the next cell) full-width."""
    return text if "." in text else text.translate(_FULLWIDTH)


def arabic_indic_codes_and_years(text: str) -> str:
    return text if "." in text else text.translate(_ARABIC_INDIC)


def private_use_digits(text: str) -> str:
    """Every digit mapped to a private-use code point (U+E000–U+E009): a font whose ToUnicode lies."""
    return text.translate(_PRIVATE_USE)
_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal_bytes(token: bytes) -> bytes:
    """The bytes a PDF literal string `(…)` stands for (octal and character escapes undone)."""
    body = token[1:-1]
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                  else _ESCAPES.get(m.group(1), m.group(1)), body, flags=re.S)


def _decoded(obj: bytes) -> bytes | None:
    """A content stream's data, its ASCII85 and Flate filters undone (None: not such a stream)."""
    if b"stream" not in obj or b"/Subtype" in obj[:obj.index(b"stream")]:
        return None
    head, data = obj[:obj.index(b"stream")], obj[obj.index(b"stream") + 6: obj.rindex(b"endstream")].strip(b"\r\n")
    if b"ASCII85Decode" in head:
        data = base64.a85decode(data.strip(), adobe=True)
    return zlib.decompress(data) if b"FlateDecode" in head else data


RECODED = {"kangxi_radicals.pdf": kangxi, "fullwidth_codes.pdf": fullwidth_codes_and_years,
           "arabic_indic_codes.pdf": arabic_indic_codes_and_years}  # each a copy of good.pdf


def recode_text(source: Path, target: Path, recode) -> None:
    """Every string shown in the Chinese font (/F2, UCS-2 codes) passed through `recode`: what a text
    layer holds when its font maps glyphs to look-alike code points (Kangxi radicals, other digits)."""
    data = source.read_bytes()
    objs = objects(data)
    for n, obj in objs.items():
        content = _decoded(obj)
        if content is None or b"BT" not in content:
            continue

        def block(m: re.Match) -> bytes:
            if b"/F2 " not in m.group(0):
                return m.group(0)
            return _LITERAL.sub(lambda s: b"<" + recode(_literal_bytes(s.group(0)).decode("utf-16-be"))
                                .encode("utf-16-be").hex().encode() + b">", m.group(0))
        objs[n] = _stream(b"", re.sub(rb"BT .*?ET", block, content, flags=re.S))
    target.write_bytes(rebuild(objs, _root(data)))


# --- legal page geometry a reader must follow (issue 31) ----------------------------------------------

def moved_boxes(source: Path, target: Path, how: str, shift: float = 0.0) -> None:
    """Every page's MediaBox rewritten and its content moved with it, so a viewer shows the same page:
    "inverted" corners ([595 842 0 0]), or the box and content shifted by `shift` (negative: a negative
    origin; large: content translated far away)."""
    data = source.read_bytes()
    objs = objects(data)
    for n in _pages_in_order(data, objs):
        m = re.search(rb"/MediaBox \[\s*([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\s*\]", objs[n])
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        box = (x1, y1, x0, y0) if how == "inverted" else (x0 + shift, y0 + shift, x1 + shift, y1 + shift)
        objs[n] = objs[n][:m.start()] + b"/MediaBox [%s]" % " ".join(f"{v:g}" for v in box).encode() + objs[n][m.end():]
        if shift:
            content = int(re.search(rb"/Contents (\d+) 0 R", objs[n]).group(1))
            objs[content] = _stream(b"", b"q 1 0 0 1 %g %g cm\n" % (shift, shift) + _decoded(objs[content]) + b"\nQ")
    target.write_bytes(rebuild(objs, _root(data)))


MOVED = {"mediabox_inverted.pdf": ("inverted", 0.0), "mediabox_negative_origin.pdf": ("shifted", -300.0),
         "mediabox_far_away.pdf": ("shifted", 30000.0)}  # each a copy of good.pdf


def boxed(source: Path, target: Path, how: str) -> None:
    """Every page shown as the source shows it through another box: "cropped", a MediaBox 100 pt larger on every
    side, the CropBox the original page, and a draft's amounts printed in the margin a viewer does not show
    (beside each row, and over the page); or "user_unit", the page drawn at half size with /UserUnit 2."""
    data = source.read_bytes()
    objs = objects(data)
    for n in _pages_in_order(data, objs):
        m = re.search(rb"/MediaBox \[\s*([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\s*\]", objs[n])
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        content = int(re.search(rb"/Contents (\d+) 0 R", objs[n]).group(1))
        shown = _decoded(objs[content])
        if how == "cropped":
            box = b"/MediaBox [%g %g %g %g] /CropBox [%s]" % (x0 - 100, y0 - 100, x1 + 100, y1 + 100,
                                                              m.group(0)[11:-1].strip())
            margin = b"\n".join(_moved_block(c, dx) for c in re.findall(rb"BT .*?ET", shown, re.S) if _draft_copy(c)
                                for dx in (-(x1 + 60), x1 + 60))
            objs[content] = _stream(b"", shown + b"\n" + margin + b"\n0 0 0 RG 2 w -90 -90 m -90 %g l S" % (y1 + 90))
        else:
            box = b"/MediaBox [%g %g %g %g] /UserUnit 2" % (x0 / 2, y0 / 2, x1 / 2, y1 / 2)
            objs[content] = _stream(b"", b"q 0.5 0 0 0.5 0 0 cm\n" + shown + b"\nQ")
        objs[n] = objs[n][:m.start()] + box + objs[n][m.end():]
    target.write_bytes(rebuild(objs, _root(data)))


def _moved_block(block: bytes, dx: float) -> bytes:
    """A text block's draft copy (other digits) moved `dx` across: out of the CropBox, into the margin."""
    copy = _draft_copy(block)
    m = re.search(rb"1 0 0 1 ([-\d.]+) ([-\d.]+) Tm", copy)
    return copy[:m.start()] + b"1 0 0 1 %.4f %s Tm" % (float(m.group(1)) + 40 + dx, m.group(2)) + copy[m.end():]


BOXED = {"cropbox_margin.pdf": "cropped", "user_unit.pdf": "user_unit"}  # each a copy of good.pdf


def rotate_lies(source: Path, target: Path, degrees: int) -> None:
    """Every page's /Rotate turned by `degrees` while its content stays as drawn: the page a viewer shows is
    upside down or sideways, its text still one readable layer."""
    data = source.read_bytes()
    objs = objects(data)
    for n in _pages_in_order(data, objs):
        m = re.search(rb"/Rotate (\d+)", objs[n])
        turned = b"/Rotate %d" % ((int(m.group(1)) if m else 0) + degrees)
        page = objs[n]
        objs[n] = page[:m.start()] + turned + page[m.end():] if m else page.replace(b"/Type /Page",
                                                                                    turned + b" /Type /Page", 1)
    target.write_bytes(rebuild(objs, _root(data)))


ROTATED = {"rotate_lies_180.pdf": 180, "rotate_lies_270.pdf": 270}  # each a copy of good.pdf


def fake_bold(source: Path, target: Path, offset: float = 0.3) -> None:
    """Every page's text drawn a second time, `offset` pt to the right, after the page: the bold an office suite
    fakes for a font without a bold face. A viewer shows each glyph once, thicker."""
    data = source.read_bytes()
    objs = objects(data)
    for n in _pages_in_order(data, objs):
        content = int(re.search(rb"/Contents (\d+) 0 R", objs[n]).group(1))
        drawn = _decoded(objs[content])
        again = b"\n".join(re.findall(rb"BT .*?ET", drawn, re.S))
        objs[content] = _stream(b"", b"q\n" + drawn + b"\nQ\nq 1 0 0 1 %g 0 cm\n" % offset + again + b"\nQ")
    target.write_bytes(rebuild(objs, _root(data)))


BOLD = {"fake_bold.pdf": 0.3}  # a copy of good.pdf


def nested_forms(source: Path, target: Path, scales: tuple[float, ...]) -> None:
    """Every page's content drawn by a chain of form XObjects, one in the next, the i-th with /Matrix scaled by
    scales[i]; their product 1 shows the page as the source. A chain that ends in a form drawing itself
    (scales empty) is a loop a reader must stop; pdfium draws it 40 times over, so only page 5 (a table) has it."""
    data = source.read_bytes()
    objs = objects(data)
    fonts = re.search(rb"/Font (\d+ 0 R)", objs[_pages_in_order(data, objs)[0]]).group(1)
    for number_of_page, n in enumerate(_pages_in_order(data, objs), 1):
        if not scales and number_of_page != 5:
            continue
        content = int(re.search(rb"/Contents (\d+) 0 R", objs[n]).group(1))
        inner = _decoded(objs[content])
        first = max(objs) + 1
        chain = scales or (1.0,) * 3
        for i, scale in enumerate(chain):  # form first + i draws form first + i + 1; the last one the page
            number = first + i
            last = i == len(chain) - 1
            body = inner if last else b"/Fx Do"
            if last and not scales:
                body = inner + b"\n/Fx Do"  # and itself again
            nxt = number if last else number + 1
            objs[number] = _stream(b"/Type /XObject /Subtype /Form /BBox [-100000 -100000 100000 100000] "
                                   b"/Matrix [%g 0 0 %g 0 0] /Resources << /Font %s /XObject << /Fx %d 0 R >> >>"
                                   % (scale, scale, fonts, nxt), body)
        objs[n] = objs[n].replace(b"/Resources <<", b"/Resources << /XObject << /Fx %d 0 R >>" % first, 1)
        objs[content] = _stream(b"", b"/Fx Do")
    target.write_bytes(rebuild(objs, _root(data)))


NESTED = {"nested_forms.pdf": (10.0,) * 5 + (0.1,) * 5 + (1.0,), "recursive_form.pdf": (),
          "deep_forms.pdf": (1.0,) * 300}  # each a copy of good.pdf


def concatenated(sources: list[Path], target: Path) -> None:
    """Several reports joined into one file, as a portal publishes a department with its units, or one report
    twice (pypdf, a dev dependency, joins them)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for source in sources:
        writer.append(str(source))
    with open(target, "wb") as fh:
        writer.write(fh)


def page_again(source: Path, target: Path, page: int) -> None:
    """The report with one of its table pages printed again at its end (a table shown twice in one report)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(source))
    writer.append(str(source), pages=[page - 1])
    with open(target, "wb") as fh:
        writer.write(fh)


PRINTED_TWICE = {"table_twice.pdf": ("minzheng_2023_lattice.pdf", 6)}  # name → the report, the page printed again

CONCATENATED = {  # name → the reports joined, and the page the second begins on
    "two_departments.pdf": (["minzheng_2023_lattice.pdf", "jiaoyu_2023_template_title.pdf"], 19),
    "same_report_twice.pdf": (["minzheng_2023_lattice.pdf", "minzheng_2023_lattice.pdf"], 19),
    "final_and_budget.pdf": (["minzheng_2023_lattice.pdf", "../budget/county_style_2025.pdf"], 17),
}


# --- optional content: a layer a viewer hides must not be read (issue 31) -------------------------------

_AMOUNT = re.compile(r"-?[\d,]+\.\d+")
_OTHER_DIGITS = str.maketrans("0123456789", "3456789012")


def _draft_copy(block: bytes) -> bytes | None:
    """A text block showing an amount, shown again 40 pt to its left with other digits; None for other text."""
    literals = _LITERAL.findall(block)
    text = "".join(_literal_bytes(s).decode("utf-16-be", "replace") for s in literals)
    m = re.search(rb"1 0 0 1 ([\d.]+) ([\d.]+) Tm", block)
    if b"/F2 " not in block or not m or not _AMOUNT.fullmatch(text):
        return None
    shown = b"<" + text.translate(_OTHER_DIGITS).encode("utf-16-be").hex().encode() + b">"
    moved = b"1 0 0 1 %.4f %s Tm" % (float(m.group(1)) - 40, m.group(2))
    return _LITERAL.sub(lambda _: shown, block[:m.start()] + moved + block[m.end():], count=1)


def hidden_layer(source: Path, target: Path, how: str = "marked") -> None:
    """Every page's content in a layer that is ON, and a copy of its amounts with other digits in a layer the
    document's default configuration turns OFF (a draft a viewer does not show), so a viewer shows the source.
    The draft is hidden by a marked-content sequence naming the group ("marked") or a membership dictionary
    whose one group is off ("membership"), or drawn by a form XObject whose /OC entry names the group ("form");
    "same_name" is "marked" with both groups named Final."""
    data = source.read_bytes()
    objs = objects(data)
    final, draft, membership = max(objs) + 1, max(objs) + 2, max(objs) + 3
    objs[final] = b"<< /Type /OCG /Name (Final) >>"
    objs[draft] = b"<< /Type /OCG /Name (%s) >>" % (b"Final" if how == "same_name" else b"Draft")
    objs[membership] = b"<< /Type /OCMD /OCGs [%d 0 R] /P /AllOn >>" % draft
    root = _root(data)
    layers = b"/OCProperties << /OCGs [%d 0 R %d 0 R] /D << /Order [%d 0 R %d 0 R] /OFF [%d 0 R] >> >>" % (
        final, draft, final, draft, draft)
    objs[root] = objs[root].replace(b"/Type /Catalog", b"/Type /Catalog " + layers)
    fonts = re.search(rb"/Font (\d+ 0 R)", objs[_pages_in_order(data, objs)[0]]).group(1)
    for n in _pages_in_order(data, objs):
        hides = membership if how == "membership" else draft
        content = int(re.search(rb"/Contents (\d+) 0 R", objs[n]).group(1))
        shown = _decoded(objs[content])
        drafts = b"\n".join(c for c in map(_draft_copy, re.findall(rb"BT .*?ET", shown, re.S)) if c)
        if how == "form":
            form = max(objs) + 1
            objs[form] = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 2000 2000] /OC %d 0 R /Resources << "
                                 b"/Font %s >>" % (draft, fonts), drafts)
            resources, hidden = b"/Properties << /L1 %d 0 R >> /XObject << /Fx %d 0 R >>" % (final, form), b"/Fx Do"
        else:
            resources = b"/Properties << /L1 %d 0 R /L2 %d 0 R >>" % (final, hides)
            hidden = b"/OC /L2 BDC\n" + drafts + b"\nEMC"
        objs[n] = objs[n].replace(b"/Resources <<", b"/Resources << " + resources, 1)
        objs[content] = _stream(b"", b"/OC /L1 BDC\n" + shown + b"\nEMC\n" + hidden)
    target.write_bytes(rebuild(objs, root))


HIDDEN = {"hidden_layer.pdf": "marked", "hidden_membership.pdf": "membership"}  # each a copy of good.pdf


def _one_page(resources: bytes, content: bytes, extra: dict[int, bytes], box: bytes = b"0 0 595 842") -> bytes:
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox ["
        + box
        + b"] /Contents 4 0 R /Resources << "
        + resources
        + b" >> >>",
        4: _stream(b"", content),
        **extra,
    }
    return rebuild(objs)


def image_bomb() -> bytes:
    """A 100000 x 100000 px image (1.25 GB inflated, 10 GB as 8-bit gray) drawn over a page."""
    pixels = deflate_repeated(bytes(1 << 20), 1250)
    image = _stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 1 /Filter /FlateDecode", pixels)
    return _one_page(b"/XObject << /Im1 5 0 R >>", b"q 595 0 0 842 0 0 cm /Im1 Do Q", {5: image})


def content_bomb() -> bytes:
    """A page whose content stream inflates to 1.6 GB of path operators."""
    return rebuild({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                    4: _stream(b"/Filter /FlateDecode", deflate_repeated(b"0 0 m " * (1 << 18), 1024))})


def object_loop() -> bytes:
    """The page tree's root is an object that refers to itself."""
    return rebuild({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"2 0 R"})


def kids_loop() -> bytes:
    """A page tree whose Kids hold the tree itself."""
    return rebuild({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"})


def huge_mediabox() -> bytes:
    """A 14400 x 14400 pt page (the PDF maximum) that is one image: OCR would need 1.6 G pixels."""
    width, height = 400, 400
    pixels = zlib.compress(bytes((x * y) % 251 for y in range(height) for x in range(width)))
    image = _stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height), pixels)
    return _one_page(
        b"/XObject << /Im1 5 0 R >>", b"q 14400 0 0 14400 0 0 cm /Im1 Do Q", {5: image}, b"0 0 14400 14400"
    )


def make(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    good = GENERATED / "minzheng_2023_lattice.pdf"  # 14 pages, extracted exactly
    copies = {
        "good.pdf": good,
        "UPPER.PDF": GENERATED / "caizheng_2023_shanghai.pdf",
        ".pdf": GENERATED / "weijian_2024_fullwidth_neg.pdf",
        "x.pdf/inside.pdf": GENERATED / "nongye_2024_rotated.pdf",
        "a/same_name.pdf": GENERATED / "inconsistent.pdf",
        "b/same_name.pdf": GENERATED / "inconsistent.pdf",
        "amount_decimals.pdf": EDGE / "amount_decimals.pdf",
        "amount_digits.pdf": EDGE / "amount_digits.pdf",
    }
    for name, source in copies.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)
    shutil.copy(GENERATED / "jiaoyu_2023_template_title.pdf", os.fsencode(folder) + b"/\xb2\xc6\xd5\xfe.pdf")
    shutil.copytree(EDGE, folder / "edge", ignore=shutil.ignore_patterns("amount_*"), dirs_exist_ok=True)
    os.link(folder / "good.pdf", folder / "hard_link.pdf")
    for name, target in {"alias.pdf": "good.pdf", "loop.pdf": "loop.pdf", "dangling.pdf": "missing.pdf"}.items():
        os.symlink(target, folder / name)
    data = good.read_bytes()
    (folder / "truncated_half.pdf").write_bytes(data[: len(data) // 2])
    flip_bits(GENERATED / "nongye_2023_tail_split.pdf", folder / "bit_flipped.pdf")
    damage_pages(good, folder / "pages_unreadable.pdf", [1, 2, 3, 4, 6, 8, 10, 11, 12, 13])
    (folder / "no_fontbbox.pdf").write_bytes(data.replace(b"/FontBBox", b"/FontBBoy"))
    for name, recode in RECODED.items():
        recode_text(good, folder / name, recode)
    for name, (how, shift) in MOVED.items():
        moved_boxes(good, folder / name, how, shift)
    for name, (parts, _) in CONCATENATED.items():
        concatenated([GENERATED / part for part in parts], folder / name)
    for name, (source, page) in PRINTED_TWICE.items():
        page_again(GENERATED / source, folder / name, page)
    for name, scales in NESTED.items():
        nested_forms(good, folder / name, scales)
    for name, offset in BOLD.items():
        fake_bold(good, folder / name, offset)
    for name, degrees in ROTATED.items():
        rotate_lies(good, folder / name, degrees)
    for name, how in BOXED.items():
        boxed(good, folder / name, how)
    for name, how in HIDDEN.items():
        hidden_layer(good, folder / name, how)
    for name, build in {"object_loop.pdf": object_loop, "kids_loop.pdf": kids_loop, "image_bomb.pdf": image_bomb,
                        "content_bomb.pdf": content_bomb, "huge_mediabox.pdf": huge_mediabox}.items():
        (folder / name).write_bytes(build())
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the hostile corpus built from the fixtures.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("hostile"), help="folder to write into")
    target = make(parser.parse_args().out)
    print(f"{len(EXPECTED)} inputs written to {target}")
