"""Read who speaks and in which tense, sentence by sentence, from the dependency parse (3/9).

The reflective-account check (:mod:`evidencecheck.checks.authenticity`) needs to know whether
a learner writes in the first person about what they did ("I rewrote the rota") or about
what they would do ("I would hold a huddle"). That is a question for the parse: the main
clause's subject and its tense, or a modal over it. On a pipeline without a parse
(``blank:en``) no voices are read, and the check says it could not judge the tense.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from ..voice import SentenceVoice, Tense
from .normalise import ProcessedDocument
from .syntax import clause_of, is_first_person, parsed, subject_of

_HYPOTHETICAL = frozenset({"would", "could", "should", "might", "may", "must", "ought", "can"})
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_MIN_WORDS = 3
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubj:outer"})  # a label or a name on its own is not a sentence with a voice


def _tense(root: Token) -> Tense:
    """The tense of the clause headed by ``root``."""
    aux = [c for c in root.children if c.dep_ in ("aux", "aux:pass")]
    lowered = {a.lower_ for a in aux}
    if lowered & _HYPOTHETICAL:
        # "I could have done" and "I should have" look back at what was not done: still hypothetical
        return "hypothetical"
    if lowered & _FUTURE or any(a.lower_ in ("going", "gon") for a in root.subtree if a.head.i == root.i):
        return "future"
    tags = {root.tag_, *(a.tag_ for a in aux)}
    if "VBD" in tags or (root.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux)):
        return "past"
    if root.tag_ == "VB" and not aux and any(c.dep_ in _SUBJECT_DEPS for c in root.children) \
            and root.norm_ and root.norm_ != root.lower_:
        # a bare verb with its own subject and no auxiliary is finite, and an inflected form the tagger
        # did not know ("I rewrote") is a past form: the lookup lemma ("rewrite") differs from it
        return "past"
    if root.pos_ in ("VERB", "AUX") or any(c.dep_ == "cop" for c in root.children):
        cop = next((c for c in root.children if c.dep_ == "cop"), None)
        if cop is not None and cop.tag_ == "VBD":
            return "past"
        return "present"
    return "none"


def _sentence_voice(sent: Span, document: str, location: str) -> SentenceVoice | None:
    words = [t for t in sent if t.is_alpha]
    if len(words) < _MIN_WORDS:
        return None
    # the learner may speak in any clause ("Every Monday huddle I read out..."): the first clause with
    # "I" or "we" as subject is the one whose tense counts, else the main clause's
    speaker = next((clause_of(t.head) for t in sent if t.dep_ in _SUBJECT_DEPS and is_first_person(t)), None)
    root = speaker if speaker is not None else clause_of(sent.root)
    first = speaker is not None or is_first_person(subject_of(root))
    return SentenceVoice(document=document, location=location, text=sent.text.strip(), first_person=first,
                         tense=_tense(root))


def document_voices(documents: Iterable[ProcessedDocument], paths: frozenset[str]) -> tuple[SentenceVoice, ...]:
    """Every sentence's voice in the documents whose path is in ``paths`` (headings, headers and footers aside).

    Returns ``()`` when the pipeline has no parser.
    """
    voices: list[SentenceVoice] = []
    for pdoc in documents:
        if pdoc.document.path not in paths:
            continue
        for block in pdoc.blocks:
            if block.block.kind in ("heading", "header", "footer") or not parsed(block.doc):
                continue
            for sent in block.doc.sents:
                voice = _sentence_voice(sent, pdoc.document.path, block.block.location)
                if voice is not None:
                    voices.append(voice)
    return tuple(voices)


__all__ = ["document_voices"]
