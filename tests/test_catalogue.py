"""The catalogue learnt from reports (`juesuan catalogue`), the names it gives to cells, and the name findings.

Small cell tables written here stand for extracted reports; the shipped observed edition and the
last tests use the real reports of ../shared/real (skipped where they are absent).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import REAL, ROOT, load_script
from fixture_runs import GENERATED, extracted
from juesuan.cache import ResultCache
from juesuan.catalogue import READ_COLUMNS, learn, write_catalogue
from juesuan.cli import main
from juesuan.dataset import read_cells, write_dataset
from juesuan.model import Cell, Document, Table
from juesuan.names import name_cells
from juesuan.normalize import codes
from juesuan.normalize.codes import CodeBook, catalogue_files, place, table_classification
from juesuan.pipeline import Options
from juesuan.records import CELL_COLUMNS

NAME_RULES = {"name_differs", "code_unseen", "hierarchy_gap", "classification_mismatch"}


def frame(*rows: tuple) -> pd.DataFrame:
    """Printed coded rows (doc_id, year, table_key, code, row_label) as a cells frame."""
    return pd.DataFrame(
        [dict(zip(READ_COLUMNS, (d, f"{d}.pdf", str(y), t, c, n))) for d, y, t, c, n in rows], columns=READ_COLUMNS
    )


def catalogue(tmp_path: Path, *rows: tuple, name: str = "cat.csv") -> Path:
    path = tmp_path / name
    write_catalogue(learn(frame(*rows)), path)
    return path


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def document(year: int | None, tables: dict[str, list[tuple[str, str]]], doc_id: str = "d-0000000a") -> Document:
    """A read report: per table key, its printed (code, name) rows, each with one amount."""
    doc = Document(f"/in/{doc_id}.pdf", doc_id, year=year)
    for key, rows in tables.items():
        table = Table(key, key, [3], "万元", ["本年支出合计"], [])
        for code, label in rows:
            table.rows.append({"side": "", "code": code, "row_label": label, "page": 3, "本年支出合计": "1.00"})
            table.cells.append(
                Cell(
                    key,
                    "",
                    code,
                    label,
                    "本年支出合计",
                    "1.00",
                    Decimal(1),
                    "万元",
                    Decimal(10000),
                    3,
                    "text",
                    (0, 0, 1, 1),
                )
            )
        doc.tables.append(table)
    return doc


def names(doc: Document) -> dict[tuple[str, str], tuple[str, str]]:
    return {(c.table_key, c.code): (c.standard_name, c.name_source) for t in doc.tables for c in t.cells}


def findings(found, rule: str) -> list:
    return [f for f in found if f.rule == rule]


# --- the consensus -----------------------------------------------------------------------------

def test_consensus_counts_documents_not_rows_and_keeps_every_variant():
    rows = learn(
        frame(
            ("a", 2024, "expenditure", "20805", "行政事业单位养老支出"),
            ("a", 2024, "income", "20805", "行政事业单位养老支出"),
            ("a", 2024, "general_budget_expenditure", "20805", "行政事业单位养老支出"),
            ("b", 2024, "expenditure", "20805", "行政事业单位离退休"),
            ("c", 2024, "expenditure", "20805", "行政事业单位离退休"),
            ("c", 2024, "income", "20805", "行政事业单位养老支出"),  # a document printing two names counts for both
        )
    ).rows
    assert len(rows) == 1
    r = rows[0]
    assert (r["classification"], r["code"], r["year"], r["level"], r["parent"]) == (
        "function",
        "20805",
        2024,
        "款",
        "208",
    )
    assert r["documents"] == 3
    assert json.loads(r["variants"]) == {"行政事业单位养老支出": 2, "行政事业单位离退休": 2}
    assert r["name"] == "行政事业单位养老支出"  # a tie: the first in code-point order (养 U+517B < 离 U+79BB)


def test_a_tie_is_broken_the_same_way_whatever_the_order_of_the_inputs(tmp_path):
    rows = [
        ("a", 2024, "expenditure", "2130599", "其他巩固脱贫衔接乡村振兴支出"),
        ("b", 2024, "expenditure", "2130599", "其他扶贫支出"),
    ]
    write_catalogue(learn(frame(*rows)), tmp_path / "one.csv")
    write_catalogue(learn(frame(*reversed(rows))), tmp_path / "two.csv")
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert read(tmp_path / "one.csv").name.tolist() == [min("其他巩固脱贫衔接乡村振兴支出", "其他扶贫支出")]


def test_ordinals_letter_spacing_and_full_width_forms_are_one_name():
    rows = learn(
        frame(
            ("a", 2023, "expenditure", "201", "一、一般公共服务支出"),
            ("b", 2023, "expenditure", "201", "（一）一般公共服务支出"),
            ("c", 2023, "expenditure", "201", "一 般 公 共 服 务 支 出"),
            ("a", 2023, "general_budget_basic_expenditure", "30213", "维修(护)费"),
            ("b", 2023, "general_budget_basic_expenditure", "30213", "维修（护）费"),
            ("c", 2023, "general_budget_basic_expenditure", "30213", "维修 （护） 费"),
        )
    ).rows
    assert {(r["code"], r["name"], r["variants"]) for r in rows} == {
        ("201", "一般公共服务支出", '{"一般公共服务支出":3}'), ("30213", "维修（护）费", '{"维修（护）费":3}')}


def test_rows_that_are_no_evidence_are_left_out_and_counted():
    learnt = learn(frame(
        ("a", 2024, "income_expenditure_summary", "208", "社会保障和就业支出"),  # 01: codes inferred from class names
        ("a", 2024, "部门财政拨款收支预算总表", "201", "一般公共服务支出"),
        ("a", 2024, "expenditure", "30101", "基本工资"),  # an economic code in a function table
        ("a", 2024, "部门一般公共预算基本支出部门预算经济分类预算表", "301", "2津贴补贴"),  # the tail of a misread code
        ("a", 2024, "expenditure", "2080505", ""),
        ("a", "", "expenditure", "2080506", "机关事业单位职业年金缴费支出"),  # no year
        ("a", 2024, "expenditure", "2080501", "行政单位离退休"),
    ))
    assert [(r["code"], r["name"]) for r in learnt.rows] == [("2080501", "行政单位离退休")]
    assert dict(learnt.left_out) == {"in two-sided summaries": 2, "whose code's form disagrees with its table": 1,
                                     "without a name or with a misread one": 2}
    assert learnt.sources == [{"doc_id": "a", "source_file": "a.pdf", "year": 2024, "rows": 1}]


@pytest.mark.parametrize(
    "table_key, expected",
    [
        ("expenditure", "function"),
        ("income_2", "function"),
        ("general_budget_basic_expenditure", "economic_department"),
        ("部门一般公共预算支出功能分类预算表", "function"),
        ("部门一般公共预算基本支出部门预算经济分类预算表", "economic_department"),
        ("一般公共预算基本支出政府预算经济分类预算表", "economic_government"),
        ("一般公共预算基本支出预算表", "economic"),
        ("一般公共预算机关运行经费支出预算表", "economic"),
        ("财政拨款支出预算表", "function"),
    ],
)
def test_the_table_decides_the_classification(table_key, expected):
    assert table_classification(table_key) == expected


def test_the_codes_form_checks_the_table():
    assert place("一般公共预算基本支出预算表", "50101") == codes.Placement("economic_government", False)
    assert place("一般公共预算基本支出预算表", "301") == codes.Placement("economic_department", False)
    assert place("部门一般公共预算基本支出部门预算经济分类预算表", "50101") == codes.Placement(
        "economic_government", True
    )
    assert place("expenditure", "103") == codes.Placement(None, True)


# --- a name change between two years, end to end -------------------------------------------------

def _outdir(folder: Path, doc_id: str, year: int, rows: list[tuple[str, str, str]]) -> Path:
    """An OUTDIR holding one document's cells.csv: rows of (code, name, amount in 元)."""
    folder.mkdir(parents=True)
    records = [
        {
            **{c: "" for c in CELL_COLUMNS},
            "source_file": f"/in/{doc_id}.pdf",
            "doc_id": doc_id,
            "department": "某某县乡村振兴局",
            "year": year,
            "table_key": "expenditure",
            "code": code,
            "row_label": name,
            "column_key": "本年支出合计",
            "value": amount,
            "unit": "元",
            "amount_yuan": amount,
            "amount": amount,
            "page": 5,
        }
        for code, name, amount in rows
    ]
    pd.DataFrame(records, columns=CELL_COLUMNS).to_csv(folder / "cells.csv", index=False)
    return folder


