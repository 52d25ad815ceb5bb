"""A standard table printed transposed (extract/transposed.py): known by its row names alone, never guessed."""
from juesuan.extract.transposed import transposed_keys

ROWS = ["行政经费", '"三公"经费', "其中：（一）因公出国（境）支出", "（二）公务用车购置及运行维护支出",
        "1.公务用车购置费", "2.公务用车运行维护费", "（三）公务接待费支出"]
SOURCES = ["合计", "一般公共", "政府性基金", "国有资本经营"]  # as the 三公 header rule keys the printed sources


def test_the_items_down_the_side_are_the_columns():
    assert transposed_keys("budget_three_public", "", ROWS, SOURCES) == [
        "行政经费", "合计", "因公出国(境)费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
        "公务用车购置及运行费/公务用车运行费", "公务接待费"]


def test_a_table_in_its_own_orientation_is_not_transposed():
    columns = ["合计", "因公出国(境)费", "公务接待费"]
    assert transposed_keys("budget_three_public", "", ROWS, columns) is None
    # an unknown column among the table's own, or a column the rows name: the contract's to report, not turned
    assert transposed_keys("budget_three_public", "", ROWS, ["合计", "公务接待费", "一般公共", "政府性基金"]) is None
    assert transposed_keys("budget_three_public", "", ROWS, ["因公出国(境)费", "一般公共", "政府性基金"]) is None


def test_one_row_that_names_no_column_keeps_the_table_as_printed():
    assert transposed_keys("budget_three_public", "", [*ROWS, "湖州市财政票据管理中心"], SOURCES) is None
    assert transposed_keys("budget_three_public", "", ROWS[:2], SOURCES) is None  # too few rows to tell
    assert transposed_keys("budget_summary", "收入", ROWS, SOURCES) is None  # two-sided: never
    assert transposed_keys("一般公共预算项目支出情况表", "", ROWS, SOURCES) is None  # outside the catalogue
