"""Turn any Word package a learner can save into one python-docx opens.

python-docx opens only a transitional ``.docx`` whose every relationship
target exists. Word also saves templates (.dotx), macro-enabled files
(.docm, .dotm) and Strict Open XML, Word Online may name its main part
something other than ``word/document.xml``, and files copied between tools
lose image or thumbnail parts that Word quietly ignores. :func:`normalise`
builds an in-memory package python-docx reads, without touching the file:

- only XML parts are copied (images, embedded objects, fonts and macros are
  never read, so they cost no memory), and every relationship whose internal
  target is not copied is dropped;
- Strict namespaces are mapped to their transitional twins (the element
  names are the same in both; only the namespace URIs differ);
- the main part's content type is set to the .docx one.

The zip has already passed :func:`evidencecheck.parsers.docx._check_zip`
(member count, sizes, ratios, no DOCTYPE), so every part read here is bounded.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from lxml import etree

__all__ = ["MAIN_CONTENT_TYPES", "main_part_name", "normalise", "word_main_part"]

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: Content types of a Word main document part: .docx, .dotx, .docm, .dotm.
MAIN_CONTENT_TYPES = frozenset({
    _DOCX_MAIN,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_T = "http://schemas.openxmlformats.org/"
# ISO/IEC 29500 Strict namespace -> the transitional namespace of the same vocabulary.
STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = tuple(
    (strict.encode(), transitional.encode()) for strict, transitional in (
        ("http://purl.oclc.org/ooxml/wordprocessingml/main", _T + "wordprocessingml/2006/main"),
        ("http://purl.oclc.org/ooxml/officeDocument/relationships", _T + "officeDocument/2006/relationships"),
        ("http://purl.oclc.org/ooxml/officeDocument/math", _T + "officeDocument/2006/math"),
        ("http://purl.oclc.org/ooxml/officeDocument/sharedTypes", _T + "officeDocument/2006/sharedTypes"),
        ("http://purl.oclc.org/ooxml/officeDocument/customXml", _T + "officeDocument/2006/customXml"),
        ("http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
         _T + "officeDocument/2006/extended-properties"),
        ("http://purl.oclc.org/ooxml/officeDocument/customProperties", _T + "officeDocument/2006/custom-properties"),
        ("http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes", _T + "officeDocument/2006/docPropsVTypes"),
        ("http://purl.oclc.org/ooxml/officeDocument/bibliography", _T + "officeDocument/2006/bibliography"),
        ("http://purl.oclc.org/ooxml/drawingml/main", _T + "drawingml/2006/main"),
        ("http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", _T + "drawingml/2006/wordprocessingDrawing"),
        ("http://purl.oclc.org/ooxml/drawingml/picture", _T + "drawingml/2006/picture"),
        ("http://purl.oclc.org/ooxml/drawingml/chart", _T + "drawingml/2006/chart"),
        ("http://purl.oclc.org/ooxml/drawingml/diagram", _T + "drawingml/2006/diagram"),
        ("http://purl.oclc.org/ooxml/schemaLibrary/main", _T + "schemaLibrary/2006/main"),
    )
)
_SMALL_PART = 1024 * 1024  # a package relationship part is a few hundred bytes
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name (forward slashes, lower case: OPC part names ignore case) -> zip member name."""
    return {info.filename.replace("\\", "/").lower(): info.filename for info in zf.infolist() if not info.is_dir()}


def main_part_name(zf: zipfile.ZipFile) -> str | None:
    """The zip member name of the package's main Word part, or ``None`` if it has none.

    Found through the package relationship (``_rels/.rels``), as Word does; a
    package without one falls back to ``word/document.xml``.
    """
    members = _members(zf)
    rels_member = members.get("_rels/.rels")
    if rels_member is not None and zf.getinfo(rels_member).file_size <= _SMALL_PART:
        rels = _parse(zf.read(rels_member))
        if rels is not None:
            for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
                if rel.get("Type") in _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
                    target = _resolve("", rel.get("Target") or "").lower()
                    if target in members:
                        return members[target]
    return members.get("word/document.xml")


