"""Classification catalogues: the editions shipped in schemas/ and the ones learnt from reports.

Every `function_*.csv` / `economic_*.csv` file in schemas/ is one or more dated editions (its `edition`
column, and `since`: the first report year its names apply to); adding an edition is dropping a CSV with
the same columns there. `legacy-*` editions are a fallback for a rough meaning only and never name a
cell (see schemas/SOURCES.md). `catalogue_*.csv` files (schemas/, the folder $JUESUAN_CATALOGUES, or
`--catalogue FILE`) are observed editions written by `juesuan catalogue`: per classification, code and
year, the name most reports print. `CodeBook.name_for` combines them for one cell.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex as re

from juesuan.errors import UsageError
from juesuan.normalize.text import ascii_digits, clean_label, to_halfwidth

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
    longer = [p for p in EDITION_PREFIXES.values() if p != prefix and p.startswith(prefix)]
    for path in sorted(SCHEMAS.glob(f"{prefix}_*.csv")):
        if any(path.name.startswith(f"{p}_") for p in longer):
            continue  # economic_government_*.csv is not an economic_*.csv edition
        with open(path, encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


@lru_cache(maxsize=None)
def function_catalogue() -> Catalogue:
    return Catalogue("function", FUNCTION_LEVELS, _load("function"))


@lru_cache(maxsize=None)
def economic_catalogue() -> Catalogue:
    return Catalogue("economic", ECONOMIC_LEVELS, _load("economic"))


# a code before its name, bare or in brackets, joined by nothing, a space or a hyphen:
# "2080201行政运行", "2050803-培训支出" (Beijing), "[2010501]行政运行", "【201】一般公共服务支出" (Guangzhou)
_CODE_AND_NAME = re.compile(
    r"^\s*(?:([\[【［])\s*)?(\d{3}(?:\s?\d{2}){0,2})(?!\d)\s*(?(1)[\]】］]|)\s*(?:[-－—–]\s*)?(.*)$", re.S
)
_CODE_ONLY = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_NUMBER_START = re.compile(r"^[\d.,%]")
_BLANK = re.compile(r"\s")


def split_code_name(text: str) -> tuple[str, str]:
    """"2080201 行政运行" / "310资本性支出" / "208 02 01 行政运行" / "2050803-培训支出" / "[2010501]行政运行"
    → (code, name); no code → ("", text)."""
    m = _CODE_AND_NAME.match(text or "")
    if not m:
        return "", text or ""
    code = ascii_digits(_BLANK.sub("", m.group(2)))
    name = m.group(3).strip()
    if len(code) not in (3, 5, 7):
        return "", text
    if name and _NUMBER_START.match(name):  # "208 1234.56": not a code followed by a name
        return "", text
    return code, name


def join_code_parts(parts: list[str]) -> str:
    """Codes printed over 类 | 款 | 项 columns ("208", "02", "01") → "2080201"; "" if not a code.

    A 款 or 项 printed without its leading zero ("301" | "2") is the two-digit part it stands in."""
    digits = [ascii_digits(_BLANK.sub("", p)) for p in parts]
    digits = [d for d in digits if d]
    if not digits or not all(d.isdigit() for d in digits):
        return ""
    if len(digits) > 1 and len(digits[0]) == 3:
        digits = [digits[0]] + [d.zfill(2) for d in digits[1:]]
    if len(digits[0]) != 3 or any(len(d) != 2 for d in digits[1:]):
        joined = "".join(digits)
        return joined if _CODE_ONLY.match(joined) else ""
    return "".join(digits)


def is_code(text: str) -> bool:
    return bool(_CODE_ONLY.match(text or ""))


# --- classifications: which catalogue names a code, decided by its table -------------------------

FUNCTION, DEPARTMENT, GOVERNMENT = "function", "economic_department", "economic_government"
ECONOMIC = "economic"  # a table that is economic without saying which: the code's form decides
CLASSIFICATION_LEVELS = {FUNCTION: FUNCTION_LEVELS, DEPARTMENT: ECONOMIC_LEVELS, GOVERNMENT: ECONOMIC_LEVELS}
CODE_FORMS = {"2": FUNCTION, "3": DEPARTMENT, "5": GOVERNMENT}  # 2xx 支出功能分类, 301… 部门预算, 501… 政府预算经济分类
EDITION_PREFIXES = {FUNCTION: "function", DEPARTMENT: "economic", GOVERNMENT: "economic_government"}

# On the table key (for a table of no standard key, the slug of its title); first match wins.
_TABLE_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"政府预算(?:支出)?经济分类"), GOVERNMENT),
    (re.compile(r"部门预算(?:支出)?经济分类"), DEPARTMENT),
    (re.compile(r"^general_budget_basic_expenditure(?:_\d+)?$"), DEPARTMENT),  # 公开06表
    (
        re.compile(r"^budget_(?:general_basic|general_project|fiscal_basic|office_operation)(?:_\d+)?$"),
        ECONOMIC,
    ),  # budgets: 301… or 501…
    (re.compile(r"功能分类"), FUNCTION),
    (re.compile(r"经济分类|基本支出|机关运行经费"), ECONOMIC),
]
# Two-sided summaries (公开01/04表, budget 收支总表) print their class rows without codes, which the
# reader infers from the names: they are not evidence of what reports print.
SUMMARY_TABLE = re.compile(
    r"^(?:income_expenditure_summary|fiscal_appropriation_summary|budget_summary|budget_fiscal_summary)(?:_\d+)?$|收支\w*总表"
)
MISREAD_NAME = re.compile(r"^\d")  # "2津贴补贴": the tail of a split code run into the name


@lru_cache(maxsize=1024)
def table_classification(table_key: str) -> str:
    """function, economic_department, economic_government, or economic (department or government).
    Kept per key: every coded cell's placing asks it of its table's key."""
    return next((c for pattern, c in _TABLE_RULES if pattern.search(table_key)), FUNCTION)


@dataclass(frozen=True)
class Placement:
    """The classification that names a code (None: its form is none we know) and whether the code's
    form disagrees with its table's classification."""

    classification: str | None
    mismatch: bool