def test_a_renamed_code_is_recorded_and_diff_by_year_shows_both_names(tmp_path, capsys):
    old = _outdir(
        tmp_path / "2020", "xczx_2020-00000001", 2020, [("213", "农林水支出", "500"), ("21305", "扶贫", "300")]
    )
    new = _outdir(
        tmp_path / "2021",
        "xczx_2021-00000002",
        2021,
        [("213", "农林水支出", "550"), ("21305", "巩固脱贫衔接乡村振兴", "320")],
    )
    assert main(["catalogue", str(old), str(new), "-o", str(tmp_path / "cat.csv")]) == 0
    cat = read(tmp_path / "cat.csv")
    rows = cat[cat.code == "21305"][["year", "name", "previous_name", "first_year", "last_year"]].values.tolist()
    assert rows == [["2020", "扶贫", "", "2020", "2021"], ["2021", "巩固脱贫衔接乡村振兴", "扶贫", "2020", "2021"]]
    assert cat[cat.code == "213"].previous_name.tolist() == ["", ""]
    assert read(tmp_path / "cat.documents.csv").doc_id.tolist() == ["xczx_2020-00000001", "xczx_2021-00000002"]

    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--by-year", "--csv", str(tmp_path / "y.csv")]) == 1
    y = read(tmp_path / "y.csv").set_index("code")
    assert (y.loc["21305", "old_name"], y.loc["21305", "new_name"]) == ("扶贫", "巩固脱贫衔接乡村振兴")
    assert (y.loc["213", "old_name"], y.loc["213", "new_name"]) == ("", "")
    assert "21305 renamed: 扶贫 → 巩固脱贫衔接乡村振兴" in capsys.readouterr().out


