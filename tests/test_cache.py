"""The result cache: nothing that failed is ever stored (it may pass next time), and everything
that shapes a result is in the key."""
import shutil
from pathlib import Path

import pytest

import juesuan.jobs
import juesuan.schemas
from juesuan import cache
from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
ONE_PAGE = ROOT / "fixtures" / "edge" / "bad_row.pdf"


def _cached(out: Path) -> int:
    return len(list((out / ".cache").glob("*.json")))


@pytest.mark.parametrize(
    "failure, message", [(MemoryError(), "exceeded the memory limit"), (KeyError("bug"), "internal error")]
)
def test_a_failure_is_not_cached_and_is_retried(tmp_path, monkeypatch, capsys, failure, message):
    def broken(path, *args, **kwargs):
        raise failure
    monkeypatch.setattr(juesuan.jobs, "extract_document", broken)
    out = tmp_path / "out"
    main(["extract", str(GOOD), "-o", str(out), "-q"])
    assert message in read_csv(out / "documents.csv").error[0] and _cached(out) == 0
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    assert "reused" not in capsys.readouterr().err and _cached(out) == 1


def test_a_missing_ocr_model_is_not_cached(tmp_path, monkeypatch, capsys):
    import juesuan.extract.ocr.page

    def no_model(*args, **kwargs):
        raise FileNotFoundError("ch_PP-OCRv4_det_infer.onnx: no such file")
    monkeypatch.setattr(juesuan.extract.ocr.page, "read_page_ocr", no_model)
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["extract", str(ONE_PAGE), "-o", str(out), "-q", "--ocr", "always"]) == 1
        err = capsys.readouterr().err
        assert "OCR failed on page 1 (FileNotFoundError: ch_PP-OCRv4_det_infer.onnx" in err
        assert "reused" not in err and _cached(out) == 0  # the second run tried again


def test_settings_and_code_are_in_the_key(tmp_path, monkeypatch):
    keys = {
        cache.ResultCache(tmp_path, o).suffix
        for o in (Options(), Options(ocr="never"), Options(dpi=300), Options(ocr_engine="tesseract"))
    }
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



def test_code_in_a_sub_package_is_in_the_key(tmp_path, monkeypatch):
    """An edit to an OCR or reader module (extract/ocr/, extract/readers/) makes old results stale too."""
    import juesuan.extract

    before = cache.ResultCache(tmp_path, Options()).suffix
    edited = tmp_path / "extract"
    shutil.copytree(Path(juesuan.extract.__path__[0]), edited, ignore=shutil.ignore_patterns("__pycache__"))
    victim = edited / "ocr" / "reread.py"
    victim.write_text(victim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(juesuan.extract, "__path__", [str(edited)])
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.ResultCache(tmp_path, Options()).suffix != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert cache.ResultCache(tmp_path, Options()).suffix == before

# --- entries are data, checked on load; a damaged cache is recomputed, never a batch abort --------

OTHER = ROOT / "fixtures" / "generated" / "caizheng_2023_shanghai.pdf"


def _entry(out: Path, pdf: Path) -> Path:
    from juesuan.pipeline import content_hash
    entries = list((out / ".cache").glob(f"{content_hash(pdf)}-*"))
    assert len(entries) == 1, entries
    return entries[0]


def _outputs(out: Path) -> tuple[str, str]:
    return (out / "cells.csv").read_text(encoding="utf-8"), (out / "documents.csv").read_text(encoding="utf-8")


def test_an_entry_is_json_data_naming_its_content_and_settings(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    import json

    from juesuan.pipeline import content_hash
    entry = json.loads(_entry(out, GOOD).read_text(encoding="utf-8"))
    assert (entry["format"], entry["version"], entry["digest"]) == ("juesuan-result", 1, content_hash(GOOD))
    assert entry["settings"] == cache.ResultCache(out, Options()).settings
    assert entry["document"]["$record"] == "Document"


def test_a_reused_result_equals_the_extracted_one(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), str(OTHER), "-o", str(out), "-q"]) == 0
    first = _outputs(out)
    assert main(["extract", str(GOOD), str(OTHER), "-o", str(out), "-q"]) == 0
    assert "2 reused" in capsys.readouterr().err and _outputs(out) == first


def test_an_entry_renamed_to_another_documents_name_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), str(OTHER), "-o", str(out), "-q"]) == 0
    first = _outputs(out)
    import os
    os.replace(_entry(out, GOOD), _entry(out, OTHER))  # OTHER's name now holds GOOD's result
    capsys.readouterr()
    assert main(["extract", str(GOOD), str(OTHER), "-o", str(out), "-q"]) == 0  # GOOD is gone from the cache: its
    assert "reused" not in capsys.readouterr().err  # own entry is missing and OTHER's is refused
    assert _outputs(out) == first
    assert "is not used (EntryError: it holds the result of other content)" in (out / "juesuan.log").read_text()


