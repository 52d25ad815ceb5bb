"""scripts/bench.py runs end to end on two fixtures and prints sane figures (camelot not needed)."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys

from conftest import ROOT

FIXTURES = ["minzheng_2023_lattice", "weijian_2023_borderless_yuan"]  # one ruled, one borderless


def test_bench_digital_smoke(tmp_path):
    for name in FIXTURES:
        for suffix in (".pdf", ".truth.csv"):
            shutil.copy(ROOT / "fixtures" / "generated" / (name + suffix), tmp_path / (name + suffix))
    methods = ["juesuan", "juesuan-cli", "pdfplumber", "pdfium-chars", "camelot"]
    camelot = importlib.util.find_spec("camelot") is not None  # only with the `bench` extra; CI installs `.[dev]`
    out_json = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--section", "digital", "--methods", ",".join(methods),
         "--fixtures", str(tmp_path), "--real", "none", "--repeat", "1", "--json", str(out_json)],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| method | pages | seconds | CPU s | pages/s")
    labels = {"juesuan-cli": "juesuan extract", "juesuan": "juesuan (extract_document"}
    rows = {m: next(line for line in table if line.startswith(f"| {labels.get(m, m)}")) for m in methods}
    if not camelot:  # skipped, said so in its row, and the run goes on
        assert rows.pop("camelot").rstrip().endswith("| skipped: camelot is not installed |")
    for method, line in rows.items():
        cells = [c.strip() for c in line.strip("|").split("|")]
        pages, seconds, cpu_s, pps, _imp, peak_mb = (float(c) for c in cells[1:7])
        assert pages > 0 and seconds > 0 and cpu_s > 0 and pps > 0 and peak_mb > 0, line
        assert re.fullmatch(r"\d+\.\d×", cells[7]), line  # × pdfplumber
        whole_cpu, whole_pps = float(cells[9]), float(cells[10])
        assert whole_cpu > (0 if method == "juesuan-cli" else cpu_s) and whole_pps > 0, line  # start and imports too
        assert re.fullmatch(r"\d+\.\d×", cells[11]), line  # ÷ floor
        if method != "pdfium-chars":  # the floor reads characters only: no values to score
            value_p, value_r = float(cells[12]), float(cells[13])
            assert 0 <= value_p <= 1 and 0 <= value_r <= 1, line
    assert [c.strip() for c in rows["pdfium-chars"].strip("|").split("|")][11] == "1.0×"
    for method in ("juesuan", "juesuan-cli"):
        assert re.fullmatch(r"0\.\d{3}|1\.000", [c.strip() for c in rows[method].strip("|").split("|")][14])
    assert "n/a" in rows["pdfplumber"]
    data = json.loads(out_json.read_text(encoding="utf-8"))
    digital = data["sections"][0]
    assert digital["name"] == "digital"
    by_method = {r["method"]: r for r in digital["rows"]}
    assert by_method["juesuan"]["value"]["recall"] > 0.5  # sanity: the pipeline reads these two fixtures
    assert by_method["juesuan-cli"]["value"] == by_method["juesuan"]["value"]  # the command reads them alike
    assert set(by_method["juesuan"]["value"]["fixtures"]) == set(FIXTURES)


def test_bench_zoo_smoke(tmp_path):
    """The zoo section generates, extracts and scores end to end (figures sane, not asserted good)."""
    out_json = tmp_path / "zoo.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--section", "zoo", "--zoo-n", "2", "--zoo-seed", "107",
         "--json", str(out_json)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| keyed F1 | P | R |" in proc.stdout and "| trait | value | docs |" in proc.stdout
    zoo = json.loads(out_json.read_text(encoding="utf-8"))["sections"][0]
    assert zoo["name"] == "zoo" and zoo["seed"] == 107 and len(zoo["docs"]) == 2
    o = zoo["overall"]
    assert o["n_truth"] > 300 and 0 <= o["f1"] <= 1
    assert {r["trait"] for r in zoo["per_trait"]} >= {"rules", "codes", "lanci", "orientation", "font_producer"}
    assert all(0 <= r["f1"] <= 1 and r["silent"] <= r["errors"] for r in zoo["per_trait"])
    assert zoo["suggested"] == {"right": 0, "wrong": 0}  # text-layer cells are never second-guessed
    assert "| suggested readings (right/wrong) |" in proc.stdout
    assert sum(e["kind"] == "missing" for e in zoo["errors"]) + o["tp"] + \
        sum(e["kind"] == "wrong" for e in zoo["errors"]) == o["n_truth"]


def test_bench_batch_smoke(tmp_path):
    """The batch section runs every kind of run in rotating rounds and reports ratios within rounds."""
    out_json = tmp_path / "batch.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--section", "batch", "--batch-docs", "2", "--batch-scans", "0",
         "--repeat", "2", "--json", str(out_json)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    batch = json.loads(out_json.read_text(encoding="utf-8"))["sections"][0]
    runs = {r["run"]: r for r in batch["rows"]}
    assert {"1 worker on 1 core", "1 worker", "2 workers"} <= set(runs)
    for r in runs.values():
        assert r["docs"] == 2 and r["pages"] > 0 and len(r["runs"]) == 2 and all(t > 0 for t in r["runs"])
        assert r["seconds"] == sorted(r["runs"])[0] / 2 + sorted(r["runs"])[1] / 2  # the median of two
    one, two = runs["1 worker"], runs["2 workers"]
    assert two["x_1 worker"] == [a / b for a, b in zip(one["runs"], two["runs"])]  # within each round
    firsts = [line.split(": ", 1)[1].rsplit(" ", 2)[0] for line in proc.stderr.splitlines() if " round " in line][
        :: len(runs)
    ]
    assert firsts[0] != firsts[1]  # the order rotates from one round to the next
    assert re.search(r"\| 2 workers \| \d+ \| [\d.]+ \| [\d.]+ \| \d\.\d\d× \(\d\.\d\d–\d\.\d\d\) \|", proc.stdout)
    if len(runs) == 4:  # two cores or more: the machine's own ceiling
        assert re.search(r"\| two 1-worker runs at once, one per core \| .*ceiling \d\.\d\d×", proc.stdout)
