from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from evidencecheck.parsers import parse, parse_string

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _blocks(doc):
    return [(b.kind, b.location, b.text) for b in doc.blocks]


def test_text_markdown_with_bom_headings_lists_table():
    doc = parse(FIXTURES / "bom.md")
    assert doc.format == "md"
    assert doc.title == "Coaching notes"
    assert doc.warnings == ()
    assert _blocks(doc) == [
        ("heading", "paragraph 1", "Coaching notes"),
        ("paragraph", "paragraph 2", "First paragraph continues here."),
        ("heading", "paragraph 3", "Actions"),
        ("list_item", "paragraph 4", "Listen to calls"),
        ("list_item", "paragraph 5", "Give feedback"),
        ("list_item", "paragraph 6", "Review in a week"),
        ("table_cell", "table 1, row 1, column 1", "Name"),
        ("table_cell", "table 1, row 1, column 2", "Goal"),
        ("table_cell", "table 1, row 1, column 3", "Date"),
        ("table_cell", "table 1, row 2, column 1", "Leah"),
        ("table_cell", "table 1, row 2, column 2", "Call control"),
        ("table_cell", "table 1, row 2, column 3", "5 Feb"),
    ]
    assert doc.blocks[10].column_header == "Goal"
    assert doc.blocks[10].heading == "Actions"


def test_text_windows_1252_decoded_with_w203():
    doc = parse(FIXTURES / "windows-1252.txt")
    assert doc.warnings == ("W203 the text was not UTF-8; read it as Windows-1252.",)
    assert _blocks(doc) == [
        ("heading", "paragraph 1", "TEAM MEETING NOTES"),
        ("paragraph", "paragraph 2", "We discussed the caf\u00e9 rota \u2013 \u201cgood\u201d feedback."),
        ("heading", "paragraph 3", "Actions"),
        ("paragraph", "paragraph 4", "Chris to update the board."),
    ]


@pytest.mark.parametrize(
    "data",
    [
        "Caf\u00e9 notes".encode(),
        codecs.BOM_UTF8 + "Caf\u00e9 notes".encode(),
        "Caf\u00e9 notes".encode("utf-16"),
        codecs.BOM_UTF16_BE + "Caf\u00e9 notes".encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom"],
)
def test_text_encodings_decoded_without_warning(tmp_path, data):
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    doc = parse(path)
    assert doc.warnings == ()
    assert doc.blocks[0].text == "Caf\u00e9 notes"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One line\nsecond line\n\nNext para", [("paragraph", "One line second line"), ("paragraph", "Next para")]),
        ("SUMMARY\nI did things.", [("heading", "SUMMARY"), ("paragraph", "I did things.")]),
        ("Actions:\n\nCall Sam.", [("heading", "Actions"), ("paragraph", "Call Sam.")]),
        ("The END", [("paragraph", "The END")]),
        ("OK", [("paragraph", "OK")]),
        ("Morning all. A few reminders:\n\nBe on time.", [("paragraph", "Morning all. A few reminders:"), ("paragraph", "Be on time.")]),
        ("Rules\n1. Log in by 08:00.\n2. Breaks are\nfixed.\n- Ask first", [
            ("paragraph", "Rules"), ("list_item", "Log in by 08:00."),
            ("list_item", "Breaks are fixed."), ("list_item", "Ask first"),
        ]),
        ("line\r\nsame para\r\n\r\nnew", [("paragraph", "line same para"), ("paragraph", "new")]),
    ],
)
def test_text_plain_paragraphs_and_headings(text, expected):
    doc = parse_string(text)
    assert [(b.kind, b.text) for b in doc.blocks] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("## Level two ##", [("heading", "Level two", 2)]),
        ("####### seven", [("paragraph", "####### seven", None)]),
        ("- one\n  continued\n- two", [("list_item", "one continued", None), ("list_item", "two", None)]),
        ("1. first\n2) second", [("list_item", "first", None), ("list_item", "second", None)]),
        ("| a | b |\n|---|---|\n| 1 | x \\| y |", [
            ("table_cell", "a", None), ("table_cell", "b", None),
            ("table_cell", "1", None), ("table_cell", "x | y", None),
        ]),
        ("| not | a table |", [("paragraph", "| not | a table |", None)]),
    ],
)
def test_text_markdown_structures(text, expected):
    doc = parse_string(text, fmt="md")
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == expected


