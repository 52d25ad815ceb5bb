"""The OCR engines a user can choose (`--ocr-engine`), each a class of extract/ocr/engines.py behind its Engine protocol.

Names map to "module:class" so that the command line can list the choices without importing OpenCV, numpy and
the models; a class is imported when its engine is first made (extract/ocr/engines.py get_engine).
"""
from __future__ import annotations

import importlib

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
