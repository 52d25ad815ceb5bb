"""`juesuan diff`: identical runs exit 0; one edited amount is reported alone (exit 1); a re-published
PDF is matched by file name; --by-year gives a department's growth rates."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from fixture_runs import GENERATED, extracted
from juesuan.cli import main
from juesuan.dataset import read_cells, write_dataset
from juesuan.decimals import printed_decimals
from juesuan.records import CELL_SCHEMA


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_two_runs_of_the_same_fixtures_are_identical(tmp_path, capsys):
    assert main(["diff", str(extracted("a")), str(extracted("b")), "--csv", str(tmp_path / "d.csv")]) == 0
    assert _csv(tmp_path / "d.csv").empty
    assert "identical" in capsys.readouterr().out


def test_a_dataset_compares_with_its_output_directory(tmp_path):
    write_dataset(tmp_path / "ds", read_cells(extracted() / "cells.parquet"))
    assert main(["diff", str(extracted()), str(tmp_path / "ds"), "--csv", str(tmp_path / "d.csv")]) == 0


def test_one_edited_csv_amount_is_reported_alone(tmp_path, capsys):
    cells = _csv(extracted() / "cells.csv")
    i = cells.index[(cells.table_key == "expenditure") & (cells.code == "208") & (cells.column_key == "项目支出")][0]
    old = cells.loc[i, "amount_yuan"]
    cells.loc[i, "amount_yuan"] = str(Decimal(old) + Decimal("0.01"))
    cells.to_csv(tmp_path / "cells.csv", index=False)
    assert (
        main(["diff", str(extracted() / "cells.csv"), str(tmp_path / "cells.csv"), "--csv", str(tmp_path / "d.csv")])
        == 1
    )
    d = _csv(tmp_path / "d.csv")
    assert len(d) == 1
    r = d.iloc[0]
    assert (r.status, r.doc_id, r.table_key, r.code, r.column_key) == (
        "changed",
        cells.doc_id[i],
        "expenditure",
        "208",
        "项目支出",
    )
    assert Decimal(r.old_amount_yuan) == Decimal(old) and r.difference == "0.01"
    assert "1 changed, 0 added, 0 removed" in capsys.readouterr().out


def test_one_edited_parquet_amount_in_a_copied_output_dir(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(extracted(), new)
    table = pq.read_table(new / "cells.parquet").to_pylist()
    table[7]["amount_yuan"] += Decimal("100")
    pq.write_table(pa.Table.from_pylist(table, schema=CELL_SCHEMA), new / "cells.parquet")
    assert main(["diff", str(extracted()), str(new), "--csv", str(tmp_path / "d.csv")]) == 1
    d = _csv(tmp_path / "d.csv")
    shown = Decimal(1).scaleb(-printed_decimals(table[7]["value"]))  # amounts carry their printed decimals
    assert d[["status", "difference"]].values.tolist() == [["changed", format(Decimal(100).quantize(shown), "f")]]
    assert d.doc_id[0] == table[7]["doc_id"] and d.column_key[0] == table[7]["column_key"]


def test_a_republished_pdf_is_matched_by_file_name(tmp_path, capsys):
    cells = _csv(extracted() / "cells.csv")
    doc = cells.doc_id[0]
    cells.loc[cells.doc_id == doc, "doc_id"] = doc.rsplit("-", 1)[0] + "-0badc0de"
    cells = cells[~((cells.doc_id != doc) & (cells.index == cells.index[-1]))]  # and one cell of another doc gone
    cells.to_csv(tmp_path / "cells.csv", index=False)
    assert main(["diff", str(extracted()), str(tmp_path / "cells.csv"), "--csv", str(tmp_path / "d.csv")]) == 1
    out = capsys.readouterr().out
    assert "matched by source file name" in out and "0badc0de" in out
    d = _csv(tmp_path / "d.csv")
    assert d.status.tolist() == ["removed"]


def test_by_year_growth_rates_of_one_department(tmp_path, capsys):
    out = extracted()
    assert main(["diff", str(out), str(out), "--by-year", "--doc", "minzheng_", "--csv", str(tmp_path / "y.csv")]) == 1
    y = _csv(tmp_path / "y.csv")
    assert set(y.department) == {"某某县民政局"} and set(zip(y.old_year, y.new_year)) == {("2023", "2024")}
    truth = {n: _csv(GENERATED / f"minzheng_{n}.truth.csv") for n in ("2023_lattice", "2024_misaligned")}

    def pick(t):
        return Decimal(
            t[(t.table_key == "expenditure") & (t.code == "208") & (t.column_key == "本年支出合计")].amount_yuan.iloc[0]
        )

    a, b = pick(truth["2023_lattice"]), pick(truth["2024_misaligned"])
    row = y[(y.table_key == "expenditure") & (y.code == "208") & (y.column_key == "本年支出合计")].iloc[0]
    assert Decimal(row.change) == b - a
    assert row.growth_percent == str(((b - a) * 100 / a).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))
    assert all(len(r.split(".")[1]) == 2 for r in y.growth_percent if r)
    assert "某某县民政局 2023→2024" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path):
    assert main(["diff", str(tmp_path / "missing"), str(extracted())]) == 2
    assert main(["diff", str(tmp_path), str(extracted())]) == 2  # an empty folder
    assert main(["diff", str(extracted())]) == 2
