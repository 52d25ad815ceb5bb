"""Render PDF pages to grayscale images for OCR, with a hard pixel budget.

A page holding a colour picture is rendered in colour and turned gray by gray_without_red, so a red seal
stamped over a table turns to paper and the print under it stays; grey or tinted paper is made white
(whiten_paper).

Hostile or huge page boxes must not blow a worker's memory, so the dpi is lowered
(never raised) until the render fits ``max_pixels``; the returned scale tells callers
how to map pixels back to PDF points. OCR needs ~135 bytes per pixel on top of its models
(measured: 12 MP → ~2 GB peak), and text is unreadable below ~100 dpi, so a page that would
only fit at a lower resolution (a 14400 pt MediaBox) is refused with PageTooLarge instead.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium

MAX_PIXELS = 12_000_000  # an A3 page at 250 dpi; an A4 page at 200 dpi is 3.9 MP
MIN_DPI = 100
MAX_IMAGE_PIXELS = 200_000_000  # an embedded image pdfium would decode whole: a 600 dpi A0 scan is 190 MP


class PageTooLarge(ValueError):
    """The page cannot be rendered readably within the pixel budget."""


@dataclass(frozen=True)
class Raster:
    """A rendered page: gray uint8 image (H, W) plus the points-per-pixel scale actually used."""

    image: np.ndarray
    points_per_pixel: float
    dpi: float
    width_pt: float  # displayed page size (rotation applied)
    height_pt: float
    picture_dpi: float | None = None  # the coarsest resolution of the pictures covering the page (None: none)


def fit_dpi(width_pt: float, height_pt: float, dpi: float, max_pixels: int = MAX_PIXELS) -> float:
    """Largest dpi <= requested whose render stays within max_pixels."""
    if width_pt <= 0 or height_pt <= 0:
        raise ValueError(f"degenerate page size {width_pt}x{height_pt}")
    px = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if px <= max_pixels:
        return dpi
    return dpi * math.sqrt(max_pixels / px) * 0.999


def render_page(pdf: str | pdfium.PdfDocument, page_index: int, dpi: float = 200,
                max_pixels: int = MAX_PIXELS, min_dpi: float = MIN_DPI) -> Raster:
    """Render one page (0-based) in its displayed orientation as gray uint8; PageTooLarge when
    the budget allows less than min_dpi (or the dpi asked for, if lower)."""
    doc = pdf if isinstance(pdf, pdfium.PdfDocument) else pdfium.PdfDocument(pdf)
    try:
        page = doc[page_index]
        w_pt, h_pt = page.get_size()  # pdfium reports the displayed (rotated) size
        dpi_used = fit_dpi(w_pt, h_pt, dpi, max_pixels)
        picture_dpi, colour = _check_images(page)
        if dpi_used < min(min_dpi, dpi):
            raise PageTooLarge(f"the page ({w_pt:.0f} x {h_pt:.0f} pt) is too large to OCR: within the "
                               f"{max_pixels / 1e6:g} MP budget it would be read at {dpi_used:.0f} dpi, "
                               f"below the {min_dpi:g} dpi OCR needs")
        if colour:
            arr = page.render(scale=dpi_used / 72, rev_byteorder=True, may_draw_forms=True).to_numpy()
            image = gray_without_red(np.ascontiguousarray(arr[..., :3]))
        else:
            arr = page.render(scale=dpi_used / 72, grayscale=True, may_draw_forms=True).to_numpy()
            image = np.ascontiguousarray(arr if arr.ndim == 2 else arr[..., 0])
        image = whiten_paper(image)
        page.close()
        return Raster(image, w_pt / image.shape[1], dpi_used, w_pt, h_pt, picture_dpi)
    finally:
        if doc is not pdf:
            doc.close()


PICTURE_SHARE = 0.05  # of the page's area: a picture smaller than this (a seal, a logo) holds no table
RED_INK_MARGIN = 40  # red above green and blue by this much (of 255): stamp-pad ink, not print nor yellowed paper
RED_INK_SPILL = 3  # pixels of the render around red ink whose colour a JPEG washed out
RED_INK_RED = 0.8  # the share of red light stamp-pad red reflects: a stamped pixel's red channel, / 0.8, is the paper
WHITE_PAPER = 235  # a page whose median gray is below this is printed on grey or tinted paper


def gray_without_red(rgb: np.ndarray) -> np.ndarray:
    """Gray of an RGB image in which red ink turns to paper: where red exceeds green and blue by
    RED_INK_MARGIN, and within RED_INK_SPILL of such a pixel, the pixel takes its red channel over RED_INK_RED
    (what the paper under the ink reflects) where that is lighter, while black print is dark in every channel,
    so digits under a red seal (公章) stamped over a table stay and the seal's ring, star and letters do not
    reach the recognizer. Elsewhere the usual luminance, so grey or yellowish paper stays as light as it looks."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    red = rgb[..., 0]
    stamp = (cv2.subtract(red, cv2.max(rgb[..., 1], rgb[..., 2])) > RED_INK_MARGIN).astype(np.uint8)
    if not stamp.any():
        return gray
    # a JPEG keeps colour at half resolution, so the ink's edges come out grey, not red: near red ink
    near = cv2.dilate(stamp, np.ones((2 * RED_INK_SPILL + 1,) * 2, np.uint8)).astype(bool)
    gray[near] = np.maximum(gray[near], np.minimum(255, red[near] / RED_INK_RED)).astype(np.uint8)
    return gray


