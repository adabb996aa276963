"""Is a document about the learner's work at all? A tax guide, a recipe or a match report is not.

A learner sometimes puts a document into a portfolio that has nothing to do with their work
(a tax guide saved in the same folder, a page downloaded by mistake). Its everyday words
("each", "help", "late", "targets") are clue words of the units too, and with nothing in
it to mark them as someone else's, its sentences read as first-hand evidence. The unit's own
clue words cannot tell it apart, since they are everyday words; the *field's* words can.

A document is judged on three things, none of them from the unit's rules:

* **the field's words**: the share of its words that belong to contact centres, customer
  service, sales and leading a team there (``data/domain-words.yaml``: calls, customers,
  advisers, queue, complaint, AHT, CSAT, rota, huddle, one-to-one...); words other fields use
  as much (team, manager, coach, training) count half;
* **the writer's own work**: sentences in which the writer speaks in the first person ("I",
  "my", "me") of the work or the people in it ("I talked it through with the team") - a
  learner writing in plain words about a dental practice's phones has few of the trade's
  words but many of these;
* **its kind, where its form shows it**: a rota (a table of days and times, or a title that
  names one) is about the work whatever its words; so is a document of a kind the unit
  itself declares by name. Kinds read from the body's words are not trusted here: their
  phrases are everyday words ("report", "plan", "goal"), and a match report reads as a KPI
  report by its title.

A document under ``MIN_WORDS`` words is never flagged: there is too little text to judge,
and rule-test snippets and short records must count as they are. Otherwise it is about the
learner's work when its field share reaches ``MIN_FIELD_SHARE`` or it has ``MIN_TOLD`` such
first-person sentences; when neither, it is not.

What follows from "not related" is decided by matching (:mod:`evidencecheck.nlp.match`): the
document's text is not matched at all, so it counts neither for nor against any criterion or
mistake, and the report names it (W570) so that the learner can take it out or say why it is there.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache

from ..matches import TopicFacts
from ..model import Document
from .yaml_data import load_data

#: A document with fewer words than this is never flagged: too little text to judge.
MIN_WORDS = 120
#: The share of a document's words that must be the field's (one in 80) for it to be about the work...
MIN_FIELD_SHARE = 0.0125
#: ...or the first-person sentences about the work or the people in it that it must have.
MIN_TOLD = 2
#: How much a word that other fields use as much (team, manager, coach) counts.
SHARED_WEIGHT = 0.5

# a word of two letters or more: single letters are list markers, initials or noise ("x, x, x")
_WORD = re.compile(r"[^\W\d_]{2,}(?:['\u2019][^\W\d_]+)?")
_SENTENCE = re.compile(r"[^.!?\n]+")
# the writer speaking: "I" is upper case ("i" is a list marker), "me" and "my" any case
_FIRST_PERSON = re.compile(r"\bI\b|\bI['\u2019](?:m|ve|d|ll)\b|\b(?i:me|my|myself)\b")
_ENDINGS = r"(?:s|es|d|ed|ing)?"


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The field's words as two patterns: ``core`` (count 1) and ``shared`` (count half)."""
    data = load_data("domain-words.yaml")
    return _pattern(data["core"]), _pattern(data["shared"])


def _pattern(entries: Sequence[object]) -> re.Pattern[str]:
    # longest first, so "customer service" is one hit, not "customer" and a stray "service"
    words = sorted({str(e).lower() for e in entries}, key=len, reverse=True)
    alternatives = [re.sub(r"\\[- ]", r"[-\\s]", re.escape(w)) for w in words]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)}){_ENDINGS}(?!\w)", re.IGNORECASE)


def _body(document: Document) -> Iterator[str]:
    """The text of each block a reader reads as the document (page headers and footers repeat)."""
    for block in document.blocks:
        if block.kind not in ("header", "footer"):
            yield block.text


def field_words(text: str) -> float:
    """How many of the field's words ``text`` holds, words other fields share counting half."""
    core, shared = _lexicon()
    found = len(core.findall(text))
    return found + SHARED_WEIGHT * len(shared.findall(core.sub(" ", text)))


def judge_relevance(document: Document, evidence_types: Sequence[str] = (), *,
                    trusted_types: Collection[str] = ()) -> TopicFacts:
    """Whether ``document`` is about the learner's work in the field.

    Args:
        document: The parsed document.
        evidence_types: Its evidence types (:func:`evidencecheck.nlp.doc_types.classify`).
        trusted_types: Types that make a document about the work by being its kind: those known
            by their form (:func:`evidencecheck.nlp.doc_types.form_types`) and the unit's own.

    Returns:
        Its words, field share and first-person sentences about the work, and the judgement.
    """
    texts = list(_body(document))
    words = sum(len(_WORD.findall(t)) for t in texts)
    share = sum(field_words(t) for t in texts) / words if words else 0.0
    core, shared = _lexicon()
    told = sum(1 for t in texts for s in _SENTENCE.findall(t)
               if _FIRST_PERSON.search(s) and (core.search(s) or shared.search(s)))
    judged = words >= MIN_WORDS and not set(evidence_types) & set(trusted_types)
    related = not judged or share >= MIN_FIELD_SHARE or told >= MIN_TOLD
    return TopicFacts(words=words, field_share=round(share, 4), told=told, judged=judged, related=related)


__all__ = ["MIN_FIELD_SHARE", "MIN_TOLD", "MIN_WORDS", "field_words", "judge_relevance"]
