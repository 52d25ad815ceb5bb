"""The result cache: nothing that failed is ever stored (it may pass next time), and everything
that shapes a result is in the key."""
import shutil
from pathlib import Path

import pytest

import juesuan.batch
import juesuan.schemas
from juesuan import cache
from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
ONE_PAGE = ROOT / "fixtures" / "edge" / "bad_row.pdf"


def _cached(out: Path) -> int:
    return len(list((out / ".cache").glob("*.pkl")))


@pytest.mark.parametrize("failure, message", [(MemoryError(), "exceeded the memory limit"), (KeyError("bug"), "internal error")])
def test_a_failure_is_not_cached_and_is_retried(tmp_path, monkeypatch, capsys, failure, message):
    def broken(path, *args, **kwargs):
        raise failure
    monkeypatch.setattr(juesuan.batch, "extract_document", broken)
    out = tmp_path / "out"
    main(["extract", str(GOOD), "-o", str(out), "-q"])
    assert message in read_csv(out / "documents.csv").error[0] and _cached(out) == 0
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    assert "reused" not in capsys.readouterr().err and _cached(out) == 1


def test_a_missing_ocr_model_is_not_cached(tmp_path, monkeypatch, capsys):
    import juesuan.extract.ocr

    def no_model(*args, **kwargs):
        raise FileNotFoundError("ch_PP-OCRv4_det_infer.onnx: no such file")
    monkeypatch.setattr(juesuan.extract.ocr, "read_page_ocr", no_model)
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["extract", str(ONE_PAGE), "-o", str(out), "-q", "--ocr", "always"]) == 1
        err = capsys.readouterr().err
        assert "OCR failed on page 1 (FileNotFoundError: ch_PP-OCRv4_det_infer.onnx" in err
        assert "reused" not in err and _cached(out) == 0  # the second run tried again


def test_settings_and_code_are_in_the_key(tmp_path, monkeypatch):
    keys = {cache.ResultCache(tmp_path, o).suffix for o in (Options(), Options(ocr="never"), Options(dpi=300), Options(ocr_engine="tesseract"))}
    assert len(keys) == 4
    before = cache.ResultCache(tmp_path, Options()).suffix
    edited = tmp_path / "schemas"  # a catalogue edited: the same options no longer find old results
    shutil.copytree(Path(juesuan.schemas.__path__[0]), edited)
    victim = sorted(edited.glob("*.csv"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(juesuan.schemas, "__path__", [str(edited)])
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.ResultCache(tmp_path, Options()).suffix != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert cache.ResultCache(tmp_path, Options()).suffix == before
