"""Build the :class:`~evidencecheck.report.model.Report` from an assessment."""

from __future__ import annotations

from .._version import __version__
from ..assess.model import Assessment
from ..matches import Evidence
from ..model import Portfolio
from ..rules.schema import RuleSet
from .model import (
    CriterionEntry,
    DocumentEntry,
    ElementEntry,
    EvidenceEntry,
    MistakeEntry,
    Report,
    Summary,
    ToolInfo,
    UnitInfo,
)


def _evidence(ev: Evidence) -> EvidenceEntry:
    return EvidenceEntry(document=ev.document, location=ev.location, quote=ev.quote,
                         matched=list(ev.matched), context=ev.context)


def build_report(ruleset: RuleSet, portfolio: Portfolio, assessment: Assessment) -> Report:
    """Assemble the contract-shaped report of ``assessment``."""
    types = {d.path: list(d.evidence_types) for d in assessment.documents}
    documents = [
        DocumentEntry(path=d.path, format=d.format, status="ok", words=d.words,
                      evidence_types=types.get(d.path, []), warnings=list(d.warnings))
        for d in portfolio.documents
    ] + [
        DocumentEntry(path=f.path, format=f.format or "unknown", status="error", error=_numbered(f.code, f.message))
        for f in portfolio.failures
    ]
    criteria = [
        CriterionEntry(
            id=c.id, text=c.text, status=c.status, confidence=c.confidence, reasons=list(c.reasons),
            elements=[ElementEntry(id=e.id, text=e.text, found=e.found) for e in c.elements],
            evidence=[_evidence(e) for e in c.evidence], advice=c.advice, refs=list(c.refs),
        )
        for c in assessment.criteria
    ]
    mistakes = [
        MistakeEntry(id=m.id, text=m.text, detected=m.detected, reasons=list(m.reasons),
                     evidence=[_evidence(e) for e in m.evidence], advice=m.advice)
        for m in assessment.mistakes
    ]
    summary = Summary(
        met=sum(c.status == "met" for c in criteria),
        at_risk=sum(c.status == "at_risk" for c in criteria),
        missing=sum(c.status == "missing" for c in criteria),
        mistakes_detected=sum(m.detected for m in mistakes),
    )
    return Report(
        tool=ToolInfo(version=__version__),
        unit=UnitInfo(id=ruleset.id, title=ruleset.title, ruleset_version=ruleset.version),
        documents=documents, criteria=criteria, mistakes=mistakes, summary=summary,
        warnings=list(assessment.warnings) + [f"Skipped {s.path}: {s.reason}" for s in portfolio.skipped],
    )


def _numbered(code: str, message: str) -> str:
    """The failure's message with its code first, exactly once."""
    return message if message.startswith(f"{code} ") else f"{code} {message}"
