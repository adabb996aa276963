"""Portfolio-level warnings: what an assessor would say about the evidence as a whole."""

from __future__ import annotations

from ..matches import Matches
from ..model import Portfolio

_MONITORING = {"kpi-report", "one-to-one-record", "coaching-log", "appraisal"}


def portfolio_warnings(matches: Matches, portfolio: Portfolio) -> list[str]:
    """Variety of evidence, a missing witness testimony, and monitoring records not signed or dated."""
    warnings: list[str] = []
    if not portfolio.documents:
        return ["No evidence could be read, so nothing could be checked."]
    # a document not about the learner's work adds no variety (and is named by the checks, W570)
    related = [d for d in matches.documents if d.related]
    unrelated = {d.path for d in matches.documents if not d.related}
    kinds = {t for d in related for t in d.evidence_types if t != "other"}
    if sum(d.path not in unrelated for d in portfolio.documents) > 1 and len(kinds) < 2:
        warnings.append("The evidence is all of one kind; assessors expect a variety "
                        "(e.g. reflective account, witness testimony, records, reports).")
    if "witness-testimony" not in kinds:
        warnings.append("There is no witness testimony; one from your line manager helps confirm your practice.")
    for doc in related:
        if not set(doc.evidence_types) & _MONITORING:
            continue
        if not (doc.signed and doc.dated):
            missing = " and ".join(w for w, ok in (("signed", doc.signed), ("dated", doc.dated)) if not ok)
            warnings.append(f"{doc.path} looks like a monitoring record but is not {missing}.")
    return warnings
