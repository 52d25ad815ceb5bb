"""How deep a page's form XObjects nest: pdfium draws forms 40 levels deep and silently leaves out any deeper.

A report page wraps its content in a form or two; a hostile one in a chain of hundreds, or in a form that draws
itself. pdfium stops at its nesting limit without a word, so a page whose text sits below it reads as blank
(issue 31). When the pdfium reader meets a form at that depth with nothing in it, it asks here whether the page's
resources hold a chain of distinct forms that deep (content lost: the page is refused, naming the way out) or
only a loop (a form drawing itself: every viewer stops it, and what lies below repeats what was drawn).
"""
from __future__ import annotations

from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import literal_name

PDFIUM_FORM_DEPTH = 40  # forms within forms pdfium draws (CPDF_StreamContentParser's form level limit)
_MAX_FORMS = 10_000  # forms looked at for one page: a bound on a hostile resource graph


def chain_depth(resources, limit: int = PDFIUM_FORM_DEPTH) -> int:
    """The longest chain of distinct form XObjects the resources reach (one form's resources naming the next),
    counted up to limit + 1; a form already on the chain (a loop) ends it."""
    seen = 0

    def forms(res) -> list[tuple[int, PDFStream]]:
        xobjects = resolve1((resolve1(res) or {}).get("XObject")) if isinstance(resolve1(res), dict) else None
        out = []
        for ref in (xobjects or {}).values() if isinstance(xobjects, dict) else ():
            s = resolve1(ref)
            if isinstance(s, PDFStream) and literal_name(s.attrs.get("Subtype", "")) == "Form":
                out.append((ref.objid if isinstance(ref, PDFObjRef) else id(s), s))
        return out

    def depth(res, chain: frozenset[int]) -> int:
        nonlocal seen
        if len(chain) > limit:
            return 0  # deep enough to tell
        best = 0
        for key, s in forms(res):
            seen += 1
            if key in chain or seen > _MAX_FORMS:
                continue
            best = max(best, 1 + depth(s.attrs.get("Resources"), chain | {key}))
            if best > limit:
                break
        return best

    try:
        return depth(resources, frozenset())
    except RecursionError:
        return limit + 1
