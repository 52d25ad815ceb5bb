"""extract/continuation.py on its own: which title-less pages continue the table before them."""
from __future__ import annotations

from juesuan.extract.continuation import continues
from juesuan.model import Word


def _line(top: float, *texts: str, x0: float = 60.0, gap: float = 40.0) -> list[Word]:
    return [Word(t, x0 + i * gap, top, x0 + i * gap + 8 * len(t), top + 10) for i, t in enumerate(texts)]


def test_a_last_row_alone_with_codes_over_class_columns_and_whole_yuan_continues_the_table():
    """A 项 row pushed alone onto the next page, its code printed over 类 | 款 | 项 and its 元 amounts whole
    numbers ("229 60 03 3060864 …"): squeezed, the code runs into the amount, and 7-digit integers look like codes,
    so neither told it was a row; the page was 'other' and its amounts were lost without a finding."""
    words = [*_line(100, "用于体育事业的彩票公益"), *_line(114, "229", "60", "03", "3060864", "3060864", "0", "0"),
             *_line(128, "金支出")]
    assert continues(None, words)


def test_a_page_of_prose_does_not_continue_a_table():
    words = [*_line(100, "2023年，本部门收入合计1234.56万元，比上年增加12.00万元，主要原因是人员增加。"),
             *_line(114, "二、支出情况：本年支出合计1200.00万元，其中基本支出1000.00万元，项目支出200.00万元。")]
    assert not continues(None, words)
