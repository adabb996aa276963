"""Claimed mapping: the assessment criteria a learner says their evidence meets, against what it shows.

Learners tag their evidence with the criteria it is for: "AC 1.2", "A.C. 2.1", "ACs 1.1 and
1.3", "LO3", a line starting "1.4 –", or a mapping table with an AC column. Each reference
maps to criteria through the rule set's ``refs`` (a learning outcome "LO3" also maps to the
criteria numbered 3.x). A claim is **unsupported** when the document that makes it shows none
of the criteria it names (no element of any of them is shown in it, in a context that counts); a
criterion is **supported but unclaimed** when it is met but no document claims it, which is only
said when the learner tags their evidence at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..assess.model import CriterionResult
from ..matches import Matches
from ..model import Block, Portfolio
from ..rules.schema import RuleSet
from .model import ClaimedMapping, ClaimFinding, ClaimTag, Problem

_NUMBER = r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})?"
_LIST = rf"{_NUMBER}(?:\s?(?:,|&|/|and|or)\s?(?:AC\s?)?{_NUMBER})*"
_AC = re.compile(rf"\bA\.?\s?C\.?s?\s?:?\s?({_LIST})(?![\d.]\d)", re.IGNORECASE)
_LO = re.compile(r"\bLO\s?(\d{1,2})\b")
_LEADING = re.compile(rf"^\s*({_NUMBER})\s?[-\u2013\u2014:)]\s")
_TABLE_HEADER = re.compile(r"\b(?:AC|A\.C\.|criteri(?:a|on)|mapping|mapped|assessment criteria|refs?)\b", re.IGNORECASE)
_CELL_NUMBERS = re.compile(rf"(?<![\d.]){_NUMBER}(?![\d.]\d)")


def _tags(block: Block) -> Iterator[tuple[str, tuple[str, ...]]]:
    text = block.text
    for m in _AC.finditer(text):
        yield m.group(), tuple(re.findall(_NUMBER, m.group(1)))
    for m in _LO.finditer(text):
        yield m.group(), (f"LO{int(m.group(1))}",)
    if block.kind in ("paragraph", "heading", "list_item"):
        leading = _LEADING.match(text)
        if leading:
            yield leading.group().strip(), (leading.group(1),)
    if block.kind == "table_cell" and block.row != 1 and block.column_header and \
            _TABLE_HEADER.search(block.column_header) and not _AC.search(text):
        numbers = tuple(_CELL_NUMBERS.findall(text))
        if numbers and len(text) <= 60:
            yield text.strip(), numbers


def criteria_for(ref: str, ruleset: RuleSet) -> tuple[str, ...]:
    """The criteria a reference names: those whose ``refs`` hold it; for "LO3", also those numbered 3.x."""
    found = []
    for criterion in ruleset.criteria:
        refs = criterion.refs
        if ref in refs or (ref.startswith("LO") and any(r.split(".")[0] == ref[2:] for r in refs if "." in r)):
            found.append(criterion.id)
    return tuple(found)


def find_tags(portfolio: Portfolio, ruleset: RuleSet) -> list[ClaimTag]:
    """Every criterion reference written in the portfolio, mapped to the unit's criteria."""
    tags: list[ClaimTag] = []
    for document in portfolio.documents:
        for block in document.blocks:
            for text, refs in _tags(block):
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
