"""The OCR engines behind the Engine protocol (RapidOCR's PP-OCR via onnxruntime, tesseract), made once per
process (get_engine). Engines read text *lines* with confidence; text is returned exactly as read — numeric
repair is a later, separate step. Where the rest of OCR lives: extract/ocr/__init__.py.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

import cv2
import numpy as np

from juesuan.extract.ocr import engine_class
from juesuan.extract.ocr.grid import Line


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
    """An OCR engine (registered by name in ENGINES, extract/ocr/__init__.py). One that `reads_cells` also has
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
                                 max_side_len=100_000, use_cls=False, print_verbose=False, **lean_model_paths())
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

    def recognize(self, crops: Sequence[np.ndarray], height: int = 0,
                  pitches: Sequence[float] = ()) -> list[tuple[str, float]]:
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
                shrink = crops[i].shape[0] >= height
                how = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
                img = cv2.resize(crops[i], (widths[i], height), interpolation=how)
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


def lean_model_paths() -> dict[str, str]:
    """rapidocr's detector and recognizer as lean_models rewrites them (the same networks in fewer nodes: 10% and
    24% less CPU), by the keyword arguments that give RapidOCR its model files."""
    import rapidocr_onnxruntime

    from juesuan.extract.ocr.lean_models import lean_model

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    return {"det_model_path": str(lean_model(models / "ch_PP-OCRv4_det_infer.onnx", (1, 3, 256, 256))),
            "rec_model_path": str(lean_model(models / "ch_PP-OCRv4_rec_infer.onnx", (1, 3, 48, 160)))}


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
        img = paint_lines(gray, lines, 255, max(3, int(1.5 / points_per_pixel)))  # rulings white
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
            tl.text = join_tokens([t[0] for t in tl.tokens])
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


def paint_lines(img: np.ndarray, lines: Sequence[Line], value: int, width: int) -> np.ndarray:
    """A copy of img with the ruling lines painted over in `value` (rulings are not text)."""
    out = img.copy()
    for ln in lines:
        cv2.line(out, (int(ln.x0), int(ln.y0)), (int(ln.x1), int(ln.y1)), value, width)
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


def join_tokens(tokens: Sequence[str]) -> str:
    """Concatenate tokens; keep a space only between two ASCII words (CJK and digits run on)."""
    out = ""
    for t in tokens:
        if out and (len(t) > 1 or len(out.split(" ")[-1]) > 1) and out[-1].isascii() and out[-1].isalpha() \
                and t[0].isascii() and t[0].isalpha():
            out += " "
        out += t
    return out
