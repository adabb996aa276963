"""Word files that Word opens and python-docx alone refuses, hidden text, footnotes and endnotes."""

from __future__ import annotations

import re

import pytest

from evidencecheck.parsers import parse

from .docx_builders import (
    base_docx,
    body,
    missing_parts,
    moved_main_part,
    to_strict,
    to_zip,
    with_content_type,
    with_notes,
)

TEXT = ("I coached Sam on call wrap-up.", "Handle time fell by a minute.")
MAIN_TYPES = {
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def _texts(doc):
    return [b.text for b in doc.blocks]


@pytest.mark.parametrize("ext", sorted(MAIN_TYPES))
def test_templates_and_macro_enabled_files_are_read(tmp_path, ext):
    members = with_content_type(base_docx(*TEXT), MAIN_TYPES[ext])
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros are never read"
    path = tmp_path / f"record.{ext}"
    path.write_bytes(to_zip(members))
    doc = parse(path)
    assert _texts(doc) == list(TEXT)
    assert doc.format == "docx"
    assert doc.warnings == ()


def test_strict_open_xml_is_read_through_its_namespaces(tmp_path):
    path = tmp_path / "strict.docx"
    members = to_strict(base_docx(*TEXT))
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in members["word/document.xml"]
    path.write_bytes(to_zip(members))
    assert _texts(parse(path)) == list(TEXT)


def test_word_online_main_part_under_another_name(tmp_path):
    path = tmp_path / "online.docx"
    members = moved_main_part(base_docx(*TEXT))
    assert "word/document.xml" not in members
    path.write_bytes(to_zip(members))
    assert _texts(parse(path)) == list(TEXT)


def test_missing_image_and_thumbnail_parts_are_ignored(tmp_path):
    path = tmp_path / "copied.docx"
    path.write_bytes(to_zip(missing_parts(base_docx(*TEXT))))
    assert _texts(parse(path)) == list(TEXT)


def test_excel_package_is_still_not_word(tmp_path):
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                               b'2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                               b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    }
    path = tmp_path / "sheet.docx"
    path.write_bytes(to_zip(members))
    with pytest.raises(Exception) as info:
        parse(path)
    assert info.value.code == "E205"


def test_hidden_text_is_not_read(tmp_path):
    xml = (
        '<w:p><w:r><w:t xml:space="preserve">Visible start </w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>SECRET MODEL ANSWER </w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">and shown end.</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:vanish w:val="true"/></w:rPr><w:t>A wholly hidden paragraph.</w:t></w:r></w:p>'
    )
    path = tmp_path / "hidden.docx"
    path.write_bytes(to_zip(body(base_docx(), xml)))
    doc = parse(path)
    assert _texts(doc) == ["Visible start and shown end."]


def test_hidden_character_style_is_not_read(tmp_path):
    members = base_docx()
    styles = members["word/styles.xml"].decode().replace(
        "</w:styles>",
        '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr>'
        '</w:style><w:style w:type="character" w:styleId="Secret2"><w:name w:val="Secret2"/>'
        '<w:basedOn w:val="Secret"/></w:style></w:styles>')
    members["word/styles.xml"] = styles.encode()
    xml = ('<w:p><w:r><w:t xml:space="preserve">Shown </w:t></w:r>'
           '<w:r><w:rPr><w:rStyle w:val="Secret2"/></w:rPr><w:t>hidden by style</w:t></w:r>'
           '<w:r><w:t>text.</w:t></w:r></w:p>')
    path = tmp_path / "styled.docx"
    path.write_bytes(to_zip(body(members, xml)))
    assert _texts(parse(path)) == ["Shown text."]


def test_footnotes_and_endnotes_follow_the_paragraph_that_refers_to_them(tmp_path):
    xml = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Coaching</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>I ran a coaching session.</w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="7"/></w:r></w:p>'
        '<w:p><w:r><w:t>Results improved.</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r>'
        '<w:r><w:endnoteReference w:id="2"/></w:r></w:p>'
        '<w:p><w:r><w:t>Closing.</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r></w:p>'
    )
    members = body(base_docx(), xml)
    members = with_notes(members, "footnote", {"3": "Figures from the March QA scorecard.",
                                               "7": "The session record is in appendix B.",
                                               "9": "A note nobody refers to."})
    members = with_notes(members, "endnote", {"2": "Signed off by my manager."})
    path = tmp_path / "notes.docx"
    path.write_bytes(to_zip(members))
    doc = parse(path)
    got = [(b.kind, b.text, b.location, b.heading) for b in doc.blocks]
    assert got == [
        ("heading", "Coaching", "paragraph 1", None),
        ("paragraph", "I ran a coaching session.", "paragraph 2", "Coaching"),
        ("footnote", "The session record is in appendix B.", "footnote 1", "Coaching"),
        ("paragraph", "Results improved.", "paragraph 3", "Coaching"),
        ("footnote", "Figures from the March QA scorecard.", "footnote 2", "Coaching"),
        ("endnote", "Signed off by my manager.", "endnote 1", "Coaching"),
        ("paragraph", "Closing.", "paragraph 4", "Coaching"),
    ]


