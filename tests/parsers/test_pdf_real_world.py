"""PDFs as real learners' files are: filled forms, no space characters, columns, hyphens, turned pages,
right-to-left text, fonts without a character map, small-font tables, and a page too slow to read."""

from __future__ import annotations

import time

import pytest

from evidencecheck.limits import Limits
from evidencecheck.parsers import parse
from evidencecheck.parsers.isolation import IsolatedParser

from . import pdf_builders as build

BACKENDS = ["pdfium", "pdfplumber"]


@pytest.fixture(params=BACKENDS)
def read(request, tmp_path):
    def read(data: bytes, name: str = "evidence.pdf"):
        path = tmp_path / name
        path.write_bytes(data)
        return parse(path, limits=Limits(pdf_backend=request.param))
    return read


def _blocks(doc):
    return [(b.kind, b.text) for b in doc.blocks]


def test_filled_form_fields_are_read_as_label_value_blocks_with_their_page(read):
    doc = read(build.filled_form())
    fields = [(b.text, b.location) for b in doc.blocks if b.kind == "form_field"]
    assert fields == [
        ("witness name: Helen Ashworth", "page 1, form field 1"),
        ("What did you observe the learner doing?: She coached two advisers on call wrap-up and checked "
         "their notes.", "page 1, form field 2"),
        ("signed: yes", "page 1, form field 3"),
    ]
    assert doc.warnings == ()


def test_words_positioned_without_space_characters_are_not_glued(read):
    words = "here is some text without any space characters".split()
    assert _blocks(read(build.words_without_spaces(words))) == [("paragraph", " ".join(words))]


@pytest.mark.parametrize("interleaved", [False, True], ids=["column-by-column", "line-by-line"])
def test_two_columns_are_read_as_columns(read, interleaved):
    assert _blocks(read(build.two_columns(interleaved=interleaved))) == [
        ("heading", "Team newsletter"),
        ("paragraph", " ".join(build.LEFT)),
        ("paragraph", " ".join(build.RIGHT)),
    ]


def test_line_end_hyphens_are_joined(read):
    assert _blocks(read(build.hyphenated())) == [(
        "paragraph",
        "I explained the reasons for withholding the refund and agreed a self-assessment with the adviser "
        "the same day.",
    )]


def test_form_field_lines_are_paragraphs_of_their_own(read):
    assert _blocks(read(build.minutes_header())) == [
        ("paragraph", "Date: 3 June 2025"),
        ("paragraph", "Present: Daniel Okafor (chair), Chloe Price, Omar Hussain"),
        ("paragraph", "Apologies: Ruth Adams"),
        # a line after a comma runs on, even when it looks like a field
        ("paragraph", "Daniel explained the trial starting on 9 June: our team will keep parcel calls instead of "
                      "transferring them, and the team leader for the courier desk, Sam Price: asked what happens "
                      "if the courier does not answer."),
    ]


def test_rotated_page_reads_upright(read):
    assert _blocks(read(build.rotated_page())) == [
        ("heading", "Rota for week 23"),
        ("paragraph", "Early shift covers the phones from eight until two. Late shift covers the webchat queue "
                      "until ten."),
    ]


def test_right_to_left_text_in_reading_order(read):
    # drawn in visual order (left to right on the page): "2024 <world> <hello>"
    assert _blocks(read(build.hebrew("2024 םלוע םולש"))) == [("paragraph", "שלום עולם 2024")]


def test_unmapped_font_is_dropped_and_warned_when_most_of_the_page(read):
    doc = read(build.unmapped_font("Readable line.", 40))
    assert _blocks(doc) == [("paragraph", "Readable line.")]
    assert "(cid:" not in doc.text
    assert doc.warnings == (
        "W208 page 1: 40 of its 53 characters use a font without a character map and could not be read, so most "
        "of the page's text is missing. Export the PDF again with fonts embedded as text, or attach the original "
        "document.",
    )


