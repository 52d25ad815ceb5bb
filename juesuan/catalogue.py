"""`juesuan catalogue`: the classification catalogue that the reports themselves print, year by year.

From extracted reports (output directories or datasets, never fixtures), one row per (classification,
code, year): the consensus name — the name the most documents print, compared as
normalize.codes.comparable_name (spacing, leading ordinals and full-width forms removed); a tie goes to
the name first in code-point order — with its level and parent, how many documents print the code, every
variant with its count of documents, the first and last year the code is seen, and the consensus of the
code's previous year where it differs (a renamed code). Which printed rows count is
normalize.codes.evidence. FILE.documents.csv lists the documents it was learnt from, so that a report
looked up in it leaves its own evidence out.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from juesuan.dataset import is_dataset, read_dataset
from juesuan.errors import UsageError
from juesuan.normalize.codes import (
    CATALOGUE_COLUMNS,
    CLASSIFICATION_LEVELS,
    SOURCE_COLUMNS,
    SUMMARY_TABLE,
    consensus,
    evidence,
    parent_of,
    place,
    ranked,
    sources_path,
)

READ_COLUMNS = ["doc_id", "source_file", "year", "table_key", "code", "row_label"]


class CatalogueInputError(UsageError):
    """An input that holds no cells (exit 2)."""


def read_rows(path: Path | str) -> pd.DataFrame:
    """The columns a catalogue needs, as strings, from an OUTDIR, a cells file or a dataset folder."""
    p = Path(path)
    if p.is_dir() and not is_dataset(p):
        p = next((p / n for n in ("cells.parquet", "cells.csv") if (p / n).is_file()), p)
    if p.is_dir() and is_dataset(p):
        frame = read_dataset(p)[READ_COLUMNS]
    elif p.is_file() and p.suffix == ".parquet":
        frame = pq.read_table(p, columns=READ_COLUMNS).to_pandas()
    elif p.is_file() and p.suffix == ".csv":
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
        if set(READ_COLUMNS) - set(frame.columns):
            raise CatalogueInputError(
                f"{path}: not a cells file (no {', '.join(sorted(set(READ_COLUMNS) - set(frame.columns)))})"
            )
    else:
        raise CatalogueInputError(f"{path}: no cells.parquet, cells.csv or year=*/ dataset here")
    frame = frame[READ_COLUMNS].astype(object).where(frame[READ_COLUMNS].notna(), "")
    return frame.map(lambda v: str(int(v)) if isinstance(v, float) else str(v))


@dataclass
class Learnt:
    """What `learn` made of its rows: the catalogue rows, the documents, and the rows left out."""

    rows: list[dict]
    sources: list[dict]
    left_out: Counter = field(default_factory=Counter)


def learn(frame: pd.DataFrame) -> Learnt:
    """The catalogue of these cells: each document's printed rows vote once per name and code-year."""
    printed = frame[(frame.code != "") & frame.year.str.fullmatch(r"\d{4}")].drop_duplicates(READ_COLUMNS)
    rule = {k: evidence(*k) for k in set(zip(printed.table_key, printed.code, printed.row_label))}
    votes: set[tuple[str, str, int, str, str]] = set()
    used: Counter = Counter()
    left_out: Counter = Counter()
    files: dict[str, tuple[str, int]] = {}
    for r in printed.itertuples(index=False):
        found = rule[(r.table_key, r.code, r.row_label)]
        if found is None:
            left_out[_why_not(r.table_key, r.code)] += 1
            continue
        votes.add((found[0], r.code, int(r.year), r.doc_id, found[1]))
        used[r.doc_id] += 1
        files[r.doc_id] = (Path(r.source_file).name, int(r.year))
    return Learnt(_rows(votes), [{"doc_id": d, "source_file": files[d][0], "year": files[d][1], "rows": used[d]}
                                 for d in sorted(files)], left_out)


def _why_not(table_key: str, code: str) -> str:
    if SUMMARY_TABLE.search(table_key):
        return "in two-sided summaries"
    if place(table_key, code).mismatch:
        return "whose code's form disagrees with its table"
    return "without a name or with a misread one"


def _rows(votes: set[tuple[str, str, int, str, str]]) -> list[dict]:
    names: dict[tuple[str, str, int], Counter] = defaultdict(Counter)
    docs: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for classification, code, year, doc_id, name in votes:
        names[(classification, code, year)][name] += 1
        docs[(classification, code, year)].add(doc_id)
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for classification, code, year in sorted(names):
        years[(classification, code)].append(year)
    out = []
    for (classification, code), seen in sorted(years.items()):
        previous = ""
        for year in seen:
            variants = names[(classification, code, year)]
            name = consensus(variants)
            out.append(
                {
                    "classification": classification,
                    "code": code,
                    "year": year,
                    "name": name,
                    "level": CLASSIFICATION_LEVELS[classification].get(len(code), ""),
                    "parent": parent_of(code),
                    "documents": len(docs[(classification, code, year)]),
                    "variants": json.dumps(dict(ranked(variants)), ensure_ascii=False, separators=(",", ":")),
                    "first_year": seen[0],
                    "last_year": seen[-1],
                    "previous_name": previous if previous not in ("", name) else "",
                }
            )
            previous = name
    return out


def write_catalogue(learnt: Learnt, path: Path) -> None:
    """FILE.csv and FILE.documents.csv, byte for byte the same for the same cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, columns, rows in (
        (path, CATALOGUE_COLUMNS, learnt.rows),
        (sources_path(path), SOURCE_COLUMNS, learnt.sources),
    ):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def run(inputs: list[Path], output: Path) -> str:
    """`juesuan catalogue`: learn from every input, write the catalogue, return the summary line."""
    learnt = learn(pd.concat([read_rows(p) for p in inputs], ignore_index=True))
    if not learnt.rows:
        raise CatalogueInputError(f"no coded rows with a year in {', '.join(map(str, inputs))}")
    write_catalogue(learnt, output)
    left = "; ".join(f"{n} {why}" for why, n in sorted(learnt.left_out.items()))
    return (f"{len(learnt.rows)} codes and years from {len(learnt.sources)} documents "
            f"({sum(s['rows'] for s in learnt.sources)} printed rows{'; left out: ' + left if left else ''}); "
            f"written to {output} and {sources_path(output)}")
