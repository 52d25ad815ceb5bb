"""juesuan replaces or removes only what it wrote into OUTDIR: the user's files stay, a rerun with
fewer inputs says which earlier documents it drops, and review/ goes when the outputs it showed change."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from juesuan.cli import main
from juesuan.csvfile import read_csv
from juesuan.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"
FIRST = str(GENERATED / "inconsistent.pdf")
SECOND = str(GENERATED / "caizheng_2024_yuan_thousands.pdf")


def _extract(out: Path, *pdfs: str) -> int:
    return main(["extract", *pdfs, "-o", str(out), "-q"])


def test_a_users_files_in_outdir_and_its_tables_folder_are_never_touched(tmp_path):
    out = tmp_path / "u"
    (out / "tables" / "mine").mkdir(parents=True)
    (out / "tables" / "my_analysis.xlsx").write_text("mine")
    (out / "tables" / "mine" / "notes.txt").write_text("notes")
    (out / "summary.docx").write_text("report")
    assert _extract(out, FIRST, SECOND) == 0
    assert _extract(out, FIRST) == 0  # the second document's tables/ folder goes, not the user's files
    assert (out / "tables" / "my_analysis.xlsx").read_text() == "mine"
    assert (out / "tables" / "mine" / "notes.txt").read_text() == "notes"
    assert (out / "summary.docx").read_text() == "report"
    assert not any(p.name.startswith("caizheng") for p in (out / "tables").iterdir())
    owned = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert "cells.csv" in owned and all("my_analysis" not in f and "mine/" not in f for f in owned)


def test_a_users_file_where_an_output_now_goes_is_renamed_aside_not_overwritten(tmp_path, capsys):
    out = tmp_path / "u"
    assert _extract(out, FIRST) == 0
    doc = read_csv(out / "documents.csv").doc_id[0]
    theirs = out / "tables" / doc / "income.csv"
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    manifest["files"].remove(f"tables/{doc}/income.csv")  # as if the user had put it there
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    theirs.write_text("their own income table")
    capsys.readouterr()
    assert main(["extract", FIRST, "-o", str(out), "-q", "--force"]) == 0
    assert (out / "tables" / doc / "income.csv.before-juesuan").read_text() == "their own income table"
    assert theirs.read_text() != "their own income table"
    assert "renamed, not overwritten" in capsys.readouterr().err
    assert json.loads((out / "run.json").read_text())["kept_aside"] == [f"tables/{doc}/income.csv.before-juesuan"]


def test_a_rerun_with_fewer_inputs_says_which_documents_it_drops(tmp_path, capsys):
    out = tmp_path / "u"
    assert _extract(out, FIRST, SECOND) == 0
    capsys.readouterr()
    assert _extract(out, FIRST) == 0
    err = capsys.readouterr().err
    assert "1 documents of the earlier run" in err and "caizheng_2024_yuan_thousands.pdf" in err
    assert json.loads((out / "run.json").read_text())["dropped_documents"] == [SECOND]
    assert {d.split("-")[0] for d in read_csv(out / "cells.csv").doc_id} == {"inconsistent"}
    assert _extract(out, FIRST) == 0  # the same inputs again: nothing dropped, nothing said
    assert "dropped" not in capsys.readouterr().err
    assert json.loads((out / "run.json").read_text())["dropped_documents"] == []


def test_review_stays_while_the_outputs_it_shows_stay_and_goes_when_they_change(tmp_path, capsys):
    out = tmp_path / "u"
    assert _extract(out, FIRST, SECOND) == 0
    assert main(["review", str(out)]) == 0
    (out / "review" / "my_notes.html").write_text("mine")
    pages = sorted(p.name for p in (out / "review").iterdir())
    assert _extract(out, FIRST, SECOND) == 0  # the same outputs: the review still shows them
    assert sorted(p.name for p in (out / "review").iterdir()) == pages
    capsys.readouterr()
    assert _extract(out, FIRST) == 0
    assert "was removed" in capsys.readouterr().err
    assert [p.name for p in (out / "review").iterdir()] == ["my_notes.html"]
    assert json.loads((out / "run.json").read_text())["review_removed"] is True


def test_an_outdir_of_an_older_juesuan_without_a_manifest_is_taken_over_without_loss(tmp_path):
    out = tmp_path / "u"
    assert _extract(out, FIRST, SECOND) == 0
    (out / MANIFEST_NAME).unlink()  # as an older juesuan left it: no manifest, no report.xlsx
    (out / "report.xlsx").write_text("their own workbook")  # so this one is the user's
    (out / "tables" / "my_analysis.xlsx").write_text("mine")
    assert _extract(out, FIRST) == 0
    assert (out / "tables" / "my_analysis.xlsx").read_text() == "mine"
    # documents.csv named the second document's tables juesuan's
    assert not any(p.name.startswith("caizheng") for p in (out / "tables").iterdir())
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.before-juesuan")] == ["report.xlsx.before-juesuan"]
    assert (out / "report.xlsx.before-juesuan").read_text() == "their own workbook"


def test_a_crash_while_committing_leaves_the_manifest_owning_old_and_new(tmp_path, monkeypatch):
    """The manifest is saved before the first rename: whatever is in place then is known as juesuan's."""
    import os

    import juesuan.output as output

    out = tmp_path / "u"
    assert _extract(out, FIRST, SECOND) == 0
    before = set(json.loads((out / MANIFEST_NAME).read_text())["files"])
    calls = {"n": 0}
    real = os.replace

    def crash(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(5, "Input/output error")
        return real(src, dst)
    monkeypatch.setattr(output.os, "replace", crash)
    assert main(["extract", FIRST, str(GENERATED / "minzheng_2023_lattice.pdf"), "-o", str(out), "-q"]) == 3
    monkeypatch.undo()
    owned = set(json.loads((out / MANIFEST_NAME).read_text())["files"])
    assert before <= owned and any(f.startswith("tables/minzheng") for f in owned)
    shutil.rmtree(out / ".staging", ignore_errors=True)
    assert _extract(out, FIRST) == 0
    assert not any(p.name.startswith(("minzheng", "caizheng")) for p in (out / "tables").iterdir())
