"""What juesuan wrote into an OUTDIR (OUTDIR/.juesuan-manifest.json), so a rerun replaces or removes
only its own files: a spreadsheet the user saved into OUTDIR/tables/ is never touched.

The manifest lists every output file (paths relative to OUTDIR, '/'-separated) and the documents the
outputs describe. It is written atomically, and before any output is moved into place with the
union of the old and new files, so a run killed while committing still knows what it owns.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".juesuan-manifest.json"
LEGACY_OUTPUTS = ["cells.csv", "cells.parquet", "documents.csv", "checks.csv", "facts.csv"]  # before the manifest
REVIEW_KEY = "review"


@dataclass(frozen=True)
class DocumentEntry:
    """A document the outputs describe."""

    source_file: str
    doc_id: str


@dataclass
class Manifest:
    files: set[str] = field(default_factory=set)  # extract's outputs
    documents: list[DocumentEntry] = field(default_factory=list)
    review: set[str] = field(default_factory=set)  # pages `juesuan review` wrote into OUTDIR/review
    known: bool = True  # False: no manifest, the files were inferred from an older juesuan's outputs

    def to_json(self) -> str:
        return json.dumps({"version": 1, "files": sorted(self.files),
                           "documents": [vars(d) for d in self.documents], REVIEW_KEY: sorted(self.review)},
                          ensure_ascii=False, indent=1) + "\n"


def load_manifest(outdir: Path) -> Manifest:
    """The manifest, or what an OUTDIR without one (an older juesuan's) evidently holds of juesuan's:
    its fixed-name outputs and tables/<doc_id>/*.csv of the documents its documents.csv lists."""
    outdir = Path(outdir)
    try:
        raw = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Manifest(set(raw.get("files", [])), [DocumentEntry(**d) for d in raw.get("documents", [])],
                        set(raw.get(REVIEW_KEY, [])))
    except (OSError, ValueError, TypeError):
        return _inferred(outdir)


def _inferred(outdir: Path) -> Manifest:
    docs = _listed_documents(outdir / "documents.csv")
    files = {name for name in LEGACY_OUTPUTS if (outdir / name).is_file()}
    for d in docs:
        folder = outdir / "tables" / d.doc_id
        if d.doc_id and folder.is_dir():
            files |= {f"tables/{d.doc_id}/{p.name}" for p in folder.glob("*.csv") if p.is_file()}
    return Manifest(files, docs, known=False)


def _listed_documents(path: Path) -> list[DocumentEntry]:
    import csv

    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return [DocumentEntry(r.get("source_file", ""), r.get("doc_id", "")) for r in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def save_manifest(outdir: Path, manifest: Manifest) -> None:
    """Atomically: a reader never sees half a manifest."""
    target = Path(outdir) / MANIFEST_NAME
    tmp = target.with_name(f"{MANIFEST_NAME}.{os.getpid()}.tmp")
    tmp.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp, target)
