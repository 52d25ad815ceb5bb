"""Honest summaries: run.json, --json and the terminal's last lines count statuses, documents with no
cell, findings by rule and severity; checks.csv's rule_id; review's --diff and error counts."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.model import DocumentSummary
from juesuan.summary import run_summary, summary_lines

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
EDGE = ROOT / "fixtures" / "edge"
INPUTS = [str(GENERATED / "inconsistent.pdf"), str(EDGE / "bad_row.pdf"), str(EDGE / "not_a_pdf.pdf")]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("summary") / "out"
    capture = pytest.MonkeyPatch()
    import io
    import sys

    stdout, stderr = io.StringIO(), io.StringIO()
    capture.setattr(sys, "stdout", stdout)
    capture.setattr(sys, "stderr", stderr)
    try:
        code = main(["extract", *INPUTS, "-o", str(out), "-q", "--json", "--no-xlsx"])
    finally:
        capture.undo()
    return out, code, stdout.getvalue(), stderr.getvalue()


def test_json_on_stdout_is_run_json_and_its_counts_are_the_outputs(run):
    out, code, stdout, _ = run
    assert code == 1  # a partial and a failed document
    printed = json.loads(stdout)
    assert printed == json.loads((out / "run.json").read_text(encoding="utf-8"))
    docs = read_csv(out / "documents.csv")
    assert printed["status"] == {"ok": 1, "partial": 1, "failed": 1, "duplicate": 0} == {
        s: int((docs.status == s).sum()) for s in ("ok", "partial", "failed", "duplicate")}
    assert printed["cells"] == len(read_csv(out / "cells.csv")) and printed["documents"] == 3
    checks = read_csv(out / "checks.csv")
    by_rule = {rule: dict(Counter(group.severity)) for rule, group in checks.groupby("rule_id")}
    assert {r: dict(c) for r, c in printed["findings"]["by_rule"].items()} == by_rule
    assert printed["findings"]["by_severity"] == dict(Counter(checks.severity))
    assert printed["options"]["workers"] >= 1 and printed["version"]


def test_the_terminal_says_cells_and_findings_by_severity_and_rule(run):
    out, _, _, stderr = run
    checks = read_csv(out / "checks.csv")
    errors = int((checks.severity == "error").sum())
    assert f"{len(read_csv(out / 'cells.csv'))} cells" in stderr
    assert f"findings: error {errors}" in stderr and "errors by rule: " in stderr


def test_checks_carry_a_stable_rule_id_beside_the_formula(run):
    out = run[0]
    checks = read_csv(out / "checks.csv")
    assert list(checks.columns[:6]) == ["doc", "table", "row", "column", "rule", "rule_id"]
    assert checks.rule_id.str.fullmatch(r"[a-z][a-z0-9_]*(?::[a-z0-9_]+)?").all()
    formulas = checks[checks.rule.str.contains("=")]
    assert len(formulas) >= 3 and set(formulas.rule_id) <= {"row_sum", "parent_sum", "subtotal_sum", "grand_total",
                                                            "totals_balance", "class_sum", "cross_table", "basic_split"}
    assert set(formulas[formulas.rule == "parent = sum of children"].rule_id) == {"parent_sum"}
    assert formulas.rule.nunique() > formulas.rule_id.nunique()  # GROUP BY rule_id gives categories


def test_documents_extracted_with_no_cell_are_named():
    docs = [DocumentSummary("a.pdf", "a-1", 3, "ok", "", "", 120, (("row_sum", "error", 2),)),
            DocumentSummary("empty.pdf", "e-1", 5, "ok", "", "", 0, ()),
            DocumentSummary("bad.pdf", "b-1", 0, "failed", "bad.pdf: not a PDF", "input", 0, ())]
    summary = run_summary(docs, 0, 1.0, {}, "dev")
    assert summary["without_cells"] == ["empty.pdf"] and summary["status"]["failed"] == 1
    lines = summary_lines(summary, Path("out"))
    assert lines[0].startswith("2 of 3 documents extracted (1 failed, 8 pages, 120 cells")
    assert lines[1] == "1 of them with 0 cells (no table read): empty.pdf"
    assert lines[2] == "findings: error 2; errors by rule: row_sum 2 (see checks.csv)"


def test_review_with_a_cells_file_as_diff_says_what_to_pass(run, capsys):
    out = run[0]
    assert main(["review", str(out), "--diff", str(out / "cells.csv")]) == 2
    err = capsys.readouterr().err
    assert "a cells file" in err and "juesuan diff OLD NEW --csv FILE" in err and "Traceback" not in err


def test_review_index_counts_error_findings_per_document(run):
    out = run[0]
    assert main(["review", str(out)]) == 0
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    checks = read_csv(out / "checks.csv")
    for doc_id, group in checks.groupby("doc"):
        errors = int((group.severity == "error").sum())
        row = re.search(rf">{re.escape(doc_id)}</a>.*?</tr>", index).group(0)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        assert int(cells[5]) == errors, (doc_id, cells)


def test_rounding_and_info_alone_add_no_line():
    findings = (("code_unseen", "info", 4), ("row_sum", "rounding", 1))
    docs = [DocumentSummary("a.pdf", "a-1", 3, "ok", "", "", 120, findings)]
    summary = run_summary(docs, 0, 1.0, {}, "dev")
    assert summary["findings"]["by_severity"] == {"rounding": 1, "info": 4}
    assert len(summary_lines(summary, Path("out"))) == 1
