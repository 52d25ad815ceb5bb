"""`juesuan extract` hands out its first document before it loads the extraction code or any heavy library.

Its workers are forked and import the pipeline themselves; the main process needs pyarrow only when the
first document comes back, xlsxwriter only for report.xlsx at the end. What it imported before then (~1 s of
a 25-page report's 2 s) was paid before any page was read. The test runs the real command in a fresh
interpreter and looks at sys.modules at the moment the first job is sent to a worker: behaviour, not timing.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["juesuan.pipeline", "pyarrow", "pandas", "pdfplumber", "pdfminer", "openpyxl", "xlsxwriter", "cv2",
         "onnxruntime", "numpy", "pypdfium2", "rapidocr_onnxruntime", "rapidocr"]

PROBE = """
import json, os, sys
import juesuan.batch, juesuan.cli, juesuan.output
prepare = juesuan.output.RunOutputs.prepare
def prepare_and_tell(outputs, doc):  # runs in the worker (forked after this patch)
    prepared = prepare(outputs, doc)
    with open("worker.json", "a") as fh:
        fh.write(json.dumps({"pid": os.getpid(), "modules": sorted(m for m in %r if m in sys.modules)}) + "\\n")
    return prepared
juesuan.output.RunOutputs.prepare = prepare_and_tell
loaded = {}
start = juesuan.batch._Slot.start
def first_job(slot, job):
    loaded.setdefault("modules", sorted(m for m in %r if m in sys.modules))
    return start(slot, job)
juesuan.batch._Slot.start = first_job
code = juesuan.cli.main(sys.argv[1:])
after = sorted(m for m in %r if m in sys.modules)
print(json.dumps({"code": code, "at_first_job": loaded.get("modules"), "at_end": after, "main": os.getpid()}))
""" % (HEAVY, HEAVY, HEAVY)


def _run(tmp_path: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, "extract", *args, "-o", str(tmp_path / "out"), "-q"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_first_document_is_handed_out_before_heavy_imports(tmp_path):
    pdf = ROOT / "fixtures" / "generated" / "caizheng_2023_shanghai.pdf"
    seen = _run(tmp_path, str(pdf), "--workers", "1")
    assert seen["code"] == 0
    assert seen["at_first_job"] == [], f"loaded by the main process before the first job: {seen['at_first_job']}"
    # the run itself did its work: the worker extracted the cells, the main process wrote every output
    cells = (tmp_path / "out" / "cells.csv").read_text(encoding="utf-8").splitlines()
    assert len(cells) > 100
    assert (tmp_path / "out" / "cells.parquet").stat().st_size > 0
    assert (tmp_path / "out" / "report.xlsx").stat().st_size > 0
    assert {"pyarrow", "xlsxwriter"} <= set(seen["at_end"])  # loaded where they are used: the outputs
    assert "juesuan.pipeline" not in seen["at_end"]  # the extraction code only ever ran in the worker
    # the cells are made Arrow in the worker, which refuses pandas: the main process only unpickles them, and
    # pyarrow's first pa.array of Python values there would load pandas (~0.3 s) for nothing
    assert "pandas" not in seen["at_end"]
    worker = [json.loads(line) for line in (tmp_path / "worker.json").read_text().splitlines()]
    assert len(worker) == 1 and worker[0]["pid"] != seen["main"]
    assert {"juesuan.pipeline", "pyarrow"} <= set(worker[0]["modules"]) and "pandas" not in worker[0]["modules"]


def test_a_run_whose_documents_all_fail_still_writes_its_parquet(tmp_path):
    """No document comes back with cells, so pyarrow is first needed when cells.parquet is written."""
    seen = _run(tmp_path, str(ROOT / "fixtures" / "edge" / "not_a_pdf.pdf"), "--no-xlsx")
    assert seen["code"] == 1
    assert seen["at_first_job"] == []
    assert (tmp_path / "out" / "cells.parquet").stat().st_size > 0
    import pyarrow.parquet as pq
    assert pq.read_table(tmp_path / "out" / "cells.parquet").num_rows == 0
