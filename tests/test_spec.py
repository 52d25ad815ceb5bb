"""The table catalogue (juesuan/spec): consistent with itself, the README written from it, and a new table one entry.

The toy table `assets` (部门资产决算表, 公开10表) is registered for one test at a time: titles, numbers, header words,
the contract, the checks and the README's key tables all pick it up, and the whole pipeline reads a page of it.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import regex as re

from conftest import ROOT
from juesuan import spec
from juesuan.contract import check_contract, known_column
from juesuan.extract.columns import resolve_column, resolve_columns
from juesuan.extract.titles import match_title, numbered_table
from juesuan.model import Cell, Document, Table
from juesuan.spec import BUDGET, FINAL, Identity, TableSpec
from juesuan.spec.cross import BUDGET_CROSS, COUNTERPARTS, FINAL_CROSS
from juesuan.spec.markdown import key_tables, readme_block
from juesuan.spec.table import CODES, HEADER_RULES
from juesuan.validate import validate_document

ASSET_WORDS = {"合计": ("合计", "资产总计"), "流动资产": ("流动资产",), "非流动资产": ("非流动资产",)}
ASSETS = TableSpec(
    "assets", FINAL, "部门资产决算表", (re.compile(r"资产决算表"),), ("10",),
    header_words={"": (ASSET_WORDS,)}, columns={"": ("合计", "流动资产", "非流动资产")}, mandatory={"": ("合计",)},
    identities=(Identity("合计", ("流动资产", "非流动资产")),))


@pytest.mark.parametrize("report", [FINAL, BUDGET])
def test_every_public_number_names_one_table_per_report_kind(report):
    numbers = [n for t in spec.specs(report) for n in t.numbers]
    assert len(numbers) == len(set(numbers)), sorted(numbers)
    assert all(re.fullmatch(r"\d{2}", n) for n in numbers)
    assert sorted(numbers)[:9] == [f"{i:02d}" for i in range(1, 10)]  # both kinds number 01–09 at least


def test_keys_are_unique_named_in_keys_py_and_say_their_report():
    from juesuan.spec import keys
    named = {v for k, v in vars(keys).items() if k.isupper() and k not in ("FINAL", "BUDGET")}
    assert set(spec.table_keys()) == named
    assert all(t.report in (FINAL, BUDGET) for t in spec.specs())
    assert all(spec.report_of_key(t.key) == t.report for t in spec.specs())
    assert all(t.key.startswith("budget_") == (t.report == BUDGET) for t in spec.specs())


def _declared(table: TableSpec, side: str) -> set[str]:
    return set(table.standard_columns(side))


@pytest.mark.parametrize("table", spec.specs(), ids=lambda t: t.key)
def test_identities_and_mandatory_columns_name_declared_columns(table):
    sides = table.sides
    for identity in table.identities:
        assert identity.side in ("", *sides), identity
        for side in ([identity.side] if identity.side else sides):
            missing = set(identity.columns()) - _declared(table, side)
            assert not missing, f"{table.key}: identity {identity} names undeclared {missing} on side {side!r}"
    for side, keys in table.mandatory.items():
        assert side in sides, (table.key, side)
        for key in keys:
            for alternative in key.split("|"):
                assert alternative in _declared(table, side), (table.key, side, alternative)
    if table.columns is not None:
        assert set(table.columns) == set(sides), table.key
        assert set(table.mandatory) == set(sides), f"{table.key}: every side has a mandatory column"


@pytest.mark.parametrize("table", spec.specs(), ids=lambda t: t.key)
def test_fields_hold_known_values(table):
    assert table.header_rule in HEADER_RULES and table.codes in CODES
    assert table.sides in (("",), ("收入", "支出"))
    assert set(table.header_words) <= {"", *table.sides}
    assert table.title_patterns and all(isinstance(p, re.Pattern) for p in table.title_patterns)
    assert set(table.summary_rows) <= set(table.sides)
    assert table.text_only == (table.columns is None)  # a table of text keeps what it prints, nothing else may


@pytest.mark.parametrize("table", spec.specs(), ids=lambda t: t.key)
def test_each_table_title_finds_its_own_table_through_the_catalogue_order(table):
    """The README's title, its optional parts (in brackets) left out, is matched to its own key: the patterns are
    right and tried in an order where no earlier table takes another's title."""
    title = re.sub(r"\([^()]*\)", "", table.title.split(" / ")[0])
    assert match_title(f"2023年{title}") == table.key


