from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidencecheck.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from evidencecheck.limits import Limits
from evidencecheck.parsers import parse
from evidencecheck.parsers import pdf as pdf_parser
from evidencecheck.parsers.pdf import _pdf_date

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RICH = FIXTURES / "rich.pdf"


@pytest.fixture(scope="module")
def rich():
    return parse(RICH)


@pytest.mark.parametrize(
    "text, kind, location",
    [
        ("Witness testimony", "heading", "page 1, paragraph 1"),
        ("I have managed the learner for two years on the billing queue.", "paragraph", "page 1, paragraph 2"),
        ("She runs a huddle every Monday and shares the queue figures.", "paragraph", "page 1, paragraph 3"),
        ("Results", "heading", "page 1, paragraph 4"),
        ("Measure", "table_cell", "page 1, table 1, row 1, column 1"),
        ("78%", "table_cell", "page 1, table 1, row 3, column 3"),
        ("The table above shows the March results.", "paragraph", "page 1, paragraph 5"),
        ("Second page text about coaching sessions.", "paragraph", "page 2, paragraph 1"),
    ],
)
def test_pdf_extracts_text_with_location(rich, text, kind, location):
    block = next(b for b in rich.blocks if b.text == text)
    assert block.kind == kind
    assert block.location == location


def test_pdf_wrapped_lines_joined_with_spaces(rich):
    block = next(b for b in rich.blocks if b.text.startswith("This paragraph is long"))
    assert block.text.endswith("parser has to join the lines back together with single spaces between them.")
    assert "\n" not in block.text and "  " not in block.text
    assert block.location == "page 2, paragraph 2"


def test_pdf_table_text_not_repeated_as_paragraph(rich):
    assert sum(1 for b in rich.blocks if "Handle time" in b.text) == 1
    cell = next(b for b in rich.blocks if b.text == "5:40")
    assert cell.column_header == "March"
    assert cell.heading == "Results"


def test_pdf_image_only_page_is_reported(rich):
    assert rich.pages == 3
    assert rich.unreadable_pages == (3,)
    assert any(w.startswith("W201 page 3") for w in rich.warnings)


def test_pdf_metadata_and_title(rich):
    assert rich.format == "pdf"
    assert rich.title == "Witness testimony sample"
    assert rich.metadata.author == "Sam Reid"


@pytest.mark.parametrize("password, detail", [(None, "needs a password"), ("wrong", "is wrong")])
def test_pdf_encrypted_without_right_password_is_e206(password, detail):
    with pytest.raises(EncryptedDocument) as info:
        parse(FIXTURES / "encrypted.pdf", password=password)
    assert info.value.code == "E206"
    assert detail in str(info.value)


def test_pdf_encrypted_with_password_is_read():
    doc = parse(FIXTURES / "encrypted.pdf", password="secret")
    assert doc.blocks[0].text == "Witness testimony"


def test_pdf_page_limit_is_e210():
    with pytest.raises(DocumentTooLarge) as info:
        parse(RICH, limits=Limits(max_pages=2))
    assert info.value.code == "E210"


def test_pdf_renamed_docx_read_as_pdf_with_w202():
    doc = parse(FIXTURES / "pdf-renamed.docx")
    assert doc.format == "pdf"
    assert doc.warnings[0].startswith("W202 the file is named .docx but is really a PDF")


def test_pdf_damaged_file_is_e211(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 50)
    with pytest.raises(CorruptDocument) as info:
        parse(path)
    assert info.value.code == "E211"


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_pdf_damaged_page_keeps_other_pages(monkeypatch, backend):
    original = pdf_parser._Reader._page

    def flaky(self, pdf, number, used_backend):
        if number == 2:
            raise ValueError("bad content stream")
        return original(self, pdf, number, used_backend)

    monkeypatch.setattr(pdf_parser._Reader, "_page", flaky)
    doc = parse(RICH, limits=Limits(pdf_backend=backend))
    assert "W205 page 2 could not be read (its content is damaged); the other pages were read." in doc.warnings
    assert {b.page for b in doc.blocks} == {1}


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("D:20240301093000+01'00'", "2024-03-01T09:30:00+01:00"),
        ("D:20240301093000Z", "2024-03-01T09:30:00+00:00"),
        ("D:2024", "2024-01-01T00:00:00"),
        ("yesterday", "yesterday"),
        (None, None),
    ],
)
def test_pdf_dates_become_iso(raw, iso):
    assert _pdf_date(raw) == iso


def test_pdf_does_not_modify_input():
    before = hashlib.sha256(RICH.read_bytes()).hexdigest()
    parse(RICH)
    assert hashlib.sha256(RICH.read_bytes()).hexdigest() == before
