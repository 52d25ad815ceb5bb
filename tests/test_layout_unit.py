"""extract/layout.py alone: pages built from words (no PDF) are classified, and a report's department,
year and kind are read from what its pages print."""
from __future__ import annotations

from juesuan.extract.layout import (
    classify_page,
    detect_department,
    detect_report,
    detect_year,
    labelled_department,
    slug_title,
)
from juesuan.model import PageContent, Word

LINE = 16.0  # points between printed lines


def page(number: int, lines: list[str | list[tuple[float, str]]], image_coverage: float = 0.0) -> PageContent:
    """A page printing `lines` top down; a line is one centred string or (x, text) words."""
    words = []
    for i, line in enumerate(lines):
        top = 60.0 + i * LINE
        for x, text in ([(297.0 - 5.0 * len(line), line)] if isinstance(line, str) else line):
            words.append(Word(text, x, top, x + 10.0 * len(text), top + 10.0))
    return PageContent(number, 595.0, 842.0, words, [], image_coverage=image_coverage)


TABLE_PAGE = ["收入支出决算总表", [(40.0, "编制单位：某某区财政局"), (480.0, "单位：万元")],
              [(40.0, "项目"), (300.0, "决算数")], [(40.0, "一、一般公共预算财政拨款收入"), (300.0, "1,234.56")]]


def test_a_standard_title_makes_a_table_page_with_its_key_unit_and_department():
    layout = classify_page(page(5, ["2023年度" + TABLE_PAGE[0], *TABLE_PAGE[1:]]))
    assert (layout.kind, layout.table_key, layout.unit, layout.department) == (
        "table", "income_expenditure_summary", "万元", "某某区财政局")
    region = layout.regions[0]
    assert region.top < 60.0 + 2 * LINE + 10.0 <= region.bottom  # the band holds the header and the rows


def test_pages_without_tables_are_cover_contents_narrative_blank_or_image():
    contents = classify_page(page(2, ["目录", "一、部门主要职责……1", "二、部门决算表……3", "三、情况说明……12"]))
    prose = "本部门2023年度收入决算数为一千二百三十四万元，比上年增加十二万元，主要原因是人员增加。" * 5
    narrative = classify_page(page(9, [prose[i:i + 40] for i in range(0, len(prose), 40)]))
    assert (contents.kind, narrative.kind) == ("contents", "narrative")
    assert classify_page(page(1, [])).kind == "blank"
    assert classify_page(page(1, [], image_coverage=0.9)).kind == "image"


def test_a_department_label_is_read_and_a_sentence_is_not_a_department():
    assert labelled_department("编制单位：武汉市某某区民政局    单位：万元") == "武汉市某某区民政局"
    assert labelled_department("部门：本部门2023年度决算情况说明。") == ""


def test_a_form_naming_its_department_in_the_cell_beside_its_label():
    """Beijing's 部门整体支出绩效目标表 prints "部门名称 | 北京市退役军人事务局" (no colon) under its title and
    "（2026年度）": the report's only department and year. A column header "单位名称 总计" names no one."""
    assert labelled_department("部门名称 北京市退役军人事务局") == "北京市退役军人事务局"
    assert labelled_department("部门（单位）名称 西安市卫生健康委员会") == "西安市卫生健康委员会"
    for header in ("单位名称 总计", "单位名称 整体绩效目标", "单位名称 项目名称 总计", "部门名称"):
        assert labelled_department(header) == "", header
    form = classify_page(page(19, ["预算13表 部门整体支出绩效目标表", "（2026年度）", "部门名称 北京市退役军人事务局",
                                   "预算支出总额 合计 基本支出 项目支出"]))
    assert form.department == "北京市退役军人事务局"
    assert detect_year([form]) == 2026
    assert detect_year([classify_page(page(2, ["收入总表", "（2026年度）"]))]) is None  # no 预算 / 决算 above it


def test_year_department_and_report_kind_are_voted_by_the_pages():
    layouts = [classify_page(page(1, ["某某区民政局", "2023年度部门决算"])),
               classify_page(page(3, ["2023年度" + TABLE_PAGE[0], *TABLE_PAGE[1:]])),
               classify_page(page(4, ["2023年度收入决算表", *TABLE_PAGE[1:]]))]
    assert detect_year(layouts) == 2023
    assert detect_department(layouts) == "某某区财政局"  # the 编制单位 label outvotes the cover
    assert detect_report(layouts) == "决算"
    budget = [classify_page(page(1, ["某某区民政局", "2024年部门预算"]))]
    assert detect_report(budget) == "预算" and detect_year(budget) == 2024


def test_a_non_standard_title_gets_a_stable_file_name_without_year_or_punctuation():
    assert slug_title("某某区2023年度 项目支出绩效（目标）表") == "项目支出绩效目标表"


def test_a_contents_page_listing_the_tables_without_leaders_is_contents():
    """Xi'an's and Huzhou's contents run onto a second page that prints neither 目录 nor leaders, only the tables'
    titles ("（一）2026年市级部门收支预算总表" …): contents, not the first of those tables (which the table's own page
    then repeated as budget_summary_2). A page of empty tables prints its unit and stays a table page."""
    titles = ["第三部分 2022年度部门决算表", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表",
              "四、财政拨款收入支出决算总表", "第四部分 专业名词解释"]
    assert classify_page(page(3, titles)).kind == "contents"
    assert classify_page(page(3, titles[:3])).kind != "contents"  # two titles: not yet a list
    empty = classify_page(page(12, ["政府性基金预算财政拨款收入支出决算表", [(480.0, "单位：万元")],
                                    "国有资本经营预算财政拨款支出决算表", [(480.0, "单位：万元")],
                                    "一般公共预算财政拨款基本支出决算表", [(480.0, "单位：万元")]]))
    assert empty.kind == "table"
