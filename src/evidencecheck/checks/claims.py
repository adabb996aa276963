"""Claimed mapping: the assessment criteria a learner says their evidence meets, against what it shows.

Learners tag their evidence with the criteria it is for (:mod:`evidencecheck.rules.refs`: "AC
1.2", "LO3", a mapping table with an AC column). A claim is **unsupported** when the document that
makes it shows none of the criteria it names (no element of any of them is shown in it, in a
context that counts); a criterion is **supported but unclaimed** when it is met but no document
claims it, which is only said when the learner tags their evidence at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..assess.model import CriterionResult
from ..matches import Matches
from ..model import Portfolio
from ..rules.refs import block_tags, criteria_for
from ..rules.schema import RuleSet
from .model import ClaimedMapping, ClaimFinding, ClaimTag, Problem


def find_tags(portfolio: Portfolio, ruleset: RuleSet) -> list[ClaimTag]:
    """Every criterion reference written in the portfolio, mapped to the unit's criteria."""
    tags: list[ClaimTag] = []
    for document in portfolio.documents:
        for block in document.blocks:
            for text, refs in block_tags(block):
                criteria = tuple(dict.fromkeys(c for r in refs for c in criteria_for(r, ruleset)))
                tags.append(ClaimTag(document.path, block.location, text, refs, criteria))
    return tags


def shown_in(matches: Matches, criteria: Iterable[str]) -> dict[str, set[str]]:
    """For each criterion, the documents that show at least one of its elements in a context that counts."""
    ids = set(criteria)
    found: dict[str, set[str]] = {cid: set() for cid in ids}
    for ref, element in matches.elements.items():
        owner = ref.partition(".")[0]
        if owner in ids:
            found[owner].update(matches.documents[o.doc_index].path for o in element.accepted)
    return found


def check_claims(portfolio: Portfolio, ruleset: RuleSet, criteria: Sequence[CriterionResult],
                 shown: Mapping[str, set[str]]) -> ClaimedMapping:
    """Compare the learner's own mapping with what the text shows (``shown``, from :func:`shown_in`) and the verdicts."""
    tags = find_tags(portfolio, ruleset)
    if not tags:
        return ClaimedMapping()
    shown_in = {c.id: set(shown.get(c.id, ())) for c in criteria}
    results = {c.id: c for c in criteria}
    unmapped = tuple(dict.fromkeys(r for t in tags for r in t.refs if not criteria_for(r, ruleset)))
    claimed_by: dict[str, list[str]] = {}
    unsupported: dict[str, list[str]] = {}
    for tag in tags:
        for cid in tag.criteria:
            claimed_by.setdefault(cid, []).append(tag.document)
        if tag.criteria and not any(tag.document in shown_in.get(cid, set()) for cid in tag.criteria):
            for cid in tag.criteria:
                unsupported.setdefault(cid, []).append(tag.document)

    def finding(cid: str, documents: Iterable[str]) -> ClaimFinding:
        c = results[cid]
        return ClaimFinding(cid, tuple(c.refs), c.status, tuple(dict.fromkeys(documents)))

    unsupported_findings = tuple(finding(c.id, unsupported[c.id]) for c in criteria if c.id in unsupported)
    unclaimed_findings = tuple(finding(c.id, sorted(shown_in[c.id])) for c in criteria
                               if c.status == "met" and c.id not in claimed_by)
    problems = [Problem.of("W551", paths=", ".join(f.documents), criterion=_label(f)) for f in unsupported_findings]
    problems += [Problem.of("W552", paths=", ".join(f.documents), criterion=_label(f)) for f in unclaimed_findings]
    if unmapped:
        problems.append(Problem.of("W553", refs=", ".join(unmapped), unit=ruleset.id))
    return ClaimedMapping(tuple(tags), unmapped, unsupported_findings, unclaimed_findings, tuple(problems))


def _label(f: ClaimFinding) -> str:
    refs = f", AC {', '.join(f.refs)}" if f.refs else ""
    return f"criterion '{f.criterion}'{refs}"


__all__ = ["check_claims", "criteria_for", "find_tags", "shown_in"]