# --- names given to cells ------------------------------------------------------------------------

def test_official_then_observed_then_printed(tmp_path):
    book = CodeBook([catalogue(tmp_path, ("o1", 2023, "expenditure", "2080505", "机关事业单位基本养老保险缴费支出"),
                               ("o2", 2023, "expenditure", "2080505", "机关事业单位基本养老保险缴费支出"))])
    doc = document(2024, {"expenditure": [("208", "社会保障和就业支出"), ("2080505", "机关事业单位基本养老保险缴费"),
                                          ("2299999", "其他 支出")]})
    name_cells(doc, book)
    assert names(doc) == {
        ("expenditure", "208"): ("社会保障和就业支出", "official"),
        ("expenditure", "2080505"): ("机关事业单位基本养老保险缴费支出", "observed"),  # 2023, the nearest year
        ("expenditure", "2299999"): ("其他支出", "printed"),
    }


def test_a_dated_edition_names_only_reports_of_its_years(tmp_path):
    """Class names of 2019 on (卫生健康支出) and economic names of 2018 on are not a 2017 report's; the
    legacy names (210 医疗卫生, 30101 in legacy-2017) are never used."""
    book = CodeBook([])
    old = document(
        2017,
        {
            "expenditure": [("210", "医疗卫生与计划生育支出")],
            "general_budget_basic_expenditure": [("30101", "基本工资")],
        },
    )
    new = document(
        2019, {"expenditure": [("210", "卫生健康支出")], "general_budget_basic_expenditure": [("30101", "基本工资")]}
    )
    name_cells(old, book)
    name_cells(new, book)
    assert set(names(old).values()) == {("医疗卫生与计划生育支出", "printed"), ("基本工资", "printed")}
    assert set(names(new).values()) == {("卫生健康支出", "official"), ("基本工资", "official")}


