"""Compare two runs (or two fiscal years) cell by cell, exactly: what changed between OLD and NEW.

A run is an output directory (cells.parquet, else cells.csv), a cells file, or a dataset directory.
Amounts are compared as Decimal (`amount_yuan`), never as floats. Documents are matched by doc_id;
as doc_id embeds a content hash, a re-published PDF gets a new one, so a doc_id missing on the other
side falls back to the source file name (reported as such).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from juesuan.csvfile import read_csv, write_csv
from juesuan.dataset import is_dataset, read_dataset
from juesuan.decimals import as_printed, percent
from juesuan.errors import UsageError
from juesuan.normalize.codes import comparable_name
from juesuan.records import CELL_COLUMNS, CELL_SCHEMA
from juesuan.spec.keys import EXPENDITURE

KEY = ["table_key", "side", "key", "column_key", "dup"]
DIFF_COLUMNS = [
    "status", "doc_id", "old_doc_id", "matched_by", "source_file", "department", "year", "table_key", "side", "code",
    "row_label", "column_key", "old_amount_yuan", "new_amount_yuan", "difference", "old_value", "new_value",
    "page", "x0", "top", "x1", "bottom",
]
YEAR_COLUMNS = [
    "status", "department", "old_year", "new_year", "old_doc_id", "new_doc_id", "table_key", "side", "code",
    "row_label", "column_key", "old_amount_yuan", "new_amount_yuan", "change", "growth_percent", "old_name", "new_name",
]
GROWTH_PLACES = 2  # growth_percent's decimals, as reports print percentages


class DiffInputError(UsageError):
    """OLD or NEW is not something cells can be read from (exit 2)."""


def load_cells(path: Path | str) -> pd.DataFrame:
    """Cells of a run as strings ('' for missing) with amount_yuan as Decimal (None when missing)."""
    p = Path(path)
    if p.is_dir():
        if (p / "cells.parquet").is_file():
            p = p / "cells.parquet"
        elif (p / "cells.csv").is_file():
            p = p / "cells.csv"
        elif is_dataset(p):
            return _normalise(read_dataset(p))
        else:
            raise DiffInputError(f"{path}: no cells.parquet, cells.csv or year=*/ dataset here")
    if not p.is_file():
        raise DiffInputError(f"{path}: no such file or folder")
    if p.suffix == ".parquet":
        return _normalise(pq.read_table(p, schema=CELL_SCHEMA).to_pandas())
    if p.suffix == ".csv":
        frame = read_csv(p)
        missing = {"doc_id", "table_key", "side", "code", "row_label", "column_key", "amount_yuan"} - set(frame.columns)
        if missing:
            raise DiffInputError(f"{path}: not a cells file (missing {', '.join(sorted(missing))})")
        return _normalise(frame)
    raise DiffInputError(f"{path}: expected a .parquet or .csv cells file")


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise DiffInputError(f"not a decimal amount: {value!r}") from None


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=CELL_COLUMNS)
    # with the printed decimals: a parquet's decimal128 has 8 for every amount (juesuan/decimals.py)
    printed = [p if isinstance(p, str) else "" for p in out["value"]]
    amounts = [as_printed(_decimal(v), p) for v, p in zip(out["amount_yuan"], printed)]
    out = (
        out.drop(columns=["amount_yuan", "amount"])
        .astype(object)
        .where(out.drop(columns=["amount_yuan", "amount"]).notna(), "")
    )
    out = out.map(lambda v: v if isinstance(v, str) else _plain(v))
    out["amount_yuan"] = amounts
    out["key"] = out["code"].where(out["code"] != "", out["row_label"])
    out["dup"] = out.groupby(["doc_id", "table_key", "side", "key", "column_key"]).cumcount()
    return out


def _plain(v) -> str:
    """Numbers as they would print in a CSV: 2023 not 2023.0, 118.22 not 118.22000122."""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
    return str(v)


def fmt(d: Decimal | None) -> str:
    """An amount as every CSV writes it (juesuan/decimals.py): plain digits, its own decimals ('' for None)."""
    return "" if d is None else format(d, "f")


@dataclass
class DiffResult:
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        return not any(r["status"] != "unchanged" for r in self.rows)


def _docs(frame: pd.DataFrame) -> dict[str, str]:
    return {d: Path(s).name for d, s in frame.groupby("doc_id", sort=True)["source_file"].first().items()}


def match_documents(old: pd.DataFrame, new: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """old doc_id → new doc_id, and old doc_id → how ('doc_id' or 'source file name')."""
    old_docs, new_docs = _docs(old), _docs(new)
    pairs = {d: d for d in old_docs if d in new_docs}
    how = {d: "doc_id" for d in pairs}
    old_only = [d for d in old_docs if d not in new_docs]
    new_only = [d for d in new_docs if d not in old_docs]
    for d in old_only:
        same_old = [o for o in old_only if old_docs[o] == old_docs[d]]
        same_new = [n for n in new_only if new_docs[n] == old_docs[d]]
        if len(same_old) == 1 and len(same_new) == 1:  # ambiguous names are left unmatched
            pairs[d], how[d] = same_new[0], "source file name"
    return pairs, how


def diff_runs(old: pd.DataFrame, new: pd.DataFrame) -> DiffResult:
    """Added, removed and changed cells of NEW against OLD, matched by document then cell key."""
    pairs, how = match_documents(old, new)
    result = DiffResult()
    old = old.assign(match_doc=old["doc_id"].map(lambda d: pairs.get(d, "old:" + d)))
    new = new.assign(match_doc=new["doc_id"])
    merged = old.merge(new, on=["match_doc", *KEY], how="outer", suffixes=("_old", "_new"), indicator=True)
    rev = {n: (o, how[o]) for o, n in pairs.items()}
    for rec in merged.to_dict("records"):
        a, b = rec["amount_yuan_old"], rec["amount_yuan_new"]
        if rec["_merge"] == "both":
            if a == b:
                continue
            status, side = "changed", "_new"
        elif rec["_merge"] == "left_only":
            status, side = "removed", "_old"
        else:
            status, side = "added", "_new"
        old_id, matched_by = rev.get(rec["match_doc"], (rec["doc_id_old"] if status == "removed" else "", ""))
        result.rows.append(
            {
                "status": status,
                "doc_id": rec["doc_id" + side],
                "old_doc_id": old_id,
                "matched_by": matched_by,
                **{k: rec[k + side] for k in ("source_file", "department", "year", "code", "row_label")},
                "table_key": rec["table_key"],
                "side": rec["side"],
                "column_key": rec["column_key"],
                "old_amount_yuan": fmt(a) if status != "added" else "",
                "new_amount_yuan": fmt(b) if status != "removed" else "",
                "difference": fmt(b - a) if status == "changed" and a is not None and b is not None else "",
                "old_value": rec["value_old"] if status != "added" else "",
                "new_value": rec["value_new"] if status != "removed" else "",
                **{k: rec[k + side] for k in ("page", "x0", "top", "x1", "bottom")},
            }
        )
    old_docs, new_docs = _docs(old), _docs(new)
    matched_new = set(pairs.values())
    for d, n in pairs.items():
        if how[d] != "doc_id":
            result.notes.append(f"matched by source file name (re-published?): {d} → {n}")
    result.notes += [f"only in OLD: {d}" for d in old_docs if d not in pairs]
    result.notes += [f"only in NEW: {d}" for d in new_docs if d not in matched_new]
    for s in ("changed", "added", "removed"):
        result.counts[s] = sum(r["status"] == s for r in result.rows)
    result.counts.update(
        old_cells=len(old),
        new_cells=len(new),
        old_docs=len(old_docs),
        new_docs=len(new_docs),
        by_doc_id=sum(v == "doc_id" for v in how.values()),
        by_file=sum(v != "doc_id" for v in how.values()),
    )
    return result


def growth(old: Decimal | None, new: Decimal | None) -> str:
    """100 × (new - old) / old, in percent rounded half-up to 2 places; '' when there is no base."""
    if old is None or new is None:
        return ""
    rate = percent(new - old, old, GROWTH_PLACES)
    return "" if rate is None else format(rate, "f")


def year_pairs(old: pd.DataFrame, new: pd.DataFrame) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(department, old doc_id, new doc_id) for each department: NEW's latest year against OLD's latest
    earlier year. Several documents of one department and year are all paired (and a note says so)."""
    notes: list[str] = []
    pairs: list[tuple[str, str, str]] = []
    docs_old = old[old.year != ""].groupby(["department", "year"])["doc_id"].unique()
    docs_new = new[new.year != ""].groupby(["department", "year"])["doc_id"].unique()
    for dept in sorted(set(d for d, _ in docs_new.index) & set(d for d, _ in docs_old.index) - {""}):
        new_year = max(docs_new[dept].index, key=int)
        earlier = [y for y in docs_old[dept].index if int(y) < int(new_year)]
        if not earlier:
            notes.append(f"{dept}: no year before {new_year} in OLD")
            continue
        old_year = max(earlier, key=int)
        olds, news = sorted(docs_old[dept][old_year]), sorted(docs_new[dept][new_year])
        if len(olds) > 1 or len(news) > 1:
            notes.append(f"{dept}: several documents for {old_year}/{new_year}, each pair compared "
                         f"({', '.join(olds)} / {', '.join(news)}); use --doc to pick one")
        pairs += [(dept, o, n) for o in olds for n in news]
    return pairs, notes


