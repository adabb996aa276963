"""Hostile and damaged evidence files, generated in the test (nothing large is committed).

Each builder returns the file's bytes. :data:`CASES` lists every case with the
file name it is saved under and what reading it must give: ``("error", code)``
or ``("ok", check)`` where ``check(document)`` asserts what was read.
"""

from __future__ import annotations

import codecs
import functools
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- good files -----------------------------------------------------------------------

@functools.cache
def good_docx(text: str = "I coached Sam on call control and we agreed a target of 80%.") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Coaching record", level=1)
    doc.add_paragraph(text)
    doc.sections[0].header.paragraphs[0].text = "Northgate contact centre"
    doc.sections[0].footer.paragraphs[0].text = "Learner evidence"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@functools.cache
def good_pdf(text: str = "Witness testimony: she runs a huddle every Monday.", pages: int = 1) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"{text} Page {n + 1}." if pages > 1 else text)
        c.showPage()
    c.save()
    return buf.getvalue()


def good_md(title: str = "Team meeting") -> bytes:
    return f"# {title}\n\nWe reviewed the queue figures and I agreed actions with each adviser.\n".encode()


# --- Word: zips and XML ------------------------------------------------------------------

def docx_members(data: bytes | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data or good_docx())) as zf:
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def with_member(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    members = docx_members()
    members[name] = data
    return make_zip(members, method)


def _part(members: dict[str, bytes], prefix: str) -> str:
    return next(n for n in sorted(members) if n.startswith(prefix) and n.endswith(".xml"))


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite ``name``'s uncompressed size in the local header and the central directory."""
    raw = bytearray(data)
    encoded = name.encode()
    for sig, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        pos = raw.find(sig)
        while pos >= 0:
            length = struct.unpack_from("<H", raw, pos + name_len_at)[0]
            if raw[pos + name_at:pos + name_at + length] == encoded:
                struct.pack_into("<I", raw, pos + size_at, size)
            pos = raw.find(sig, pos + 4)
    return bytes(raw)


def zip_bomb_declared_size() -> bytes:
    """A member whose central-directory entry claims 4 GB."""
    return patch_declared_size(with_member("word/media/image1.bin", b"\x00" * 1000), "word/media/image1.bin",
                               0xFFFFFFF0)


def zip_bomb_ratio() -> bytes:
    """A member that compresses about 1000:1 (24 MB of zeros in ~24 KB)."""
    return with_member("word/media/image1.bin", b"\x00" * (24 * 1024 * 1024))


def zip_bomb_members() -> bytes:
    members = docx_members()
    for n in range(2500):
        members[f"customXml/item{n}.xml"] = b"<a/>"
    return make_zip(members, zipfile.ZIP_STORED)


def zip_lying_small_size() -> bytes:
    """document.xml claims 1,000 bytes but inflates to megabytes: zipfile stops at 1,000 and the CRC fails."""
    members = docx_members()
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"</w:body>", b"<w:p><w:r><w:t>" + b"padding " * 500_000 + b"</w:t></w:r></w:p></w:body>")
    return patch_declared_size(make_zip(members), "word/document.xml", 1000)


_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def _with_prolog(xml: bytes, prolog: str, *, entity: str | None = None) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    body = rest if sep else xml
    if entity:
        body = body.replace(b"</w:body>", f"<w:p><w:r><w:t>&{entity};</w:t></w:r></w:p></w:body>".encode(), 1)
    return (head + sep if sep else b"") + prolog.encode() + body


def docx_billion_laughs() -> bytes:
    members = docx_members()
    members["word/document.xml"] = _with_prolog(members["word/document.xml"], _LAUGHS, entity="lol9")
    return make_zip(members)