def test_the_nearest_year_and_on_a_tie_the_earlier(tmp_path):
    book = CodeBook([catalogue(tmp_path, ("o1", 2022, "expenditure", "2130599", "其他扶贫支出"),
                               ("o2", 2024, "expenditure", "2130599", "其他巩固脱贫衔接乡村振兴支出"))])
    assert book.name_for("function", "2130599", 2023).standard_name == "其他扶贫支出"
    assert book.name_for("function", "2130599", 2024).standard_name == "其他巩固脱贫衔接乡村振兴支出"
    assert book.name_for("function", "2130599", 2030).standard_name == "其他巩固脱贫衔接乡村振兴支出"
    assert (
        book.name_for("function", "2130599", None).standard_name == "其他巩固脱贫衔接乡村振兴支出"
    )  # no year: the latest


def test_a_report_the_catalogue_learnt_from_leaves_its_own_names_out(tmp_path):
    path = catalogue(
        tmp_path,
        ("d-0000000a", 2024, "expenditure", "21011", "行政事业单位医疗"),
        ("d-0000000a", 2024, "expenditure", "22102", "住房改革支出"),
        ("o1", 2024, "expenditure", "22102", "住房改革支出"),
    )
    book = CodeBook([path])
    doc = document(2024, {"expenditure": [("21011", "行政事业单位医疗"), ("22102", "住房改革支出")]})
    found = name_cells(doc, book)
    assert names(doc) == {("expenditure", "21011"): ("行政事业单位医疗", "printed"),  # only this report has it
                          ("expenditure", "22102"): ("住房改革支出", "observed")}
    assert [f.row for f in findings(found, "code_unseen")] == ["21011"]
    stranger = document(2024, {"expenditure": [("21011", "行政事业单位医疗")]}, doc_id="e-0000000b")
    assert not findings(name_cells(stranger, book), "code_unseen")
    assert names(stranger) == {("expenditure", "21011"): ("行政事业单位医疗", "observed")}


