"""Typed results of assessing a portfolio against a rule set (verdicts, with the evidence behind them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..matches import Evidence
from ..terms import Status


@dataclass(frozen=True)
class ElementResult:
    """Whether one element of a criterion or mistake was shown."""

    id: str
    text: str
    found: bool
    evidence: tuple[Evidence, ...] = ()
    near_misses: tuple[Evidence, ...] = ()  # matches in a context that does not count


@dataclass(frozen=True)
class CriterionResult:
    """The verdict on one criterion."""

    id: str
    text: str
    status: Status
    confidence: float
    reasons: tuple[str, ...]
    elements: tuple[ElementResult, ...]
    evidence: tuple[Evidence, ...]
    near_misses: tuple[Evidence, ...] = ()  # nearest sentences for elements not shown (claims, denials...)
    advice: str | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class MistakeResult:
    """Whether one common mistake was detected."""

    id: str
    text: str
    detected: bool
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    advice: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the assessment learned about one document."""

    path: str
    evidence_types: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """Everything decided about one portfolio for one unit."""

    unit_id: str
    criteria: tuple[CriterionResult, ...]
    mistakes: tuple[MistakeResult, ...]
    documents: tuple[DocumentInfo, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def criterion(self, cid: str) -> CriterionResult:
        """The result for criterion ``cid``."""
        return next(c for c in self.criteria if c.id == cid)

    def mistake(self, mid: str) -> MistakeResult:
        """The result for mistake ``mid``."""
        return next(m for m in self.mistakes if m.id == mid)


__all__ = ["Assessment", "CriterionResult", "DocumentInfo", "ElementResult", "Evidence", "MistakeResult", "Status"]
