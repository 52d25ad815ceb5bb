"""款/项 rows printed by name alone (juesuan/codes_from_names.py): keyed only where the name fits one code under
the row printed above, on the report's own print; otherwise left for the contract to report."""
from decimal import Decimal

from juesuan.codes_from_names import infer_codes
from juesuan.contract import check_contract
from juesuan.model import Cell, Document, Table
from juesuan.normalize.codes import codebook


def _table(key: str, rows: list[tuple[str, str, str, str]]) -> Table:
    """rows: (side, code, name, 预算数 as printed)."""
    table = Table(key, key, [1], "万元", ["预算数"], [])
    for side, code, name, value in rows:
        table.rows.append({"side": side, "code": code, "row_label": name, "page": 1, "预算数": value})
        if value not in ("", "0.00"):
            table.cells.append(Cell(key, side, code, name, "预算数", value, Decimal(value), "万元",
                                    Decimal(value) * 10000, 1, "text", (0, 0, 0, 0)))
    return table


def _doc(summary_rows) -> Document:
    general = _table("budget_general", [
        ("", "201", "一般公共服务支出", "30.00"), ("", "20101", "人大事务", "10.00"),
        ("", "2010101", "行政运行", "10.00"), ("", "20106", "财政事务", "20.00"), ("", "2010601", "行政运行", "12.00"),
        ("", "2010650", "事业运行", "8.00"),
        ("", "2010650", "事务运行", "0.00")])
    return Document("r.pdf", "r", "某局", 2026, "预算", tables=[general, _table("budget_fiscal_summary", summary_rows)])


def test_a_name_under_the_row_above_takes_the_code_the_report_prints_beside_it():
    doc = _doc([("支出", "201", "一般公共服务支出", "30.00"), ("支出", "", "人大事务", "10.00"),
                ("支出", "", "行政运行", "10.00"), ("支出", "", "财政事务", "20.00"), ("支出", "", "行政运行", "12.00"),
                ("支出", "", "事业运行", "0.00"), ("支出", "", "总计", "30.00")])
    findings = infer_codes(doc, codebook())
    summary = doc.tables[1]
    # the same name 行政运行 under two 款: each takes its own; a row of zeros (no cell) is keyed too
    assert [r["code"] for r in summary.rows] == ["201", "20101", "2010101", "20106", "2010601", "2010650", ""]
    assert [(c.code, c.code_level) for c in summary.cells][1:3] == [("20101", "款"), ("2010101", "项")]
    assert [f.row for f in findings] == ["人大事务", "行政运行", "财政事务", "行政运行", "事业运行"]
    assert all(f.rule == "code_from_name" and f.severity == "info" for f in findings)
    assert "keyed 2010601, the code this report prints beside that name under 20106" in findings[3].message
    assert not [f for f in check_contract(doc) if f.rule == "unkeyed_row"]


def test_a_name_that_fits_no_code_stays_unkeyed():
    doc = _doc([("支出", "201", "一般公共服务支出", "30.00"), ("支出", "", "行政运行", "10.00"),
                ("支出", "", "信访事务", "5.00")])
    assert infer_codes(doc, codebook()) == []  # 行政运行 is no 款 of 201; 信访事务 is printed nowhere with a code
    assert [f.row for f in check_contract(doc) if f.rule == "unkeyed_row"] == ["行政运行", "信访事务"]


def test_a_name_printed_beside_two_codes_under_one_parent_stays_unkeyed():
    doc = _doc([("支出", "201", "一般公共服务支出", "30.00"), ("支出", "", "财政事务", "20.00"),
                ("支出", "", "事务运行", "20.00")])
    # 事务运行 printed as 2010650 (a row of zeros) and, in another row, as 2010699: which one is not known
    doc.tables[0].rows.append({"side": "", "code": "2010699", "row_label": "事务运行", "page": 1, "预算数": ""})
    findings = infer_codes(doc, codebook())
    assert [f.row for f in findings] == ["财政事务"]
    assert doc.tables[1].rows[2]["code"] == ""
    assert [f.row for f in check_contract(doc) if f.rule == "unkeyed_row"] == ["事务运行"]


class _Edition:
    """A dated edition naming 款 (none is shipped for 2019 on: only classes), as CodeBook.children gives it."""

    def children(self, classification, parent, year):
        return {"201": {"财政事务": {"20106"}}, "20106": {"行政运行": {"2010601"}}}.get(parent, {})


def test_a_name_no_coded_row_prints_takes_the_dated_editions_code_under_the_row_above():
    doc = _doc([("支出", "201", "一般公共服务支出", "30.00"), ("支出", "", "财政事务", "20.00"),
                ("支出", "", "行政运行", "12.00")])
    doc.tables[0].rows.clear()  # the report prints no coded 款/项 anywhere
    findings = infer_codes(doc, _Edition())
    assert [r["code"] for r in doc.tables[1].rows] == ["201", "20106", "2010601"]
    assert "keyed 20106, the code the dated catalogue gives that name under 201" in findings[0].message


def test_the_dated_editions_children_of_a_parent():
    assert codebook().children("function", "", 2026)["一般公共服务支出"] == {"201"}
    assert codebook().children("function", "201", 2026) == {}  # no 款 names are shipped for 2019 on
