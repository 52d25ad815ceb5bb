"""Turn text PDFs into scanned-looking fixtures so the OCR path is tested like real reports.

Real 部门决算 PDFs are often scans (skewed, noisy, JPEG-compressed, some pages rotated) or
"mixed": narrative pages keep a text layer but table pages are pasted images. This script
reproduces both from any input PDF, deterministically (fixed seed). It can also write a small
ruled table PDF with a truth file (``--demo``) for tests before the real fixtures exist.

Usage:
  python -m scripts.make_scans --demo OUT_DIR              # demo table PDF + truth
  python -m scripts.make_scans IN.pdf --out DIR            # IN.scan.pdf (150/200/300 dpi), IN.mixed.pdf
  python -m scripts.make_scans IN.pdf --out DIR --dpi 200 --dpi 300 --no-mixed
                                                           # IN.scan200.pdf, IN.scan300.pdf
  A truth file IN.truth.csv next to IN.pdf is copied next to each output (OUT.truth.csv).
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from juesuan.extract.ocr.raster import render_page

FONT = "STSong-Light"

DEMO_ROWS = [
    ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"),
    ("2010102", "一般行政管理事务"), ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"), ("2010350", "事业运行"), ("205", "教育支出"),
    ("20502", "普通教育"), ("2050201", "学前教育"), ("2050202", "小学教育"),
    ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出"),
    ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"),
    ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金"),
]
DEMO_COLS = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出"]


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return ""
    v = rng.randint(0, 99_999_999) / 100 if rng.random() < 0.7 else rng.randint(0, 9999) / 100
    return f"{v:,.2f}"


def make_demo_table_pdf(path: Path, seed: int = 7, pages: int = 1) -> list[dict]:
    """Write a ruled 支出决算表 PDF; return truth rows {page, row, col, text, x0, top, x1, bottom}."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = random.Random(seed)
    w, h = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(w, h))
    widths = [80, 250, 110, 100, 100, 100]
    left, row_h, top0 = (w - sum(widths)) / 2, 20.0, 90.0
    truth: list[dict] = []
    for p in range(pages):
        c.setFont(FONT, 16)
        c.drawCentredString(w / 2, h - 50, "支出决算表")
        c.setFont(FONT, 9)
        c.drawString(left, h - 75, "部门：某某市财政局")
        c.drawRightString(left + sum(widths), h - 75, "单位：元")
        rows = [DEMO_COLS] + [[code, name] + [_amount(rng) for _ in range(4)] for code, name in DEMO_ROWS]
        xs = [left]
        for wd in widths:
            xs.append(xs[-1] + wd)
        ys = [top0 + i * row_h for i in range(len(rows) + 1)]
        c.setLineWidth(0.6)
        for y in ys:
            c.line(xs[0], h - y, xs[-1], h - y)
        for x in xs:
            c.line(x, h - ys[0], x, h - ys[-1])
        for r, row in enumerate(rows):
            base = h - ys[r] - row_h / 2 - 3.2
            for k, text in enumerate(row):
                if not text:
                    continue
                tw = pdfmetrics.stringWidth(text, FONT, 9)
                if r == 0:
                    x = (xs[k] + xs[k + 1] - tw) / 2
                elif k >= 2:
                    x = xs[k + 1] - 4 - tw
                else:
                    x = xs[k] + 4
                c.drawString(x, base, text)
                truth.append(dict(page=p + 1, row=r, col=k, text=text, x0=round(x, 2),
                                  top=round(ys[r], 2), x1=round(x + tw, 2), bottom=round(ys[r + 1], 2)))
        c.showPage()
    # a narrative page, so "mixed" output has something to keep as text
    c.setFont(FONT, 12)
    for i, line in enumerate(["第一部分 部门概况", "一、主要职能", "本部门主要职责是贯彻执行国家财政方针政策。",
                              "二、决算单位构成", "纳入本部门决算编制范围的单位共计3个。"]):
        c.drawString(72, h - 80 - i * 24, line)
    c.showPage()
    c.save()
    return truth