def place(table_key: str, code: str) -> Placement:
    form = CODE_FORMS.get(code[:1]) if is_code(code) else None
    table = table_classification(table_key)
    if table == ECONOMIC:
        return Placement(form, form not in (DEPARTMENT, GOVERNMENT))
    return Placement(form, form != table)


def level_of(table_key: str, code: str) -> str:
    """类 / 款 / 项 from the code's length in its classification ("" for no code)."""
    if not code:
        return ""
    classification = place(table_key, code).classification or table_classification(table_key)
    return CLASSIFICATION_LEVELS.get(classification, FUNCTION_LEVELS).get(len(code), "")


def comparable_name(text: str) -> str:
    """A printed name as catalogues count it: clean_label of its half-width form."""
    return clean_label(to_halfwidth(text or ""))


def evidence(table_key: str, code: str, printed: str) -> tuple[str, str] | None:
    """(classification, name) that one printed coded row adds to an observed catalogue, or None:
    rows of two-sided summaries, codes whose form disagrees with their table, empty or misread names."""
    if not code or SUMMARY_TABLE.search(table_key):
        return None
    placed = place(table_key, code)
    name = comparable_name(printed)
    if placed.mismatch or placed.classification is None or not name or MISREAD_NAME.match(name):
        return None
    return placed.classification, name


def ranked(variants: dict[str, int]) -> list[tuple[str, int]]:
    """Names by documents printing them, most first; a tie in code-point order of the name."""
    return sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))


def consensus(variants: dict[str, int]) -> str:
    return ranked(variants)[0][0]


# --- observed editions: catalogues written by `juesuan catalogue` ---------------------------------

