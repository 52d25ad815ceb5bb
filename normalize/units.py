"""Names of units (单位): a department or one of its subordinate units, as tables by unit print them.

A unit's name starts with its place (湖州市, 广州市 …) and ends with what it is (局, 中心, 办公室 …); a
parenthetical after it ("广州市统计局（本级）", "…监测中心（广州市统计发展中心）") is a qualifier, not the name's end.
"""
from __future__ import annotations

import regex as re

PLACE = re.compile(r"^.{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗)")
_ORGANISATION = re.compile(r"(?:局|中心|委员会|办公室|办事处|院|所|站|队|馆|处|室|会|社)$")
_QUALIFIER = re.compile(r"(?:[（(][^（）()]*[）)])+$")


def is_unit_name(label: str) -> bool:
    """A unit of some place by its name: its place first, an organisation last (a qualifier in brackets aside)."""
    name = _QUALIFIER.sub("", label)
    return bool(name and PLACE.match(name) and _ORGANISATION.search(name))


def unit_of_place(department: str, label: str) -> bool:
    """The department itself, or a unit of the department's place ("湖州市财政票据管理中心" in 湖州市财政局's
    tables)."""
    if not department or not label:
        return False
    place = PLACE.match(department)
    return label == department or bool(place and label.startswith(place.group(0)) and is_unit_name(label))
