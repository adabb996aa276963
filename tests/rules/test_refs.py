"""Criterion references learners write on their evidence, and the blocks they tag."""

from __future__ import annotations

import textwrap

import yaml

from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.rules.refs import criteria_for, tagged_blocks
from evidencecheck.rules.schema import RuleSet


def ruleset() -> RuleSet:
    crit = textwrap.dedent("""
        - id: {id}
          name: {id}
          text: t
          refs: {refs}
          good_answer: g
          common_mistake: c
          advice: {{missing: m, at_risk: r}}
          elements: [{{id: e, text: t, all: [{{phrases: [rota]}}]}}]
        """)
    criteria = "".join(crit.format(id=i, refs=r) for i, r in (("plan", '["1.2"]'), ("review", '["1.4"]'),
                                                               ("lead", '["2.1"]')))
    text = f"id: u\ntitle: U\nversion: '1'\ncriteria:\n{textwrap.indent(criteria, '  ')}"
    return RuleSet.model_validate(yaml.safe_load(text))


def test_refs_a_learning_outcome_names_the_criteria_numbered_under_it() -> None:
    assert criteria_for("1.2", ruleset()) == ("plan",)
    assert criteria_for("LO1", ruleset()) == ("plan", "review")
    assert criteria_for("9.9", ruleset()) == ()


def test_refs_a_heading_tags_the_blocks_under_it_and_a_tag_in_a_paragraph_tags_that_paragraph() -> None:
    account = parse_string("# AC 1.2 Planning the week\n\nI planned the rota on 3 May.\n\n"
                           "Sam covered the late shift.\n\n# Reviews\n\nI reviewed Jo on 4 May (AC 1.4).\n\n"
                           "Nothing else happened.", name="account.md")
    log = parse_string("Log\n\nI reviewed Al on 9 May.", name="log.txt")
    tagged = tagged_blocks(Portfolio(documents=(log, account)), ruleset())
    texts = {cid: sorted(account.blocks[b].text for d, b in blocks if d == 1) for cid, blocks in tagged.items()}
    assert texts == {"plan": ["AC 1.2 Planning the week", "I planned the rota on 3 May.", "Sam covered the late shift."],
                     "review": ["I reviewed Jo on 4 May (AC 1.4)."]}
    assert all(d == 1 for blocks in tagged.values() for d, _ in blocks)  # the untagged log is in none


def test_refs_no_tags_tag_nothing() -> None:
    doc = parse_string("Account\n\nI planned the rota on 3 May; version 1.2 of the template.", name="a.txt")
    assert tagged_blocks(Portfolio(documents=(doc,)), ruleset()) == {}


def test_refs_the_check_quotes_the_tagged_passage_first() -> None:
    from evidencecheck.api import check_portfolio

    text = ("# My week\n\nOn 3 May I rebuilt the rota for the late shift, the early shift and the weekend rota.\n\n"
            "# AC 1.2 Planning\n\nOn 4 May I changed the rota for Sam.")
    report = check_portfolio(Portfolio(documents=(parse_string(text, name="account.md"),)), ruleset=ruleset())
    plan = next(c for c in report.criteria if c.id == "plan")
    assert plan.evidence[0].quote == "On 4 May I changed the rota for Sam."
    lead = next(c for c in report.criteria if c.id == "lead")  # tagged with nothing: the most central first
    assert lead.evidence[0].quote.startswith("On 3 May I rebuilt the rota")
