"""The output files: amounts beyond the Parquet type, spreadsheet formulas, findings' page and unit,
and the set written as a whole."""
import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from juesuan.cli import main
from juesuan.csvfile import escape_text, read_csv, unescape_text
from juesuan.model import Cell, Document, Finding, Table
from juesuan.output import write_outputs

ROOT = Path(__file__).resolve().parents[1]
EDGE = ROOT / "fixtures" / "edge"
GENERATED = ROOT / "fixtures" / "generated"


def _raw_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_amounts_beyond_decimal128_are_findings_not_a_crash_and_never_exponents(tmp_path):
    out = tmp_path / "out"
    inputs = [
        str(EDGE / "amount_digits.pdf"),
        str(EDGE / "amount_decimals.pdf"),
        str(GENERATED / "caizheng_2024_yuan_thousands.pdf"),
    ]
    for _ in range(2):  # the rerun reads the cached results: it must not crash either
        assert main(["extract", *inputs, "-o", str(out), "-q"]) == 1  # two partial documents
    checks = read_csv(out / "checks.csv")
    unreadable = checks[checks.rule == "unreadable_cell"]
    assert len(unreadable) == 2 and set(unreadable.page) == {"1"}
    assert unreadable.message.str.contains("beyond what the outputs hold exactly").all()
    cells = pq.read_table(out / "cells.parquet").to_pandas()
    assert set(cells.doc_id.str.split("-").str[0]) == {
        "amount_digits",
        "amount_decimals",
        "caizheng_2024_yuan_thousands",
    }
    text = "".join(p.read_text(encoding="utf-8") for p in [out / "cells.csv", out / "checks.csv", out / "facts.csv"])
    assert "E+" not in text and "E-" not in text


def _doc_with_formulas() -> Document:
    cells = [
        Cell(
            "expenditure",
            "",
            "",
            '=HYPERLINK("http://x")',
            "本年支出合计",
            "-12.00",
            Decimal("-12.00"),
            "元",
            Decimal("-12.00"),
            1,
            "text",
            (1, 2, 3, 4),
        ),
        Cell(
            "expenditure",
            "",
            "2080201",
            "@SUM(A1)",
            "本年支出合计",
            "0.00000001",
            Decimal("0.00000001"),
            "元",
            Decimal("0.00000001"),
            1,
            "text",
            (1, 2, 3, 4),
        ),
    ]
    rows = [{"side": "", "code": "", "row_label": "=HYPERLINK(\"http://x\")", "page": 1, "本年支出合计": "-12.00"},
            {"side": "", "code": "2080201", "row_label": "@SUM(A1)", "page": 1, "本年支出合计": "+1+2"}]
    table = Table("expenditure", "支出决算表", [1], "元", ["本年支出合计"], rows, cells)
    finding = Finding(
        "=d-1",
        "expenditure",
        "\tcmd",
        "本年支出合计",
        "rule",
        Decimal("1E+3"),
        Decimal("-5"),
        Decimal("-1005"),
        "error",
        "-message",
        1,
    )
    return Document("reports/-x.pdf", "=d-1", department="+部门", year=2023, tables=[table], findings=[finding])


def test_formula_like_text_is_quoted_in_every_csv_numbers_are_not_and_parquet_keeps_raw(tmp_path):
    write_outputs(tmp_path, [_doc_with_formulas()])
    cells = _raw_rows(tmp_path / "cells.csv")
    assert [c["row_label"] for c in cells] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert [c["value"] for c in cells] == ["-12.00", "0.00000001"]  # numbers stay numbers, never 1E-8
    assert [c["amount_yuan"] for c in cells] == ["-12.00", "0.00000001"]
    assert {c["doc_id"] for c in cells} == {"'=d-1"} and {c["department"] for c in cells} == {"'+部门"}
    doc = _raw_rows(tmp_path / "documents.csv")[0]
    assert doc["doc_id"] == "'=d-1" and doc["source_file"] == "reports/-x.pdf"
    check = _raw_rows(tmp_path / "checks.csv")[0]
    assert (check["doc"], check["row"], check["message"]) == ("'=d-1", "'\tcmd", "'-message")
    assert (check["expected"], check["found"], check["difference"]) == ("1000", "-5", "-1005")
    wide = _raw_rows(tmp_path / "tables" / "=d-1" / "expenditure.csv")
    assert [r["row_label"] for r in wide] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert [r["本年支出合计"] for r in wide] == ["-12.00", "'+1+2"]
    raw = pq.read_table(tmp_path / "cells.parquet").to_pandas()
    assert list(raw.row_label) == ["=HYPERLINK(\"http://x\")", "@SUM(A1)"] and set(raw.doc_id) == {"=d-1"}
    back = read_csv(tmp_path / "cells.csv")  # the loader undoes the quoting
    assert list(back.row_label) == list(raw.row_label)


