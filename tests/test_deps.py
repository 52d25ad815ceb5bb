"""A dependency outside Python that an option needs: reported before any work in one line naming what
to install, and part of the cache key, so what was made without it is not reused once it is there.
Missing is made real, not stubbed: PATH without tesseract, the rapidocr package unimportable, a font
folder with no font."""
from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from juesuan import deps
from juesuan.cache import ResultCache
from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"  # 14 text pages


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    """A PATH that has everything but tesseract (python, fc-list … stay reachable by absolute path)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    deps.tesseract.cache_clear()
    yield
    deps.tesseract.cache_clear()


@pytest.fixture
def no_rapidocr(monkeypatch):
    """rapidocr_onnxruntime as if not installed: `import` fails and find_spec finds nothing."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    deps.rapidocr_models.cache_clear()
    yield
    deps.rapidocr_models.cache_clear()


def _settings(tmp_path: Path, options: Options) -> str:
    return ResultCache(tmp_path, options).suffix


def test_what_is_installed_here_is_found():
    assert deps.tesseract().present and "tesseract" in deps.tesseract().version
    assert deps.rapidocr_models().present and "ch_PP-OCRv4_rec_infer.onnx" in deps.rapidocr_models().version
    assert deps.cjk_fonts().present


def test_tesseract_chosen_but_missing_is_one_line_before_any_work(no_tesseract, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "--ocr-engine", "tesseract"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "juesuan: error: --ocr-engine tesseract needs tesseract with Chinese (chi_sim), no tesseract on PATH: "
        'apt-get install tesseract-ocr tesseract-ocr-chi-sim (and pip install "juesuan[ocr]")'
    ]
    assert not out.exists()  # before any work: not even OUTDIR
    assert main(["extract", str(GOOD), "-o", str(out), "--ocr-engine", "tesseract", "--ocr", "never", "-q"]) == 0


def test_rapidocr_missing_is_an_error_for_ocr_always_and_a_warning_by_default(no_rapidocr, tmp_path, capsys):
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "a"), "--ocr", "always"]) == 2
    err = capsys.readouterr().err
    assert "--ocr always needs RapidOCR's PP-OCR models, rapidocr_onnxruntime is not installed: pip install" in err
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "b"), "-q"]) == 0  # a text report needs no OCR
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0].startswith("juesuan: reading image pages (OCR) needs RapidOCR's PP-OCR models") and "partial" in err[0]
    )


def test_a_document_that_needs_the_missing_ocr_names_what_to_install_and_is_not_cached(no_rapidocr, tmp_path):
    scan = tmp_path / "scan.pdf"
    page = pdfium.PdfDocument(str(GOOD))[1].render(scale=150 / 72).to_pil().convert("L")
    page.save(scan, resolution=150)  # an image-only page: it needs OCR
    out = tmp_path / "out"
    assert main(["extract", str(scan), "-o", str(out), "-q", "--workers", "1"]) == 1
    checks = read_csv(out / "checks.csv")
    failed = checks[checks.rule == "ocr_failed"]
    assert len(failed) == 1 and "pip install \"juesuan[ocr]\"" in failed.iloc[0].message
    assert not list((out / ".cache").glob("*.json"))


def test_installing_the_ocr_engine_or_fonts_changes_the_cache_key(tmp_path, monkeypatch, no_tesseract):
    """A result made while tesseract or the fonts were missing is not the result with them."""
    tesseract = Options(ocr_engine="tesseract")
    without = _settings(tmp_path, tesseract)
    monkeypatch.undo()  # PATH back: tesseract there
    deps.tesseract.cache_clear()
    with_it = _settings(tmp_path, tesseract)
    assert without != with_it
    monkeypatch.setattr(deps, "FONT_DIRS", (str(tmp_path / "no-fonts"),))
    assert not deps.cjk_fonts().present and _settings(tmp_path, tesseract) != with_it
    monkeypatch.undo()
    plain = Options(ocr="never")  # no OCR: no engine, no fonts in the key
    before = _settings(tmp_path, plain)
    monkeypatch.setattr(deps, "FONT_DIRS", (str(tmp_path / "no-fonts"),))
    assert _settings(tmp_path, plain) == before


def test_review_without_chinese_fonts_says_what_to_install_first(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["review", str(out)]) == 0
    assert "font" not in capsys.readouterr().err  # fonts are installed here
    monkeypatch.setattr(deps, "FONT_DIRS", (str(tmp_path / "no-fonts"),))
    assert main(["review", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"juesuan: rendering the pages needs a Chinese (CJK) font, none under {tmp_path / 'no-fonts'}: "
                      "apt-get install fonts-noto-cjk (or any Chinese font under /usr/share/fonts); pages whose "
                      "Chinese font is not embedded show no text")


def test_results_made_with_and_without_the_lean_models_are_cached_apart(monkeypatch):
    """With onnx the PP-OCR models run rewritten (extract/ocr/lean_models.py): the same readings, rounded
    otherwise, so the OCR dependency's version, part of the cache key, says which ran."""
    import importlib.util

    assert deps.rapidocr_models().version.endswith(" lean")
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnx" else find_spec(name, *a))
    deps.rapidocr_models.cache_clear()
    try:
        assert "lean" not in deps.rapidocr_models().version and deps.rapidocr_models().present
    finally:
        monkeypatch.undo()
        deps.rapidocr_models.cache_clear()
