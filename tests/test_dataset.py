"""The Parquet dataset: readable by DuckDB and pyarrow as is, appends without rewriting, replaces a
re-extracted document's rows, and the README query gives the totals of the fixtures' ground truth."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from fixture_runs import EXACT, GENERATED, extracted
from juesuan.cli import main
from juesuan.dataset import add_document, read_cells, read_dataset, write_dataset
from juesuan.model import Cell, Document, Table
from juesuan.records import CELL_SCHEMA

README_QUERY = """
SELECT year, code, any_value(standard_name) AS class, sum(amount_yuan) AS project_yuan
FROM read_parquet('{dir}/**/*.parquet', hive_partitioning = true)
WHERE table_key = 'expenditure' AND column_key = '项目支出' AND length(code) = 3
GROUP BY year, code
ORDER BY year, code
"""


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*.parquet")}


def test_cli_writes_one_file_per_document_and_rerun_adds_no_duplicates(tmp_path):
    out = extracted()
    assert main(["dataset", str(out), "--to", str(tmp_path / "ds")]) == 0
    assert main(["dataset", str(out), "--to", str(tmp_path / "ds")]) == 0
    assert len(list((tmp_path / "ds").rglob("*.parquet"))) == len(EXACT)
    assert not list((tmp_path / "ds").rglob("*.tmp"))
    cells = read_cells(out / "cells.parquet")
    back = read_dataset(tmp_path / "ds")
    assert len(back) == len(cells)
    key = ["doc_id", "table_key", "side", "code", "row_label", "column_key"]
    pd.testing.assert_frame_equal(back.sort_values(key).reset_index(drop=True)[cells.columns],
                                  cells.sort_values(key).reset_index(drop=True), check_dtype=False)


def test_extract_writes_each_document_as_it_arrives_and_skips_failed_ones(tmp_path, monkeypatch):
    """`extract --dataset`: the dataset holds exactly cells.parquet's rows, a failed input adds no file,
    and a run interrupted after its first document has already written that document."""
    from juesuan import progress

    pdfs = [GENERATED / f"{name}.pdf" for name in EXACT[:2]]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    out, ds = tmp_path / "out", tmp_path / "ds"
    assert (
        main(["extract", *map(str, pdfs), str(bad), "-o", str(out), "--dataset", str(ds), "-q", "--workers", "1"]) == 1
    )
    cells, back = read_cells(out / "cells.parquet"), read_dataset(ds)
    key = ["doc_id", "table_key", "side", "code", "row_label", "column_key", "page", "top"]
    pd.testing.assert_frame_equal(back.sort_values(key).reset_index(drop=True)[cells.columns],
                                  cells.sort_values(key).reset_index(drop=True), check_dtype=False)
    assert len(list(ds.rglob("*.parquet"))) == 2 and not any("bad" in p.name for p in ds.rglob("*"))

    def interrupted(self, doc):
        raise KeyboardInterrupt
    monkeypatch.setattr(progress.Progress, "update", interrupted)
    again = tmp_path / "ds-again"
    assert main(["extract", *map(str, pdfs), "-o", str(tmp_path / "out2"), "--dataset", str(again), "-q",
                 "--workers", "1", "--force"]) == 130
    assert len(list(again.rglob("*.parquet"))) == 1


def test_pyarrow_reads_it_as_is_with_the_cell_types(tmp_path):
    write_dataset(tmp_path, read_cells(extracted() / "cells.parquet"))
    ds = pads.dataset(tmp_path, partitioning="hive")
    for field in CELL_SCHEMA:
        assert ds.schema.field(field.name).type == field.type, field.name
    assert ds.schema.field("amount_yuan").type == pa.decimal128(38, 8)
    assert ds.count_rows() == len(read_cells(extracted() / "cells.parquet"))


def test_appends_without_rewriting_and_replaces_a_reextracted_document(tmp_path):
    cells = read_cells(extracted() / "cells.parquet")
    first, rest = EXACT[:3], EXACT[3:]
    stem = cells.doc_id.str.rsplit("-", n=1).str[0]
    write_dataset(tmp_path, cells[stem.isin(first)])
    before = _files(tmp_path)
    write_dataset(tmp_path, cells[stem.isin(rest)])
    after = _files(tmp_path)
    assert {k: after[k] for k in before} == before  # old files untouched
    assert len(after) == len(EXACT)
    # re-extraction of one document with fewer rows, and its year corrected: its rows only are replaced
    doc = cells[stem == "minzheng_2023_lattice"].doc_id.iloc[0]
    again = cells[cells.doc_id == doc].iloc[:10].assign(year=2022)
    write_dataset(tmp_path, again)
    back = read_dataset(tmp_path)
    assert (back.doc_id == doc).sum() == 10 and set(back[back.doc_id == doc].year) == {2022}
    assert len(back) == len(cells) - (cells.doc_id == doc).sum() + 10
    assert len(list(tmp_path.rglob("*.parquet"))) == len(EXACT)


def test_from_documents_skips_failed_and_handles_missing_year(tmp_path):
    cell = Cell("expenditure", "", "208", "社会保障和就业支出", "项目支出", "1.50", Decimal("1.50"), "万元",
                Decimal("15000.00"), 5, "text", (1.0, 2.0, 3.0, 4.0), code_level="类")
    table = Table("expenditure", "支出决算表", [5], "万元", ["项目支出"], [], cells=[cell])
    ok = Document("/x/a.pdf", "a-00000000", "某局", None, tables=[table])
    dated = Document("/x/c.pdf", "c/d=e-11111111", "某局", 2023, tables=[table])
    failed = Document("/x/b.pdf", "b-00000000", status="failed", error="boom")
    assert [add_document(tmp_path, d) for d in (ok, dated, failed)] == [1, 1, None]
    assert not list(tmp_path.rglob("doc-b-*"))
    assert (tmp_path / "year=__HIVE_DEFAULT_PARTITION__" / "doc-a-00000000.parquet").is_file()
    assert (tmp_path / "year=2023" / "doc-c%2Fd%3De-11111111.parquet").is_file()
    back = {r["doc_id"]: r for r in pads.dataset(tmp_path, partitioning="hive").to_table().to_pylist()}
    assert back["a-00000000"]["year"] is None and back["a-00000000"]["amount_yuan"] == Decimal("15000")
    assert back["c/d=e-11111111"]["year"] == 2023


def test_readme_query_in_duckdb_gives_the_truth_totals(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_dataset(tmp_path, read_cells(extracted() / "cells.parquet"))
    got = {(y, c): a for y, c, _, a in duckdb.sql(README_QUERY.format(dir=tmp_path)).fetchall()}
    manifest = pd.read_csv(GENERATED / "manifest.csv", dtype=str).set_index("file")
    expected: dict[tuple[int, str], Decimal] = {}
    for name in EXACT:
        truth = pd.read_csv(GENERATED / f"{name}.truth.csv", dtype=str, keep_default_na=False)
        truth = truth[
            (truth.table_key == "expenditure") & (truth.column_key == "项目支出") & (truth.code.str.len() == 3)
        ]
        year = int(manifest.loc[f"{name}.pdf", "year"])
        for code, amount in zip(truth.code, truth.amount_yuan):
            expected[(year, code)] = expected.get((year, code), Decimal(0)) + Decimal(amount)
    assert got == expected
    assert len(expected) >= 8


def test_one_version_per_report_and_no_byte_identical_copy_twice(tmp_path):
    """A renamed copy of content already there is not added; a re-published PDF (same name, new bytes)
    replaces its older version; another department's report under the same file name is kept."""
    import shutil

    from juesuan.pipeline import content_hash

    first, other_dept = tmp_path / "v1" / "report.pdf", tmp_path / "other" / "report.pdf"
    sources = (GENERATED / "minzheng_2023_lattice.pdf", GENERATED / "caizheng_2023_shanghai.pdf")
    for path, source in zip((first, other_dept), sources):
        path.parent.mkdir()
        shutil.copy(source, path)
    old_id, other_id = f"report-{content_hash(first)[:8]}", f"report-{content_hash(other_dept)[:8]}"
    ds = tmp_path / "ds"
    assert main(["extract", str(first), str(other_dept), "-o", str(tmp_path / "o1"), "--dataset", str(ds), "-q"]) == 0
    assert set(read_dataset(ds).doc_id) == {old_id, other_id}  # two departments, one file name: both kept

    renamed = tmp_path / "v1" / "copy_of_report.pdf"
    shutil.copy(first, renamed)
    assert main(["extract", str(renamed), "-o", str(tmp_path / "o2"), "--dataset", str(ds), "-q"]) == 0
    assert set(read_dataset(ds).doc_id) == {old_id, other_id}
    copy_id = f"copy_of_report-{content_hash(first)[:8]}"
    log = (tmp_path / "o2" / "juesuan.log").read_text()
    assert f"{copy_id} is not added to the dataset: the same content is there as {old_id}" in log

    republished = tmp_path / "v2" / "report.pdf"
    republished.parent.mkdir()
    republished.write_bytes(first.read_bytes() + b"\n%republished\n")  # the same report, new bytes
    new_id = f"report-{content_hash(republished)[:8]}"
    assert main(["extract", str(republished), "-o", str(tmp_path / "o3"), "--dataset", str(ds), "-q"]) == 0
    back = read_dataset(ds)
    assert set(back.doc_id) == {new_id, other_id}
    assert len(back) == len(read_cells(tmp_path / "o1" / "cells.parquet"))  # each report counted once
    log = (tmp_path / "o3" / "juesuan.log").read_text()
    assert f"{new_id} replaces {old_id} in the dataset (an older version of the same document)" in log


def test_keep_versions_keeps_the_older_version_beside_the_new(tmp_path):
    import shutil

    first = tmp_path / "v1" / "report.pdf"
    first.parent.mkdir()
    shutil.copy(GENERATED / "minzheng_2023_lattice.pdf", first)
    republished = tmp_path / "v2" / "report.pdf"
    republished.parent.mkdir()
    republished.write_bytes(first.read_bytes() + b"\n%republished\n")
    ds = tmp_path / "ds"
    assert main(["extract", str(first), "-o", str(tmp_path / "o1"), "--dataset", str(ds), "-q"]) == 0
    assert main(["extract", str(republished), "-o", str(tmp_path / "o2"), "-q"]) == 0
    assert main(["dataset", str(tmp_path / "o2"), "--to", str(ds), "--keep-versions"]) == 0
    assert read_dataset(ds).doc_id.nunique() == 2
    assert main(["dataset", str(tmp_path / "o2"), "--to", str(ds)]) == 0  # told nothing: one version again
    assert read_dataset(ds).doc_id.nunique() == 1
