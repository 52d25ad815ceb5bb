"""The descent of each font a page uses, as the PDF's own font dictionaries give it (and as pdfminer takes it).

A character's box runs from its baseline + descent up one font size. pdfminer takes the descent from the font
descriptor's /Descent (0 where absent; AFM metrics for the standard 14 names). pdfium does too, except where
the descriptor gives Ascent and Descent both 0: it then measures the embedded font program (a glyph's or the
FontBBox's bottom). LibreOffice writes its CJK fonts (Noto Sans CJK as Type1) so: pdfium put their text up to
1.05 em (7 pt) lower than pdfplumber, and a unit line above a table fell into its first row. The pdfium reader
asks here first, so both readers place every glyph by the PDF's own metrics, whatever the font program holds.

pdfium names a font by its BaseFont without the subset tag (ABCDEF+); a name two fonts of the page share with
different descents is left out (pdfium's own measure is used for it).
"""
from __future__ import annotations

from pdfminer.pdffont import FontMetricsDB
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral, literal_name

from juesuan.extract.readers.form_depth import PDFIUM_FORM_DEPTH

_MAX_FORMS = 10_000  # forms looked at for one page: a bound on a hostile resource graph


def page_descents(resources) -> dict[str, float]:
    """{font name as pdfium gives it: descent in units of the font size} of the fonts that `resources` (a
    page's /Resources, pdfminer's objects) and its form XObjects name; unreadable entries are left out."""
    found: dict[str, set[float]] = {}
    forms = [0]

    def walk(res, depth: int, seen: frozenset[int]) -> None:
        res = resolve1(res)
        if not isinstance(res, dict) or depth > PDFIUM_FORM_DEPTH:
            return
        fonts = resolve1(res.get("Font"))
        for ref in fonts.values() if isinstance(fonts, dict) else ():
            spec = resolve1(ref)
            descent = font_descent(spec) if isinstance(spec, dict) else None
            if descent is not None:
                for name in _names(spec):
                    found.setdefault(name, set()).add(descent)
        xobjects = resolve1(res.get("XObject"))
        for ref in xobjects.values() if isinstance(xobjects, dict) else ():
            s = resolve1(ref)
            key = ref.objid if isinstance(ref, PDFObjRef) else id(s)
            if not isinstance(s, PDFStream) or literal_name(s.attrs.get("Subtype", "")) != "Form" or key in seen:
                continue
            forms[0] += 1
            if forms[0] <= _MAX_FORMS:
                walk(s.attrs.get("Resources"), depth + 1, seen | {key})

    try:
        walk(resources, 0, frozenset())
    except (RecursionError, TypeError, ValueError, KeyError):
        return {}
    return {name: next(iter(values)) for name, values in found.items() if len(values) == 1}


def font_descent(spec: dict) -> float | None:
    """pdfminer's descent of one font dictionary in units of its size (always ≤ 0); None for a Type3 font
    (its glyph space is its own) or a Type0 font without a descendant."""
    subtype = literal_name(spec.get("Subtype", ""))
    if subtype == "Type3":
        return None
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        if not isinstance(descendants, list) or not descendants or not isinstance(resolve1(descendants[0]), dict):
            return None
        return _descriptor_descent(resolve1(descendants[0]).get("FontDescriptor"))
    if subtype not in ("CIDFontType0", "CIDFontType2"):
        try:  # pdfminer measures the standard 14 by its AFM files, not by the descriptor
            descriptor, _ = FontMetricsDB.get_metrics(literal_name(resolve1(spec.get("BaseFont"))))
            return _value(descriptor.get("Descent", 0))
        except KeyError:
            pass
    return _descriptor_descent(spec.get("FontDescriptor"))


def _descriptor_descent(descriptor) -> float:
    descriptor = resolve1(descriptor)
    return _value(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0.0


def _value(raw) -> float:
    """A /Descent in units of the size, negative as the spec has it (PScript5 writes it positive)."""
    value = resolve1(raw)
    return -abs(float(value)) * 0.001 if isinstance(value, (int, float)) else 0.0


def _name(spec: dict) -> str:
    """The BaseFont's bytes read as Latin-1, as the pdfium reader reads pdfium's (a GBK 宋体 alike in both)."""
    base = resolve1(spec.get("BaseFont"))
    raw = base.name if isinstance(base, PSLiteral) else base
    if isinstance(raw, str):
        return raw.encode("utf-8").decode("latin-1")
    return raw.decode("latin-1") if isinstance(raw, bytes) else ""


def _names(spec: dict) -> set[str]:
    """The names pdfium may report for the font: its BaseFont (and a Type0's descendant's), subset tag dropped."""
    names = {_name(spec)}
    if literal_name(spec.get("Subtype", "")) == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        if isinstance(descendants, list) and descendants and isinstance(resolve1(descendants[0]), dict):
            names.add(_name(resolve1(descendants[0])))
    return {_untagged(n) for n in names if n}


def _untagged(name: str) -> str:
    return name[7:] if len(name) > 7 and name[6] == "+" and name[:6].isalpha() and name[:6].isupper() else name