def degrade(gray: np.ndarray, rng: np.random.Generator, skew_deg: float, rotate90: bool = False,
            noise_sigma: float = 6.0, blur: bool = True, jpeg_quality: int = 70) -> np.ndarray:
    """Make a clean render look scanned: skew, blur, noise, JPEG artifacts, optional 90° turn."""
    img = gray
    if skew_deg:
        hgt, wid = img.shape
        m = cv2.getRotationMatrix2D((wid / 2, hgt / 2), skew_deg, 1.0)
        img = cv2.warpAffine(img, m, (wid, hgt), flags=cv2.INTER_LINEAR, borderValue=255)
    if blur:
        img = cv2.GaussianBlur(img, (3, 3), 0.6)
    if noise_sigma:
        img = np.clip(img.astype(np.float32) + rng.normal(0, noise_sigma, img.shape), 0, 255).astype(np.uint8)
    if rotate90:
        img = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def images_to_pdf(images: list[np.ndarray], dpis: list[float], out: Path) -> None:
    """Image-only PDF, one page per image, page size = image size at its dpi (Pillow's PDF writer)."""
    pil = [Image.fromarray(im) for im in images]
    # Pillow uses one resolution for all pages; write pages separately merged via pypdfium2.
    import pypdfium2 as pdfium
    dst = pdfium.PdfDocument.new()
    for im, dpi in zip(pil, dpis):
        buf = io.BytesIO()
        im.save(buf, "PDF", resolution=dpi)
        src = pdfium.PdfDocument(buf.getvalue())
        dst.import_pages(src)
        src.close()
    dst.save(str(out))
    dst.close()


def make_scan(src: Path, out: Path, seed: int = 1, dpis: tuple[int, ...] = (150, 200, 300),
              max_skew: float = 2.0, rotate_page: int | None = 1) -> list[dict]:
    """Image-only copy of src; page i uses dpis[i % len], skew in ±max_skew; one page turned 90°."""
    import pypdfium2 as pdfium
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    images, used, meta = [], [], []
    for i in range(len(doc)):
        dpi = dpis[i % len(dpis)]
        r = render_page(doc, i, dpi)
        skew = float(rng.uniform(-max_skew, max_skew))
        rot = rotate_page is not None and i == rotate_page % len(doc) and len(doc) > 1
        images.append(degrade(r.image, rng, skew, rotate90=rot))
        used.append(r.dpi)
        meta.append(dict(page=i + 1, dpi=dpi, skew=round(skew, 3), rotated90=rot))
    doc.close()
    images_to_pdf(images, used, out)
    return meta


NUM = re.compile(r"[-－(（]?[\d,，.]*\d[)）]?")


def _is_table_page(page) -> bool:
    """Ruled grid, or many amounts (three-line and borderless tables have few rules)."""
    words = page.extract_words()
    amounts = sum(1 for w in words if ("." in w["text"] or "," in w["text"]) and NUM.fullmatch(w["text"]))
    return len(page.lines) + len(page.rects) >= 10 or amounts >= 12


def _title_cut(words: list[dict], height: float, bare: float = 85.0) -> float:
    """Bottom of the table title (the '...表' line in the top third), else `bare` (a fixed band)."""
    cands = [w for w in words if w["bottom"] < height / 3 and w["text"].endswith("表") and "公开" not in w["text"]]
    return max(w["bottom"] for w in cands) + 3 if cands else bare


