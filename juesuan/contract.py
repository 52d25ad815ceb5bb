"""The output contract, checked: every cell of a standard table is keyed by that table's columns
and rows, or a finding says it is not. A wrong key must never pass as a clean cell."""
from __future__ import annotations

import regex as re

from juesuan.extract.budget_columns import is_standard
from juesuan.extract.columns import MANDATORY_COLUMNS, STANDARD_COLUMNS
from juesuan.model import Document, Finding, Table

# rows of the two-sided summaries printed without a code, by table and side
SUMMARY_ROWS = {
    ("income_expenditure_summary", "收入"): {
        "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
        "经营收入", "附属单位上缴收入", "其他收入", "本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"},
    ("income_expenditure_summary", "支出"): {"本年支出合计", "结余分配", "年末结转和结余", "总计"},
    ("fiscal_appropriation_summary", "收入"): {
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "本年收入合计", "年初财政拨款结转和结余", "总计",
        "年初结转和结余"},  # as Xi'an words it
    ("fiscal_appropriation_summary", "支出"): {"本年支出合计", "年末财政拨款结转和结余", "总计", "年末结转和结余"},
}
SUMMARY_SUB_ROWS = {"一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}  # under 年初…结转和结余
TOTAL_ROWS = {"合计", "总计", "人员经费合计", "公用经费合计"}

# Budgets (部门预算): the rows their two-sided summaries print by name, as regions word them
_BUDGET_SOURCES = {
    "财政拨款", "财政拨款收入", "财政拨款资金", "一般公共预算", "一般公共预算资金", "一般公共预算拨款", "一般公共预算拨款收入",
    "一般公共预算收入", "政府性基金", "政府性基金预算", "政府性基金预算资金", "政府性基金拨款", "政府性基金拨款收入", "政府性基金收入",
    "政府性基金预算拨款收入", "政府性基金预算收入",
    "国有资本经营预算", "国有资本经营预算资金", "国有资本经营预算拨款", "国有资本经营预算拨款收入", "国有资本经营预算收入"}
_BUDGET_INCOME_ROWS = _BUDGET_SOURCES | {
    "财政专户管理资金", "财政专户管理资金收入", "单位资金", "其他资金", "事业收入", "事业单位经营收入", "经营收入", "其他收入",
    "上级补助收入", "附属单位上缴收入", "当年收入小计", "本年收入合计", "本年收入小计", "收入合计", "上年结转资金", "上年结转",
    "上年结转和结余", "用事业基金弥补收支差额", "总计",
    "本年收入", "上年结转结余",  # "一、本年收入" over its items (Changsha, Changchun); Beijing's carry-over
    "预算拨款", "本级财政拨款收入"}  # 财政拨款收入 as Guangzhou and Changsha name it
_BUDGET_SPENDING_ROWS = {"基本支出", "项目支出", "单位预留机动经费", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出",
                         "当年支出小计", "本年支出合计", "本年支出小计", "支出合计", "结转下年资金", "结转下年", "总计",
                         "本年支出"}
SUMMARY_ROWS.update({
    ("budget_summary", "收入"): _BUDGET_INCOME_ROWS, ("budget_summary", "支出"): _BUDGET_SPENDING_ROWS,
    ("budget_fiscal_summary", "收入"): _BUDGET_SOURCES | {"收入合计", "本年收入合计", "上年结转", "上年结转资金", "总计",
                                                         "本年收入", "上年结转结余"},
    ("budget_fiscal_summary", "支出"): _BUDGET_SPENDING_ROWS,
})
NAMED_ROW_TABLES = {"budget_income", "budget_procurement", "budget_project"}  # may print no code at all


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


def known_column(table_key: str, side: str, key: str) -> bool:
    """Whether a column key is one of a standard table's (a table outside the nine keeps any key it prints):
    what `unknown_column` findings test, and what `juesuan review` uses to find the cells they name."""
    columns = STANDARD_COLUMNS.get(table_key)
    return columns is None or key in columns.get(side, []) or is_standard(table_key, side, key)


def _columns(doc: Document, table: Table, columns: dict[str, list[str]]) -> list[Finding]:
    out = []
    unknown: dict[tuple[str, str], list] = {}
    for cell in table.cells:
        if not known_column(table.table_key, cell.side, cell.column_key):
            unknown.setdefault((cell.side, cell.column_key), []).append(cell)
    for (side, key), cells in unknown.items():
        where = f"{side} side, " if side else ""
        out.append(_finding(doc, table, "", key, "unknown_column", "error",
                            f"{where}column {key!r} is none of the table's standard columns ({len(cells)} cells, e.g. {cells[0].value!r} "
                            f"in row {cells[0].code or cells[0].row_label!r}); its cells are kept under that key", cells[0].page))
    if table.cells:
        printed = {(c.side, c.column_key) for c in table.cells} | {(s, k) for s in columns for k in table.header}
        for side, keys in MANDATORY_COLUMNS[table.table_key].items():
            for key in keys:  # "合计|预算数": either
                if not any((side, k) in printed for k in key.split("|")):
                    out.append(_finding(doc, table, "", key, "missing_column", "error",
                                        f"no column {' or '.join(map(repr, key.split('|')))}{' on the ' + side + ' side' if side else ''}: the header was not read as printed",
                                        table.pages[0] if table.pages else None))
    return out


_PLACE = re.compile(r"^.{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗)")
_ORGANISATION = re.compile(r"(?:局|中心|委员会|办公室|办事处|院|所|站|队|馆|处|室|会|社)$")


def _unit_row(department: str, label: str) -> bool:
    """A row of a table by unit: the department itself, or a unit of its place ("湖州市财政票据管理中心" in
    湖州市财政局's 三公 table; Changsha's 三公 table by 部门名称), named as it is, no unkeyed row."""
    if not department or not label:
        return False
    place = _PLACE.match(department)
    return label == department or bool(place and label.startswith(place.group(0)) and _ORGANISATION.search(label))


def _rows(doc: Document, table: Table) -> list[Finding]:
    """A row of a coded table needs its code; rows of the summaries printed by name need a known name."""
    out, seen = [], set()
    if table.table_key in NAMED_ROW_TABLES and not any(c.code for c in table.cells):
        return out  # a table whose rows are all named (收入预算总表 by source, 政府采购 by item, projects)
    for cell in table.cells:
        row = (cell.side, cell.code, cell.row_label)
        if cell.code or row in seen or _unit_row(doc.department, cell.row_label):
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
