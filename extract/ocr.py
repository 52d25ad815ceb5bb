"""OCR as another way to produce a PageContent, so image pages reach the same table builder.

Engines read text *lines*; a table builder needs words that each sit inside one cell, so lines
are cut where a vertical ruling crosses them or where a gap between glyphs is wide. Models load
once per process (module cache). Text is returned exactly as read, with confidence — numeric
repair is a later, separate step.
"""
from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import cv2
import numpy as np
import regex as re

from juesuan.extract.deskew import upright
from juesuan.extract.engines import engine_class
from juesuan.extract.grid import Line, find_lines, to_segments
from juesuan.extract.ink_words import mask_runs, page_line_height, ruled_cells, text_boxes
from juesuan.extract.raster import render_page
from juesuan.model import PageContent, Word
from juesuan.normalize.ocr_text import CONFUSIONS, fix_label_text


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
    """An OCR engine (registered by name in extract/engines.py). One that `reads_cells` also has
    recognize(crops): it reads a crop alone, which the ruled-cells path and the second looks need."""

    name: str
    reads_cells: bool

    def read(self, gray: np.ndarray, lines: Sequence[Line] = (), points_per_pixel: float = 72 / 200) -> list[TextLine]:
        """Text lines of an upright page image, pixel coordinates."""
        ...

    def upside_down(self, crops: Sequence[np.ndarray]) -> bool:
        """Whether these text-line crops of an upright-or-turned-over page are upside down."""
        ...


# The recognizer's input height. PP-OCR's is 48; its network takes any height and costs in
# proportion to height × width: at 40 the amounts of ruled cells read the same (one digit in ~200
# dropped, which the re-read of malformed numbers at 48 restores) for 30% less work. Han words
# lose strokes at 40 on a 200-dpi scan ("年末结转和结余" read "年末结转租纯余"): words without
# digit-like ink are read at 48.
REC_HEIGHT = 40
FULL_HEIGHT = 48
STEPS_PER_GLYPH = 3.0  # CTC needs a blank time step between two equal digits, or "3333.94" reads "333.94"


