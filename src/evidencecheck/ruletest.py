"""Run a rule set's own ``tests:`` and measure how well they cover its clues.

Each test case becomes a small portfolio (one document per text), matched
once and judged; every ``expect`` entry is compared with the actual outcome,
and the clue parts that fired are read from the same matches for coverage.
The matching step is a parameter (any :class:`MatchFn`), so the comparison and
coverage logic can be tested with matches built by hand, without spaCy.

Clue parts are named by their address in the rule file
(:mod:`evidencecheck.rules.addresses`)::

    criteria[2].elements[0].all[1].phrases[3]
    mistakes[0].elements[1].any[0].patterns[0]
    criteria[0].elements[2].none[0].signals[1]

An ``@name`` phrase entry is one part: it fires when any phrase of the list does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from .assess import assess, element_result
from .assess.model import Assessment, ElementResult
from .matches import Evidence, Matches
from .model import Document, Portfolio
from .rules.addresses import clue_part_ids
from .rules.schema import RuleSet, RuleTest

TypeOverrides = Mapping[str, tuple[str, ...]]


class MatchFn(Protocol):
    """The matching step: what the engine found in a portfolio for a rule set."""

    def __call__(self, ruleset: RuleSet, portfolio: Portfolio, *,
                 type_overrides: TypeOverrides | None = None) -> Matches: ...


class ParseStringFn(Protocol):
    """Turns a test text into a document."""

    def __call__(self, text: str, *, name: str) -> Document: ...

MIN_CASES_PER_CRITERION = 6
MIN_CASES_PER_MISTAKE = 3
MIN_NEGATIVE_DIVISOR = 3  # at least 1 in 3 cases must be negative
NEGATIVE_OUTCOMES = frozenset({"missing", "at_risk", "not_found", "not_detected"})

ExpectKind = Literal["criterion", "element", "mistake", "mistake_element"]


@dataclass(frozen=True)
class ExpectationResult:
    """One ``expect`` entry of a case, compared with what the engine decided.

    Attributes:
        key: The expected id (``smart-targets``, ``smart-targets.figure``).
        kind: criterion, element, mistake or mistake_element.
        expected: The expected outcome.
        actual: The actual outcome, or ``None`` if the engine gave no result for the key.
        reasons: The engine's reasons for the actual outcome (shown on failure).
        evidence: Quotes behind the actual outcome, including near misses (shown on failure).
    """

    key: str
    kind: ExpectKind
    expected: str
    actual: str | None
    reasons: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether the actual outcome is the expected one."""
        return self.actual == self.expected


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one test case.

    Attributes:
        unit: The rule set's id.
        name: The case name.
        expectations: Every ``expect`` entry, compared.
        hits: Clue part ids that matched in this case (empty unless collected).
        error: The engine's exception as text, if it failed.
        todo: The case's ``todo`` reason: an expected failure, reported but not failed.
        phrases: ``(clue part id, phrase as written)`` of every phrase that matched (when collected).
    """

    unit: str
    name: str
    expectations: tuple[ExpectationResult, ...]
    hits: frozenset[str] = frozenset()
    error: str | None = None
    todo: str | None = None
    phrases: frozenset[tuple[str, str]] = frozenset()

    @property
    def passed(self) -> bool:
        """Whether the case ran and every expectation held."""
        return self.error is None and all(e.passed for e in self.expectations)

    @property
    def failed(self) -> bool:
        """Whether the case counts as failed: it did not pass and is not marked ``todo``."""
        return not self.passed and self.todo is None

    @property
    def case_id(self) -> str:
        """``unit::name``, as printed and as a pytest id."""
        return f"{self.unit}::{self.name}"


@dataclass(frozen=True)
class CoverageGap:
    """Something the tests do not exercise.

    Attributes:
        kind: ``clue`` (a clue part never fired) or ``cases`` (too few, or too few negative, cases).
        target: The clue part id, or the criterion or mistake id.
        message: What is missing, for people.
    """

    kind: Literal["clue", "cases"]
    target: str
    message: str


# -- running ------------------------------------------------------------------


def case_portfolio(
    case: RuleTest, parse_string: ParseStringFn
) -> tuple[Portfolio, dict[str, tuple[str, ...]]]:
    """Build the portfolio of a case and its evidence-type overrides (by document path).

    Args:
        case: The rule test.
        parse_string: ``parse_string(text, *, name=...) -> Document``.

    Returns:
        The portfolio and the declared evidence types of its documents.
    """
    if case.text:
        # neutral file names: a case named "adherence-is-not-a-rota" must not make its text a rota by name
        texts = [(case.text, case.types, "evidence.txt")]
    else:
        texts = [
            (d.text, d.types, d.name or f"evidence-{i + 1}.txt")
            for i, d in enumerate(case.documents)
        ]
    documents: list[Document] = []
    overrides: dict[str, tuple[str, ...]] = {}
    for text, types, name in texts:
        doc = parse_string(text, name=name)
        documents.append(doc)
        if types:
            overrides[doc.path] = tuple(types)
    return Portfolio(documents=tuple(documents)), overrides


def run_case(
    ruleset: RuleSet,
    case: RuleTest,
    *,
    match: MatchFn | None = None,
    parse_string: ParseStringFn | None = None,
    collect_hits: bool = False,
) -> CaseResult:
    """Run one test case of ``ruleset``.

    Args:
        ruleset: The rule set the case belongs to.
        case: The case.
        match: The matching step; the real engine (:func:`evidencecheck.nlp.match.match_portfolio`)
            by default.
        parse_string: ``parse_string(text, *, name) -> Document``.
        collect_hits: Also record which clue parts fired (for :func:`coverage`).

    Returns:
        The case result; engine exceptions are recorded in ``error``, not raised.
    """
    match, parse_string = _engine(match, parse_string)
    kinds = _kinds(ruleset)
    try:
        portfolio, overrides = case_portfolio(case, parse_string)
        matches = match(ruleset, portfolio, type_overrides=overrides)
        assessment = assess(ruleset, matches, portfolio)
        results = tuple(
            _compare(key, kinds.get(key, "criterion"), expected, assessment, matches)
            for key, expected in case.expect.items()
        )
        hits = matches.fired_parts if collect_hits else frozenset()
        phrases = matches.fired_phrases if collect_hits else frozenset()
    except Exception as err:  # a crashing engine fails the case; the run goes on
        return CaseResult(ruleset.id, case.name, (), error=f"{type(err).__name__}: {err}", todo=case.todo)
    return CaseResult(ruleset.id, case.name, results, hits, todo=case.todo, phrases=phrases)


def run_tests(
    ruleset: RuleSet,
    *,
    match: MatchFn | None = None,
    parse_string: ParseStringFn | None = None,
    collect_hits: bool = False,
    names: Iterable[str] = (),
) -> list[CaseResult]:
    """Run the test cases of ``ruleset`` in file order (only those in ``names``, when given);
    see :func:`run_case` for the other arguments."""
    wanted = set(names)
    return [run_case(ruleset, case, match=match, parse_string=parse_string, collect_hits=collect_hits)
            for case in ruleset.tests if not wanted or case.name in wanted]


def _kinds(ruleset: RuleSet) -> dict[str, ExpectKind]:
    kinds: dict[str, ExpectKind] = {}
    for c in ruleset.criteria:
        kinds[c.id] = "criterion"
        kinds.update({f"{c.id}.{e.id}": "element" for e in c.elements})
    for m in ruleset.mistakes:
        kinds[m.id] = "mistake"
        kinds.update({f"{m.id}.{e.id}": "mistake_element" for e in m.elements})
    return kinds


def _engine(match: MatchFn | None, parse_string: ParseStringFn | None) -> tuple[MatchFn, ParseStringFn]:
    # Imported late: loading and validating rules needs neither spaCy nor the parsers.
    if match is None:
        from .nlp.match import match_portfolio

        match = match_portfolio
    if parse_string is None:
        from .parsers.text import parse_string as parse

        parse_string = parse
    return match, parse_string


def _quote(ev: Evidence, prefix: str = "") -> str:
    extra = (
        f" [{ev.context}{': ' + ev.cue if ev.cue else ''}]" if ev.context != "first_hand" else ""
    )
    return f'{prefix}{ev.document} ({ev.location}): "{ev.quote}"{extra}'


def _element_outcome(
    key: str, kind: ExpectKind, expected: str, el: ElementResult | None
) -> ExpectationResult:
    if el is None:
        return ExpectationResult(
            key, kind, expected, None, ("the engine returned no such element",)
        )
    evidence = tuple(_quote(e) for e in el.evidence) + tuple(
        _quote(e, "near miss: ") for e in el.near_misses
    )
    return ExpectationResult(
        key, kind, expected, "found" if el.found else "not_found", (), evidence
    )


def _compare(
    key: str,
    kind: ExpectKind,
    expected: str,
    assessment: Assessment,
    matches: Matches,
) -> ExpectationResult:
    if kind == "criterion":
        try:
            c = assessment.criterion(key)
        except StopIteration:
            return ExpectationResult(
                key, kind, expected, None, ("the engine returned no such criterion",)
            )
        return ExpectationResult(
            key, kind, expected, c.status, c.reasons, tuple(_quote(e) for e in c.evidence)
        )
    if kind == "mistake":
        try:
            m = assessment.mistake(key)
        except StopIteration:
            return ExpectationResult(
                key, kind, expected, None, ("the engine returned no such mistake",)
            )
        actual = "detected" if m.detected else "not_detected"
        return ExpectationResult(
            key, kind, expected, actual, m.reasons, tuple(_quote(e) for e in m.evidence)
        )
    owner, _, element_id = key.partition(".")
    if kind == "element":
        try:
            elements = assessment.criterion(owner).elements
        except StopIteration:
            elements = ()
        return _element_outcome(
            key, kind, expected, next((e for e in elements if e.id == element_id), None)
        )
    try:
        found: ElementResult | None = element_result(matches.element(key))
    except KeyError:
        found = None
    return _element_outcome(key, kind, expected, found)


# -- coverage -------------------------------------------------------------------


def clue_part_text(ruleset: RuleSet, part_id: str) -> str:
    """The rule text of a clue part, e.g. ``"coach"`` or ``[{"LEMMA": "put"}]``, for messages."""
    value: Any = ruleset
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", part_id):
        value = getattr(value, name)
        if index:
            value = value[int(index)]
    return value if isinstance(value, str) else json.dumps(value)


def coverage(ruleset: RuleSet, results: Iterable[CaseResult]) -> list[CoverageGap]:
    """What the rule set's tests leave unexercised.

    Every clue part must fire in at least one case (run the cases with
    ``collect_hits=True``); each criterion needs at least
    :data:`MIN_CASES_PER_CRITERION` cases and each mistake
    :data:`MIN_CASES_PER_MISTAKE`, at least a third of them negative
    (expecting missing, at_risk, not_found or not_detected). Cases marked ``todo``
    do not count.

    Args:
        ruleset: The rule set.
        results: Its case results.

    Returns:
        The gaps, clue parts first, then case counts.
    """
    results = list(results)
    fired = set().union(*(r.hits for r in results)) if results else set()
    gaps = [
        CoverageGap(
            "clue", part, f"{part} ({clue_part_text(ruleset, part)}) never matched in any test case"
        )
        for part in clue_part_ids(ruleset)
        if part not in fired
    ]
    counted: dict[str, list[bool]] = {}  # target -> negative? per case that tests it
    for case in ruleset.tests:
        if case.todo is not None:
            continue  # an expected failure shows what is not handled yet; it does not count as a case
        per_target: dict[str, bool] = {}
        for key, outcome in case.expect.items():
            target = key.partition(".")[0]
            per_target[target] = per_target.get(target, False) or outcome in NEGATIVE_OUTCOMES
        for target, negative in per_target.items():
            counted.setdefault(target, []).append(negative)
    targets = [(c.id, "criterion", MIN_CASES_PER_CRITERION) for c in ruleset.criteria]
    targets += [(m.id, "mistake", MIN_CASES_PER_MISTAKE) for m in ruleset.mistakes]
    for target, what, minimum in targets:
        cases = counted.get(target, [])
        negatives = sum(cases)
        if len(cases) < minimum:
            gaps.append(
                CoverageGap(
                    "cases",
                    target,
                    f"{what} '{target}' has {len(cases)} test case(s); it needs at least {minimum}",
                )
            )
        if cases and negatives * MIN_NEGATIVE_DIVISOR < len(cases):
            gaps.append(
                CoverageGap(
                    "cases",
                    target,
                    f"{what} '{target}' has {negatives} negative case(s) "
                    f"of {len(cases)}; at least a third must be negative",
                )
            )
    return gaps


@dataclass(frozen=True)
class PhraseCoverage:
    """Which entries of one ``@list`` the tests matched.

    Attributes:
        vocab: The list's name.
        matched: Entries that matched in at least one case, in list order.
        unmatched: Entries no case matched, in list order.
    """

    vocab: str
    matched: tuple[str, ...]
    unmatched: tuple[str, ...]


def phrase_coverage(ruleset: RuleSet, results: Iterable[CaseResult]) -> list[PhraseCoverage]:
    """Per phrase: for every ``@list`` the unit's clues use, which entries its tests matched.

    Part coverage (:func:`coverage`) counts ``@coach`` as covered when any of its entries fires;
    this says which of the entries never did (run the cases with ``collect_hits=True``).
    """
    fired: dict[str, set[str]] = {}
    for r in results:
        for part, entry in r.phrases:
            written = clue_part_text(ruleset, part)
            if written.startswith("@"):
                fired.setdefault(written[1:], set()).add(entry)
    used = dict.fromkeys(clue_part_text(ruleset, p)[1:] for p in clue_part_ids(ruleset)
                         if ".phrases[" in p and clue_part_text(ruleset, p).startswith("@"))
    out = []
    for name in used:
        entries = ruleset.vocab.get(name, [])
        hit = fired.get(name, set())
        out.append(PhraseCoverage(name, tuple(e for e in entries if e in hit),
                                  tuple(e for e in entries if e not in hit)))
    return out


__all__ = [
    "CaseResult",
    "CoverageGap",
    "ExpectationResult",
    "MatchFn",
    "ParseStringFn",
    "PhraseCoverage",
    "case_portfolio",
    "clue_part_ids",
    "clue_part_text",
    "coverage",
    "phrase_coverage",
    "run_case",
    "run_tests",
]
