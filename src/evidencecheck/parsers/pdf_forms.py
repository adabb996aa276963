"""Filled PDF form fields: witness testimonies, observation records, review forms.

A fillable PDF keeps its answers in form fields, not in the page's text, so a
text extractor loses every one. Fields are read through pdfium's form API:
each filled field becomes ``"Label: value"``, where the label is the field's
tooltip (what a form designer writes as the question) or else its name made
readable (``q3_actions_agreed`` -> ``q3 actions agreed``). Ticked check boxes
and chosen radio buttons show their option; empty fields, unticked boxes and
push buttons are left out. A field with widgets on several pages is read once,
on its first page. Text typed onto a page that has no form (a FreeText
annotation: Acrobat's "Add text" and Fill & Sign) is read as a ``text_box``
block; comments and sticky notes are left out, as in Word files.

XFA forms (Adobe LiveCycle) keep their data in an XML "datasets" packet; where
a PDF has no AcroForm values, the filled leaves of that packet are read as
``"name: value"`` with no page (XFA lays out its own pages).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["FormField", "Forms"]

_WIDGET = 20  # FPDF_ANNOT_WIDGET
_FREETEXT = 3  # FPDF_ANNOT_FREETEXT: text typed onto a page
_NO_FORM = 0  # FORMTYPE_NONE
_PUSHBUTTON, _CHECKBOX, _RADIO = 1, 2, 3
_SIGNATURE = 7
_NAME_SEPARATORS = re.compile(r"[_\s]+")
_INDEX = re.compile(r"\[\d+\]$")
_MAX_XFA = 8 * 1024 * 1024


@dataclass(frozen=True)
class FormField:
    """One filled field (``"Label: value"``) or typed-on text box; ``page`` is 1-based or ``None`` (XFA)."""

    text: str
    page: int | None
    top: float
    left: float
    kind: str = "form_field"  # or "text_box": text typed onto the page (Acrobat's Fill & Sign)


class Forms:
    """The filled form fields and typed-on text boxes of one document, read page by page.

    Made before any page of ``pdf`` (a pypdfium2 ``PdfDocument``) is loaded:
    pdfium's form environment must exist before a page is, for its widgets to be read.
    """

    def __init__(self, pdf: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self._c = pdfium_c
        self.pdf = pdf
        self.form: Any = None
        self.found_values = False
        self._seen: set[str] = set()
        if pdfium_c.FPDF_GetFormType(pdf.raw) != _NO_FORM:
            try:
                if pdf.formenv is None:
                    pdf.init_forms()
                self.form = pdf.formenv.raw if pdf.formenv is not None else None
            except Exception:  # a form environment that will not start: read the text anyway
                self.form = None

    def page(self, page: Any, number: int) -> list[FormField]:
        """The filled fields and typed-on text boxes of one loaded page, top to bottom."""
        found = _page_fields(page, self.form, self._c, number, self._seen)
        self.found_values = self.found_values or any(f.kind == "form_field" for f in found)
        return sorted(found, key=lambda f: (round(f.top), f.left))

    def xfa(self) -> list[FormField]:
        """XFA data, when the document has an XFA form and no AcroForm field held a value."""
        if self.form is None or self.found_values:
            return []
        return _xfa(self.pdf, self._c)


def _page_fields(page: Any, form: Any, pdfium_c: Any, number: int, seen: set[str]) -> list[FormField]:
    raw = page.raw
    height = page.get_height()
    found: list[FormField] = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, i)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype == _FREETEXT:
                text = _annot_string(pdfium_c, annot, b"Contents").strip()
                if text:
                    top, left = _position(pdfium_c, annot, height)
                    found.append(FormField(text, number, top, left, "text_box"))
                continue
            if subtype != _WIDGET or form is None:
                continue
            kind = pdfium_c.FPDFAnnot_GetFormFieldType(form, annot)
            if kind in (_PUSHBUTTON, _SIGNATURE) or kind < 0:
                continue
            name = _string(pdfium_c.FPDFAnnot_GetFormFieldName, form, annot)
            if kind in (_CHECKBOX, _RADIO):
                if not pdfium_c.FPDFAnnot_IsChecked(form, annot):
                    continue
                value = _string(pdfium_c.FPDFAnnot_GetFormFieldExportValue, form, annot)
                value = "yes" if value.lower() in ("", "on", "yes", "true", "1") else value
                key = f"{name}={value}"
            else:
                value = _string(pdfium_c.FPDFAnnot_GetFormFieldValue, form, annot)
                key = name
            value = value.strip()
            if not value or key in seen:
                continue
            seen.add(key)
            label = _string(pdfium_c.FPDFAnnot_GetFormFieldAlternateName, form, annot).strip() or _readable(name)
            top, left = _position(pdfium_c, annot, height)
            text = f"{label}: {value}" if label else value
            found.append(FormField(text, number, top, left))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


def _position(pdfium_c: Any, annot: Any, height: float) -> tuple[float, float]:
    rect = pdfium_c.FS_RECTF()
    if pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
        return height - max(rect.top, rect.bottom), min(rect.left, rect.right)
    return 0.0, 0.0


def _annot_string(pdfium_c: Any, annot: Any, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(annot, key, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _string(function: Any, form: Any, annot: Any) -> str:
    """A UTF-16 string from one of pdfium's two-call getters (ask the size, then fill the buffer)."""
    size = function(form, annot, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(form, annot, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _readable(name: str) -> str:
    last = name.rsplit(".", 1)[-1]
    return _NAME_SEPARATORS.sub(" ", _INDEX.sub("", last)).strip()


def _xfa(pdf: Any, pdfium_c: Any) -> list[FormField]:
    raw = pdf.raw
    try:
        count = pdfium_c.FPDF_GetXFAPacketCount(raw)
    except Exception:
        return []
    for index in range(max(count, 0)):
        size = pdfium_c.FPDF_GetXFAPacketName(raw, index, None, 0)
        name_buf = ctypes.create_string_buffer(max(size, 1))
        pdfium_c.FPDF_GetXFAPacketName(raw, index, name_buf, size)
        if name_buf.value.decode("latin-1") != "datasets":
            continue
        needed = ctypes.c_ulong(0)
        pdfium_c.FPDF_GetXFAPacketContent(raw, index, None, 0, ctypes.byref(needed))
        if not 0 < needed.value <= _MAX_XFA:
            return []
        data = ctypes.create_string_buffer(needed.value)
        pdfium_c.FPDF_GetXFAPacketContent(raw, index, data, needed.value, ctypes.byref(needed))
        return _xfa_leaves(data.raw[: needed.value])
    return []


def _xfa_leaves(data: bytes) -> list[FormField]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return []
    out: list[FormField] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or len(el) or not (el.text or "").strip():
            continue
        name = etree.QName(el).localname
        if name in ("dataDescription",):
            continue
        out.append(FormField(f"{_readable(name)}: {el.text.strip()}", None, 0.0, 0.0))
    return out