class RapidEngine:
    """PP-OCRv4 det+rec via onnxruntime. Detection runs at ~det_dpi (enough for 9 pt text and
    2x cheaper than full res); recognition crops come from the full-resolution image."""

    name = "rapidocr"
    reads_cells = True

    def __init__(self, threads: int = 1, det_dpi: float = 110.0) -> None:
        from onnxruntime import GraphOptimizationLevel
        from rapidocr_onnxruntime import RapidOCR
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
        from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

        # onnxruntime's intra-op threads spin between calls by default. A worker's calls are many and
        # small (cell crops), so with two threads the spinning cost ~15% more CPU for the same wall
        # time (a 16-page scan: 24.5 → 20.8 CPU s, 14.4 vs 14.8 s) and took cores from the other workers.
        # rapidocr builds its sessions' options itself; its builder is wrapped while they are made.
        options = OrtInferSession._init_sess_opts

        def without_spinning(config):
            opts = options(config)
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            if "_det_" in os.path.basename(str(config.get("model_path", ""))):
                # The detector's full optimisation (NCHWc layouts) made a page's peak vary from
                # +310 to +500 MB between runs of the same page; without the layout pass it is
                # +316 MB every time, the cells the same, detection ~7% more CPU on the pages it reads.
                opts.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            return opts

        OrtInferSession._init_sess_opts = staticmethod(without_spinning)
        try:
            self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                                 max_side_len=100_000, use_cls=False, print_verbose=False)
        finally:
            OrtInferSession._init_sess_opts = staticmethod(options)
        self._pre = DetPreProcess
        self._rapid_detect, self._ocr.auto_text_det = self._ocr.auto_text_det, self._detect
        self.det_dpi = det_dpi
        # rapidocr pads every recognition batch to at least 320 px wide (ratio 6.7); table cells
        # are short (amounts, codes: ratio 1.5-4), so most of that work is padding, and the long
        # padding also costs short crops accuracy (seen: "3333.94" read "333.94"). Pad only to
        # the batch's own widest crop: ~1.5x faster on table pages.
        rec = self._ocr.text_rec
        rec.rec_image_shape = [rec.rec_image_shape[0], rec.rec_image_shape[1], rec.rec_image_shape[1]]
        # Detected lines are recognized one at a time, not six: a narrative page's lines (1,260 px
        # wide) read in 2.1 s instead of 4.7 s, and the recognizer's peak falls from ~240 MB to
        # ~95 MB above the models, the most a page-detection page needed after detection itself.
        rec.rec_batch_num = 1

    def _set_det_side(self, gray: np.ndarray, points_per_pixel: float) -> None:
        td = self._ocr.text_det
        side = max(gray.shape) * min(1.0, points_per_pixel * self.det_dpi / 72)
        side = max(736, int(side))
        # rapidocr picks 2000 for big images in "max" mode; pin our own side length instead
        td.get_preprocess = lambda _max_wh: self._pre(side, "max", td.mean, td.std)

    def _detect(self, img: np.ndarray):
        found = self._rapid_detect(img)
        release_freed_memory()  # the detector's maps (~450 MB a page) before the recognizer's
        return found

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

    def recognize(self, crops: Sequence[np.ndarray], height: int = 0, pitches: Sequence[float] = ()) -> list[tuple[str, float]]:
        """Recognition only, on gray crops, each piece once: crops are scaled to `height` (default
        REC_HEIGHT) and batched with crops of nearly the same width, so a batch pads little (padding
        is computed like text) and stays small (per column, batches over a few crops cost more).
        A crop whose digits are `pitches[i]` px apart is stretched to give each STEPS_PER_GLYPH
        time steps (8 px of the model's input each)."""
        if not crops:
            return []
        rec = self._ocr.text_rec
        height = height or REC_HEIGHT
        widths = []
        for i, c in enumerate(crops):
            scale = height / max(1, c.shape[0])
            if i < len(pitches) and pitches[i]:
                scale *= max(1.0, STEPS_PER_GLYPH * 8 / (pitches[i] * scale))
            widths.append(max(height // 4, int(np.ceil(c.shape[1] * scale))))
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for batch in width_batches(widths):
            width = max(widths[i] for i in batch)
            arr = np.zeros((len(batch), 3, height, width), np.float32)
            for k, i in enumerate(batch):
                img = cv2.resize(crops[i], (widths[i], height), interpolation=cv2.INTER_LINEAR if crops[i].shape[0] < height else cv2.INTER_AREA)
                arr[k, :, :, :widths[i]] = img.astype(np.float32) / 127.5 - 1.0
            preds = rec.session(arr)[0]
            for i, res in zip(batch, rec.postprocess_op(preds)):
                out[i] = (res[0], float(res[1]))
        return out

    def upside_down(self, crops: Sequence[np.ndarray]) -> bool:
        """The text-line orientation model (the wheel's 0°/180° classifier; milliseconds a crop)
        says most crops are upside down."""
        if not crops:
            return False
        _, res, _ = self._ocr.text_cls([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
        votes = [(1 if label == "180" else -1) * float(score) for label, score in res]
        return sum(votes) > 0


MAX_BATCH = 4  # crops per recognition batch
BATCH_SPREAD = 1.2  # widest / narrowest crop of one batch


def width_batches(widths: Sequence[int]) -> list[list[int]]:
    """Indices of crops grouped into batches of at most MAX_BATCH crops of similar width."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < MAX_BATCH and widths[i] <= BATCH_SPREAD * widths[batches[-1][0]] + 8:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


class TesseractEngine:
    """Tesseract 5 chi_sim+eng, psm 11 (sparse text: read table cells better than psm 6 on our
    fixtures, 0.90 vs 0.77 of amounts). Rulings are erased first (they break its line finding); each
    tesseract word becomes a token so the same splitter groups them into cell words."""

    name = "tesseract"
    reads_cells = False  # its words come from its own page layout; a crop alone reads worse

    def __init__(self, psm: int = 11, lang: str = "chi_sim+eng", threads: int = 1) -> None:
        import pytesseract

        self._t = pytesseract
        self.psm, self.lang = psm, lang
        os.environ.setdefault("OMP_THREAD_LIMIT", str(threads))

    def read(self, gray: np.ndarray, lines: Sequence[Line] = (), points_per_pixel: float = 72 / 200) -> list[TextLine]:
        img = _paint_lines(gray, lines, 255, max(3, int(1.5 / points_per_pixel)))  # rulings white
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

    def upside_down(self, crops: Sequence[np.ndarray]) -> bool:
        """Read both ways up: the surer reading wins (tesseract has no orientation model of its own
        in chi_sim)."""
        return self._score([cv2.rotate(c, cv2.ROTATE_180) for c in crops]) > self._score(crops) + 0.05

    def _score(self, crops: Sequence[np.ndarray]) -> float:
        confs = []
        for c in crops[:4]:
            d = self._t.image_to_data(c, lang=self.lang, config="--psm 7", output_type=self._t.Output.DICT)
            confs += [float(v) / 100 for v, t in zip(d["conf"], d["text"]) if float(v) >= 0 and t.strip()]
        return float(np.mean(confs)) if confs else 0.0


_ENGINES: dict[tuple, Engine] = {}


def _paint_lines(img: np.ndarray, lines: Sequence[Line], value: int, width: int) -> np.ndarray:
    """A copy of img with the ruling lines painted over in `value` (rulings are not text)."""
    out = img.copy()
    for l in lines:
        cv2.line(out, (int(l.x0), int(l.y0)), (int(l.x1), int(l.y1)), value, width)
    return out


def _libc():
    try:
        import ctypes
        import ctypes.util

        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_LIBC = _libc()


def release_freed_memory() -> None:
    """Hand the heap's free pages back to the OS (glibc). The networks free tens of MB of
    feature maps per call and glibc keeps them: a worker's RSS ratcheted up page after page
    (+400 MB over one 16-page scan) and the next page's peak landed on top of it. (Detecting
    in strips would cut the detector's own ~450 MB peak, but its squeeze-excitation layers
    see the whole input: boxes moved by pixels and a header was lost, so the page goes whole.)"""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)


THREADS_ENV = "JUESUAN_OCR_THREADS"  # set by juesuan.batch in each worker: workers × threads = cores


def get_engine(name: str = "rapidocr", threads: int = 0, **kw) -> Engine:
    """Process-wide engine instance. threads=0: $JUESUAN_OCR_THREADS, else 1 (one worker per core)."""
    threads = threads or int(os.environ.get(THREADS_ENV) or 1)
    key = (name, threads, tuple(sorted(kw.items())))
    if key not in _ENGINES:
        # OpenCV's pool starts a thread per core of its own: beside another worker on each core, its
        # threads waited for each other (a 16-page scan: 50.2 CPU s with it, 44.9 s with one thread)
        cv2.setNumThreads(threads)
        engine = engine_class(name)
        from juesuan.deps import require_ocr_engine

        require_ocr_engine(name)  # not a ModuleNotFoundError per page, but what to install
        _ENGINES[key] = engine(threads=threads, **kw)
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
# a code or an amount and a name printed in neighbouring cells are often read as one line
# ("03初中教育", "41,244,421八、社会保障和就业支出"); inside a word, digits run into Han
# characters without a gap ("2023年度"), so a gap of a third of the line height between a digit
# and a Han character is a cell boundary
SEAM_GAP = 0.3
_DIGITISH = re.compile(r"[\d,.%]$")
_HAN_START = re.compile(r"^\p{Han}")
_HAN_END = re.compile(r"\p{Han}$")
_HAN_ONLY = re.compile(r"\p{Han}+")
_DIGIT_START = re.compile(r"^[\d(（\-−]")


def _is_seam(left: str, right: str) -> bool:
    """A digit next to a Han character (either order): where two cells' texts meet."""
    return bool(_DIGITISH.search(left) and _HAN_START.match(right)) or \
        bool(_HAN_END.search(left) and _DIGIT_START.match(right))


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
    if not tl.tokens:
        return [tl]
    # a space the engine read between two numbers ("3,196,639.39 30201") is a cell boundary
    spaced: set[int] = set()
    toks = []
    for i, t in enumerate(tl.tokens):
        if t[0].strip():
            toks.append(t)
        elif toks and i + 1 < len(tl.tokens) and _DIGITISH.search(toks[-1][0]) and _DIGIT_START.match(tl.tokens[i + 1][0]):
            spaced.add(len(toks))
    if not toks:
        return [tl]
    if len(toks) != len(tl.tokens):
        tl = TextLine(tl.text, tl.conf, tl.x0, tl.y0, tl.x1, tl.y1, toks)
    pieces: list[list[tuple[str, float, float, float]]] = [[tl.tokens[0]]]
    for k, (prev, tok) in enumerate(zip(tl.tokens, tl.tokens[1:]), start=1):
        pc, tc = (prev[1] + prev[2]) / 2, (tok[1] + tok[2]) / 2
        crossed = any(pc < c < tc for c in cuts) or k in spaced
        gap = tok[1] - prev[2]
        if crossed or gap > gap_factor * h or (gap > SEAM_GAP * h and _is_seam(prev[0], tok[0])):
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    names_after = [bool(_HAN_START.match(after[0][0])) for after in pieces[1:]] + [False]
    pieces = [q for p, before_name in zip(pieces, names_after) for q in _cut_seams(p, before_name)]
    pieces = [q for p in pieces for q in _cut_headers(p)]
    pieces = [q for p in pieces for q in _cut_wide_gaps(p, h)]
    if len(pieces) == 1 and pieces[0] == tl.tokens:
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


# a decimal amount ends after its two decimals; one followed by more digits or by a name is
# two cells read as one line ("3196639.3930201" = amount + the next half's code); so does a whole
# number of a length no code has (6, 8 or more digits) before a name ("164131107本年支出合计"); so does
# a whole number grouped in threes before a code and its name ("5,255,09330228工会经费": the next
# group's row), before a 款 or 项 code alone (a 类's three digits could be a lost separator's) or before
# another number grouped in threes ("171,367,795171,367,795": the next column's); and
# so does a number or a zero's dash before an ordinal ("-七、文化旅游体育与传媒支出", "0九、…": the other
# side's row)
_AMOUNT_EDGE = re.compile(r"(?<=\d\.\d\d)(?=[^\d\s,.%)）]|\d{3}(?:\d\d){0,2}(?!\d)|\d[\d,]*\.\d\d)|(?<=[^\d\s,.(（+\-−])(?=[\d,]*\d\.\d\d(?!\d))"
                          r"|(?<=(?<![\d,.])(?:\d{6}|\d{8,}))(?=\p{Han})"
                          r"|(?<=(?<![\d,.])\d{1,3}(?:,\d{3})+)(?=\d{3}(?:\d\d){0,2}\p{Han}|\d{5}(?:\d\d)?$|\d{1,3}(?:,\d{3})+(?![\d,]))"
                          r"|(?<=[\d\-—–])(?=[一二三四五六七八九十]{1,3}、)"
                          r"|(?<=^一)(?=[二三四五六七八九十][一二三四五六七八九十]{0,2}、)")  # "一八、": no ordinal; a dash read 一

Token = tuple[str, float, float, float]


_GROUP_MARK = re.compile(r"，|\.(?=\d{3}[,，])")  # a thousands separator read full-width, or as a point


def _cut_seams(tokens: list[Token], before_name: bool = False) -> list[list[Token]]:
    """Cut a piece where an amount touches other text; positions inside a multi-character token
    are interpolated (engines give a box per word, e.g. a whole digit run). `before_name`: the
    line goes on with a name after a gap, which tells a code's digits at the piece's end from
    the amount's ("1,717,932310" before 资本性支出)."""
    text = "".join(t[0] for t in tokens)
    probe = _GROUP_MARK.sub(",", text) + ("名" if before_name else "")
    cuts = [m.start() for m in _AMOUNT_EDGE.finditer(probe) if m.start() < len(text)]
    if not cuts:
        return [tokens]
    chars: list[Token] = []
    for t, x0, x1, c in tokens:
        step = (x1 - x0) / max(1, len(t))
        chars += [(ch, x0 + i * step, x0 + (i + 1) * step, c) for i, ch in enumerate(t)]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        cs = chars[a:b]
        if cs:
            out.append([("".join(ch[0] for ch in cs), cs[0][1], cs[-1][2], min(ch[3] for ch in cs))])
    return out


def _header_names() -> set[str]:
    from juesuan.spec import words as w

    names = {n for t in (w.EXPENDITURE, w.INCOME, w.FUND, w.APPROPRIATION, w.AMOUNT) for ns in t.values() for n in ns}
    names |= {n for ns in w.THREE_PUBLIC_ITEMS.values() for n in ns}
    return {n for n in names if len(n) >= 2}


_HEADERS: set[str] = set()


def _segment(text: str, names: set[str]) -> list[str] | None:
    """text as a sequence of known names, longest first; None when it is not one."""
    if not text:
        return []
    for n in range(len(text), 1, -1):
        if text[:n] in names:
            rest = _segment(text[n:], names)
            if rest is not None:
                return [text[:n], *rest]
    return None


def _cut_headers(tokens: list[Token]) -> list[list[Token]]:
    """Column headers set close together in a borderless header ("本年收入合计财政拨款收入上级补助收入")
    are read as one line with no gap to cut at; a line that is not itself a known column name but
    is exactly a run of two or more of them is cut between them (one token per character only)."""
    global _HEADERS
    text = "".join(t[0] for t in tokens)
    if len(text) < 4 or len(tokens) != len(text) or not _HAN_ONLY.fullmatch(text):
        return [tokens]
    if not _HEADERS:
        _HEADERS = _header_names()
    for wrong, right in CONFUSIONS:  # "本年收人合计财政拨款收人": 入 read as 人 (same length)
        if len(wrong) == len(right):
            text = text.replace(wrong, right)
    if text in _HEADERS:
        return [tokens]
    parts = _segment(text, _HEADERS)
    if not parts or len(parts) < 2:
        return [tokens]
    out, i = [], 0
    for part in parts:
        out.append(tokens[i:i + len(part)])
        i += len(part)
    return out


WIDE_GAP = 0.3  # × line height: wider than any gap between two characters of one word


def _cut_wide_gaps(tokens: list[Token], height: float) -> list[list[Token]]:
    """Narrow columns' wrapped headers set side by side ("一般公共预算 政府性基金预 国有资本经营")
    are detected as one line, and no piece of it is a column name `_cut_headers` knows. Between
    two cells the white is several times wider than between the characters of one word: a line
    of Han characters, one token each, is cut where the gap exceeds WIDE_GAP × the line's height
    and three times its median gap. A letter-spaced name ("合  计") comes apart as it does in a
    text layer, where the reader joins it again."""
    text = "".join(t[0] for t in tokens)
    if len(tokens) < 4 or len(tokens) != len(text) or not _HAN_ONLY.fullmatch(text):
        return [tokens]
    gaps = [b[1] - a[2] for a, b in zip(tokens, tokens[1:])]
    wide = max(WIDE_GAP * height, 3 * max(0.0, sorted(gaps)[len(gaps) // 2]))
    out = [[tokens[0]]]
    for gap, tok in zip(gaps, tokens[1:]):
        if gap > wide:
            out.append([tok])
        else:
            out[-1].append(tok)
    return out


REREAD_MIN_CONF = 0.6  # a well-formed re-reading below this is not trusted over a malformed one


def _well_formed(text: str) -> bool:
    """A printed amount or code as tables print them: strict thousands grouping, 0 or 2 decimals."""
    from juesuan.normalize.amounts import AmountError, parse_amount, printed_decimals

    try:
        parse_amount(text)
    except AmountError:
        return False
    return printed_decimals(text) in (0, 2)


def _stretched(crop: np.ndarray, factor: float) -> np.ndarray:
    """The crop widened `factor` times: more recognizer time steps per glyph, so that CTC does not
    merge a repeated narrow digit ("7,876,550" → "7,876,50") — how every second reading is made."""
    return cv2.resize(crop, (int(crop.shape[1] * factor), crop.shape[0]))


REREAD_BELOW = 0.97  # numeric words read with less confidence are read again from a wider crop
_NUMERIC = re.compile(r"^[\d,.，。()（）\-—]+$")


def _reread_numbers(eng, clean: np.ndarray, pieces: list[TextLine], verticals: Sequence[Line]) -> None:
    """Read numeric words of low confidence again from a crop widened up to the neighbouring
    word or ruling (detection boxes at the reduced detection resolution sometimes clip the
    first or last digit: "1,110,377." for "1,110,377.00"); keep whichever reading the
    recognizer is surer of. Text stays what the engine read — nothing is inferred."""
    cands = [p for p in pieces if _NUMERIC.match(p.text.strip()) and re.search(r"\d", p.text)
             and (p.conf < REREAD_BELOW or not _well_formed(p.text.strip()))]
    if not cands:
        return
    H, W = clean.shape
    crops, boxes = [], []
    for p in cands:
        h = p.y1 - p.y0
        yc = (p.y0 + p.y1) / 2
        left, right = 0.0, float(W)
        for q in pieces:
            if q is p or not (q.y0 < yc < q.y1):
                continue
            if q.x1 <= p.x0 + 1:
                left = max(left, q.x1 + 1)
            elif q.x0 >= p.x1 - 1:
                right = min(right, q.x0 - 1)
        for v in verticals:
            if v.y0 - 2 <= yc <= v.y1 + 2:
                if v.x0 <= p.x0 + 2:
                    left = max(left, v.x0 + 2)
                elif v.x0 >= p.x1 - 2:
                    right = min(right, v.x0 - 2)
        # a margin of 0.3 line heights (a character's width more fixed 1 more reading of 407
        # on the scanned fixtures, for twice the work)
        y0, y1 = int(max(0, p.y0)), int(min(H, p.y1))
        x0 = int(max(0, min(p.x0, max(left, p.x0 - 0.3 * h))))
        x1 = int(min(W, max(p.x1, min(right, p.x1 + 0.3 * h))))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        # stretched: more recognizer time steps per glyph, fewer dropped digits (CTC merges
        # a repeated digit, "7,876,550" → "7,876,50", when the glyphs are narrow)
        for stretch in (1.5, 2.0):
            crops.append(_stretched(clean[y0:y1, x0:x1], stretch))
            boxes.append((p, x0, x1))
    # a reading that is a well-formed amount (separators every three digits, 0 or 2 decimals)
    # beats a malformed one; among readings equally formed, the surer one wins
    best: dict[int, tuple[tuple[bool, float], str, int, int]] = {}
    for (p, x0, x1), (text, conf) in zip(boxes, eng.recognize(crops, FULL_HEIGHT)):
        text = text.strip()
        if not text or not _NUMERIC.match(text):
            continue
        rank = (_well_formed(text), conf)
        if rank[0] and conf < REREAD_MIN_CONF:
            continue
        orig = (_well_formed(p.text.strip()), p.conf + 0.02)
        if rank > orig and rank > best.get(id(p), ((False, 0.0),))[0]:
            best[id(p)] = (rank, text, x0, x1)
    for p in cands:
        if id(p) in best:
            (_, conf), text, x0, x1 = best[id(p)]
            p.text, p.conf, p.tokens = text, conf, [(text, float(x0), float(x1), conf)]
            p.x0, p.x1 = float(x0), float(x1)  # the ink span is taken later


_SHORT_CODE = re.compile(r"(\d{2}|\d{4}|\d{6})(\p{Han}.*)")  # a code one digit short, then its name
_CODE_AND_NAME = re.compile(r"(\d{3}|\d{5}|\d{7})(\p{Han}.*)")
_DOUBLED = re.compile(r"(\d)\1+")


def _collapsed(digits: str) -> str:
    return _DOUBLED.sub(r"\1", digits)


def _reread_short_codes(eng, clean: np.ndarray, pieces: list[TextLine]) -> None:
    """A code and its name read with the code one digit short ("21住房保障支出" for 221): the
    recognizer's CTC merged a doubled digit. Read such words again stretched (more time steps per
    glyph); a reading whose code has a code's length and differs only by that doubled digit, with
    the same name, replaces it. Text stays what the engine read — nothing is inferred."""
    cands = [(p, m) for p in pieces if (m := _SHORT_CODE.fullmatch(p.text.strip()))]
    if not cands:
        return
    H, W = clean.shape
    crops = []
    for p, _ in cands:
        pad = 0.2 * (p.y1 - p.y0)
        y0, y1 = int(max(0, p.y0)), int(min(H, p.y1))
        x0, x1 = int(max(0, p.x0 - pad)), int(min(W, p.x1 + pad))
        for stretch in (1.5, 2.0):
            crops.append(_stretched(clean[y0:y1, x0:x1], stretch))
    readings = eng.recognize(crops, FULL_HEIGHT)
    for i, (p, m) in enumerate(cands):
        for text, conf in readings[2 * i:2 * i + 2]:
            again = _CODE_AND_NAME.fullmatch(text.strip())
            if again and again.group(2) == m.group(2) and _collapsed(again.group(1)) == _collapsed(m.group(1)) \
                    and len(again.group(1)) == len(m.group(1)) + 1 and conf >= REREAD_MIN_CONF:
                p.text, p.conf = text.strip(), min(p.conf, conf)
                break


def _text_ink(gray: np.ndarray, lines: Sequence[Line], points_per_pixel: float) -> np.ndarray:
    """Binary ink of the page with the ruling lines painted out: glyphs only."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return _paint_lines(ink, lines, 0, max(3, int(round(1.5 / points_per_pixel))))


def _ink_span(ink: np.ndarray, tl: TextLine) -> tuple[float, float]:
    """The word's horizontal extent shrunk to its glyphs. Detection boxes are padded (unclipped)
    by a few pixels on each side, which in tightly set borderless tables closes the gutter
    between an amount and the next column's name; the text layer gives glyph boxes, so should we."""
    middle = (int(max(0, tl.y0 + 0.2 * (tl.y1 - tl.y0))), int(min(ink.shape[0], tl.y1 - 0.2 * (tl.y1 - tl.y0))))
    runs = _glyph_runs(ink, tl, middle)
    if not runs:
        return tl.x0, tl.x1
    # a padded box reaching over the neighbouring word catches a sliver of its last (first)
    # glyph: a thin run of ink set off by a gap wider than any inside a word is not ours
    lh = tl.y1 - tl.y0
    while len(runs) > 1 and runs[0][1] - runs[0][0] < 0.3 * lh and runs[1][0] - runs[0][1] + 1 > 0.3 * lh:
        runs = runs[1:]
    while len(runs) > 1 and runs[-1][1] - runs[-1][0] < 0.3 * lh and runs[-1][0] - runs[-2][1] + 1 > 0.3 * lh:
        runs = runs[:-1]
    return float(runs[0][0]), float(runs[-1][1])


INK_SEAM = 0.45  # × line height of white between two glyphs: wider than any gap inside a number
_DIGIT_RUN = re.compile(r"[0-9]{6,}")


def _glyph_runs(ink: np.ndarray, tl: TextLine, rows: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The [start, end) pixel columns of each run of ink across the word's box (a glyph, or a few
    touching ones), in the box's rows or in `rows`."""
    h, w = ink.shape
    y0, y1 = rows or (int(max(0, tl.y0)), int(min(h, np.ceil(tl.y1))))
    x0, x1 = int(max(0, tl.x0)), int(min(w, np.ceil(tl.x1)))
    if y1 <= y0 or x1 <= x0:
        return []
    return [(x0 + a, x0 + b) for a, b in mask_runs(ink[y0:y1, x0:x1].any(axis=0))]


def _cut_digits_at_ink_gaps(ink: np.ndarray, tl: TextLine) -> list[TextLine]:
    """Two numbers of neighbouring cells read as one run of digits ("94907885302": whole 元, then
    the next group's code 302) are cut where the ink says: the text cannot tell where one ends, but
    the white between two cells is several times wider than between two digits. Digits are set at
    one pitch, so the digits on each side of the gap are in proportion to the ink on that side; a
    count that does not come out near a whole number leaves the run whole."""
    text = tl.text.strip()
    if not _DIGIT_RUN.fullmatch(text):
        return [tl]
    runs = _glyph_runs(ink, tl)
    if len(runs) < 2:
        return [tl]
    gaps = [b[0] - a[1] for a, b in zip(runs, runs[1:])]
    k = max(range(len(gaps)), key=gaps.__getitem__)
    small = sorted(gaps)[len(gaps) // 2] if len(gaps) > 2 else 1
    if gaps[k] <= max(INK_SEAM * (tl.y1 - tl.y0), 3 * small):
        return [tl]
    left, right = runs[k][1] - runs[0][0] + small, runs[-1][1] - runs[k + 1][0] + small
    share = len(text) * left / (left + right)
    n = round(share)
    if not 1 <= n < len(text) or abs(share - n) > 0.3:
        return [tl]
    parts = (TextLine(text[:n], tl.conf, float(runs[0][0]), tl.y0, float(runs[k][1]), tl.y1),
             TextLine(text[n:], tl.conf, float(runs[k + 1][0]), tl.y0, float(runs[-1][1]), tl.y1))
    return [q for part in parts for q in _cut_digits_at_ink_gaps(ink, part)]


def _missed_text(eng, clean: np.ndarray, ink: np.ndarray, found: Sequence[TextLine]) -> list[TextLine]:
    """Text the detector did not box: a short isolated code ("03" between two read cells) is
    sometimes missed at the reduced detection resolution. Ink left after blanking every detected
    box is grouped into word-sized blobs, well clear of any detected box on their line, and
    recognized; a blob kept is read text, never inferred."""
    if not found:
        return []
    heights = sorted(t.y1 - t.y0 for t in found)
    lh = heights[len(heights) // 2]  # detection box height (glyphs plus padding)
    rest = ink.copy()
    H, W = rest.shape
    for t in found:
        rest[max(0, int(t.y0) - 1):min(H, int(np.ceil(t.y1)) + 1), max(0, int(t.x0) - 1):min(W, int(np.ceil(t.x1)) + 1)] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(rest.astype(np.uint8), connectivity=8)
    keep = np.zeros_like(rest, dtype=np.uint8)
    glyph = 0.7 * lh
    for i in range(1, n):
        x, y, w, h, a = stats[i]
        if a >= 6 and 0.25 * glyph <= h <= 1.5 * glyph and w <= 3 * glyph:
            keep[y:y + h, x:x + w] = 1
    if not keep.any():
        return []
    k = max(3, int(0.6 * glyph))
    merged = cv2.dilate(keep, cv2.getStructuringElement(cv2.MORPH_RECT, (k, max(1, int(0.3 * glyph)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    boxes, crops = [], []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        # undo the dilation
        sub = keep[y:y + h, x:x + w]
        ys, xs = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
        if len(ys) == 0:
            continue
        x0, x1, y0, y1 = x + xs[0], x + xs[-1] + 1, y + ys[0], y + ys[-1] + 1
        if not (0.5 * glyph <= y1 - y0 <= 1.6 * glyph) or x1 - x0 < 0.3 * glyph or x1 - x0 > 30 * glyph:
            continue
        yc = (y0 + y1) / 2
        if any(t.y0 < yc < t.y1 and t.x0 - 0.3 * glyph < x1 and x0 < t.x1 + 0.3 * glyph for t in found):
            continue  # the rest of a detected word (a clipped digit): the re-read handles those
        pad = int(0.25 * (y1 - y0)) + 2
        cy0, cy1 = max(0, y0 - pad), min(H, y1 + pad)
        cx0, cx1 = max(0, x0 - 2 * pad), min(W, x1 + 2 * pad)
        crops.append(clean[cy0:cy1, cx0:cx1])
        boxes.append((float(x0), float(cy0), float(x1), float(cy1)))
    out = []
    for (x0, y0, x1, y1), (text, conf) in zip(boxes, eng.recognize(crops, FULL_HEIGHT)):
        text = text.strip()
        if text and conf >= MISSED_MIN_CONF and re.search(r"[\d\p{Han}]", text):
            out.append(TextLine(text, conf, x0, y0, x1, y1, []))
    return out


_LONE_MARK = re.compile(r"[、，,．·]+")
MISSED_MIN_CONF = 0.5  # kept with its confidence: a low one is flagged downstream


RULED_CELLS, PAGE_DETECTION = "ruled cells", "page detection"  # the OCR paths a page can take


def ocr_page_image(gray: np.ndarray, points_per_pixel: float, engine: str | Engine = "rapidocr",
                   lines: Sequence[Line] | None = None) -> list[Word]:
    """Words (boxes in points) of an upright page image; each word lies within one table cell."""
    return page_words(gray, points_per_pixel, engine, lines)[0]


def page_words(gray: np.ndarray, points_per_pixel: float, engine: str | Engine = "rapidocr",
               lines: Sequence[Line] | None = None, ruled: bool = True) -> tuple[list[Word], str]:
    """Words of an upright page image and the path that found them: with `ruled` (the default),
    RULED_CELLS where the rulings give a grid and the engine can recognize crops (text boxes from
    each cell's ink, no text detection: about half the CPU of detection, and as accurate on the
    scanned fixtures and on zoo seeds measured unseen), else PAGE_DETECTION (the engine's own
    page-wide detector). Confidence is the recognizer's, or the weakest token's when a detected line
    was split."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    if lines is None:
        lines = find_lines(gray, points_per_pixel)
    s = points_per_pixel
    ink = _text_ink(gray, lines, s)
    lh = page_line_height(ink)
    cells = ruled_cells(lines, gray.shape) if ruled and eng.reads_cells else []
    if cells:
        path = RULED_CELLS
        pieces = _read_cells(eng, gray, _paint_lines(gray, lines, 255, 3), ink, cells, lh)
    else:
        path = PAGE_DETECTION
        pieces = _read_detected(eng, gray, ink, lines, s)
    _settle_lone_strokes(ink, pieces, lh)
    words = []
    for p in pieces:
        text = fix_label_text(p.text.strip())[0]
        if text and not _LONE_MARK.fullmatch(text):  # an ordinal's 、 whose numeral was not read
            x0, x1 = (p.x0, p.x1) if path == RULED_CELLS else _ink_span(ink, p)
            words.append(Word(text, round(x0 * s, 2), round(p.y0 * s, 2), round(x1 * s, 2),
                              round(p.y1 * s, 2), round(max(0.0, min(1.0, p.conf)), 4)))
    words = _without_nested_repeats(words)
    words.sort(key=lambda w: (round(w.top), w.x0))
    return words, path


NESTED_SLACK = 0.5  # points a word's ink may stick out of the word it repeats


def _without_nested_repeats(words: list[Word]) -> list[Word]:
    """A word whose ink lies within another's on the same line and whose text is part of that
    word's is the same glyphs read twice (a name's detection box beginning inside the 项 column's
    "08" read its 8 again, so the 项 cell held "08" and "8"): it is dropped. Boxes are the glyphs' own
    (_ink_span), so two words cannot share ink; a different reading is kept (nothing says which
    is right) and left to the checks."""
    def repeats(b: Word, a: Word) -> bool:
        return (len(b.text) < len(a.text) and b.text in a.text
                and a.x0 - NESTED_SLACK <= b.x0 and b.x1 <= a.x1 + NESTED_SLACK
                and min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.bottom - a.top, b.bottom - b.top))
    by_top = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in by_top]
    tallest = max((w.bottom - w.top for w in words), default=0.0)
    out = []
    for b in words:  # only words whose tops are within a line height of b's can share its line
        near = by_top[bisect_left(tops, b.top - tallest):bisect_right(tops, b.bottom)]
        if not any(repeats(b, a) for a in near):
            out.append(b)
    return out


_STROKE_READINGS = set("0123456789lI|丨一")  # one glyph that, as a flat bar, can only be a dash
_HAN_BUT_YI = re.compile(r"[^\P{Han}一]")  # Han text, none of which is flat but 一


def _settle_lone_strokes(ink: np.ndarray, pieces: list[TextLine], line_height: float) -> None:
    """A lone glyph read as a digit ("1", "8") whose ink is a flat bar is the dash of an empty cell: the
    recognizer confuses them (a "—" beside a ruling read as "1" at 0.7–0.9, a "-" as "8" at 0.6),
    the ink's shape does not (no digit is a flat bar). Flat is against the page's line height: a
    ruled cell's box is its ink's own, as flat as the dash. The ink decides the reading; the
    recognizer's confidence stays with it. Han text read from a flat bar ("行理" from a ruling's
    remnant a pixel high, at 0.99) is no word: no Han character but 一 is flat."""
    H, W = ink.shape
    for p in pieces:
        text = p.text.strip()
        stroke = text in _STROKE_READINGS
        if not (stroke or _HAN_BUT_YI.search(text)):
            continue
        box = ink[max(0, int(p.y0)):min(H, int(np.ceil(p.y1))), max(0, int(p.x0)):min(W, int(np.ceil(p.x1)))]
        rows, cols = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
        if len(rows) == 0:
            continue
        tall, wide = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        if wide >= 2 * tall and tall <= 0.3 * max(box.shape[0], line_height):
            p.text = "-" if stroke else ""


CROP_MARGIN = 0.35  # × line height of white kept around a word's ink for the recognizer


def _read_cells(eng, gray: np.ndarray, clean: np.ndarray, ink: np.ndarray, cells, lh: float) -> list[TextLine]:
    """Each word of each ruled cell recognized once, from its ink box: amounts (digit-like ink) at
    REC_HEIGHT, other words at FULL_HEIGHT; lh is the page's line height in pixels. Doubtful readings
    (_doubtful) are read again."""
    boxes = text_boxes(ink, cells, lh)
    H, W = clean.shape
    crops, doubtful = [], []
    for b in boxes:
        half = max(b.height, 0.75 * lh) / 2 + CROP_MARGIN * lh
        yc = (b.y0 + b.y1) / 2
        m = int(CROP_MARGIN * lh)
        page = gray if b.across or _painted_through(gray, clean, b) else clean
        crops.append(page[max(0, int(yc - half)):min(H, int(np.ceil(yc + half))), max(0, b.x0 - m):min(W, b.x1 + m)])
    readings: list[tuple[str, float]] = [("", 0.0)] * len(boxes)
    digits = [i for i, b in enumerate(boxes) if b.pitch]
    others = [i for i, b in enumerate(boxes) if not b.pitch]
    for group, height in ((digits, REC_HEIGHT), (others, FULL_HEIGHT)):
        read = eng.recognize([crops[i] for i in group], height, pitches=[boxes[i].pitch for i in group])
        for i, reading in zip(group, read):
            readings[i] = reading
    pieces = []
    for b, crop, (text, conf) in zip(boxes, crops, readings):
        if text.strip() or b.pitch:
            pieces.append(TextLine(text, conf, float(b.x0), float(b.y0), float(b.x1), float(b.y1)))
            if _doubtful(text.strip(), conf, bool(b.pitch)):
                doubtful.append((pieces[-1], crop))
    _reread_doubtful(eng, doubtful)
    return [p for p in pieces if p.text.strip()]


def _painted_through(gray: np.ndarray, clean: np.ndarray, b) -> bool:
    """A ruling painted out across the box's own ink, not beside it: a scanned ruling's end joined to
    the strokes of a header beside it runs on through the text ("年初结转和结余" lost a row of pixels
    and read "午初结转和结余" at 0.91, from every margin tried); such a box is cropped as printed."""
    inner = (slice(b.y0 + 1, b.y1 - 1), slice(b.x0, b.x1))
    return bool(np.any(gray[inner] != clean[inner]))


def _doubtful(text: str, conf: float, digit_like: bool) -> bool:
    """A number that fails the form check, a bare run of digits (a code, a 栏次 number) read with
    less than REREAD_BELOW confidence, or digit-like ink read as no number at all: a split 款
    column's "11" — two bare strokes — came back "1" (0.52), "" or "Ⅱ" (0.41) at REC_HEIGHT, and
    keyed its row 20101 instead of 20111, where no sum could tell; stretched it reads "11" (0.88–0.95)."""
    if _NUMERIC.match(text):
        return not _well_formed(text) or (text.isdigit() and conf < REREAD_BELOW)
    return digit_like


def _reread_doubtful(eng, found: list[tuple[TextLine, np.ndarray]]) -> None:
    """Doubtful numbers (_doubtful) read once more from the same ink, at the recognizer's full height
    and stretched (more time steps per glyph: CTC merges a repeated narrow digit, "7,876,550" →
    "7,876,50"); a reading that passes the form check replaces a malformed one, or a well-formed
    one it is surer of. Text stays what the engine read — nothing is inferred."""
    if not found:
        return
    crops = [_stretched(c, 1.5) for _, c in found]
    for (p, _), (text, conf) in zip(found, eng.recognize(crops, FULL_HEIGHT)):
        text = text.strip()
        if _NUMERIC.match(text) and _well_formed(text) and conf >= REREAD_MIN_CONF and \
                (not _well_formed(p.text.strip()) or conf > p.conf + 0.02):
            p.text, p.conf = text, conf


def _without_double_reads(found: list[TextLine]) -> list[TextLine]:
    """Two detected boxes on one line that overlap can both hold the glyphs between them ("16"
    and "6食品安全监管": the 项 code's 6 read twice, and joined in its cell as "1616"). A box's
    leading tokens that repeat the trailing tokens of the box it begins inside, centred within
    that box, are dropped from it."""
    out = []
    for b in found:
        toks = b.tokens
        for a in found:
            if a is b or not (a.x0 < b.x0 < a.x1) or min(a.y1, b.y1) - max(a.y0, b.y0) < 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                continue
            inside = next((i for i, t in enumerate(toks) if (t[1] + t[2]) / 2 >= a.x1), len(toks))
            k = next((k for k in range(min(inside, len(a.tokens)), 0, -1)
                      if [t[0] for t in toks[:k]] == [t[0] for t in a.tokens[-k:]]), 0)
            toks = toks[k:]
        if len(toks) == len(b.tokens):
            out.append(b)
        elif toks:
            out.append(TextLine(_join([t[0] for t in toks]), min(t[3] for t in toks), max(b.x0, toks[0][1]), b.y0, b.x1, b.y1, toks))
    return out


def _read_detected(eng, gray: np.ndarray, ink: np.ndarray, lines: Sequence[Line], s: float) -> list[TextLine]:
    """Page-wide detection and recognition; detected lines cut into cell words (split_line)."""
    verticals = [l for l in lines if not l.horizontal]
    found = eng.read(gray, lines, points_per_pixel=s)
    if eng.reads_cells:  # second looks need recognition alone: crops without rulings
        clean = _paint_lines(gray, lines, 255, 3)
        found += _missed_text(eng, clean, ink, found)
    pieces = [p for tl in _without_double_reads(found) for p in split_line(tl, verticals)]
    pieces = [q for p in pieces if p.text.strip() for q in _cut_digits_at_ink_gaps(ink, p)]
    if eng.reads_cells:
        _reread_numbers(eng, clean, pieces, verticals)
        _reread_short_codes(eng, clean, pieces)
    return pieces


def read_page_ocr(pdf_path: str, page_index: int, dpi: float = 200, engine: str | Engine = "rapidocr",
                  fix_orientation: bool = True, ruled: bool = True) -> PageContent:
    """Render, upright/deskew, find rulings, OCR. Boxes are in the corrected page's frame in
    points; width/height are that frame's (swapped when a 90°-turned scan was straightened)."""
    eng = get_engine(engine) if isinstance(engine, str) else engine
    r = render_page(pdf_path, page_index, dpi)
    img, tf = upright(r.image, eng.upside_down) if fix_orientation else (r.image, None)
    s = r.points_per_pixel
    lines = find_lines(img, s)
    words, path = page_words(img, s, eng, lines, ruled)
    release_freed_memory()
    h, w = img.shape
    reason = path if tf is None else f"{path}, rotation={tf.rotation} deskew={tf.angle:.2f}"
    return PageContent(number=page_index + 1, width=round(w * s, 2), height=round(h * s, 2), words=words,
                       segments=to_segments(lines, s), method="ocr", method_reason=reason,
                       image_coverage=1.0, frame=_points_frame(tf, s))


def _points_frame(tf, s: float) -> tuple[float, float, float, float, float, float]:
    """The upright/deskew transform (pixels of the render → pixels of the corrected image) in points."""
    if tf is None:
        return (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    (a, b, c), (d, e, f) = tf.matrix.tolist()
    return (float(a), float(b), float(c) * s, float(d), float(e), float(f) * s)