def test_the_header_of_a_table_csv_is_escaped_like_every_field(tmp_path):
    """Column names are printed text: `=SUM（A1）`, `@基本支出`, `-项目支出` must not run in a spreadsheet."""
    doc = _doc_with_formulas()
    table = doc.tables[0]
    names = ["=SUM（A1）", "@基本支出", "-项目支出", "+其他", "本年支出合计"]
    table.header = names
    table.rows = [{**r, **{n: "1.00" for n in names}} for r in table.rows]
    write_outputs(tmp_path, [doc])
    path = tmp_path / "tables" / "=d-1" / "expenditure.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        head = next(csv.reader(fh))
    assert head == [
        "page",
        "side",
        "code",
        "row_label",
        "unit",
        "'=SUM（A1）",
        "'@基本支出",
        "'-项目支出",
        "'+其他",
        "本年支出合计",
    ]
    assert list(read_csv(path).columns) == ["page", "side", "code", "row_label", "unit", *names]  # the loader undoes it


@pytest.mark.parametrize("text", ["=1+2", "'=1+2", "''@x", "-", "-12.00", "+5%", "'-12.00", "plain", "'quoted", "\r\n"])
def test_escaping_round_trips(text):
    assert unescape_text(escape_text(text)) == text


def test_formula_file_name_in_every_csv_of_a_run_and_its_diff(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GENERATED / "inconsistent.pdf", inputs / "=1+2.pdf")
    monkeypatch.chdir(inputs)  # the file named as given: source_file begins with "="
    out = tmp_path / "out"
    assert main(["extract", "=1+2.pdf", "-o", str(out), "-q"]) == 0
    for name, column in [("cells.csv", "source_file"), ("documents.csv", "source_file"), ("checks.csv", "message")]:
        values = {r[column] for r in _raw_rows(out / name) if "=1+2.pdf" in r[column]}
        assert values and all(v.startswith("'=1+2.pdf") for v in values), name
    assert set(pq.read_table(out / "cells.parquet").to_pandas().source_file) == {"=1+2.pdf"}
    other = tmp_path / "other"
    shutil.copytree(out, other)
    (other / "cells.parquet").unlink()  # diff reads the CSV then: its quoted names must match the raw ones
    assert main(["diff", str(out), str(other), "--csv", str(tmp_path / "same.csv")]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    write_outputs(empty, [])
    assert main(["diff", str(empty), str(out), "--csv", str(tmp_path / "d.csv")]) == 1
    rows = _raw_rows(tmp_path / "d.csv")
    assert rows and all(r["source_file"] == "'=1+2.pdf" and r["status"] == "added" for r in rows)
    assert all(r["new_amount_yuan"] and not r["new_amount_yuan"].startswith("'") for r in rows)


def test_checks_rows_have_a_page_and_the_unit_of_their_figures(tmp_path):
    out = tmp_path / "out"
    # 万元 tables: their sums are in 万元, the narrative's figures in 元, its shares in %
    pdfs = [str(GENERATED / f"{name}.pdf") for name in ("inconsistent", "narrative_disagree")]
    assert main(["extract", *pdfs, "-o", str(out), "-q"]) == 0
    checks = read_csv(out / "checks.csv")
    tables = checks[~checks.rule.str.startswith("narrative")]
    assert len(tables) and (tables.page != "").all() and set(tables.unit) == {"万元"}
    shares = checks.rule.isin(["narrative_share", "narrative_change", "narrative_completion"])
    assert shares.any() and set(checks[shares].unit) == {"%"}
    money = checks[checks.rule.str.startswith("narrative") & ~shares]
    assert {"narrative_vs_table", "narrative_sum"} <= set(money.rule) and set(money.unit) == {"元"}
    # the figures agree with their unit: a table sum finding restates its message's 万元 figures
    row = tables.iloc[0]
    assert f"expected {row.expected} 万元" in row.message


def test_a_failed_write_leaves_the_previous_set_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["extract", str(GENERATED / "inconsistent.pdf"), "-o", str(out), "-q"]) == 0
    before = {
        p.relative_to(out): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and p.name != "juesuan.log"
    }
    import juesuan.output as output

    write = output._TextSpill.write

    def broken(self, spans, columns, path, *rest):
        if path.name == "facts.csv":  # the last: cells and the other CSVs are staged by then
            raise OSError(28, "No space left on device")
        write(self, spans, columns, path, *rest)
    monkeypatch.setattr(output._TextSpill, "write", broken)
    # a full disk is the folder's, not a bug: one line, exit 2 (tests/test_resources.py on a real full disk)
    assert main(["extract", str(GENERATED / "inconsistent.pdf"), str(EDGE / "bad_row.pdf"), "-o", str(out), "-q"]) == 2
    after = {
        p.relative_to(out): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and p.name != "juesuan.log"
    }
    assert after == before


