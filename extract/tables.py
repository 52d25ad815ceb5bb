"""Pages → tables: cut each table page's region, read its grid, join pages of one table, emit cells."""
from __future__ import annotations

from dataclasses import dataclass, field
import regex as re

from ..model import Cell, Grid, PageContent, Table, Word
from ..normalize.amounts import AmountError, AmountRangeError, check_storable, parse_amount, parse_ocr_amount, printed_decimals, to_yuan
from ..normalize.codes import economic_catalogue, function_catalogue
from ..normalize.text import squeeze
from .interpret import ECONOMIC_TABLES, PageTable, read_grid
from .lattice import build_lattice
from .layout import Region
from .lines import group_lines, line_text
from .stream import build_stream

NOTE = re.compile(r"^(?:注|说明|备注)[:：]")
EMPTY_NOTE = re.compile(r"(?:无|没有).{0,20}(?:支出|收入|经费|数据)|(?:为空|空表)")


@dataclass
class TableProblem:
    """A cell worth a user's look: unreadable, read by OCR with low confidence, or repaired."""

    page: int
    message: str
    table: str = ""
    row: str = ""
    column: str = ""
    rule: str = "unreadable_cell"
    severity: str = "error"


LOW_CONFIDENCE = 0.9
MISREAD_CODE = re.compile(r"\d{2}")  # names hold no digit runs; codes were split off before


@dataclass
class _Open:
    table: Table
    kind: str  # the standard table key, also for a second table of the same kind ("income_2")
    last_page: PageTable | None
    used_labels: dict[str, set[str]] = field(default_factory=dict)
    last_parent: dict[str, str] = field(default_factory=dict)


def table_region(page: PageContent, top: float, bottom: float) -> tuple[list[Word], str]:
    """Words of a table band: below its title/unit lines, above the next title or a closing note."""
    words = [w for w in page.words if top - 0.5 <= w.top and w.yc < bottom]
    note = ""
    for line in group_lines(words):
        text = line_text(line)
        if NOTE.match(squeeze(text)):
            cut = min(w.top for w in line)
            note_words = [w for w in words if w.top >= cut - 0.5]
            note = squeeze("".join(w.text for w in sorted(note_words, key=lambda w: (w.top, w.x0))))
            words = [w for w in words if w.top < cut - 0.5]
            break
    return words, note


def page_grid(page: PageContent, top: float = 0.0, bottom: float | None = None) -> tuple[Grid | None, str]:
    """The grid of the table in the band [top, bottom) of the page: ruled if it is, else stream."""
    bottom = page.height if bottom is None else bottom
    words, note = table_region(page, top, bottom)
    segments = [s for s in page.segments if s.top >= top - 2 and s.bottom <= bottom + 2]
    grid = build_lattice(page.number, words, segments)
    if grid is None or not any(c.text for c in grid.cells):
        grid = build_stream(page.number, words)
    return grid, note


def looks_like_continuation(page: PageContent, bottom: float | None = None) -> bool:
    """A page without a title whose amounts stand in columns continues the table before it.

    Narrative pages are full of numbers too, but theirs sit inside sentences, not right-aligned
    under one another.
    """
    words = page.words if bottom is None else [w for w in page.words if w.bottom <= bottom]
    right_edges = []
    for w in words:
        try:
            if re.search(r"\d\.\d", w.text) and parse_amount(w.text) is not None:
                right_edges.append(round(w.x1))
        except AmountError:
            pass
    if _lone_total_row(words):
        return True  # the table's last row alone on the page
    if len(right_edges) < 3 or len(right_edges) < 0.2 * len(words):
        return False
    column = max(sum(1 for x in right_edges if abs(x - e) <= 2) for e in right_edges)
    return column >= 3 and column >= 0.3 * len(right_edges)


def _lone_total_row(words: list[Word]) -> bool:
    lines = group_lines(words)
    for line in lines[:3]:
        label = squeeze(line_text(line[:1]))
        if label in ("合计", "总计") and len(line) >= 2 and all(re.fullmatch(r"[\d,.()（）\-—]+", w.text) for w in line[1:]):
            return True
    return False


