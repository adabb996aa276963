"""Why each element and criterion came out as it did, for rule authors (``rules explain``, ``rules try``).

The portfolio is matched once, exactly as for a verdict; the explanation then
reads the same clue hits: for each element, the scope unit (sentence,
paragraph, section, document) where most of its clues came together, which
clue matched which words (and through which ``@list`` entry), which clue
failed, the context the anchor got and the cue that set it, and the verdict
rule that decided the criterion. Nothing here changes a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .assess import assess
from .assess.model import Assessment, CriterionResult
from .matches import ElementMatch, Matches, Occurrence
from .model import Portfolio
from .nlp.compile import Hit
from .nlp.match import PortfolioMatches, TypeOverrides, matches_of, portfolio_matches
from .nlp.pipeline import DEFAULT_MODEL
from .rules.addresses import ElementRef, iter_clues
from .rules.schema import Clue, Mistake, RuleSet
from .terms import CONTEXT_WORDS

#: how many matched words each clue lists
MAX_WORDS = 4
# how a scope unit is named in a sentence ("never in this pair of sentences")
SCOPE_WORDS = {"adjacent": "pair of adjacent sentences"}


def scope_words(scope: str) -> str:
    """The scope as it reads in a sentence: ``paragraph``, ``pair of adjacent sentences``."""
    return SCOPE_WORDS.get(scope, scope)


@dataclass(frozen=True)
class ClueFinding:
    """One clue of an element, as found (or not) in the element's best scope unit.

    Attributes:
        group: ``all``, ``any`` or ``none``.
        label: The clue as written (``@coach``, ``signal figure``...).
        matched: What matched in the unit: ``'coached' (coach, from @coach)``.
        elsewhere: How many times the clue matched anywhere in the portfolio.
        ok: Whether the clue does its job in the unit (an ``all`` clue matched, a ``none`` clue did not).
    """

    group: str
    label: str
    matched: tuple[str, ...]
    elsewhere: int
    ok: bool

    def line(self, scope: str) -> str:
        """One human line: ``ok all @coach: 'coached' (coach, from @coach)``."""
        if self.group == "none":
            if self.ok:
                return f"ok   none {self.label}: not in this {scope}"
            return f"BLOCK none {self.label}: {', '.join(self.matched)} rules this {scope} out"
        if self.matched:
            return f"ok   {self.group} {self.label}: {', '.join(self.matched)}"
        where = (f"matched {self.elsewhere} time(s) elsewhere, never in this {scope}" if self.elsewhere
                 else "matched nowhere in the text")
        tag = "FAIL" if self.group == "all" else "miss"
        return f"{tag} {self.group} {self.label}: {where}"


@dataclass(frozen=True)
class ElementExplanation:
    """Why one element was found or not.

    Attributes:
        ref: ``owner-id.element-id``.
        text: The element's text.
        scope: The scope its clues must share.
        found: Whether the criterion counts it as shown.
        where: The scope unit explained (``evidence.txt, paragraph 2``), or ``None`` when no clue matched.
        clues: Every clue, in file order.
        outcome: The deciding reason: shown, a claim with no detail, the context and its cue, a failed clue.
        claim: The element is of kind ``claim`` (found, it earns at most at risk).
    """

    ref: str
    text: str
    scope: str
    found: bool
    where: str | None
    clues: tuple[ClueFinding, ...]
    outcome: str
    claim: bool = False

    @property
    def failed_clues(self) -> tuple[ClueFinding, ...]:
        """The clues that kept the element from being found in the unit explained."""
        out = tuple(c for c in self.clues if not c.ok and c.group in ("all", "none"))
        any_clues = [c for c in self.clues if c.group == "any"]
        if any_clues and not any(c.matched for c in any_clues):
            out += tuple(any_clues)
        return out


@dataclass(frozen=True)
class CriterionExplanation:
    """Why a criterion came out met, at risk or missing.

    Attributes:
        id: The criterion id.
        name: Its name.
        status: The verdict.
        rule: The combining rule that decided it, in words.
        reasons: The assessor's reasons, as in the report.
        elements: Each element's explanation.
    """

    id: str
    name: str
    status: str
    rule: str
    reasons: tuple[str, ...]
    elements: tuple[ElementExplanation, ...]


@dataclass(frozen=True)
class MistakeExplanation:
    """Why a mistake was detected or not.

    Attributes:
        id: The mistake id.
        name: Its name.
        detected: Whether it was detected.
        rule: The detection rule, in words.
        reasons: The assessor's reasons, as in the report.
        elements: The mistake's own elements, explained (criterion elements it names are
            explained under their criterion).
    """

    id: str
    name: str
    detected: bool
    rule: str
    reasons: tuple[str, ...]
    elements: tuple[ElementExplanation, ...]


@dataclass(frozen=True)
class Explanation:
    """The explanation of every criterion (and mistake) of a unit for one portfolio."""

    unit_id: str
    criteria: tuple[CriterionExplanation, ...]
    assessment: Assessment
    matches: Matches
    mistakes: tuple[MistakeExplanation, ...] = ()


def _clue_label(clue: Clue) -> str:
    if clue.label:
        return clue.label
    bits = [*clue.phrases[:3]] + (["\u2026"] if len(clue.phrases) > 3 else [])
    bits += [f"pattern {n + 1}" for n in range(len(clue.patterns))]
    bits += [f"frame {'/'.join(f.verbs[:2])}+{'/'.join(f.objects[:2])}" for f in clue.frames]
    bits += [f"dependency pattern {n + 1}" for n in range(len(clue.dependencies))]
    bits += [f"signal {s}" for s in clue.signals]
    return "[" + ", ".join(bits) + "]"


def _word(pm: PortfolioMatches, clue: Clue, hit: Hit) -> str:
    """``'coached' (coach, from @coach)``: the words and the rule text that matched them."""
    kind, _, rest = hit.part_id.rpartition(".")[2].partition("[")
    n = int(rest.rstrip("]"))
    if kind == "phrases":
        entry = pm.compiled.phrase_entry(hit)
        written = clue.phrases[n]
        via = f"{entry}, from {written}" if written.startswith("@") and entry else (entry or written)
    elif kind == "signals":
        via = f"signal {clue.signals[n]}"
    elif kind == "frames":
        via = f"frame {n + 1}"
    else:
        via = f"{kind[:-1]} {n + 1}"
    kind_of_block = hit.block.block.kind
    where = (" in the heading above" if kind_of_block == "heading"
             else " in the table's header row" if hit.block.is_header_row else "")
    return f"\u2018{hit.text}\u2019 ({via}){where}"


def _location(pm: PortfolioMatches, hits: Sequence[Hit]) -> str | None:
    body = [h for h in hits if h.block.block.kind != "heading" and not h.block.is_header_row] or list(hits)
    if not body:
        return None
    return f"{pm.doc_paths[body[0].block.doc_index]}, {body[0].block.block.location}"


def explain_element(pm: PortfolioMatches, ref: ElementRef, match: ElementMatch, found: bool,
                    *, of_mistake: bool = False) -> ElementExplanation:
    """Explain one element from the portfolio's clue hits and its match (``of_mistake``: a mistake's
    own element, found in an accepted context without needing concrete detail)."""
    el = ref.element
    clues = list(iter_clues(ref))
    units = pm.scope_units(ref)

    def score(by_clue: Mapping[str, list[Hit]]) -> tuple[int, int, int]:
        have_all = sum(1 for g, cid, _ in clues if g == "all" and by_clue.get(cid))
        have_any = int(any(by_clue.get(cid) for g, cid, _ in clues if g == "any"))
        blocked = sum(1 for g, cid, _ in clues if g == "none" and by_clue.get(cid))
        return (have_all + have_any - blocked, -blocked, len(by_clue))

    shown = (match.accepted or match.rejected)
    best: Mapping[str, list[Hit]] = {}
    if shown:
        # explain the unit behind the first quote, so the explanation and the report agree
        want = shown[0]
        for by_clue in units.values():
            if any(h.block.doc_index == want.doc_index and h.block.block.index == want.block_index
                   for hs in by_clue.values() for h in hs):
                best = by_clue
                break
    if not best and units:
        best = max(units.values(), key=score)
    findings = []
    for group, clue_id, clue in clues:
        here = best.get(clue_id, [])
        words = tuple(dict.fromkeys(_word(pm, clue, h) for h in here))[:MAX_WORDS]
        ok = not here if group == "none" else bool(here)
        findings.append(ClueFinding(group, _clue_label(clue), words, len(pm.by_clue.get(clue_id, ())), ok))
    where = _location(pm, [h for hs in best.values() for h in hs])
    return ElementExplanation(match.ref, el.text, el.scope, found, where, tuple(findings),
                              _outcome(match, found, tuple(findings), scope_words(el.scope), el.kind == "claim", of_mistake),
                              el.kind == "claim")


def _outcome(match: ElementMatch, found: bool, findings: tuple[ClueFinding, ...], scope: str,
             claim: bool = False, of_mistake: bool = False) -> str:
    concrete = [o for o in match.accepted if o.concrete]
    if found and of_mistake:
        return f"found ({len(match.accepted)} time(s)): \u201c{_short(match.accepted[0])}\u201d"
    if found and claim:
        return (f"said first-hand (a claim: it makes the criterion at risk rather than missing, never met): "
                f"\u201c{_short(concrete[0] if concrete else match.accepted[0])}\u201d")
    if found:
        return f"shown first-hand and concretely: \u201c{_short(concrete[0] if concrete else match.accepted[0])}\u201d"
    if concrete:
        return f"shown {len(concrete)} time(s); needs {match.min_hits}"
    if match.accepted:
        return ("a claim: first-hand, but the sentence names no person, figure, date or episode: "
                f"\u201c{_short(match.accepted[0])}\u201d")
    if match.rejected:
        o = match.rejected[0]
        cue = f" (cue \u201c{o.evidence.cue}\u201d)" if o.evidence.cue else ""
        return f"context {o.context}: the sentence {CONTEXT_WORDS[o.context]}{cue}: \u201c{_short(o)}\u201d"
    failed = [c for c in findings if not c.ok and c.group in ("all", "none")]
    if not any(c.matched for c in findings):
        return "no clue matched"
    if failed:
        return f"clue {failed[0].label} ({failed[0].group}) failed in this {scope}"
    return f"no clue of 'any' matched in the same {scope}"


def _short(o: Occurrence, n: int = 110) -> str:
    q = o.evidence.quote
    return q if len(q) <= n else q[: n - 1].rstrip() + "\u2026"


def combining_rule(result: CriterionResult, n_elements: int, claims: frozenset[str] = frozenset()) -> str:
    """The rule that turned the element findings into the verdict, in words.

    Args:
        result: The criterion's result.
        n_elements: How many elements are needed for met (not counting claims).
        claims: Ids of the criterion's claim elements (they never count toward met).
    """
    n_found = sum(e.found for e in result.elements if e.id not in claims)
    if not n_elements:
        return (f"{result.status.replace('_', ' ')}: every element is a claim, so this criterion is at most at "
                "risk (at risk when a claim is found, else missing)")
    if result.status == "met":
        return f"met: all {n_elements} elements shown first-hand and concretely, with the evidence expected"
    if result.status == "missing":
        return ("missing: no element shown, and nothing relevant said first-hand or in another context "
                "(or the portfolio denies it)")
    if n_found == n_elements:
        return (f"at risk: all {n_elements} elements shown, but the evidence expected "
                "(its type or number of documents) is not there")
    return (f"at risk: {n_found} of {n_elements} elements shown; something relevant was found "
            "(a claim, an element, or talk in another context), so not missing")


def explain(ruleset: RuleSet, portfolio: Portfolio, *, criterion: str | None = None,
            type_overrides: TypeOverrides | None = None, model: str | None = None,
            pm: PortfolioMatches | None = None) -> Explanation:
    """Match and judge ``portfolio``, then explain every criterion (or just ``criterion``).

    ``pm``: the portfolio's hits when already matched (:func:`portfolio_matches`).
    """
    pm = pm or portfolio_matches(ruleset, portfolio, type_overrides=type_overrides, model=model or DEFAULT_MODEL)
    matches = matches_of(pm)
    elements = matches.elements
    assessment = assess(ruleset, matches, portfolio)
    refs = {ref.ref: ref for ref in pm.compiled.elements}
    out = []
    for c in ruleset.criteria:
        if criterion and c.id != criterion:
            continue
        result = assessment.criterion(c.id)
        found = {e.id: e.found for e in result.elements}
        els = tuple(explain_element(pm, refs[f"{c.id}.{e.id}"], elements[f"{c.id}.{e.id}"], found[e.id])
                    for e in c.elements)
        claims = frozenset(e.id for e in c.elements if e.kind == "claim")
        rule = combining_rule(result, len(els) - len(claims), claims)
        out.append(CriterionExplanation(c.id, c.name, result.status, rule, result.reasons, els))
    mistakes = [] if criterion else [
        MistakeExplanation(m.id, m.name, assessment.mistake(m.id).detected, detection_rule(m),
                           assessment.mistake(m.id).reasons,
                           tuple(explain_element(pm, refs[f"{m.id}.{e.id}"], elements[f"{m.id}.{e.id}"],
                                                 elements[f"{m.id}.{e.id}"].found, of_mistake=True)
                                 for e in m.elements))
        for m in ruleset.mistakes]
    return Explanation(ruleset.id, tuple(out), assessment, matches, tuple(mistakes))


def detection_rule(mistake: Mistake) -> str:
    """How ``mistake`` is detected, in words."""
    d = mistake.detect
    present, absent = " and ".join(d.present), " or ".join(d.absent)
    premise = f", once any of {', '.join(d.premise)} is found" if d.premise else ""
    outweigh = f" (what is present shown {d.outweigh:g} times as often as what balances it)" if d.outweigh else ""
    if d.kind == "presence":
        return f"detected when {present} {'is' if len(d.present) == 1 else 'are all'} found"
    if d.kind == "absence":
        return f"detected when {absent} is found nowhere in the portfolio{premise}"
    return f"detected when {present} is found and {absent} is not{outweigh}{premise}"


def mistake_lines(m: MistakeExplanation) -> list[str]:
    """One mistake's explanation as plain-text lines."""
    lines = [f"{m.id}: {'DETECTED' if m.detected else 'NOT DETECTED'}  ({m.name})", f"  rule: {m.rule}"]
    lines += [f"  reason: {r}" for r in m.reasons]
    for e in m.elements:
        lines.append(f"  - {e.ref} [{'FOUND' if e.found else 'NOT FOUND'}] {e.text}")
        lines.append(f"      scope: one {scope_words(e.scope)}" + (f"; explained at {e.where}" if e.where else ""))
        lines += [f"      {f.line(scope_words(e.scope))}" for f in e.clues]
        lines.append(f"      => {e.outcome}")
    return lines


