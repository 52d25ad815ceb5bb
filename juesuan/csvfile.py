"""The one CSV writer of every output (cells, documents, checks, facts, tables/, diff), and its reader.

Text from a PDF goes straight into an analyst's spreadsheet, so a text field beginning with
= + - @ TAB or CR gets a leading single quote (OWASP's CSV-injection rule): Excel and LibreOffice
then show it as text instead of running it. A field that is a plain number ("-12.00") is left as
it is, and so are Decimals, ints and floats, which are written without exponent (1E+34 never).
Text already beginning with quotes before such a character gets one more, so `read_csv` can undo
the escaping exactly. The header row is escaped like every field: the column names of tables/*.csv
are printed text too (`=SUM（A1）`, `@基本支出`). Parquet keeps the raw text.
"""
from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?\.?\d+%?")


def escape_text(text: str) -> str:
    """The field as a spreadsheet must show it: a quote before a formula-like start."""
    if text.lstrip("'").startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_text(text: str) -> str:
    """The inverse of escape_text, for reading juesuan's CSVs back."""
    if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_START) and not _NUMBER.fullmatch(text[1:]):
        return text[1:]
    return text


def displayable(text: str) -> str:
    """Text as UTF-8 can hold it: a file name that is not UTF-8 (its bytes kept by the OS as lone
    surrogates, e.g. a GBK name) shows its bytes as \\x escapes instead of failing every write."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def field(value) -> str:
    """One CSV field: '' for None, numbers as plain digits, text escaped."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (bool, int, float)):
        return str(value)
    return escape_text(displayable(str(value)))


def write_csv(path: Path, columns: list[str], rows: Iterable[dict], bom: bool = False) -> None:
    """A header and one line per row (missing keys empty), every field through `field`; with bom, a
    UTF-8 byte-order mark first (Excel on Windows then reads UTF-8 instead of its ANSI code page)."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header(columns))
        writer.writerows(csv_rows(columns, rows))


def header(columns: list[str]) -> list[str]:
    """The header row: each column name escaped as a text field."""
    return [field(str(c)) for c in columns]


def csv_rows(columns: list[str], rows: Iterable[dict]) -> Iterator[list[str]]:
    """The fields of each row. Text repeats down a column (file, department, table, unit), so each
    distinct text is escaped once; other values are cheap to format."""
    escaped: dict[str, str] = {}

    def text_field(value) -> str:
        if type(value) is not str:
            return field(value)
        out = escaped.get(value)
        if out is None:
            out = escaped[value] = field(value)
        return out

    for row in rows:
        yield [text_field(row.get(c)) for c in columns]


def read_csv(path: Path | str):
    """A juesuan CSV as a pandas DataFrame of strings, exactly as written before escaping:
    codes keep their leading zeros, empty is '' (never NaN)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [unescape_text(c) for c in frame.columns]
    return frame.map(unescape_text) if len(frame) else frame
