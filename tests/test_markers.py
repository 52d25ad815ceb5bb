"""The markers conftest.py applies name tests and fixtures that exist: a renamed test would otherwise lose its
`ocr` or `slow` mark without a word, and the quick run would grow or start running OCR."""
from __future__ import annotations

import ast

import pytest

from conftest import FILE_MARKS, FIXTURE_MARKS, REAL, ROOT, SLOW_TESTS, TEST_MARKS, marks_for

TESTS = ROOT / "tests"


def _defined(file: str) -> set[str]:
    tree = ast.parse((TESTS / file).read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def test_every_named_test_and_file_exists():
    missing = [key for key in [*TEST_MARKS, *SLOW_TESTS] if key.split("::")[1] not in _defined(key.split("::")[0])]
    missing += [file for file in FILE_MARKS if not (TESTS / file).exists()]
    assert not missing, missing


def test_every_marked_fixture_is_defined():
    everywhere = {name for path in TESTS.glob("*.py") for name in _defined(path.name)}
    missing = [key for key in FIXTURE_MARKS
               if (key.split("::")[1] not in _defined(key.split("::")[0]) if "::" in key else key not in everywhere)]
    assert not missing, missing


def test_marks_come_from_file_name_fixtures_and_real_paths():
    assert marks_for("test_scanned.py", "test_document_found", ["scans", "tmp_path"], []) == {"ocr"}
    assert marks_for("test_x.py", "test_y", ["ghzy", "real_report"], []) == {"real"}
    assert marks_for("test_readers.py", "test_results_alike", ["runs"], [REAL / "a.pdf"]) == {"real", "slow"}
    assert marks_for("test_readers.py", "test_results_alike", ["runs"], [ROOT / "fixtures" / "a.pdf"]) == {"slow"}
    assert marks_for("test_readers.py", "test_the_oracle_has_pdfs", [], []) == set()
    assert marks_for("test_cli.py", "test_x", [], [REAL / "a.pdf"]) == {"real"}
    assert marks_for("test_review.py", "test_x", ["flagged"], []) == {"slow"}
    assert marks_for("test_other.py", "test_x", ["flagged"], []) == set()  # that fixture of test_review.py only


@pytest.mark.parametrize("marker", ["ocr", "zoo", "real", "slow"])
def test_markers_are_registered(pytestconfig, marker):
    assert any(line.startswith(f"{marker}:") for line in pytestconfig.getini("markers")), marker
