"""A standard table printed transposed: its column names down the side, something else across the top.

Guangzhou prints its 三公 table with the 三公 items as rows ("（一）因公出国（境）支出", "1.公务用车购置费" …) and
the sources of funds as columns (合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算). Read as printed, every row
is unkeyed and every column unknown. What tells the orientation is the catalogue: every row name is one of the
table's own column names (by the same header words that key a column) while the columns printed across are not.
Then each row names a column and each printed column is a row, named by its header as printed.
"""
from __future__ import annotations

import regex as re

from juesuan import spec
from juesuan.extract.columns import resolve_columns
from juesuan.normalize.text import clean_label

_OF_WHICH = re.compile(r"^其中[:：]")  # "其中：（一）因公出国（境）支出": the first part under a total
_MIN_ROWS = 3  # fewer named rows than this are no evidence of an orientation


def transposed_keys(table_key: str, side: str, labels: list[str], column_keys: list[str]) -> list[str] | None:
    """The column key each row name stands for, when the table is printed transposed; None when it is not.

    Transposed: a one-sided standard table, every row named (no code) by a name that keys one of its standard
    columns, each a different one, while most columns printed across are none of its columns and none but a
    total is one the rows name."""
    table = spec.get(table_key)
    if table is None or table.two_sided or table.columns is None or len(labels) < _MIN_ROWS:
        return None
    unknown = [k for k in column_keys if not spec.is_standard_column(table_key, side, k)]
    if 2 * len(unknown) <= len(column_keys):
        return None  # printed in its own orientation (an unknown column among its own is the contract's to report)
    names = [clean_label(_OF_WHICH.sub("", clean_label(label))) for label in labels]
    if not all(names):
        return None
    keys = resolve_columns(table_key, [(side, [name]) for name in names])
    if len(set(keys)) != len(keys) or not all(spec.is_standard_column(table_key, side, k) for k in keys):
        return None
    if set(keys) & (set(column_keys) - {"合计"}):
        return None  # a column printed across is one the rows name too: no orientation to turn
    return keys
