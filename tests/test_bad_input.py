"""Bad and hostile input: a clear message naming the file, a row in documents.csv, the batch goes on."""
import shutil
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest
from reportlab.pdfgen import canvas

from juesuan.cli import main
from juesuan.names import NAME_RULES
from juesuan.pipeline import doc_id_for, extract_document

EDGE = Path(__file__).resolve().parents[1] / "fixtures" / "edge"

EXPECTED = {
    "not_a_pdf.pdf": ("failed", "not a PDF"),
    "encrypted.pdf": ("failed", "encrypted; decrypt it first"),
    "truncated.pdf": ("failed", "corrupt or truncated"),
    "zero_pages.pdf": ("failed", "zero pages"),
    "no_table.pdf": ("failed", "no recognizable table on any of its 2 pages"),
    "bad_row.pdf": (
        "partial",
        "page 1: table expenditure, row '2080201', column 基本支出: cannot read amount '12.3.4x'",
    ),
    # beyond Parquet's decimal128(38, 8): once a crash of every run at the final write
    "amount_decimals.pdf": ("partial", "amount '1.123456789' is beyond what the outputs hold exactly"),
    "amount_digits.pdf": ("partial", "is beyond what the outputs hold exactly (30 integer digits, 8 decimals)"),
}


@pytest.fixture(scope="module")
def edge_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("edge")
    code = main(["extract", str(EDGE), "-o", str(out), "-q", "--workers", "2"])
    return code, out, pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)


def test_some_failed_exit_status(edge_run):
    code, _, docs = edge_run
    assert code == 1
    assert len(docs) == len(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_has_a_clear_message(edge_run, name):
    _, _, docs = edge_run
    row = docs[docs.source_file.str.endswith(name)].iloc[0]
    status, message = EXPECTED[name]
    assert row.status == status
    assert message in row.error
    assert name in row.error  # the message names the file


def test_unreadable_cell_is_reported_once_and_others_kept(edge_run):
    _, out, _ = edge_run
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    bad = checks[checks.doc.str.startswith("bad_row") & ~checks.rule.isin(NAME_RULES)]  # names: test_catalogue.py
    assert list(bad.rule) == ["unreadable_cell"]  # not again as a sum error
    assert bad.iloc[0].page == "1"
    cells = pd.read_csv(out / "cells.csv", dtype=str)
    assert len(cells[cells.doc_id.str.startswith("bad_row")]) > 0


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "o")]) == 2
    assert "missing.pdf: no such file or folder" in capsys.readouterr().err
    assert main(["extract"]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "o")]) == 2


def test_all_good_exit_0_and_partial_exit_1(tmp_path):
    good = EDGE.parent / "generated" / "minzheng_2023_lattice.pdf"
    assert main(["extract", str(good), "-o", str(tmp_path / "a"), "-q"]) == 0
    partial = EDGE / "bad_row.pdf"  # one unreadable cell: extracted, but not wholly
    assert main(["extract", str(partial), "-o", str(tmp_path / "b"), "-q"]) == 1


def _blank_pages(path: Path, n: int) -> Path:
    c = canvas.Canvas(str(path))
    for _ in range(n):
        c.showPage()
    c.save()
    return path


def test_too_many_pages_is_refused_quickly(tmp_path):
    pdf = _blank_pages(tmp_path / "blank.pdf", 50)
    assert main(["extract", str(pdf), "-o", str(tmp_path / "o"), "-q", "--max-pages", "20"]) == 1
    doc = pd.read_csv(tmp_path / "o" / "documents.csv", dtype=str).iloc[0]
    assert "50 pages exceeds the limit of 20" in doc.error


