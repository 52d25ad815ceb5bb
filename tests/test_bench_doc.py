"""docs/benchmarks.md is written by scripts/bench.py: each section with its date, machine and command, a run of
one section keeping the others, and nothing in the file that the writer did not put there."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone

from conftest import ROOT, load_script

bench_doc = load_script("bench_doc")
ORDER = list(load_script("bench").SECTIONS)  # the order scripts/bench.py writes its sections in
MACHINE = bench_doc.Machine(cpu="Test CPU 1.0GHz", cores=2, usable_cores=2, os="Linux-test", python="3.11.7",
                            memory_gb=24.0, load=(0.5, 0.25, 0.1))


def _write(path, name, markdown, argv, when):
    bench_doc.write_doc(path, [{"name": name, "markdown": markdown}], argv, ORDER, machine=MACHINE, when=when)


def test_a_run_of_one_section_replaces_it_and_keeps_the_others(tmp_path):
    doc = tmp_path / "benchmarks.md"
    _write(doc, "zoo", "| zoo | 1 |", ["--section", "zoo"], datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    _write(doc, "digital", "| digital | 1 |", ["--section", "digital"],
           datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc))
    _write(doc, "digital", "| digital | 2 |", ["--section", "digital", "--repeat", "1"],
           datetime(2026, 12, 3, 11, 30, tzinfo=timezone.utc))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith(bench_doc.TITLE)
    sections = bench_doc.read_sections(text)
    assert list(sections) == ["digital", "zoo"]  # the bench's order, whatever order they were run in
    assert "| digital | 2 |" in sections["digital"] and "| digital | 1 |" not in text
    assert "- date: 2026-12-03 11:30 UTC" in sections["digital"]
    assert "- command: `python -m scripts.bench --section digital --repeat 1`" in sections["digital"]
    assert "| zoo | 1 |" in sections["zoo"] and "- date: 2026-12-01 10:00 UTC" in sections["zoo"]
    assert "Test CPU 1.0GHz, 2 cores (2 usable), 24 GB; Linux-test; Python 3.11.7; load average 0.50" in text


def test_this_machine_names_cpu_cores_os_and_python():
    machine = bench_doc.this_machine()
    assert machine.cpu and machine.cores >= machine.usable_cores >= 1
    assert machine.python == sys.version.split()[0] and machine.os
    assert f"Python {machine.python}" in machine.describe()


def test_the_committed_benchmarks_doc_is_exactly_what_the_writer_makes():
    """Nothing hand-written: the file equals the writer's rendering of its own sections, and each section says
    when, where and by which command it was measured."""
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    sections = bench_doc.read_sections(text)
    assert sections, "docs/benchmarks.md holds no bench section"
    assert bench_doc.merge(text, {}, ORDER) == text
    for name, block in sections.items():
        assert "- date: " in block and "- machine: " in block and "- command: `python -m scripts.bench " in block, name


def test_bench_writes_its_section_into_the_doc(tmp_path):
    """scripts/bench.py --write-doc end to end, on one fixture, into a doc that already holds another section."""
    name = "minzheng_2023_lattice"
    for suffix in (".pdf", ".truth.csv"):
        shutil.copy(ROOT / "fixtures" / "generated" / (name + suffix), tmp_path / (name + suffix))
    doc = tmp_path / "benchmarks.md"
    _write(doc, "zoo", "| zoo | kept |", ["--section", "zoo"], datetime(2026, 12, 1, tzinfo=timezone.utc))
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--section", "digital", "--methods", "juesuan",
         "--fixtures", str(tmp_path), "--real", "none", "--repeat", "1", "--write-doc", str(doc)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    sections = bench_doc.read_sections(doc.read_text(encoding="utf-8"))
    assert list(sections) == ["digital", "zoo"] and "| zoo | kept |" in sections["zoo"]
    digital = sections["digital"]
    assert "| method | pages | seconds | CPU s | pages/s per core" in digital
    assert "| juesuan (extract_document, 1 process) |" in digital
    assert f"--fixtures {tmp_path}" in digital and "--write-doc" in digital
