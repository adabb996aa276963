"""The typed results of the assessor-grade evidence checks.

Each check is a pure function over the parsed portfolio (and, where it needs them, the
matcher's document facts, the parser's sentence voices or the verdicts) returning one of
these frozen dataclasses. (Relevance is decided by matching, which leaves an unrelated document
out; its check only reports what matching decided.) They are also the report's ``checks`` section as it is written
to JSON (schema version 3), so their field names are part of the public contract
(``docs/report-contract.md``).

Every finding carries a numbered ``code`` (W501-W599) and a ``message`` a learner can act on.
Nothing here ever holds a full personal-data value: a :class:`PersonalDataFinding` keeps
only its masked form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import Messages

PersonalDataKind = Literal[
    "email", "phone", "postcode", "card_number", "bank_account", "ni_number", "date_of_birth", "customer_name",
]


@dataclass(frozen=True)
class Problem:
    """One numbered finding about a document: what is wrong and what to do."""

    code: str
    message: str

    @classmethod
    def of(cls, code: str, **values: object) -> Problem:
        """The finding ``code`` (W501-W599), its text from :class:`~evidencecheck.errors.Messages`."""
        return cls(code, str(getattr(Messages, code)).format(**values))


@dataclass(frozen=True)
class WitnessCheck:
    """A witness testimony judged for authenticity (VARCS: valid, authentic, reliable, current).

    Attributes:
        document: The testimony's path.
        witness: The witness's name as written (``None`` when no name is given).
        role: The witness's job title.
        relationship: How the witness knows the learner ("line manager since 2023").
        date: The date the testimony was written, as written.
        signed: A signature or a name after "Signed:" (an empty "Signed:" line is not one).
        declaration: An authenticity declaration ("I can confirm...", "this is a true account").
        observed: Sentences in which the witness says what they saw the learner do.
        character: Sentences that only praise the learner's character.
        problems: What an assessor would refer it for (empty when it is sound).
    """

    document: str
    witness: str | None
    role: str | None
    relationship: str | None
    date: str | None
    signed: bool
    declaration: bool
    observed: int
    character: int
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Nothing an assessor would refer it for."""
        return not self.problems


