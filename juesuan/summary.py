"""What a run's data holds, said the same way in run.json, `--json` and the terminal's last lines:
documents per status, those extracted with no cell at all, findings by rule and severity."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from juesuan.errors import Severity, Status

STATUSES = tuple(Status)  # ok, partial, failed, duplicate
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.ROUNDING, Severity.INFO, Severity.OK)  # worst first


def run_summary(docs, reused: int, seconds: float, options: dict, version: str) -> dict:
    """The run's account (docs: DocumentSummary in input order)."""
    status = Counter(d.status for d in docs)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for rule, severity, n in d.findings:
            by_rule[rule][severity] += n
    by_severity = Counter()
    for counts in by_rule.values():
        by_severity.update(counts)
    return {
        "version": version, "options": options, "seconds": round(seconds, 1),
        "documents": len(docs),
        "status": {s: status.get(s, 0) for s in (*STATUSES, *sorted(set(status) - set(STATUSES)))},
        "reused": reused, "pages": sum(d.pages for d in docs if d.status != "duplicate"),
        "cells": sum(d.cells for d in docs),
        "without_cells": [d.source_file for d in docs if d.status in ("ok", "partial") and d.cells == 0],
        "findings": {"by_severity": _ordered(by_severity),
                     "by_rule": {rule: _ordered(by_rule[rule]) for rule in sorted(by_rule)}},
    }


def _ordered(counts: Counter) -> dict[str, int]:
    return {s: counts[s] for s in (*SEVERITIES, *sorted(set(counts) - set(SEVERITIES))) if counts.get(s)}


def summary_lines(summary: dict, outdir: Path, shown: int = 5) -> list[str]:
    """The terminal's closing lines (problems per document follow them)."""
    status, n = summary["status"], summary["documents"]
    detail = "".join(f"{status[s]} {s}, " for s in ("partial", "failed", "duplicate") if status.get(s))
    again = f", {summary['reused']} reused from an earlier run" if summary["reused"] else ""
    lines = [f"{n - status.get('failed', 0)} of {n} documents extracted ({detail}{summary['pages']} pages, "
             f"{summary['cells']} cells, {summary['seconds']:.1f} s{again}); output in {outdir}"]
    empty = summary["without_cells"]
    if empty:
        more = f" and {len(empty) - shown} more" if len(empty) > shown else ""
        lines.append(f"{len(empty)} of them with 0 cells (no table read): {', '.join(empty[:shown])}{more}")
    severity = summary["findings"]["by_severity"]
    if severity.get("error") or severity.get("warning"):  # rounding and info alone are no news: run.json has them
        counts = ", ".join(f"{k} {v}" for k, v in severity.items())
        rules = summary["findings"]["by_rule"].items()
        worst = sorted(((c.get("error", 0), r) for r, c in rules if c.get("error")), reverse=True)
        errors = f"; errors by rule: {', '.join(f'{r} {e}' for e, r in worst[:8])}" if worst else ""
        lines.append(f"findings: {counts}{errors} (see checks.csv)")
    return lines