def _plant(kind: str, entry: Path) -> None:
    import os
    import pickle
    if kind == "folder":
        entry.unlink()
        entry.mkdir()
        (entry / "x").write_text("x")
    elif kind == "fifo":  # opening it to read would wait for a writer forever
        entry.unlink()
        os.mkfifo(entry)
    elif kind == "invalid utf-8":
        entry.write_bytes(b"\xff\xfe{\x80}")
    elif kind == "a pickle":
        entry.write_bytes(pickle.dumps({"format": "juesuan-result"}, protocol=5))
    elif kind == "truncated":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif kind == "a list":
        entry.write_text("[1, 2, 3]")
    elif kind == "wrong version":
        entry.write_text(entry.read_text(encoding="utf-8").replace('"version":1', '"version":99', 1), encoding="utf-8")
    elif kind == "wrong type":  # well-formed, but a Table where the Document belongs
        text = entry.read_text(encoding="utf-8")
        text = text.replace('"document":{"$record":"Document"', '"document":{"$record":"Table"', 1)
        entry.write_text(text, encoding="utf-8")
    elif kind == "unknown record":
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace('{"$record":"Cell"', '{"$record":"Popen"', 1), encoding="utf-8")
    elif kind == "year as text":
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace('"year":2023', '"year":"2023"', 1), encoding="utf-8")


@pytest.mark.parametrize("kind", ["folder", "fifo", "invalid utf-8", "a pickle", "truncated", "a list", "wrong version",
                                  "wrong type", "unknown record", "year as text"])
def test_a_damaged_entry_is_recomputed_and_logged(tmp_path, capsys, kind):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    first = _outputs(out)
    _plant(kind, _entry(out, GOOD))
    capsys.readouterr()
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert "reused" not in err and "Traceback" not in err and _outputs(out) == first
    assert "is not used" in (out / "juesuan.log").read_text()
    if kind not in ("folder", "fifo"):  # stored again, whole
        assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0 and "1 reused" in capsys.readouterr().err


def test_a_cache_that_is_a_file_turns_caching_off_with_one_warning(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("not a folder")
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "warning" in line] == [f"juesuan: warning: results are not cached in this run: "
                                                          f"{out / '.cache'} is not a folder"]
    assert (out / ".cache").read_text() == "not a folder" and len(read_csv(out / "cells.csv")) > 0


def test_a_read_only_cache_turns_caching_off(tmp_path, capsys):
    import subprocess
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    mount = ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out / ".cache")]
    if subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("cannot mount a read-only tmpfs here")
    try:
        assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
        assert "results are not cached in this run" in capsys.readouterr().err
    finally:
        subprocess.run(["umount", str(out / ".cache")], check=True)


def test_a_file_replaced_while_it_is_read_is_not_cached_under_its_old_hash(tmp_path, monkeypatch, capsys):
    """The worker reads the new bytes; the old content's hash and doc_id must not carry them."""
    import shutil as sh
    real = juesuan.jobs.extract_document
    src = tmp_path / "report.pdf"
    sh.copy(GOOD, src)

    def replaced_first(path, *args, **kwargs):
        sh.copy(OTHER, path)  # swapped after it was listed and hashed, before the worker opens it
        return real(path, *args, **kwargs)
    monkeypatch.setattr(juesuan.jobs, "extract_document", replaced_first)
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 1
    docs = read_csv(out / "documents.csv")
    assert docs.status[0] == "failed" and "the file changed while it was read" in docs.error[0]
    assert _cached(out) == 0 and len(read_csv(out / "cells.csv")) == 0
    monkeypatch.undo()
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0  # the new content, under its own hash
    from juesuan.pipeline import content_hash, doc_id_for
    again = read_csv(out / "documents.csv")
    fresh = tmp_path / "fresh"
    assert main(["extract", str(OTHER), "-o", str(fresh), "-q"]) == 0
    assert again.doc_id[0] == doc_id_for(src, content_hash(OTHER))
    assert again.department[0] == read_csv(fresh / "documents.csv").department[0]


def test_a_file_name_that_is_not_utf8_is_cached_and_reused(tmp_path, capsys):
    import os
    folder = tmp_path / "in"
    folder.mkdir()
    gbk = os.fsencode(folder) + b"/\xb2\xc6\xd5\xfe.pdf"  # 财政 in GBK: lone surrogates in Python's str
    with open(gbk, "wb") as fh:
        fh.write(GOOD.read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    first = _outputs(out)
    assert _cached(out) == 1
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    assert "1 reused" in capsys.readouterr().err and _outputs(out) == first


def test_an_entry_with_a_field_of_the_wrong_type_deep_inside_is_refused():
    """Text where a cell's amount belongs, a bbox of three numbers: refused on reading, before any writer
    meets it (a document round-trips exactly)."""
    import json
    from decimal import Decimal

    from juesuan.docjson import RecordError, document_from_data, to_data
    from juesuan.model import Cell, Document, Table

    cell = Cell("expenditure", "", "208", "社会保障和就业支出", "项目支出", "1.50", Decimal("1.50"), "万元",
                Decimal("15000.00"), 5, "text", (1.0, 2.0, 3.0, 4.0))
    doc = Document(
        "/x/a.pdf",
        "a-00000000",
        "某局",
        2023,
        tables=[Table("expenditure", "t", [5], "万元", ["项目支出"], [{"code": "208"}], [cell], {("", "208", "x")})],
    )
    text = json.dumps(to_data(doc))
    assert document_from_data(json.loads(text)) == doc
    for damage in (
        ('{"$decimal":"15000.00"}', '"15000.00"'),
        ('{"$tuple":[1.0,2.0,3.0,4.0]}', '{"$tuple":[1.0,2.0,3.0]}'),
        ('"page":5', '"page":5.5'),
        ('"year":2023', '"year":true'),
    ):
        planted = text.replace(
            damage[0].replace(",", ", ").replace(":", ": "), damage[1].replace(",", ", ").replace(":", ": ")
        )
        assert planted != text, damage
        with pytest.raises(RecordError):
            document_from_data(json.loads(planted))
