"""The hostile corpus (scripts/make_hostile.py) in one batch: exit 1, no traceback, every input in
documents.csv with a clear one-line status, the good files extracted, nothing failed cached, no
process left behind."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan.csvfile import displayable, read_csv
from juesuan.pipeline import content_hash
from scripts import make_hostile

ROOT = Path(__file__).resolve().parents[1]

# An outcome a machine's speed may choose: the bomb is stopped by whichever bound it reaches first.
EITHER = {"content_bomb.pdf": "exceeded the memory limit|took longer than 20 s"}


def _processes_naming(text: str) -> list[int]:
    """Live processes whose command line holds `text` (workers are forks: they keep their parent's)."""
    out = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if (
                text.encode() in cmdline.read_bytes()
                and cmdline.parent.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            ):
                out.append(int(cmdline.parent.name))
        except OSError:
            continue
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The corpus extracted by the command as a user runs it (its own process, so its workers start
    from the command's memory, not from pytest's)."""
    corpus = make_hostile.make(tmp_path_factory.mktemp("hostile") / "in")
    out = corpus.parent / "out"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "juesuan",
            "extract",
            str(corpus),
            "-o",
            str(out),
            "-q",
            "--workers",
            "2",
            "--timeout",
            "20",
            "--max-memory",
            "1500",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return corpus, out, run, _processes_naming(str(corpus))


def test_one_batch_exit_1_no_traceback_and_no_process_left(hostile):
    _, out, run, left = hostile
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + (out / "juesuan.log").read_text()
    assert not left


def test_every_input_has_a_clear_status(hostile):
    corpus, out, _, _ = hostile
    docs = read_csv(out / "documents.csv")
    by_name = {os.path.relpath(p, corpus): row for p, row in zip(docs.source_file, docs.itertuples())}
    expected = {displayable(name): v for name, v in make_hostile.EXPECTED.items()}
    assert sorted(by_name) == sorted(expected)
    for name, (status, fragment) in expected.items():
        row = by_name[name]
        assert row.status == status, (name, row.error)
        assert re.search(EITHER.get(name, re.escape(fragment)), row.error), (name, row.error)
        assert len(row.error) <= 300 and "\n" not in row.error and "b'\\x" not in row.error, (name, row.error)
    assert docs.doc_id.is_unique


def test_the_good_files_are_extracted(hostile):
    corpus, out, _, _ = hostile
    cells = read_csv(out / "cells.csv")
    docs = read_csv(out / "documents.csv")
    good = docs[docs.status == "ok"]
    assert len(good) == sum(s == "ok" for s, _ in make_hostile.EXPECTED.values())
    assert all((cells.doc_id == d).sum() > 0 for d in good.doc_id)
    truth = read_csv(make_hostile.GENERATED / "minzheng_2023_lattice.truth.csv")
    assert (cells.source_file == str(corpus / "good.pdf")).sum() == len(truth)  # good.pdf, not its aliases
    names = {Path(p).name: d for p, d in zip(docs.source_file, docs.doc_id)}
    assert names["\\xb2\\xc6\\xd5\\xfe.pdf"].startswith("财政-")  # a GBK file name read as such
    same = docs[docs.source_file.str.endswith("same_name.pdf")].doc_id.tolist()
    assert len(set(same)) == 2 and same[1] == same[0] + "-2"


def test_nothing_that_failed_is_cached(hostile):
    corpus, out, _, _ = hostile
    kept = [name for name, (status, why) in make_hostile.EXPECTED.items()
            if status in ("ok", "partial") and "OCR" not in why]  # a page OCR could not read is retried next run
    cached = {p.name.split("-")[0] for p in (out / ".cache").glob("*.json")}
    assert cached == {content_hash(corpus / name) for name in kept}


@pytest.mark.parametrize("name", sorted(make_hostile.RECODED) + sorted(make_hostile.MOVED)
                         + sorted(make_hostile.BOXED) + sorted(make_hostile.HIDDEN) + sorted(make_hostile.ROTATED)
                         + sorted(make_hostile.BOLD) + ["nested_forms.pdf", "recursive_form.pdf"])
def test_look_alike_code_points_and_moved_boxes_read_as_the_report_they_copy(hostile, name):
    """Kangxi radicals (⼊⽀⼀⽣⾦) and full-width or Arabic-Indic digits in codes and years, a MediaBox
    with inverted corners, a negative origin or far away, a CropBox with a draft's amounts outside it, /UserUnit 2,
    a draft's amounts in a layer that is off, a /Rotate of 180 or 270 over upright content, fake bold, nested or
    recursive forms: the same
    table keys, codes, labels, amounts, year and department as good.pdf, whose copies they are."""
    corpus, out, _, _ = hostile
    cells = read_csv(out / "cells.csv")
    docs = read_csv(out / "documents.csv").set_index("source_file")
    columns = ["table_key", "side", "code", "row_label", "column_key", "amount_yuan", "year", "department"]
    good = cells[cells.source_file == str(corpus / "good.pdf")][columns].sort_values(columns).reset_index(drop=True)
    copy = cells[cells.source_file == str(corpus / name)][columns].sort_values(columns).reset_index(drop=True)
    assert len(good) > 200 and copy.equals(good)
    assert docs.loc[str(corpus / name), ["year", "department", "tables"]].tolist() == \
        docs.loc[str(corpus / "good.pdf"), ["year", "department", "tables"]].tolist()


def test_a_file_too_large_to_hash_within_the_timeout_is_a_failed_row(tmp_path):
    """A 64 GB sparse file named like a PDF: the main process stops hashing it at --timeout (it hashed all of it
    before, holding the batch) and lists it failed with one line; the other input is still read."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    with open(corpus / "huge.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(64 << 30)
    (corpus / "no_table.pdf").write_bytes((make_hostile.EDGE / "no_table.pdf").read_bytes())
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "juesuan", "extract", str(corpus), "-o", str(out), "-q",
                          "--workers", "1", "--timeout", "2"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    docs = read_csv(out / "documents.csv").set_index("source_file")
    huge = docs.loc[str(corpus / "huge.pdf")]
    assert huge.status == "failed"
    assert huge.error == f"{corpus / 'huge.pdf'}: hashing it took longer than 2 s (--timeout); not read (68.7 GB)"
    assert "no recognizable table" in docs.loc[str(corpus / "no_table.pdf")].error
