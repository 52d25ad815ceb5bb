"""The output contract, checked: every cell of a standard table is keyed by that table's columns
and rows, or a finding says it is not. A wrong key must never pass as a clean cell."""
from __future__ import annotations

from .extract.columns import MANDATORY_COLUMNS, STANDARD_COLUMNS
from .model import Document, Finding, Table

# rows of the two-sided summaries printed without a code, by table and side
SUMMARY_ROWS = {
    ("income_expenditure_summary", "收入"): {
        "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
        "经营收入", "附属单位上缴收入", "其他收入", "本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"},
    ("income_expenditure_summary", "支出"): {"本年支出合计", "结余分配", "年末结转和结余", "总计"},
    ("fiscal_appropriation_summary", "收入"): {
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "本年收入合计", "年初财政拨款结转和结余", "总计"},
    ("fiscal_appropriation_summary", "支出"): {"本年支出合计", "年末财政拨款结转和结余", "总计"},
}
SUMMARY_SUB_ROWS = {"一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}  # under 年初…结转和结余
TOTAL_ROWS = {"合计", "总计", "人员经费合计", "公用经费合计"}


def check_contract(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for table in doc.tables:
        columns = STANDARD_COLUMNS.get(table.table_key)
        if columns is None:
            continue  # tables outside the nine keep the keys they print
        findings += _columns(doc, table, columns)
        findings += _rows(doc, table)
    return findings


def _finding(doc: Document, table: Table, row: str, column: str, rule: str, severity: str, message: str, page: int | None) -> Finding:
    return Finding(doc.doc_id, table.table_key, row, column, rule, None, None, None, severity,
                   f"{doc.source_file}: page {page}: table {table.table_key}: {message}", page)


def _columns(doc: Document, table: Table, columns: dict[str, list[str]]) -> list[Finding]:
    out = []
    unknown: dict[tuple[str, str], list] = {}
    for cell in table.cells:
        if cell.column_key not in columns.get(cell.side, []):
            unknown.setdefault((cell.side, cell.column_key), []).append(cell)
    for (side, key), cells in unknown.items():
        where = f"{side} side, " if side else ""
        out.append(_finding(doc, table, "", key, "unknown_column", "error",
                            f"{where}column {key!r} is none of the table's standard columns ({len(cells)} cells, e.g. {cells[0].value!r} "
                            f"in row {cells[0].code or cells[0].row_label!r}); its cells are kept under that key", cells[0].page))
    if table.cells:
        printed = {(c.side, c.column_key) for c in table.cells} | {(s, k) for s in columns for k in table.header}
        for side, keys in MANDATORY_COLUMNS[table.table_key].items():
            for key in keys:
                if (side, key) not in printed:
                    out.append(_finding(doc, table, "", key, "missing_column", "error",
                                        f"no column {key!r}{' on the ' + side + ' side' if side else ''}: the header was not read as printed",
                                        table.pages[0] if table.pages else None))
    return out


def _rows(doc: Document, table: Table) -> list[Finding]:
    """A row of a coded table needs its code; rows of the summaries printed by name need a known name."""
    out, seen = [], set()
    for cell in table.cells:
        row = (cell.side, cell.code, cell.row_label)
        if cell.code or row in seen:
            continue
        seen.add(row)
        known = SUMMARY_ROWS.get((table.table_key, cell.side))
        names = cell.row_label.split("/")
        if known is not None and all(n in known | SUMMARY_SUB_ROWS for n in names) or known is None and cell.row_label in TOTAL_ROWS:
            continue
        out.append(_finding(doc, table, cell.row_label, "", "unkeyed_row", "warning",
                            f"row {cell.row_label!r}{' (' + cell.side + ')' if cell.side else ''} has no classification code and is not a "
                            "standard row of this table: its cells are keyed by the printed name", cell.page))
    return out