def test_a_few_unmapped_glyphs_are_dropped_without_a_warning(read):
    doc = read(build.unmapped_font("A readable line of text that is long enough to outweigh.", 3))
    assert _blocks(doc) == [("paragraph", "A readable line of text that is long enough to outweigh.")]
    assert doc.warnings == ()


def test_body_size_is_measured_outside_small_font_tables(read):
    doc = read(build.small_table_page())
    kinds = {b.text: b.kind for b in doc.blocks if b.kind != "table_cell"}
    assert kinds == {
        "I reviewed the weekly figures with the team and agreed actions.": "paragraph",
        "After the review, handle time fell and quality scores rose.": "paragraph",
    }
    assert sum(1 for b in doc.blocks if b.kind == "table_cell") == 48


def test_backends_agree_on_the_fixture_pdfs(tmp_path):
    for name, data in [("form", build.filled_form()), ("columns", build.two_columns(interleaved=True)),
                       ("table", build.small_table_page()), ("rotated", build.rotated_page())]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        docs = [parse(path, limits=Limits(pdf_backend=b)) for b in BACKENDS]
        assert docs[0] == docs[1], name


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown PDF backend 'ocr'; choose one of pdfium, pdfplumber"):
        Limits(pdf_backend="ocr")


def test_time_limit_keeps_the_pages_already_read(tmp_path):
    path = tmp_path / "chart.pdf"
    path.write_bytes(build.slow_last_page(pages=3, scattered=30_000))  # page 3 takes pdfminer ~7 s here
    started = time.monotonic()
    with IsolatedParser() as worker:
        doc = worker.parse(path, limits=Limits(timeout=3.0, pdf_backend="pdfplumber"), display="chart.pdf")
    assert time.monotonic() - started < 3.0 + 2.0
    assert _blocks(doc) == [
        ("paragraph", "Page 1 holds the coaching notes for week 1."),
        ("paragraph", "Page 2 holds the coaching notes for week 2."),
    ]
    assert doc.pages == 3
    assert doc.warnings == ("W205 page 3 could not be read (not reached within the time limit of 3 s; "
                            "raise --timeout to read it); the other pages were read.",)


def test_xfa_form_data_is_read_when_there_are_no_acroform_values(read):
    doc = read(build.xfa_form())
    assert [(b.kind, b.text, b.location) for b in doc.blocks] == [
        ("paragraph", "Observation record", "page 1, paragraph 1"),
        ("form_field", "ObserverName: Priya Shah", "form field 1"),
        ("form_field", "Activity: Team huddle on call quality", "form field 2"),
    ]


def test_question_and_answer_rows_are_not_read_as_columns(read):
    # a form's questions beside their answers: each question must stay next to its own answer
    texts = [b.text for b in read(build.question_and_answer_rows()).blocks]
    for question, answer in build.QUESTIONS:
        q, a = " ".join(question), " ".join(answer)
        assert q in texts and a in texts
        assert texts.index(a) == texts.index(q) + 1


def test_columns_of_several_paragraphs_read_down_each_column(read):
    expected = [" ".join(lines) for column in build.COLUMN_PARAGRAPHS for lines in column]
    assert [b.text for b in read(build.two_columns_of_paragraphs()).blocks] == expected


def test_every_page_pdfium_finds_is_read_when_pdfminer_misses_some(read):
    doc = read(build.page_without_type())
    assert doc.pages == 2
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, "First page of the observation."), (2, "Second page: actions agreed with the adviser.")]


def test_text_typed_onto_a_page_is_read_and_sticky_notes_are_not(read):
    doc = read(build.typed_on_text())
    assert [(b.kind, b.text, b.location) for b in doc.blocks] == [
        ("paragraph", "Observer comments:", "page 1, paragraph 1"),
        ("text_box", "Calm, clear explanation of the new bill to the customer.", "page 1, text box"),
        ("text_box", "Signed: M. Greaves", "page 1, text box"),
    ]