def _pages_sharing(path: Path, content: bytes, n_pages: int = 1) -> Path:
    """A PDF of n_pages whose pages all draw `content` (one compressed stream), with Helvetica as /F1."""
    stream = zlib.compress(content, 9)
    kids = " ".join(f"{10 + i} 0 R" for i in range(n_pages))
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        + f"2 0 obj<</Type/Pages/Kids[{kids}]/Count {n_pages}>>endobj\n".encode()
        + b"4 0 obj<</Length "
        + str(len(stream)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + stream
        + b"\nendstream endobj\n"
        + b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        + b"".join(
            f"{10 + i} 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>"
            f"/Contents 4 0 R>>endobj\n".encode()
            for i in range(n_pages)
        )
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path.write_bytes(body)
    return path


def _glyphs(n: int) -> bytes:
    """`n` characters in runs of ten, none drawn over another (pdfium drops a run printed twice in place)."""
    return b"BT /F1 4 Tf " + b"".join(b"1 0 0 1 %d %.2f Tm (0123456789) Tj " % (i % 20 * 25, 20 + i // 20 * 0.5)
                                     for i in range(n // 10)) + b"ET"


def _strokes(n: int) -> bytes:
    """`n` separate 5 pt strokes (each its own path object)."""
    return b"".join(b"%d %d m %d %d l S " % (i % 500, i % 800, i % 500 + 5, i % 800) for i in range(n))


def test_time_limit_stops_a_slow_document_and_the_batch_goes_on(tmp_path, monkeypatch):
    """The slow document is made slow, not hoped to be: its worker reads a page every 0.2 s, forever
    (a document that keeps reporting progress is still stopped at the limit)."""
    import juesuan.jobs

    def extract(path, options, digest=None, on_page=None, ocr=None):
        while path.name == "slow.pdf":
            on_page(0, 1)
            time.sleep(0.2)
        return real(path, options, digest, on_page, ocr)
    real = juesuan.jobs.extract_document
    monkeypatch.setattr(juesuan.jobs, "extract_document", extract)  # workers are forked: they see it
    slow = tmp_path / "slow.pdf"
    shutil.copy(EDGE / "bad_row.pdf", slow)
    slow.write_bytes(slow.read_bytes() + b"\n% another file\n")
    assert main(["extract", str(slow), str(EDGE / "bad_row.pdf"), "-o", str(tmp_path / "o"), "-q",
                 "--timeout", "15", "--workers", "1"]) == 1  # ample for bad_row.pdf (1 s) even on a loaded machine
    docs = pd.read_csv(tmp_path / "o" / "documents.csv", dtype=str, keep_default_na=False)
    assert docs.iloc[0].status == "failed"
    assert "slow.pdf: took longer than 15 s (--timeout); stopped" in docs.iloc[0].error
    assert docs.iloc[0].doc_id == doc_id_for(slow)  # the same doc_id rule as every document
    assert docs.iloc[1].status == "partial"
    assert len(list((tmp_path / "o" / ".cache").glob("*.json"))) == 1  # the time-out is retried next run


def test_a_named_broken_link_is_a_failed_input_not_a_usage_error(tmp_path):
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "gone.pdf")
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    out = tmp_path / "o"
    assert (
        main(
            [
                "extract",
                str(tmp_path / "dangling.pdf"),
                str(tmp_path / "loop.pdf"),
                str(EDGE / "bad_row.pdf"),
                "-o",
                str(out),
                "-q",
            ]
        )
        == 1
    )
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs.status) == ["failed", "failed", "partial"]
    assert "a dangling symbolic link" in docs.error[0] and "a symbolic link loop" in docs.error[1]


@pytest.mark.parametrize("content, why", [(_strokes(120_000), "more than 100,000 objects on the page"),
                                          (_glyphs(120_000), "characters on the page (limit 100,000)")],
                         ids=["paths", "characters"])
def test_a_page_beyond_any_report_page_is_refused_alone(tmp_path, content, why):
    """A page of a hundred thousand objects is a drawing or a hostile file: that page is skipped with a finding
    (pdfplumber would spend minutes and gigabytes on it), the other pages are read."""
    from juesuan.extract.readers.pdfium import MAX_PAGE_CHARS, MAX_PAGE_OBJECTS
    assert MAX_PAGE_OBJECTS == MAX_PAGE_CHARS == 100_000
    pdf = _pages_sharing(tmp_path / "huge.pdf", content, n_pages=2)
    doc = extract_document(pdf)
    assert doc.page_kinds == ["1:unreadable", "2:unreadable"]
    refused = [f for f in doc.findings if f.rule == "page_unreadable"]
    assert [f.page for f in refused] == [1, 2] and all(why in f.message and "huge.pdf" in f.message for f in refused)


def test_compression_bomb_hits_the_memory_limit(tmp_path):
    """A page whose content stream inflates to 1.5 GB must fail alone, within the memory bound."""
    stream = zlib.compress(b"0 0 m " * (256 * 1024 * 1024), 9)
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(stream)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + stream
        + b"\nendstream endobj\n"
        b"trailer<</Root 1 0 R/Size 5>>\n%%EOF\n"
    )
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(body)
    code = main(["extract", str(bomb), str(EDGE / "bad_row.pdf"), "-o", str(tmp_path / "o"), "-q",
                 "--max-memory", "700", "--timeout", "60", "--workers", "1"])
    assert code == 1
    docs = pd.read_csv(tmp_path / "o" / "documents.csv", dtype=str, keep_default_na=False)
    assert docs.iloc[0].status == "failed" and "bomb.pdf" in docs.iloc[0].error
    assert docs.iloc[1].status == "partial"