def make_mixed(src: Path, out: Path, table_pages: set[int] | None = None, dpi: int = 200,
               seed: int = 2, title_drawn: bool = True, jpeg_quality: int = 75, strips: int = 1) -> list[int]:
    """Copy src; table pages (1-based; default: detected) keep their title as text and the rest
    of the page becomes a JPEG image (`dpi`, `jpeg_quality`), like reports whose text layer yields
    only table titles. Other pages are re-typed as text (same words and boxes, STSong-Light).
    `title_drawn=False` writes the table pages' titles in the invisible text mode: they are in the
    text layer and nowhere in the page's rendering, as on a machine whose renderer has no CJK font
    (STSong-Light is never embedded), so a reader must take them from the text layer. `strips` > 1 cuts
    each table picture into that many pictures of equal height, each drawn where its part belongs (Word
    and WPS paste a long screenshot so)."""
    import pdfplumber
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = np.random.default_rng(seed)
    with pdfplumber.open(str(src)) as pl:
        if table_pages is None:
            table_pages = {p.page_number for p in pl.pages if _is_table_page(p)}
        pages = [(p.width, p.height, p.extract_words(), p.page_number) for p in pl.pages]
    doc = pdfium.PdfDocument(str(src))
    c = canvas.Canvas(str(out))
    tmps = []
    for i, (w, h, words, num) in enumerate(pages):
        c.setPageSize((w, h))
        cut = _title_cut(words, h) if num in table_pages else h
        for wd in words:
            if wd["bottom"] <= cut:
                size = max(4.0, wd["bottom"] - wd["top"])
                text = c.beginText(wd["x0"], h - wd["bottom"] + 0.2 * size)
                text.setFont(FONT, size)
                text.setTextRenderMode(0 if title_drawn or num not in table_pages else 3)  # 3: neither fill nor stroke
                text.textOut(wd["text"])
                c.drawText(text)
        if num in table_pages:
            r = render_page(doc, i, dpi)
            cut_px = int(round(cut / r.points_per_pixel))
            img = degrade(r.image[cut_px:], rng, skew_deg=0.0, noise_sigma=4.0, jpeg_quality=100)
            step = (h - cut) / img.shape[0]  # points per pixel of the picture as drawn
            bounds = [round(k * img.shape[0] / strips) for k in range(strips + 1)]
            for k, (r0, r1) in enumerate(zip(bounds, bounds[1:])):
                tmp = out.with_suffix(f".p{num}.{k}.tmp.jpg")  # one name per picture: reportlab caches by name
                cv2.imwrite(str(tmp), img[r0:r1], [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])  # embedded as JPEG, as is
                c.drawImage(str(tmp), 0, h - cut - r1 * step, width=w, height=(r1 - r0) * step)
                tmps.append(tmp)
        c.showPage()
    c.save()
    for tmp in tmps:
        tmp.unlink(missing_ok=True)
    doc.close()
    return sorted(table_pages)


# ----------------------------------------------------------------------------------------------
# the zoo's picture traits (scripts/bench_zoo.py, section zoo-mixed): colour pictures, seals, paper tones
# ----------------------------------------------------------------------------------------------

SEAL_RED = (205, 32, 42)  # RGB of stamp-pad ink
SEAL_MM = 42.0  # a 公章's diameter
PAPER = {"white": (255, 255, 255), "grey": (208, 208, 204), "yellow": (240, 228, 188)}  # RGB of the paper
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


@dataclass(frozen=True)
class PictureStyle:
    """How a zoo document's pages become pictures: one value per picture trait (bench_zoo.PICTURE_TRAITS)."""

    kind: str = "mixed"  # mixed: text pages stay text, table pages become pictures; scan: every page a picture
    dpi: int = 200
    fmt: str = "jpeg"  # png | jpeg
    jpeg_quality: int = 75
    title: str = "text"  # mixed: the table's title in the text layer only (not drawn) / in the picture only / both
    strips: int = 1  # mixed: each table picture cut into this many pictures
    seal_pages: frozenset[int] = frozenset()  # 1-based pages that get a red seal over their table
    seal_text: str = ""
    background: str = "white"  # scan: the paper's tone (PAPER)


