"""Chinese number reader: every accepted form, exact Decimals, and loud failures on malformed input."""
from decimal import Decimal as D

import pytest

from juesuan.normalize.numerals import (
    NumberFormatError,
    Quantity,
    find_quantities,
    parse_capital_amount,
    parse_chinese_integer,
    parse_quantity,
)


@pytest.mark.parametrize("text,value", [
    ("三千四百五十六", 3456), ("二〇二三", 2023), ("两", 2), ("十二", 12), ("十", 10),
    ("一万二千", 12000), ("三亿零五百万", 305_000_000), ("零", 0), ("一千零五十", 1050),
    ("三百零五", 305), ("二十万", 200_000), ("一万零五", 10005), ("两千", 2000),
])
def test_chinese_integer(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize("bad", ["三千千", "", "千", "一千五", "一万五", "三三", "一百零零五",
                                 "万", "三十百", "五零", "一二三四x", "零五"])
def test_chinese_integer_rejects(bad):
    with pytest.raises(NumberFormatError) as e:
        parse_chinese_integer(bad)
    assert repr(bad) in str(e.value)


@pytest.mark.parametrize("text,value", [
    ("壹拾贰万叁仟元整", D("123000")), ("壹仟贰佰元", D("1200")), ("叁佰元伍角陆分", D("300.56")),
    ("人民币壹仟贰佰元整", D("1200")), ("人民币（大写）：叁佰元整", D("300")), ("贰元零伍分", D("2.05")),
    ("伍角", D("0.5")), ("壹亿零伍佰万元整", D("105000000")),
])
def test_capital_amount(text, value):
    got = parse_capital_amount(text)
    assert got == value and isinstance(got, D)


@pytest.mark.parametrize("bad", ["壹拾贰万叁仟元整整", "叁佰元伍分整", "壹贰元", "叁佰", "元整", "叁仟仟元"])
def test_capital_amount_rejects(bad):
    with pytest.raises(NumberFormatError, match="malformed number"):
        parse_capital_amount(bad)


@pytest.mark.parametrize("text,expected", [
    ("63,349.77万元", Quantity(D("63349.77"), "万元", "money", D("633497700"))),
    ("6.3亿元", Quantity(D("6.3"), "亿元", "money", D("630000000"))),
    ("12.5千元", Quantity(D("12.5"), "千元", "money", D("12500"))),
    ("832.50 元", Quantity(D("832.50"), "元", "money", D("832.50"))),
    ("1.2万人次", Quantity(D("1.2"), "万人次", "count")),
    ("34辆", Quantity(D("34"), "辆", "count")),
    ("19 个", Quantity(D("19"), "个", "count")),
    ("5家", Quantity(D("5"), "家", "count")), ("40 人", Quantity(D("40"), "人", "count")),
    ("3项", Quantity(D("3"), "项", "count")), ("100余次", None),
    ("17.23%", Quantity(D("17.23"), "%", "percent")),
    ("100.00 %", Quantity(D("100.00"), "%", "percent")),
    ("０.５％", Quantity(D("0.5"), "%", "percent")),
    ("0.5个百分点", Quantity(D("0.5"), "个百分点", "points")),
    ("增长 0.5 个百分点", Quantity(D("0.5"), "个百分点", "points")),
    ("下降17.23%", Quantity(D("-17.23"), "%", "percent")),
    ("减少13,183.22万元", Quantity(D("-13183.22"), "万元", "money", D("-131832200"))),
    ("三千元", Quantity(D("3000"), "元", "money", D("3000"))),
    ("两辆", Quantity(D("2"), "辆", "count")),
    ("三千万元", Quantity(D("3000"), "万元", "money", D("30000000"))),
    ("63,349.77万 元", Quantity(D("63349.77"), "万元", "money", D("633497700"))),
    ("4 ,438.94万元", Quantity(D("4438.94"), "万元", "money", D("44389400"))),
])
def test_parse_quantity(text, expected):
    if expected is None:
        with pytest.raises(NumberFormatError):
            parse_quantity(text)
        return
    q = parse_quantity(text)
    assert q == expected
    assert isinstance(q.value, D)


@pytest.mark.parametrize("bad", ["12.3.4万元", "1,23.4万元", "63,349.77", "三千千元", "万元", "12.万元",
                                 "abc", "1,2345元", "一千五元"])
def test_parse_quantity_rejects(bad):
    with pytest.raises(NumberFormatError) as e:
        parse_quantity(bad)
    assert repr(bad) in str(e.value)


def test_find_quantities_spans_and_pdf_spaces():
    text = "收、支总计各减少13,183.22万元，下降17.23%，本年收入 4 ,438.94万 元，共有车辆34辆，两辆车"
    got = find_quantities(text)
    assert [text[s:e] for s, e, _ in got] == ["13,183.22万元", "17.23%", "4 ,438.94万 元", "34辆", "两辆"]
    assert [q.value for _, _, q in got] == [D("13183.22"), D("17.23"), D("4438.94"), D("34"), D("2")]
    assert got[0][2].amount_yuan == D("131832200")


def test_find_quantities_ignores_non_numbers_and_malformed_runs():
    text = "2023 年 7 月开始，一门受理，12.3.4万元，64.8427 万单"
    assert find_quantities(text) == []
