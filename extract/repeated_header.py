"""A continuation page's header, repeated by the office suite's "print titles", told by its words.

Excel and LibreOffice repeat a table's header rows at the top of every page it runs over. Where the
page's header is read as one band of labels ("项目功能分类科目", "事业收入") none of which is a
header word by itself, it would be taken for a body row, its labels for unreadable amounts. What
tells it: its cells name the columns of the table's earlier header, as printed there.
"""
from __future__ import annotations

from juesuan.model import Grid
from juesuan.normalize.text import squeeze

MIN_NAMED = 2  # cells naming a column of the earlier header, with none left over that is not a label


def repeats_header(grid: Grid, rows: list[int], column_keys: list[str]) -> bool:
    """True when the grid's `rows` (all above the first amount) name at least MIN_NAMED of the earlier
    header's columns, each cell naming one of them whole (a key or one level of a "决算数/基本支出" key)."""
    names = {part for key in column_keys if key for part in (key, *key.split("/"))}
    texts = [squeeze(c.text) for c in grid.cells if c.row in rows and squeeze(c.text)]
    return sum(t in names for t in texts) >= MIN_NAMED
