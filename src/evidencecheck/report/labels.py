"""How each audience reads a report's words: verdict labels, symbols and evidence contexts."""

from __future__ import annotations

from typing import Literal

from ..terms import STATUSES

AUDIENCES = ("learner", "assessor")

Audience = Literal["learner", "assessor"]

# Status names as each audience reads them: learners get plain words.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "learner": dict(zip(STATUSES, ("Shown", "Needs more", "Not shown yet"))),
    "assessor": dict(zip(STATUSES, ("Met", "At risk", "Missing"))),
}
STATUS_SYMBOLS = dict(zip(STATUSES, ("\u2713", "!", "\u2717")))
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


__all__ = ["AUDIENCES", "CONTEXT_LABELS", "STATUS_LABELS", "STATUS_SYMBOLS", "Audience", "check_audience",
           "context_label", "status_label"]