def whiten_paper(gray: np.ndarray) -> np.ndarray:
    """A page on grey or tinted paper (its median, the paper, below WHITE_PAPER) scaled so the paper is white:
    the recognizer was trained on dark print on white, and rulings painted out in white (paint_lines) must
    match the paper they cross. A page on white paper is returned as it is."""
    paper = float(np.median(gray[::4, ::4]))
    if paper >= WHITE_PAPER or paper < 96:  # white already, or no paper to speak of (a photograph)
        return gray
    return cv2.convertScaleAbs(gray, alpha=255.0 / paper)


def _check_images(page: pdfium.PdfPage) -> tuple[float | None, bool]:
    """PageTooLarge for an image bomb: rendering decodes each image at full size first, whatever
    the page's scale (sizes are read from the image dictionaries, nothing is decoded here). Returns
    the coarsest resolution (pixels per inch as drawn, the lower of its two axes) of the pictures
    covering at least PICTURE_SHARE of the page: a 96-dpi screenshot rendered at 200 dpi holds no
    more detail than its own pixels, which is what decides how small its glyphs are. Also whether any picture,
    however small (a seal pasted on its own), is in colour: such a page is rendered in colour."""
    w_pt, h_pt = page.get_size()
    coarsest, colour = None, False
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        w, h = obj.get_px_size()
        if w * h > MAX_IMAGE_PIXELS:
            raise PageTooLarge(f"the page holds an image of {w} x {h} px ({w * h / 1e6:,.0f} MP), more than the "
                               f"{MAX_IMAGE_PIXELS / 1e6:g} MP that can be decoded within a worker's memory")
        colour = colour or _in_colour(obj)
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < PICTURE_SHARE * w_pt * h_pt:
            continue
        a, b, c, d, _, _ = obj.get_matrix().get()  # the unit square → the page: its sides as drawn, in points
        across, down = math.hypot(a, b), math.hypot(c, d)
        if min(w, h, across, down) <= 0:
            continue
        dpi = 72 * min(w / across, h / down)
        coarsest = dpi if coarsest is None else min(coarsest, dpi)
    return coarsest, colour


def _in_colour(obj: pdfium.PdfImage) -> bool:
    """An image of more than one component (RGB, CMYK, indexed or ICC colour), by its dictionary."""
    try:
        meta = obj.get_metadata()
    except pdfium.PdfiumError:
        return False
    return meta.colorspace != pdfium.raw.FPDF_COLORSPACE_DEVICEGRAY and meta.bits_per_pixel > 8
