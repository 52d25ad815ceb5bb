"""Pages → tables: cut each table page's region, read its grid, join pages of one table, emit cells."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex as re

from juesuan import spec
from juesuan.errors import Severity
from juesuan.extract.continuation import continues, table_like
from juesuan.extract.footer import footer_words
from juesuan.extract.interpret import PageTable, read_grid
from juesuan.extract.lattice import build_lattice
from juesuan.extract.layout import PageLayout, Region
from juesuan.extract.lines import group_lines, is_numbering, line_text
from juesuan.extract.readings import best, fit
from juesuan.extract.stream import build_stream, liftable_lines, names_apart, names_below
from juesuan.extract.words import X_TOLERANCE
from juesuan.model import Cell, Grid, PageContent, Table, Word
from juesuan.normalize.amounts import (
    AmountError,
    AmountRangeError,
    check_storable,
    parse_amount,
    parse_ocr_amount,
    printed_decimals,
    to_yuan,
)
from juesuan.normalize.codes import level_of
from juesuan.normalize.text import squeeze
from juesuan.normalize.units import is_unit_name
from juesuan.spec.words import TOTAL_ROWS

NOTE = re.compile(r"^(?:注|说明|备注)[:：]")
CONTINUATION_MARK = re.compile(r"[（(]?续(?:上)?表[一二三四五六七八九十\d]*[)）]?[:：]?")  # "续表" above a page's rows
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
    severity: Severity = Severity.ERROR


LOW_CONFIDENCE = 0.9
MISREAD_CODE = re.compile(r"\d{2}")  # names hold no digit runs; codes were split off before


@dataclass
class _Open:
    table: Table
    kind: str  # the standard table key, also for a second table of the same kind ("income_2")
    header_page: PageTable | None  # the last page that printed the header: pages without one take its columns
    inherited: PageTable | None = None  # this page's reading by header_page's columns, when chosen over its own
    used_labels: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (side, name) → columns it printed
    last_parent: dict[str, str] = field(default_factory=dict)
    # (side, code, name) → (the page it was first printed on, its amounts there)
    printed: dict[tuple[str, str, str], tuple[int, dict[str, str]]] = field(default_factory=dict)
    page_rows: tuple[int, int] = (0, 0)  # (page, rows of it read so far)
    units: dict[str, str] = field(default_factory=dict)  # side → the unit whose rows follow (tables by unit)


class _PageMemo:
    """What table_region found on the page read last: its grid, its words and its accounting each ask for a band,
    and the page's footer and page numbers are the same for every band of it. Holds the page itself, so a new
    page object (never the same id) starts afresh."""

    def __init__(self):
        self.page: PageContent | None = None
        self.words: list[Word] | None = None
        self.furniture: set[int] = set()
        self.bands: dict[tuple[float, float], tuple[list[Word], str]] = {}

    def of(self, page: PageContent) -> "_PageMemo":
        if self.page is not page or self.words is not page.words:
            self.page, self.words, self.bands = page, page.words, {}
            footer = footer_words(page.words, page.height)
            self.furniture = {id(w) for w in footer} | {id(w) for w in page.words if _page_number(w, page)}
        return self


_MEMO = _PageMemo()


def table_region(page: PageContent, top: float, bottom: float) -> tuple[list[Word], str]:
    """Words of a table band: below its title/unit lines, above the next title or a closing note;
    a "续表" line is the continuation's mark, not a row (OCR'd close above the first row, it would
    join that row's name); the page footer ("第 1 页，共 3 页") and page numbers are no row either."""
    memo = _MEMO.of(page)
    if (top, bottom) not in memo.bands:
        memo.bands[top, bottom] = _table_region(page, top, bottom, memo.furniture)
    words, note = memo.bands[top, bottom]
    return list(words), note


def _table_region(page: PageContent, top: float, bottom: float, furniture: set[int]) -> tuple[list[Word], str]:
    words = [w for w in page.words if top - 0.5 <= w.top and w.yc < bottom and id(w) not in furniture]
    note = ""
    for line in group_lines(words):
        text = squeeze(line_text(line))
        if CONTINUATION_MARK.fullmatch(text):
            words = [w for w in words if w not in line]
            continue
        if NOTE.match(text):
            cut = min(w.top for w in line)
            note_words = [w for w in words if w.top >= cut - 0.5]
            note = squeeze("".join(w.text for w in sorted(note_words, key=lambda w: (w.top, w.x0))))
            words = [w for w in words if w.top < cut - 0.5]
            break
    return words, note