@dataclass(frozen=True)
class RecordCheck:
    """A monitoring record or minutes (a coaching log, a one-to-one, a review): is it dated and signed?

    Attributes:
        document: The record's path.
        evidence_type: The kind of record it was classified as.
        dated: It carries a calendar date.
        signed: It carries a signature or sign-off.
        signature_expected: The unit's rules count this kind of record as evidence by its being
            there (``record_types``), so an assessor will look for a signature.
        problems: What is missing.
    """

    document: str
    evidence_type: str
    dated: bool
    signed: bool
    signature_expected: bool
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Dated, and signed where a signature is expected."""
        return not self.problems


@dataclass(frozen=True)
class Excerpt:
    """A sentence quoted as an example of a finding, with where it is."""

    document: str
    location: str
    text: str


@dataclass(frozen=True)
class ReflectiveCheck:
    """A reflective account's voice: first person, about what was done (past tense).

    Attributes:
        document: The account's path.
        sentences: Sentences with a verb that were read.
        first_person: Of those, how many have "I" or "we" as subject.
        past: First-person sentences in the past tense or present perfect ("I rewrote", "I have trialled").
        hypothetical: First-person sentences about what might be done ("I would", "I could", "I should").
        judged: Whether the parse allowed a judgement (``False`` without a dependency parser).
        examples: A few hypothetical sentences, to show the learner what to rewrite.
        problems: What an assessor would refer it for.
    """

    document: str
    sentences: int
    first_person: int
    past: int
    hypothetical: int
    judged: bool = True
    examples: tuple[Excerpt, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """First person and mostly about what was done."""
        return not self.problems


@dataclass(frozen=True)
class Authenticity:
    """Witness testimonies, records and reflective accounts of the portfolio, each judged."""

    witnesses: tuple[WitnessCheck, ...] = ()
    records: tuple[RecordCheck, ...] = ()
    reflective: tuple[ReflectiveCheck, ...] = ()

    @property
    def problems(self) -> int:
        """How many documents have something an assessor would refer."""
        checked: list[WitnessCheck | RecordCheck | ReflectiveCheck] = [*self.witnesses, *self.records,
                                                                        *self.reflective]
        return sum(bool(c.problems) for c in checked)


@dataclass(frozen=True)
class DatedMention:
    """A calendar date found in a document.

    Attributes:
        document: The document's path.
        location: Where the date is.
        text: The date as written ("17 June 2024", "17/06/2024").
        date: The date it reads as, ISO 8601 (a month alone reads as its first day).
    """

    document: str
    location: str
    text: str
    date: str


@dataclass(frozen=True)
class DocumentDates:
    """The dates of one document: the earliest and latest, and how many were found."""

    document: str
    earliest: str | None
    latest: str | None
    count: int


@dataclass(frozen=True)
class Currency:
    """When the evidence is from: the dates per document and the portfolio's span.

    Attributes:
        as_of: The day the check compared against (ISO 8601).
        max_age_years: Evidence older than this many years is flagged (``[checks] max_age_years``).
        earliest: The portfolio's earliest date (``None`` when no document has one).
        latest: Its latest date that is not in the future.
        documents: Each document's dates, in portfolio order.
        old: Documents whose latest date is older than ``max_age_years`` (one mention each: that latest date).
        future: Dates after ``as_of``.
        undated: Documents with no date in them at all.
        problems: The numbered findings (old evidence, future dates).
    """

    as_of: str
    max_age_years: int
    earliest: str | None = None
    latest: str | None = None
    documents: tuple[DocumentDates, ...] = ()
    old: tuple[DatedMention, ...] = ()
    future: tuple[DatedMention, ...] = ()
    undated: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ClaimTag:
    """An assessment-criterion reference the learner wrote on their evidence ("AC 1.2", "LO3").

    Attributes:
        document: Where it is written.
        location: Where in the document.
        text: The tag as written.
        refs: The references it names ("1.2", "LO3").
        criteria: The criteria of the unit those references map to (through the rule set's ``refs``).
    """

    document: str
    location: str
    text: str
    refs: tuple[str, ...]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ClaimFinding:
    """A criterion whose claim and support disagree.

    Attributes:
        criterion: The criterion id.
        refs: Its AC numbers.
        status: Its verdict.
        documents: For a claim without support, the documents that claim it; for support without a
            claim, the documents whose text shows it.
    """

    criterion: str
    refs: tuple[str, ...]
    status: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class ClaimedMapping:
    """The learner's own mapping of evidence to criteria, against what the text shows.

    Attributes:
        tags: Every reference found, in document order.
        unmapped: References that name no criterion of the unit ("AC 9.9").
        unsupported: Criteria claimed in a document whose text does not show them there.
        unclaimed: Criteria the text shows (met) that no document claims; only reported when the
            learner tags their evidence at all.
        problems: The numbered findings.
    """

    tags: tuple[ClaimTag, ...] = ()
    unmapped: tuple[str, ...] = ()
    unsupported: tuple[ClaimFinding, ...] = ()
    unclaimed: tuple[ClaimFinding, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PersonalDataFinding:
    """Personal data found in the evidence, shown only masked.

    Attributes:
        kind: What it is (an email address, a card number...).
        document: Where it is.
        location: Where in the document.
        masked: The value masked ("4929 •••• •••• 1234", "j•••@•••.co.uk"): never the full value.
        hint: How to redact it before the portfolio is submitted.
    """

    kind: PersonalDataKind
    document: str
    location: str
    masked: str
    hint: str


@dataclass(frozen=True)
class PersonalData:
    """Every personal-data finding of the portfolio (GDPR: anonymise before submitting)."""

    findings: tuple[PersonalDataFinding, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class DocumentTopic:
    """One document read for whether it is about the learner's work (``evidencecheck.nlp.relevance``).

    Attributes:
        document: The document's path.
        words: Words of its body.
        field_share: The share of them that are words of contact-centre, customer service or sales
            work (words other fields use as much, such as "team", count half).
        told: Sentences in which the writer tells, in the first person, of their work or team.
        judged: Whether it was judged: a document under 120 words, or of a kind known by its form
            (a rota) or declared by the unit, is not, and always counts.
        related: Whether it is about the learner's work. When false, nothing in it counted for or
            against a criterion or a mistake.
    """

    document: str
    words: int
    field_share: float
    told: int
    judged: bool
    related: bool


@dataclass(frozen=True)
class Relevance:
    """Whether each document is about the learner's work: one that is not carries no weight.

    Attributes:
        documents: Every document's figures, in portfolio order.
        unrelated: The documents that are not about the learner's work.
        problems: The numbered findings (W570, one per such document).
    """

    documents: tuple[DocumentTopic, ...] = ()
    unrelated: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Checks:
    """The report's ``checks`` section: everything an assessor checks beyond the criteria."""

    authenticity: Authenticity = field(default_factory=Authenticity)
    currency: Currency | None = None
    claimed_mapping: ClaimedMapping = field(default_factory=ClaimedMapping)
    personal_data: PersonalData = field(default_factory=PersonalData)
    relevance: Relevance = field(default_factory=Relevance)

    @property
    def flags(self) -> dict[str, int]:
        """Findings per check, as the cohort grid's columns count them."""
        currency = self.currency
        return {
            "authenticity": self.authenticity.problems,
            "currency": len(currency.problems) if currency else 0,
            "claimed_mapping": len(self.claimed_mapping.unsupported) + len(self.claimed_mapping.unclaimed),
            "personal_data": len(self.personal_data.findings),
            "relevance": len(self.relevance.unrelated),
        }