def docx_external_entity() -> bytes:
    members = docx_members()
    members["word/document.xml"] = _with_prolog(
        members["word/document.xml"], '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        entity="xxe")
    return make_zip(members)


def docx_doctype_in(prefix: str) -> Callable[[], bytes]:
    def build() -> bytes:
        members = docx_members()
        part = _part(members, prefix)
        members[part] = _with_prolog(members[part], '<!DOCTYPE x [<!ENTITY name "Sam">]>')
        return make_zip(members)

    build.__name__ = f"docx_doctype_in_{prefix.replace('/', '_')}"
    return build


def docx_doctype_utf16() -> bytes:
    """The DOCTYPE in a UTF-16 part, where a search for the ASCII bytes would miss it."""
    members = docx_members()
    xml = _with_prolog(members["word/document.xml"], '<!DOCTYPE w:document [<!ENTITY a "b">]>')
    text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    members["word/document.xml"] = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return make_zip(members)


def docx_doctype_after_long_comment() -> bytes:
    members = docx_members()
    members["word/document.xml"] = _with_prolog(
        members["word/document.xml"], "<!--" + " padding" * 20_000 + "-->" + _LAUGHS, entity="lol9")
    return make_zip(members)


def _document(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def docx_nested_paragraph_runs(depth: int = 50_000) -> bytes:
    """50,000 nested ``<w:r>`` inside a paragraph: far past any real document."""
    return with_member("word/document.xml", _document("<w:p>" + "<w:r>" * depth + "</w:r>" * depth + "</w:p>"))


def docx_nested_tables(depth: int = 50_000) -> bytes:
    # stored, not deflated: 2.4 MB of repetitive XML would trip the compression-ratio check first
    open_, close = "<w:tbl><w:tr><w:tc>", "<w:p/></w:tc></w:tr></w:tbl>"
    return with_member("word/document.xml", _document(open_ * depth + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
                                                       + close * depth), zipfile.ZIP_STORED)


def docx_nested_tables_within_limit() -> bytes:
    """80 tables inside each other (240 XML levels): deep, but Word can make it; it is read."""
    return docx_nested_tables(80)


def docx_huge_text(paragraphs: int = 150_000) -> bytes:
    """16 MB of XML (a 6 MB file) in 150,000 paragraphs of random words: not a bomb, but
    reading it takes about 150 MB more than the parsers' own ~120 MB."""
    rnd = random.Random(7)
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9))) for _ in range(4000)]
    paras = "".join(f"<w:p><w:r><w:t>{' '.join(rnd.choices(words, k=12))}</w:t></w:r></w:p>"
                    for _ in range(paragraphs))
    return with_member("word/document.xml", _document(paras))


# --- PDFs -----------------------------------------------------------------------------------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(content: bytes, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]``, with a correct xref; the catalog is object 1."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


_TEXT = _stream(b"BT /F1 12 Tf 72 720 Td (Hello from the coaching log) Tj ET")


def _page(parent: int = 2, contents: int = 4, extra: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 5 0 R >> %s >> >>" % (parent, contents, extra))


def pdf_circular_kids() -> bytes:
    """The page tree lists itself among its own kids."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                    _page(), _TEXT, _FONT])


def pdf_pages_nodes_loop() -> bytes:
    """Two page-tree nodes that are each other's kid."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
                    _page(), _TEXT, _FONT, b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"])


def pdf_parent_loop() -> bytes:
    """/Parent pointers that go round in a circle (inherited attributes are looked up through them)."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>",
                    _page(), _TEXT, _FONT, b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"])


def pdf_self_referencing_length() -> bytes:
    """A content stream whose /Length is a reference to the stream itself."""
    body = b"BT /F1 12 Tf 72 720 Td (x) Tj ET"
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(),
                    b"<< /Length 4 0 R >>\nstream\n" + body + b"\nendstream", _FONT])


def pdf_form_xobject_loop() -> bytes:
    """A form XObject that draws itself."""
    content = b"BT /F1 12 Tf 72 720 Td (Hello from the coaching log) Tj ET /X Do"
    form = b"/X Do"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(extra=b"/XObject << /X 6 0 R >>"), _stream(content), _FONT,
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R >> >> /Length %d >>"
        b"\nstream\n%s\nendstream" % (len(form), form),
    ])


def pdf_deep_arrays() -> bytes:
    """An object holding 100,000 nested arrays."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /Junk " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(), _TEXT, _FONT])


