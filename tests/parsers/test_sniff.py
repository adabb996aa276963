from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from evidencecheck.errors import DocumentError
from evidencecheck.parsers import parse, sniff

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, kind",
    [
        ("rich.docx", "docx"),
        ("rich.pdf", "pdf"),
        ("pdf-renamed.docx", "pdf"),
        ("bom.md", "text"),
        ("windows-1252.txt", "text"),
        ("renamed-text.docx", "text"),
        ("empty.txt", "empty"),
        ("truncated.docx", "truncated_zip"),
        ("old-word.doc", "doc"),
        ("encrypted-office.docx", "encrypted_office"),
        ("scan.png", "image"),
    ],
)
def test_sniff_fixture_kinds(name, kind):
    assert sniff(FIXTURES / name) == kind


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"  \n%PDF-1.7 junk before the header", "pdf"),
        (_zip({"word/document.xml": b"<x/>"}), "docx"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "zip"),
        (b"\xff\xd8\xff\xe0rest", "image"),
        (b"GIF89a....", "image"),
        (b"II*\x00tiff", "image"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\x00\x01\x02\x03binary", "binary"),
        ("plain text".encode("utf-16"), "text"),
    ],
    ids=["pdf-offset", "docx", "odt", "xlsx", "jpeg", "gif", "tiff", "rtf", "binary", "utf16"],
)
def test_sniff_magic_bytes(tmp_path, data, kind):
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    assert sniff(path) == kind


@pytest.mark.parametrize(
    "name, data, code, phrase",
    [
        ("a.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "E203", "save it as .docx"),
        ("a.png", b"\x89PNG\r\n\x1a\n....", "E203", "OCR is not supported"),
        ("a.rtf", b"{\\rtf1 hi}", "E203", "save it as .docx"),
        ("a.xlsx", _zip({"xl/workbook.xml": b"<x/>"}), "E203", "Excel"),
        ("a.zip", _zip({"notes.txt": b"x"}), "E205", "zip archive"),
        ("a.pdf", b"not a pdf at all", "E211", "plain text"),
        ("missing.pdf", None, "E201", "file not found"),
        ("notes.md", b"\x00\x01\x02binary", "E214", "binary data"),
    ],
)
def test_sniff_unsupported_kinds_give_clear_errors(tmp_path, name, data, code, phrase):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        parse(path)
    assert info.value.code == code
    assert phrase in str(info.value)
