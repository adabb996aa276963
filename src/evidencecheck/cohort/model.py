"""The typed results of a cohort batch: one :class:`LearnerResult` per learner folder.

A learner's check either produced a :class:`~evidencecheck.report.model.Report`
(even when every file was unreadable, or the folder held no evidence at all)
or failed unexpectedly, in which case ``error`` says why and ``report`` is
``None``. One learner's failure never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..report.model import DocumentEntry, Report

#: What is wrong with a learner's portfolio as a whole, beyond criterion verdicts.
Problem = Literal["check_failed", "all_unreadable", "no_evidence", "some_unreadable"]


@dataclass(frozen=True)
class Learner:
    """One learner's portfolio: a subfolder of the cohort folder.

    Attributes:
        name: The folder's name, used to label the learner everywhere.
        path: The folder.
    """

    name: str
    path: Path


@dataclass(frozen=True)
class SkippedEntry:
    """Something in the cohort folder that is not a learner's portfolio, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Cohort:
    """The learners found in a cohort folder, in sorted order, plus what was skipped."""

    root: Path
    learners: tuple[Learner, ...]
    skipped: tuple[SkippedEntry, ...] = ()


@dataclass(frozen=True)
class CriterionRef:
    """A criterion of the unit, as the cohort grid's column.

    Attributes:
        id: The criterion id (the CSV and JSON use it).
        text: The criterion's full text.
        name: Its short name, the grid's column heading.
        refs: Its AC numbers.
    """

    id: str
    text: str
    name: str = ""
    refs: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The short name people know it by (the text when there is no name)."""
        return self.name or self.text


@dataclass(frozen=True)
class LearnerResult:
    """The outcome of checking one learner.

    Attributes:
        learner: Who was checked.
        report: The learner's report, or ``None`` when the check failed.
        error: Why the check failed (``report`` is then ``None``).
    """

    learner: Learner
    report: Report | None
    error: str | None = None

    @property
    def name(self) -> str:
        """The learner's folder name."""
        return self.learner.name

    @property
    def unreadable(self) -> list[DocumentEntry]:
        """The learner's evidence files that could not be read."""
        return [d for d in self.report.documents if d.status == "error"] if self.report else []

    @property
    def problem(self) -> Problem | None:
        """What is wrong with the portfolio as a whole, or ``None``."""
        if self.report is None:
            return "check_failed"
        if not self.report.documents:
            return "no_evidence"
        unreadable = len(self.unreadable)
        if unreadable == len(self.report.documents):
            return "all_unreadable"
        return "some_unreadable" if unreadable else None

    @property
    def note(self) -> str:
        """A short human note on :attr:`problem`, e.g. ``"all files unreadable (2)"``; ``""`` if none."""
        problem = self.problem
        if problem is None:
            return ""
        if problem == "check_failed":
            return f"check failed: {self.error}"
        if problem == "no_evidence":
            return "no evidence files"
        total = len(self.report.documents) if self.report else 0
        if problem == "all_unreadable":
            return f"all files unreadable ({total})"
        return f"{len(self.unreadable)} of {total} files unreadable"

    @property
    def checked(self) -> bool:
        """True when there are verdicts: the check ran and some evidence could be read."""
        return self.report is not None and self.report.checked

    @property
    def all_met(self) -> bool:
        """True when the check succeeded and every criterion is met or waived by the assessor."""
        return self.report is not None and self.report.all_accepted


@dataclass(frozen=True)
class CohortResult:
    """Every learner's outcome, in learner (folder name) order.

    Attributes:
        cohort: The learners that were checked and what was skipped.
        unit_id: The unit checked against.
        unit_title: Its title.
        ruleset_version: The rule set's version.
        criteria: The unit's criteria in rule-set order.
        learners: One result per learner, in the order of ``cohort.learners``.
    """

    cohort: Cohort
    unit_id: str
    unit_title: str
    ruleset_version: str
    criteria: tuple[CriterionRef, ...]
    learners: tuple[LearnerResult, ...] = field(default_factory=tuple)

    @property
    def all_met(self) -> bool:
        """True when every learner was checked and met every criterion."""
        return all(r.all_met for r in self.learners)

    @property
    def skipped(self) -> tuple[SkippedEntry, ...]:
        """Entries of the cohort folder that are not learners."""
        return self.cohort.skipped
