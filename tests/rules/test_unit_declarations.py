"""What a unit can declare for itself: claim elements, its own evidence types and its own context cues."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from evidencecheck.assess import assess_criterion
from evidencecheck.matches import ElementMatch, Evidence, Occurrence
from evidencecheck.rules.loader import load_ruleset_file
from evidencecheck.rules.schema import RuleSet

ELEMENTS = """
- id: checked
  text: understanding checked with a named person
  all: [{phrases: [check understanding, checked understanding]}]
- id: says-checks
  kind: claim
  text: says understanding is checked
  all: [{phrases: [check understanding, checked understanding]}]
  concrete: false
"""


def _occ(quote: str, concrete: bool = True) -> Occurrence:
    return Occurrence(0, 0, Evidence("a.txt", "paragraph 1", quote, ("x",)), concrete=concrete)


@pytest.mark.parametrize(("shown", "said", "status"), [
    (True, True, "met"), (False, True, "at_risk"), (False, False, "missing"), (True, False, "met")])
def test_claim_elements_earn_at_most_at_risk_and_are_not_needed_for_met(
        one_criterion: Callable[..., RuleSet], shown: bool, said: bool, status: str) -> None:
    rs = one_criterion(ELEMENTS)
    crit = rs.criteria[0]
    matches = [ElementMatch("crit.checked", "t", accepted=(_occ("On 3 May I checked Sam's understanding."),) if shown else ()),
               ElementMatch("crit.says-checks", "t", accepted=(_occ("I always check understanding."),) if said else ())]
    result = assess_criterion(crit, matches, {0: ("other",)}, [])
    assert result.status == status
    if said and not shown:
        assert any(r.startswith("Said: t \u2014 \u201cI always check understanding.\u201d") for r in result.reasons)


def test_a_criterion_of_claims_only_is_never_met(one_criterion: Callable[..., RuleSet]) -> None:
    rs = one_criterion(ELEMENTS.split("- id: says-checks")[0].replace("- id: checked", "- id: checked\n  kind: claim"))
    match = ElementMatch("crit.checked", "t", accepted=(_occ("On 3 May I checked Sam's understanding."),))
    assert assess_criterion(rs.criteria[0], [match], {}, []).status == "at_risk"


def test_claim_element_end_to_end(judge: Callable[..., Any], text_portfolio: Callable[..., Any],
                                  one_criterion: Callable[..., RuleSet]) -> None:
    rs = one_criterion(ELEMENTS)
    assert judge(rs, text_portfolio("I always check understanding.")).criterion("crit").status == "at_risk"
    assert judge(rs, text_portfolio("On 3 May I checked understanding with Sam.")).criterion("crit").status == "met"


UNIT = """
id: qa-unit
title: QA unit
version: "1"
evidence_types:
  qa-monitoring-log:
    description: A log of calls listened to and scored.
    names: [qa monitoring log, call listening form]
context_cues:
  - category: other_actor
    phrases: [the quality analyst]
criteria:
  - id: calls-scored
    name: Calls scored
    text: Calls listened to and scored.
    good_answer: g
    common_mistake: c
    advice: {missing: m, at_risk: r}
    evidence: {types: [qa-monitoring-log]}
    elements:
      - id: scored
        text: calls scored
        all: [{phrases: [scored]}]
tests:
  - name: log
    text: On 3 May I scored four of Sam's calls.
    types: [qa-monitoring-log]
    expect: {calls-scored: met}
"""


def test_a_unit_declares_its_own_evidence_types(tmp_path: Any, judge: Callable[..., Any],
                                                text_portfolio: Callable[..., Any]) -> None:
    path = tmp_path / "qa-unit.yaml"
    path.write_text(UNIT, encoding="utf-8")
    rs = load_ruleset_file(path)  # 'qa-monitoring-log' validates in evidence and in the test
    text = "QA monitoring log\n\nOn 3 May I scored four of Sam's calls."
    a = judge(rs, text_portfolio(text, names=("week-12.txt",)))
    assert a.documents[0].evidence_types[0] == "qa-monitoring-log"
    assert a.criterion("calls-scored").status == "met"
    b = judge(rs, text_portfolio("On 3 May I scored four of Sam's calls.", names=("notes.txt",)))
    assert b.criterion("calls-scored").status == "at_risk"  # not the kind of document expected


def test_unknown_evidence_type_names_the_units_own(tmp_path: Any) -> None:
    path = tmp_path / "qa-unit.yaml"
    path.write_text(UNIT.replace("types: [qa-monitoring-log]}", "types: [qa-monitoring-logs]}"), encoding="utf-8")
    with pytest.raises(ValueError, match="did you mean 'qa-monitoring-log'.*declare its own"):
        load_ruleset_file(path)


def test_a_unit_declares_its_own_context_cues(judge: Callable[..., Any], text_portfolio: Callable[..., Any]) -> None:
    data = yaml.safe_load(textwrap.dedent(UNIT))
    text = "QA monitoring log\n\nOn 3 May the quality analyst scored four of Sam's calls."
    result = judge(RuleSet.model_validate(data), text_portfolio(text, names=("log.txt",))).criterion("calls-scored")
    assert result.status == "at_risk"
    assert result.near_misses[0].context == "other_actor" and result.near_misses[0].cue == "the quality analyst"
    without = judge(RuleSet.model_validate({**data, "context_cues": []}), text_portfolio(text, names=("log.txt",)))
    assert without.criterion("calls-scored").status == "met"  # not a built-in cue: the unit's own decides


def test_a_claims_sentence_is_a_near_miss_never_evidence(one_criterion: Callable[..., RuleSet]) -> None:
    rs = one_criterion(ELEMENTS)
    said = _occ("I always check understanding.")
    matches = [ElementMatch("crit.checked", "t"), ElementMatch("crit.says-checks", "t", accepted=(said,))]
    result = assess_criterion(rs.criteria[0], matches, {}, [])
    assert result.evidence == () and result.near_misses == (said.evidence,)
