"""Batch behaviour: resume from the cache, --force, a corrupt file among good ones, progress, Ray."""
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

from juesuan.cli import main
from juesuan.model import Document
from juesuan.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
EDGE = ROOT / "fixtures" / "edge"


@pytest.fixture
def batch(tmp_path):
    """Twenty documents: the generated fixtures copied under new names, and one corrupt file."""
    folder = tmp_path / "in"
    folder.mkdir()
    pdfs = sorted(GENERATED.glob("*.pdf"))
    for i in range(19):
        shutil.copy(pdfs[i % len(pdfs)], folder / f"r{i:02d}_{pdfs[i % len(pdfs)].name}")
    shutil.copy(EDGE / "truncated.pdf", folder / "r99_corrupt.pdf")
    return folder


def test_corrupt_file_is_listed_and_all_others_extracted(batch, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(batch), "-o", str(out), "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert "19 of 20 documents extracted" in err
    assert "failed: " in err and "r99_corrupt.pdf: the PDF is corrupt or truncated" in err
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert len(docs) == 20 and (docs.status != "failed").sum() == 19


def test_rerun_reuses_results_and_force_redoes(batch, tmp_path, capsys):
    out = tmp_path / "out"
    main(["extract", str(batch), "-o", str(out), "-q"])
    first = pd.read_csv(out / "cells.csv", dtype=str)
    capsys.readouterr()
    main(["extract", str(batch), "-o", str(out), "-q"])
    assert "19 reused from an earlier run" in capsys.readouterr().err  # a failure is never cached: retried
    pd.testing.assert_frame_equal(first, pd.read_csv(out / "cells.csv", dtype=str))
    main(["extract", str(batch), "-o", str(out), "-q", "--force"])
    assert "reused" not in capsys.readouterr().err


def test_killed_run_resumes_without_redoing(batch, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "juesuan.cli", "extract", str(batch), "-o", str(out), "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE, text=True)
    cache = out / ".cache"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(cache.glob("*.json")))
    assert 3 <= done_before < 20, "the run was not interrupted midway"
    result = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    # Copies of the same fixture share a content hash, so "reused" counts every file whose content was done.
    assert "reused from an earlier run" in result.stderr
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert len(docs) == 20 and (docs.status != "failed").sum() == 19


def test_progress_bar_on_a_terminal_and_silence_elsewhere():
    stream = io.StringIO()
    bar = Progress(total=4, stream=stream, enabled=True)
    bar.update(Document("/x/a.pdf", "a", pages=10))
    bar.update(Document("/x/b.pdf", "b", pages=5, status="failed"))
    bar.close()
    text = stream.getvalue()
    assert "2/4 files" in text and "1 failed" in text and "pages/s" in text and "b.pdf" in text
    quiet = io.StringIO()
    Progress(total=1, stream=quiet).update(Document("/x/a.pdf", "a"))  # StringIO is not a terminal
    assert quiet.getvalue() == ""


def test_ray_runner_on_a_local_instance(tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "out"
    pdfs = sorted(GENERATED.glob("*.pdf"))[:3]
    code = main(
        [
            "extract",
            *map(str, pdfs),
            str(EDGE / "not_a_pdf.pdf"),
            "-o",
            str(out),
            "-q",
            "--runner",
            "ray",
            "--workers",
            "2",
        ]
    )
    assert code == 1
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs.status) == ["ok", "ok", "ok", "failed"]
    local = tmp_path / "local"
    main(["extract", *map(str, pdfs), "-o", str(local), "-q", "--workers", "1"])
    pd.testing.assert_frame_equal(pd.read_csv(out / "cells.csv", dtype=str).iloc[:, 1:],
                                  pd.read_csv(local / "cells.csv", dtype=str).iloc[:, 1:])


def test_ocr_threads_share_the_cores_among_workers():
    """Each worker's onnxruntime gets cores // workers threads: one worker uses every core,
    as many workers as cores one thread each, never more threads in all than cores (but one)."""
    from juesuan.batch import ocr_threads_per_worker

    cores = len(os.sched_getaffinity(0))
    assert ocr_threads_per_worker(1) == cores
    for workers in (1, 2, cores, cores + 3):
        threads = ocr_threads_per_worker(workers)
        assert threads >= 1 and (workers * threads <= cores or threads == 1)


def test_largest_files_are_dispatched_first_equal_sizes_in_input_order(tmp_path):
    from juesuan.batch import Job, _largest_last

    sizes = {"a": 10, "b": 300, "c": 10, "d": 50}
    jobs = []
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
        jobs.append(Job(str(tmp_path / name), name))
    jobs.append(Job(str(tmp_path / "missing"), "m"))  # unreadable: last, its worker reports it
    queue = _largest_last(jobs)
    dispatched = [queue.pop().digest for _ in range(len(jobs))]  # _drive pops from the end
    assert dispatched == ["b", "d", "a", "c", "m"]


def _pid_and_status(doc: Document) -> tuple[int, str, str]:
    return os.getpid(), Path(doc.source_file).name, doc.status


def _only_in_the_main_process(main_pid: int):
    def prepare(doc: Document) -> tuple[int, str, str]:
        if os.getpid() != main_pid:
            raise OSError(28, "No space left on device")
        return _pid_and_status(doc)
    return prepare


def test_prepare_runs_in_each_worker_and_in_the_main_process_where_that_fails(monkeypatch):
    """run_batch(prepare=…): each document's prepare runs in the worker that extracted it, so the main
    process only receives its result; a prepare failing there is run again by the main process, and
    so is one for a document that failed outside extraction (its worker died), instead of losing it."""
    import juesuan.jobs
    from juesuan.batch import Job, run_batch
    from juesuan.pipeline import Options, content_hash

    pdfs = sorted(GENERATED.glob("*.pdf"))[:4]
    jobs = [Job(str(p), content_hash(p)) for p in pdfs]
    here = os.getpid()
    got = list(run_batch(jobs, Options(), workers=2, prepare=_pid_and_status))
    assert sorted(name for _, name, _ in got) == sorted(p.name for p in pdfs)
    assert all(pid != here for pid, _, _ in got) and len({pid for pid, _, _ in got}) == 2
    again = list(run_batch(jobs, Options(), workers=2, prepare=_only_in_the_main_process(here)))
    assert sorted(name for _, name, _ in again) == sorted(p.name for p in pdfs) and {pid for pid, _, _ in again} == {
        here
    }
    monkeypatch.setattr(juesuan.jobs, "extract_document", lambda *args: os._exit(9))  # the forked workers die on it
    assert list(run_batch(jobs[:1], Options(), prepare=_pid_and_status)) == [(here, pdfs[0].name, "failed")]


def test_workers_never_import_pandas(tmp_path):
    """pyarrow would import pandas (~50 MB per worker) on a worker's first pa.array; the workers refuse
    it, and pyarrow still builds the arrays. Run in a fresh interpreter: this one has pandas already."""
    script = f"""
import sys
from juesuan.batch import Job, run_batch
from juesuan.records import cell_batch, cell_records
from juesuan.pipeline import Options, content_hash

def prepare(doc):
    rows = cell_batch(cell_records(doc)).num_rows
    return "pandas" in sys.modules, rows

pdf = {str(GENERATED / "inconsistent.pdf")!r}
print(list(run_batch([Job(pdf, content_hash(pdf))], Options(), prepare=prepare)), "pandas" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True).stdout
    result, main_has_pandas = out.rsplit(" ", 1)
    (worker_has_pandas, rows), = eval(result)
    assert worker_has_pandas is False and rows > 100 and main_has_pandas.strip() == "False"


@pytest.mark.parametrize("columns", [12, 20, 40, 60, 80, 100, 200])
def test_the_progress_line_never_exceeds_the_terminals_width(columns):
    """Wider than the terminal, every redraw would wrap into a new line; Chinese names take two columns a character."""
    from juesuan.batch import PageDone
    from juesuan.progress import display_width

    stream = io.StringIO()
    bar = Progress(total=1200, stream=stream, enabled=True, width=columns)
    bar.update(Document("/x/a.pdf", "a", pages=10))
    bar.update(Document("/x/b.pdf", "b", pages=5, status="failed"))
    bar.page(PageDone("/报告/2024年度某某县民政局部门决算公开（含三公经费）说明.pdf", 3, 117))
    bar.close()
    lines = [part.removesuffix("\x1b[K") for part in stream.getvalue().strip("\n").split("\r") if part]
    assert len(lines) >= 3  # the first draw, each document, the close (a page's draw may be throttled)
    assert all(display_width(line) <= columns - 1 for line in lines), [(display_width(line), line) for line in lines]
    last = lines[-1]
    assert "2/1200 files" in last or columns < 30
    if columns >= 60:
        assert "eta" in last and "2024" in last and "p.3/117" in last
    if columns >= 120:
        assert "pages/s" in last and "1 failed" in last
