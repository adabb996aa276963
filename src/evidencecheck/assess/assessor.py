"""Decide each criterion (met / at_risk / missing) and each mistake from element matches.

A criterion is *met* when every element is shown first-hand (and the evidence
it expects, in type and number of sources, is there; elements of kind ``claim``
are not needed and never make it met); *at_risk* when some
elements are shown, or are shown only in a context that does not count
(negated, hypothetical, generic, future, someone else's), or the expected
evidence is missing; *missing* otherwise. Mistakes are detected by presence,
absence across the portfolio, or both (a condition).

Everything here reads plain :class:`~evidencecheck.matches.Matches` data: no spaCy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from ..matches import ElementMatch, Evidence, Matches, Occurrence
from ..model import Portfolio
from ..rules.schema import Criterion, Mistake
from ..terms import CONTEXT_WORDS, Status
from .model import CriterionResult, ElementResult, MistakeResult

MAX_EVIDENCE = 3
MIN_MENTIONS = 2  # sentences that mention a criterion without first-hand detail before it is at risk
SNIPPET_BLOCKS = 12  # a text of fewer paragraphs is a snippet: everything in it is deliberately on topic


def element_result(match: ElementMatch) -> ElementResult:
    """Typed result of one element match, with its first quotes and near misses."""
    return ElementResult(
        id=match.id,
        text=match.text,
        found=match.found,
        evidence=tuple(o.evidence for o in match.accepted[:MAX_EVIDENCE]),
        near_misses=tuple(o.evidence for o in match.rejected[:MAX_EVIDENCE]),
    )


def criterion_element(match: ElementMatch, *, detailed_only: bool = False) -> tuple[ElementResult, tuple[Occurrence, ...]]:
    """An element of a criterion: shown only where a first-hand occurrence is also concrete.

    An assessor needs each element shown concretely (a person, a figure, a date, an episode,
    a record). First-hand sentences with none of these are claims: they are returned
    separately and read as partial evidence, never as the element shown.

    With ``detailed_only`` a told event without a person, figure or date ("I talked to the team
    about it") is a claim too: so it is read beside a denial of the same activity.

    Returns:
        The element's result and its first-hand claims.
    """
    concrete = tuple(o for o in match.accepted if _concrete(o, detailed_only))
    claims = tuple(o for o in match.accepted if not _concrete(o, detailed_only))
    result = ElementResult(
        id=match.id,
        text=match.text,
        found=len(concrete) >= match.min_hits,
        evidence=tuple(o.evidence for o in concrete[:MAX_EVIDENCE]),
        near_misses=tuple(o.evidence for o in (claims + match.rejected)[:MAX_EVIDENCE]),
    )
    return result, claims


def _concrete(o: Occurrence, detailed_only: bool = False) -> bool:
    return o.detailed if detailed_only else o.concrete


QUOTE_ROUNDS = 2
QUOTE_LIMIT = 3  # an assessor points at one to three sentences


def _mentions(quote: str, words: set[str], phrases: Mapping[str, list[tuple[str, frozenset[str]]]]) -> set[str]:
    """Which of ``words`` (of letters and digits) and ``phrases`` (others, "one-to-one", by their
    first word, with all their words) appear in ``quote`` as whole words: a criterion has hundreds
    of matched words, a quote holds few, so the quote's words are looked up."""
    text = quote.lower()
    own = set(_WORD.findall(text))
    found = words & own
    found.update(p for word in own for p, its in phrases.get(word, ()) if its <= own and _whole_word(p).search(text))
    return found


def _by_first_word(phrases: set[str]) -> dict[str, list[tuple[str, frozenset[str]]]]:
    index: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for p in phrases:
        its = _WORD.findall(p)
        if its:
            index[its[0]].append((p, frozenset(its)))
    return index


def _simple(word: str) -> bool:
    """Whether ``word`` is letters and digits only (one ``\\w+`` run)."""
    return word.isalnum() or _WORD.fullmatch(word) is not None


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def criterion_quotes(matches: list[ElementMatch], rounds: int = QUOTE_ROUNDS,
                     limit: int = QUOTE_LIMIT, *, detailed_only: bool = False,
                     tagged: AbstractSet[tuple[int, int]] = frozenset()) -> list[Evidence]:
    """The sentences to quote for a criterion: at most ``limit``, the one most about it first.

    Candidates are the concrete first-hand sentences of the criterion's elements (for a shown
    sentence-scope element, also those its clues make with the sentence beside them). A sentence
    shows an element when it was found for it or holds words matched for it elsewhere ("I put
    Sam on the complaints queue because she has the most experience" shows both the allocation
    and the skills behind it). Each round covers every shown element once. The first quote is the
    sentence most about the criterion (the most of its matched words); the others are taken from
    the same document where it shows an element still to cover (an assessor points at the
    passage that tells the piece of work, not at one line from each file). Within those bounds a
    passage the learner tagged with the criterion (``tagged``: its blocks, by document and block
    index; "AC 2.1") comes first, then the one most about the criterion, then the one showing
    the most elements not yet covered, then the earliest.
    """
    found: dict[tuple[str, str], Evidence] = {}
    marked: set[tuple[str, str]] = set()  # in a passage tagged with the criterion
    for m in matches:
        for o in _quotable(m):
            if _concrete(o, detailed_only):
                found.setdefault((o.evidence.document, o.evidence.quote), o.evidence)
                if (o.doc_index, o.block_index) in tagged:
                    marked.add((o.evidence.document, o.evidence.quote))
    if not found:
        return []
    words = [{w.lower() for o in _quotable(m) for w in o.evidence.matched if w.strip()} for m in matches]
    shown = [i for i, m in enumerate(matches) if any(_concrete(o, detailed_only) for o in _quotable(m))]
    covers: dict[tuple[str, str], set[int]] = {k: set() for k in found}
    for i, m in enumerate(matches):
        for o in _quotable(m):
            if _concrete(o, detailed_only):
                covers[(o.evidence.document, o.evidence.quote)].add(i)
    centrality: dict[tuple[str, str], int] = {}
    every_word = set().union(*words)
    phrases = {w for w in every_word if not _simple(w)}
    every_word -= phrases
    by_first = _by_first_word(phrases)
    for key, ev in found.items():
        said = _mentions(ev.quote, every_word, by_first)
        covers[key] |= {i for i in shown if words[i] & said}
        centrality[key] = len(said)
    order = {k: n for n, k in enumerate(found)}
    chosen: list[tuple[str, str]] = []
    for _ in range(rounds):
        left = [k for k in found if k not in chosen]
        need = set().union(*(covers[k] for k in left)) if left else set()
        while need and len(chosen) < limit:
            first_document = chosen[0][0] if chosen else None
            key = max((k for k in left if k not in chosen and covers[k] & need),
                      key=lambda k: (first_document in (None, k[0]), k in marked, centrality[k],
                                     len(covers[k] & need), -order[k]))
            chosen.append(key)
            need -= covers[key]
    return [found[k] for k in chosen]


def _quotable(match: ElementMatch) -> tuple[Occurrence, ...]:
    """The occurrences a criterion may quote for an element: ``nearby`` when matching gave it."""
    return match.nearby or match.accepted


def _shown_concretely(match: ElementMatch) -> bool:
    """Whether the good practice a mistake lacks is shown as something done: concretely, and by
    more than how often it is said to happen ("we hold one-to-ones monthly" claims a routine)."""
    return sum(_done(o) for o in match.accepted) >= match.min_hits


def _done(o: Occurrence) -> bool:
    return o.concrete and not o.habitual


def _denied(match: ElementMatch) -> bool:
    """Whether the portfolio explicitly says this element's activity did not happen."""
    return any(o.context == "negated" for o in match.rejected)


def _reason_quote(element: ElementResult, quotes: Sequence[Evidence]) -> Evidence:
    """The sentence a reason cites for a found element: the first of the criterion's quotes that is
    one of the element's, else one in the same place as a quote, else the element's first, so that
    reasons and quotes point at the same sentences."""
    own = {(e.document, e.quote): e for e in element.evidence}
    for q in quotes:
        if (q.document, q.quote) in own:
            return own[(q.document, q.quote)]
    at = {(q.document, q.location) for q in quotes}
    return next((e for e in element.evidence if (e.document, e.location) in at), element.evidence[0])


def _where(ev: Evidence) -> str:
    return f"{ev.document}, {ev.location}"


def _short(quote: str, n: int = 140) -> str:
    return quote if len(quote) <= n else quote[: n - 1].rstrip() + "\u2026"


def assess_criterion(
    criterion: Criterion,
    matches: list[ElementMatch],
    doc_types: Mapping[int, tuple[str, ...]],
    unreadable: list[str],
    *,
    whole_portfolio: bool = True,
    tagged: AbstractSet[tuple[int, int]] = frozenset(),
) -> CriterionResult:
    """The verdict on one criterion from its element matches.

    Args:
        criterion: The criterion's rules.
        matches: One match per element, in the criterion's order.
        doc_types: Evidence types of each document, by index.
        unreadable: Files and pages that could not be read (they turn missing into at risk).
        whole_portfolio: Whether the text is a portfolio rather than a snippet of a few lines; in
            a portfolio one sentence that only mentions the criterion is a passing mention.
        tagged: The blocks (document index, block index) the learner tagged with this criterion
            ("AC 2.1"): quoted before untagged ones.
    """
    # An explicit denial of the activity ("there hasn't been a briefing since Christmas") is
    # outweighed only by a sentence with a person, a figure or a date: beside it, claims and told
    # events with no such detail ("I talked to the team about it") do not count as shown.
    denied = any(_denied(m) for m in matches)
    detailed_only = denied and not any(o.detailed for m in matches for o in m.accepted)
    judged = [criterion_element(m, detailed_only=detailed_only) for m in matches]
    elements = [el for el, _ in judged]
    # evidence shows an element first-hand and concretely; the nearest sentences that do not
    # (a claim, a denial, a hypothetical) are kept apart, labelled, never offered as evidence
    # a claim is never evidence: its sentence is listed with the near misses
    evidence = criterion_quotes([m for m, rule in zip(matches, criterion.elements) if rule.kind != "claim"],
                                detailed_only=detailed_only, tagged=tagged)
    reasons: list[str] = []
    for m, (el, claims), rule in zip(matches, judged, criterion.elements):
        if el.found and rule.kind == "claim":
            ev = el.evidence[0]
            reasons.append(f"Said: {el.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}). This is a claim: "
                           "it counts as partial evidence and cannot make the criterion met on its own.")
        elif el.found:
            ev = _reason_quote(el, evidence)
            reasons.append(f"Shown: {el.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        elif claims:
            ev = claims[0].evidence
            lacks = "person, figure or date, and the portfolio also says it did not happen" if detailed_only \
                else "person, figure, date or event"
            reasons.append(
                f"Claimed but not shown concretely: {el.text}. The sentence names no {lacks}: "
                f"\u201c{_short(ev.quote)}\u201d ({_where(ev)})."
            )
        elif el.near_misses:
            ev = el.near_misses[0]
            cue = f" (\u201c{ev.cue}\u201d)" if ev.cue else ""
            reasons.append(
                f"Not shown first-hand: {el.text}. The nearest sentence {CONTEXT_WORDS[ev.context]}{cue}: "
                f"\u201c{_short(ev.quote)}\u201d ({_where(ev)})."
            )
        elif m.accepted:
            shown = sum(_concrete(o, detailed_only) for o in m.accepted)
            reasons.append(f"Shown too rarely: {el.text} (found {shown}, needs {m.min_hits}).")
        else:
            reasons.append(f"Not shown: {el.text}.")
    # a 'claim' element counts toward at risk (it is relevant first-hand talk) but never toward met
    needed = [el for el, rule in zip(elements, criterion.elements) if rule.kind != "claim"]
    n_found = sum(e.found for e in needed)
    # Something relevant makes a criterion at risk rather than missing: a first-hand occurrence of any
    # element, or generic, hypothetical, planned or someone else's talk about it. A denial outweighs
    # all of these when nothing with a person, figure or date is shown: "we haven't had reviews this
    # year" beside a line on what reviews should achieve, or beside "I hold regular reviews", stays missing.
    first_hand = any(m.accepted for m in matches)
    talk = any(o.context != "negated" for m in matches for o in m.rejected)
    shown_concretely = any(_concrete(o, detailed_only) for m in matches for o in m.accepted)
    any_partial = (first_hand or talk) and (not denied or shown_concretely)
    overruled = denied and not shown_concretely and (first_hand or talk)
    passing = False
    if whole_portfolio and any_partial and not n_found and not shown_concretely:
        # one sentence that only mentions the activity, with no first-hand detail anywhere, is a
        # passing mention, not something relevant: an assessor reads it as nothing shown
        mentions = {(o.doc_index, o.evidence.quote) for m in matches for o in m.accepted + m.rejected
                    if o.context != "negated"}
        passing = len(mentions) < MIN_MENTIONS
        any_partial = not passing
    support_docs = {o.doc_index for m in matches for o in m.accepted if _concrete(o, detailed_only)}
    status: Status
    if passing:
        status = "missing"
        reasons.append("Only a passing mention: one sentence names this, with nothing first-hand "
                       "and concrete, which an assessor reads as not shown.")
    elif needed and n_found == len(needed):
        status = "met"
        exp = criterion.evidence
        if len(support_docs) < exp.min_sources:
            status = "at_risk"
            reasons.append(
                f"Only {len(support_docs)} document(s) show this; an assessor expects at least "
                f"{exp.min_sources} independent sources."
            )
        if exp.types:
            types = {t for d in support_docs for t in doc_types.get(d, ())}
            if not types & set(exp.types):
                status = "at_risk"
                reasons.append(
                    "None of the documents showing this is of the kind expected ("
                    + ", ".join(t.replace("-", " ") for t in exp.types) + ")."
                )
    elif n_found or any_partial or any(e.found for e in elements):
        status = "at_risk"
    else:
        status = "missing"
        if overruled:
            reasons.append("Said not to happen: the portfolio denies this, and nothing first-hand and "
                           "concrete shows it happening, so what else it says does not count.")
    if status == "missing" and unreadable:
        status = "at_risk"
        reasons.append("Some evidence could not be read (" + "; ".join(unreadable[:5]) + "): it may show this.")
    strength = [min(1.0, len(el.evidence) / (2 * m.min_hits))
                for m, el, rule in zip(matches, elements, criterion.elements) if rule.kind != "claim"] or [0.0]
    if status == "met":
        confidence = 0.6 + 0.4 * sum(strength) / len(strength)
    elif status == "missing":
        confidence = 0.9
    else:
        confidence = 0.5 + 0.4 * abs(n_found / max(1, len(needed)) - 0.5)
    seen = {(ev.document, ev.quote) for ev in evidence}
    near: list[Evidence] = []
    for el, rule in zip(elements, criterion.elements):
        for ev in el.evidence[:1] if rule.kind == "claim" else () if el.evidence else el.near_misses[:1]:
            if (ev.document, ev.quote) not in seen:
                seen.add((ev.document, ev.quote))
                near.append(ev)
    advice = None if status == "met" else (criterion.advice.missing if status == "missing" else criterion.advice.at_risk)
    return CriterionResult(
        id=criterion.id, text=criterion.text, status=status, confidence=round(confidence, 2),
        reasons=tuple(reasons), elements=tuple(elements), evidence=tuple(evidence), near_misses=tuple(near),
        advice=advice,
        refs=tuple(criterion.refs),
    )


def assess_mistake(mistake: Mistake, resolve: Mapping[str, ElementMatch],
                   doc_types: Mapping[int, tuple[str, ...]] | None = None) -> MistakeResult:
    """Whether ``mistake`` is detected, from the element matches it refers to (by reference).

    When what should balance the mistake is a property of a document (an element of ``scope:
    document``: "a record that is signed and dated"), documents are compared: the mistake holds
    when a record showing what is present (a document of the present elements' record types, or
    of no known type, by ``doc_types``) does not show it, however often other documents do.
    """
    present = [resolve[r] for r in mistake.detect.present]
    absent = [resolve[r] for r in mistake.detect.absent]
    premise = [resolve[r] for r in mistake.detect.premise]
    # an explicit denial of the good practice ("we haven't held one-to-ones") is about the activity too
    denied = any(o.context == "negated" for m in absent for o in m.rejected)
    premise_shown = not premise or denied or any(m.found for m in premise)
    # as for a criterion, the good practice is shown only concretely: a claim ("I always coach
    # my team"), or a routine said to happen with only how often ("we have one-to-ones every
    # month"), does not clear the mistake of never doing it
    balanced = any(_shown_concretely(m) for m in absent)
    ratio = mistake.detect.outweigh
    outweighed = ""
    if balanced and ratio and present and all(m.found for m in present):
        # weigh what the portfolio is about: a stray mention does not balance a habit, and what
        # balances it counts only where it is shown done (not claimed, not a routine said)
        shown = min(len(m.accepted) for m in present)
        against = sum(_done(o) for m in absent for o in m.accepted)
        balanced = against * ratio > shown
        if not balanced:
            outweighed = (f"Outweighed: {' and '.join(m.text for m in present)} is shown {_times(shown)}, "
                          f"{' or '.join(m.text for m in absent if m.found)} only {_times(against)}; "
                          f"it needs at least one in {ratio:g} to balance.")
    lacking = _records_lacking(present, absent, doc_types or {})
    if lacking:
        balanced = False
    elif lacking is not None:
        balanced = True
    detected = premise_shown and all(m.found for m in present) and not balanced
    reasons: list[str] = []
    evidence: list[Evidence] = []
    if not premise_shown:
        reasons.append("Not applicable: the portfolio does not show "
                       + " or ".join(m.text for m in premise) + ", which this mistake is about.")
    for m in present:
        if m.found:
            ev = m.accepted[0].evidence
            evidence.append(ev)
            reasons.append(f"Found: {m.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        else:
            reasons.append(f"Not found: {m.text}.")
    for m in absent:
        if _shown_concretely(m):
            ev = next(o for o in m.accepted if _done(o)).evidence
            reasons.append(f"Shown: {m.text} \u2014 \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
        elif any(o.habitual for o in m.accepted):
            ev = next(o for o in m.accepted if o.habitual).evidence
            evidence.append(ev)
            reasons.append(f"Said to happen, with only how often: {m.text} \u2014 \u201c{_short(ev.quote)}\u201d "
                           f"({_where(ev)}). A routine with no person, figure, date or episode does not show it done.")
        elif m.found:
            ev = m.accepted[0].evidence
            evidence.append(ev)
            reasons.append(f"Claimed but not shown concretely: {m.text} \u2014 \u201c{_short(ev.quote)}\u201d "
                           f"({_where(ev)}).")
        else:
            reasons.append(f"Nowhere in the portfolio: {m.text}.")
            for o in m.rejected[:2]:
                ev = o.evidence
                evidence.append(ev)
                reasons.append(f"The portfolio {CONTEXT_WORDS[ev.context]}: \u201c{_short(ev.quote)}\u201d ({_where(ev)}).")
    if outweighed and detected and lacking is None:
        reasons.append(outweighed)
    if lacking and detected:
        reasons.append("Not in every record: " + " or ".join(m.text for m in absent) + " is not shown in "
                       + ", ".join(sorted(lacking)) + ".")
    return MistakeResult(
        id=mistake.id, text=mistake.text, detected=detected, reasons=tuple(reasons),
        evidence=tuple(evidence[:MAX_EVIDENCE]), advice=mistake.advice if detected else None,
    )


def _records_lacking(present: list[ElementMatch], absent: list[ElementMatch],
                     doc_types: Mapping[int, tuple[str, ...]]) -> set[str] | None:
    """The records showing ``present`` that lack a document-level ``absent`` element, by path
    (``None`` when the mistake is not about documents, or no record shows what is present)."""
    if not present or not any(m.per_document for m in absent):
        return None
    kinds = {t for m in present for t in m.record_types} | {"other"}
    records = {o.doc_index: o.evidence.document for m in present for o in m.accepted
               if (doc_types.get(o.doc_index) or ("other",))[0] in kinds}
    if not records:
        return None
    shown = {o.doc_index for m in absent for o in m.accepted}
    return {path for index, path in records.items() if index not in shown}


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def unreadable_parts(portfolio: Portfolio) -> list[str]:
    """Human descriptions of files and pages that could not be read."""
    parts = [f"{f.path} ({f.code})" for f in portfolio.failures]
    for d in portfolio.documents:
        if d.unreadable_pages:
            parts.append(f"{d.path} page(s) {', '.join(map(str, d.unreadable_pages))}")
    return parts


def resolve_mistake(mistake: Mistake, matches: Matches) -> dict[str, ElementMatch]:
    """The element matches a mistake's detection names: its own elements, else criteria elements."""
    local = {e.id: matches.element(f"{mistake.id}.{e.id}") for e in mistake.elements}
    refs = [*mistake.detect.present, *mistake.detect.absent, *mistake.detect.premise]
    return {r: local.get(r) or matches.element(r) for r in refs}


__all__ = ["MAX_EVIDENCE", "assess_criterion", "assess_mistake", "criterion_element", "element_result",
           "resolve_mistake",
           "unreadable_parts"]
