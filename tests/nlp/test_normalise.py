"""Cleaning evidence text while keeping a map back to the original characters."""

from __future__ import annotations

import pytest

from evidencecheck.model import Block, Document
from evidencecheck.nlp.normalise import CHUNK_CHARS, clean_text, process_documents
from evidencecheck.nlp.pipeline import get_nlp


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("team\u00a0huddle", "team huddle"),  # no-break space
        ("team\u202fhuddle", "team huddle"),  # narrow no-break space
        ("co\u200bached", "coached"),  # zero-width space
        ("co\u200dached", "coached"),  # zero-width joiner
        ("\ufeffStart", "Start"),  # BOM
        ("pro\u00adfile", "profile"),  # soft hyphen
        ("\ufb01rst call", "first call"),  # ligature fi
        ("e\ufb00ort", "effort"),  # ligature ff
        ("a\x00b", "ab"),  # NUL
        ("\u201cwell done\u201d", '"well done"'),
        ("Priya\u2019s calls", "Priya's calls"),
        ("\u2018ok\u2019", "'ok'"),
        ("9\u201310 am", "9-10 am"),
        ("col1\tcol2", "col1 col2"),
        ("bad\x07bell", "bad bell"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("line one\nline two", "line one\nline two"),
        ("\uf0fe Actions agreed \uf0a8 Review booked", "\u2611 Actions agreed \u2610 Review booked"),  # Wingdings boxes
    ],
)
def test_normalise_clean_text(raw, clean):
    text, offsets = clean_text(raw)
    assert text == clean
    assert len(offsets) == len(text)
    assert offsets == sorted(offsets)
    assert all(0 <= o < len(raw) for o in offsets)


def test_normalise_offsets_point_at_original_characters():
    raw = "I\u00a0coached \u201cJo\u201d on the \ufb01rst call"
    text, offsets = clean_text(raw)
    assert text == 'I coached "Jo" on the first call'
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalpha() and raw[offsets[i]].isascii():
            assert raw[offsets[i]] == ch
    fi = text.index("first")
    assert offsets[fi] == offsets[fi + 1] == raw.index("\ufb01")


def test_normalise_long_run_is_broken_after_cleaning():
    # the ligature makes a run of 100 characters 101 long: the break falls after the 100th
    raw = "x" * 99 + "\ufb01" + " ok"
    text, offsets = clean_text(raw)
    assert text == "x" * 99 + "f" + " i ok"
    assert offsets[99:102] == [99, 99, 99]
    assert clean_text("y" * 99 + " ok") == ("y" * 99 + " ok", list(range(102)))  # within the bound, kept


def test_normalise_plain_text_kept_as_it_is():
    raw = "I coached Sam on 3 May.\nWe met again on 10 May."
    assert clean_text(raw) == (raw, list(range(len(raw))))


def _processed(texts: list[str], kind: str = "paragraph"):
    blocks = tuple(Block(text=t, kind=kind, index=i, paragraph=i + 1) for i, t in enumerate(texts))
    doc = Document(path="evidence.txt", format="txt", title="evidence", blocks=blocks)
    return process_documents(get_nlp(), [doc])[0]


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("On Monday I\u00a0coached \u201cPriya\u201d on her \ufb01rst calls.", "coached"),
        ("Zero\u200bwidth: I co\u200bached Sam. Then I held a huddle.", "coached"),
        ("NUL\x00 here. I coached Sam\u2019s team on the \ufb01nal day.", "final"),
        ("Smart \u2018quotes\u2019 \u2013 I coached Dev.", "Dev"),
    ],
)
def test_normalise_quote_is_exact_substring_of_block_text(raw, phrase):
    pdoc = _processed([raw])
    (pblock,) = pdoc.blocks
    doc = pblock.doc
    for sent in doc.sents:
        quote = pblock.quote(sent.start_char, sent.end_char)
        assert quote
        assert quote in raw
    tok = next(t for t in doc if t.text == phrase)
    quote = pblock.quote(tok.idx, tok.idx + len(tok.text))
    assert quote in raw
    assert quote.replace("\u200b", "").replace("\ufb01", "fi").replace("\u2019", "'") == phrase


def test_normalise_quote_of_ligature_word_includes_original_ligature():
    raw = "The \ufb01rst huddle"
    (pblock,) = _processed([raw]).blocks
    start = pblock.doc.text.index("first")
    assert pblock.quote(start, start + len("first")) == "\ufb01rst"


def test_normalise_empty_span_quotes_nothing():
    (pblock,) = _processed(["I coached Sam."]).blocks
    assert pblock.quote(3, 3) == ""


def test_normalise_blank_blocks_are_dropped_and_keys_set():
    blocks = (
        Block(text="\u200b\u00a0", kind="paragraph", index=0, paragraph=1),
        Block(text="I coached Sam.", kind="paragraph", index=1, paragraph=2, heading="Coaching"),
        Block(text="Target", kind="table_cell", index=2, table=1, row=1, column=1),
        Block(text="20 sales", kind="table_cell", index=3, table=1, row=2, column=1),
    )
    doc = Document(path="e.md", format="md", title="e", blocks=blocks)
    (pdoc,) = process_documents(get_nlp(), [doc])
    assert [b.block.index for b in pdoc.blocks] == [1, 2, 3]
    para, header, cell = pdoc.blocks
    assert para.paragraph_key == (0, "block", 1)
    assert para.section_key == (0, "section", "Coaching")
    assert header.is_header_row and not cell.is_header_row
    assert cell.paragraph_key == (0, "table", None, 1, 2)


def test_normalise_long_block_is_chunked_and_quotes_map_back():
    sentence = "I coached Sam on his calls. "
    raw = sentence * (CHUNK_CHARS // len(sentence) + 50)
    pblocks = _processed([raw.strip()]).blocks
    assert len(pblocks) >= 2
    last = pblocks[-1]
    text = last.doc.text
    start = text.index("I coached")
    assert last.quote(start, start + len("I coached Sam")) == "I coached Sam"


def test_sentence_of_agrees_with_spacy_for_every_token():
    from evidencecheck.nlp.normalise import sentence_of
    from evidencecheck.nlp.pipeline import get_nlp

    doc = get_nlp()("I met Sam. We agreed a target of 80% by June! Did it work? Yes\n\nNext para here.")
    for token in doc:
        assert sentence_of(doc, token.i) == token.sent
