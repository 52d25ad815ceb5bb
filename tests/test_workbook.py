"""OUTDIR/report.xlsx: it opens in openpyxl, its values are cells.csv's, tables look as printed with
flagged cells coloured and commented; --csv-bom; tables/*.csv carry their unit."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.output import write_outputs
from juesuan.records import CELL_COLUMNS

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
INPUTS = [str(GENERATED / "inconsistent.pdf"), str(GENERATED / "caizheng_2024_yuan_thousands.pdf")]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wb") / "out"
    assert main(["extract", *INPUTS, "-o", str(out), "-q"]) == 0
    return out


def _as_csv(value) -> str:
    """A workbook value as cells.csv writes it (numbers exact: openpyxl reads them back as float/int)."""
    if value is None:
        return ""
    return str(value)


def test_the_cells_sheet_equals_cells_csv(run):
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=True)
    rows = list(book["cells"].iter_rows(values_only=True))
    assert list(rows[0]) == CELL_COLUMNS
    with open(run / "cells.csv", encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    assert len(rows) - 1 == len(expected) > 400
    numeric = {"year", "page", "amount_yuan", "amount", "conf", "x0", "top", "x1", "bottom", "suggested_amount_yuan"}
    for got, want in zip(rows[1:], expected):
        for column, value in zip(CELL_COLUMNS, got):
            if column in numeric and want[column]:
                assert isinstance(value, (int, float)), (column, value)
                assert Decimal(str(value)) == Decimal(want[column]), (column, value, want[column])
            else:
                assert _as_csv(value) == want[column], (column, value, want[column])
    codes = [r[CELL_COLUMNS.index("code")] for r in rows[1:] if r[CELL_COLUMNS.index("code")]]
    assert codes and all(isinstance(c, str) for c in codes)  # codes as text: 208, never 208.0


def test_each_table_sheet_is_the_table_as_printed_with_its_head_and_numbers(run):
    book = openpyxl.load_workbook(run / "report.xlsx")
    cells = read_csv(run / "cells.csv")
    docs = read_csv(run / "documents.csv")
    doc = docs[docs.doc_id.str.startswith("inconsistent")].iloc[0]
    sheet = next(s for s in book.sheetnames if s.startswith("1.03"))
    ws = book[sheet]
    head = {ws.cell(r, 1).value: [c.value for c in ws[r][1:] if c.value is not None] for r in range(2, 7)}
    assert ws["A1"].value == "2024年度支出决算表"
    assert head["表号"][0] == "公开03表" and head["部门"] == [doc.department] and head["年度"][0] == 2024
    assert head["单位"] == ["万元"]
    header = [c.value for c in ws[8]]
    assert header[:4] == ["页", "收/支", "编码", "项目"]
    mine = cells[(cells.doc_id == doc.doc_id) & (cells.table_key == "expenditure")]
    seen = 0
    for row in ws.iter_rows(min_row=9):
        page, side, code, label = (c.value for c in row[:4])
        assert code is None or isinstance(code, str)
        for column, cell in zip(header[4:], row[4:]):
            if isinstance(cell.value, (int, float)):
                match = mine[(mine.page == str(page)) & (mine.code == (code or "")) & (mine.row_label == label)
                             & (mine.column_key == column)]
                assert len(match) == 1 and Decimal(str(cell.value)) == Decimal(match.amount.iloc[0])
                assert cell.number_format == "0.00"  # the table prints two decimals, no separators
                seen += 1
    assert seen == len(mine)


def test_cells_a_finding_names_are_coloured_with_the_finding_as_comment(run):
    book = openpyxl.load_workbook(run / "report.xlsx")
    ws = book[next(s for s in book.sheetnames if s.startswith("1.03"))]
    header = [c.value for c in ws[8]]
    flagged = {(r[3].value, header[c.column - 1]): c for r in ws.iter_rows(min_row=9) for c in r
               if c.fill is not None and c.fill.fill_type == "solid"}
    checks = read_csv(run / "checks.csv")
    errors = checks[checks.doc.str.startswith("inconsistent") & (checks.table == "expenditure")
                    & (checks.severity == "error")]
    assert {(r.row, r.column) for r in errors.itertuples()} == set(flagged)
    for (row, column), cell in flagged.items():
        assert cell.fill.fgColor.rgb.endswith("F4A6A6") and cell.comment.text.startswith("error: ")
        assert all(m in cell.comment.text for m in errors[(errors.row == row) & (errors.column == column)].message)


def test_checks_and_facts_sheets_hold_their_csvs_with_amounts_as_numbers(run):
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=True)
    for name in ("checks", "facts", "documents"):
        rows = list(book[name].iter_rows(values_only=True))
        frame = read_csv(run / f"{name}.csv")
        assert list(rows[0]) == list(frame.columns) and len(rows) - 1 == len(frame)
    checks = list(book["checks"].iter_rows(values_only=True))
    expected = checks[0].index("expected")
    assert any(isinstance(r[expected], (int, float)) for r in checks[1:])


def test_formula_like_text_from_a_pdf_stays_text_in_the_workbook(tmp_path):
    from test_outputs import _doc_with_formulas

    write_outputs(tmp_path, [_doc_with_formulas()])
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    labels = [r[CELL_COLUMNS.index("row_label")] for r in book["cells"].iter_rows(min_row=2, values_only=True)]
    assert labels == ["=HYPERLINK(\"http://x\")", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in book["cells"]["H"][1:])


def test_csv_bom_marks_every_csv_and_they_still_read_the_same(tmp_path, run):
    out = tmp_path / "bom"
    assert main(["extract", *INPUTS, "-o", str(out), "-q", "--csv-bom"]) == 0
    csvs = [p for p in out.rglob("*.csv")]
    assert len(csvs) > 10 and all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in csvs)
    assert not (run / "cells.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the default: plain UTF-8
    assert read_csv(out / "cells.csv").equals(read_csv(run / "cells.csv").assign(source_file=lambda f: f.source_file))
    assert main(["review", str(out)]) == 0  # juesuan's own readers take the BOM
    assert main(["diff", str(run), str(out), "--csv", str(tmp_path / "d.csv")]) == 0


def test_wide_tables_carry_their_unit(run):
    docs = read_csv(run / "documents.csv")
    for doc in docs.itertuples():
        units = read_csv(run / "cells.csv").query("doc_id == @doc.doc_id").groupby("table_key").unit.first()
        for table, unit in units.items():
            wide = read_csv(run / "tables" / doc.doc_id / f"{table}.csv")
            assert list(wide.columns[:5]) == ["page", "side", "code", "row_label", "unit"]
            assert set(wide.unit) == {unit}
    # inconsistent prints in 万元, caizheng_2024_yuan_thousands in 元 with thousands separators
    assert [set(read_csv(run / "tables" / d / "income.csv").unit) for d in docs.doc_id] == [{"万元"}, {"元"}]


def test_a_table_printing_thousands_separators_keeps_them_in_its_number_format(run):
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=True)
    ws = book[next(s for s in book.sheetnames if s.startswith("2.02"))]
    formats = {c.number_format for r in ws.iter_rows(min_row=9) for c in r[4:] if isinstance(c.value, (int, float))}
    assert formats == {"#,##0.00"}


def test_a_budgets_sheets_carry_no_final_account_number(tmp_path):
    """Budgets number their tables by region: the template's 公开NN would mislabel them."""
    budget = sorted((ROOT / "fixtures" / "budget").glob("*.pdf"))[0]
    assert main(["extract", str(budget), "-o", str(tmp_path), "-q"]) in (0, 1)
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    tables = [s for s in book.sheetnames if s not in ("documents", "cells", "checks", "facts")]
    assert tables and not any(re.match(r"\d\d ", s) for s in tables)
    assert all(book[s]["B2"].value in (None, "") for s in tables)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_each_table_as_printed(run, tmp_path):
    """A spreadsheet program opens the workbook and, with the table's number format, shows each amount
    exactly as the PDF printed it (tables/*.csv keeps the printed text): 1,234.50 stays 1,234.50."""
    options = "44,34,76,1,,0,false,true,true,false,false,-1"  # UTF-8, values as shown, every sheet
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", str(run / "report.xlsx"),
                    "--outdir", str(tmp_path / "shown")], check=True, capture_output=True, timeout=300)
    docs = read_csv(run / "documents.csv").doc_id.tolist()
    compared = 0
    for sheet in sorted((tmp_path / "shown").glob("report-*.*.csv")):
        doc = docs[int(sheet.stem.removeprefix("report-").split(".", 1)[0]) - 1]
        with open(sheet, encoding="utf-8", newline="") as fh:
            shown = list(csv.reader(fh))
        key = shown[1][3]  # the head's 表 line names the table
        printed = read_csv(run / "tables" / doc / f"{key}.csv")
        columns = [c for c in printed.columns if c not in ("page", "side", "code", "row_label", "unit")]
        assert shown[7][4:4 + len(columns)] == columns and len(shown) - 8 == len(printed)
        for got, want in zip(shown[8:], printed.to_dict("records")):
            assert got[2:4] == [want["code"], want["row_label"]]
            assert got[4:4 + len(columns)] == [want[c] for c in columns], (sheet.name, got, want)
        compared += 1
    assert compared == sum(len(list((run / "tables" / d).glob("*.csv"))) for d in docs) > 10


