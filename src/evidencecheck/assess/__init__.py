"""Judge a portfolio's matches against a rule set: :class:`~evidencecheck.matches.Matches` -> verdicts.

This step imports no spaCy: it reads the plain data matching produced
(:func:`evidencecheck.nlp.match.match_portfolio`), so every verdict rule can be
tested with matches built by hand.
"""

from __future__ import annotations

from ..matches import Matches
from ..model import Portfolio
from ..rules.refs import tagged_blocks
from ..rules.schema import RuleSet
from .assessor import (
    SNIPPET_BLOCKS,
    assess_criterion,
    assess_mistake,
    element_result,
    resolve_mistake,
    unreadable_parts,
)
from .model import Assessment, DocumentInfo, ElementResult
from .warnings import portfolio_warnings

__all__ = ["assess", "element_outcome", "element_result"]


def assess(ruleset: RuleSet, matches: Matches, portfolio: Portfolio) -> Assessment:
    """Decide every criterion and mistake of ``ruleset`` from ``matches``.

    Args:
        ruleset: The unit's rules.
        matches: What matching found in the portfolio for this rule set.
        portfolio: The portfolio itself (for unreadable files and pages).

    Returns:
        The verdict on every criterion and mistake, in rule-set order.
    """
    unreadable = unreadable_parts(portfolio)
    doc_types = {i: d.evidence_types for i, d in enumerate(matches.documents)}
    # a document not about the learner's work is not part of the evidence, here either
    unrelated = {d.path for d in matches.documents if not d.related}
    whole = sum(len(d.blocks) for d in portfolio.documents if d.path not in unrelated) >= SNIPPET_BLOCKS
    tagged = tagged_blocks(portfolio, ruleset)
    criteria = tuple(
        assess_criterion(c, [matches.element(f"{c.id}.{e.id}") for e in c.elements], doc_types, unreadable,
                         whole_portfolio=whole, tagged=tagged.get(c.id, frozenset()))
        for c in ruleset.criteria
    )
    mistakes = tuple(assess_mistake(m, resolve_mistake(m, matches), doc_types) for m in ruleset.mistakes)
    documents = tuple(DocumentInfo(d.path, d.evidence_types) for d in matches.documents)
    return Assessment(ruleset.id, criteria, mistakes, documents, tuple(portfolio_warnings(matches, portfolio)))


def element_outcome(matches: Matches, ref: str) -> ElementResult:
    """The typed result of element ``ref`` (``owner-id.element-id``)."""
    return element_result(matches.element(ref))