class TableAssembler:
    """Collects the pages of one document's tables in order and turns amounts into cells."""

    def __init__(self):
        self.tables: list[Table] = []
        self.problems: list[TableProblem] = []
        self._open: _Open | None = None

    @property
    def is_open(self) -> bool:
        return self._open is not None

    def start(self, region: Region, unit: str | None) -> None:
        key = region.table_key
        existing = next((t for t in self.tables if t.table_key == key), None)
        if existing is not None and self._open and self._open.table is existing:
            return  # the title repeated on a continuation page
        if existing is not None:
            key = f"{key}_{sum(t.table_key.startswith(key) for t in self.tables) + 1}"
        table = Table(key, region.title, [], unit or "", [], [])
        self.tables.append(table)
        self._open = _Open(table, region.table_key, None)

    def add_page(self, page: PageContent, unit: str | None, top: float = 0.0, bottom: float | None = None) -> None:
        """Add the band [top, bottom) of `page` to the open table."""
        if self._open is None:
            return
        table = self._open.table
        if unit and not table.unit:
            table.unit = unit
        grid, note = page_grid(page, top, bottom)
        if note and EMPTY_NOTE.search(note):
            table.note = note
        table.pages.append(page.number)
        if grid is None:
            return
        ocr = page.method == "ocr"
        read = read_grid(grid, self._open.kind, self._open.last_page)
        self._open.last_page = read
        for col in read.columns:
            if col.role == "amount" and col.key not in table.header:
                table.header.append(col.key)
        for row in read.rows:
            self._emit(row, page, ocr)

    def close(self) -> None:
        self._open = None

    def check_decimals(self) -> None:
        """Flag OCR amounts whose decimals break their table's pattern. A table prints its
        amounts all with two decimals or all with none; an OCR reading with another number of
        decimals ("19693.677" in a table of whole 元: a comma read as a dot) is not repaired —
        which separator was misread cannot be known — but listed as `ocr_suspicious`."""
        for table in self.tables:
            counts: dict[int, int] = {}
            for c in table.cells:
                counts[printed_decimals(c.value)] = counts.get(printed_decimals(c.value), 0) + 1
            if not counts:
                continue
            usual, n = max(counts.items(), key=lambda kv: kv[1])
            if usual not in (0, 2) or n < 0.8 * len(table.cells) or n < 3:
                continue
            for c in table.cells:
                if c.method == "ocr" and printed_decimals(c.value) != usual:
                    row = c.code or c.row_label
                    self.problems.append(TableProblem(
                        c.page, f"table {table.table_key}, row {row!r}, column {c.column_key}: OCR read {c.value!r} "
                        f"with {printed_decimals(c.value)} decimals where the table's amounts have {usual}",
                        table.table_key, row, c.column_key, "ocr_suspicious", "warning"))

    def _emit(self, row, page: PageContent, ocr: bool) -> None:
        state = self._open
        table = state.table
        label = row.row_label
        if not row.code and label:
            used = state.used_labels.setdefault(row.side, set())
            if label in used and state.last_parent.get(row.side):
                label = f"{state.last_parent[row.side]}/{label}"
            else:
                state.last_parent[row.side] = label
            used.add(label)
        wide = {"side": row.side, "code": row.code, "row_label": label, "page": page.number}
        if ocr and MISREAD_CODE.search(label):
            self.problems.append(TableProblem(
                page.number, f"table {table.table_key}, row {row.code or label!r}: the row name read by OCR holds "
                "digits that form no classification code (a misread or neighbouring code); its code may be wrong",
                table.table_key, row.code or label, "", "ocr_suspicious", "warning"))
        unit = table.unit or "元"
        level, standard = _classify(state.kind, row.code)
        for key, cell in row.values.items():
            text = cell.text.strip()
            wide[key] = text
            try:
                amount, rule = parse_ocr_amount(text) if ocr else (parse_amount(text), "")
                if amount is not None:
                    check_storable(amount, text)
                    check_storable(to_yuan(amount, unit), text)
            except AmountError as exc:
                why = exc if isinstance(exc, AmountRangeError) else f"cannot read amount {text!r}"
                table.unreadable.add((row.side, row.code or label, key))
                self.problems.append(TableProblem(page.number, f"table {table.table_key}, row {row.code or label!r}, column {key}: {why}", table.table_key, row.code or label, key))
                continue
            where = f"table {table.table_key}, row {row.code or label!r}, column {key}"
            if rule:
                self.problems.append(TableProblem(page.number, f"{where}: OCR read {text!r}, taken as {amount} ({rule})", table.table_key, row.code or label, key, "ocr_repair", "warning"))
            if ocr and cell.conf < LOW_CONFIDENCE:
                self.problems.append(TableProblem(page.number, f"{where}: OCR confidence {cell.conf:.2f} for {text!r}", table.table_key, row.code or label, key, "low_confidence", "warning"))
            if amount is None or amount == 0:
                continue
            table.cells.append(Cell(
                table_key=table.table_key, side=row.side, code=row.code, row_label=label, column_key=key,
                value=text, amount=amount, unit=unit, amount_yuan=to_yuan(amount, unit), page=page.number,
                method="ocr" if ocr else "text", bbox=cell.bbox, conf=cell.conf,
                code_level=level, standard_name=standard,
            ))
        table.rows.append(wide)


def _classify(table_key: str, code: str) -> tuple[str, str]:
    if not code:
        return "", ""
    catalogue = economic_catalogue() if table_key in ECONOMIC_TABLES else function_catalogue()
    entry = catalogue.get(code)
    level = catalogue.levels.get(len(code), "")
    return level, (entry.name if entry and entry.authoritative else "")

