"""The typed seam between matching and judging: what the matcher found, as plain data.

:mod:`evidencecheck.nlp` turns a portfolio into a :class:`Matches` value once:
for every element of the rule set, each place its clues came together, with
the exact quote, its location and its context, plus facts about each
document. :mod:`evidencecheck.assess` judges that value and never sees spaCy,
so every verdict rule can be tested with hand-made matches, and ``rules
explain`` and the rule-test runner read the same data the verdicts come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .terms import FIRST_HAND, ContextLabel


@dataclass(frozen=True)
class Evidence:
    """A quoted sentence that supports (or undermines) a finding.

    Attributes:
        document: The document's path as given.
        location: Where in the document ("page 2, paragraph 4", "table 1, row 3, column 2").
        quote: Exact text from the document.
        matched: The words or signals that matched.
        context: How the sentence relates to the learner's practice (first-hand, negated...).
        cue: The words that decided a non-first-hand context ("should", "did not").
    """

    document: str
    location: str
    quote: str
    matched: tuple[str, ...]
    context: ContextLabel = FIRST_HAND
    cue: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """One scope unit (sentence, row, paragraph...) in which an element's clues came together.

    Attributes:
        doc_index: Index of the document in the portfolio.
        block_index: Index of the anchor's block in its document.
        evidence: The anchor's sentence, quoted, with its context.
        parts: Ids of the clue parts that matched in the unit (``criteria[0].elements[1].all[0].phrases[2]``).
        concrete: The anchor's sentence (or table row) names a person, a figure, a date or time frame,
            or tells an episode ("I rewrote the rota"): it is more than a claim.
        detailed: Concrete by a detail (a person, a figure, a date or time frame, a table row, a
            record), not only by telling an episode: what outweighs a denial of the activity.
        habitual: Concrete only by saying how often ("we hold one-to-ones monthly"): a routine
            claimed, with no person, figure, date or told episode. It shows a criterion's element
            but does not clear a mistake of lacking it.
    """

    doc_index: int
    block_index: int
    evidence: Evidence
    parts: tuple[str, ...] = ()
    concrete: bool = True
    detailed: bool = True
    habitual: bool = False

    @property
    def context(self) -> ContextLabel:
        """The context of the anchor (first-hand, negated...)."""
        return self.evidence.context


@dataclass(frozen=True)
class ElementMatch:
    """Everywhere one element was shown, split by whether the context counts.

    Attributes:
        ref: ``owner-id.element-id``.
        text: The element's human text.
        min_hits: How many accepted occurrences the element needs.
        accepted: Occurrences in a context the element accepts, in document order.
        rejected: Occurrences in another context (near misses), in document order.
        nearby: For a criterion's shown sentence-scope element, the occurrences its clues make over
            two adjacent sentences: quote candidates only, never what shows the element.
        per_document: The element is judged a document at a time (``scope: document``): it is
            a property of a document ("a record that is signed and dated").
        record_types: The evidence types whose documents are records of the element.
    """

    ref: str
    text: str
    min_hits: int = 1
    accepted: tuple[Occurrence, ...] = ()
    rejected: tuple[Occurrence, ...] = ()
    nearby: tuple[Occurrence, ...] = ()
    per_document: bool = False
    record_types: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """Whether the element was shown often enough in an accepted context."""
        return len(self.accepted) >= self.min_hits

    @property
    def id(self) -> str:
        """The element's own id (after the owner's)."""
        return self.ref.partition(".")[2]


@dataclass(frozen=True)
class TopicFacts:
    """Whether a document is about the learner's work in the field (:mod:`evidencecheck.nlp.relevance`).

    The defaults are a document nobody judged: related, so hand-made facts and snippets count.

    Attributes:
        words: Words of its body (headers and footers left out).
        field_share: The field's words (contact centre, customer service, sales, leading a team
            there) per word of the body; words other fields use as much count half.
        told: Sentences in which the writer speaks in the first person ("I", "my", "me") of the
            work or the people in it.
        judged: The document was long enough, and not of a kind known by its form, to be judged.
        related: It is about the learner's work. When false, nothing in it counts for or against
            a criterion or a mistake.
    """

    words: int = 0
    field_share: float = 0.0
    told: int = 0
    judged: bool = False
    related: bool = True


@dataclass(frozen=True)
class DocumentFacts:
    """What matching learned about one document.

    Attributes:
        path: The document's path as given.
        evidence_types: Its evidence types, best first (``("other",)`` when none fits).
        signed: Whether it carries a signature or sign-off.
        dated: Whether it carries a calendar date.
        topic: Whether it is about the learner's work at all.
    """

    path: str
    evidence_types: tuple[str, ...]
    signed: bool = False
    dated: bool = False
    topic: TopicFacts = field(default_factory=TopicFacts)

    @property
    def related(self) -> bool:
        """Whether the document is about the learner's work (so its text can count as evidence)."""
        return self.topic.related


@dataclass(frozen=True)
class Matches:
    """Everything the matcher found in one portfolio for one rule set.

    Attributes:
        unit_id: The rule set's id.
        documents: Facts about each document, in portfolio order.
        elements: Every element of the rule set by ``owner-id.element-id``, criteria first.
        fired_parts: Ids of the clue parts that matched anywhere (for rule-test coverage).
        fired_phrases: ``(clue part id, phrase as written)`` for every phrase that matched, so an
            ``@list`` part tells which of its entries fired (for per-phrase coverage).
    """

    unit_id: str
    documents: tuple[DocumentFacts, ...]
    elements: Mapping[str, ElementMatch]
    fired_parts: frozenset[str] = field(default_factory=frozenset)
    fired_phrases: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def element(self, ref: str) -> ElementMatch:
        """The match of element ``ref`` (``owner-id.element-id``).

        Raises:
            KeyError: The rule set has no such element.
        """
        return self.elements[ref]

    def types_of(self, doc_index: int) -> tuple[str, ...]:
        """Evidence types of document ``doc_index``."""
        return self.documents[doc_index].evidence_types


__all__ = ["DocumentFacts", "ElementMatch", "Evidence", "Matches", "Occurrence", "TopicFacts"]
