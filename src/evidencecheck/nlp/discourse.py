"""Which sentences carry on from the one before them, so that an element's clues may be split across them.

"On 3 May I sat with Priya to listen to her calls. The session showed she rushed her close." is one
episode told in two sentences: the second carries on the first because it opens with a word that points
back ("this", "she", "then") or a definite noun the first one named ("the session" after "a session"),
or names the same person or the same figure. Sentences that merely share a paragraph do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .normalise import sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Words that, opening a sentence, point back to the one before.
LINK_OPENERS = frozenset({"this", "that", "these", "it", "they", "he", "she", "then", "afterwards", "following"})

_RUNS = "evidencecheck.sentence_runs"


def _words(sent: Span) -> list[Token]:
    return [t for t in sent if not (t.is_space or t.is_punct)]


def _names(words: list[Token]) -> set[str]:
    return {t.lower_ for t in words if t.pos_ == "PROPN" and t.text[:1].isupper()}


def _figures(words: list[Token]) -> set[str]:
    """Figures that name one quantity: "71%", "4.5", "120"; not a small count ("2 calls") that any
    two sentences may share."""
    return {t.text for t in words if t.like_num and sum(c.isdigit() for c in t.text) >= 2}


def continues(previous: Span, sentence: Span) -> bool:
    """Whether ``sentence`` carries on from ``previous``, the sentence before it."""
    words, before = _words(sentence), _words(previous)
    if not words or not before:
        return False
    first = words[0]
    if first.lower_ in LINK_OPENERS:
        return True
    head = first.head
    if first.lower_ == "the" and head.pos_ == "NOUN" and head.i != first.i \
            and head.lemma_.lower() in {t.lemma_.lower() for t in before if t.pos_ == "NOUN"}:
        return True  # "... held a review with Sam. The review ..."
    if _names(words) & _names(before):  # the same person
        return True
    return bool(_figures(words) & _figures(before))


def _runs(doc: Doc) -> list[int]:
    runs: list[int] | None = doc.user_data.get(_RUNS)
    if runs is None:
        sents = sentence_spans(doc)
        runs = [0] * len(sents)
        for n in range(1, len(sents)):
            runs[n] = runs[n - 1] if continues(sents[n - 1], sents[n]) else n
        doc.user_data[_RUNS] = runs
    return runs


def run_start(doc: Doc, number: int) -> int:
    """The number of the first sentence of the run of sentences that sentence ``number`` carries on."""
    return _runs(doc)[number]


def run_of(doc: Doc, number: int) -> range:
    """The numbers of the sentences in the run that holds sentence ``number``."""
    runs = _runs(doc)
    first = runs[number]
    end = number + 1
    while end < len(runs) and runs[end] == first:
        end += 1
    return range(first, end)


__all__ = ["LINK_OPENERS", "continues", "run_of", "run_start"]