def test_documents_written_as_they_arrive_come_out_in_input_order_and_are_not_kept(tmp_path):
    """RunOutputs writes each document out when it finishes (in any order), keeping only its summary:
    the set is in input order, the same bytes write_outputs gives, even when the Documents are
    emptied right after they were added."""
    from juesuan.output import RunOutputs

    def docs():
        first, second = _doc_with_formulas(), _doc_with_formulas()
        second.moved_to("reports/y.pdf", "y-1")
        return [first, second]

    write_outputs(tmp_path / "whole", docs())
    arrived = docs()
    with RunOutputs(tmp_path / "arrived") as outputs:
        summaries = {}
        for doc in reversed(arrived):  # finished last-first
            summaries[doc.doc_id] = outputs.add(doc)
            doc.tables.clear(), doc.findings.clear(), doc.facts.clear()
        outputs.write([summaries[d.doc_id] for d in arrived])
    whole = sorted(p.relative_to(tmp_path / "whole") for p in (tmp_path / "whole").rglob("*") if p.is_file())
    assert whole == sorted(
        p.relative_to(tmp_path / "arrived") for p in (tmp_path / "arrived").rglob("*") if p.is_file()
    )
    for name in whole:
        if name.suffix == ".csv":
            assert (tmp_path / "arrived" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert len(_raw_rows(tmp_path / "arrived" / "checks.csv")) > 0
    assert pq.read_table(tmp_path / "arrived" / "cells.parquet").equals(
        pq.read_table(tmp_path / "whole" / "cells.parquet")
    )
    assert not (tmp_path / "arrived" / ".staging").exists()


def test_rows_spilled_to_disk_come_back_whole_over_several_row_groups(tmp_path, monkeypatch):
    """Each arriving document's rows wait in staging files, not in memory; read back in input order
    they give the same cells as written at once, split into Parquet row groups of the set size."""
    from juesuan import output

    docs = [_doc_with_formulas() for _ in range(3)]
    for i, doc in enumerate(docs):
        doc.moved_to(f"reports/r{i}.pdf", f"r{i}")
    write_outputs(tmp_path / "whole", docs)
    monkeypatch.setattr(output._BatchSpill, "ROW_GROUP", 3)
    with output.RunOutputs(tmp_path / "spilled") as outputs:
        summaries = [outputs.add(doc) for doc in docs[::-1]][::-1]
        outputs.write(summaries)
    assert (tmp_path / "spilled" / "cells.csv").read_bytes() == (tmp_path / "whole" / "cells.csv").read_bytes()
    spilled = pq.ParquetFile(tmp_path / "spilled" / "cells.parquet")
    assert spilled.read().equals(pq.read_table(tmp_path / "whole" / "cells.parquet"))
    assert spilled.num_row_groups > 1
    assert not (tmp_path / "spilled" / ".staging").exists()
