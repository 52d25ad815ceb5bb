"""One page, two sources of words: a mixed page's text layer and the OCR of its pictures.

A report whose narrative is text and whose tables are pictures pasted into the page often keeps a
table's title, 编制单位, 单位 or 公开NN表 line only in the text layer: the picture starts below it,
or the renderer has no font to draw it (a CID font such as STSong-Light is rarely embedded). OCR
reads the rendered page, pictures as drawn (placed, clipped and scaled by the page); the text
layer's words join its words, so whichever source holds a heading makes the page a table page. A
word read from both (a title drawn in the picture and also in the text layer) counts once: the
text layer's, which is exact.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from juesuan.extract.layout import COMPILER_LINE, DEPARTMENT_LABEL
from juesuan.extract.lines import group_lines, line_text
from juesuan.extract.titles import match_title, public_number
from juesuan.model import PageContent, Word
from juesuan.normalize.amounts import find_unit
from juesuan.normalize.text import squeeze

TURNED = 0.2  # |sin| of the OCR frame's rotation beyond which it was turned, not deskewed (≤ 3°)
COVERED = 0.5  # share of an OCR word's box under text-layer words that makes it the same words read again


@dataclass(frozen=True)
class WordSources:
    """Where a page's words came from: counts, and which headings each source gave."""

    text_layer: int  # words of the text layer
    pictures: int  # OCR words kept
    both: int  # OCR words dropped as the text layer's words read again
    text_headings: tuple[str, ...] = ()
    picture_headings: tuple[str, ...] = ()
    note: str = ""  # why the text layer was not joined

    def describe(self) -> str:
        if self.note:
            return self.note
        def heads(found: tuple[str, ...]) -> str:
            return f" ({', '.join(found)})" if found else ""
        return (f"words: {self.text_layer} from the text layer{heads(self.text_headings)}, "
                f"{self.pictures} OCR'd{heads(self.picture_headings)}, {self.both} read in both counted once")


def join_sources(text: PageContent, ocr: PageContent) -> tuple[PageContent, WordSources]:
    """The OCR'd page with the text layer's words joined (moved into the OCR's frame: a deskewed
    page's words move with its pictures). A page OCR turned by 90° or more keeps its OCR words only:
    its text layer runs across the text it read."""
    _, b, _, d, _, _ = ocr.frame
    if abs(b) > TURNED or abs(d) > TURNED:
        return ocr, WordSources(0, len(ocr.words), 0, note="text layer not joined: the page was turned upright")
    moved = [_moved(w, ocr.frame) for w in text.words]
    repeats = _repeated_headings(moved)
    kept, both = [], 0
    for line in group_lines(ocr.words):
        title = match_title(squeeze(line_text(line)))
        for w in line:
            if _covered(w, moved) or squeeze(w.text) in repeats or (title and title in repeats):
                both += 1
            else:
                kept.append(w)
    words = sorted(moved + kept, key=lambda w: (round(w.top), w.x0))
    sources = WordSources(len(moved), len(kept), both, headings(moved), headings(kept))
    return replace(ocr, words=words), sources


HEADINGS = (("公开NN表", public_number), ("title", match_title),
            ("编制单位", lambda s: DEPARTMENT_LABEL.search(s) or COMPILER_LINE.match(s)), ("单位", find_unit))


def headings(words: list[Word]) -> tuple[str, ...]:
    """Which of a table page's heading lines (公开NN表, title, 编制单位, 单位) these words print."""
    texts = [squeeze(line_text(line, " ")) for line in group_lines(words)]
    return tuple(name for name, found in HEADINGS if any(found(t) for t in texts))


def _repeated_headings(words: list[Word]) -> set[str]:
    """The text layer's heading words and title keys: the same printed again in a picture is one heading."""
    out: set[str] = set()
    for line in group_lines(words):
        if headings(line):
            key = match_title(squeeze(line_text(line)))
            out |= {squeeze(w.text) for w in line if len(squeeze(w.text)) >= 2} | ({key} if key else set())
    return out


def _moved(w: Word, frame: tuple[float, ...]) -> Word:
    """A text-layer word's box in the OCR's frame: the box around its four corners moved."""
    if frame == (1.0, 0.0, 0.0, 0.0, 1.0, 0.0):
        return w
    a, b, c, d, e, f = frame
    corners = ((w.x0, w.top), (w.x1, w.top), (w.x0, w.bottom), (w.x1, w.bottom))
    xs = [a * x + b * y + c for x, y in corners]
    ys = [d * x + e * y + f for x, y in corners]
    return replace(w, x0=round(min(xs), 2), top=round(min(ys), 2), x1=round(max(xs), 2), bottom=round(max(ys), 2))


def _covered(w: Word, under: list[Word]) -> bool:
    """At least COVERED of w's box lies under these words' boxes (text-layer words do not overlap)."""
    area = max(0.0, w.x1 - w.x0) * max(0.0, w.bottom - w.top)
    if area <= 0:
        return False
    shared = sum(max(0.0, min(w.x1, u.x1) - max(w.x0, u.x0)) * max(0.0, min(w.bottom, u.bottom) - max(w.top, u.top))
                 for u in under)
    return shared >= COVERED * area
