"""juesuan/errors.py: every input error is a UsageError (exit 2, said in one line by cli.main, with no
re-raising by hand), and the Status and Severity enums read, print and store as the bare strings the outputs
have always held."""
from __future__ import annotations

import csv
import io
import json
import pickle

from juesuan.catalogue import CatalogueInputError
from juesuan.cli import main
from juesuan.diff import DiffInputError
from juesuan.docjson import document_from_data, to_data
from juesuan.errors import ExitCode, Failure, Severity, Status, UsageError
from juesuan.execution import ExecutionInputError
from juesuan.model import Document, Finding
from juesuan.normalize.codes import CatalogueError
from juesuan.summary import SEVERITIES, STATUSES


def test_input_errors_are_usage_errors():
    for cls in (DiffInputError, CatalogueInputError, CatalogueError, ExecutionInputError):
        assert issubclass(cls, UsageError) and cls.exit_code == ExitCode.usage, cls


def test_each_commands_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "missing"
    not_cells = tmp_path / "x.csv"
    not_cells.write_text("a,b\n1,2\n", encoding="utf-8")
    cases = [
        (["diff", str(missing), str(missing)], f"{missing}: no such file or folder"),  # DiffInputError
        (["catalogue", str(not_cells), "-o", str(tmp_path / "n.csv")], f"{not_cells}: not a cells file"),
        (["extract", str(tmp_path), "-o", str(tmp_path / "o"), "--catalogue", str(not_cells)],
         f"{not_cells}: not a catalogue written by `juesuan catalogue`"),  # CatalogueError, before any work
        (["execution", str(missing), "-o", str(tmp_path / "e.csv")], f"{missing}"),  # ExecutionInputError
    ]
    for argv, message in cases:
        assert main(argv) == ExitCode.usage, argv
        err = capsys.readouterr().err
        assert err.startswith("juesuan: error: ") and message in err and err.count("\n") == 1, err


def test_status_and_severity_are_their_strings_everywhere_they_go():
    assert [s.value for s in Status] == ["ok", "partial", "failed", "duplicate"] == list(STATUSES)
    assert {s.value for s in Severity} == set(SEVERITIES) == {"ok", "rounding", "error", "warning", "info"}
    assert [f.value for f in Failure] == ["input", "timeout", "memory", "worker", "internal"]
    assert Status.PARTIAL == "partial" and "partial" == Status.PARTIAL and {"partial": 1}[Status.PARTIAL] == 1
    assert f"{Status.FAILED}: x" == "failed: x" and str(Severity.ERROR) == "error" and f"{Severity.INFO:>6}" == "  info"
    out = io.StringIO()
    csv.writer(out).writerow([Status.OK, Severity.ROUNDING])
    assert out.getvalue() == "ok,rounding\r\n"
    assert json.dumps({Severity.WARNING: [Status.DUPLICATE]}) == '{"warning": ["duplicate"]}'
    assert pickle.loads(pickle.dumps(Severity.ERROR)) is Severity.ERROR  # as a worker sends a Document back


def test_a_cached_document_keeps_its_status_and_severities():
    doc = Document("a.pdf", "a", status=Status.PARTIAL,
                   findings=[Finding.new("a", "row_sum", Severity.ROUNDING, "m", page=2)])
    back = document_from_data(json.loads(json.dumps(to_data(doc))))
    assert back.status == Status.PARTIAL and back.findings[0].severity == Severity.ROUNDING
    assert back == doc