def pdf_count_lies() -> bytes:
    """/Count says 100,000 pages; the tree holds one."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 100000 >>",
                    _page(), _TEXT, _FONT])


def pdf_many_pages(count: int = 20_000) -> bytes:
    """20,000 real (tiny, shared-content) pages: refused after walking 501 of them."""
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               b"<< >>", _TEXT, _FONT]
    objects += [_page()] * count
    return raw_pdf(objects)


def pdf_600_pages() -> bytes:
    return good_pdf("Rota for week", pages=600)


def pdf_slow(ops: int = 400_000) -> bytes:
    """One page of 400,000 scattered two-letter strings: valid, and slow for both PDF backends to lay out
    (over 10 s; pdfium alone reads 100,000 of them in about 3 s, so fewer would not be reliably slow)."""
    lines = [f"BT /F1 6 Tf {(n * 7) % 500 + 20} {(n * 13) % 700 + 40} Td (ab) Tj ET" for n in range(ops)]
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _page(), _stream("\n".join(lines).encode(), compress=True), _FONT])


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (90, 90, 90)).save(buf, format="PNG")
    return buf.getvalue()


def pdf_image_only(pages: int = 2) -> bytes:
    """A 'scan': each page is only a picture."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for _ in range(pages):
        c.drawImage(ImageReader(io.BytesIO(_png())), 50, 300, width=500, height=330)
        c.showPage()
    c.save()
    return buf.getvalue()


