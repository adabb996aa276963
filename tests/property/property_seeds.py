"""Valid evidence files built in memory, and Hypothesis strategies that damage them.

The seeds are byte-for-byte reproducible (fixed zip timestamps, reportlab's
``invariant`` mode), so a derandomized run tries exactly the same files every
time.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from functools import lru_cache

from hypothesis import strategies as st

ZIP_TIME = (2024, 1, 1, 0, 0, 0)
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))


def examples(n: int) -> int:
    """``n`` examples, times ``PROPERTY_SCALE`` for a longer local run."""
    return n * SCALE


def rezip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` with fixed timestamps (so the same members give the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@lru_cache(maxsize=1)
def good_docx() -> bytes:
    """A small Word file: heading, paragraphs, a list item, a table, a header."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Coaching log"
    document.sections[0].header.paragraphs[0].text = "Northgate contact centre"
    document.add_heading("Coaching log", level=1)
    document.add_paragraph("On 3 May I coached Sam on call control and we agreed a target of 80%.")
    document.add_paragraph("We now hold a huddle every Monday.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Measure", (0, 1): "Result", (1, 0): "AHT", (1, 1): "6:05"}.items():
        table.cell(r, c).text = text
    document.add_paragraph("Signed: R Okafor, team leader")
    buffer = io.BytesIO()
    document.save(buffer)
    return rezip(docx_members(buffer.getvalue()))


