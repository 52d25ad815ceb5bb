"""Progress as a user meets it without a terminal and with one: the ETA priced by page and method,
plain lines in the log (and on stderr with --progress plain), -v/--log-level, SIGTERM's exit code."""
from __future__ import annotations

import io
import logging
import os
import signal
from pathlib import Path

import pytest

from juesuan.batch import Job, Limits, PageDone, run_batch
from juesuan.cli import main
from juesuan.model import Document
from juesuan.pipeline import Options, content_hash
from juesuan.progress import Progress, duration

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"  # 14 text pages


def _read(bar: Progress, path: str, total: int, methods: list[tuple[str, float]], start: int = 0) -> None:
    for i, (method, seconds) in enumerate(methods, start + 1):
        bar.page(PageDone(path, i, total, method, seconds))


def test_the_eta_prices_pages_left_by_how_their_document_is_read():
    """An OCR document's pages left cost what its OCR pages cost, a text document's what its text pages cost:
    15 OCR pages left at 10 s and 5 text pages at 0.2 s is 151 s, where pages alone would say 102 s."""
    bar = Progress(total=2, enabled=False)
    _read(bar, "/a/scan.pdf", 20, [("ocr", 10.0)] * 5)
    _read(bar, "/a/text.pdf", 10, [("text", 0.2)] * 5)
    spent = 5 * 10.0 + 5 * 0.2
    assert bar.eta(bar.start + spent) == pytest.approx(15 * 10.0 + 5 * 0.2)
    # twice the wall time for the same worker-seconds (a busy machine): twice the ETA
    assert bar.eta(bar.start + 2 * spent) == pytest.approx(2 * (15 * 10.0 + 5 * 0.2))


def test_documents_not_started_are_priced_at_the_runs_mean_pages_and_ocr_share():
    bar = Progress(total=3, enabled=False)
    _read(bar, "/a/one.pdf", 10, [("ocr", 8.0)] * 4 + [("text", 0.5)] * 6)  # 40% OCR, read to its end
    bar.update(Document("/a/one.pdf", "one", pages=10))
    spent = 4 * 8.0 + 6 * 0.5
    # two documents left, ten pages each as far as the run knows, 40% of them OCR at 8 s, 60% text at 0.5 s
    assert bar.eta(bar.start + spent) == pytest.approx(2 * 10 * (0.4 * 8.0 + 0.6 * 0.5))
    fresh = Progress(total=3, enabled=False)
    assert fresh.eta(fresh.start + 5) is None  # nothing read yet: nothing to price by
    assert "eta ?" in fresh.line(fresh.start + 5)


def test_workers_report_how_each_page_was_read_and_in_how_long():
    events: list[PageDone] = []
    docs = list(run_batch([Job(str(GOOD), content_hash(GOOD))], Options(), 1, Limits(), on_page=events.append))
    assert docs[0].status == "ok"
    assert events[0].method == "" and [e.method for e in events[1:]] == ["text"] * 14
    assert all(e.seconds >= 0 for e in events) and sum(e.seconds for e in events) > 0


def test_plain_lines_at_the_start_and_the_end_to_the_log_and_the_plain_stream(caplog):
    plain = io.StringIO()
    with caplog.at_level(logging.INFO, logger="juesuan.progress"):
        bar = Progress(total=2, stream=io.StringIO(), enabled=False, plain=plain)
        _read(bar, "/a/one.pdf", 3, [("text", 0.1)] * 3)
        bar.update(Document("/a/one.pdf", "one", pages=3))
        bar.reuse(Document("/a/two.pdf", "two", pages=5))
        bar.close()
    lines = plain.getvalue().splitlines()
    assert lines[0].startswith("juesuan: progress 0/2 files (0 failed, 0 reused), 0 pages read (0 by OCR), elapsed ")
    assert lines[-1].startswith("juesuan: progress 2/2 files (0 failed, 1 reused), 3 pages read (0 by OCR), elapsed ")
    assert lines[-1].endswith(", done") and "\r" not in plain.getvalue()
    logged = [r.getMessage() for r in caplog.records if r.name == "juesuan.progress"]
    assert (
        "/a/one.pdf: ok, 3 pages" in logged and [f"juesuan: {m}" for m in logged if m.startswith("progress")] == lines
    )


def test_durations_read_as_a_person_says_them():
    assert [duration(s) for s in (4.4, 59.6, 200, 7500)] == ["4s", "1m00s", "3m20s", "2h05m"]


def test_without_a_terminal_progress_goes_to_the_log_and_with_progress_plain_to_stderr(tmp_path, capsys):
    """cron and CI: stderr is no terminal, so no bar; the log has the plain lines whatever is chosen."""
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "a")]) == 0
    assert "progress" not in capsys.readouterr().err  # the test's stderr is not a terminal
    log = (tmp_path / "a" / "juesuan.log").read_text(encoding="utf-8")
    assert "progress 0/1 files" in log and "progress 1/1 files (0 failed, 0 reused), 14 pages read (0 by OCR)" in log
    assert f"{GOOD}: ok, 14 pages" in log
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "b"), "--progress", "plain"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("juesuan: progress 0/1 files")
    assert any(line.startswith("juesuan: progress 1/1 files (0 failed, 0 reused), 14 pages read") for line in err)


def test_log_level_and_verbose_choose_what_the_log_keeps(tmp_path):
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "quiet"), "-q", "--log-level", "warning"]) == 0
    assert "progress" not in (tmp_path / "quiet" / "juesuan.log").read_text(encoding="utf-8")
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "v"), "-q", "-v"]) == 0
    log = (tmp_path / "v" / "juesuan.log").read_text(encoding="utf-8")
    assert f"DEBUG juesuan.batch: reading {GOOD}" in log and "progress 1/1 files" in log  # from the worker, and the run
    assert logging.getLogger("juesuan").level == logging.NOTSET  # left as it was found, for whoever imports juesuan


def test_sigterm_stops_the_run_as_ctrl_c_does_but_exits_143(tmp_path, capsys):
    from tests.test_cli import _alive, _children, _slow_inputs, _slow_run, _wait_for

    out = tmp_path / "out"
    proc = _slow_run([str(_slow_inputs(tmp_path)), "-o", str(out), "-q", "--workers", "1"])
    _wait_for(lambda: len(list((out / ".cache").glob("*.json"))) == 1)  # a_good done, slow.pdf in hand
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGTERM)  # the main process only, as `kill PID` does
    assert proc.wait(timeout=30) == 143
    err = proc.stderr.read()
    assert "Traceback" not in err and "stopped by SIGTERM" in err and len(err.splitlines()) == 1
    _wait_for(lambda: not any(_alive(w) for w in workers), 30)
    assert main(["extract", str(tmp_path / "in" / "a_good.pdf"), "-o", str(out), "-q"]) == 0  # the cache is intact
    assert "1 reused from an earlier run" in capsys.readouterr().err


def test_without_timed_pages_the_eta_goes_by_documents():
    """Ray's workers report no pages: the ETA falls back to documents extracted so far."""
    bar = Progress(total=4, enabled=False)
    bar.reuse(Document("/a/old.pdf", "old", pages=3))
    assert bar.eta(bar.start + 10) is None  # a reused document tells nothing of the time one takes
    bar.update(Document("/a/one.pdf", "one", pages=3))
    assert bar.eta(bar.start + 10) == pytest.approx(2 * 10.0)