def grid_words(page: PageContent, top: float = 0.0, bottom: float | None = None) -> list[Word]:
    """The words a table band offers its grid (title lines above it and a closing note excluded)."""
    return table_region(page, top, page.height if bottom is None else bottom)[0]


def is_printed_amount(text: str, ocr: bool = False) -> bool:
    """A word that prints a non-zero number: each of them must end up in a cell or be accounted for."""
    try:
        value = parse_ocr_amount(text)[0] if ocr else parse_amount(text)
    except AmountError:
        return False
    return bool(value)


_YEAR = re.compile(r"(?:19|20)\d\d")
_NAME_GAP = 2 * X_TOLERANCE  # pdfplumber's default x tolerance: closer than this, two words are one


def _starts_a_name(word: Word, words: list[Word]) -> bool:
    """A year run into the name printed after it on its line ("2026" of "2026信访专项经费", a wrapped project
    name, Changchun): part of the name, no amount. Amounts stand apart from the next column's words."""
    if not _YEAR.fullmatch(word.text.strip()):
        return False
    return any(0 <= w.x0 - word.x1 < _NAME_GAP and w.top < word.bottom and word.top < w.bottom
               and re.match(r"\p{Han}", w.text) for w in words)


_PAGE_NUMBER = re.compile(r"[-—]?\d{1,3}[-—]?")
_CODE_SHAPED = re.compile(r"\d{2}|\d{3}|\d{5}|\d{7}")  # a classification code or a part of one (类 款 项)


def _page_number(word: Word, page: PageContent) -> bool:
    """A small integer alone at the head or foot of the page ("5", "- 5 -" reads as "5")."""
    if not _PAGE_NUMBER.fullmatch(word.text.strip()):
        return False
    if not (word.top > 0.88 * page.height or word.bottom < 0.08 * page.height):
        return False
    return not any(o is not word and abs(o.yc - word.yc) < 3 and o.text.strip() not in ("-", "—") for o in page.words)


def _plausibility(read, table_key: str, rows) -> tuple[int, int]:
    """How well a reading fits the table: rows whose identities hold, then cells keyed by the table's
    own columns (a reading that reads less is never preferred: the accounting would flag it anyway)."""
    standard = spec.standard_columns(table_key)
    keyed = sum(1 for row in read.rows for key in row.values if standard is None or key in standard.get(row.side, []))
    held = 0
    for row in read.rows:
        values = {}
        for key, cell in row.values.items():
            try:
                values[key] = parse_amount(cell.text) or Decimal(0)
            except AmountError:
                pass
        for total, parts in ((i.total, i.parts) for i in spec.identities(table_key, reading=True)):
            if total in values and any(p in values for p in parts):
                held += values[total] == sum(values.get(p, Decimal(0)) for p in parts)
    return held, keyed


def page_grid(page: PageContent, top: float = 0.0, bottom: float | None = None) -> tuple[Grid | None, str]:
    """The grid of the table in the band [top, bottom) of the page: ruled if it is, else stream."""
    grids, note = page_grids(page, top, bottom)
    return grids[0][0], note


def page_grids(page: PageContent, top: float = 0.0, bottom: float | None = None
               ) -> tuple[list[tuple[Grid | None, str]], str]:
    """The candidate grids of the band [top, bottom), each with what it reads differently: ruled if it is, else
    stream, and for a stream the readings where the header's last lines are the body's first rows
    (extract/stream.py liftable_lines), where names lead the amounts below them or follow the amounts above
    them; the first is the usual reading, the others are weighed against it by extract/readings.py."""
    bottom = page.height if bottom is None else bottom
    words, note = table_region(page, top, bottom)
    segments = [s for s in page.segments if s.top >= top - 2 and s.bottom <= bottom + 2]
    grid = build_lattice(page.number, words, segments)
    if grid is not None and any(c.text for c in grid.cells) and not _frames_rows(grid):
        return [(grid, "")], note
    grids = [(build_stream(page.number, words), "")]
    if grids[0][0] is not None:
        lifts = range(liftable_lines(words) + 1)
        grids += [(build_stream(page.number, words, lift), _lifted(lift)) for lift in lifts[1:]]
        grids += [(build_stream(page.number, words, lift, "names_lead"),
                   _lifted(lift) + "each line of names leading the amounts below it")
                  for lift in lifts if names_apart(words, lift)]
        if names_below(words):
            grids.append((build_stream(page.number, words, 0, "names_trail"),
                          "each line of amounts with the names below it"))
    return grids, note


def _lifted(lift: int) -> str:
    return f"{lift} line(s) above the first amounts read as rows, not as header; " if lift else ""


