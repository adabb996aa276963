"""Normalise parsed documents into processed text the matcher can read.

Each block's text is cleaned (Unicode NFKC, ligatures, non-breaking and
zero-width spaces, NULs, lone surrogates) while keeping a map back to the
original characters, so every quote is an exact substring of what the parser
extracted. Long blocks are split into chunks far below spaCy's ``max_length``.

A run of more than ``MAX_TOKEN_CHARS`` characters with no space in it is
broken with an inserted space (mapped to the next original character, so
quotes stay exact). No word is that long, and the bound keeps every regular
expression that runs on one token (rule patterns' ``REGEX``, the lemma and
spelling rules) or on a run of digits (the signals) cheap, whatever the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Block, Document
from ..parsers.cache import ParseCache
from ..parsers.symbols import PRIVATE_USE_BOXES
from .annotation_cache import AnnotationCache

#: Blocks longer than this are matched in chunks (cut after a sentence where possible):
#: some matching steps grow with the square of a chunk's length, so chunks stay small.
CHUNK_CHARS = 10_000
#: Longest run of non-space characters spaCy is given as one token.
MAX_TOKEN_CHARS = 100
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00", "\u00ad"}
_SPACE = {"\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u3000", "\t"}
_SURROGATES = re.compile("[\ud800-\udfff]")
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-"}


#: A character the cleaning may change; text between two of them is kept as it is.
_SPECIAL = re.compile(r"[^\x20-\x7e\n]")
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def clean_text(text: str) -> tuple[str, list[int]]:
    """Return the cleaned text and, for each of its characters, the index in ``text``."""
    parts: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in _SPECIAL.finditer(text):  # most text is plain ASCII: only the rest is looked at
        i = m.start()
        if i > last:
            parts.append(text[last:i])
            offsets.extend(range(last, i))
        rep = _replacement(text[i])
        parts.append(rep)
        offsets.extend([i] * len(rep))
        last = i + 1
    parts.append(text[last:])
    offsets.extend(range(last, len(text)))
    cleaned = "".join(parts)
    if _LONG_RUN.search(cleaned):
        return _break_long_runs(cleaned, offsets)
    return cleaned, offsets


def _replacement(ch: str) -> str:
    if ch in _DROP or 0xD800 <= ord(ch) <= 0xDFFF:
        return ""
    if ch in _SPACE:
        return " "
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in PRIVATE_USE_BOXES:  # a form's tick box as a PDF gives it
        return PRIVATE_USE_BOXES[ch]
    if ord(ch) < 128:
        return ch if ch.isprintable() or ch == "\n" else " "
    return unicodedata.normalize("NFKC", ch)


def _break_long_runs(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Insert a space after every ``MAX_TOKEN_CHARS`` characters of a run with no space in it."""
    out: list[str] = []
    out_offsets: list[int] = []
    run = 0  # length of the current run of non-space characters
    for ch, i in zip(text, offsets):
        if ch.isspace():
            run = 0
        elif run >= MAX_TOKEN_CHARS:
            out.append(" ")  # break an over-long "word"
            out_offsets.append(i)
            run = 1
        else:
            run += 1
        out.append(ch)
        out_offsets.append(i)
    return "".join(out), out_offsets


_SENT_INDEX = "evidencecheck.sentence_index"


