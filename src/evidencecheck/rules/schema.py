"""The rule-set format: pydantic models for the YAML files in ``rules/``.

A rule set encodes one qualification unit: its criteria (examiner marking
points), the separate *elements* an assessor must see for each, how each
element can be shown (clues: phrase lists, spaCy token patterns, built-in
signals), the unit's common mistakes and how each is detected, and tests.

Models are strict (``extra="forbid"``) so a typo is an error, never a silent
no-op. Cross-references (vocabulary names, signal names, element references,
evidence types, token patterns) are checked by :mod:`evidencecheck.rules.loader`,
which also maps every error to its file and line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..terms import ContextLabel, Status

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
NonEmptyStr = Annotated[str, Field(min_length=1)]

Scope = Literal["sentence", "adjacent", "paragraph", "section", "document"]
_FIRST_HAND_ONLY: list[ContextLabel] = ["first_hand"]
CriterionStatus = Status
ElementOutcome = Literal["found", "not_found"]
MistakeOutcome = Literal["detected", "not_detected"]



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Frame(_Strict):
    """A verb and its object, in any order and inflection, linked by the parse.

    ``{verbs: [set, agree, revise], objects: ["@target"]}`` matches "I set Priya a target",
    "the targets we agreed", "targets were revised" and "target setting", but not "target"
    alone or "set" alone. Entries are single words (or ``@vocab`` lists); a phrase's head word
    is used (the last word of an object, the first of a verb). Frames need the parser: with
    ``--model blank:en`` they never match.
    """

    verbs: list[NonEmptyStr] = Field(min_length=1)
    objects: list[NonEmptyStr] = Field(min_length=1)


class Clue(_Strict):
    """One thing to look for; satisfied when *any* of its phrases, patterns, frames or signals matches.

    ``phrases`` are matched on lower-cased lemmas, so "coached", "coaching" and
    "Coaches" all match "coach" (with ``inserted_words``, multi-word phrases also
    match with a determiner, pronoun, adjective or number between their words); an entry ``@name`` pulls in the named list from
    the rule set's ``vocab`` (or the shared vocabulary). ``patterns`` are spaCy
    token patterns (lists of token dicts). ``signals`` name built-in detectors
    such as ``figure``, ``date`` or ``time_frame``. ``frames`` are verb-object pairs
    linked by the parse (:class:`Frame`), and ``dependencies`` are spaCy
    DependencyMatcher patterns for anything else the tree can say.
    """

    phrases: list[NonEmptyStr] = Field(default_factory=list)
    patterns: list[Annotated[list[dict[str, Any]], Field(min_length=1)]] = Field(default_factory=list)
    frames: list[Frame] = Field(default_factory=list)
    dependencies: list[Annotated[list[dict[str, Any]], Field(min_length=1)]] = Field(default_factory=list)
    signals: list[NonEmptyStr] = Field(default_factory=list)
    label: str | None = Field(default=None, description="A short human name used in reasons.")
    inserted_words: int = Field(
        default=0, ge=0, le=2,
        description="Words a multi-word phrase may have inserted between two of its own: with 1, "
                    "'agreed actions' also matches 'agreed two actions' and 'sign off rota' 'sign off the "
                    "rota'; only determiners, pronouns, adjectives and numbers count.")

    @model_validator(mode="after")
    def _one_way_to_match(self) -> Clue:
        if not (self.phrases or self.patterns or self.signals or self.frames or self.dependencies):
            raise ValueError("a clue needs at least one of 'phrases', 'patterns', 'frames', 'dependencies' or 'signals'")
        return self


class Element(_Strict):
    """A separate thing the assessor must see, found when its clues co-occur in one scope.

    Every clue in ``all`` must match, at least one in ``any`` (when given), and
    none in ``none``, all within the same ``scope`` (a sentence; a sentence and the one next
    to it in its paragraph, or a table row; a paragraph or table row; a section under one
    heading; or a whole document). Only matches
    whose context is in ``context`` count as found (by default first-hand:
    done by the learner, not negated, hypothetical, future or someone else's).
    """

    id: Id
    text: NonEmptyStr
    scope: Scope = "sentence"
    all: list[Clue] = Field(default_factory=list)
    any: list[Clue] = Field(default_factory=list)
    none: list[Clue] = Field(default_factory=list)
    context: list[ContextLabel] = Field(default_factory=lambda: _FIRST_HAND_ONLY.copy(), min_length=1)
    min_hits: int = Field(default=1, ge=1, le=100)
    evidence_types: list[Id] = Field(
        default_factory=list, description="Count only matches in documents of these evidence types."
    )
    concrete: bool = Field(
        default=True,
        description="Whether a first-hand mention must also be concrete (a person, figure, date or episode) "
                    "to show the element. False for knowledge an explanation shows: a regulation or a "
                    "leadership model named and explained.")
    record_types: list[Id] = Field(
        default_factory=list,
        description="A dated or signed document of one of these evidence types shows this element by being "
                    "there (the 'a record exists' elements: a coaching log, a rota, a review form).")
    kind: Literal["shown", "claim"] = Field(
        default="shown",
        description="'shown': needed for met. 'claim': found, it makes the criterion at risk rather than "
                    "missing, but it is not needed for met and can never make it met (a bare claim such as "
                    "'I always check they understand'). A criterion of claims only is at most at risk.")

    @model_validator(mode="after")
    def _has_clues(self) -> Element:
        if not (self.all or self.any or self.record_types):
            raise ValueError("an element needs clues in 'all' or 'any', or 'record_types'")
        return self


class UnitEvidenceType(_Strict):
    """A kind of evidence document a unit names for itself (a QA monitoring log, a call-listening form)."""

    description: NonEmptyStr
    names: list[NonEmptyStr] = Field(
        min_length=1,
        description="Words in a document's file name, title, headings or short first line that make it this type "
                    "('qa monitoring log', 'call listening form'); matched without regard to case.")


class UnitCue(_Strict):
    """Words that set the context of what follows (forward) or precedes (backward) them, for one unit."""

    category: Literal["negated", "hypothetical", "future", "other_actor", "generic"]
    direction: Literal["forward", "backward"] = "forward"
    phrases: list[NonEmptyStr] = Field(min_length=1)


class Advice(_Strict):
    """What to tell the learner, concretely, when the criterion is not met."""

    missing: NonEmptyStr
    at_risk: NonEmptyStr


class EvidenceExpectation(_Strict):
    """The kinds of evidence an assessor expects for a criterion."""

    types: list[Id] = Field(default_factory=list, description="Any one of these evidence types.")
    min_sources: int = Field(default=1, ge=1, le=10, description="Independent documents needed.")


class Criterion(_Strict):
    """An examiner marking point (assessment criterion)."""

    id: Id
    name: NonEmptyStr
    aliases: list[str] = Field(default_factory=list)
    text: NonEmptyStr
    refs: list[str] = Field(default_factory=list, description="AC or NOS numbers, e.g. '1.4'.")
    good_answer: NonEmptyStr = Field(description="What a good answer shows.")
    common_mistake: NonEmptyStr = Field(description="The mistake learners commonly make here.")
    advice: Advice
    evidence: EvidenceExpectation = Field(default_factory=EvidenceExpectation)
    elements: list[Element] = Field(min_length=1)


class Detection(_Strict):
    """How a mistake is detected.

    * ``presence``: detected when every element in ``present`` is found;
    * ``absence``: detected when none of the elements in ``absent`` is found
      anywhere in the portfolio;
    * ``condition``: both at once (e.g. call volume present, conversion absent).

    ``premise`` names the activity an omission is about: an absence or
    condition mistake is only detected when at least one premise element is
    found ("targets not linked to business goals" needs targets to be shown;
    without them the criterion on targets is already missing).

    References name a local element of the mistake (``volume``) or an element
    of a criterion (``smart-targets.figure``).
    """

    kind: Literal["presence", "absence", "condition"]
    present: list[NonEmptyStr] = Field(default_factory=list)
    absent: list[NonEmptyStr] = Field(default_factory=list)
    premise: list[NonEmptyStr] = Field(
        default_factory=list, description="Any one of these must be found for an omission to count.")
    outweigh: float | None = Field(
        default=None, ge=1.0, le=100.0,
        description="For a condition: what is present must be shown this many times as often as what "
                    "should balance it, so one stray mention ('we also look at conversion') does not clear "
                    "the mistake. Without it, any mention clears it.")

    @model_validator(mode="after")
    def _fits_kind(self) -> Detection:
        need = {"presence": (True, False), "absence": (False, True), "condition": (True, True)}[self.kind]
        if bool(self.present) != need[0] or bool(self.absent) != need[1]:
            wanted = {"presence": "'present' only", "absence": "'absent' only",
                      "condition": "both 'present' and 'absent'"}[self.kind]
            raise ValueError(f"detection kind '{self.kind}' needs {wanted}")
        if self.premise and self.kind == "presence":
            raise ValueError("a 'premise' only applies to absence and condition mistakes")
        return self


class Mistake(_Strict):
    """A well-known reason portfolios are referred."""

    id: Id
    name: NonEmptyStr
    text: NonEmptyStr
    advice: NonEmptyStr
    refs: list[str] = Field(default_factory=list)
    detect: Detection
    elements: list[Element] = Field(default_factory=list)


class TestDocument(_Strict):
    """One document of a multi-document rule test."""

    text: NonEmptyStr
    types: list[Id] = Field(default_factory=list)
    name: str | None = None


class RuleTest(_Strict):
    """A rule test: a short text (or documents) and the outcomes expected.

    ``expect`` maps ids to outcomes: a criterion id to met/at_risk/missing,
    ``criterion.element`` or ``mistake.element`` to found/not_found, and a
    mistake id to detected/not_detected.
    """

    __test__ = False  # not a pytest class

    name: Id
    text: str | None = None
    types: list[Id] = Field(default_factory=list, description="Evidence types of the text's document.")
    documents: list[TestDocument] = Field(default_factory=list)
    expect: dict[str, Literal["met", "at_risk", "missing", "found", "not_found", "detected", "not_detected"]] = Field(min_length=1)
    todo: str | None = Field(
        default=None,
        description="Why this case does not pass yet (an expected failure, like Semgrep's todoruleid): "
                    "it is reported as TODO, not failed, until it passes; then 'rules test' says to remove 'todo'.")

    @model_validator(mode="after")
    def _has_text(self) -> RuleTest:
        if bool(self.text) == bool(self.documents):
            raise ValueError("a rule test needs exactly one of 'text' or 'documents'")
        return self


class Source(_Strict):
    """Where the rule set comes from."""

    seed: str | None = None
    unit: str | None = Field(default=None, description="Awarding-body unit, e.g. 'Ofqual H/601/1568'.")
    ofqual_unit: str | None = Field(default=None, pattern=r"^[A-Z]/\d{3}/\d{4}$",
                                    description="Ofqual unit reference number, e.g. 'H/601/1568'.")
    awarding_body: str | None = Field(default=None, description="Whose version of the unit this encodes, e.g. 'City & Guilds'.")
    qualification: str | None = Field(default=None, description="The qualification that carries it, e.g. 'Level 3 NVQ Diploma in Contact Centre Operations (3412)'.")
    standard: str | None = Field(default=None, description="National Occupational Standard, e.g. 'CFACSD11'.")
    notes: str | None = None


class RuleSet(_Strict):
    """One qualification unit's rules."""

    id: Id
    title: NonEmptyStr
    version: NonEmptyStr
    source: Source = Field(default_factory=Source)
    description: str | None = None
    vocab: dict[Id, Annotated[list[NonEmptyStr], Field(min_length=1)]] = Field(default_factory=dict)
    evidence_types: dict[Id, UnitEvidenceType] = Field(
        default_factory=dict,
        description="Evidence types of this unit's own, usable wherever a built-in type is "
                    "(evidence: types, evidence_types, record_types, rule tests).")
    context_cues: list[UnitCue] = Field(
        default_factory=list,
        description="Context cues of this unit's own, added to the built-in ones "
                    "('the QA team' as other_actor: 'the QA team scored the calls' is not the learner's work).")
    criteria: list[Criterion] = Field(min_length=1)
    mistakes: list[Mistake] = Field(default_factory=list)
    tests: list[RuleTest] = Field(default_factory=list)

    def criterion(self, cid: str) -> Criterion:
        """Return the criterion with id ``cid``."""
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)


class Vocabulary(_Strict):
    """A shared vocabulary file (``rules/_shared.yaml``): named phrase lists for every unit."""

    vocab: dict[Id, Annotated[list[NonEmptyStr], Field(min_length=1)]]
