"""Decide each criterion (met / at_risk / missing) and each mistake from element matches.

A criterion is *met* when every element is shown first-hand (and the evidence
it expects, in type and number of sources, is there); *at_risk* when some
elements are shown, or are shown only in a context that does not count
(negated, hypothetical, generic, future, someone else's), or the expected
evidence is missing; *missing* otherwise. Mistakes are detected by presence,
absence across the portfolio, or both (a condition).
"""

from __future__ import annotations

from ..model import Portfolio
from ..nlp.matcher import ElementMatch, PortfolioMatches, UnitHit
from ..nlp.normalise import sentence_of
from ..rules.schema import Criterion, Mistake, RuleSet
from .model import CriterionResult, ElementResult, Evidence, MistakeResult

QUOTE_CHARS = 320
MAX_EVIDENCE = 3
CONTEXT_WORDS = {
    "negated": "says it was not done",
    "hypothetical": "is written as what would or should be done, not what was done",
    "generic": "is written in general terms",
    "future": "is written as a plan for the future",
    "other_actor": "describes someone else doing it",
    "first_hand": "is first-hand",
}


def evidence_of(unit: UnitHit, doc_paths: list[str]) -> Evidence:
    """Quote the sentence of ``unit``'s anchor exactly, with its location."""
    hit = unit.anchor
    block = hit.block
    sent = sentence_of(block.doc, hit.start)
    start_char, end_char = sent.start_char, sent.end_char
    if end_char - start_char > QUOTE_CHARS:
        centre = block.doc[hit.start].idx
        last = block.doc[hit.end - 1]
        anchor_end = last.idx + len(last.text)
        start_char = max(start_char, centre - QUOTE_CHARS // 2)
        end_char = min(end_char, start_char + QUOTE_CHARS)
        text = block.doc.text
        # trim to whole words, never past the matched words themselves
        while start_char > sent.start_char and start_char < centre and not text[start_char - 1].isspace():
            start_char += 1
        while end_char < sent.end_char and end_char > anchor_end and not text[end_char].isspace():
            end_char -= 1
    quote = block.quote(start_char, end_char).strip()
    matched: list[str] = []
    for h in [hit, *unit.hits]:
        if h.text not in matched:
            matched.append(h.text)
    return Evidence(
        document=doc_paths[block.doc_index],
        location=block.block.location,
        quote=quote,
        matched=tuple(matched[:8]),
        context=unit.context.label,
        cue=unit.context.cue,
    )


def element_result(match: ElementMatch, doc_paths: list[str]) -> ElementResult:
    """Typed result of one element match."""
    return ElementResult(
        id=match.ref.element.id,
        text=match.ref.element.text,
        found=match.found,
        evidence=tuple(evidence_of(u, doc_paths) for u in match.accepted[:MAX_EVIDENCE]),
        near_misses=tuple(evidence_of(u, doc_paths) for u in match.rejected[:MAX_EVIDENCE]),
    )


def _where(ev: Evidence) -> str:
    return f"{ev.document}, {ev.location}"


def _short(quote: str, n: int = 140) -> str:
    return quote if len(quote) <= n else quote[: n - 1].rstrip() + "\u2026"


def assess_criterion(
    criterion: Criterion,
    matches: list[ElementMatch],
    pm: PortfolioMatches,
    doc_paths: list[str],
    unreadable: list[str],
) -> CriterionResult:
    """The verdict on one criterion from its element matches."""
    elements = [element_result(m, doc_paths) for m in matches]
    reasons: list[str] = []
    for m, el in zip(matches, elements):
        if el.found:
            ev = el.evidence[0]
            reasons.append(f"Shown: {el.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        elif el.near_misses:
            ev = el.near_misses[0]
            cue = f" (\u201c{ev.cue}\u201d)" if ev.cue else ""
            reasons.append(
                f"Not shown first-hand: {el.text}. The nearest sentence {CONTEXT_WORDS[ev.context]}{cue}: "
                f"\u201c{_short(ev.quote)}\u201d ({_where(ev)})."
            )
        elif m.accepted:
            reasons.append(f"Shown too rarely: {el.text} (found {len(m.accepted)}, needs {m.ref.element.min_hits}).")
        else:
            reasons.append(f"Not shown: {el.text}.")
    n_found = sum(e.found for e in elements)
    # a portfolio that says something was not done shows nothing relevant: that stays missing
    any_partial = any(m.accepted or any(u.context.label != "negated" for u in m.rejected) for m in matches)
    support_docs = {u.anchor.block.doc_index for m in matches for u in m.accepted}
    if n_found == len(elements):
        status = "met"
        exp = criterion.evidence
        if len(support_docs) < exp.min_sources:
            status = "at_risk"
            reasons.append(
                f"Only {len(support_docs)} document(s) show this; an assessor expects at least "
                f"{exp.min_sources} independent sources."
            )
        if exp.types:
            types = {t for d in support_docs for t in pm.doc_types.get(d, ())}
            if not types & set(exp.types):
                status = "at_risk"
                reasons.append(
                    "None of the documents showing this is of the kind expected ("
                    + ", ".join(t.replace("-", " ") for t in exp.types) + ")."
                )
    elif n_found or any_partial:
        status = "at_risk"
    else:
        status = "missing"
    if status == "missing" and unreadable:
        status = "at_risk"
        reasons.append("Some evidence could not be read (" + "; ".join(unreadable[:5]) + "): it may show this.")
    strength = [min(1.0, len(m.accepted) / (2 * m.ref.element.min_hits)) for m in matches]
    if status == "met":
        confidence = 0.6 + 0.4 * sum(strength) / len(strength)
    elif status == "missing":
        confidence = 0.9
    else:
        confidence = 0.5 + 0.4 * abs(n_found / len(elements) - 0.5)
    evidence: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    for el in elements:
        for ev in el.evidence[:2] or el.near_misses[:1]:
            if (ev.document, ev.quote) not in seen:
                seen.add((ev.document, ev.quote))
                evidence.append(ev)
    advice = None if status == "met" else (criterion.advice.missing if status == "missing" else criterion.advice.at_risk)
    return CriterionResult(
        id=criterion.id, text=criterion.text, status=status, confidence=round(confidence, 2),
        reasons=tuple(reasons), elements=tuple(elements), evidence=tuple(evidence), advice=advice,
        refs=tuple(criterion.refs),
    )


def assess_mistake(
    mistake: Mistake, resolve: dict[str, ElementMatch], doc_paths: list[str]
) -> MistakeResult:
    """Whether ``mistake`` is detected, from the element matches it refers to."""
    present = [resolve[r] for r in mistake.detect.present]
    absent = [resolve[r] for r in mistake.detect.absent]
    detected = all(m.found for m in present) and not any(m.found for m in absent)
    reasons: list[str] = []
    evidence: list[Evidence] = []
    for m in present:
        if m.found:
            ev = evidence_of(m.accepted[0], doc_paths)
            evidence.append(ev)
            reasons.append(f"Found: {m.ref.element.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        else:
            reasons.append(f"Not found: {m.ref.element.text}.")
    for m in absent:
        if m.found:
            ev = evidence_of(m.accepted[0], doc_paths)
            reasons.append(f"Shown: {m.ref.element.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        else:
            reasons.append(f"Nowhere in the portfolio: {m.ref.element.text}.")
            for u in m.rejected[:2]:
                ev = evidence_of(u, doc_paths)
                evidence.append(ev)
                reasons.append(f"The portfolio {CONTEXT_WORDS[ev.context]}: \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
    return MistakeResult(
        id=mistake.id, text=mistake.text, detected=detected, reasons=tuple(reasons),
        evidence=tuple(evidence[:MAX_EVIDENCE]), advice=mistake.advice if detected else None,
    )


def unreadable_parts(portfolio: Portfolio) -> list[str]:
    """Human descriptions of files and pages that could not be read."""
    parts = [f"{f.path} ({f.code})" for f in portfolio.failures]
    for d in portfolio.documents:
        if d.unreadable_pages:
            parts.append(f"{d.path} page(s) {', '.join(map(str, d.unreadable_pages))}")
    return parts