def render_rgb(doc, index: int, dpi: float) -> tuple[np.ndarray, float]:
    """One page as an RGB uint8 image and its points per pixel."""
    page = doc[index]
    w_pt, _ = page.get_size()
    arr = page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()
    page.close()
    return np.ascontiguousarray(arr[..., :3]), w_pt / arr.shape[1]


def seal_mask(diameter: int, text: str, rng: np.random.Generator) -> np.ndarray:
    """Ink coverage (0–1 float, diameter × diameter) of a round 公章: a ring, the department's name along the
    upper arc, a five-pointed star in the middle, 财务专用章 under it; the ink is uneven, as stamped."""
    from PIL import ImageDraw, ImageFont

    d = int(diameter)
    im = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(im)
    ring = max(2, d // 28)
    draw.ellipse((ring, ring, d - ring, d - ring), outline=255, width=ring)
    c, r_star = d / 2, d * 0.17
    pts = [(c + (r_star if k % 2 == 0 else r_star * 0.38) * np.sin(k * np.pi / 5),
            c - (r_star if k % 2 == 0 else r_star * 0.38) * np.cos(k * np.pi / 5)) for k in range(10)]
    draw.polygon(pts, fill=255)
    size = max(8, int(d * 0.12))
    font = ImageFont.truetype(CJK_FONT, size)
    chars = list(text)[:18] or ["章"]
    span = np.radians(min(250.0, 22.0 * len(chars)))
    radius = d / 2 - ring * 2 - size * 0.6
    for k, ch in enumerate(chars):  # each glyph upright to the circle, left to right along the upper arc
        ang = -span / 2 + span * (k + 0.5) / len(chars)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size * 0.5, size * 0.4), ch, fill=255, font=font)
        glyph = glyph.rotate(-np.degrees(ang), resample=Image.BILINEAR)
        x, y = c + radius * np.sin(ang) - size, c - radius * np.cos(ang) - size
        im.paste(glyph, (int(x), int(y)), glyph)
    small = ImageFont.truetype(CJK_FONT, max(6, int(size * 0.8)))
    draw.text((c, c + d * 0.28), "财务专用章", fill=255, font=small, anchor="mm")
    mask = np.asarray(im, dtype=np.float32) / 255
    mask *= rng.uniform(0.55, 1.0, mask.shape).astype(np.float32)  # uneven ink
    return cv2.GaussianBlur(mask, (3, 3), 0.7) * float(rng.uniform(0.75, 0.95))


def add_seal(rgb: np.ndarray, centre: tuple[int, int], diameter: int, text: str,
             rng: np.random.Generator) -> np.ndarray:
    """A red seal stamped at centre (x, y in pixels): red ink multiplies the page, so black print under it
    stays black and white paper turns red, as a stamp on a printed table does."""
    mask = seal_mask(diameter, text, rng)
    out = rgb.astype(np.float32)
    x0, y0 = centre[0] - diameter // 2, centre[1] - diameter // 2
    h, w = rgb.shape[:2]
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(w, x0 + diameter), min(h, y0 + diameter)
    if sx1 <= sx0 or sy1 <= sy0:
        return rgb
    m = mask[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0, None]
    ink = np.array(SEAL_RED, np.float32) / 255
    out[sy0:sy1, sx0:sx1] *= 1 - m + m * ink
    return np.clip(out, 0, 255).astype(np.uint8)


def seal_over_table(rgb: np.ndarray, points_per_pixel: float, text: str, rng: np.random.Generator) -> np.ndarray:
    """add_seal somewhere over the lower right of the page's print (the amounts of a table, where a unit
    stamps its tables), the seal SEAL_MM across."""
    dark = np.argwhere(rgb.min(axis=2) < 128)
    if not len(dark):
        return rgb
    (y0, x0), (y1, x1) = dark.min(axis=0), dark.max(axis=0)
    diameter = int(SEAL_MM / 25.4 * 72 / points_per_pixel)
    cx = int(rng.uniform(*sorted((x0 + 0.45 * (x1 - x0), x1 - 0.3 * diameter))))  # a short table: its bottom
    cy = int(rng.uniform(*sorted((y0 + 0.35 * (y1 - y0), y1 - 0.3 * diameter))))
    return add_seal(rgb, (cx, cy), diameter, text, rng)


