"""The report: the public JSON contract (schema_version "3") as pydantic models.

Every other format (terminal, HTML, Markdown, CSV, DOCX) is a view of a
:class:`Report`. Field names and shapes follow ``report-contract.md``;
additional fields (``advice``, ``refs``, ``context``, ``warnings``) are
optional extras that tools may ignore.

Schema version 2 kept every field of version 1 and added: ``checked`` and
``problem`` (nothing could be read, so there are no verdicts), ``learner``,
the unit's ``ofqual_unit``, ``awarding_body`` and ``qualification``, each
criterion's and mistake's ``name`` and ``waiver`` (an assessor's reviewed
decision, which never changes ``status`` or ``detected``), and the summary's
``waived`` and ``mistakes_waived``. A version 1 report reads as version 2 with
those fields at their defaults (:func:`evidencecheck.report.diff.load_report`).

Schema version 3 keeps every field of version 2 and adds ``checks``: the assessor-grade
evidence checks (authenticity, currency, claimed mapping, personal data, relevance), whose
shapes are the dataclasses of :mod:`evidencecheck.checks.model`. It is ``null`` when nothing was
checked, and a version 1 or 2 report reads with ``checks`` null. ``checks.relevance`` was added
within version 3 (an optional field, so reports written before it still validate and read, as
no document left out). Personal data is never in a
report in full: every string of a report is masked before it is returned
(:func:`evidencecheck.report.redact.redact_report`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..checks.model import Checks

SCHEMA_VERSION: Literal["3"] = "3"
#: Versions :func:`evidencecheck.report.diff.load_report` reads.
READABLE_VERSIONS = ("1", "2", "3")


_AC_NUMBER = re.compile(r"\d+(\.\d+)*")


def refs_label(refs: list[str]) -> str:
    """Assessment-criterion references as people write them: ``"AC 1.2, 1.4; LO1"``."""
    numbers = [r for r in refs if _AC_NUMBER.fullmatch(r)]
    others = [r for r in refs if not _AC_NUMBER.fullmatch(r)]
    return "; ".join(([f"AC {', '.join(numbers)}"] if numbers else []) + others)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolInfo(_Model):
    name: Literal["evidencecheck"] = "evidencecheck"
    version: str


class UnitInfo(_Model):
    id: str
    title: str
    ruleset_version: str
    ofqual_unit: str | None = None
    awarding_body: str | None = None
    qualification: str | None = None

    @property
    def source_line(self) -> str:
        """Which body's version of which unit, for which qualification; ``""`` when the rule set does not say."""
        parts = []
        if self.ofqual_unit and self.awarding_body:
            parts.append(f"{self.awarding_body} version of Ofqual unit {self.ofqual_unit}")
        elif self.ofqual_unit:
            parts.append(f"Ofqual unit {self.ofqual_unit}")
        elif self.awarding_body:
            parts.append(f"{self.awarding_body} version")
        if self.qualification:
            parts.append(f"for the {self.qualification}")
        return " ".join(parts)


class Waiver(_Model):
    """An assessor's reviewed decision on one finding, from a settings file.

    A waiver never changes the finding: the criterion keeps its ``status`` and
    the mistake its ``detected``; the report shows both.
    """

    reason: str = Field(min_length=1)
    by: str | None = None
    date: str | None = None
    source: str | None = None

    @property
    def line(self) -> str:
        """``Waived by J. Okafor on 2025-03-12: reason (evidencecheck.toml:12)``, as assessors read it."""
        return self.describe(with_source=True)

    def describe(self, *, with_source: bool = False) -> str:
        """Who waived it, when and why; with ``with_source``, also the ``file:line`` it is written at."""
        who = f" by {self.by}" if self.by else ""
        when = f" on {self.date}" if self.date else ""
        where = f" ({self.source})" if self.source and with_source else ""
        return f"Waived{who}{when}: {self.reason}{where}"


class DocumentEntry(_Model):
    path: str
    format: str
    status: Literal["ok", "error"]
    error: str | None = None
    words: int = 0
    evidence_types: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class EvidenceEntry(_Model):
    document: str
    location: str
    quote: str
    matched: list[str]
    context: str = "first_hand"


class ElementEntry(_Model):
    text: str
    found: bool
    id: str | None = None


class CriterionEntry(_Model):
    id: str
    name: str | None = None
    text: str
    status: Literal["met", "at_risk", "missing"]
    confidence: float = Field(ge=0.0, le=1.0)
    reasons: list[str]
    elements: list[ElementEntry]
    evidence: list[EvidenceEntry]
    near_misses: list[EvidenceEntry] = Field(default_factory=list)
    advice: str | None = None
    refs: list[str] = Field(default_factory=list)
    waiver: Waiver | None = None

    @property
    def label(self) -> str:
        """The criterion as a learner reads it: its name (or text) and AC numbers, never its id."""
        name = self.name or self.text
        return f"{name} ({refs_label(self.refs)})" if self.refs else name

    @property
    def accepted(self) -> bool:
        """Met, or waived by an assessor."""
        return self.status == "met" or self.waiver is not None


class MistakeEntry(_Model):
    id: str
    name: str | None = None
    text: str
    detected: bool
    reasons: list[str]
    evidence: list[EvidenceEntry]
    advice: str | None = None
    waiver: Waiver | None = None

    @property
    def outstanding(self) -> bool:
        """Detected and not waived: the learner still has to fix it."""
        return self.detected and self.waiver is None


class Summary(_Model):
    met: int
    at_risk: int
    missing: int
    mistakes_detected: int
    waived: int = 0
    mistakes_waived: int = 0


class Report(_Model):
    """A portfolio's report for one unit."""

    schema_version: Literal["3"] = SCHEMA_VERSION
    tool: ToolInfo
    unit: UnitInfo
    learner: str | None = None
    checked: bool = True
    problem: str | None = None
    documents: list[DocumentEntry]
    criteria: list[CriterionEntry]
    mistakes: list[MistakeEntry]
    summary: Summary
    warnings: list[str] = Field(default_factory=list)
    checks: Checks | None = None
    # Shingle hashes of each document, for the cohort's copied-passage check; never written to JSON.
    _fingerprints: dict[str, frozenset[int]] = PrivateAttr(default_factory=dict)

    @property
    def fingerprints(self) -> dict[str, frozenset[int]]:
        """Each document's shingle hashes (:mod:`evidencecheck.checks.copying`); empty for a report read from JSON."""
        return self._fingerprints

    def __eq__(self, other: object) -> bool:
        # the fingerprints travel with a report but are not part of it: a report read back from its
        # JSON equals the one that was written
        if not isinstance(other, Report):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def with_fingerprints(self, fingerprints: dict[str, frozenset[int]]) -> Report:
        """This report carrying ``fingerprints`` (they travel with it to a cohort batch, never into a file)."""
        self._fingerprints = dict(fingerprints)
        return self

    @property
    def all_met(self) -> bool:
        """True when every criterion is met (waivers aside)."""
        return self.checked and all(c.status == "met" for c in self.criteria)

    @property
    def all_accepted(self) -> bool:
        """True when evidence was read and every criterion is met or waived by an assessor."""
        return self.checked and all(c.accepted for c in self.criteria)
