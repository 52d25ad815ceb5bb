"""The zoo's picture traits (scripts/bench_zoo.py zoo-mixed, scripts/make_scans.py make_picture_doc): drawn per
document independently of each other and of the layout, blank where the kind does not draw them, and each value
drawn as it says (where the title is, strips, PNG or JPEG, paper tone)."""
from __future__ import annotations

import itertools

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from conftest import load_script

TITLE = "2023年度收入决算表"


def test_picture_traits_are_drawn_independently_and_blank_where_the_kind_has_none():
    bench_zoo = load_script("bench_zoo")
    draws = [bench_zoo.draw_picture_traits(9, i, [3, 4, 5]) for i in range(300)]
    assert draws[:20] == [bench_zoo.draw_picture_traits(9, i, [3, 4, 5]) for i in range(20)]  # seeded
    kinds = {"mixed": bench_zoo.MIXED_ONLY, "scan": bench_zoo.SCAN_ONLY}
    for traits, sealed in draws:
        assert all(traits[t] for t in kinds[traits["kind"]]) and not any(traits[t] for t in kinds[
            "scan" if traits["kind"] == "mixed" else "mixed"])
        assert (traits["seal"] == "yes") == bool(sealed) and sealed <= {3, 4, 5}
    for a, b in itertools.combinations(["kind", "picture_dpi", "picture_format", "seal"], 2):
        pairs = {(t[a], t[b]) for t, _ in draws}
        assert len(pairs) == len(bench_zoo.PICTURE_TRAITS[a]) * len(bench_zoo.PICTURE_TRAITS[b]), (a, b)


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory):
    out = tmp_path_factory.mktemp("pictures")
    src = out / "wrapped_income.pdf"
    load_script("make_wrapped").make_wrapped(src)
    return out, src


def _make(wrapped, name: str, **style):
    out, src = wrapped
    make_scans = load_script("make_scans")
    pdf = out / f"{name}.pdf"
    make_scans.make_picture_doc(src, pdf, make_scans.PictureStyle(**style), table_pages={1})
    with pdfplumber.open(str(pdf)) as pl:
        words = [w["text"] for w in pl.pages[0].extract_words()]
    doc = pdfium.PdfDocument(str(pdf))
    images = list(doc[0].get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)))
    filters = [f for im in images for f in im.get_filters()]
    title_band = doc[0].render(scale=150 / 72, crop=(0, 842 - 75, 0, 40)).to_numpy()  # y 40–75 pt from the top
    return words, len(images), filters, title_band


@pytest.mark.parametrize("place,in_text,drawn", [("text", True, False), ("picture", False, True),
                                                 ("both", True, True)])
def test_the_title_is_where_the_trait_says(wrapped, place, in_text, drawn):
    words, n_images, _, band = _make(wrapped, f"title_{place}", kind="mixed", dpi=150, title=place)
    assert (TITLE in words) == in_text, words[:5]
    assert (band.min() < 100) == drawn  # dark print in the title's band of the rendering
    assert n_images == 1


def test_strips_and_formats(wrapped):
    _, n, filters, _ = _make(wrapped, "strips_png", kind="mixed", dpi=120, fmt="png", strips=3)
    assert n == 3 and "FlateDecode" in filters and "DCTDecode" not in filters  # reportlab adds ASCII85
    _, n, filters, _ = _make(wrapped, "strips_jpeg", kind="mixed", dpi=120, fmt="jpeg", jpeg_quality=60, strips=2)
    assert n == 2 and "DCTDecode" in filters and "FlateDecode" not in filters


def test_a_colour_scan_is_rgb_on_its_papers_tone(wrapped):
    out, _ = wrapped
    words, n, _, _ = _make(wrapped, "scan_grey", kind="scan", dpi=100, fmt="png", background="grey")
    assert words == [] and n == 1
    img = pdfium.PdfDocument(str(out / "scan_grey.pdf"))[0].get_objects(
        filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)).__next__().get_bitmap().to_numpy()
    paper = np.median(img.reshape(-1, img.shape[-1])[:, :3], axis=0)
    assert img.ndim == 3 and 190 < paper.min() <= paper.max() < 225  # grey, not white
