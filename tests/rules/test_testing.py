"""Running a rule set's tests with hand-made matches (no spaCy), and measuring coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evidencecheck.matches import DocumentFacts, ElementMatch, Evidence, Matches, Occurrence
from evidencecheck.model import Block, Document, Portfolio
from evidencecheck.rules import locations
from evidencecheck.rules.addresses import clue_part_ids
from evidencecheck.rules.loader import load_ruleset_file
from evidencecheck.rules.schema import RuleSet
from evidencecheck.ruletest import coverage, run_tests

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


@pytest.fixture(autouse=True)
def no_bundled_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: None)


@pytest.fixture()
def ruleset() -> RuleSet:
    return load_ruleset_file(MINIMAL)


def fake_parse(text: str, *, name: str = "<text>") -> Document:
    return Document(name, "txt", name, (Block(text, "paragraph", 0, paragraph=1),))


def portfolio_text(portfolio: Portfolio) -> str:
    return " ".join(d.text for d in portfolio.documents).lower()


class FakeMatcher:
    """Matches by keywords: 'update' shows the update element, 'every' the when element,
    'check' the mistake's check element; 'board' and 'update' fire their phrase parts.
    Every document is a reflective account unless the case says otherwise."""

    def __init__(self) -> None:
        self.overrides: list[dict[str, tuple[str, ...]]] = []

    def __call__(self, rs: RuleSet, portfolio: Portfolio, *, type_overrides: Any = None) -> Matches:
        overrides = dict(type_overrides or {})
        self.overrides.append(overrides)
        text = portfolio_text(portfolio)
        path = portfolio.documents[0].path

        def element(ref: str, word: str) -> ElementMatch:
            quote = Occurrence(0, 0, Evidence(path, "paragraph 1", text, (word,)))
            return ElementMatch(ref, ref.split(".")[-1] + " shown", accepted=(quote,) if word in text else ())

        fired = {"criteria[0].elements[0].all[0].phrases[0]"} if "board" in text else set()
        if "update" in text:
            fired.add("criteria[0].elements[0].all[1].phrases[0]")
        documents = tuple(DocumentFacts(d.path, overrides.get(d.path, ("reflective-account",)))
                          for d in portfolio.documents)
        elements = {"board-updated.update": element("board-updated.update", "update"),
                    "board-updated.when": element("board-updated.when", "every"),
                    "board-never-checked.check": element("board-never-checked.check", "check")}
        return Matches(rs.id, documents, elements, frozenset(fired))

    def run(self, rs: RuleSet, **kwargs: Any) -> list:
        return run_tests(rs, match=self, parse_string=fake_parse, **kwargs)


def with_tests(rs: RuleSet, tests: list[dict[str, Any]]) -> RuleSet:
    data = rs.model_dump()
    data["tests"] = tests
    return RuleSet.model_validate(data)


def test_testing_minimal_cases_pass_with_fake_matches(ruleset: RuleSet) -> None:
    engine = FakeMatcher()
    results = engine.run(ruleset)
    assert [(r.case_id, r.passed) for r in results] == [
        ("minimal::updated-weekly", True),
        ("minimal::never-updated", True),
    ]
    assert engine.overrides == [{"evidence.txt": ("reflective-account",)}, {}]


def test_testing_matches_each_case_once_even_with_coverage(ruleset: RuleSet) -> None:
    engine = FakeMatcher()
    results = engine.run(ruleset, collect_hits=True)
    assert len(engine.overrides) == len(results) == 2
    assert results[0].hits == {"criteria[0].elements[0].all[0].phrases[0]", "criteria[0].elements[0].all[1].phrases[0]"}


@pytest.mark.parametrize(
    ("text", "expect", "actual"),
    [
        ("I update the board every week.", {"board-updated": "met"}, {"board-updated": "met"}),
        ("I update the board.", {"board-updated": "met"}, {"board-updated": "at_risk"}),
        (
            "I update the board.",
            {"board-updated.when": "found"},
            {"board-updated.when": "not_found"},
        ),
        (
            "I check the board.",
            {"board-never-checked": "not_detected"},
            {"board-never-checked": "not_detected"},
        ),
        ("Board.", {"board-never-checked": "not_detected"}, {"board-never-checked": "detected"}),
        (
            "I check it.",
            {"board-never-checked.check": "found"},
            {"board-never-checked.check": "found"},
        ),
        (
            "Nothing.",
            {"board-never-checked.check": "found"},
            {"board-never-checked.check": "not_found"},
        ),
    ],
)
def test_testing_compares_each_expectation(
    ruleset: RuleSet, text: str, expect: dict[str, str], actual: dict[str, str]
) -> None:
    rs = with_tests(ruleset, [{"name": "case", "text": text, "expect": expect}])
    (result,) = FakeMatcher().run(rs)
    assert {e.key: e.actual for e in result.expectations} == actual
    assert result.passed == (expect == actual)


def test_testing_failure_carries_reasons_and_evidence(ruleset: RuleSet) -> None:
    rs = with_tests(
        ruleset, [{"name": "case", "text": "I update it.", "expect": {"board-updated": "met"}}]
    )
    (result,) = FakeMatcher().run(rs)
    (exp,) = result.expectations
    assert not exp.passed and exp.actual == "at_risk"
    assert exp.reasons == ('Shown: update shown \u2014 \u201ci update it.\u201d (evidence.txt, paragraph 1).',
                           "Not shown: when shown.")
    assert exp.evidence == ('evidence.txt (paragraph 1): "i update it."',)


def test_testing_multi_document_case_builds_one_document_each(ruleset: RuleSet) -> None:
    engine = FakeMatcher()
    rs = with_tests(
        ruleset,
        [
            {
                "name": "multi",
                "documents": [
                    {"text": "I update the board.", "types": ["observation"], "name": "seen.txt"},
                    {"text": "Every week."},
                ],
                "expect": {"board-updated": "met"},
            }
        ],
    )
    (result,) = engine.run(rs)
    assert result.passed
    assert engine.overrides == [{"seen.txt": ("observation",)}]


def test_testing_engine_crash_fails_the_case_only(ruleset: RuleSet) -> None:
    def broken(*args: Any, **kwargs: Any) -> Matches:
        raise RuntimeError("boom")

    results = run_tests(ruleset, match=broken, parse_string=fake_parse)
    assert [r.error for r in results] == ["RuntimeError: boom"] * 2
    assert not any(r.passed for r in results)


def test_testing_clue_part_ids_follow_the_rule_file_paths(ruleset: RuleSet) -> None:
    assert clue_part_ids(ruleset) == [
        "criteria[0].elements[0].all[0].phrases[0]",
        "criteria[0].elements[0].all[1].phrases[0]",
        "criteria[0].elements[0].all[1].phrases[1]",
        "criteria[0].elements[0].all[1].patterns[0]",
        "criteria[0].elements[1].any[0].signals[0]",
        "criteria[0].elements[1].any[0].signals[1]",
        "mistakes[0].elements[0].all[0].phrases[0]",
        "mistakes[0].elements[0].all[0].phrases[1]",
    ]


def test_testing_coverage_reports_unfired_parts_and_case_shortfalls(ruleset: RuleSet) -> None:
    gaps = coverage(ruleset, FakeMatcher().run(ruleset, collect_hits=True))
    clue_gaps = [g.target for g in gaps if g.kind == "clue"]
    assert "criteria[0].elements[0].all[0].phrases[0]" not in clue_gaps  # fired
    assert "criteria[0].elements[0].all[1].phrases[1]" in clue_gaps  # "refresh" never fired
    assert any('"refresh"' in g.message or "(refresh)" in g.message for g in gaps)
    case_gaps = [(g.target, g.message) for g in gaps if g.kind == "cases"]
    assert case_gaps == [
        ("board-updated", "criterion 'board-updated' has 2 test case(s); it needs at least 6"),
        (
            "board-never-checked",
            "mistake 'board-never-checked' has 1 test case(s); it needs at least 3",
        ),
        (
            "board-never-checked",
            "mistake 'board-never-checked' has 0 negative case(s) of 1; "
            "at least a third must be negative",
        ),
    ]


@pytest.mark.parametrize(("negatives", "short"), [(0, True), (1, True), (2, False), (6, False)])
def test_testing_coverage_needs_a_third_negative_cases(
    ruleset: RuleSet, negatives: int, short: bool
) -> None:
    tests = [
        {
            "name": f"c{i}",
            "text": "x",
            "expect": {
                "board-updated": "missing" if i < negatives else "met",
                "board-never-checked": "not_detected",
            },
        }
        for i in range(6)
    ]
    gaps = coverage(with_tests(ruleset, tests), [])
    assert (
        any("must be negative" in g.message and g.target == "board-updated" for g in gaps) == short
    )
    assert not any(g.target == "board-never-checked" for g in gaps if g.kind == "cases")
