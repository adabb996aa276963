"""Assessor-grade evidence checks: authenticity, currency, claimed mapping, personal data, relevance.

Assessors refer portfolios for reasons beyond coverage (real-units.md, "why evidence gets
referred"). Each check lives in its own module as a pure function over the parsed
portfolio and what matching and judging found; none of them changes a criterion's or a
mistake's verdict (relevance reports what matching decided: a document not about the learner's
work was left out of matching). :func:`run_checks` runs them all for the report's ``checks`` section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..assess.model import CriterionResult
from ..matches import Matches
from ..model import Portfolio
from ..rules.schema import RuleSet
from ..voice import SentenceVoice
from .authenticity import check_authenticity, voiced_paths, witness_paths
from .claims import check_claims, shown_in
from .currency import DEFAULT_MAX_AGE_YEARS, check_currency
from .model import Checks
from .personal_data import find_personal_data, mask_text
from .relevance import check_relevance


def record_types(ruleset: RuleSet) -> frozenset[str]:
    """The evidence types the unit's rules take as evidence by their being there (a record)."""
    elements = [e for c in ruleset.criteria for e in c.elements] + [e for m in ruleset.mistakes for e in m.elements]
    return frozenset(t for e in elements for t in e.record_types)


def run_checks(portfolio: Portfolio, ruleset: RuleSet, matches: Matches,
               criteria: Sequence[CriterionResult], voices: Iterable[SentenceVoice] = (), *,
               as_of: dt.date | None = None, max_age_years: int = DEFAULT_MAX_AGE_YEARS) -> Checks:
    """Every evidence check of ``portfolio``.

    Args:
        portfolio: The parsed documents.
        ruleset: The unit's rules (its ``refs`` and ``record_types``).
        matches: What matching found: each document's facts, and where each element is shown.
        criteria: The verdicts (claimed mapping compares against them).
        voices: The parser's sentence voices of the reflective accounts and witness testimonies.
        as_of: The day currency is judged on (today when omitted).
        max_age_years: Evidence older than this is flagged.
    """
    return Checks(
        authenticity=check_authenticity(portfolio, matches.documents, voices, record_types=record_types(ruleset)),
        currency=check_currency(portfolio, as_of=as_of, max_age_years=max_age_years),
        claimed_mapping=check_claims(portfolio, ruleset, criteria, shown_in(matches, (c.id for c in criteria))),
        personal_data=find_personal_data(portfolio, witness_documents=witness_paths(portfolio, matches.documents)),
        relevance=check_relevance(matches.documents),
    )


__all__ = ["DEFAULT_MAX_AGE_YEARS", "Checks", "mask_text", "record_types", "run_checks", "voiced_paths"]
