"""Relevance: is each document about the learner's work? One that is not is named (W570).

Matching decides it (:mod:`evidencecheck.nlp.relevance`) and leaves such a document out, so that
nothing in it counts for or against a criterion or a mistake: a tax guide's "each" and "late"
are not the learner's practice. This check only reports that decision, from the matcher's
document facts, with the figures it was made on, so the learner can take the document out or
say why it belongs.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..matches import DocumentFacts
from .model import DocumentTopic, Problem, Relevance


def check_relevance(facts: Sequence[DocumentFacts]) -> Relevance:
    """Each document's topic figures, and a W570 finding for every one not about the learner's work."""
    documents = tuple(DocumentTopic(document=f.path, words=f.topic.words, field_share=f.topic.field_share,
                                    told=f.topic.told, judged=f.topic.judged, related=f.topic.related)
                      for f in facts)
    unrelated = tuple(d for d in documents if not d.related)
    problems = tuple(Problem.of("W570", path=d.document, words=d.words, share=f"{d.field_share:.1%}", told=d.told)
                     for d in unrelated)
    return Relevance(documents=documents, unrelated=tuple(d.document for d in unrelated), problems=problems)


__all__ = ["check_relevance"]
