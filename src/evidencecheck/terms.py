"""The words every layer shares: verdicts, contexts and exit codes, defined once.

Rule files, the engine, the report contract and every view spell these the
same way because they import them from here.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final, Literal, get_args

Status = Literal["met", "at_risk", "missing"]
"""A criterion's verdict."""

ContextLabel = Literal["first_hand", "negated", "hypothetical", "future", "other_actor", "generic"]
"""How a matched sentence relates to the learner's own practice."""

STATUSES: Final[tuple[Status, ...]] = get_args(Status)
CONTEXT_LABELS: Final[tuple[ContextLabel, ...]] = get_args(ContextLabel)
FIRST_HAND: Final[ContextLabel] = "first_hand"

#: Human words for each verdict, as the views print them.
STATUS_LABELS: Final[dict[Status, str]] = {"met": "met", "at_risk": "at risk", "missing": "missing"}

#: What each non-first-hand context means, completing "The nearest sentence ...".
CONTEXT_WORDS: Final[dict[ContextLabel, str]] = {
    "negated": "says it was not done",
    "hypothetical": "is written as what would or should be done, not what was done",
    "generic": "is written in general terms",
    "future": "is written as a plan for the future",
    "other_actor": "describes someone else doing it",
    "first_hand": "is first-hand",
}


class ExitCode(IntEnum):
    """Exit statuses of the command line, like a linter's."""

    OK = 0
    """Every criterion met (or ``--exit-zero``)."""
    FINDINGS = 1
    """Some criterion is at risk or missing."""
    USAGE = 2
    """A usage error, an unusable rule set or nothing that could be checked."""


__all__ = ["CONTEXT_LABELS", "CONTEXT_WORDS", "FIRST_HAND", "STATUSES", "STATUS_LABELS", "ContextLabel",
           "ExitCode", "Status"]
