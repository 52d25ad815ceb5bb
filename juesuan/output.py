"""Write a run's results: cells.csv/.parquet, tables/<doc_id>/<table>.csv, documents.csv, checks.csv, facts.csv.

The files are one set: all are written under a staging folder in OUTDIR first and only then renamed
into place, so a run that crashes or is killed while writing leaves the previous run's set whole.
juesuan replaces or removes only the files it wrote (manifest.py): anything else in OUTDIR stays.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.csvfile import csv_rows, displayable, header, write_csv
from juesuan.manifest import LEGACY_OUTPUTS, DocumentEntry, Manifest, load_manifest, save_manifest
from juesuan.model import FACT_COLUMNS, Document, DocumentSummary, Fact
from juesuan.records import (
    CELL_COLUMNS,
    CHECK_COLUMNS,
    DOC_COLUMNS,
    cell_batch,
    cell_records,
    cell_schema,
    check_records,
    document_record,
)
from juesuan.workbook import HEADS, table_heads

if TYPE_CHECKING:
    import pyarrow as pa

WORKBOOK = "report.xlsx"
FIXED_OUTPUTS = [*LEGACY_OUTPUTS, WORKBOOK]  # the outputs with a fixed name; tables/ holds the others
WIDE_FIXED = ["page", "side", "code", "row_label", "unit"]  # a tables/*.csv's columns before the table's own
BOM = "\ufeff".encode("utf-8")  # --csv-bom: Excel on Windows then reads UTF-8, not the ANSI code page
KEPT_ASIDE = ".before-juesuan"  # a file of the user's where juesuan now writes is renamed, never overwritten
STAGING = ".staging"

def write_checks(path: Path, docs: list[Document]) -> None:
    write_csv(path, CHECK_COLUMNS, [r for d in docs for r in check_records(d)])


def write_facts_csv(facts: list[Fact], path) -> None:
    """One row per fact, through the shared writer (numbers plain, text escaped, None empty)."""
    write_csv(path, FACT_COLUMNS, (vars(f) for f in facts))  # flat fields: no deep copy (asdict)


def write_outputs(outdir: Path, docs: list[Document]) -> None:
    """The whole set, staged then renamed into place."""
    with RunOutputs(outdir) as outputs:
        outputs.write([outputs.add(d) for d in docs])


@dataclass(frozen=True)
class _Span:
    """Where one document's rows of a CSV wait in its staging file."""

    offset: int
    length: int


class _TextSpill:
    """The rows of one CSV output, each document's appended to a staging file as it arrives and
    copied out in input order at the end, so a long run's rows do not wait in memory."""

    def __init__(self, path: Path):
        self.path = path
        self._file = open(path, "wb")

    def add(self, text: bytes) -> _Span:
        span = _Span(self._file.tell(), len(text))
        self._file.write(text)
        return span

    def write(self, spans: list[_Span], columns: list[str], path: Path, bom: bool = False) -> None:
        """The CSV: its header, then the spans in this order."""
        self.close()
        with open(self.path, "rb") as spilled, open(path, "wb") as out:
            out.write((BOM if bom else b"") + _csv_bytes([header(columns)]))
            for span in spans:
                spilled.seek(span.offset)
                out.write(spilled.read(span.length))

    def close(self) -> None:
        self._file.close()