def test_text_parse_string_names_and_titles():
    doc = parse_string("no heading here", name="notes/log.txt")
    assert doc.path == "notes/log.txt"
    assert doc.title == "log"
    assert doc.format == "txt"
    assert parse_string("").blocks == ()


def test_text_empty_file_is_e202():
    with pytest.raises(Exception) as info:
        parse(FIXTURES / "empty.txt")
    assert info.value.code == "E202"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("# C#", [("heading", "C#")]),
        ("## Level two ##", [("heading", "Level two")]),
        ("# Title #####   ", [("heading", "Title")]),
        ("#\tTabbed", [("heading", "Tabbed")]),
        ("#5 is not a heading", [("paragraph", "#5 is not a heading")]),
        ("##", [("paragraph", "##")]),
    ],
)
def test_text_markdown_heading_closing_sequence(line, expected):
    assert [(b.kind, b.text) for b in parse_string(line, fmt="md").blocks] == expected


@pytest.mark.parametrize(
    "text",
    [
        "# a" + " " * 50_000 + "x",  # was cubic: minutes for 5,000 spaces
        "| a | b |\n" + " " * 50_000 + "x",  # was quadratic
        "|--" + " " * 50_000 + "x",
        "-" + " " * 50_000 + "x",
    ],
    ids=["atx", "table-separator", "separator-tail", "bullet"],
)
def test_text_markdown_patterns_run_in_linear_time(text):
    import time

    started = time.perf_counter()
    parse_string(text, fmt="md")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "data, text, warnings",
    [
        ("Notes\n\nWe agreed".encode("utf-16-le"), "Notes\n\nWe agreed", ("W203 the text was not UTF-8; read it as UTF-16-LE.",)),
        ("Notes".encode("utf-16-be"), "Notes", ("W203 the text was not UTF-8; read it as UTF-16-BE.",)),
        (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8" + "cd".encode("utf-16-le"), "ab\ufffdcd",
         ("W207 1 character(s) could not be decoded and were replaced with the placeholder \ufffd. Check the file's encoding.",)),
        ("already \ufffd here".encode(), "already \ufffd here", ()),
        (b"I coached\x00 Sam\x07 today and we agreed two actions on call control.\x1b",
         "I coached Sam today and we agreed two actions on call control.", ()),
    ],
    ids=["utf16le-no-bom", "utf16be-no-bom", "lone-surrogate", "fffd-in-source", "controls"],
)
def test_text_odd_encodings_and_characters(tmp_path, data, text, warnings):
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    doc = parse(path)
    assert doc.text == text
    assert doc.warnings == warnings


def test_text_undecodable_error_names_the_file(tmp_path, monkeypatch):
    from evidencecheck.errors import CorruptDocument
    from evidencecheck.parsers import text as text_parser

    def refuse(data):
        raise CorruptDocument("E214", detail="unknown encoding")

    monkeypatch.setattr(text_parser, "decode", refuse)
    path = tmp_path / "notes.txt"
    path.write_bytes(b"x")
    with pytest.raises(CorruptDocument) as info:
        text_parser.parse(path, display="folder/notes.txt")
    assert str(info.value).startswith("folder/notes.txt: E214")


def test_text_clean_keeps_layout_and_marks():
    from evidencecheck.parsers.text import clean

    assert clean("a\tb\nc\r\n\x0cd\u200b\u200f") == "a\tb\nc\r\n\x0cd\u200b\u200f"
    assert clean("x\x00y\x7fz\ud800") == "xyz\ufffd"