def test_a_spec_is_frozen_and_its_mappings_read_only():
    table = spec.get("income")
    with pytest.raises(AttributeError):
        table.key = "x"
    with pytest.raises(TypeError):
        table.columns[""] = ("x",)


def test_the_readme_key_tables_are_the_generated_ones():
    """Edit juesuan/spec, then `python -m juesuan.spec --write-readme`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_block(readme), "README.md has no generated key tables"
    assert readme_block(readme) == key_tables(), "README key tables are stale: python -m juesuan.spec --write-readme"


def test_the_generated_tables_list_every_table_once():
    text = key_tables()
    lines = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    rows = [line.split(" | ")[0].strip("| ") for line in lines]
    assert sorted(r for r in rows if r != "table_key") == sorted(spec.table_keys())


# ---- a new standard table is one entry ----

def test_a_registered_table_is_read_by_titles_numbers_columns_contract_checks_and_readme():
    title = "某某局2023年度部门资产决算表"
    assert match_title(title) is None and numbered_table("10", FINAL) == ""
    with spec.registered(ASSETS):
        assert match_title(title) == "assets"
        assert numbered_table("10", FINAL) == "assets" and numbered_table("10", BUDGET) != "assets"
        assert resolve_column("assets", "", ["资产总计"]) == "合计"
        assert resolve_columns("assets", [("", ["流动资产"]), ("", ["其他"])]) == ["流动资产", "其他"]
        assert known_column("assets", "", "流动资产") and not known_column("assets", "", "其他")
        assert "assets" in spec.final_keys() and "| assets | 部门资产决算表 (10) |" in key_tables()
        doc = _doc([("201", "流动资产", "10"), ("201", "非流动资产", "5"), ("201", "其他", "1")])
        rules = sorted((f.rule, f.column) for f in check_contract(doc))
        assert rules == [("missing_column", "合计"), ("unknown_column", "其他")]
        sums = _doc([("201", "合计", "16"), ("201", "流动资产", "10"), ("201", "非流动资产", "5")])
        assert [(f.rule_id, f.expected, f.found) for f in validate_document(sums)] == \
            [("row_sum", Decimal("15"), Decimal("16"))]
    assert match_title(title) is None and "assets" not in spec.table_keys()  # gone with the block
    assert known_column("assets", "", "其他")  # outside the catalogue a table keeps any key


def _doc(cells: list[tuple[str, str, str]]) -> Document:
    made = [Cell("assets", "", code, "一般公共服务支出", column, value, Decimal(value), "元", Decimal(value), 1, "text",
                 (0, 0, 0, 0)) for code, column, value in cells]
    rows = [{"side": "", "code": "201", "row_label": "一般公共服务支出", **{c.column_key: c.value for c in made}}]
    table = Table("assets", "部门资产决算表", [1], "元", list(dict.fromkeys(c.column_key for c in made)), rows, made)
    return Document("toy.pdf", "toy", report=FINAL, tables=[table])


_ROWS = [("", "合计", "300.00", "100.00", "200.00"), ("201", "一般公共服务支出", "300.00", "100.00", "200.00"),
         ("20101", "人大事务", "120.00", "20.00", "90.00"), ("20102", "政协事务", "180.00", "80.00", "110.00")]


def _assets_pdf(path: Path) -> Path:
    """One ruled page of the toy table, its 20101 and 20102 rows breaking 合计 = 流动资产 + 非流动资产."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    page.setFont("STSong-Light", 14)
    page.drawCentredString(width / 2, height - 60, "某某局2023年度部门资产决算表")
    page.setFont("STSong-Light", 9)
    page.drawString(60, height - 85, "编制单位：某某局")
    page.drawRightString(width - 60, height - 85, "单位：万元")
    xs, top, step = [60, 130, 260, 350, 440, width - 60], height - 95, 20
    rows = [["科目编码", "科目名称", "资产总计", "流动资产", "非流动资产"], *map(list, _ROWS)]
    for i in range(len(rows) + 1):
        page.line(xs[0], top - i * step, xs[-1], top - i * step)
    for x in xs:
        page.line(x, top, x, top - len(rows) * step)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if j >= 2 and i > 0:
                page.drawRightString(xs[j + 1] - 4, top - i * step - 14, text)
            else:
                page.drawString(xs[j] + 4, top - i * step - 14, text)
    page.showPage()
    page.save()
    return path


