"""Names of units (normalize/units.py): what tables by unit print as a unit's row."""
from juesuan.normalize.units import is_unit_name, unit_of_place


def test_a_units_name_is_its_place_then_an_organisation_a_qualifier_aside():
    assert is_unit_name("广州市统计局（本级）") and is_unit_name("广州市统计监测中心（广州市统计发展中心）")
    assert is_unit_name("湖州市财政票据管理中心")
    assert not is_unit_name("工资福利支出") and not is_unit_name("广州市第四次全国农业普查经费")
    assert not is_unit_name("广州市统计局2025年-2026年信息化运维项目")


def test_a_unit_of_the_departments_place():
    assert unit_of_place("湖州市财政局", "湖州市财政票据管理中心")
    assert unit_of_place("长沙市信访局", "长沙市信访局")
    assert not unit_of_place("湖州市财政局", "广州市统计局") and not unit_of_place("", "湖州市财政局")