class _BatchSpill:
    """Each document's cells as one Arrow batch of a staging IPC file, read back memory-mapped in
    input order into cells.parquet at the end."""

    ROW_GROUP = 1 << 17  # rows per Parquet row group: the writer holds one in memory (~60 MB)

    def __init__(self, path: Path):
        self.path = path
        self._file = self._writer = None  # opened at the first batch: pyarrow loads when it is needed
        self._batches = 0

    def _open(self) -> None:
        import pyarrow as pa

        if self._file is None:
            self._file = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_file(self._file, cell_schema())

    def add(self, batch: pa.RecordBatch) -> int:
        """The batch's index in the file."""
        self._open()
        self._writer.write_batch(batch)
        self._batches += 1
        return self._batches - 1

    def write(self, indices: list[int], path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._open()
        self.close()
        schema = cell_schema()
        with pa.memory_map(str(self.path)) as source, pq.ParquetWriter(path, schema) as parquet:
            batches = pa.ipc.open_file(source)
            group: list[pa.RecordBatch] = []
            rows = 0
            for i in indices:
                group.append(batches.get_batch(i))
                rows += group[-1].num_rows
                if rows >= self.ROW_GROUP:
                    parquet.write_table(pa.Table.from_batches(group, schema))
                    group, rows = [], 0
            if group or not indices:
                parquet.write_table(pa.Table.from_batches(group, schema))

    def close(self) -> None:
        if self._file is not None and not self._file.closed:
            self._writer.close()
            self._file.close()


def _csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


@dataclass(frozen=True)
class PreparedDocument:
    """A finished document as the run's outputs take it (RunOutputs.prepare): its summary, its rows
    of each CSV and its cells as Arrow; its tables/ and dataset files are written already. The batch is
    made in the worker, where pandas is refused (batch._NoPandas): pyarrow would load it (~0.3 s, ~50 MB)
    on its first pa.array of Python values, so the main process only unpickles batches."""

    summary: DocumentSummary
    csv: dict[str, bytes]  # output name → its rows, formatted
    cells: pa.RecordBatch


@dataclass(frozen=True)
class _Spilled:
    """Where one document's rows wait: a span of each CSV's staging file, a batch of the Arrow one."""

    spans: dict[str, _Span]
    batch: int


class RunOutputs:
    """A run's output set, built while the batch runs. Each document is written out as it ends,
    while the workers extract the next ones (prepare, in the worker itself as a rule): its rows of
    every CSV and its cells as Arrow wait in staging files, its tables/ files in the staging folder,
    and only a DocumentSummary stays in memory. So the end of a batch (when the workers are idle)
    only joins the parts in input order and renames the set into place, and a run's memory does
    not grow with its cells. Everything is written under a staging folder first: a run that
    crashes or is killed leaves the previous run's set whole. Given a dataset folder, each
    extracted document's file there is written as it ends too (dataset.add_document)."""

    CSVS = {
        "cells.csv": CELL_COLUMNS,
        "documents.csv": DOC_COLUMNS,
        "checks.csv": CHECK_COLUMNS,
        "facts.csv": FACT_COLUMNS,
    }

    def __init__(self, outdir: Path, dataset: Path | None = None, keep_versions: bool = False, bom: bool = False,
                 workbook: bool = True):
        self.outdir, self.dataset, self.keep_versions = outdir, dataset, keep_versions
        self.bom, self.workbook = bom, workbook
        self.stage = outdir / STAGING
        shutil.rmtree(self.stage, ignore_errors=True)  # left by a run killed while writing
        (self.stage / "tables").mkdir(parents=True)
        (self.stage / HEADS).mkdir()
        self._csvs = {name: _TextSpill(self.stage / f"{name}.parts") for name in self.CSVS}
        self._cells = _BatchSpill(self.stage / "cells.parts.arrow")
        self._spilled: dict[tuple[str, str], _Spilled] = {}  # (source_file, doc_id) → its rows on disk

    def __enter__(self) -> "RunOutputs":
        return self

    def __exit__(self, *_) -> None:
        for spill in (*self._csvs.values(), self._cells):
            try:
                spill.close()
            except OSError:  # a full disk fails the flush too; the error that stopped the run is reported
                pass
        shutil.rmtree(self.stage, ignore_errors=True)  # failed or never written: nothing half-made stays

    def prepare(self, doc: Document) -> PreparedDocument:
        """All of a document's outputs that do not depend on the run's order: its tables/ files and
        its dataset file written, its rows formatted. Safe in a worker process, where it runs as
        each document ends, so the main process only appends bytes (add) and keeps up with many workers."""
        self._write_tables(doc)
        cells = cell_records(doc)
        rows = {"cells.csv": cells, "documents.csv": [document_record(doc)], "checks.csv": check_records(doc),
                "facts.csv": [vars(f) for f in doc.facts]}
        batch = cell_batch(cells)
        if self.dataset is not None:
            from juesuan.dataset import add_document
            add_document(self.dataset, doc, batch, self.keep_versions)
        formatted = {name: _csv_bytes(csv_rows(columns, rows[name])) for name, columns in self.CSVS.items()}
        return PreparedDocument(doc.summary(), formatted, batch)

    def add(self, doc: Document | PreparedDocument) -> DocumentSummary:
        """A finished document, under the doc_id it has now, into the set; the Document itself is not kept."""
        prepared = doc if isinstance(doc, PreparedDocument) else self.prepare(doc)
        summary = prepared.summary
        spans = {name: self._csvs[name].add(prepared.csv[name]) for name in self.CSVS}
        self._spilled[summary.source_file, summary.doc_id] = _Spilled(spans, self._cells.add(prepared.cells))
        return summary

    def write(self, docs: list[DocumentSummary]) -> "Committed":
        """The whole set, documents in this order, then renamed into place."""
        parts = [self._spilled[d.source_file, d.doc_id] for d in docs]
        self._cells.write([p.batch for p in parts], self.stage / "cells.parquet")
        for name, columns in self.CSVS.items():
            self._csvs[name].write([p.spans[name] for p in parts], columns, self.stage / name, self.bom)
        left_out = ""
        if self.workbook:
            from juesuan.workbook import write_workbook  # xlsxwriter: only when the workbook is written
            left_out = write_workbook(self.stage, self.stage / WORKBOOK, self.CSVS)
        entries = [DocumentEntry(displayable(d.source_file), d.doc_id) for d in docs if d.doc_id]
        return replace(_commit(self.stage, self.outdir, entries), workbook_left_out=left_out)

    def _write_tables(self, doc: Document) -> None:
        """tables/<doc_id>/<table_key>.csv as printed, each row with the table's unit; the heads for the workbook."""
        for t in doc.tables:
            folder = self.stage / "tables" / doc.doc_id
            folder.mkdir(parents=True, exist_ok=True)
            rows = ({**r, "unit": t.unit} for r in t.rows)
            write_csv(folder / f"{t.table_key}.csv", [*WIDE_FIXED, *t.header], rows, self.bom)
        if doc.doc_id:
            heads = json.dumps(table_heads(doc), ensure_ascii=False)
            (self.stage / HEADS / f"{doc.doc_id}.json").write_text(heads, encoding="utf-8")


@dataclass(frozen=True)
class Committed:
    """What a commit did besides writing the new set, for the user to be told."""

    dropped: list[str]  # source files of documents the earlier outputs held and these no longer do
    kept_aside: list[str]  # the user's files renamed out of the way of an output (OUTDIR-relative)
    review_removed: bool  # review/ pages described outputs that changed, and were removed
    workbook_left_out: str = ""  # what report.xlsx leaves out of a large run


def _staged_files(stage: Path) -> list[str]:
    """The outputs in the staging folder, OUTDIR-relative with '/'."""
    files = [name for name in FIXED_OUTPUTS if (stage / name).is_file()]
    tables = stage / "tables"
    return files + sorted(p.relative_to(stage).as_posix() for p in tables.rglob("*") if p.is_file())


def _commit(stage: Path, outdir: Path, documents: list[DocumentEntry]) -> Committed:
    """Move the staged set into OUTDIR file by file, replacing or removing only files juesuan wrote
    (the manifest says which); a file of the user's in the way is renamed aside, never overwritten."""
    old = load_manifest(outdir)
    staged = _staged_files(stage)
    shown = ("cells.csv", "checks.csv", "documents.csv")  # what the review pages show
    review_stale = bool(old.review) and any(_differs(stage / n, outdir / n) for n in shown)
    kept_aside = [_set_aside(outdir, rel) for rel in staged if rel not in old.files and os.path.lexists(outdir / rel)]
    save_manifest(outdir, Manifest(old.files | set(staged), documents, old.review))  # a crash from here on still knows
    for rel in staged:
        (outdir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / rel, outdir / rel)
    for rel in sorted(old.files - set(staged)):
        _remove_own(outdir, rel)
    review = old.review
    if review_stale:
        for rel in sorted(review):
            _remove_own(outdir, rel)
        review = set()
    save_manifest(outdir, Manifest(set(staged), documents, review))
    shutil.rmtree(stage)
    now = {d.doc_id for d in documents}
    dropped = [d.source_file or d.doc_id for d in old.documents if d.doc_id and d.doc_id not in now]
    return Committed(dropped, kept_aside, review_stale)


def _differs(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() != b.read_bytes()
    except OSError:
        return True


def _set_aside(outdir: Path, rel: str) -> str:
    """Rename the user's file at an output's path to <name>.before-juesuan (…-2, … if taken)."""
    target = outdir / rel
    aside, n = target.with_name(target.name + KEPT_ASIDE), 1
    while os.path.lexists(aside):
        n += 1
        aside = target.with_name(f"{target.name}{KEPT_ASIDE}-{n}")
    os.replace(target, aside)
    return aside.relative_to(outdir).as_posix()


def _remove_own(outdir: Path, rel: str) -> None:
    """Remove a file juesuan wrote, and its folders up to OUTDIR once they are empty."""
    path = outdir / rel
    try:
        if path.is_file() or path.is_symlink():
            path.unlink()
    except OSError:
        return
    folder = path.parent
    while folder != outdir and outdir in folder.parents:
        try:
            folder.rmdir()  # only if empty: a file of the user's keeps its folder
        except OSError:
            return
        folder = folder.parent
