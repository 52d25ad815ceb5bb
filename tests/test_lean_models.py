"""The lean PP-OCR models (extract/ocr/lean_models.py): fewer nodes, the same readings, the same bytes."""
from pathlib import Path

import cv2
import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
rapidocr = pytest.importorskip("rapidocr_onnxruntime")

from juesuan.extract.ocr import lean_models  # noqa: E402
from juesuan.extract.ocr.engines import paint_lines  # noqa: E402
from juesuan.extract.ocr.grid import find_lines  # noqa: E402
from juesuan.extract.ocr.lines import text_ink  # noqa: E402
from juesuan.extract.ocr.raster import render_page  # noqa: E402

MODELS = Path(rapidocr.__file__).parent / "models"
REC, DET = MODELS / "ch_PP-OCRv4_rec_infer.onnx", MODELS / "ch_PP-OCRv4_det_infer.onnx"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_MODEL_CACHE", str(tmp_path / "models"))
    return tmp_path / "models"


def _session(path: Path):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads, opts.log_severity_level = 1, 4
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _text_rows(gray: np.ndarray, points_per_pixel: float) -> list[np.ndarray]:
    """Crops of the page's text rows (runs of pixel rows with glyph ink), rulings painted out, as the recognizer
    takes them (48 px high)."""
    lines = find_lines(gray, points_per_pixel)
    gray = paint_lines(gray, lines, 255, 5)
    ink = text_ink(gray, lines, points_per_pixel).any(axis=1)
    rows, start = [], None
    for y, on in enumerate([*ink, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if 12 <= y - start <= 60:
                rows.append(gray[max(0, start - 4):y + 4])
            start = None
    out = []
    for r in rows[:40]:
        cols = np.flatnonzero((r < 128).any(axis=0))
        r = r[:, max(0, cols[0] - 8):cols[-1] + 8]
        img = cv2.resize(r, (max(16, int(r.shape[1] * 48 / r.shape[0])), 48)).astype(np.float32) / 127.5 - 1
        out.append(np.repeat(img[None, None], 3, axis=1))
    return out


def test_lean_recognizer_reads_a_page_as_the_installed_one(cache):
    """Every text row of a rendered table page is read the same by the lean recognizer, and the detector
    finds the same text pixels: the rewrite folds the affine pairs and fuses every hard-swish, nothing else."""
    from rapidocr_onnxruntime.ch_ppocr_rec.utils import CTCLabelDecode

    rec = lean_models.lean_model(REC, (1, 3, 48, 160))
    det = lean_models.lean_model(DET, (1, 3, 256, 256))
    assert rec.parent == det.parent == cache
    lean_ops = [n.op_type for n in onnx.load(str(rec)).graph.node]
    ops = [n.op_type for n in onnx.load(str(REC)).graph.node if n.op_type != "Constant"]
    assert "Clip" not in lean_ops and lean_ops.count("HardSigmoid") == ops.count("HardSigmoid") + ops.count("Clip")
    assert len(lean_ops) <= len(ops) - 2 * ops.count("Clip") - 2 * 40  # 2 nodes less a hard-swish, 2 an affine pair

    page = render_page(str(FIXTURE), 1, 200)  # the first table page
    gray = page.image
    crops = _text_rows(gray, page.points_per_pixel)
    assert len(crops) >= 10
    original, lean = _session(REC), _session(rec)
    decode = CTCLabelDecode(character=original.get_modelmeta().custom_metadata_map["character"].splitlines())
    name = original.get_inputs()[0].name
    read = [[decode(s.run(None, {name: c})[0])[0][0] for c in crops] for s in (original, lean)]
    assert read[0] == read[1] and sum(len(t) for t in read[0]) > 100

    small = cv2.resize(gray, (gray.shape[1] // 2 // 32 * 32, gray.shape[0] // 2 // 32 * 32))
    x = np.repeat((small.astype(np.float32) / 127.5 - 1)[None, None], 3, axis=1)
    maps = [s.run(None, {s.get_inputs()[0].name: x})[0] for s in (_session(DET), _session(det))]
    assert ((maps[0] > 0.3) == (maps[1] > 0.3)).all() and (maps[0] > 0.3).sum() > 1000


def test_the_same_model_gives_the_same_bytes_and_is_built_once(cache, tmp_path, monkeypatch):
    first = lean_models.lean_model(REC, (1, 3, 48, 160))
    stamp = first.stat().st_mtime_ns
    assert lean_models.lean_model(REC, (1, 3, 48, 160)) == first and first.stat().st_mtime_ns == stamp
    monkeypatch.setenv("JUESUAN_MODEL_CACHE", str(tmp_path / "elsewhere"))
    again = lean_models.lean_model(REC, (1, 3, 48, 160))
    assert again != first and again.read_bytes() == first.read_bytes()


def test_a_rewrite_that_computes_otherwise_is_not_used(cache, monkeypatch):
    """The check against the original catches a rewrite that changes the arithmetic: the installed model is used."""
    rewrite = lean_models.lean

    def wrong(model):
        rewrite(model)
        hsig = next(n for n in model.graph.node if n.op_type == "HardSigmoid")
        next(a for a in hsig.attribute if a.name == "beta").f = 0.4

    monkeypatch.setattr(lean_models, "lean", wrong)
    assert lean_models.lean_model(REC, (1, 3, 48, 160)) == REC
    assert not cache.exists() or not list(cache.iterdir())


def test_the_engine_runs_the_lean_detector_and_recognizer(cache):
    from juesuan.extract.ocr.engines import RapidEngine

    ocr = RapidEngine()._ocr
    paths = [Path(s.session._model_path) for s in (ocr.text_det.infer, ocr.text_rec.session)]
    assert [p.parent for p in paths] == [cache, cache] and all(".lean" in p.name for p in paths)
