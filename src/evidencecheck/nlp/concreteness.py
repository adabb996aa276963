"""What makes a sentence concrete: a person, a figure, a date, a time frame or a told episode.

``labelling.md`` asks of evidence for a met criterion that it be concrete. A sentence is
concrete when a concrete signal (:data:`CONCRETE_SIGNALS`) is in it, or when it tells a
first-person past action ("I rewrote the rota"); a frequency alone is no detail of a claim about
everyone ("I always coach all my team every week"). Each answer is kept on the doc
(:func:`~.signals.base.doc_memo`), so every element that asks of a sentence shares it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .normalise import sentence_number, sentence_of
from .signals import SIGNALS, first_person_past_actions
from .signals.base import doc_memo
from .syntax import clause_of, parsed

CONCRETE_SIGNALS = ("figure", "date", "person", "kpi_value", "time_frame", "frequency", "month")
# what makes a sentence a claim about everyone, all the time (then a frequency is no detail)
UNIVERSAL_WORDS = frozenset({"always", "everyone", "everybody"})
GROUP_WORDS = frozenset({"team", "teams", "staff", "advisers", "advisors", "agents", "colleagues", "members",
                         "people"})  # after "all": "all my team", "all of the advisers"


def _details_by_sentence(doc: Doc) -> dict[int, tuple[set[str], int]]:
    """The concrete signals of each of ``doc``'s sentences that has any, and where the first starts."""
    found: dict[int, tuple[set[str], int]] = {}
    for name in CONCRETE_SIGNALS:
        for start, _ in SIGNALS[name].detect(doc):
            found.setdefault(sentence_number(doc, start), (set(), start))[0].add(name)
    return found


def _detailed_sentences(doc: Doc) -> frozenset[int]:
    """The numbers of ``doc``'s sentences with a concrete detail: a figure, date, person, time frame...

    A frequency alone does not make a claim about everyone concrete: "I always use SMART targets
    and coaching with all my team every week" names no episode, person, figure or date.
    """
    return frozenset(n for n, (names, start) in doc_memo(doc, "details", _details_by_sentence).items()
                     if names != {"frequency"} or not _universal(doc, start))


def _episode_sentences(doc: Doc) -> frozenset[int]:
    """The numbers of ``doc``'s sentences with a detail other than how often: a person, figure, date..."""
    return frozenset(n for n, (names, _) in doc_memo(doc, "details", _details_by_sentence).items()
                     if names != {"frequency"})


def _universal(doc: Doc, start: int) -> bool:
    """Whether the clause of token ``start`` (a frequency) claims something of everyone or always
    ("always", "all my team"), in it or in a clause it is part of or holds; without a parse, in
    its sentence. "I make sure everyone is logged in, and at each huddle I link our work to the
    survey" is not: "everyone" is in another clause."""
    sent = sentence_of(doc, start)
    tree = parsed(doc)
    clause = clause_of(doc[start]) if tree else None
    words = [t.lower_ for t in sent]
    for i, t in enumerate(sent):
        if words[i] in UNIVERSAL_WORDS or words[i] == "all" and GROUP_WORDS.intersection(words[i + 1:i + 4]):
            if clause is None:
                return True
            own = clause_of(t)  # the same clause, or one inside the other ("Everyone gets coaching every month")
            if own == clause or own.is_ancestor(clause) or clause.is_ancestor(own):
                return True
    return False


def _told_sentences(doc: Doc) -> frozenset[int]:
    return frozenset(sentence_number(doc, s) for s, _ in first_person_past_actions(doc))


def _concrete_sentences(doc: Doc) -> frozenset[int]:
    return detailed_sentences(doc) | told_sentences(doc)


def detailed_sentences(doc: Doc) -> frozenset[int]:
    """The numbers of ``doc``'s sentences with a concrete detail (see :func:`_detailed_sentences`)."""
    return doc_memo(doc, "detailed_sentences", _detailed_sentences)


def episode_sentences(doc: Doc) -> frozenset[int]:
    """The numbers of ``doc``'s sentences with a detail other than how often."""
    return doc_memo(doc, "episode_sentences", _episode_sentences)


def told_sentences(doc: Doc) -> frozenset[int]:
    """The numbers of ``doc``'s sentences that tell a first-person past action ("I rewrote the rota")."""
    return doc_memo(doc, "told_sentences", _told_sentences)


def concrete_sentence(doc: Doc, i: int) -> bool:
    """Whether the sentence holding token ``i`` has a figure, date, person, time frame or told event."""
    return sentence_number(doc, i) in doc_memo(doc, "concrete_sentences", _concrete_sentences)


__all__ = ["CONCRETE_SIGNALS", "GROUP_WORDS", "UNIVERSAL_WORDS", "concrete_sentence", "detailed_sentences",
           "episode_sentences", "told_sentences"]
