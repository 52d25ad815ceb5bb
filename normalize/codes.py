"""Classification catalogues (function and economic codes) shipped in schemas/.

Every `function_*.csv` / `economic_*.csv` file in schemas/ is one or more editions (its `edition`
column); adding an edition is dropping a CSV with the same columns there. Lookups prefer the newest
edition; `legacy-*` editions are a fallback for a rough meaning only (see schemas/SOURCES.md).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex as re

from .text import clean_label

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"  # also juesuan/schemas when installed

FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS = {3: "类", 5: "款"}


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name: str
    level: str
    parent: str
    edition: str

    @property
    def authoritative(self) -> bool:
        """Names of legacy editions are not standard: never compare a report against them."""
        return not self.edition.startswith("legacy")


def _edition_rank(edition: str) -> tuple[int, str]:
    return (0 if edition.startswith("legacy") else 1, edition)


class Catalogue:
    """Code → entry for one classification, merged over all shipped editions (newest wins)."""

    def __init__(self, kind: str, levels: dict[int, str], rows: list[dict]):
        self.kind = kind
        self.levels = levels
        self._by_code: dict[str, CodeEntry] = {}
        self._by_name: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: _edition_rank(r["edition"])):
            code = row["code"].strip()
            entry = CodeEntry(code, row["name"].strip(), levels.get(len(code), ""), parent_of(code), row["edition"])
            self._by_code[code] = entry  # later (newer) editions overwrite
            self._by_name[clean_label(entry.name)] = code

    def get(self, code: str) -> CodeEntry | None:
        return self._by_code.get(code)

    def code_for_name(self, name: str) -> str | None:
        return self._by_name.get(clean_label(name))

    def __len__(self) -> int:
        return len(self._by_code)


def parent_of(code: str) -> str:
    return code[:-2] if len(code) in (5, 7) else ""


def _load(prefix: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(SCHEMAS.glob(f"{prefix}_*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


@lru_cache(maxsize=None)
def function_catalogue() -> Catalogue:
    return Catalogue("function", FUNCTION_LEVELS, _load("function"))


@lru_cache(maxsize=None)
def economic_catalogue() -> Catalogue:
    return Catalogue("economic", ECONOMIC_LEVELS, _load("economic"))


_CODE_AND_NAME = re.compile(r"^\s*(\d{3}(?:\s?\d{2}){0,2})(?!\d)\s*(.*)$", re.S)
_CODE_ONLY = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_NUMBER_START = re.compile(r"^[\d.,%]")
_BLANK = re.compile(r"\s")


def split_code_name(text: str) -> tuple[str, str]:
    """"2080201 行政运行" / "310资本性支出" / "208 02 01 行政运行" → (code, name); no code → ("", text)."""
    m = _CODE_AND_NAME.match(text or "")
    if not m:
        return "", text or ""
    code = _BLANK.sub("", m.group(1))
    name = m.group(2).strip()
    if len(code) not in (3, 5, 7):
        return "", text
    if name and _NUMBER_START.match(name):  # "208 1234.56": not a code followed by a name
        return "", text
    return code, name


def join_code_parts(parts: list[str]) -> str:
    """Codes printed over 类 | 款 | 项 columns ("208", "02", "01") → "2080201"; "" if not a code."""
    digits = [_BLANK.sub("", p) for p in parts]
    digits = [d for d in digits if d]
    if not digits or not all(d.isdigit() for d in digits):
        return ""
    if len(digits[0]) != 3 or any(len(d) != 2 for d in digits[1:]):
        joined = "".join(digits)
        return joined if _CODE_ONLY.match(joined) else ""
    return "".join(digits)


def is_code(text: str) -> bool:
    return bool(_CODE_ONLY.match(text or ""))
