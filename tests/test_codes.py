import pytest

from juesuan.normalize import codes
from juesuan.normalize.codes import economic_catalogue, function_catalogue, join_code_parts, split_code_name


@pytest.mark.parametrize("text, expected", [
    ("2080201 行政运行", ("2080201", "行政运行")),
    ("310资本性支出", ("310", "资本性支出")),
    ("208 02 01 行政运行", ("2080201", "行政运行")),
    ("20805", ("20805", "")),
    ("合计", ("", "合计")),
    ("2023年度", ("", "2023年度")),
    ("208 1234.56", ("", "208 1234.56")),
])
def test_split_code_name(text, expected):
    assert split_code_name(text) == expected


@pytest.mark.parametrize("parts, code", [
    (["208", "02", "01"], "2080201"), (["208", "02", ""], "20802"), (["208", "", ""], "208"),
    (["2080201"], "2080201"), (["合计"], ""), ([], ""),
])
def test_join_code_parts(parts, code):
    assert join_code_parts(parts) == code


def test_catalogue_levels_parents_and_newest_edition():
    fc = function_catalogue()
    assert fc.get("208").name == "社会保障和就业支出"  # the 2024 edition wins over legacy names
    assert fc.get("208").authoritative
    item = fc.get("2080501")
    assert item.level == "项" and item.parent == "20805"
    assert not item.authoritative  # legacy names are a fallback only
    assert fc.code_for_name("自然资源海洋气象等支出") == "220"
    assert economic_catalogue().get("30101").name == "基本工资"


def test_adding_an_edition_is_dropping_a_csv(tmp_path, monkeypatch):
    (tmp_path / "function_2025.csv").write_text(
        "code,name,level,parent,edition\n21305,巩固脱贫衔接乡村振兴,2,213,2025\n", encoding="utf-8"
    )
    monkeypatch.setattr(codes, "SCHEMAS", tmp_path)
    cat = codes.Catalogue("function", codes.FUNCTION_LEVELS, codes._load("function"))
    assert cat.get("21305").name == "巩固脱贫衔接乡村振兴"
    assert cat.get("21305").level == "款"