def word_main_part(zf: zipfile.ZipFile) -> str | None:
    """The name of the package's main part if it is a Word document (any flavour), else ``None``.

    An Excel or PowerPoint package also has a main part: it is told apart by its
    content type or, when that is missing, by its root element.
    """
    main = main_part_name(zf)
    if main is None:
        return None
    types_member = _members(zf).get("[content_types].xml")
    if types_member is not None and zf.getinfo(types_member).file_size <= _SMALL_PART:
        types = _parse(zf.read(types_member))
        if types is not None:
            wanted = main.replace("\\", "/").lower()
            for override in types.iter(f"{{{_CT_NS}}}Override"):
                if (override.get("PartName") or "").lstrip("/").lower() == wanted:
                    if override.get("ContentType") in MAIN_CONTENT_TYPES:
                        return main
                    break
    with zf.open(main) as member:
        head = member.read(4096)
    return main if b"wordprocessingml" in head and b"document" in head else None


def normalise(zf: zipfile.ZipFile) -> io.BytesIO:
    """An in-memory .docx package with the main Word part of ``zf``, as python-docx expects.

    Raises:
        ValueError: "not a Word file" when the package has no Word main part.
    """
    member = main_part_name(zf)
    if member is None:
        raise ValueError("not a Word file: the package has no main document part")
    main = member.replace("\\", "/")
    parts: dict[str, bytes] = {}
    for info in zf.infolist():
        name = info.filename.replace("\\", "/")  # zips made on Windows by hand
        if not info.is_dir() and name.lower().endswith((".xml", ".rels")):
            parts[name] = _to_transitional(zf.read(info))
    parts["[Content_Types].xml"] = _content_types(parts.get("[Content_Types].xml", b""), main, parts)
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _prune_rels(name, parts[name], parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    out.seek(0)
    return out


def is_strict(zf: zipfile.ZipFile, main: str) -> bool:
    """Whether the main part uses Strict Open XML namespaces."""
    with zf.open(main) as member:
        return STRICT_NAMESPACES[0][0] in member.read(4096)


def _to_transitional(data: bytes) -> bytes:
    if b"purl.oclc.org/ooxml" not in data:
        return data
    for strict, transitional in STRICT_NAMESPACES:
        data = data.replace(strict, transitional)
    return data


def _content_types(data: bytes, main: str, parts: dict[str, bytes]) -> bytes:
    root = etree.fromstring(data, _XML_PARSER) if data else None  # malformed: E215, as before
    if root is None:
        root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    lower = {name.lower() for name in parts}
    for override in root.findall(f"{{{_CT_NS}}}Override"):
        part = (override.get("PartName") or "").lstrip("/").lower()  # part names ignore case
        if part == main.lower() or (part and part not in lower):
            root.remove(override)  # the main part (set below), or a part that is not copied
    defaults = {(d.get("Extension") or "").lower() for d in root.findall(f"{{{_CT_NS}}}Default")}
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml")):
        if ext not in defaults:  # python-docx refuses a part without a content type; Word does not
            etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension=ext, ContentType=ctype)
    etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName="/" + main, ContentType=_DOCX_MAIN)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _prune_rels(rels_name: str, data: bytes, parts: dict[str, bytes]) -> bytes:
    """Drop the relationships of ``rels_name`` whose internal target is not in ``parts``."""
    root = etree.fromstring(data, _XML_PARSER)  # malformed: E215
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/x.rels -> word
    by_lower = {name.lower(): name for name in parts}
    changed = False
    for rel in list(root):
        if not isinstance(rel.tag, str) or rel.get("TargetMode") == "External":
            continue
        target = _resolve(source_dir, rel.get("Target") or "")
        if target in parts:
            continue
        if target.lower() in by_lower:  # part names ignore case; python-docx's lookup does not
            rel.set("Target", "/" + by_lower[target.lower()])
        else:
            root.remove(rel)
        changed = True
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)) if changed else data


def _resolve(source_dir: str, target: str) -> str:
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(source_dir, target)).lstrip("/")


def _parse(data: bytes) -> Any:
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        return None