@lru_cache(maxsize=1)
def good_pdf() -> bytes:
    """A small two-page PDF with uncompressed content streams (so mutations hit the text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setTitle("Witness testimony")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 780, "Witness testimony")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 750, "She runs a huddle every Monday and coached Sam on 3 May.")
    pdf.drawString(72, 735, "Complaints fell from 14 to 6 in June.")
    pdf.rect(72, 600, 200, 40)
    pdf.line(172, 600, 172, 640)
    pdf.drawString(80, 615, "AHT")
    pdf.drawString(180, 615, "6:05")
    pdf.showPage()
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 780, "Signed: J Patel, operations manager")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


GOOD_TXT = (
    b"COACHING LOG\n\nOn 3 May I coached Sam on call control.\nWe agreed a target of 80%.\n\n"
    b"1. Huddle every Monday\n2. Review on 10 May\n"
)
GOOD_MD = (
    b"# Team meeting\n\nI chaired the meeting on **3 May**.\n\n- Sam: AHT 6:05\n- Dev: CSAT 82%\n\n"
    b"| Measure | Result |\n| --- | --- |\n| AHT | 6:05 |\n"
)
GOOD_UTF16 = "Reflective account\n\nI coached Sam \u2013 AHT fell to 6:05.".encode("utf-16")

DOCX_PARTS = ("word/document.xml", "word/styles.xml", "[Content_Types].xml", "docProps/core.xml",
              "word/_rels/document.xml.rels", "_rels/.rels")


class Damaged(bytes):
    """Damaged bytes that show the damage, not the whole file, when Hypothesis reports an example."""

    damage: str = ""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes: {self.damage}>"


def damaged(data: bytes, damage: str) -> Damaged:
    out = Damaged(data)
    out.damage = damage
    return out


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> Damaged:
    """``data`` damaged a few times: bit flips, truncation, insertions, deletions, overwrites, copies."""
    out = bytearray(data)
    done: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "overwrite", "duplicate"]))
        if not out:
            extra = draw(st.binary(min_size=1, max_size=16))
            out += extra
            done.append(f"append {extra!r}")
            continue
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            bit = draw(st.integers(0, 7))
            out[at] ^= 1 << bit
            done.append(f"flip bit {bit} at {at}")
        elif kind == "truncate":
            del out[at:]
            done.append(f"truncate at {at}")
        elif kind == "insert":
            extra = draw(st.binary(min_size=1, max_size=64))
            out[at:at] = extra
            done.append(f"insert {extra!r} at {at}")
        elif kind == "delete":
            size = draw(st.integers(1, 64))
            del out[at:at + size]
            done.append(f"delete {size} at {at}")
        elif kind == "overwrite":
            patch = draw(st.binary(min_size=1, max_size=32))
            out[at:at + len(patch)] = patch
            done.append(f"overwrite {patch!r} at {at}")
        else:
            size = draw(st.integers(1, 256))
            out[at:at] = out[at:at + size]
            done.append(f"copy {size} at {at}")
    return damaged(bytes(out), "; ".join(done))


# Well-formed WordprocessingML that a Word file might hold in odd places or with odd values.
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SNIPPETS = (
    b"<w:p><w:r><w:t>I coached Sam.</w:t></w:r></w:p>",
    b"<w:p/>", b"<w:r/>", b"<w:t/>", b"<w:tc/>", b"<w:tr/>", b"<w:tbl/>",
    b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    b"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc/></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
    b'<w:tcPr><w:gridSpan w:val="999999"/></w:tcPr>', b'<w:tcPr><w:gridSpan w:val="-3"/></w:tcPr>',
    b'<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', b"<w:tcPr><w:vMerge/></w:tcPr>",
    b'<w:pPr><w:pStyle w:val="Heading99"/></w:pPr>', b'<w:pPr><w:pStyle w:val=""/></w:pPr>',
    b'<w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="-1"/></w:numPr></w:pPr>',
    b'<w:pPr><w:outlineLvl w:val="99999999999999999999"/></w:pPr>',
    b"<w:r><w:tab/><w:br/><w:cr/><w:noBreakHyphen/><w:softHyphen/><w:sym/></w:r>",
    b"<w:ins><w:r><w:t>inserted</w:t></w:r></w:ins>", b"<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>",
    b"<w:sdt><w:sdtContent><w:p><w:r><w:t>control</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    b"<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>",
    b"<w:t>&lt;script&gt; &amp; &#x1F600; &#65;</w:t>", b"<w:t><![CDATA[<b>]]></w:t>",
    b'<w:t xml:space="preserve">   </w:t>', b"<!-- comment -->", b"<?pi data?>",
    b"<unknown:element xmlns:unknown='urn:x'><w:p/></unknown:element>",
    b"<w:fldSimple><w:r><w:t>field</w:t></w:r></w:fldSimple>", b"<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>",
)


@st.composite
def spliced(draw: st.DrawFn, xml: bytes) -> tuple[bytes, str]:
    """``xml`` with well-formed snippets inserted after tags, or an element's text cut out."""
    out = xml
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        # after a tag inside the root element (not after the XML declaration or before the root)
        ends = [m.end() for m in re.finditer(b">", out)][2:-1]
        if not ends:
            break
        at = draw(st.sampled_from(ends))
        if draw(st.booleans()):
            snippet = draw(st.sampled_from(SNIPPETS))
            out = out[:at] + snippet + out[at:]
            done.append(f"splice {snippet[:40]!r} at {at}")
        else:
            stop = out.find(b"<", at)
            if stop > at:
                out = out[:at] + out[stop:]
                done.append(f"cut text at {at}")
    return out, "; ".join(done)


@st.composite
def mutated_docx_xml(draw: st.DrawFn) -> Damaged:
    """A valid zip whose XML parts are damaged (so the XML reader, not the zip reader, meets the damage).

    Half the time the XML stays well-formed (snippets spliced in, text cut out), so the
    reader's own logic, not only lxml's, meets the oddity.
    """
    members = docx_members(good_docx())
    done: list[str] = []
    for name in draw(st.lists(st.sampled_from(DOCX_PARTS), min_size=1, max_size=2, unique=True)):
        if draw(st.booleans()):
            name = "word/document.xml" if draw(st.booleans()) else name
            members[name], damage = draw(spliced(members[name]))
        else:
            part = draw(mutated(members[name]))
            members[name], damage = bytes(part), part.damage
        done.append(f"{name}: {damage}")
    return damaged(rezip(members), " | ".join(done))


def seeds() -> dict[str, bytes]:
    return {"docx": good_docx(), "pdf": good_pdf(), "txt": GOOD_TXT, "md": GOOD_MD, "utf16": GOOD_UTF16}
