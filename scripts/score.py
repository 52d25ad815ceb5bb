#!/usr/bin/env python3
"""Score extracted cells against fixture ground truth.

    python -m scripts.score OUTDIR TRUTHDIR

Reads OUTDIR/cells.csv and every TRUTHDIR/*.truth.csv and prints precision, recall and F1 of
exact cells, overall and per fixture, with the first missing and extra cells. Always exits 0.

Match key: (fixture = stem of source_file, table_key, side, code, row_label if code is empty
else '', column_key). A predicted cell is right when Decimal(amount_yuan) equals the truth's.
Predictions for files that have no truth file, and cells whose table_key is not one of
the nine standard tables, are ignored. Several predictions for one key:
at most one can be right, the others count as extra.
"""
from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

KEY_FIELDS = ["table_key", "side", "code", "row_label", "column_key"]
# only the standard tables are scored (the nine of a final account, the budget tables of
# scripts/budget_fixtures.py); cells of other tables (机关运行经费, 政府采购…) are ignored
STANDARD_TABLES = {"income_expenditure_summary", "income", "expenditure", "fiscal_appropriation_summary",
                   "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund",
                   "state_capital", "three_public",
                   "budget_summary", "budget_income", "budget_expenditure", "budget_fiscal_summary",
                   "budget_fiscal_expenditure", "budget_fiscal_basic", "budget_general", "budget_general_basic",
                   "budget_general_project",
                   "budget_government_fund", "budget_state_capital", "budget_three_public", "budget_office_operation",
                   "budget_procurement", "budget_project", "budget_basic_expenditure"}
SHOW = 20


def _dec(s) -> Decimal | None:
    try:
        return Decimal(str(s).strip())
    except (InvalidOperation, ValueError):
        return None


def _s(v) -> str:
    if v is None:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    s = str(v).strip()
    if s.endswith(".0") and s[:-2].isdigit():  # a code read as float
        s = s[:-2]
    return s


def _key(fixture: str, r) -> tuple:
    code = _s(r.get("code"))
    return (fixture, _s(r.get("table_key")), _s(r.get("side")), code,
            "" if code else _s(r.get("row_label")), _s(r.get("column_key")))


def fixture_name(source_file: str) -> str:
    name = Path(_s(source_file).replace("\\", "/")).name
    for suf in (".truth.csv", ".pdf", ".PDF"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return Path(name).stem


def load_truth(truth_dir) -> dict[str, dict[tuple, Decimal]]:
    out: dict[str, dict[tuple, Decimal]] = {}
    for p in sorted(Path(truth_dir).glob("*.truth.csv")):
        fx = p.name[: -len(".truth.csv")]
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        d: dict[tuple, Decimal] = {}
        for r in df.to_dict("records"):
            d[_key(fx, r)] = _dec(r["amount_yuan"])
        out[fx] = d
    return out


def _prf(tp: int, n_pred: int, n_truth: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if n_truth == 0 else 0.0)
    r = tp / n_truth if n_truth else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return dict(tp=tp, n_pred=n_pred, n_truth=n_truth, precision=p, recall=r, f1=f)


def score(cells_df: pd.DataFrame, truth_dir) -> dict:
    """Compare a cells DataFrame (cells.csv contract) with TRUTHDIR/*.truth.csv.

    Returns {"overall": {tp, n_pred, n_truth, precision, recall, f1},
             "fixtures": {name: {..same.., "missing": [(key, amount)], "extra": [(key, amount)],
                                 "wrong": [(key, predicted, truth)]}}}
    """
    truth = load_truth(truth_dir)
    preds: dict[str, dict[tuple, list]] = {fx: {} for fx in truth}
    if cells_df is not None and len(cells_df):
        for r in cells_df.to_dict("records"):
            fx = fixture_name(r.get("source_file", ""))
            if fx not in truth or _s(r.get("table_key")) not in STANDARD_TABLES:
                continue
            preds[fx].setdefault(_key(fx, r), []).append(_s(r.get("amount_yuan")))
    result: dict = {"fixtures": {}}
    TP = NP = NT = 0
    for fx, t in truth.items():
        p = preds[fx]
        tp = 0
        missing, extra, wrong = [], [], []
        for k, amount in t.items():
            got = p.get(k, [])
            vals = [_dec(v) for v in got]
            if amount is not None and amount in vals:
                tp += 1
                i = vals.index(amount)
                extra += [(k, got[j]) for j in range(len(got)) if j != i]
            else:
                missing.append((k, str(amount)))
                if got:
                    wrong.append((k, got[0], str(amount)))
                extra += [(k, v) for v in got]
        for k, got in p.items():
            if k not in t:
                extra += [(k, v) for v in got]
        n_pred = sum(len(v) for v in p.values())
        res = _prf(tp, n_pred, len(t))
        res.update(missing=missing, extra=extra, wrong=wrong)
        result["fixtures"][fx] = res
        TP += tp
        NP += n_pred
        NT += len(t)
    result["overall"] = _prf(TP, NP, NT)
    return result


def _fmt_key(k: tuple) -> str:
    fx, tk, side, code, label, col = k
    return f"{tk}|{side}|{code or label}|{col}"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: score.py OUTDIR TRUTHDIR")
        return 0
    outdir, truth_dir = Path(argv[0]), Path(argv[1])
    cells_path = outdir / "cells.csv"
    if cells_path.exists():
        try:
            df = pd.read_csv(cells_path, dtype=str, keep_default_na=False)
        except Exception as e:  # noqa: BLE001 — always report, never fail
            print(f"cannot read {cells_path}: {e}")
            df = pd.DataFrame()
    else:
        print(f"no {cells_path}; scoring an empty prediction")
        df = pd.DataFrame()
    res = score(df, truth_dir)
    for fx, r in res["fixtures"].items():
        print(f"\n== {fx}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
              f"(tp={r['tp']} pred={r['n_pred']} truth={r['n_truth']})")
        if r["wrong"]:
            print(f"  wrong values ({len(r['wrong'])}):")
            for k, got, want in r["wrong"][:SHOW]:
                print(f"    {_fmt_key(k)}  got {got}  want {want}")
        if r["missing"]:
            print(f"  missing ({len(r['missing'])}):")
            for k, a in r["missing"][:SHOW]:
                print(f"    {_fmt_key(k)} = {a}")
        if r["extra"]:
            print(f"  extra ({len(r['extra'])}):")
            for k, a in r["extra"][:SHOW]:
                print(f"    {_fmt_key(k)} = {a}")
    o = res["overall"]
    print(f"\nOVERALL: P={o['precision']:.4f} R={o['recall']:.4f} F1={o['f1']:.4f} "
          f"(tp={o['tp']} pred={o['n_pred']} truth={o['n_truth']})")
    return 0


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as e:  # noqa: BLE001
        print(f"score.py error: {e}")
    sys.exit(0)
