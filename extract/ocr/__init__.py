"""OCR: image pages (scans, pasted table pictures) read into the same PageContent as the text layer.

The package, in the order a page goes through it:
- page.py: the entry points (read_page_ocr, page_words, ocr_page_image): render → upright → rulings → words;
- raster.py renders a page (bounded in pixels); deskew.py turns it upright and straight;
- grid.py finds the ruling lines; ink_words.py cuts a ruled cell's ink into word boxes;
- cells.py: the ruled-cells path (each word recognized from its cell's ink, no page-wide detection);
- lines.py: line cutting, for page-wide detection (a detected line → words that each sit in one cell);
- reread.py: second looks (doubtful numbers, short codes, text the detector missed), never inferred;
- engines.py: the engines behind the Engine protocol, made once per process (get_engine).

This module holds only ENGINES, the engines a user can choose (`--ocr-engine`): names map to "module:class"
so that the command line lists the choices without importing OpenCV, numpy and the models; a class is imported
when its engine is first made (engines.get_engine).
"""
from __future__ import annotations

import importlib

# The coarsest table picture the OCR path is measured to read: mixed reports whose table pictures are JPEG (q75)
# at 120, 150 and 200 dpi read at keyed F1 1.000, at 96 dpi 0.21 (9-pt digits ~9 px high run into each other:
# "2080201" read "280201"); scripts/bench_mixed_dpi.py. A coarser picture is a `coarse_picture` finding.
READABLE_PICTURE_DPI = 118  # 120 dpi as drawn, give or take the rounding of a picture's size in points

ENGINES = {  # --ocr-engine NAME → the class that reads a page image
    "rapidocr": "juesuan.extract.ocr.engines:RapidEngine",
    "tesseract": "juesuan.extract.ocr.engines:TesseractEngine",
}


def engine_class(name: str) -> type:
    """The class of engine `name`; ValueError naming the choices for any other."""
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; one of {', '.join(ENGINES)}")
    module, cls = ENGINES[name].split(":")
    return getattr(importlib.import_module(module), cls)