def test_user_catalogues_come_after_the_shipped_ones(tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    catalogue(folder, ("o1", 2024, "expenditure", "2299999", "其他支出"), name="mine.csv")
    monkeypatch.setenv(codes.CATALOGUE_ENV, str(folder))
    files = catalogue_files(("/x/extra.csv",))
    assert files[-2:] == [folder / "mine.csv", Path("/x/extra.csv")]  # FILE.documents.csv is no catalogue
    assert files[0].parent == codes.SCHEMAS and files[0].name.startswith("catalogue_observed-")
    assert codes.codebook().name_for("function", "2299999", 2024).name_source == "observed"


# --- findings ------------------------------------------------------------------------------------

def test_name_differs_needs_three_other_documents_of_that_year(tmp_path):
    agree = [(f"o{i}", 2024, "expenditure", "20805", "行政事业单位养老支出") for i in range(3)]
    book = CodeBook([catalogue(tmp_path, *agree, ("o9", 2023, "expenditure", "20805", "行政事业单位离退休"))])
    found = name_cells(document(2024, {"expenditure": [("20805", "行政事业单位离退休")]}), book)
    assert [(f.rule, f.row, f.severity) for f in found] == [("name_differs", "20805", "info")]
    assert "'行政事业单位离退休' where 3 other documents of 2024 print '行政事业单位养老支出'" in found[0].message
    assert found[0].message.startswith("/in/d-0000000a.pdf: page 3: table expenditure, row 20805")
    assert not name_cells(document(2023, {"expenditure": [("20805", "行政事业单位离退休")]}), book)
    two = CodeBook([catalogue(tmp_path, *agree[:2], name="two.csv")])
    assert not name_cells(document(2024, {"expenditure": [("20805", "行政事业单位离退休")]}), two)


def test_name_differs_counts_other_documents_only(tmp_path):
    """The report itself printed the consensus too (in another table): two others agree, not three."""
    me = "d-0000000a"
    book = CodeBook(
        [
            catalogue(
                tmp_path,
                ("o1", 2024, "expenditure", "20805", "行政事业单位养老支出"),
                ("o2", 2024, "expenditure", "20805", "行政事业单位养老支出"),
                (me, 2024, "income", "20805", "行政事业单位养老支出"),
                (me, 2024, "expenditure", "20805", "养老支出"),
            )
        ]
    )
    doc = document(
        2024, {"income": [("20805", "行政事业单位养老支出")], "expenditure": [("20805", "养老支出")]}, doc_id=me
    )
    assert not findings(name_cells(doc, book), "name_differs")
    doc = document(
        2024,
        {"income": [("20805", "行政事业单位养老支出")], "expenditure": [("20805", "养老支出")]},
        doc_id="e-0000000b",
    )
    assert [f.table for f in findings(name_cells(doc, book), "name_differs")] == ["expenditure"]


def test_code_unseen_once_per_code(tmp_path):
    doc = document(
        2024,
        {
            "income": [("208", "社会保障和就业支出"), ("2299999", "其他支出")],
            "expenditure": [("208", "社会保障和就业支出"), ("2299999", "其他支出"), ("20805", "行政事业单位养老支出")],
        },
    )
    found = findings(name_cells(doc, CodeBook([])), "code_unseen")
    assert [(f.table, f.row, f.severity) for f in found] == [("income", "2299999", "info")]  # 20805 is in legacy-2017


def test_hierarchy_gap_in_tables_that_print_the_levels():
    doc = document(
        2024,
        {
            "expenditure": [
                ("208", "社会保障和就业支出"),
                ("20805", "行政事业单位养老支出"),
                ("2080505", "机关事业单位基本养老保险缴费支出"),
                ("2101101", "行政单位医疗"),
                ("22102", "住房改革支出"),
            ],
            "general_budget_expenditure": [
                ("20805", "行政事业单位养老支出"),
                ("2101101", "行政单位医疗"),
            ],  # prints no 类 row
        },
    )
    found = findings(name_cells(doc, CodeBook([])), "hierarchy_gap")
    assert [(f.table, f.row, f.severity) for f in found] == [
        ("expenditure", "21011", "warning"),
        ("expenditure", "221", "warning"),
    ]
    assert (
        "项 2101101 printed without its 款 21011" in found[0].message
        and "款 22102 printed without its 类 221" in found[1].message
    )


def test_classification_mismatch_names_the_code_by_its_form():
    doc = document(
        2024,
        {"expenditure": [("208", "社会保障和就业支出"), ("30101", "基本工资")], "state_capital": [("106", "其他")]},
    )
    found = findings(name_cells(doc, CodeBook([])), "classification_mismatch")
    assert [(f.table, f.row, f.severity) for f in found] == [
        ("expenditure", "30101", "warning"),
        ("state_capital", "106", "warning"),
    ]
    assert "the code is economic_department (named so) by its form, but the table is function" in found[0].message
    assert names(doc)[("expenditure", "30101")] == ("基本工资", "official")
    assert names(doc)[("state_capital", "106")] == ("其他", "printed")


# --- the command ---------------------------------------------------------------------------------

def test_a_dataset_gives_the_catalogue_of_its_output_directory(tmp_path):
    out = extracted()
    write_dataset(tmp_path / "ds", read_cells(out / "cells.parquet"))
    assert main(["catalogue", str(out), "-o", str(tmp_path / "a.csv")]) == 0
    assert main(["catalogue", str(tmp_path / "ds"), "-o", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.documents.csv").read_bytes() == (tmp_path / "b.documents.csv").read_bytes()
    cat = read(tmp_path / "a.csv")
    assert set(cat.classification) == {"function", "economic_department"} and set(cat.year) == {"2023", "2024"}


def test_extract_with_a_user_catalogue(tmp_path):
    """minzheng 2023 prints 2296002 用于社会福利的彩票公益金支出, a code no shipped edition has."""
    mine = catalogue(
        tmp_path, *[(f"o{i}", 2023, "government_fund", "2296002", "用于社会福利的彩票公益金") for i in range(3)]
    )
    pdf = GENERATED / "minzheng_2023_lattice.pdf"
    assert main(["extract", str(pdf), "-o", str(tmp_path / "plain"), "-q", "--workers", "1"]) == 0
    assert (
        main(["extract", str(pdf), "-o", str(tmp_path / "out"), "-q", "--workers", "1", "--catalogue", str(mine)]) == 0
    )
    plain, cells = read(tmp_path / "plain" / "cells.csv"), read(tmp_path / "out" / "cells.csv")
    assert set(plain[plain.code == "2296002"].name_source) == {"printed"}
    assert set(zip(cells[cells.code == "2296002"].standard_name, cells[cells.code == "2296002"].name_source)) == {
        ("用于社会福利的彩票公益金", "observed")
    }
    checks = read(tmp_path / "out" / "checks.csv")
    assert set(checks[checks.rule == "name_differs"].row) == {"2296002"}
    assert "2296002" in set(read(tmp_path / "plain" / "checks.csv").query("rule == 'code_unseen'").row)


def test_a_changed_catalogue_is_not_answered_from_the_cache(tmp_path):
    mine = catalogue(tmp_path, ("o1", 2023, "expenditure", "2299999", "其他支出"))
    before = ResultCache(tmp_path, Options(catalogues=(str(mine),))).suffix
    catalogue(
        tmp_path, ("o1", 2023, "expenditure", "2299999", "其他支出"), ("o2", 2023, "expenditure", "2299999", "其他支出")
    )
    assert ResultCache(tmp_path, Options(catalogues=(str(mine),))).suffix != before


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["catalogue", str(tmp_path / "missing"), "-o", str(tmp_path / "c.csv")]) == 2
    assert main(["catalogue", str(tmp_path), "-o", str(tmp_path / "c.csv")]) == 2  # no cells here
    (tmp_path / "not_a_catalogue.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["extract", str(GENERATED / "minzheng_2023_lattice.pdf"), "-o", str(tmp_path / "o"),
                 "--catalogue", str(tmp_path / "not_a_catalogue.csv")]) == 2
    assert "not_a_catalogue.csv: not a catalogue written by `juesuan catalogue`" in capsys.readouterr().err


README_CODES_BY_YEAR = """
SELECT code, year, any_value(code_level) AS level, standard_name, name_source, count(DISTINCT doc_id) AS documents
FROM read_parquet('{dir}/**/*.parquet', hive_partitioning = true)
WHERE code <> ''
GROUP BY code, year, standard_name, name_source
ORDER BY code, year, documents DESC
"""
README_CATALOGUE = """
SELECT code, year, name, documents, variants, previous_name
FROM read_csv('{file}', all_varchar = true)
WHERE classification = 'function' AND code LIKE '208%'
ORDER BY code, year
"""


def test_the_readme_queries(tmp_path):
    readme = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")  # the output reference, linked from the README
    for query in (README_CODES_BY_YEAR, README_CATALOGUE):
        assert " ".join(query.format(dir="data", file="catalogue.csv").split()) in " ".join(readme.split())
    write_dataset(tmp_path / "data", read_cells(extracted() / "cells.parquet"))
    rows = duckdb.sql(README_CODES_BY_YEAR.format(dir=tmp_path / "data")).fetchall()
    assert ("208", 2023, "类", "社会保障和就业支出", "official", 3) in rows
    assert all(name and source for _, _, _, name, source, _ in rows)
    shipped = next(f for f in catalogue_files() if f.name.startswith("catalogue_observed-"))
    rows = duckdb.sql(README_CATALOGUE.format(file=shipped)).fetchall()
    # how many real reports print it grows as the reader reads more of them; the name change does not
    renamed = [r for r in rows if r[:3] == ("20805", "2022", "行政事业单位养老支出")]
    assert renamed and renamed[0][5] == "行政事业单位离退休"
    assert int(renamed[0][3]) >= 1 and renamed[0][4] == '{"行政事业单位养老支出":%s}' % renamed[0][3]


# --- the real reports ----------------------------------------------------------------------------

def _build_script():
    return load_script("build_observed_catalogue")


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    if not any(REAL.glob("*.pdf")):
        pytest.skip(f"{REAL}: no real reports beside the checkout")
    out = tmp_path_factory.mktemp("real") / "out"
    _build_script().extract(REAL, out)
    return out


def test_every_coded_row_of_every_real_report_has_a_standard_name(real_run):
    cells = read(real_run / "cells.csv")
    coded = cells[cells.code != ""]
    assert len(set(coded.doc_id)) >= 6
    assert (coded.standard_name != "").all(), coded[coded.standard_name == ""].to_string()
    assert set(coded.name_source) == {"official", "observed", "printed"}
    ghzy = coded[coded.doc_id.str.startswith("sh_pt_ghzy_2024_final")].drop_duplicates(["code"]).set_index("code")
    # the examples, all 款/项 of 2024, which no dated edition names
    assert ghzy.loc["208", ["standard_name", "name_source"]].tolist() == ["社会保障和就业支出", "official"]
    assert ghzy.loc["22102", ["standard_name", "name_source"]].tolist() == [
        "住房改革支出",
        "observed",
    ]  # Jiangsu 2017/2018
    assert ghzy.loc["2080505", ["standard_name", "name_source"]].tolist() == [
        "机关事业单位基本养老保险缴费支出",
        "observed",
    ]  # 2018
    assert ghzy.loc["21011", ["standard_name", "name_source"]].tolist() == [
        "行政事业单位医疗",
        "observed",
    ]  # and the wanli budget
    checks = read(real_run / "checks.csv")
    assert set(checks[checks.rule.isin(NAME_RULES)].severity) <= {"info", "warning"}


def test_the_shipped_observed_edition_is_what_the_real_reports_give(real_run, tmp_path):
    built = _build_script().build(real_run, tmp_path)
    shipped = _build_script().shipped()
    hint = ("the extraction of ../shared/real changed: regenerate with `python -m scripts.build_observed_catalogue` "
            "and commit schemas/")
    assert [p.name for p in shipped] == [built.name], hint
    assert shipped[0].read_bytes() == built.read_bytes(), hint
    assert codes.sources_path(shipped[0]).read_bytes() == codes.sources_path(built).read_bytes(), hint


def test_the_shipped_edition_records_a_renamed_code():
    """20805: 行政事业单位离退休 in the Jiangsu 2017/2018 budgets, 行政事业单位养老支出 from the Xi'an 2022 final
    account on (Shanghai 2024, the 2026 budgets): the rename is recorded in the first year that prints the new name."""
    shipped = read(_build_script().shipped()[0])
    rows = shipped[(shipped.classification == "function") & (shipped.code == "20805")]
    assert rows[["year", "name", "previous_name"]].values.tolist() == [
        ["2017", "行政事业单位离退休", ""], ["2018", "行政事业单位离退休", ""],
        ["2022", "行政事业单位养老支出", "行政事业单位离退休"], ["2024", "行政事业单位养老支出", ""],
        ["2026", "行政事业单位养老支出", ""]]
    assert set(shipped.classification) <= {"function", "economic_department", "economic_government"}
