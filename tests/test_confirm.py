"""An OCR reading the sums single out is taken only when the recognizer, looking again, reads it too
(juesuan/confirm.py); the change is a finding, and a suggestion no second reading confirms stays a suggestion.

The second readings here are given (what extract/ocr/confirm.py's reread returns for the cell's box); the glyph
side is tested end to end in test_coarse_pictures.py on a 96-dpi picture."""
from __future__ import annotations

from decimal import Decimal

from juesuan.confirm import confirm_readings
from juesuan.suggest import suggest_readings
from test_suggest import _doc_cents


def _cell(doc, code, column):
    return next(c for c in doc.tables[0].cells if c.code == code and c.column_key == column)


def _rereader(readings: list[str], asked: list):
    def reread(page, boxes):
        asked.append((page, list(boxes)))
        return [readings for _ in boxes]
    return reread


def test_a_lost_point_read_again_with_it_is_taken_with_a_finding():
    doc = _doc_cents({("20805", "本年支出合计"): "87266145"})  # 872,661.45 read without its point
    asked: list = []
    findings = confirm_readings(doc, _rereader(["87266145", "872,661.45", "8726614.5"], asked))
    cell = _cell(doc, "20805", "本年支出合计")
    assert (cell.value, cell.amount_yuan) == ("872,661.45", Decimal("872661.45"))
    assert [(f.rule, f.row, f.column, f.severity, str(f.expected), str(f.found)) for f in findings] == [
        ("reread_confirmed", "20805", "本年支出合计", "warning", "872661.45", "87266145")]
    assert "first read '87266145'" in findings[0].message
    assert asked == [(5, [cell.bbox])]  # only the cell the sums single out is looked at again
    assert all(c.suggested_amount_yuan is None for c in doc.tables[0].cells)
    assert suggest_readings(doc) == []  # the table's sums now hold


def test_a_second_reading_that_is_not_the_sums_value_changes_nothing():
    doc = _doc_cents({("20805", "本年支出合计"): "87266145"})
    assert confirm_readings(doc, _rereader(["87266145", "872,661.46", "-"], [])) == []
    cell = _cell(doc, "20805", "本年支出合计")
    assert (cell.value, cell.amount_yuan, cell.suggested_amount_yuan) == ("87266145", Decimal("87266145"), None)
    assert [f.rule for f in suggest_readings(doc)] == ["suggested_reading"]  # still suggested afterwards


def test_nothing_is_read_again_when_the_sums_hold():
    asked: list = []
    assert confirm_readings(_doc_cents({}), _rereader(["1"], asked)) == [] and asked == []


def test_a_digit_the_sums_ask_to_change_is_never_taken_even_when_read_again():
    """A glyph slip in the digits (one of several in a coarse table) can mislead the sums and the second look
    alike: only a point or separator is ever taken from a second reading."""
    from test_suggest import _doc

    doc = _doc({("20805", "基本支出"): "20000800"})  # an 0 read as 8; the sums single out 20000000
    assert confirm_readings(doc, _rereader(["20000000"], [])) == []
    assert _cell(doc, "20805", "基本支出").value == "20000800"
