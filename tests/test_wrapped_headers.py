"""Header text wrapped inside one ruled cell is one phrase: "本年收入合" over "计" is 本年收入合计.

A generated 收入决算表 (scripts/make_wrapped.py) prints eight narrow amount columns whose headers wrap
over two or three lines inside one ruled cell. Read from its text layer and from a 200-dpi scan of it
(where the rule under 项目 is read running on into the 本年收入合计 cell, cutting its lines apart),
every truth cell is read under its standard column. The same table as a three-line table (no rules but
above and below its header) is read alike.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import load_script
from juesuan.extract.interpret import _header_path
from juesuan.model import Grid, GridCell


def _grid(cells: list[GridCell]) -> Grid:
    return Grid(1, 3, 5, cells, [0, 50, 200, 250, 300, 350], "lattice")


def test_stacked_cells_over_the_same_column_are_one_label():
    grid = _grid([GridCell("项目", 0, 0, 1, 2), GridCell("本年收入合", 0, 2), GridCell("计", 1, 2),
                  GridCell("科目编码", 1, 0), GridCell("科目名称", 1, 1), GridCell("1.00", 2, 2)])
    assert _header_path(grid, [0, 1], 2) == ["本年收入合计"]


def test_a_level_comes_from_a_cell_spanning_others():
    grid = _grid([GridCell("本年支出", 0, 2, 1, 3), GridCell("小计", 1, 2), GridCell("基本支出", 1, 3),
                  GridCell("项目支出", 1, 4), GridCell("1.00", 2, 2)])
    assert _header_path(grid, [0, 1], 3) == ["本年支出", "基本支出"]
    # a borderless header has no cells to tell a wrapped line from a level: left as it is
    stream = Grid(1, 3, 5, grid.cells, grid.col_edges, "stream")
    assert _header_path(stream, [0, 1], 3) == ["本年支出", "基本支出"]


@pytest.fixture(scope="module", params=["ruled", "three-line"])
def wrapped(tmp_path_factory, request):
    """The table ruled, or as a three-line table (no rules in its header: the stream reader's wrapped-line
    joining, a guard here)."""
    out = tmp_path_factory.mktemp("wrapped")
    pdf = out / "wrapped_income.pdf"
    make_wrapped = load_script("make_wrapped")
    truth = make_wrapped.make_wrapped(pdf, ruled=request.param == "ruled")
    make_wrapped.write_truth(truth, out / "wrapped_income.truth.csv")
    return out, pdf


def _read(pdf: Path, out: Path) -> dict:
    from juesuan.pipeline import Options, extract_document
    from juesuan.records import cell_records

    doc = extract_document(pdf, Options())
    assert doc.status == "ok", doc.error
    return load_script("score").score(pd.DataFrame(cell_records(doc)), out)["fixtures"][pdf.stem]


def test_the_text_layer_reads_every_cell(wrapped):
    out, pdf = wrapped
    res = _read(pdf, out)
    assert res["missing"] == [] and res["extra"] == [], (res["missing"][:5], res["extra"][:5])


def test_a_scan_reads_every_cell_under_its_column(wrapped):
    pytest.importorskip("rapidocr_onnxruntime")
    out, pdf = wrapped
    scan = out / "wrapped_income.scan200.pdf"
    load_script("make_scans").make_scan(pdf, scan, dpis=(200,))
    scan.with_suffix(".truth.csv").write_bytes((out / "wrapped_income.truth.csv").read_bytes())
    res = _read(scan, out)
    assert res["missing"] == [] and res["extra"] == [], (res["missing"][:5], res["extra"][:5])