def test_a_large_run_is_cut_in_the_workbook_and_says_so(tmp_path, monkeypatch, capsys):
    """openpyxl writes ~20k cells a second: past SHEET_ROWS rows the workbook says where the rest are."""
    from juesuan import workbook

    monkeypatch.setattr(workbook, "SHEET_ROWS", 100)
    monkeypatch.setattr(workbook, "TABLE_DOCUMENTS", 1)
    assert main(["extract", *INPUTS, "-o", str(tmp_path), "-q"]) == 0
    cells = len(read_csv(tmp_path / "cells.csv"))
    err = capsys.readouterr().err
    assert ("report.xlsx holds table sheets for the first 1 of 2 documents, "
            f"the first 100 of {cells} rows of cells.csv") in err
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    rows = list(book["cells"].iter_rows(values_only=True))
    assert len(rows) == 102 and rows[-1][0] == f"… {cells - 100} more rows: see cells.csv"
    assert not any(s.startswith("2.") for s in book.sheetnames)
    assert json.loads((tmp_path / "run.json").read_text())["workbook_left_out"].startswith("report.xlsx holds")


def _look(path: Path) -> list:
    """Every sheet's name and frozen panes, and each cell written: value, number format, bold, fill, comment."""
    book = openpyxl.load_workbook(path)
    out = []
    for ws in book.worksheets:
        out.append((ws.title, ws.freeze_panes))
        out += [(c.coordinate, c.value, c.number_format, c.font.b, c.fill.fgColor.rgb if c.fill.fill_type else None,
                 c.comment.text if c.comment else None) for row in ws.iter_rows() for c in row
                if c.value is not None or c.has_style]
    return out


def test_a_large_run_streams_the_same_workbook_it_builds_in_memory_for_a_small_one(tmp_path, monkeypatch, run):
    """Small runs are built in memory (faster), larger ones streamed row by row to disk (flat memory): same cells."""
    from juesuan import workbook

    monkeypatch.setattr(workbook, "IN_MEMORY_BYTES", 0)
    assert main(["extract", *INPUTS, "-o", str(tmp_path), "-q"]) == 0
    streamed, in_memory = _look(tmp_path / "report.xlsx"), _look(run / "report.xlsx")
    assert streamed == in_memory
    assert sum(1 for c in in_memory if len(c) > 2 and c[5]) > 3  # comments, fills and formats were compared
    assert {c[2] for c in in_memory if len(c) > 2} >= {"@", "0.00", "General"}


def test_table_sheets_keep_their_head_and_row_labels_in_view(run):
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=False)
    tables = [ws for ws in book.worksheets if ws.title not in ("documents", "cells", "checks", "facts")]
    assert tables and all(ws.freeze_panes == "E9" for ws in tables)
    assert all(book[name].freeze_panes == "A2" for name in ("documents", "cells", "checks", "facts"))
