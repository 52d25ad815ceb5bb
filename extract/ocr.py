"""OCR as another way to produce a PageContent, so image pages reach the same table builder.

Engines read text *lines*; a table builder needs words that each sit inside one cell, so lines
are cut where a vertical ruling crosses them or where a gap between glyphs is wide. Models load
once per process (module cache). Text is returned exactly as read, with confidence — numeric
repair is a later, separate step.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import cv2
import numpy as np

from juesuan.model import PageContent, Segment, Word

from .deskew import upright
from .grid import Line, find_lines, to_segments
from .raster import render_page


@dataclass
class TextLine:
    """A recognized line in pixels; tokens are (text, x0, x1, conf) — CJK chars / digits / words."""

    text: str
    conf: float
    x0: float
    y0: float
    x1: float
    y1: float
    tokens: list[tuple[str, float, float, float]] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def read(self, gray: np.ndarray, lines: Sequence[Line] = (), points_per_pixel: float = 72 / 200) -> list[TextLine]:
        """Text lines of an upright page image, pixel coordinates."""
        ...

    def score(self, crops: Sequence[np.ndarray]) -> float:
        """Mean confidence on line crops; used to tell upright from upside down."""
        ...


class RapidEngine:
    """PP-OCRv4 det+rec via onnxruntime. Detection runs at ~det_dpi (enough for 9 pt text and
    2x cheaper than full res); recognition crops come from the full-resolution image."""

    name = "rapidocr"

    def __init__(self, threads: int = 1, det_dpi: float = 110.0) -> None:
        from rapidocr_onnxruntime import RapidOCR
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                             max_side_len=100_000, use_cls=False, print_verbose=False)
        self._pre = DetPreProcess
        self.det_dpi = det_dpi

    def _set_det_side(self, gray: np.ndarray, points_per_pixel: float) -> None:
        td = self._ocr.text_det
        side = max(gray.shape) * min(1.0, points_per_pixel * self.det_dpi / 72)
        side = max(736, int(side))
        # rapidocr picks 2000 for big images in "max" mode; pin our own side length instead
        td.get_preprocess = lambda _max_wh: self._pre(side, "max", td.mean, td.std)

    def read(self, gray: np.ndarray, lines: Sequence[Line] = (), points_per_pixel: float = 72 / 200) -> list[TextLine]:
        self._set_det_side(gray, points_per_pixel)
        res, _ = self._ocr(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_cls=False, return_word_box=True)
        out = []
        for item in res or []:
            quad, text, conf = item[0], item[1], float(item[2])
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            toks = []
            if len(item) >= 6 and item[3]:
                for wq, wt, wc in zip(item[3], item[4], item[5]):
                    toks.append((wt, float(min(p[0] for p in wq)), float(max(p[0] for p in wq)), float(wc)))
            out.append(TextLine(text, conf, min(xs), min(ys), max(xs), max(ys), toks))
        return out

    def score(self, crops: Sequence[np.ndarray]) -> float:
        if not crops:
            return 0.0
        res, _ = self._ocr.text_rec([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
        return float(np.mean([r[1] for r in res]))


class TesseractEngine:
    """Tesseract 5 chi_sim+eng, psm 11 (sparse text: read table cells better than psm 6 on our
    fixtures, 0.90 vs 0.77 of amounts). Rulings are erased first (they break its line finding); each
    tesseract word becomes a token so the same splitter groups them into cell words."""

    name = "tesseract"

    def __init__(self, psm: int = 11, lang: str = "chi_sim+eng", threads: int = 1) -> None:
        import pytesseract

        self._t = pytesseract
        self.psm, self.lang = psm, lang
        os.environ.setdefault("OMP_THREAD_LIMIT", str(threads))

    def read(self, gray: np.ndarray, lines: Sequence[Line] = (), points_per_pixel: float = 72 / 200) -> list[TextLine]:
        img = gray.copy()
        for l in lines:  # paint rulings white
            cv2.line(img, (int(l.x0), int(l.y0)), (int(l.x1), int(l.y1)), 255, max(3, int(1.5 / points_per_pixel)))
        d = self._t.image_to_data(img, lang=self.lang, config=f"--psm {self.psm} --oem 1",
                                  output_type=self._t.Output.DICT)
        groups: dict[tuple, TextLine] = {}
        for i, text in enumerate(d["text"]):
            conf = float(d["conf"][i])
            text = text.strip()
            if conf < 0 or not text:
                continue
            x, y, w, h = d["left"][i], d["top"][i], d["width"][i], d["height"][i]
            key = (d["block_num"][i], d["par_num"][i], d["line_num"][i])
            tl = groups.get(key)
            if tl is None:
                tl = groups[key] = TextLine("", 0.0, x, y, x + w, y + h, [])
            tl.tokens.append((text, float(x), float(x + w), conf / 100))
            tl.x0, tl.y0, tl.x1, tl.y1 = min(tl.x0, x), min(tl.y0, y), max(tl.x1, x + w), max(tl.y1, y + h)
        out = list(groups.values())
        for tl in out:
            tl.text = _join([t[0] for t in tl.tokens])
            tl.conf = min(t[3] for t in tl.tokens)
        return out

    def score(self, crops: Sequence[np.ndarray]) -> float:
        confs = []
        for c in crops[:4]:
            d = self._t.image_to_data(c, lang=self.lang, config="--psm 7", output_type=self._t.Output.DICT)
            confs += [float(v) / 100 for v, t in zip(d["conf"], d["text"]) if float(v) >= 0 and t.strip()]
        return float(np.mean(confs)) if confs else 0.0


_ENGINES: dict[tuple, Engine] = {}


def get_engine(name: str = "rapidocr", threads: int = 1, **kw) -> Engine:
    """Process-wide engine instance; threads=1 suits one-worker-per-core parallelism."""
    key = (name, threads, tuple(sorted(kw.items())))
    if key not in _ENGINES:
        if name == "rapidocr":
            _ENGINES[key] = RapidEngine(threads=threads, **kw)
        elif name == "tesseract":
            _ENGINES[key] = TesseractEngine(threads=threads, **kw)
        else:
            raise ValueError(f"unknown OCR engine {name!r}")
    return _ENGINES[key]


def _join(tokens: Sequence[str]) -> str:
    """Concatenate tokens; keep a space only between two ASCII words (CJK and digits run on)."""
    out = ""
    for t in tokens:
        if out and (len(t) > 1 or len(out.split(" ")[-1]) > 1) and out[-1].isascii() and out[-1].isalpha() \
                and t[0].isascii() and t[0].isalpha():
            out += " "
        out += t
    return out


BARS = {"|", "丨", "｜", "I", "l"}


def split_line(tl: TextLine, verticals: Sequence[Line], gap_factor: float = 1.2) -> list[TextLine]:
    """Cut a line where a vertical ruling crosses it (between token centres) or where the gap
    between tokens exceeds gap_factor × line height. Without tokens, only the whole line is kept."""
    h = tl.y1 - tl.y0
    yc = (tl.y0 + tl.y1) / 2
    cuts = [v.x0 for v in verticals if v.y0 - 2 <= yc <= v.y1 + 2 and tl.x0 - h / 2 < v.x0 < tl.x1 + h / 2]
    # a ruling read as a bar glyph is the line itself, not text
    toks = [t for t in tl.tokens if not (t[0] in BARS and any(abs((t[1] + t[2]) / 2 - c) < h / 3 for c in cuts))]
    if len(toks) != len(tl.tokens):
        if not toks:
            return []
        tl = TextLine(_join([t[0] for t in toks]), min(t[3] for t in toks), max(tl.x0, toks[0][1]), tl.y0,
                      min(tl.x1, toks[-1][2]), tl.y1, toks)
    if len(tl.tokens) < 2:
        return [tl]
    pieces: list[list[tuple[str, float, float, float]]] = [[tl.tokens[0]]]
    for prev, tok in zip(tl.tokens, tl.tokens[1:]):
        pc, tc = (prev[1] + prev[2]) / 2, (tok[1] + tok[2]) / 2
        crossed = any(pc < c < tc for c in cuts)
        if crossed or tok[1] - prev[2] > gap_factor * h:
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    if len(pieces) == 1:
        return [tl]
    out = []
    for p in pieces:
        x0 = max(p[0][1], tl.x0)
        x1 = min(p[-1][2], tl.x1)
        for c in cuts:  # keep each piece's box inside its cell
            if p[0][1] < c < (p[0][1] + p[0][2]) / 2:
                x0 = max(x0, c)
            if (p[-1][1] + p[-1][2]) / 2 < c < p[-1][2]:
                x1 = min(x1, c)
        out.append(TextLine(_join([t[0] for t in p]), min(t[3] for t in p), x0, tl.y0, x1, tl.y1, p))
    return out


def ocr_page_image(gray: np.ndarray, points_per_pixel: float, engine: str | Engine = "rapidocr",
                   lines: Sequence[Line] | None = None) -> list[Word]:
    """Words (boxes in points) of an upright page image; each word lies within one table cell.
    Confidence is the engine's line score, or the weakest token's when a line was split."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    if lines is None:
        lines = find_lines(gray, points_per_pixel)
    verticals = [l for l in lines if not l.horizontal]
    s = points_per_pixel
    words = []
    for tl in eng.read(gray, lines, points_per_pixel=s):
        for p in split_line(tl, verticals):
            if p.text.strip():
                words.append(Word(p.text, round(p.x0 * s, 2), round(p.y0 * s, 2), round(p.x1 * s, 2),
                                  round(p.y1 * s, 2), round(max(0.0, min(1.0, p.conf)), 4)))
    words.sort(key=lambda w: (round(w.top), w.x0))
    return words


def read_page_ocr(pdf_path: str, page_index: int, dpi: float = 200, engine: str | Engine = "rapidocr",
                  fix_orientation: bool = True) -> PageContent:
    """Render, upright/deskew, find rulings, OCR. Boxes are in the corrected page's frame in
    points; width/height are that frame's (swapped when a 90°-turned scan was straightened)."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    r = render_page(pdf_path, page_index, dpi)
    img, tf = upright(r.image, eng.score) if fix_orientation else (r.image, None)
    s = r.points_per_pixel
    lines = find_lines(img, s)
    words = ocr_page_image(img, s, eng, lines)
    h, w = img.shape
    reason = "" if tf is None else f"rotation={tf.rotation} deskew={tf.angle:.2f}"
    return PageContent(number=page_index + 1, width=round(w * s, 2), height=round(h * s, 2), words=words,
                       segments=to_segments(lines, s), method="ocr", method_reason=reason,
                       image_coverage=1.0)