@pytest.mark.parametrize("text, heading", [
    ("Motivation\nI thanked the whole team in the huddle for their calls.\n", "Motivation"),
    ("3. Monitoring my team\nI set weekly targets with each adviser and checked them.\n", "3. Monitoring my team"),
    ("Witness statement\nI have managed the learner for two years.\n", "Witness statement"),
])
def test_plain_text_title_line_above_a_sentence_is_a_heading(text, heading):
    doc = parse_string(text, name="account.txt")
    assert [(b.kind, b.text) for b in doc.blocks][0] == ("heading", heading)
    assert doc.blocks[1].kind == "paragraph" and doc.blocks[1].heading == heading


@pytest.mark.parametrize("text", [
    "I coached Sam on\ncall control every week.\n",            # hard-wrapped: ends mid-phrase
    "Sam and I worked\nthrough his call recordings together.\n",  # continuation starts lower-case
    "Priya Shah\nTeam Manager\n12 March 2026\n",                 # a signature block of short lines
    "Thanks Sam\nBest wishes\n",
])
def test_plain_text_short_lines_that_are_not_titles_stay_text(text):
    doc = parse_string(text, name="account.txt")
    assert all(b.kind != "heading" for b in doc.blocks)


def test_txt_one_paragraph_per_line_keeps_its_paragraphs():
    from evidencecheck.parsers import parse_string

    lines = [
        "On Monday I ran the team huddle and shared last week's queue figures with every adviser on the team.",
        "Afterwards I coached Priya on her wrap-up notes, because her after-call work had crept up to two minutes.",
        "By Friday her wrap-up was down to fifty seconds and her quality score had risen to 92%.",
    ]
    doc = parse_string("\n".join(lines), name="notes.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", line) for line in lines]


def test_txt_hard_wrapped_paragraphs_still_join_and_split_at_short_sentence_ends():
    from evidencecheck.parsers import parse_string

    text = ("I ran the huddle on Monday and shared the queue\n"
            "figures with every adviser on the team that day.\n"
            "It went well.\n"
            "Afterwards I coached Priya on her wrap-up notes\n"
            "because her after-call work had crept up.")
    doc = parse_string(text, name="notes.txt")
    assert [b.text for b in doc.blocks] == [
        "I ran the huddle on Monday and shared the queue figures with every adviser on the team that day. "
        "It went well.",
        "Afterwards I coached Priya on her wrap-up notes because her after-call work had crept up.",
    ]


def test_txt_form_field_lines_are_blocks_of_their_own():
    from evidencecheck.parsers import parse_string

    text = ("Team meeting notes - 3 June 2025\n"
            "Present: Daniel Okafor (chair), Chloe Price, Omar Hussain\n"
            "Apologies: Ruth Adams\n"
            "Relationship to learner: line manager")
    doc = parse_string(text, name="minutes.txt")
    assert [b.text for b in doc.blocks] == [
        "Team meeting notes - 3 June 2025",
        "Present: Daniel Okafor (chair), Chloe Price, Omar Hussain",
        "Apologies: Ruth Adams",
        "Relationship to learner: line manager",
    ]


def test_txt_wrapped_line_that_looks_like_a_field_after_a_comma_still_joins():
    from evidencecheck.parsers import parse_string

    text = ("At the huddle I went through three things with the team,\n"
            "Sam: his callbacks, and Priya's wrap-up notes, before we opened the lines.")
    doc = parse_string(text, name="notes.txt")
    assert [b.text for b in doc.blocks] == [text.replace("\n", " ")]


def test_a_field_after_an_empty_line_of_text_starts_a_block():
    from evidencecheck.parsers.fields import starts_field

    assert starts_field("", "Present: Dev, Sam")
    assert not starts_field("we agreed the following, and", "Present: Dev")
    assert not starts_field("Notes", "present: Dev")