def test_the_pipeline_reads_a_registered_table_from_a_pdf(tmp_path):
    from juesuan.pipeline import Options, extract_document

    pdf = _assets_pdf(tmp_path / "assets.pdf")
    before = extract_document(pdf, Options(ocr="never"))
    assert [t.table_key for t in before.tables] == ["部门资产决算表"]  # not a standard table: kept as printed
    assert before.tables[0].header == ["资产总计", "流动资产", "非流动资产"] and not before.findings
    with spec.registered(ASSETS):
        doc = extract_document(pdf, Options(ocr="never"))
    assert [t.table_key for t in doc.tables] == ["assets"]
    assert doc.tables[0].header == ["合计", "流动资产", "非流动资产"]
    assert len(doc.tables[0].cells) == 12
    assert sorted((f.rule_id, f.row, str(f.expected), str(f.found)) for f in doc.findings) == [
        ("row_sum", "20101", "110.00", "120.00"), ("row_sum", "20102", "190.00", "180.00")]


@pytest.mark.parametrize("cross,report", [(c, FINAL) for c in FINAL_CROSS] + [(c, BUDGET) for c in BUDGET_CROSS],
                         ids=lambda c: "-".join(c.tables()) if hasattr(c, "tables") else str(c))
def test_cross_table_identities_name_tables_and_columns_the_catalogue_declares(cross, report):
    for figure in (cross.a, cross.b):
        table = spec.get(figure.table)
        assert table is not None and table.report == report, figure
        assert figure.side in table.sides, figure
        for column in figure.columns:  # each alternative a region prints
            assert column in table.standard_columns(figure.side), (figure.table, figure.side, column)
        assert bool(figure.rows) != cross.per_code, figure  # rows given, or one per class code


@pytest.mark.parametrize("pair", COUNTERPARTS, ids=lambda p: p.final)
def test_each_counterpart_pairs_a_final_table_with_a_budget_table_on_declared_columns(pair):
    final, budget = spec.get(pair.final), spec.get(pair.budget)
    assert final.report == FINAL and budget.report == BUDGET
    for final_column, budget_columns in pair.columns.items():
        assert final_column in final.standard_columns(pair.side), final_column
        assert set(budget_columns) <= set(budget.standard_columns(pair.side)), budget_columns


def test_the_scorer_scores_every_table_of_the_catalogue_but_tables_of_text():
    """scripts/score.py keeps its own list (the judge stays apart from what it judges); a new table joins both."""
    from conftest import load_script
    assert load_script("score").STANDARD_TABLES == {t.key for t in spec.specs() if not t.text_only}


def test_python_m_juesuan_spec_prints_the_key_tables(capsys):
    from juesuan.spec.__main__ import main
    assert main(["--markdown"]) == 0
    assert capsys.readouterr().out == key_tables() + "\n"


@pytest.mark.parametrize("table", [t for t in spec.specs() if t.summary_totals], ids=lambda t: t.key)
def test_summary_totals_name_a_side_its_columns_and_a_subtotal_the_summary_prints(table):
    for rule in table.summary_totals:
        assert rule.side in table.sides and rule.subtotal in table.summary_rows[rule.side]
        assert set(rule.columns) <= set(table.standard_columns(rule.side))
        assert all(words and words[0] in table.summary_rows[rule.side] for words in rule.carry_overs)