def tint_background(rgb: np.ndarray, tone: str, rng: np.random.Generator) -> np.ndarray:
    """Paper of a tone (PAPER) lit a little unevenly, as a colour scanner sees recycled or aged paper:
    the page multiplies the paper's colour, so print stays dark."""
    if tone == "white":
        return rgb
    h, w = rgb.shape[:2]
    paper = np.array(PAPER[tone], np.float32) / 255
    light = 1 + np.linspace(-1, 1, w, dtype=np.float32)[None, :] * float(rng.uniform(-0.04, 0.04)) \
        + np.linspace(-1, 1, h, dtype=np.float32)[:, None] * float(rng.uniform(-0.04, 0.04))
    out = rgb.astype(np.float32) * paper * light[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def save_picture(img: np.ndarray, path: Path, style: PictureStyle) -> Path:
    """Write img (gray or RGB) as PNG or as a JPEG of style.jpeg_quality; reportlab embeds a JPEG as it is and a
    PNG losslessly. Returns the file written (its suffix says the format)."""
    path = path.with_suffix(".png" if style.fmt == "png" else ".jpg")
    bgr = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    params = [] if style.fmt == "png" else [cv2.IMWRITE_JPEG_QUALITY, style.jpeg_quality]
    cv2.imwrite(str(path), bgr, params)
    return path


def _noisy(rgb: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    noisy = rgb.astype(np.float32) + rng.normal(0, sigma, rgb.shape[:2])[..., None]
    return np.clip(noisy, 0, 255).astype(np.uint8)


def make_picture_doc(src: Path, out: Path, style: PictureStyle, table_pages: set[int],
                     whole_pages: set[int] = frozenset(), seed: int = 3) -> None:
    """src with its pages turned into pictures as style says. mixed: table pages (1-based) become colour
    pictures below their title (whole_pages and pages without a title: the whole page), the title in the text
    layer drawn invisibly (title "text"), only in the picture ("picture") or in both; other pages re-typed as
    text (make_mixed). scan: every page a colour scan on style.background paper, skewed ≤ 1.5°, page 2 turned
    90°. Either way a red seal on style.seal_pages, and every picture PNG or JPEG."""
    import pdfplumber
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = np.random.default_rng(seed)
    with pdfplumber.open(str(src)) as pl:
        pages = [(p.width, p.height, p.extract_words(), p.page_number) for p in pl.pages]
    doc = pdfium.PdfDocument(str(src))
    c = canvas.Canvas(str(out))
    tmps = []
    for i, (w, h, words, num) in enumerate(pages):
        pictured = style.kind == "scan" or num in table_pages
        if not pictured:
            c.setPageSize((w, h))
            _retype(c, words, h, h, visible=True)
            c.showPage()
            continue
        rgb, ppp = render_rgb(doc, i, style.dpi)
        if num in style.seal_pages:
            rgb = seal_over_table(rgb, ppp, style.seal_text, rng)
        if style.kind == "scan":
            rgb = tint_background(rgb, style.background, rng)
            skew = float(rng.uniform(-1.5, 1.5))
            hh, ww = rgb.shape[:2]
            m = cv2.getRotationMatrix2D((ww / 2, hh / 2), skew, 1.0)
            rgb = cv2.warpAffine(rgb, m, (ww, hh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            rgb = _noisy(cv2.GaussianBlur(rgb, (3, 3), 0.6), rng, 5.0)
            if i == 1 and len(pages) > 1:
                rgb, w, h = cv2.rotate(rgb, cv2.ROTATE_90_CLOCKWISE), h, w
            c.setPageSize((w, h))
            tmp = save_picture(rgb, out.with_suffix(f".p{num}.tmp"), style)
            c.drawImage(str(tmp), 0, 0, width=w, height=h)
            tmps.append(tmp)
            c.showPage()
            continue
        c.setPageSize((w, h))
        cut = 0.0 if num in whole_pages else _title_cut(words, h, bare=0.0)
        top = 0.0 if style.title in ("picture", "both") else cut  # where the picture begins
        img = _noisy(rgb[int(round(top / ppp)):], rng, 4.0)
        step = (h - top) / img.shape[0]
        bounds = [round(k * img.shape[0] / style.strips) for k in range(style.strips + 1)]
        for k, (r0, r1) in enumerate(zip(bounds, bounds[1:])):
            tmp = save_picture(img[r0:r1], out.with_suffix(f".p{num}.{k}.tmp"), style)
            c.drawImage(str(tmp), 0, h - top - r1 * step, width=w, height=(r1 - r0) * step)
            tmps.append(tmp)
        if style.title in ("text", "both"):
            _retype(c, words, cut, h, visible=style.title == "both")
        c.showPage()
    c.save()
    for tmp in tmps:
        tmp.unlink(missing_ok=True)
    doc.close()


def _retype(c, words: list[dict], cut: float, h: float, visible: bool) -> None:
    """The words above cut (points from the top) as STSong-Light text; invisible (render mode 3) when not
    visible: in the text layer and nowhere in the page's rendering."""
    for wd in words:
        if wd["bottom"] <= cut:
            size = max(4.0, wd["bottom"] - wd["top"])
            text = c.beginText(wd["x0"], h - wd["bottom"] + 0.2 * size)
            text.setFont(FONT, size)
            text.setTextRenderMode(0 if visible else 3)
            text.textOut(wd["text"])
            c.drawText(text)


def write_truth(truth: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        wr = csv.DictWriter(f, fieldnames=list(truth[0]))
        wr.writeheader()
        wr.writerows(truth)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--demo", type=Path, help="write demo_table.pdf (+ .cells.csv) into this dir")
    ap.add_argument("--out", type=Path, default=Path("fixtures/scans"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dpi", type=int, action="append", default=[],
                    help="write IN.scan<DPI>.pdf with every page at this dpi (repeatable); "
                         "without it, IN.scan.pdf cycles 150/200/300")
    ap.add_argument("--no-mixed", action="store_true", help="do not write IN.mixed.pdf")
    a = ap.parse_args(argv)
    if a.demo:
        a.demo.mkdir(parents=True, exist_ok=True)
        pdf = a.demo / "demo_table.pdf"
        write_truth(make_demo_table_pdf(pdf, pages=2), a.demo / "demo_table.cells.csv")
        a.inputs.append(pdf)
        a.out = a.demo
    a.out.mkdir(parents=True, exist_ok=True)
    for src in a.inputs:
        truth = src.with_suffix(".truth.csv")
        outs = []
        if a.dpi:
            for dpi in a.dpi:
                out = a.out / f"{src.stem}.scan{dpi}.pdf"
                meta = make_scan(src, out, seed=a.seed, dpis=(dpi,))
                outs.append(out)
                print(f"{src.name}: {out.name} {meta}")
        else:
            out = a.out / f"{src.stem}.scan.pdf"
            meta = make_scan(src, out, seed=a.seed)
            outs.append(out)
            print(f"{src.name}: scan {meta}")
        if not a.no_mixed:
            out = a.out / f"{src.stem}.mixed.pdf"
            tp = make_mixed(src, out, seed=a.seed)
            outs.append(out)
            print(f"{src.name}: mixed table pages {tp}")
        if truth.exists():  # the scorer matches <stem>.truth.csv to <stem>.pdf
            for out in outs:
                shutil.copyfile(truth, out.with_suffix(".truth.csv"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