def diff_years(old: pd.DataFrame, new: pd.DataFrame) -> DiffResult:
    """One department's tables in two fiscal years: every matched cell with its change and growth rate."""
    pairs, notes = year_pairs(old, new)
    result = DiffResult(notes=notes)
    for dept, o, n in pairs:
        a = old[old.doc_id == o].drop(columns=["doc_id", "department"])
        b = new[new.doc_id == n].drop(columns=["doc_id", "department"])
        merged = a.merge(b, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
        oy, ny = a.year.iloc[0], b.year.iloc[0]
        for rec in merged.to_dict("records"):
            x = rec["amount_yuan_old"] if rec["_merge"] != "right_only" else None
            y = rec["amount_yuan_new"] if rec["_merge"] != "left_only" else None
            status = {"left_only": "removed", "right_only": "added"}.get(str(rec["_merge"])) or (
                "unchanged" if x == y else "changed"
            )
            side = "_new" if rec["_merge"] != "left_only" else "_old"
            result.rows.append(
                {
                    "status": status,
                    "department": dept,
                    "old_year": oy,
                    "new_year": ny,
                    "old_doc_id": o,
                    "new_doc_id": n,
                    "table_key": rec["table_key"],
                    "side": rec["side"],
                    "code": rec["code" + side],
                    "row_label": rec["row_label" + side],
                    "column_key": rec["column_key"],
                    "old_amount_yuan": fmt(x),
                    "new_amount_yuan": fmt(y),
                    "change": fmt(y - x) if x is not None and y is not None else "",
                    "growth_percent": growth(x, y),
                    **renamed(rec),
                }
            )
    for s in ("changed", "unchanged", "added", "removed"):
        result.counts[s] = sum(r["status"] == s for r in result.rows)
    result.counts["pairs"] = len(pairs)
    return result


def renamed(rec: dict) -> dict:
    """old_name/new_name: a code's two printed names where they differ between the years (a renamed code)."""
    if (
        rec["_merge"] != "both"
        or not rec["code_new"]
        or comparable_name(rec["row_label_old"]) == comparable_name(rec["row_label_new"])
    ):
        return {"old_name": "", "new_name": ""}
    return {"old_name": rec["row_label_old"], "new_name": rec["row_label_new"]}


def only_docs(frame: pd.DataFrame, needles: list[str]) -> pd.DataFrame:
    """Rows of documents whose doc_id or source file name contains one of needles."""
    if not needles:
        return frame
    hit = frame["doc_id"].map(lambda d: any(s in d for s in needles)) | frame["source_file"].map(
        lambda f: any(s in Path(f).name for s in needles))
    return frame[hit]


def write_diff_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, columns, rows)


