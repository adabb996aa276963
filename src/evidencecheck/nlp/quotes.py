"""Cut the quote that shows an occurrence: the anchor's sentence, exactly as the document has it."""

from __future__ import annotations

from ..matches import Evidence
from .compile import Hit
from .context import ContextResult
from .normalise import sentence_of

QUOTE_CHARS = 320
"""Longest quote; a longer sentence is cut around the matched words, at word boundaries."""
MATCHED_WORDS = 8
"""Most matched words an occurrence lists."""


def quote_of(anchor: Hit, hits: list[Hit], context: ContextResult, doc_paths: list[str]) -> Evidence:
    """Quote the sentence of ``anchor`` exactly, with its location, matched words and context."""
    block = anchor.block
    sent = sentence_of(block.doc, anchor.start)
    start_char, end_char = sent.start_char, sent.end_char
    if end_char - start_char > QUOTE_CHARS:
        centre = block.doc[anchor.start].idx
        last = block.doc[anchor.end - 1]
        anchor_end = last.idx + len(last.text)
        start_char = max(start_char, centre - QUOTE_CHARS // 2)
        end_char = min(end_char, start_char + QUOTE_CHARS)
        text = block.doc.text
        # trim to whole words, never past the matched words themselves
        while start_char > sent.start_char and start_char < centre and not text[start_char - 1].isspace():
            start_char += 1
        while end_char < sent.end_char and end_char > anchor_end and not text[end_char].isspace():
            end_char -= 1
    quote = block.quote(start_char, end_char).strip()
    matched: list[str] = []
    for h in [anchor, *hits]:
        if len(matched) == MATCHED_WORDS:
            break
        if h.text not in matched:
            matched.append(h.text)
    return Evidence(
        document=doc_paths[block.doc_index],
        location=block.block.location,
        quote=quote,
        matched=tuple(matched),
        context=context.label,
        cue=context.cue,
    )


__all__ = ["QUOTE_CHARS", "quote_of"]
