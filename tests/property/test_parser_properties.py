"""Property tests: random and damaged bytes through every parser.

Whatever the bytes, a parser returns a :class:`Document` or raises one of the
project's own numbered :class:`DocumentError` subclasses; no library exception
escapes. Reading the same bytes twice gives the same result (an equal
Document, or an error of the same class and code).

Files are written with :mod:`tempfile` inside each example, not with pytest's
function-scoped ``tmp_path`` (Hypothesis runs many examples per test call).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from property_seeds import (
    GOOD_MD,
    GOOD_TXT,
    GOOD_UTF16,
    examples,
    good_docx,
    good_pdf,
    mutated,
    mutated_docx_xml,
    seeds,
)

from evidencecheck.errors import DocumentError
from evidencecheck.model import BLOCK_KINDS, Document
from evidencecheck.parsers import docx as docx_parser
from evidencecheck.parsers import parse, parse_string
from evidencecheck.parsers import pdf as pdf_parser
from evidencecheck.parsers import text as text_parser

SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".bin", "", ".DOCX", ".doc")
MAGIC = (b"%PDF-1.4\n", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"{\\rtf1", b"\x89PNG\r\n\x1a\n", b"<?xml ", b"")

Outcome = tuple[Any, ...]


def outcome(read: Callable[[Path], Document], path: Path) -> Outcome:
    """What reading ``path`` gives: the document, or the numbered error. Anything else fails the test."""
    try:
        document = read(path)
    except DocumentError as err:
        assert err.code[:1] == "E" and err.code[1:].isdigit(), err.code
        assert str(err).strip()
        return ("error", type(err).__name__, err.code)
    check_document(document)
    return ("document", dataclasses.replace(document, path="<file>"))  # each read_twice uses a new folder


def check_document(document: Document) -> None:
    assert isinstance(document, Document)
    assert document.format in ("docx", "pdf", "txt", "md")
    for i, block in enumerate(document.blocks):
        assert block.index == i
        assert block.kind in BLOCK_KINDS
        assert isinstance(block.text, str) and block.text.strip()
        assert block.location  # a person can find it


def read_twice(data: bytes, suffix: str, read: Callable[[Path], Document] = parse) -> Outcome:
    """Write ``data`` to a fresh file, read it twice and check both reads agree."""
    with tempfile.TemporaryDirectory(prefix="ec-prop-") as folder:
        path = Path(folder) / f"evidence{suffix}"
        path.write_bytes(data)
        first = outcome(read, path)
        second = outcome(read, path)
        assert first == second
        assert path.read_bytes() == data  # never written
    if currently_in_test_context():  # outcomes, for --hypothesis-show-statistics
        event(first[0] if first[0] == "document" else f"{first[1]} {first[2]}")
    return first


# --- baseline: the seeds themselves are good evidence ----------------------------------


@pytest.mark.parametrize(("kind", "suffix", "words"), [
    ("docx", ".docx", "I coached Sam"), ("pdf", ".pdf", "coached Sam"), ("txt", ".txt", "I coached Sam"),
    ("md", ".md", "I chaired the meeting"), ("utf16", ".txt", "I coached Sam"),
])
def test_property_seeds_are_readable(kind: str, suffix: str, words: str) -> None:
    result = read_twice(seeds()[kind], suffix)
    assert result[0] == "document"
    assert words in result[1].text


# --- random bytes ----------------------------------------------------------------------


@settings(max_examples=examples(150))
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_property_random_bytes_give_a_document_or_a_numbered_error(data: bytes, suffix: str) -> None:
    read_twice(data, suffix)


@settings(max_examples=examples(150))
@given(magic=st.sampled_from(MAGIC), rest=st.binary(max_size=1024), suffix=st.sampled_from(SUFFIXES))
def test_property_random_bytes_behind_a_file_signature(magic: bytes, rest: bytes, suffix: str) -> None:
    read_twice(magic + rest, suffix)


@settings(max_examples=examples(100))
@given(data=st.binary(max_size=2048))
def test_property_text_parser_reads_any_bytes_or_says_why(data: bytes) -> None:
    read_twice(data, ".txt", text_parser.parse)


@settings(max_examples=examples(60))
@given(data=st.binary(max_size=2048), which=st.sampled_from(["docx", "pdf"]))
def test_property_binary_parsers_refuse_random_bytes_with_a_numbered_error(data: bytes, which: str) -> None:
    read = docx_parser.parse if which == "docx" else pdf_parser.parse
    result = read_twice(data, f".{which}", read)
    assert result[0] == "error" or result[1].format == which


# --- damaged valid files ------------------------------------------------------------------


@settings(max_examples=examples(200))
@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_property_damaged_evidence_gives_a_document_or_a_numbered_error(data: st.DataObject, suffix: str) -> None:
    kind = data.draw(st.sampled_from(sorted(seeds())), label="seed")
    damaged = data.draw(mutated(seeds()[kind]), label="damaged")
    read_twice(damaged, suffix)


@settings(max_examples=examples(100))
@given(damaged=mutated(good_docx()))
def test_property_docx_parser_with_damaged_zip(damaged: bytes) -> None:
    read_twice(damaged, ".docx", docx_parser.parse)


@settings(max_examples=examples(200))
@given(damaged=mutated_docx_xml())
def test_property_docx_parser_with_damaged_xml_inside_a_good_zip(damaged: bytes) -> None:
    result = read_twice(damaged, ".docx", docx_parser.parse)
    assert read_twice(damaged, ".docx") == result  # parse() dispatches to the same reader


@settings(max_examples=examples(200))
@given(damaged=mutated(good_pdf()))
def test_property_pdf_parser_with_damaged_pdf(damaged: bytes) -> None:
    read_twice(damaged, ".pdf", pdf_parser.parse)


@settings(max_examples=examples(100))
@given(damaged=st.sampled_from([GOOD_TXT, GOOD_MD, GOOD_UTF16]).flatmap(mutated),
       suffix=st.sampled_from([".txt", ".md"]))
def test_property_text_parser_with_damaged_text(damaged: bytes, suffix: str) -> None:
    read_twice(damaged, suffix, text_parser.parse)


# --- text already decoded ---------------------------------------------------------------------


ODD = st.sampled_from([
    "\x00", "\ufeff", "\u200b", "\u00a0", "\ufb01", "\ufb02", "\u200f", "\u202e", "\u0301", "\U0001f600",
    "\r", "\r\n", "\n\n", "\t", "|", "# ", "- ", "1. ", "```", "| --- |", "\\|", "\u2028", "\x0c", "\x85",
])
TEXT = st.lists(st.one_of(st.text(max_size=40), ODD), max_size=30).map("".join)


@settings(max_examples=examples(150))
@given(text=TEXT, fmt=st.sampled_from(["md", "txt", None]), name=st.sampled_from(["a.txt", "a.md", "notes", ""]))
def test_property_parse_string_reads_any_text(text: str, fmt: str | None, name: str) -> None:
    first = parse_string(text, name=name, fmt=fmt)
    assert parse_string(text, name=name, fmt=fmt) == first
    check_document(first)
    for block in first.blocks:
        assert block.text == block.text.strip()
