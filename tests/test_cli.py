"""The command line as a new user meets it: help, version, exit codes, the output folder, option bounds,
errors in one line, internal errors, the lock, Ctrl-C, kill -9, a closed pipe, progress by page."""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from juesuan.batch import Job, Limits, run_batch
from juesuan.cli import SUBCOMMANDS, main
from juesuan.csvfile import read_csv
from juesuan.outdir import OutputFolder
from juesuan.pipeline import Options, content_hash
from juesuan.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
EDGE = ROOT / "fixtures" / "edge"
GOOD = GENERATED / "minzheng_2023_lattice.pdf"  # 14 pages, extracted exactly


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, timeout=300, **kwargs
    )


def test_help_imports_no_heavy_library():
    """`juesuan --help` must not pay for pandas, pyarrow, OpenCV, OCR or the PDF parser."""
    code = (
        "import sys\nfrom juesuan.cli import main\n"
        "for argv in (['--help'], ['extract', '--help'], ['diff', '--help']):\n"
        "    assert main(argv) == 0\n"
        "print('loaded:', ' '.join(m for m in ('pandas', 'pyarrow', 'cv2', 'onnxruntime', 'rapidocr_onnxruntime', "
        "'numpy', 'pdfplumber', 'pypdfium2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "loaded:"  # none of them


def test_version_and_python_dash_m():
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("juesuan ")
    assert _run("--help").stdout.startswith("usage: juesuan")


def test_every_subcommand_help_has_a_description_an_example_and_exit_codes(capsys):
    names = [add.__name__.removeprefix("add_") for add in SUBCOMMANDS]
    assert {"extract", "facts", "dataset", "diff", "review"} <= set(names)
    for name in names:
        assert main([name, "--help"]) == 0
        text = capsys.readouterr().out
        assert "example:\n  juesuan " + name in text, name
        assert "exit codes:" in text and "  0  " in text and "  2  bad usage" in text and "  3  " in text, name


def test_bad_usage_is_one_line_and_exit_2(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = [
        (["extract", str(GOOD), "-o", str(afile)], "exists and is not a folder"),
        (["extract", str(GOOD), "-o", str(afile / "sub")], "cannot write here"),
        (["extract", str(GOOD), "-o", str(tmp_path / "o"), "--timeout", "0.5"], "--timeout 0.5 s is too short"),
        (["extract", str(GOOD), "-o", str(tmp_path / "o"), "--timeout", "0"], "--timeout 0 s is too short"),
        (["extract", str(GOOD), "-o", str(tmp_path / "o"), "--max-memory", "50"], "--max-memory 50 MB is too small"),
        (["extract", str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "o")], "missing.pdf: no such file or folder"),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err, err
    assert not (tmp_path / "o").exists()  # nothing was done


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_refused_before_any_work(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert main(["extract", str(GOOD), "-o", str(ro)]) == 2
    finally:
        ro.chmod(0o755)
    err = capsys.readouterr().err
    assert "cannot write here" in err and err.count("\n") == 1


def test_a_second_run_into_a_locked_folder_stops_at_once(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with OutputFolder(out):  # a first run holding the folder
        assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 2
        err = capsys.readouterr().err
        assert f"another juesuan run is writing here (pid {os.getpid()})" in err and err.count("\n") == 1
        assert not (out / "cells.csv").exists()
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0  # the lock goes with its holder


def test_an_internal_error_is_exit_3_in_one_line_with_the_traceback_in_the_log(tmp_path, monkeypatch, capsys):
    import juesuan.jobs

    def broken(path, *args, **kwargs):
        raise KeyError("a bug")
    monkeypatch.setattr(juesuan.jobs, "extract_document", broken)
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "some documents failed" not in err and "Traceback" not in err
    doc = read_csv(out / "documents.csv").iloc[0]
    assert doc.status == "failed" and "internal error (KeyError: 'a bug')" in doc.error
    assert "Traceback" in (out / "juesuan.log").read_text() and "KeyError: 'a bug'" in (out / "juesuan.log").read_text()
    assert not list((out / ".cache").glob("*.json"))  # never cached: fixed code retries it


def test_an_error_outside_the_documents_is_exit_3_too(tmp_path, monkeypatch, capsys):
    import juesuan.output

    def broken(*args, **kwargs):
        raise ValueError("writer bug")
    monkeypatch.setattr(juesuan.output, "write_csv", broken)
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error: ValueError: writer bug" in err[0] and str(out / "juesuan.log") in err[0]
    assert "Traceback" in (out / "juesuan.log").read_text()


def test_library_warnings_go_to_the_log_not_the_terminal(tmp_path):
    broken_font = tmp_path / "font.pdf"  # a font descriptor without FontBBox: pdfminer warns on every glyph run
    broken_font.write_bytes(GOOD.read_bytes().replace(b"/FontBBox", b"/FontBBoy"))
    result = _run(
        "extract", str(broken_font), "-o", str(tmp_path / "out"), "-q", "--reader", "pdfplumber"
    )  # pdfminer reads the fonts
    assert result.returncode == 0, result.stderr
    assert "FontBBox" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert "FontBBox" in (tmp_path / "out" / "juesuan.log").read_text()


def _slow_run(args: list[str], **popen) -> subprocess.Popen:
    """`juesuan extract` in a child process whose workers sleep on files named slow*.pdf (a test hook
    installed before the workers fork: the document is slow by construction, not by the machine)."""
    code = (
        "import sys, time\nimport juesuan.jobs as b\nreal = b.extract_document\n"
        "def slow(path, *a, **k):\n    if path.name.startswith('slow'):\n        time.sleep(600)\n"
        "    return real(path, *a, **k)\n"
        "b.extract_document = slow\nfrom juesuan.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    # SIGINT as a terminal leaves it, even when the tests run in the background
    # (where it is ignored, and the child would inherit that)
    return subprocess.Popen([sys.executable, "-c", code, "extract", *args], stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **popen)


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(test, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "the condition never came"
        time.sleep(0.05)


def _slow_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a_good.pdf")
    # smaller than a_good.pdf, so it is dispatched after it (largest first); the hook sleeps before reading it
    (folder / "slow.pdf").write_bytes(b"%PDF-1.4\n% slow\n")
    return folder


def test_ctrl_c_stops_at_once_exit_130_no_traceback_cache_kept(tmp_path, capsys):
    out = tmp_path / "out"
    proc = _slow_run([str(_slow_inputs(tmp_path)), "-o", str(out), "-q", "--workers", "1"], start_new_session=True)
    _wait_for(lambda: len(list((out / ".cache").glob("*.json"))) == 1)  # a_good done, slow.pdf in hand
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
    assert proc.wait(timeout=30) == 130
    err = proc.stderr.read()
    assert "Traceback" not in err and "interrupted" in err and len(err.splitlines()) == 1
    assert workers and not any(_alive(w) for w in workers)
    assert main(["extract", str(tmp_path / "in" / "a_good.pdf"), "-o", str(out), "-q"]) == 0  # the cache is intact
    assert "1 reused from an earlier run" in capsys.readouterr().err


def test_kill_9_of_the_main_process_leaves_no_worker(tmp_path):
    proc = _slow_run([str(_slow_inputs(tmp_path)), "-o", str(tmp_path / "out"), "-q", "--workers", "2"])
    _wait_for(lambda: len(_children(proc.pid)) == 2)
    workers = _children(proc.pid)
    proc.kill()
    proc.wait()
    _wait_for(lambda: not any(_alive(w) for w in workers), 30)


def test_diff_into_a_closed_pipe_is_quiet(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(GOOD), "-o", str(out), "-q"]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "cells.csv").write_text(",".join(pd.read_csv(out / "cells.csv", nrows=0).columns) + "\n")
    read, write = os.pipe()
    os.close(read)  # like `| head` that has stopped reading
    result = subprocess.run(
        [sys.executable, "-m", "juesuan", "diff", str(empty), str(out), "--csv", str(tmp_path / "d.csv")],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    os.close(write)
    assert result.stderr == "" and result.returncode == 141


def test_progress_appears_at_once_and_advances_by_page(tmp_path):
    stream = io.StringIO()
    bar = Progress(total=2, stream=stream, enabled=True)
    assert "0/2 files" in stream.getvalue()  # before any document finished
    events = []
    job = Job(str(GOOD), content_hash(GOOD))
    docs = list(run_batch([job], Options(), 1, Limits(), on_page=lambda e: (events.append(e), bar.page(e))))
    assert [e.done for e in events] == list(range(15)) and {e.total for e in events} == {14}
    assert docs[0].status == "ok"
    bar.update(docs[0])
    bar.close()
    assert "1/2 files 14 pages" in stream.getvalue()
