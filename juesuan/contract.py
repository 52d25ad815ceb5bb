"""The output contract, checked: every cell of a standard table is keyed by that table's columns
and rows, or a finding says it is not. A wrong key must never pass as a clean cell."""
from __future__ import annotations

from juesuan import spec
from juesuan.errors import Severity
from juesuan.model import Document, Finding, Table
from juesuan.normalize.units import unit_of_place
from juesuan.spec.words import SUMMARY_SUB_ROWS, TOTAL_ROWS


def check_contract(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for table in doc.tables:
        columns = spec.standard_columns(table.table_key)
        if columns is None:
            continue  # tables outside the catalogue keep the keys they print
        findings += _columns(doc, table, columns)
        findings += _rows(doc, table)
    return findings


def _finding(doc: Document, table: Table, row: str, column: str, rule: str, severity: Severity, message: str,
             page: int | None) -> Finding:
    return Finding.new(
        doc.doc_id,
        rule,
        severity,
        f"{doc.source_file}: page {page}: table {table.table_key}: {message}",
        table=table.table_key,
        row=row,
        column=column,
        page=page,
    )


def known_column(table_key: str, side: str, key: str) -> bool:
    """Whether a column key is one of a standard table's (a table outside the nine keeps any key it prints):
    what `unknown_column` findings test, and what `juesuan review` uses to find the cells they name."""
    return spec.is_standard_column(table_key, side, key)


def _columns(doc: Document, table: Table, columns: dict[str, tuple[str, ...]]) -> list[Finding]:
    out = []
    unknown: dict[tuple[str, str], list] = {}
    for cell in table.cells:
        if not known_column(table.table_key, cell.side, cell.column_key):
            unknown.setdefault((cell.side, cell.column_key), []).append(cell)
    for (side, key), cells in unknown.items():
        where = f"{side} side, " if side else ""
        out.append(
            _finding(
                doc,
                table,
                "",
                key,
                "unknown_column",
                Severity.ERROR,
                f"{where}column {key!r} is none of the table's standard columns "
                f"({len(cells)} cells, e.g. {cells[0].value!r} "
                f"in row {cells[0].code or cells[0].row_label!r}); its cells are kept under that key",
                cells[0].page,
            )
        )
    if table.cells:
        printed = {(c.side, c.column_key) for c in table.cells} | {(s, k) for s in columns for k in table.header}
        for side, keys in spec.get(table.table_key).mandatory.items():
            for key in keys:  # "合计|预算数": either
                if not any((side, k) in printed for k in key.split("|")):
                    out.append(
                        _finding(
                            doc,
                            table,
                            "",
                            key,
                            "missing_column",
                            Severity.ERROR,
                            f"no column {' or '.join(map(repr, key.split('|')))}"
                            f"{' on the ' + side + ' side' if side else ''}: the header was not read as printed",
                            table.pages[0] if table.pages else None,
                        )
                    )
    return out


def _unit_row(department: str, label: str) -> bool:
    """A row of a table by unit: the department itself, or a unit of its place ("湖州市财政票据管理中心" in
    湖州市财政局's 三公 table; Changsha's 三公 table by 部门名称), named as it is, no unkeyed row."""
    return unit_of_place(department, label)


def _rows(doc: Document, table: Table) -> list[Finding]:
    """A row of a coded table needs its code; rows of the summaries printed by name need a known name."""
    out, seen = [], set()
    table_spec = spec.get(table.table_key)
    if table_spec.named_rows and not any(c.code for c in table.cells):
        return out  # a table whose rows are all named (收入预算总表 by source, 政府采购 by item, projects)
    for cell in table.cells:
        row = (cell.side, cell.code, cell.row_label)
        if cell.code or row in seen or _unit_row(doc.department, cell.row_label):
            continue
        seen.add(row)
        known = table_spec.summary_rows.get(cell.side)
        names = cell.row_label.split("/")
        if (
            known is not None
            and all(n in known | SUMMARY_SUB_ROWS for n in names)
            or known is None
            and cell.row_label in TOTAL_ROWS
        ):
            continue
        out.append(
            _finding(
                doc,
                table,
                cell.row_label,
                "",
                "unkeyed_row",
                Severity.WARNING,
                f"row {cell.row_label!r}{' (' + cell.side + ')' if cell.side else ''} has no classification code "
                "and is not a "
                "standard row of this table: its cells are keyed by the printed name",
                cell.page,
            )
        )
    return out
