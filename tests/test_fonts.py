"""The pdfium reader gives the same cells whatever fonts the machine has (extract/readers/pdfium_fonts.py).

Reports set in fonts they do not embed (STSong-Light in the fixtures, SimSun in many real reports) used
to lose every Chinese word on a machine without CJK fonts: pdfium dropped the text runs whose substitute
glyphs had no ink. Here the whole pipeline runs twice in subprocesses, once as the machine is and once
with every folder pdfium looks for fonts in hidden (an empty folder mounted over each, in a private mount
namespace: needs root or user namespaces, else the test is skipped), over the fixtures, a zoo sample and
the real reports; cells.csv and checks.csv must be identical. tests/test_readers.py compares the
fonts-present run with the pdfplumber reader.
"""
from __future__ import annotations

import io
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL, ROOT, load_script
from juesuan.extract.readers.box_font import BOX, box_font

# where pdfium looks for fonts on Linux (core/fxge/linux/fx_linux_impl.cpp); fontconfig is not consulted
PDFIUM_FONT_DIRS = ["/usr/share/fonts", "/usr/share/X11/fonts/Type1", "/usr/share/X11/fonts/TTF",
                    "/usr/local/share/fonts"]
ZOO_SEED = 3030


def test_the_box_font_gives_every_character_the_same_box():
    from PIL import ImageFont

    font = ImageFont.truetype(io.BytesIO(box_font()), size=1000)
    x0, y0, x1, y1 = BOX
    for ch in ("中", "A", "1", "，", "\U00020000"):
        assert font.getbbox(ch, anchor="ls") == (x0, -y1, x1, -y0), ch  # PIL's y grows downwards
        assert font.getlength(ch) == x1 - x0


def _hiding_fonts(command: list[str], empty: Path) -> list[str]:
    """`command` in a private mount namespace where every font folder of pdfium is an empty one."""
    mounts = " && ".join(f"mount --bind {shlex.quote(str(empty))} {d}" for d in PDFIUM_FONT_DIRS if Path(d).is_dir())
    check = " && ".join(f'test -z "$(ls -A {d})"' for d in PDFIUM_FONT_DIRS if Path(d).is_dir())
    return ["unshare", "-m", "sh", "-c", f"{mounts or 'true'} && {check or 'true'} && exec {shlex.join(command)}"]


def _can_hide_fonts(tmp_path: Path) -> str:
    """Why fonts cannot be hidden here, or ""."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux and unshare(1)"
    probe = subprocess.run(_hiding_fonts(["true"], tmp_path), capture_output=True, text=True)
    if probe.returncode:
        return f"cannot mount over the font folders in a private namespace: {probe.stderr.strip()[:200]}"
    return ""


@pytest.mark.slow
@pytest.mark.zoo
@pytest.mark.real
def test_cells_are_the_same_with_and_without_system_fonts(tmp_path):
    empty = tmp_path / "no_fonts"
    empty.mkdir()
    why = _can_hide_fonts(empty)
    if why:
        pytest.skip(why)
    zoo = tmp_path / "zoo"
    load_script("zoo").generate_zoo(6, ZOO_SEED, zoo)
    inputs = [ROOT / "fixtures" / "generated", ROOT / "fixtures" / "budget", zoo]
    if REAL.is_dir():
        inputs.append(REAL)
    runs = {}
    for name, wrap in (("fonts", lambda c: c), ("no_fonts", lambda c: _hiding_fonts(c, empty))):
        out = tmp_path / name
        command = [sys.executable, "-m", "juesuan", "extract", *map(str, inputs), "-o", str(out), "-q"]
        done = subprocess.run(wrap(command), capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        runs[name] = out
    for table in ("cells.csv", "checks.csv", "documents.csv"):
        with_fonts = (runs["fonts"] / table).read_text(encoding="utf-8").splitlines()
        without = (runs["no_fonts"] / table).read_text(encoding="utf-8").splitlines()
        assert len(with_fonts) > 1
        assert without == with_fonts, f"{table}: {next(b for a, b in zip(with_fonts, without) if a != b)}"


_RENDER = """
import hashlib, sys
from pathlib import Path
if sys.argv[2] == "after_reading":
    from juesuan.extract.readers import open_document
    with open_document(Path(sys.argv[1])) as doc:
        doc.read_page(3)
import pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
print(hashlib.sha256(pdf[3].render(scale=1).to_numpy().tobytes()).hexdigest())
"""


def test_pages_rendered_beside_the_reader_keep_the_machines_fonts():
    """The box font is for the reader's own documents: a page rendered for OCR or review in the same process
    is drawn exactly as without the reader (with the machine's CJK font, not with boxes)."""
    pdf = ROOT / "fixtures" / "generated" / "nongye_2024_rotated.pdf"  # STSong-Light, not embedded
    renders = {how: subprocess.run([sys.executable, "-c", _RENDER, str(pdf), how], capture_output=True, text=True,
                                   check=True).stdout for how in ("alone", "after_reading")}
    assert renders["alone"].strip() and renders["after_reading"] == renders["alone"]
