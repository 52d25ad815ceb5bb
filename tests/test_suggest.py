"""suggested_amount_yuan: only where exactly one glyph-slip reading satisfies the table's sums."""
from __future__ import annotations

from decimal import Decimal

from juesuan.model import Cell, Document, Table
from juesuan.suggest import suggest_readings

# 05 table, 元: 208 = 20805 = 2080501 + 2080502; 本年支出合计 = 基本支出 + 项目支出
ROWS = {
    "208": ("22669700", "20000000", "2669700"),
    "20805": ("22669700", "20000000", "2669700"),
    "2080501": ("12669700", "10000000", "2669700"),
    "2080502": ("10000000", "10000000", "0"),
}
COLUMNS = ("本年支出合计", "基本支出", "项目支出")


def _doc(misread: dict[tuple[str, str], str], method: str = "ocr") -> Document:
    cells, rows = [], []
    for code, values in ROWS.items():
        rows.append({"side": "", "code": code, "row_label": f"row {code}"})
        for column, text in zip(COLUMNS, values):
            text = misread.get((code, column), text)
            if text == "0":
                continue
            cells.append(Cell("general_budget_expenditure", "", code, f"row {code}", column, text, Decimal(text),
                              "元", Decimal(text), 5, method, (0, 0, 0, 0), conf=0.99))
    table = Table("general_budget_expenditure", "一般公共预算财政拨款支出决算表", [5], "元", list(COLUMNS), rows, cells)
    return Document("x.pdf", "x", tables=[table])


def _cell(doc: Document, code: str, column: str) -> Cell:
    return next(c for c in doc.tables[0].cells if c.code == code and c.column_key == column)


def test_doubled_digit_lost_is_suggested_and_printed_value_kept():
    doc = _doc({("2080501", "本年支出合计"): "1269700"})  # "12669700" with one of the repeated 6s merged
    findings = suggest_readings(doc)
    cell = _cell(doc, "2080501", "本年支出合计")
    assert cell.suggested_amount_yuan == Decimal("12669700")
    assert cell.value == "1269700" and cell.amount_yuan == Decimal("1269700")
    assert [(f.rule, f.row, f.column, f.expected) for f in findings] == [
        ("suggested_reading", "2080501", "本年支出合计", Decimal("12669700"))]
    others = [c for c in doc.tables[0].cells if c is not cell]
    assert all(c.suggested_amount_yuan is None for c in others)


def test_replaced_digit_is_suggested():
    doc = _doc({("20805", "基本支出"): "20000800"})  # an 0 read as 8
    suggest_readings(doc)
    assert _cell(doc, "20805", "基本支出").suggested_amount_yuan == Decimal("20000000")


def test_separator_read_as_a_point_is_suggested():
    doc = _doc(
        {("2080501", "项目支出"): "2669.700"}
    )  # printed 2,669,700: the first comma lost, the second read as a point
    findings = suggest_readings(doc)
    cell = _cell(doc, "2080501", "项目支出")
    assert cell.suggested_amount_yuan == Decimal("2669700") and cell.amount_yuan == Decimal("2669.700")
    assert [(f.rule, f.row, f.column, str(f.expected)) for f in findings] == [
        ("suggested_reading", "2080501", "项目支出", "2669700")]  # written as printed, not 2669700.000


def test_no_suggestion_for_digital_cells():
    doc = _doc({("2080501", "本年支出合计"): "1269700"}, method="text")
    assert suggest_readings(doc) == []
    assert _cell(doc, "2080501", "本年支出合计").suggested_amount_yuan is None


def test_no_suggestion_when_the_sums_value_is_not_a_glyph_away():
    doc = _doc({("2080501", "本年支出合计"): "12345678"})  # wrong, but not a plausible misreading
    assert suggest_readings(doc) == []


def test_no_suggestion_when_two_cells_could_explain_the_error():
    # the only sum that breaks is 208 = 20805 in 项目支出 — both cells are one glyph from the other's
    # value, and each alone settles it: the sums cannot tell which was misread
    doc = _doc({("208", "项目支出"): "2669700", ("20805", "项目支出"): "2669700"})
    doc.tables[0].rows = [r for r in doc.tables[0].rows if r["code"] in ("208", "20805")]
    doc.tables[0].cells = [c for c in doc.tables[0].cells if c.code in ("208", "20805") and c.column_key == "项目支出"]
    doc.tables[0].cells[1].amount = Decimal("2669000")
    doc.tables[0].cells[1].value = "2669000"
    assert suggest_readings(doc) == []
    assert all(c.suggested_amount_yuan is None for c in doc.tables[0].cells)


def test_clean_table_gets_nothing():
    assert suggest_readings(_doc({})) == []


# the same 05 table in 元 with two decimals, as a school's report prints it
ROWS_CENTS = {
    "208": ("872,661.45", "600,000.00", "272,661.45"),
    "20805": ("872,661.45", "600,000.00", "272,661.45"),
    "2080501": ("500,000.20", "300,000.00", "200,000.20"),
    "2080502": ("372,661.25", "300,000.00", "72,661.25"),
}


def _doc_cents(misread: dict[tuple[str, str], str]) -> Document:
    cells, rows = [], []
    for code, values in ROWS_CENTS.items():
        rows.append({"side": "", "code": code, "row_label": f"row {code}"})
        for column, text in zip(COLUMNS, values):
            text = misread.get((code, column), text)
            amount = Decimal(text.replace(",", ""))
            cells.append(Cell("general_budget_expenditure", "", code, f"row {code}", column, text, amount,
                              "元", amount, 5, "ocr", (0, 0, 0, 0), conf=0.99))
    table = Table("general_budget_expenditure", "一般公共预算财政拨款支出决算表", [5], "元", list(COLUMNS), rows, cells)
    return Document("x.pdf", "x", tables=[table])


def test_a_lost_decimal_point_is_suggested_where_the_table_prints_two_decimals():
    doc = _doc_cents({("20805", "本年支出合计"): "87266145"})  # 872,661.45 read without its point (and commas)
    findings = suggest_readings(doc)
    cell = next(c for c in doc.tables[0].cells if c.code == "20805" and c.column_key == "本年支出合计")
    assert cell.suggested_amount_yuan == Decimal("872661.45") and cell.amount_yuan == Decimal("87266145")
    assert [(f.rule, f.row, f.column, str(f.expected)) for f in findings] == [
        ("suggested_reading", "20805", "本年支出合计", "872661.45")]


def test_a_moved_decimal_point_is_suggested():
    doc = _doc_cents({("2080502", "项目支出"): "7266.125"})  # 72,661.25 with its point three places early
    suggest_readings(doc)
    cell = next(c for c in doc.tables[0].cells if c.code == "2080502" and c.column_key == "项目支出")
    assert cell.suggested_amount_yuan == Decimal("72661.25")


def test_a_lost_point_and_a_wrong_digit_are_two_slips():
    doc = _doc_cents({("20805", "本年支出合计"): "87266148"})
    assert suggest_readings(doc) == []


def test_whole_yuan_tables_get_no_point():
    from juesuan.suggest import usual_decimals

    assert usual_decimals(_doc_cents({}).tables[0]) == 2
    assert usual_decimals(_doc({}).tables[0]) == 0
    mixed = _doc_cents({("208", c): "1" for c in COLUMNS} | {("20805", c): "1" for c in COLUMNS})
    assert usual_decimals(mixed.tables[0]) is None  # 6 of 12 cells without decimals: no pattern to follow
