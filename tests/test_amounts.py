from decimal import Decimal

import pytest

from juesuan.normalize.amounts import AmountError, find_unit, parse_amount, parse_ocr_amount, to_yuan
from juesuan.normalize.text import clean_label, to_halfwidth


@pytest.mark.parametrize("text, expected", [
    ("1,234.56", "1234.56"),
    ("1 234.56", "1234.56"),
    ("１，２３４．５６", "1234.56"),
    ("（12.00）", "-12.00"),
    ("(12.00)", "-12.00"),
    ("-12.00", "-12.00"),
    ("−3.5", "-3.5"),
    ("0.00", "0.00"),
    ("135,200", "135200"),
    ("9746.50", "9746.50"),
    ("446.1\n1", "446.11"),
])
def test_parse_amount_forms(text, expected):
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert str(value) == expected  # the printed scale is kept


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "——", "－", None])
def test_empty_marks_are_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["12.3.4x", "合计", "1,23.4", "7.597.09", "12-3", "abc"])
def test_strict_reader_rejects_non_amounts(text):
    with pytest.raises(AmountError, match="not an amount"):
        parse_amount(text)


@pytest.mark.parametrize("text, expected, rule", [
    ("7.597.09", "7597.09", "dots as thousands separators"),
    ("1.234.567.89", "1234567.89", "dots as thousands separators"),
    ("7,597.O9", "7597.09", "letters read as digits"),
    ("597,09", "597.09", "comma as decimal point"),
    ("1,234.56", "1234.56", ""),
    ("T7,457", "77457", "letters read as digits"),
])
def test_ocr_reader_names_each_repair(text, expected, rule):
    value, applied = parse_ocr_amount(text)
    assert value == Decimal(expected)
    assert applied == rule


@pytest.mark.parametrize("text", [".", "..", "·", "．"])
def test_ocr_dots_alone_are_a_dash(text):
    """A zero mark "-" read too short: nothing, and the repair is named (never an amount)."""
    assert parse_ocr_amount(text) == (None, "dots read for a dash: an empty mark")
    with pytest.raises(AmountError):
        parse_amount(text)  # the text layer is strict


def test_ocr_reader_does_not_guess():
    with pytest.raises(AmountError):
        parse_ocr_amount("7.59.7")


def test_to_yuan_is_exact():
    assert to_yuan(Decimal("9746.50"), "万元") == Decimal("97465000.00")
    assert to_yuan(Decimal("0.01"), "亿元") == Decimal("1000000.00")
    assert to_yuan(Decimal("12.5"), "千元") == Decimal("12500.0")
    with pytest.raises(ValueError, match="unknown unit"):
        to_yuan(Decimal(1), "美元")


@pytest.mark.parametrize("line, unit", [
    ("单位：万元", "万元"), ("单位:元", "元"), ("（金额单位：千元）", "千元"), ("单 位 ： 亿元", "亿元"),
    ("编制单位：某某县民政局          单位：万元", "万元"), ("没有单位", None),
])
def test_find_unit(line, unit):
    assert find_unit(line) == unit


@pytest.mark.parametrize("raw, clean", [
    ("一、一般公共服务支出", "一般公共服务支出"),
    ("因 公 出 国 （ 境 ） 费 用", "因公出国（境）费用"),
    ("（一）人员经费", "人员经费"),
    ("1.基本工资", "基本工资"),
    ("合 计", "合计"),
    ("因公出国(境)费", "因公出国（境）费"),
    ("机关事业单位基本养老保\n险缴费", "机关事业单位基本养老保险缴费"),
])
def test_clean_label(raw, clean):
    assert clean_label(raw) == clean


def test_halfwidth():
    assert to_halfwidth("２０２３年（１２．００）") == "2023年(12.00)"
