"""Optional content (layers): what a viewer hides by default is not printed, so it is not read.

A PDF may draw text in an optional-content group (OCG) that its default configuration (/OCProperties /D) turns
OFF: a draft's figures under the final ones, a layer of notes. Viewers and printers leave it out; a text-layer
reader sees it all, and the hidden numbers land in the printed cells (issue 31). The document's default state is
read here with pdfminer's object parser (both readers have it): which groups are off, and whether a marked-content
property list (/OC /name BDC … EMC) or a form XObject's /OC entry hides what it wraps. Each reader then leaves
out what is hidden: the pdfplumber reader interprets the page with the interpreter below, the pdfium reader by the
marks pdfium keeps on each page object (which name an OCG by its /Name only, see hidden_names).
Usage-dependent states (/AS) and visibility expressions (/VE) are not evaluated: such content is read as shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1, stream_value
from pdfminer.psparser import PSLiteral, literal_name
from pdfplumber.page import PDFPageAggregatorWithMarkedContent


@dataclass(frozen=True)
class Layers:
    """The document's optional-content groups as its default configuration sets them."""

    hidden: frozenset[int]  # object numbers of the groups that are OFF
    names_hidden: frozenset[str]  # their /Name
    names_shown: frozenset[str]  # the /Name of the groups that are ON

    def __bool__(self) -> bool:
        return bool(self.hidden)

    def hides(self, props) -> bool:
        """Whether an /OC property (an OCG or an optional-content membership dictionary) hides its content."""
        ids = _ids(props)
        value = resolve1(props)
        if not isinstance(value, dict):
            return False
        if literal_name(value.get("Type", "")) != "OCMD":
            return bool(ids & self.hidden)
        members = [set(_ids(m)) for m in _as_list(value.get("OCGs"))]
        if not members:
            return False  # no groups (or only /VE): shown
        on = [not (m & self.hidden) for m in members]
        policy = literal_name(value.get("P", "AnyOn")) if value.get("P") is not None else "AnyOn"
        visible = {"AllOn": all(on), "AnyOff": not all(on), "AllOff": not any(on)}.get(policy, any(on))
        return not visible

    def hidden_names(self) -> frozenset[str]:
        """Names that only hidden groups bear: pdfium shows a mark's OCG by its /Name, not its object number."""
        return self.names_hidden - self.names_shown


NONE = Layers(frozenset(), frozenset(), frozenset())


def _ids(value) -> frozenset[int]:
    return frozenset(v.objid for v in _as_list(value) if isinstance(v, PDFObjRef))


def _as_list(value) -> list:
    """An array's items, or the one value that stands for an array of one."""
    resolved = resolve1(value)
    return list(resolved) if isinstance(resolved, list) else [] if value is None else [value]


def layers(doc: PDFDocument) -> Layers:
    """The groups the default configuration turns off (none when the document has no optional content)."""
    try:
        props = resolve1(doc.catalog.get("OCProperties"))
        if not isinstance(props, dict):
            return NONE
        groups = [g for g in _as_list(props.get("OCGs")) if isinstance(g, PDFObjRef)]
        config = resolve1(props.get("D")) or {}
        off = _ids(config.get("OFF"))
        if literal_name(config.get("BaseState", "ON")) == "OFF":
            off = frozenset(g.objid for g in groups) - _ids(config.get("ON"))
        names = {g.objid: _name(g) for g in groups}
        return Layers(frozenset(off), frozenset(n for i, n in names.items() if i in off),
                      frozenset(n for i, n in names.items() if i not in off))
    except MemoryError:
        raise
    except Exception:
        return NONE  # a damaged /OCProperties: the content is read as drawn


def _name(group: PDFObjRef) -> str:
    value = resolve1(resolve1(group).get("Name", b"")) if isinstance(resolve1(group), dict) else b""
    if isinstance(value, bytes):
        return value[2:].decode("utf-16-be", "replace") if value[:2] == b"\xfe\xff" else value.decode("latin-1")
    return str(value)


def hidden_forms(resources, hidden: Layers) -> list[str]:
    """Names of the form XObjects of `resources` that a hidden group's /OC entry leaves out."""
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
    streams = {name: resolve1(ref) for name, ref in xobjects.items()}
    return [name for name, s in streams.items() if isinstance(s, PDFStream) and "OC" in s.attrs
            and hidden.hides(s.attrs["OC"])]


def membership_verdict(resources, hidden: Layers) -> bool | None:
    """Whether the membership dictionaries (OCMD) a page's /Properties names hide their content: True or False
    when all of them agree, None when they differ (pdfium's marks do not say which one an object is in)."""
    properties = resolve1((resolve1(resources) or {}).get("Properties")) or {}
    verdicts = {hidden.hides(ref) for ref in properties.values()
                if isinstance(resolve1(ref), dict) and literal_name(resolve1(ref).get("Type", "")) == "OCMD"}
    return next(iter(verdicts)) if len(verdicts) == 1 else None if verdicts else False


class VisibleDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, leaving out what is drawn inside a hidden marked-content sequence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden: list[bool] = []

    def _drop_new(self, before: int) -> None:
        if any(self.hidden):
            del self.cur_item._objs[before:]

    def render_char(self, *args, **kwargs) -> float:
        before = len(self.cur_item._objs)
        advance = super().render_char(*args, **kwargs)  # its advance moves the next character even when hidden
        self._drop_new(before)
        return advance

    def render_image(self, *args, **kwargs) -> None:
        before = len(self.cur_item._objs)
        super().render_image(*args, **kwargs)
        self._drop_new(before)

    def paint_path(self, *args, **kwargs) -> None:
        before = len(self.cur_item._objs)
        super().paint_path(*args, **kwargs)
        self._drop_new(before)


class VisibleInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter keeping a stack of marked-content sequences, each hidden or not, and skipping a form
    whose /OC entry hides it."""

    def __init__(self, rsrcmgr, device: VisibleDevice, hidden: Layers):
        super().__init__(rsrcmgr, device)
        self.layers = hidden
        self.properties: dict = {}

    def dup(self) -> "VisibleInterpreter":
        return self.__class__(self.rsrcmgr, self.device, self.layers)

    def init_resources(self, resources) -> None:
        super().init_resources(resources)
        self.properties = resolve1((resources or {}).get("Properties")) or {} if isinstance(resources, dict) else {}

    def do_BMC(self, tag) -> None:
        self.device.hidden.append(False)
        super().do_BMC(tag)

    def do_BDC(self, tag, props) -> None:
        if isinstance(props, PSLiteral):
            props = self.properties.get(props.name) if isinstance(self.properties, dict) else None
        hides = isinstance(tag, PSLiteral) and tag.name == "OC" and props is not None and self.layers.hides(props)
        self.device.hidden.append(hides)
        super().do_BDC(tag, props)

    def do_EMC(self) -> None:
        if self.device.hidden:
            self.device.hidden.pop()
        super().do_EMC()

    def do_Do(self, xobjid_arg) -> None:
        xobj = self.xobjmap.get(literal_name(xobjid_arg))
        try:
            oc = stream_value(xobj).attrs.get("OC") if xobj is not None else None
        except Exception:
            oc = None
        if oc is not None and self.layers.hides(oc):
            return
        super().do_Do(xobjid_arg)
