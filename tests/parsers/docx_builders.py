"""Small Word packages built in code for the parser tests (variants Word saves that python-docx alone refuses)."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from evidencecheck.parsers.ooxml import STRICT_NAMESPACES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def base_docx(*paragraphs: str) -> dict[str, bytes]:
    """The members of a .docx holding ``paragraphs``, made by python-docx."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}


def to_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def with_content_type(members: dict[str, bytes], content_type: str) -> dict[str, bytes]:
    """The main part declared with ``content_type`` (a .dotx, .docm or .dotm)."""
    types = members["[Content_Types].xml"].decode()
    types = re.sub(r'(PartName="/word/document.xml" ContentType=")[^"]+"', rf'\g<1>{content_type}"', types)
    return {**members, "[Content_Types].xml": types.encode()}


def to_strict(members: dict[str, bytes]) -> dict[str, bytes]:
    """Every transitional namespace replaced by its ISO 29500 Strict twin, as Word's Strict save does."""
    out = {}
    for name, data in members.items():
        for strict, transitional in STRICT_NAMESPACES:
            data = data.replace(transitional, strict)
        out[name] = data
    return out


def moved_main_part(members: dict[str, bytes], new_name: str = "word/document2.xml") -> dict[str, bytes]:
    """The main part stored under another name, as Word Online does."""
    out = dict(members)
    out[new_name] = out.pop("word/document.xml")
    out["word/_rels/" + new_name.rsplit("/", 1)[1] + ".rels"] = out.pop("word/_rels/document.xml.rels")
    out["_rels/.rels"] = out["_rels/.rels"].replace(b'Target="word/document.xml"', f'Target="{new_name}"'.encode())
    out["[Content_Types].xml"] = out["[Content_Types].xml"].replace(
        b'PartName="/word/document.xml"', f'PartName="/{new_name}"'.encode())
    return out


def missing_parts(members: dict[str, bytes]) -> dict[str, bytes]:
    """Relationships to an image and a thumbnail whose parts are not in the zip."""
    out = dict(members)
    out["_rels/.rels"] = out["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdThumb" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        b'metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>')
    out["word/_rels/document.xml.rels"] = out["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'image" Target="media/image1.png"/></Relationships>')
    return out


def body(members: dict[str, bytes], xml: str) -> dict[str, bytes]:
    """``members`` whose document body holds ``xml`` (prefix ``w:``) before the section properties."""
    doc = members["word/document.xml"].decode()
    doc = re.sub(r"<w:body>.*?(<w:sectPr)", lambda m: "<w:body>" + xml + m.group(1), doc, flags=re.DOTALL)
    return {**members, "word/document.xml": doc.encode()}


def with_notes(members: dict[str, bytes], kind: str, notes: dict[str, str]) -> dict[str, bytes]:
    """Add a footnotes or endnotes part holding ``notes`` (id -> text), with Word's separator notes."""
    items = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
             f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
             f'</w:r></w:p></w:{kind}>']
    for note_id, text in notes.items():
        items.append(f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
                     f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>')
    part = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W_NS}">' \
           + "".join(items) + f"</w:{kind}s>"
    out = dict(members)
    out[f"word/{kind}s.xml"] = part.encode()
    out["word/_rels/document.xml.rels"] = out["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId{kind}" Type="{R_NS}/{kind}s" Target="{kind}s.xml"/></Relationships>'.encode())
    out["[Content_Types].xml"] = out["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{kind}s+xml"/></Types>'.encode())
    return out
