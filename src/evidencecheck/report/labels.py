"""How each audience reads a report's words: verdict labels, symbols and evidence contexts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Report

AUDIENCES = ("learner", "assessor")

Audience = Literal["learner", "assessor"]

# Status names as each audience reads them: learners get plain words.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "learner": {"met": "Shown", "at_risk": "Needs more", "missing": "Not shown yet"},
    "assessor": {"met": "Met", "at_risk": "At risk", "missing": "Missing"},
}
STATUS_SYMBOLS: dict[str, str] = {"met": "\u2713", "at_risk": "!", "missing": "\u2717"}
CONTEXT_LABELS = {
    "first_hand": "first-hand",
    "negated": "negated",
    "hypothetical": "hypothetical",
    "future": "future plan",
    "other_actor": "someone else",
    "generic": "general terms",
}


def status_label(status: str, audience: str = "learner") -> str:
    """The text label of a criterion status for ``audience``."""
    return STATUS_LABELS[audience].get(status, status)


def context_label(context: str) -> str:
    """A short human label for an evidence context such as ``other_actor``."""
    return CONTEXT_LABELS.get(context, context.replace("_", " "))


def check_audience(audience: str) -> None:
    """Raise ``ValueError`` unless ``audience`` is one of :data:`AUDIENCES`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience '{audience}'. Use one of: {', '.join(AUDIENCES)}.")


# The same counts as words in a sentence ("4 need more evidence").
_SUMMARY_WORDS = {
    "learner": {"met": "shown", "at_risk": "need more evidence", "missing": "not shown yet"},
    "assessor": {"met": "met", "at_risk": "at risk", "missing": "missing"},
}


def humanise(slug: str) -> str:
    """An evidence-type id as words: ``"witness-testimony"`` -> ``"witness testimony"``."""
    return slug.replace("-", " ").replace("_", " ")


def summary_line(report: Report, audience: str = "learner") -> str:
    """``1 met, 4 at risk, 0 missing (1 waived); 0 mistakes detected.`` in ``audience``'s words."""
    s = report.summary
    words = _SUMMARY_WORDS[audience]
    counts = ", ".join(f"{n} {words[k]}" for k, n in (("met", s.met), ("at_risk", s.at_risk), ("missing", s.missing)))
    if s.waived:
        counts += f" ({s.waived} waived by the assessor)"
    mistakes = f"{s.mistakes_detected} common mistake{'s' if s.mistakes_detected != 1 else ''} detected"
    if s.mistakes_waived:
        mistakes += f" ({s.mistakes_waived} waived)"
    return f"{counts}; {mistakes}."


__all__ = ["AUDIENCES", "CONTEXT_LABELS", "STATUS_LABELS", "STATUS_SYMBOLS", "Audience", "check_audience",
           "context_label", "humanise", "status_label", "summary_line"]