def criterion_lines(c: CriterionExplanation) -> list[str]:
    """One criterion's explanation as plain-text lines (also shown behind the assessor's HTML verdict)."""
    lines = [f"{c.id}: {c.status.upper().replace('_', ' ')}  ({c.name})", f"  why: {c.rule}"]
    for e in c.elements:
        mark = ("FOUND" if e.found else "NOT FOUND") + (", claim: never counts toward met" if e.claim else "")
        lines.append(f"  - {e.ref} [{mark}] {e.text}")
        lines.append(f"      scope: one {scope_words(e.scope)}" + (f"; explained at {e.where}" if e.where else ""))
        lines += [f"      {f.line(scope_words(e.scope))}" for f in e.clues]
        lines.append(f"      => {e.outcome}")
    return lines


def explanation_lines(explanation: Explanation) -> dict[str, tuple[str, ...]]:
    """Every criterion's explanation lines, by criterion id (for :func:`evidencecheck.report.render.render`)."""
    return {c.id: tuple(criterion_lines(c)) for c in explanation.criteria}


def render_text(explanation: Explanation) -> str:
    """The explanation as plain text, one block per criterion."""
    lines: list[str] = []
    for c in explanation.criteria:
        lines += [*criterion_lines(c), ""]
    for m in explanation.mistakes:
        lines += [*mistake_lines(m), ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["ClueFinding", "CriterionExplanation", "ElementExplanation", "Explanation", "MistakeExplanation",
           "combining_rule", "criterion_lines", "detection_rule", "explain", "explain_element",
           "explanation_lines", "mistake_lines", "render_text"]