def _sentence_table(doc: Doc) -> tuple[list[Span], list[int]]:
    table = doc.user_data.get(_SENT_INDEX)
    if table is None:
        sents = list(doc.sents)
        owner = [0] * len(doc)
        for n, sent in enumerate(sents):
            owner[sent.start:sent.end] = [n] * (sent.end - sent.start)
        table = doc.user_data[_SENT_INDEX] = (sents, owner)
    return table


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` of ``doc``.

    spaCy's ``doc[i].sent`` walks to the sentence's ends on every call, so on
    one very long sentence looking up every match is quadratic. The index of
    each token's sentence is built once per doc and kept in ``doc.user_data``.
    """
    sents, owner = _sentence_table(doc)
    return sents[owner[i]]


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` (kept, as for :func:`sentence_of`)."""
    return _sentence_table(doc)[0]


def sentence_number(doc: Doc, i: int) -> int:
    """The 0-based number, within ``doc``, of the sentence holding token ``i``."""
    return _sentence_table(doc)[1][i]


@dataclass
class ProcessedBlock:
    """One block (or one chunk of a long block) after cleaning and spaCy processing.

    Attributes:
        doc_index: Index of the document in the portfolio.
        block: The parsed block.
        doc: The spaCy doc of the cleaned text.
        offsets: For each character of ``doc.text``, its index in ``block.text``.
        paragraph_key: Paragraph scope: the block, or for a table cell its row.
        section_key: Section scope: the heading the block sits under.
    """

    doc_index: int
    block: Block
    doc: Doc
    offsets: list[int]
    paragraph_key: tuple[object, ...]
    section_key: tuple[object, ...]
    is_header_row: bool = False

    def quote(self, start_char: int, end_char: int) -> str:
        """Exact original text for the cleaned-text span ``[start_char, end_char)``.

        Lone surrogates are left out: they are not characters, and no report
        format (JSON, HTML, DOCX) can hold them.
        """
        if start_char >= end_char or not self.offsets:
            return ""
        text = self.block.text[self.offsets[start_char]: self.offsets[end_char - 1] + 1]
        return _SURROGATES.sub("", text)


@dataclass
class ProcessedDocument:
    """A document with its processed blocks."""

    index: int
    document: Document
    blocks: list[ProcessedBlock]


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a chunk in ``text[lo:hi]``: after a sentence end, else a space, else ``hi``."""
    ends = [text.rfind(sep, lo, hi) + len(sep) for sep in (". ", "? ", "! ", "\n")]
    cut = max(ends)
    if cut > lo:
        return cut
    space = text.rfind(" ", lo, hi)
    return space + 1 if space >= lo else hi


def _chunks(text: str, offsets: list[int]) -> list[tuple[str, list[int]]]:
    if len(text) <= CHUNK_CHARS:
        return [(text, offsets)]
    parts = []
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            end = _cut(text, start + CHUNK_CHARS // 2, end)
        parts.append((text[start:end], offsets[start:end]))
        start = end
    return parts


# Blocks per nlp.pipe batch. A trained pipeline's arrays grow with the batch's words; spaCy's 256
# blocks (~8,000 tokens) make arrays of tens of MB, which the allocator maps and unmaps afresh for
# every layer (a cold check spent 3 s of system time on page faults); 64 blocks keep them small
# enough to be reused, at no cost in throughput.
PIPE_BATCH = 64


def process_documents(nlp: Language, documents: Sequence[Document],
                      cache: ParseCache | None = None) -> list[ProcessedDocument]:
    """Clean and run ``nlp`` over every block of ``documents`` (one ``nlp.pipe`` call).

    With ``cache``, a document whose texts were annotated by the same pipeline before takes its
    docs from there (:mod:`.annotation_cache`), and the others are kept there.
    """
    jobs: list[list[tuple[Block, str, list[int]]]] = []
    for document in documents:
        jobs.append([])
        for block in document.blocks:
            cleaned, offsets = clean_text(block.text)
            for text, offs in _chunks(cleaned, offsets):
                if text.strip():
                    jobs[-1].append((block, text, offs))
    texts = [[text for _, text, _ in doc_jobs] for doc_jobs in jobs]
    annotations = AnnotationCache(cache, nlp) if cache is not None else None
    keys = [annotations.key(t) if annotations and t else "" for t in texts]
    docs: list[list[Doc] | None] = [annotations.get(k, t) if k and annotations else None
                                    for k, t in zip(keys, texts)]
    missed = [i for i, found in enumerate(docs) if found is None]
    annotated = iter(nlp.pipe((text for i in missed for text in texts[i]), batch_size=PIPE_BATCH))
    for i in missed:
        fresh = [next(annotated) for _ in texts[i]]
        docs[i] = fresh
        if annotations and keys[i]:
            annotations.put(keys[i], fresh)
    processed = [ProcessedDocument(i, d, []) for i, d in enumerate(documents)]
    for d_index, (doc_jobs, doc_docs) in enumerate(zip(jobs, docs)):
        for (block, _, offs), doc in zip(doc_jobs, doc_docs or ()):
            if block.kind == "table_cell":
                para: tuple[object, ...] = (d_index, "table", block.page, block.table, block.row)
            else:
                para = (d_index, "block", block.index)
            section = (d_index, "section", block.heading or "")
            processed[d_index].blocks.append(
                ProcessedBlock(d_index, block, doc, offs, para, section,
                               is_header_row=block.kind == "table_cell" and block.row == 1)
            )
    return processed