CATALOGUE_COLUMNS = ["classification", "code", "year", "name", "level", "parent", "documents", "variants",
                     "first_year", "last_year", "previous_name"]
SOURCE_COLUMNS = ["doc_id", "source_file", "year", "rows"]  # FILE.documents.csv: what FILE was learnt from
CATALOGUE_ENV = "JUESUAN_CATALOGUES"  # a folder whose *.csv catalogues are loaded after the shipped ones


class CatalogueError(UsageError):
    """A catalogue file that cannot be read (names the file; a usage error: exit 2)."""


def sources_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name.removesuffix(".csv") + ".documents.csv")


@dataclass(frozen=True)
class ObservedName:
    """One (classification, code, year) of an observed catalogue; sources maps the catalogue's
    doc_ids to their year, so a document can leave its own evidence out."""

    year: int
    name: str
    variants: tuple[tuple[str, int], ...]  # ranked: (name, documents printing it)
    sources: dict[str, int]

    def without(self, doc_id: str, own: frozenset[str]) -> ObservedName | None:
        """This entry without the names `doc_id` printed, if it counted them; None if nothing is left."""
        if self.sources.get(doc_id) != self.year or not own & {n for n, _ in self.variants}:
            return self
        counts = {n: c - (n in own) for n, c in self.variants}
        counts = {n: c for n, c in counts.items() if c > 0}
        if not counts:
            return None
        return ObservedName(self.year, consensus(counts), tuple(ranked(counts)), self.sources)


def read_observed(path: Path) -> list[tuple[str, str, ObservedName]]:
    """(classification, code, entry) rows of a catalogue CSV and its FILE.documents.csv (if present)."""
    path = Path(path)
    try:
        sources: dict[str, int] = {}
        if sources_path(path).is_file():
            with open(sources_path(path), encoding="utf-8", newline="") as fh:
                sources = {r["doc_id"]: int(r["year"]) for r in csv.DictReader(fh)}
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"classification", "code", "year", "name", "variants"} - set(reader.fieldnames or [])
            if missing:
                raise CatalogueError(
                    f"{path}: not a catalogue written by `juesuan catalogue` (no column {', '.join(sorted(missing))})"
                )
            out = []
            for r in reader:
                variants = tuple(ranked(json.loads(r["variants"])))
                out.append((r["classification"], r["code"], ObservedName(int(r["year"]), r["name"], variants, sources)))
            return out
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read this catalogue ({type(exc).__name__}: {exc})") from None


def catalogue_files(extra: tuple[str, ...] = ()) -> list[Path]:
    """Observed catalogues in the order they apply (a later one wins for the same code and year):
    schemas/catalogue_*.csv, then the $JUESUAN_CATALOGUES folder's *.csv, then `extra` as given."""
    found = sorted(SCHEMAS.glob("catalogue_*.csv"))
    if os.environ.get(CATALOGUE_ENV):
        found += sorted(Path(os.environ[CATALOGUE_ENV]).glob("*.csv"))
    found += [Path(p) for p in extra]
    return [p for p in found if not p.name.endswith(".documents.csv")]


def editions_digest(extra: tuple[str, ...] = ()) -> str:
    """A hash of every edition a lookup reads, so cached results are redone when one changes."""
    digest = hashlib.sha256()
    for path in sorted(SCHEMAS.glob("*.csv")) + [q for p in catalogue_files(extra) for q in (p, sources_path(p))]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Naming:
    standard_name: str
    name_source: str  # official (a dated edition) / observed (a catalogue) / printed (only this report) / ""


@dataclass(frozen=True)
class _Edition:
    since: int
    edition: str
    names: dict[str, str]


def _since(row: dict) -> int:
    text = (row.get("since") or "").strip() or row["edition"][:4]
    return int(text) if text.isdigit() else 0


