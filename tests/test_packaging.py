"""What installing juesuan brings: one OpenCV (rapidocr-onnxruntime requires opencv-python, so
depending on opencv-python-headless as well installed two copies of the same cv2 module)."""
import re
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower().replace("_", "-")


def _closure(names: list[str]) -> set[str]:
    """The installed distributions these requirements pull in, unconditionally, transitively."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            todo += [_name(r) for r in requires(name) or [] if "extra ==" not in r]
        except PackageNotFoundError:
            pass
    return seen


def test_one_opencv_and_never_headless():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    direct = [_name(r) for r in project["dependencies"] + extras["ocr"] + extras["dev"]]
    opencvs = {n for n in _closure(direct) if n.startswith("opencv")}
    assert opencvs == {"opencv-python"}


def test_a_plain_install_reads_text_layers_and_ocr_is_an_extra():
    """`pip install juesuan` brings no OCR stack (models, onnxruntime, OpenCV); `juesuan[ocr]` does, and the
    README's `.[dev]` includes it, so the bundled sample and the tests have everything."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = _closure([_name(r) for r in project["dependencies"]])
    assert not {n for n in core if n.startswith(("opencv", "rapidocr", "onnxruntime", "pytesseract"))}, core
    ocr = {_name(r) for r in project["optional-dependencies"]["ocr"]}
    assert {"opencv-python", "rapidocr-onnxruntime", "pytesseract"} <= ocr
    assert "juesuan[ocr]" in project["optional-dependencies"]["dev"]