def test_footnote_in_a_table_cell_follows_the_table(tmp_path):
    xml = ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Week 1</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
           '</w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>After.</w:t></w:r></w:p>')
    members = with_notes(body(base_docx(), xml), "footnote", {"1": "Week 1 was a bank holiday."})
    path = tmp_path / "table-note.docx"
    path.write_bytes(to_zip(members))
    assert [(b.kind, b.text) for b in parse(path).blocks] == [
        ("table_cell", "Week 1"), ("footnote", "Week 1 was a bank holiday."), ("paragraph", "After.")]


def test_part_names_differing_in_case_or_slashes_are_found(tmp_path):
    members = base_docx(*TEXT)
    members["Word/Document.xml"] = members.pop("word/document.xml")  # the rels still say word/document.xml
    members["word\\styles.xml"] = members.pop("word/styles.xml")  # a zip made by hand on Windows
    path = tmp_path / "cased.docx"
    path.write_bytes(to_zip(members))
    assert _texts(parse(path)) == list(TEXT)


def test_parts_without_a_declared_content_type_are_read(tmp_path):
    members = base_docx(*TEXT)
    types = members["[Content_Types].xml"].decode()
    types = types.replace('<Default Extension="xml" ContentType="application/xml"/>', "")
    types = re.sub(r'<Override PartName="/word/(styles|settings|webSettings|fontTable)\.xml"[^>]*/>', "", types)
    members["[Content_Types].xml"] = types.encode()
    path = tmp_path / "untyped.docx"
    path.write_bytes(to_zip(members))
    assert _texts(parse(path)) == list(TEXT)


def test_tick_boxes_are_read_with_their_state(tmp_path):
    def legacy(checked: str) -> str:  # a FORMCHECKBOX field: its state lives in the field, not in any text
        return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>'
                f'<w:default w:val="0"/>{checked}</w:checkBox></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    unchecked = '<w:checked w:val="0"/>'
    xml = (
        f'<w:p>{legacy("<w:checked/>")}<w:r><w:t xml:space="preserve"> Coaching given</w:t></w:r></w:p>'
        f'<w:p>{legacy("")}<w:r><w:t xml:space="preserve"> Team briefing held</w:t></w:r></w:p>'
        f'<w:p>{legacy(unchecked)}<w:r><w:t xml:space="preserve"> Rota agreed</w:t></w:r></w:p>'
        '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t xml:space="preserve"> Actions agreed</w:t></w:r></w:p>'
        '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0A8"/><w:t xml:space="preserve"> Review booked</w:t></w:r>'
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r></w:p>'
    )
    path = tmp_path / "form.docx"
    path.write_bytes(to_zip(body(base_docx(), xml)))
    assert _texts(parse(path)) == ["☒ Coaching given", "☐ Team briefing held", "☐ Rota agreed",
                                   "☑ Actions agreed", "☐ Review booked"]