class CodeBook:
    """Every edition, by classification: dated ones (apply from their `since` year), legacy ones
    (known codes only, never a name) and observed catalogues (per year)."""

    def __init__(self, observed_files: list[Path]):
        self._official: dict[str, list[_Edition]] = {}
        self._legacy: dict[str, set[str]] = {}
        for classification, prefix in EDITION_PREFIXES.items():
            editions: dict[str, _Edition] = {}
            for row in _load(prefix):
                code = row["code"].strip()
                if row["edition"].startswith("legacy"):
                    self._legacy.setdefault(classification, set()).add(code)
                    continue
                ed = editions.setdefault(row["edition"], _Edition(_since(row), row["edition"], {}))
                ed.names[code] = row["name"].strip()
            self._official[classification] = sorted(editions.values(), key=lambda e: (e.since, e.edition), reverse=True)
        self._observed: dict[tuple[str, str], dict[int, ObservedName]] = {}
        for path in observed_files:
            for classification, code, entry in read_observed(path):
                self._observed.setdefault((classification, code), {})[entry.year] = entry

    def official(self, classification: str, code: str, year: int | None) -> str:
        """The name in the newest dated edition in force in `year` that has the code ("" if none)."""
        for ed in self._official.get(classification, []):
            if (year is None or ed.since <= year) and code in ed.names:
                return ed.names[code]
        return ""

    def children(self, classification: str, parent: str, year: int | None) -> dict[str, set[str]]:
        """Comparable name → codes of the parent's children in the dated editions in force in `year` (each
        code's name from the newest edition that has it); legacy editions never name a code."""
        out: dict[str, set[str]] = {}
        seen: set[str] = set()
        for ed in self._official.get(classification, []):
            if year is not None and ed.since > year:
                continue
            for code, name in ed.names.items():
                if parent_of(code) == parent and code not in seen:
                    seen.add(code)
                    out.setdefault(clean_label(name), set()).add(code)
        return out

    def observed(self, classification: str, code: str, year: int | None, doc_id: str = "",
                 own: frozenset[str] = frozenset(), same_year: bool = False) -> ObservedName | None:
        """The catalogues' entry for that year, else the nearest year (the earlier on a tie; the
        latest when the year is unknown), with the document's own evidence left out."""
        found = []
        for y, entry in self._observed.get((classification, code), {}).items():
            entry = entry.without(doc_id, own)
            if entry is not None and (not same_year or y == year):
                found.append(entry)
        if not found:
            return None
        return min(found, key=lambda e: (-e.year,) if year is None else (abs(e.year - year), e.year))

    def known(self, classification: str, code: str, doc_id: str = "", own: frozenset[str] = frozenset()) -> bool:
        """Is the code in some edition, legacy ones included, on evidence other than this document's?"""
        return (code in self._legacy.get(classification, set())
                or any(code in ed.names for ed in self._official.get(classification, []))
                or self.observed(classification, code, None, doc_id, own) is not None)

    def name_for(self, classification: str | None, code: str, year: int | None, printed: str = "",
                 doc_id: str = "", own: frozenset[str] = frozenset()) -> Naming:
        """A coded cell's standard name and where it comes from: a dated edition, else the observed
        consensus (that year, else the nearest), else the name this report prints."""
        if classification:
            name = self.official(classification, code, year)
            if name:
                return Naming(name, "official")
            entry = self.observed(classification, code, year, doc_id, own)
            if entry is not None:
                return Naming(entry.name, "observed")
        name = comparable_name(printed)
        return Naming(name, "printed" if name else "")


def codebook(extra: tuple[str, ...] = ()) -> CodeBook:
    """The editions in force for this process: shipped, $JUESUAN_CATALOGUES, then `extra` files."""
    return _codebook(tuple(str(p) for p in extra), os.environ.get(CATALOGUE_ENV, ""))


@lru_cache(maxsize=8)
def _codebook(extra: tuple[str, ...], _env: str) -> CodeBook:
    return CodeBook(catalogue_files(extra))
