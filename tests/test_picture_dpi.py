"""Coarse pictures (96-dpi screenshots pasted into a report) are measured by their own pixels, not by the dpi
they are rendered at (extract/ocr/raster.py), and a table picture coarser than the OCR path is measured to read
is a `coarse_picture` warning (juesuan/pipeline.py), so its misread cells are not a surprise."""
from __future__ import annotations

import pytest

pytest.importorskip("cv2")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from juesuan.extract.ocr import READABLE_PICTURE_DPI  # noqa: E402
from juesuan.extract.ocr.raster import render_page  # noqa: E402
from juesuan.model import PageContent  # noqa: E402
from juesuan.pipeline import Options, extract_document  # noqa: E402


def _page_with_pictures(path, pictures):
    """A 595 x 842 pt page drawing each (pixels wide, pixels high, x, y, width pt, height pt) picture."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for k, (w, h, x, y, width, height) in enumerate(pictures):
        img = path.with_suffix(f".{k}.png")
        Image.fromarray(np.full((h, w), 200, np.uint8)).save(img)
        c.drawImage(str(img), x, y, width=width, height=height)
    c.showPage()
    c.save()
    return path


def test_picture_dpi_is_the_coarsest_picture_as_drawn(tmp_path):
    # a table screenshot of 96 dpi over most of the page, a 150-dpi strip under it, a 20-dpi logo too small to count
    pdf = _page_with_pictures(tmp_path / "mixed.pdf", [
        (int(500 / 72 * 96), int(500 / 72 * 96), 40, 300, 500, 500),
        (int(500 / 72 * 150), int(200 / 72 * 150), 40, 60, 500, 200),
        (20, 20, 10, 10, 72, 72),
    ])
    r = render_page(str(pdf), 0, 200)
    assert r.picture_dpi == pytest.approx(96, abs=0.5)


def test_picture_scaled_unevenly_counts_by_its_coarser_axis(tmp_path):
    squeezed = (int(500 / 72 * 150), int(500 / 72 * 110), 40, 200, 500, 500)  # 150 dpi across, 110 dpi down
    pdf = _page_with_pictures(tmp_path / "squeezed.pdf", [squeezed])
    assert render_page(str(pdf), 0, 200).picture_dpi == pytest.approx(110, abs=0.5)


def test_a_page_without_pictures_has_no_picture_dpi(tmp_path):
    assert render_page(str(_page_with_pictures(tmp_path / "text.pdf", [])), 0, 200).picture_dpi is None


class _Ocr:
    """Reads every page as an empty picture of `dpi` (what read_page_ocr reports in picture_dpi)."""

    shares = False

    def __init__(self, dpi):
        self.dpi = dpi

    def plan(self, pages):
        pass

    def read(self, page_index):
        return PageContent(page_index + 1, 595, 842, [], [], method="ocr", method_reason="ruled cells",
                           image_coverage=1.0, picture_dpi=self.dpi)


@pytest.mark.parametrize("dpi, warned", [(96, True), (119.8, False), (200, False), (None, False)])
def test_a_picture_coarser_than_ocr_reads_is_a_warning(tmp_path, dpi, warned):
    pdf = _page_with_pictures(tmp_path / "scan.pdf", [(int(595 / 72 * 96), int(842 / 72 * 96), 0, 0, 595, 842)])
    doc = extract_document(pdf, Options(), ocr=_Ocr(dpi))
    coarse = [f for f in doc.findings if f.rule == "coarse_picture"]
    assert [(f.row, f.severity, f.page) for f in coarse] == ([("page 1", "warning", 1)] if warned else [])
    if warned:
        assert f"picture is 96 dpi, coarser than the {READABLE_PICTURE_DPI + 2} dpi" in coarse[0].message