def _frames_rows(grid: Grid) -> bool:
    """A ruled cell across most of the table holding amounts on several lines: the rules are a header grid
    and a frame around rows printed without rules (an everyday spreadsheet export), to be read as a stream."""
    return any(2 * cell.col_span > grid.n_cols and _amounts_in(list(cell.words)) for cell in grid.cells)


def _amounts_in(words: list[Word], ocr: bool = False) -> list[Word]:
    """The words printing a non-zero amount, a 栏次 row's column numbers left out."""
    return [w for line in group_lines(words) if not is_numbering([w.text for w in line])
            for w in line if is_printed_amount(w.text, ocr)]


class TableAssembler:
    """Collects the pages of one document's tables in order and turns amounts into cells."""

    def __init__(self):
        self.tables: list[Table] = []
        self.problems: list[TableProblem] = []
        self._open: _Open | None = None
        self._unit: str | None = None  # the last unit line seen: a continuation page prints none

    @property
    def is_open(self) -> bool:
        return self._open is not None

    def take_page(self, page: PageContent, layout: PageLayout) -> str:
        """Give each band of the page to its table; returns what the page is (its layout's kind,
        or "table-continuation" for a page of rows continuing the table before it)."""
        previous = self._open.header_page if self._open else None
        if layout.regions:
            first = layout.regions[0]
            above = [w for w in page.words if w.bottom <= first.title_top]
            if self.is_open and continues(previous, above):
                self.add_page(page, self._unit, 0.0, first.title_top)  # the last rows of the table before
            for region in layout.regions:
                self._unit = region.unit or self._unit
                self.start(region, self._unit)
                self.add_page(page, self._unit, region.top, region.bottom)
            return layout.kind
        if self.is_open and layout.kind in ("narrative", "other") and continues(previous, page.words):
            self.add_page(page, self._unit)
            return "table-continuation"
        self.close()
        rows = table_like(page.words) if layout.kind in ("narrative", "other") else 0
        if rows >= 2:
            self.problems.append(TableProblem(
                page.number,
                f"{rows} lines of amounts in columns, but the page has no table title and follows no table: not read",
                "", "", "", "amounts_not_read"))
        return layout.kind

    def start(self, region: Region, unit: str | None) -> None:
        key = region.table_key
        existing = next((t for t in self.tables if t.table_key == key), None)
        if existing is not None and self._open and self._open.table is existing:
            return  # the title repeated on a continuation page
        if existing is not None:
            printed = sum(t.table_key == key or bool(re.fullmatch(rf"{re.escape(key)}_\d+", t.table_key))
                          for t in self.tables)
            key = f"{key}_{printed + 1}"  # income_2, never counting income_expenditure_summary as an income
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
        grids, note = page_grids(page, top, bottom)
        if note and EMPTY_NOTE.search(note):
            table.note = note
        table.pages.append(page.number)
        if grids[0][0] is None:
            return
        if (table_spec := spec.get(self._open.kind)) and table_spec.text_only:
            self._text_rows(grids[0][0], page.number)
            return
        ocr = page.method == "ocr"
        read = self._choose(grids, page, grid_words(page, top, bottom))
        if read.has_header and read is not self._open.inherited or self._open.header_page is None:
            self._open.header_page = read
        for key in read.amount_keys():
            if key not in table.header:
                table.header.append(key)
        before = len(table.cells)
        for row in read.rows:
            self._emit(row, page, ocr)
        words = grid_words(page, top, bottom)
        if not self._account(page, words, read.accounted) and len(table.cells) == before:
            self._none_read(page, words, {w for row in read.rows for w in row.numbers})

    def _choose(self, grids: list[tuple[Grid | None, str]], page: PageContent, words: list[Word]) -> PageTable:
        """Read each candidate grid of the page and keep the reading the table's own sums confirm
        (extract/readings.py); say so when it is not the usual one."""
        readings = [self._reading(g, page) for g, _ in grids if g is not None]
        hows = [how for g, how in grids if g is not None]
        if len(readings) == 1:
            return self._take(*readings[0])
        ocr = page.method == "ocr"
        printed = {w for w in words if is_printed_amount(w.text, ocr) and not _page_number(w, page)}
        scored = [(read, fit(read, self._open.kind, printed)) for read, _ in readings]
        chosen = best(scored)
        if chosen:
            usual, taken = scored[0][1], scored[chosen][1]
            table = self._open.table.table_key
            self.problems.append(
                TableProblem(
                    page.number,
                    f"table {table}: {hows[chosen].rstrip('; ')}: {taken.describe()} "
                    f"({'read as header' if hows[chosen].endswith('; ') else 'the usual reading'}: "
                    f"{usual.describe()})",
                    table,
                    "",
                    "",
                    "reading_chosen",
                    Severity.INFO,
                )
            )
        return self._take(*readings[chosen])

    def _take(self, read: PageTable, problem: TableProblem | None) -> PageTable:
        """Keep a reading: whether it took the earlier header's columns, and its finding."""
        self._open.inherited = read if problem is not None else None
        if problem is not None:
            self.problems.append(problem)
        return read

    def _reading(self, grid: Grid, page: PageContent) -> tuple[PageTable, TableProblem | None]:
        """A page that repeats the header can be read by its own header or by the columns of the
        table's first pages: prefer the reading under which its rows' identities hold (合计 = 基本 +
        项目 …) and its keys are the table's own, with the finding to give when the own header lost."""
        state = self._open
        own = read_grid(grid, state.kind, state.header_page)
        if not own.has_header or state.header_page is None:
            return own, None
        other = read_grid(grid, state.kind, state.header_page, inherit=True)
        if _plausibility(other, state.kind, own.rows) <= _plausibility(own, state.kind, own.rows):
            return own, None
        return other, TableProblem(
            page.number,
            f"table {state.table.table_key}: the header repeated on this page reads as columns "
            f"{[c.key for c in own.columns if c.role == 'amount']}, under which fewer rows add up; read with the "
            "columns of the table's earlier header instead",
            state.table.table_key,
            "",
            "",
            "reading_chosen",
            Severity.INFO,
        )

    def _reprinted(self, row, page: int) -> bool:
        """A row a continuation page reprints at its top (the 合计 carried over), with the same amounts as
        where it was first printed, is that row again, not a new one ("合计/合计"): read once."""
        state = self._open
        at, n = state.page_rows
        state.page_rows = (page, n + 1 if at == page else 1)
        amounts = {k: c.text.strip() for k, c in row.values.items() if c.text.strip()}
        ident = (row.side, row.code, row.row_label)
        first = state.printed.setdefault(ident, (page, amounts))
        if not (amounts and first[0] < page and state.page_rows[1] == 1 and first[1] == amounts
                and all(is_printed_amount(t) for t in amounts.values())):
            return False  # (words where amounts belong, a header read as a row, stay loud)
        self.problems.append(TableProblem(
            page, f"table {state.table.table_key}, row {row.code or row.row_label!r}: printed again at the top of page "
            f"{page} with the amounts it has on page {first[0]}: read once", state.table.table_key,
            row.code or row.row_label, "", "row_reprinted", Severity.INFO))
        return True

    def _text_rows(self, grid: Grid, page: int) -> None:
        """A table of text (绩效目标表): its rows as printed, the first column naming each row; no
        cells, as its figures are targets ("≥95%", "1200人次"), not amounts."""
        table = self._open.table
        texts = [[squeeze(grid.at(r, c).text) if grid.at(r, c) else "" for c in range(grid.n_cols)]
                 for r in range(grid.n_rows)]
        if not table.header and texts:
            table.header = [t or f"列{c + 1}" for c, t in enumerate(texts[0][1:], 2)]
            texts = texts[1:]
        for row in texts:
            if row[1:] == table.header or not any(row):
                continue  # the header repeated on a continuation page
            table.rows.append({"side": "", "code": "", "row_label": row[0], "page": page,
                               **dict(zip(table.header, row[1:]))})

    def _account(self, page: PageContent, words: list[Word], accounted: set[Word]) -> bool:
        """Every amount printed in the band must have been read into a cell: list those that were not."""
        ocr = page.method == "ocr"
        missed = [w for w in words if w not in accounted and is_printed_amount(w.text, ocr)
                  and not _page_number(w, page) and not _starts_a_name(w, words)]
        if missed:
            table = self._open.table.table_key
            shown = ", ".join(f"{w.text!r} at ({w.x0:.0f}, {w.top:.0f})" for w in missed[:12])
            shown += " …" if len(missed) > 12 else ""
            self.problems.append(TableProblem(
                page.number, f"table {table}: {len(missed)} printed amount(s) not read into any cell: {shown}",
                table, "", "", "amounts_not_read"))
        return bool(missed)

    def _none_read(self, page: PageContent, words: list[Word], codes: set[Word]) -> None:
        """A table page that prints amounts and yields no cell at all has lost them, wherever the reading
        put them (a frame around unruled rows read as one header cell): never a silent empty table. The codes
        of its rows are no amounts, nor are figures shaped like codes where no row was read (an empty template
        prints codes only)."""
        printed = [w for w in _amounts_in(words, page.method == "ocr") if w not in codes and not _page_number(w, page)]
        if printed and not all(_CODE_SHAPED.fullmatch(w.text.strip()) for w in printed):
            table = self._open.table.table_key
            shown = ", ".join(repr(w.text) for w in printed[:6]) + (" …" if len(printed) > 6 else "")
            self.problems.append(TableProblem(
                page.number, f"table {table}: the page prints {len(printed)} amount(s) ({shown}) and none was read "
                "into a cell", table, "", "", "amounts_not_read"))

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
                        table.table_key, row, c.column_key, "ocr_suspicious", Severity.WARNING))

    def _units_row(self, side: str, label: str) -> str:
        """A table by unit (a unit's row, then what it spends on: 广州市统计局（本级）, 工资福利支出 …,
        广州市统计普查中心, 工资福利支出 …): a row under a unit's row is that unit's (unit/name); a unit's own row
        keeps its name."""
        units = self._open.units
        if is_unit_name(label):
            units[side] = label
            return label
        if side in units and label not in TOTAL_ROWS:
            return f"{units[side]}/{label}"
        return label

    def _emit(self, row, page: PageContent, ocr: bool) -> None:
        state = self._open
        table = state.table
        if self._reprinted(row, page.number):
            return
        label = row.row_label
        by_unit = not row.code and label and (table_spec := spec.get(state.kind)) is not None and table_spec.named_rows
        own = self._units_row(row.side, label) if by_unit else label
        if own != label:
            label = own  # a unit's row: named by its unit, never as a repeat of another unit's
        elif not row.code and label:
            # a name printed again is a sub-row of the row above ("年初财政拨款结转和结余" then its
            # "一般公共预算财政拨款"), unless it prints other columns (09 stacked: 合计 预算数, 合计 决算数)
            keys = {k for k, c in row.values.items() if c.text.strip()}
            used = state.used_labels.setdefault((row.side, label), set())
            if used & keys and state.last_parent.get(row.side):
                label = f"{state.last_parent[row.side]}/{label}"
            else:
                state.last_parent[row.side] = label
                used |= keys
        wide = {"side": row.side, "code": row.code, "row_label": label, "page": page.number}
        if ocr and MISREAD_CODE.search(label):
            self.problems.append(TableProblem(
                page.number, f"table {table.table_key}, row {row.code or label!r}: the row name read by OCR holds "
                "digits that form no classification code (a misread or neighbouring code); its code may be wrong",
                table.table_key, row.code or label, "", "ocr_suspicious", Severity.WARNING))
        unit = table.unit or "元"
        level = _classify(state.kind, row.code)
        for key, cell in row.values.items():
            text = cell.text.strip()
            wide[key] = text
            try:
                amount, rule = parse_ocr_amount(text) if ocr else (parse_amount(text), "")
                if amount is not None:
                    check_storable(amount, text)
                    check_storable(to_yuan(amount, unit), text)
            except AmountError as exc:
                if isinstance(exc, AmountRangeError):
                    why = str(exc)
                else:
                    why = f"cannot read amount {text!r}"
                    why += " (several amounts in one cell: rows run together)" if exc.several else ""
                table.unreadable.add((row.side, row.code or label, key))
                self.problems.append(TableProblem(
                    page.number, f"table {table.table_key}, row {row.code or label!r}, column {key}: {why}",
                    table.table_key, row.code or label, key))
                continue
            where = f"table {table.table_key}, row {row.code or label!r}, column {key}"
            if rule:
                self.problems.append(TableProblem(
                    page.number, f"{where}: OCR read {text!r}, taken as {amount} ({rule})", table.table_key,
                    row.code or label, key, "ocr_repair", Severity.WARNING if amount is not None else Severity.INFO))
            if ocr and cell.conf < LOW_CONFIDENCE:
                self.problems.append(TableProblem(
                    page.number, f"{where}: OCR confidence {cell.conf:.2f} for {text!r}", table.table_key,
                    row.code or label, key, "low_confidence", Severity.WARNING))
            if amount is None or amount == 0:
                continue
            table.cells.append(Cell(
                table_key=table.table_key, side=row.side, code=row.code, row_label=label, column_key=key,
                value=text, amount=amount, unit=unit, amount_yuan=to_yuan(amount, unit), page=page.number,
                method="ocr" if ocr else "text", bbox=cell.bbox, conf=cell.conf,
                code_level=level,
            ))
        table.rows.append(wide)


def _classify(table_key: str, code: str) -> str:
    """The code's level; its standard name depends on the report's year, known once every page is
    read, so juesuan/names.py gives it."""
    return level_of(table_key, code)

