"""Text normalized before matching: radicals as the ideographs they stand for, digits of any script
as ASCII in codes and years (issue 31). The PDFs carrying them are in scripts/make_hostile.py."""
from juesuan.extract.layout import PageLayout, detect_year
from juesuan.extract.words import Char, page_words
from juesuan.normalize.codes import join_code_parts, split_code_name
from juesuan.normalize.text import ascii_digits, to_halfwidth, unify_radicals


def test_kangxi_and_supplement_radicals_become_the_ideographs():
    assert unify_radicals("收⼊⽀出决算总表") == "收入支出决算总表"
    assert unify_radicals("⼀般公共预算 ⽣活 ⾦额 ⻓期 ⻔诊") == "一般公共预算 生活 金额 长期 门诊"
    assert unify_radicals("收入支出决算总表") == "收入支出决算总表"
    assert unify_radicals("\uf90a额") == "金额"  # a CJK compatibility ideograph


def test_a_text_layer_word_is_unified_as_it_is_read():
    chars = [Char(ch, 10 + 10 * i, 10, 20 + 10 * i, 20, True) for i, ch in enumerate("收⼊⽀出")]
    assert [w.text for w in page_words(chars)] == ["收入支出"]


def test_digits_of_any_script_are_ascii_in_codes_and_years():
    assert ascii_digits("２０８ ٢٠٨ ۲۰۸ 208") == "208 208 208 208"
    assert to_halfwidth("（２０２３）") == "(2023)"
    assert split_code_name("２０８０２０１ 行政运行") == ("2080201", "行政运行")
    assert split_code_name("٢٠٨ 社会保障和就业支出") == ("208", "社会保障和就业支出")
    assert join_code_parts(["２０８", "０２", "０１"]) == "2080201"
    layout = PageLayout(1, "table", lines=["２０２３年度支出决算表"])
    assert detect_year([layout]) == 2023
