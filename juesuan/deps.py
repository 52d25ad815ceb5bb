"""What juesuan needs outside Python for the options chosen: looked up before any work, so a missing one
is one line naming what to install, and named in the cache key, so a result made without it is not
reused once it is there.

- tesseract (binary, chi_sim data, pytesseract) for `--ocr-engine tesseract`;
- RapidOCR's models (the rapidocr_onnxruntime package ships them) for the default OCR;
- CJK fonts where pages are rendered (OCR, `juesuan review`): a page whose Chinese font is not
  embedded renders without its text when the system has none to substitute.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from juesuan.options import Options

# Where pdfium (CFX_LinuxFontInfo) looks for fonts to substitute, in its order.
FONT_DIRS = ("/usr/share/fonts", "/usr/share/X11/fonts/Type1", "/usr/share/X11/fonts/TTF", "/usr/local/share/fonts")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# Names of CJK font files, for a system without fontconfig to ask
CJK_FONT_NAME = re.compile(r"cjk|wqy|droidsansfallback|sim(sun|hei|kai|fang)|ms(yh|jh)|sourcehan|noto.*(sc|tc)-", re.I)
RAPIDOCR_MODELS = ("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx")

TESSERACT_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim (and pip install \"juesuan[ocr]\")"
RAPIDOCR_INSTALL = "pip install \"juesuan[ocr]\" (RapidOCR, which carries the PP-OCR models, and OpenCV)"
FONTS_INSTALL = "apt-get install fonts-noto-cjk (or any Chinese font under /usr/share/fonts)"


class MissingDependency(RuntimeError):
    """Raised where a missing dependency is first used: its message names what to install."""


@dataclass(frozen=True)
class Dependency:
    """One thing outside juesuan: whether it is there, what identifies the installed one, how to get it."""

    name: str
    present: bool
    version: str  # "" when missing; else what changes when another one is installed
    install: str
    missing: str = ""  # which part is missing, when one is

    def message(self, needed_for: str) -> str:
        return f"{needed_for} needs {self.name}, {self.missing or 'not found'}: {self.install}"


def _run(*args: str) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout + result.stderr if result.returncode == 0 else ""


@cache
def tesseract() -> Dependency:
    name = "tesseract with Chinese (chi_sim)"
    if shutil.which("tesseract") is None:
        return Dependency(name, False, "", TESSERACT_INSTALL, "no tesseract on PATH")
    langs = [line.strip() for line in _run("tesseract", "--list-langs").splitlines()[1:]]  # after its heading
    if "chi_sim" not in langs:
        return Dependency(name, False, "", TESSERACT_INSTALL, "tesseract has no chi_sim language data")
    if importlib.util.find_spec("pytesseract") is None:
        return Dependency(name, False, "", TESSERACT_INSTALL, "the Python package pytesseract is not installed")
    first = _run("tesseract", "--version").splitlines()
    return Dependency(name, True, f"{first[0] if first else '?'} {'+'.join(sorted(langs))}", TESSERACT_INSTALL)


@cache
def rapidocr_models() -> Dependency:
    name = "RapidOCR's PP-OCR models"
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        return Dependency(name, False, "", RAPIDOCR_INSTALL, "rapidocr_onnxruntime is not installed")
    models = Path(next(iter(spec.submodule_search_locations))) / "models"
    sizes = []
    for model in RAPIDOCR_MODELS:
        try:
            sizes.append(f"{model}:{(models / model).stat().st_size}")
        except OSError:
            return Dependency(name, False, "", RAPIDOCR_INSTALL, f"{models / model} is missing")
    # with onnx the models run as extract/ocr/lean_models.py rewrites them: the same readings, rounded otherwise
    if importlib.util.find_spec("onnx") is not None:
        sizes.append("lean")
    return Dependency(name, True, " ".join(sizes), RAPIDOCR_INSTALL)


def cjk_fonts(dirs: tuple[str, ...] | None = None) -> Dependency:
    """Chinese fonts where pdfium looks for substitutes; fontconfig says which fonts cover Chinese,
    file names do without it."""
    dirs = FONT_DIRS if dirs is None else dirs
    listed = _run("fc-list", ":lang=zh", "file")
    if listed:
        files = {line.split(":")[0].strip() for line in listed.splitlines() if line.strip()}
    else:
        files = {str(p) for d in dirs for p in Path(d).rglob("*") if p.suffix.lower() in FONT_SUFFIXES}
        files = {f for f in files if CJK_FONT_NAME.search(Path(f).name)}
    found = sorted(f for f in files if any(f.startswith(d.rstrip("/") + "/") for d in dirs))
    if not found:
        return Dependency("a Chinese (CJK) font", False, "", FONTS_INSTALL, f"none under {', '.join(dirs)}")
    return Dependency("a Chinese (CJK) font", True, hashlib.sha256("\n".join(found).encode()).hexdigest()[:16],
                      FONTS_INSTALL)


def ocr_engine(name: str) -> Dependency:
    """The engine, and before it what every engine's page reading imports (OpenCV, numpy: the `ocr` extra)."""
    missing = [m for m in ("cv2", "numpy") if importlib.util.find_spec(m) is None]
    if missing:
        return Dependency(f"OCR ({name})", False, "", RAPIDOCR_INSTALL, f"{', '.join(missing)} not installed")
    return tesseract() if name == "tesseract" else rapidocr_models()


def require_ocr_engine(name: str) -> None:
    """For the OCR code, where the engine is loaded: a missing one named with what to install."""
    dep = ocr_engine(name)
    if not dep.present:
        raise MissingDependency(dep.message(f"OCR with {name}"))


def for_extract(options: Options) -> tuple[Dependency, ...]:
    """What an extraction with these options may use: nothing outside Python without OCR; with it, the
    engine and the fonts its pages are rendered with."""
    if options.ocr == "never":
        return ()
    return ocr_engine(options.ocr_engine), cjk_fonts()


def fingerprint(deps: tuple[Dependency, ...]) -> tuple[tuple[str, str], ...]:
    """For the cache key: each dependency's name and installed version ("" when missing)."""
    return tuple((d.name, d.version) for d in deps)