def default_csv(old: Path, new: Path, by_year: bool) -> Path:
    name = lambda p: (p.parent.name if p.is_file() else p.resolve().name) or "run"  # noqa: E731
    return Path.cwd() / (f"diff_{name(old)}_vs_{name(new)}" + ("_by_year" if by_year else "") + ".csv")


def summary(result: DiffResult, by_year: bool, limit: int = 12) -> list[str]:
    """A few lines for the terminal; the CSV has everything."""
    c = result.counts
    if by_year:
        lines = [f"by year: {c['pairs']} document pairs; cells {c['changed']} changed, {c['unchanged']} unchanged, "
                 f"{c['added']} added, {c['removed']} removed"]
        head = [r for r in result.rows if r["table_key"] == EXPENDITURE and r["column_key"] == "本年支出合计"
                and (len(r["code"]) == 3 or r["row_label"] in ("合计", "总计"))]
        for r in head[:limit]:
            lines.append(
                f"  {r['department']} {r['old_year']}→{r['new_year']} {r['code'] or r['row_label']} {r['column_key']}: "
                f"{r['old_amount_yuan'] or '-'} → {r['new_amount_yuan'] or '-'} 元 "
                f"({r['growth_percent'] + '%' if r['growth_percent'] else 'n/a'})"
            )
        renames = sorted(
            {(r["department"], r["code"], r["old_name"], r["new_name"]) for r in result.rows if r["old_name"]}
        )
        lines += [f"  {dept} {code} renamed: {old} → {new}" for dept, code, old, new in renames[:limit]]
    else:
        lines = [f"documents: {c['old_docs']} in OLD, {c['new_docs']} in NEW; {c['by_doc_id']} matched by doc_id, "
                 f"{c['by_file']} by source file name",
                 f"cells: {c['changed']} changed, {c['added']} added, {c['removed']} removed "
                 f"(OLD {c['old_cells']}, NEW {c['new_cells']})"]
        for r in result.rows[:limit]:
            lines.append(f"  {r['status']:7} {r['doc_id']} {r['table_key']} {r['side']} {r['code'] or r['row_label']} "
                         f"{r['column_key']}: {r['old_amount_yuan'] or '-'} → {r['new_amount_yuan'] or '-'}")
        if len(result.rows) > limit:
            lines.append(f"  … {len(result.rows) - limit} more")
    return lines + [f"note: {n}" for n in result.notes]


def run(
    old: Path, new: Path, csv_path: Path | None = None, by_year: bool = False, only: list[str] | None = None
) -> int:
    """`juesuan diff`: summary on stdout, full list as CSV; 0 identical, 1 different (DiffInputError → usage)."""
    a = only_docs(load_cells(old), only or [])
    b = a if by_year and Path(old).resolve() == Path(new).resolve() else only_docs(load_cells(new), only or [])
    result = diff_years(a, b) if by_year else diff_runs(a, b)
    target = Path(csv_path) if csv_path else default_csv(Path(old), Path(new), by_year)
    write_diff_csv(target, result.rows, YEAR_COLUMNS if by_year else DIFF_COLUMNS)
    print("\n".join(summary(result, by_year)))
    print(f"{'identical' if result.identical else 'different'}; full list: {target}")
    return 0 if result.identical else 1