def pdf_shapes_only() -> bytes:
    """Text turned into outlines: drawings, no text layer."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.rect(72, 600, 200, 40)
    c.line(72, 580, 400, 580)
    c.circle(300, 400, 50)
    c.bezier(72, 300, 150, 350, 250, 250, 330, 300)
    c.showPage()
    c.save()
    return buf.getvalue()


def pdf_text_then_scan() -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, "Page one is typed: I agreed targets with each adviser.")
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(_png())), 50, 300, width=500, height=330)
    c.showPage()
    c.save()
    return buf.getvalue()


def pdf_encrypted(algorithm: str, user: str = "learner") -> Callable[[], bytes]:
    def build() -> bytes:
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=io.BytesIO(good_pdf("Confidential appraisal notes.")))
        writer.encrypt(user_password=user, owner_password="assessor", algorithm=algorithm)
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()

    build.__name__ = f"pdf_encrypted_{algorithm}"
    return build


def truncated(data: Callable[[], bytes], fraction: float) -> Callable[[], bytes]:
    def build() -> bytes:
        full = data()
        return full[: int(len(full) * fraction)]

    build.__name__ = f"truncated_{fraction}"
    return build


# --- OLE (Office 97-2003 and encrypted Office) -----------------------------------------------

def ole_file(streams: list[str], *, filler: int = 0) -> bytes:
    """A compound file with the given stream names in its directory.

    ``filler`` bytes of sectors come between the header and the directory, so a
    reader that only looks at both ends of a large file misses the names.
    """
    sector = 512
    filler_sectors = -(-filler // sector)
    dir_sector = filler_sectors  # sector numbers count from the end of the 512-byte header
    header = bytearray(sector)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector shifts
    struct.pack_into("<IiI", header, 44, 1, dir_sector, 0)  # FAT sectors, first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cut-off
    struct.pack_into("<iIiI", header, 60, -2, 0, -2, 0)  # no mini FAT, no DIFAT
    for n in range(109):
        struct.pack_into("<i", header, 76 + 4 * n, -1)

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<iii", raw, 68, -1, -1, -1)
        return bytes(raw)

    entries = entry("Root Entry", 5) + b"".join(entry(name, 2) for name in streams)
    directory = entries.ljust(-(-len(entries) // sector) * sector, b"\x00")
    tail = b"\xff" * (2 * 1024 * 1024) if filler else b""
    return bytes(header) + b"\x00" * (filler_sectors * sector) + directory + tail


def ole_word_97() -> bytes:
    return ole_file(["WordDocument", "1Table", "\x05SummaryInformation"])


def ole_word_97_large() -> bytes:
    """A 5 MB .doc whose directory sits 2 MB in: found by following the header."""
    return ole_file(["WordDocument", "1Table"], filler=2 * 1024 * 1024)


def ole_encrypted_docx() -> bytes:
    return ole_file(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])


def ole_excel() -> bytes:
    return ole_file(["Workbook", "\x05SummaryInformation"])


# --- text --------------------------------------------------------------------------------

def text_with_nuls() -> bytes:
    return ("I coached\x00 Sam on call control and listened to three of his calls.\n\x00"
            "We agreed two actions for next week and I will review them on Friday.\n").encode()


def utf16_lone_surrogate() -> bytes:
    good = "Coaching notes: Sam met the target".encode("utf-16-le")
    return codecs.BOM_UTF16_LE + good + b"\x3d\xd8" + " and more.".encode("utf-16-le")  # a lone high surrogate


def utf16_without_bom() -> bytes:
    return "Team meeting notes\n\nWe agreed the new rota with everyone.\n".encode("utf-16-le")


def utf16_be_with_bom() -> bytes:
    return codecs.BOM_UTF16_BE + "Café rota agreed with the team.".encode("utf-16-be")


def utf8_with_bom() -> bytes:
    return codecs.BOM_UTF8 + "# Coaching log\n\nI gave feedback after each call.\n".encode()


def rtl_and_zero_width() -> bytes:
    return ("# Coaching\u200b log\n\nI \u200fcoached\u200e Sam \u202eevery\u202c week;"
            " feed\u200dback\ufeff was written down.\n").encode()


def markdown_redos_heading() -> bytes:
    """A heading line with 100,000 spaces before its last word: a backtracking pattern takes hours."""
    return b"# Notes" + b" " * 100_000 + b"x\n\nI coached the team.\n"


def markdown_redos_table() -> bytes:
    return b"| a | b |\n" + b" " * 100_000 + b"x\n\nI coached the team.\n"


def text_long_line() -> bytes:
    return ("I coached the team. " * 10_000).encode()


def text_binary_junk() -> bytes:
    rnd = random.Random(3)
    return bytes(rnd.randrange(256) for _ in range(4096))


def text_windows_1252() -> bytes:
    return "We discussed the caf\u00e9 rota \u2013 \u201cgood\u201d feedback.".encode("cp1252")


# --- the catalogue ----------------------------------------------------------------------------

Check = Callable[[Any], None]


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    build: Callable[[], bytes]
    code: str | None = None  # the error code expected, or None when the file is read
    check: Check | None = None  # for a file that is read: what must be true of the document
    phrase: str | None = None  # a phrase the error message must contain

    @property
    def expect(self) -> str:
        return self.code or "ok"


def _has(text: str) -> Check:
    def check(doc: Any) -> None:
        assert text in doc.text, doc.text[:300]

    return check


def _warns(code: str, text: str | None = None) -> Check:
    def check(doc: Any) -> None:
        assert any(w.startswith(code) for w in doc.warnings), doc.warnings
        if text:
            assert text in doc.text, doc.text[:300]

    return check


def _no_controls(doc: Any) -> None:
    assert "\x00" not in doc.text and "I coached Sam" in doc.text


def _surrogate_replaced(doc: Any) -> None:
    assert "\ufffd" in doc.text and "and more." in doc.text
    assert any(w.startswith("W207 1 character(s)") for w in doc.warnings), doc.warnings
    doc.text.encode("utf-8")  # nothing unencodable is left


def _marks_kept(doc: Any) -> None:
    assert doc.title == "Coaching\u200b log"
    assert "\u200fcoached\u200e" in doc.text  # quotes must stay exact substrings; nlp/ drops these


def _deep_tables_read(doc: Any) -> None:
    assert "deep" in doc.text
    assert max(b.table or 0 for b in doc.blocks) >= 1


def _one_page(doc: Any) -> None:
    assert doc.pages == 1 and "Hello from the coaching log" in doc.text


def _page_shown_twice(doc: Any) -> None:
    # the tree's second kid leads back to the first page: pdfium (the viewer in Chrome) shows it twice
    assert doc.pages == 2 and doc.text == "Hello from the coaching log\n\nHello from the coaching log"


def _stream_recovered(doc: Any) -> None:
    # pdfium finds the stream's end by its endstream keyword, as viewers do, and shows its one letter
    assert doc.pages == 1 and doc.text == "x"


def _scan_page(doc: Any) -> None:
    assert doc.unreadable_pages == (2,) and "I agreed targets" in doc.text
    assert any(w.startswith("W201 page 2") for w in doc.warnings)


CASES: tuple[Case, ...] = (
    # truncated files, cut at several points
    *(Case(f"docx-truncated-{int(f * 100)}", f"cut-{int(f * 100)}.docx", truncated(good_docx, f), "E204")
      for f in (0.1, 0.5, 0.9, 0.99)),
    *(Case(f"pdf-truncated-{int(f * 100)}", f"cut-{int(f * 100)}.pdf", truncated(good_pdf, f), "E211")
      for f in (0.05, 0.3, 0.6, 0.9)),
    # renamed files
    Case("pdf-named-docx", "really-a-pdf.docx", good_pdf, check=_warns("W202", "Witness testimony")),
    Case("docx-named-pdf", "really-a-docx.pdf", good_docx, check=_warns("W202", "I coached Sam")),
    Case("docx-named-txt", "really-a-docx.txt", good_docx, check=_warns("W202", "I coached Sam")),
    Case("text-named-docx", "notepad.docx", good_md, "E205", phrase="rename it to .txt"),
    Case("text-named-pdf", "notepad.pdf", good_md, "E211", phrase="plain text"),
    Case("png-named-pdf", "photo.pdf", _png, "E203", phrase="OCR is not supported"),
    # OLE: Word 97-2003, encrypted Office, other old Office files
    Case("ole-word-97", "old.doc", ole_word_97, "E203", phrase="save it as .docx"),
    Case("ole-word-97-named-docx", "old-renamed.docx", ole_word_97, "E203", phrase="save it as .docx"),
    Case("ole-word-97-large", "old-large.doc", ole_word_97_large, "E203", phrase="Word 97-2003"),
    Case("ole-encrypted-docx", "locked.docx", ole_encrypted_docx, "E207", phrase="Remove the password"),
    Case("ole-excel", "sheet.xls", ole_excel, "E203", phrase="Older Office"),
    # encrypted PDFs
    Case("pdf-encrypted-rc4", "locked-rc4.pdf", pdf_encrypted("RC4-128"), "E206", phrase="Remove the password"),
    Case("pdf-encrypted-aes256", "locked-aes.pdf", pdf_encrypted("AES-256"), "E206", phrase="needs a password"),
    Case("pdf-owner-password-only", "restricted.pdf", pdf_encrypted("AES-128", user=""),
         check=_has("Confidential appraisal notes.")),
    # zip bombs
    Case("zip-bomb-declared-size", "bomb-size.docx", zip_bomb_declared_size, "E209", phrase="4096 MB"),
    Case("zip-bomb-ratio", "bomb-ratio.docx", zip_bomb_ratio, "E209", phrase="its size in 'word/media/image1.bin'"),
    Case("zip-bomb-members", "bomb-members.docx", zip_bomb_members, "E209", phrase="parts (limit 2000)"),
    Case("zip-lying-small-size", "bomb-lie.docx", zip_lying_small_size, "E204", phrase="fails its checksum"),
    # unsafe and deep XML
    Case("docx-billion-laughs", "laughs.docx", docx_billion_laughs, "E215", phrase="declares a DOCTYPE"),
    Case("docx-external-entity", "xxe.docx", docx_external_entity, "E215", phrase="'word/document.xml' declares"),
    Case("docx-doctype-in-header", "header.docx", docx_doctype_in("word/header"), "E215", phrase="'word/header"),
    Case("docx-doctype-in-footer", "footer.docx", docx_doctype_in("word/footer"), "E215", phrase="'word/footer"),
    Case("docx-doctype-in-styles", "styles.docx", docx_doctype_in("word/styles"), "E215", phrase="'word/styles"),
    Case("docx-doctype-utf16", "utf16.docx", docx_doctype_utf16, "E215", phrase="declares a DOCTYPE"),
    Case("docx-doctype-after-long-comment", "comment.docx", docx_doctype_after_long_comment, "E215",
         phrase="no root element in its first 64 KiB"),
    Case("docx-nested-50k-runs", "deep-runs.docx", docx_nested_paragraph_runs, "E215", phrase="nested too deeply"),
    Case("docx-nested-50k-tables", "deep-tables.docx", docx_nested_tables, "E215", phrase="nested too deeply"),
    Case("docx-nested-80-tables", "nested-80.docx", docx_nested_tables_within_limit, check=_deep_tables_read),
    # scans
    Case("pdf-image-only", "scan.pdf", pdf_image_only, "E218", phrase="all 2 pages are images"),
    Case("pdf-shapes-only", "outlines.pdf", pdf_shapes_only, "E218", phrase="its only page is images or drawings"),
    Case("pdf-text-then-scan", "half-scanned.pdf", pdf_text_then_scan, check=_scan_page),
    # hostile page trees and objects
    Case("pdf-circular-kids", "circular-kids.pdf", pdf_circular_kids, check=_one_page),
    Case("pdf-pages-nodes-loop", "pages-loop.pdf", pdf_pages_nodes_loop, check=_page_shown_twice),
    Case("pdf-parent-loop", "parent-loop.pdf", pdf_parent_loop, check=_one_page),
    Case("pdf-self-referencing-length", "self-length.pdf", pdf_self_referencing_length, check=_stream_recovered),
    Case("pdf-form-xobject-loop", "xobject-loop.pdf", pdf_form_xobject_loop, check=_one_page),
    Case("pdf-deep-arrays", "deep-arrays.pdf", pdf_deep_arrays, check=_one_page),
    Case("pdf-count-lies", "count-lies.pdf", pdf_count_lies, check=_one_page),
    Case("pdf-20000-pages", "many-pages.pdf", pdf_many_pages, "E210", phrase="20000 pages, over the limit of 500"),
    Case("pdf-600-pages", "600-pages.pdf", pdf_600_pages, "E210", phrase="600 pages, over the limit of 500"),
    # empty files
    *(Case(f"empty-{ext}", f"empty.{ext}", lambda: b"", "E202") for ext in ("docx", "pdf", "txt", "md", "bin")),
    # odd text
    Case("text-nuls", "nuls.txt", text_with_nuls, check=_no_controls),
    Case("text-utf16-lone-surrogate", "surrogate.txt", utf16_lone_surrogate, check=_surrogate_replaced),
    Case("text-utf16-no-bom", "utf16.txt", utf16_without_bom, check=_warns("W203", "We agreed the new rota")),
    Case("text-utf16-be-bom", "utf16be.txt", utf16_be_with_bom, check=_has("Café rota agreed")),
    Case("text-utf8-bom", "bom.md", utf8_with_bom, check=_has("I gave feedback")),
    Case("text-rtl-zero-width", "marks.md", rtl_and_zero_width, check=_marks_kept),
    Case("text-windows-1252", "ansi.txt", text_windows_1252, check=_warns("W203", "caf\u00e9 rota \u2013")),
    Case("markdown-redos-heading", "redos-heading.md", markdown_redos_heading, check=_has("I coached the team.")),
    Case("markdown-redos-table", "redos-table.md", markdown_redos_table, check=_has("I coached the team.")),
    Case("text-one-long-line", "long-line.txt", text_long_line, check=_has("I coached the team.")),
    Case("text-binary-junk", "junk.txt", text_binary_junk, "E214", phrase="binary data"),
    Case("unknown-binary", "data.xyz", text_binary_junk, "E203", phrase=".xyz files are not supported"),
)
