from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from evidencecheck.errors import CorruptDocument, DocumentTooLarge, UnsupportedFormat
from evidencecheck.limits import Limits
from evidencecheck.parsers import docx as docx_parser
from evidencecheck.parsers import parse

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RICH = FIXTURES / "rich.docx"


@pytest.fixture(scope="module")
def rich():
    return parse(RICH)


def _find(doc, text):
    return next(b for b in doc.blocks if b.text == text)


@pytest.mark.parametrize(
    "text, kind, location",
    [
        ("Header: Northgate Contact Centre portfolio", "header", "header"),
        ("Footer: confidential learner evidence", "footer", "footer"),
        ("Reflective account", "heading", "paragraph 1"),
        ("We now hold weekly huddles.", "paragraph", "paragraph 3"),
        ("See page 7 of the KPI dashboard\ttabbed\nnext line", "paragraph", "paragraph 4"),
        ("Content control: I agreed targets with each adviser.", "paragraph", "paragraph 5"),
        ("Text box: call volumes rose 12% in March.", "text_box", "text box"),
        ("Team KPIs", "heading", "paragraph 7"),
        ("Measure", "table_cell", "table 1, row 1, column 1"),
        ("78%", "table_cell", "table 1, row 3, column 3"),
        ("Merged: both targets met", "table_cell", "table 1, row 4, column 2"),
        ("Nested B", "table_cell", "table 2, row 1, column 2"),
        ("Coaching priorities", "list_item", "paragraph 8"),
        ("Closing the loop with customers", "list_item", "paragraph 10"),
        ("Final paragraph after the table.", "paragraph", "paragraph 11"),
    ],
)
def test_docx_extracts_text_with_location(rich, text, kind, location):
    block = _find(rich, text)
    assert block.kind == kind
    assert block.location == location


def test_docx_tracked_deletion_dropped_and_insertion_kept(rich):
    assert "weekly" in rich.text
    assert "monthly" not in rich.text


def test_docx_text_box_read_once(rich):
    assert rich.text.count("call volumes rose 12%") == 1


def test_docx_merged_cell_appears_once(rich):
    assert rich.text.count("Merged: both targets met") == 1
    assert [b.column for b in rich.blocks if b.table == 1 and b.row == 4] == [1, 2]


def test_docx_heading_levels_and_context(rich):
    assert _find(rich, "Reflective account").level == 1
    assert _find(rich, "Team KPIs").level == 2
    assert _find(rich, "78%").heading == "Team KPIs"
    assert _find(rich, "78%").column_header == "March"
    assert _find(rich, "We now hold weekly huddles.").heading == "Reflective account"


def test_docx_reading_order_interleaves_tables(rich):
    kinds = [b.text for b in rich.blocks]
    assert kinds.index("Team KPIs") < kinds.index("Measure") < kinds.index("Coaching priorities")
    assert [b.index for b in rich.blocks] == list(range(len(rich.blocks)))


def test_docx_metadata_and_title(rich):
    assert rich.format == "docx"
    assert rich.title == "Rich evidence sample"
    assert rich.metadata.author == "Jordan Ellis"
    assert rich.metadata.created == "2024-03-01T09:30:00+00:00"


def test_docx_does_not_modify_input():
    before = hashlib.sha256(RICH.read_bytes()).hexdigest()
    parse(RICH)
    assert hashlib.sha256(RICH.read_bytes()).hexdigest() == before


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "limits",
    [
        Limits(max_docx_uncompressed=1000),
        Limits(max_docx_members=3),
        Limits(max_docx_ratio=10),
    ],
    ids=["uncompressed", "members", "ratio"],
)
def test_docx_zip_bomb_limits_raise_e209(tmp_path, limits):
    path = tmp_path / "bomb.docx"
    data = RICH.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    members["word/media/padding.bin"] = b"\x00" * (2 * 1024 * 1024)
    path.write_bytes(_zip(members))
    with pytest.raises(DocumentTooLarge) as info:
        docx_parser.parse(path, limits=limits)
    assert info.value.code == "E209"


@pytest.mark.parametrize(
    "members, code, error",
    [
        ({"hello.txt": b"hi"}, "E205", UnsupportedFormat),
        ({"[Content_Types].xml": b"<bad", "word/document.xml": b"<w:document/>"}, "E215", CorruptDocument),
    ],
    ids=["zip-not-word", "broken-package"],
)
def test_docx_library_errors_become_numbered(tmp_path, members, code, error):
    path = tmp_path / "x.docx"
    path.write_bytes(_zip(members))
    with pytest.raises(error) as info:
        docx_parser.parse(path)
    assert info.value.code == code


def test_docx_malformed_document_xml_is_e215(tmp_path):
    with zipfile.ZipFile(io.BytesIO(RICH.read_bytes())) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    members["word/document.xml"] = b"<?xml version='1.0'?><w:document><unclosed>"
    path = tmp_path / "broken.docx"
    path.write_bytes(_zip(members))
    with pytest.raises(CorruptDocument) as info:
        parse(path)
    assert info.value.code == "E215"


@pytest.mark.parametrize(
    "name, code",
    [("truncated.docx", "E204"), ("renamed-text.docx", "E205"), ("encrypted-office.docx", "E207")],
)
def test_docx_broken_files_raise_numbered_errors(name, code):
    with pytest.raises(Exception) as info:
        parse(FIXTURES / name)
    assert info.value.code == code
