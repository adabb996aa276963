"""Build the :class:`~evidencecheck.report.model.Report` from an assessment."""

from __future__ import annotations

from .._version import __version__
from ..assess.model import Assessment
from ..checks.model import Checks
from ..errors import message
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

#: How many skipped files the "no evidence files" message names before "and N more".
_NAMED_SKIPPED = 3


def _evidence(ev: Evidence) -> EvidenceEntry:
    return EvidenceEntry(document=ev.document, location=ev.location, quote=ev.quote,
                         matched=list(ev.matched), context=ev.context)


def unit_info(ruleset: RuleSet) -> UnitInfo:
    """The report's ``unit``: id, title, version and whose version of which unit it is."""
    source = ruleset.source
    return UnitInfo(id=ruleset.id, title=ruleset.title, ruleset_version=ruleset.version,
                    ofqual_unit=source.ofqual_unit, awarding_body=source.awarding_body,
                    qualification=source.qualification)


def nothing_checked(portfolio: Portfolio) -> str | None:
    """The numbered message (E306, E307) when no evidence could be read, else ``None``."""
    if portfolio.documents:
        return None
    if not portfolio.failures:
        skipped = ""
        if portfolio.skipped:
            names = ", ".join(f"{s.path} ({s.reason})" for s in portfolio.skipped[:_NAMED_SKIPPED])
            more = len(portfolio.skipped) - _NAMED_SKIPPED
            skipped = f" Skipped: {names}{f' and {more} more' if more > 0 else ''}."
        return message("E306", where="the portfolio", skipped=skipped)
    count = len(portfolio.failures)
    # An old Word file is the usual case; name the fix when it is there.
    example = " (for example, save the .doc as .docx)" if any(
        f.path.lower().endswith(".doc") for f in portfolio.failures) else ""
    if count == 1:
        return message("E307", what="the evidence file could not be read", which="it", example=example)
    return message("E307", what=f"none of the {count} evidence files could be read", which="each one",
                   example=example)


def build_report(ruleset: RuleSet, portfolio: Portfolio, assessment: Assessment, *,
                 learner: str | None = None, checks: Checks | None = None) -> Report:
    """Assemble the contract-shaped report of ``assessment``.

    When no evidence could be read, the report says so (``checked`` false,
    ``problem`` the numbered message) and holds no verdicts: every criterion
    keeps the status the contract needs ("missing" for an empty folder, "at
    risk" when files could not be read, since they may hold the evidence) with
    that one reason and no confidence, and no mistake is detected, since the
    absence of something in files nobody could read shows nothing.

    ``checks`` (:func:`evidencecheck.checks.run_checks`) becomes the report's ``checks``
    section; it is left out when nothing could be read.
    """
    problem = nothing_checked(portfolio)
    types = {d.path: list(d.evidence_types) for d in assessment.documents}
    documents = [
        DocumentEntry(path=d.path, format=d.format, status="ok", words=d.words,
                      evidence_types=types.get(d.path, []), warnings=list(d.warnings))
        for d in portfolio.documents
    ] + [
        DocumentEntry(path=f.path, format=f.format or "unknown", status="error", error=_numbered(f.code, f.message))
        for f in portfolio.failures
    ]
    names = {c.id: c.name for c in ruleset.criteria}
    criteria = [
        CriterionEntry(
            id=c.id, name=names.get(c.id), text=c.text, status=c.status, confidence=c.confidence,
            reasons=list(c.reasons), elements=[ElementEntry(id=e.id, text=e.text, found=e.found) for e in c.elements],
            evidence=[_evidence(e) for e in c.evidence], near_misses=[_evidence(e) for e in c.near_misses],
            advice=c.advice, refs=list(c.refs),
        )
        for c in assessment.criteria
    ]
    mistake_names = {m.id: m.name for m in ruleset.mistakes}
    mistakes = [
        MistakeEntry(id=m.id, name=mistake_names.get(m.id), text=m.text, detected=m.detected,
                     reasons=list(m.reasons), evidence=[_evidence(e) for e in m.evidence], advice=m.advice)
        for m in assessment.mistakes
    ]
    warnings = list(assessment.warnings)
    if problem:
        criteria = [c.model_copy(update={"confidence": 0.0, "reasons": [problem],
                                         "evidence": [], "elements": [e.model_copy(update={"found": False})
                                                                      for e in c.elements]})
                    for c in criteria]
        mistakes = [m.model_copy(update={"detected": False, "reasons": [], "evidence": []}) for m in mistakes]
        warnings = []  # they are about evidence that is not there (variety, witness testimony...)
    return Report(
        tool=ToolInfo(version=__version__), unit=unit_info(ruleset), learner=learner,
        checked=problem is None, problem=problem,
        documents=documents, criteria=criteria, mistakes=mistakes, summary=summarise(criteria, mistakes),
        warnings=warnings + [f"Skipped {s.path}: {s.reason}" for s in portfolio.skipped],
        checks=None if problem else checks,
    )


def summarise(criteria: list[CriterionEntry], mistakes: list[MistakeEntry]) -> Summary:
    """The counts of a report's criteria and mistakes, waivers included."""
    return Summary(
        met=sum(c.status == "met" for c in criteria),
        at_risk=sum(c.status == "at_risk" for c in criteria),
        missing=sum(c.status == "missing" for c in criteria),
        mistakes_detected=sum(m.detected for m in mistakes),
        waived=sum(c.waiver is not None and c.status != "met" for c in criteria),
        mistakes_waived=sum(m.waiver is not None and m.detected for m in mistakes),
    )


def _numbered(code: str, message: str) -> str:
    """The failure's message with its code first, exactly once."""
    return message if message.startswith(f"{code} ") else f"{code} {message}"
