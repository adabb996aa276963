"""Criterion references learners write on their evidence, and the blocks they tag."""

from __future__ import annotations

from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.rules.refs import criteria_for, tagged_blocks

CRITERIA = (("plan", '["1.2"]'), ("review", '["1.4"]'), ("lead", '["2.1"]'))


def test_refs_a_learning_outcome_names_the_criteria_numbered_under_it(refs_ruleset) -> None:
    rules = refs_ruleset(CRITERIA, "rota")
    assert criteria_for("1.2", rules) == ("plan",)
    assert criteria_for("LO1", rules) == ("plan", "review")
    assert criteria_for("9.9", rules) == ()


def test_refs_a_heading_tags_the_blocks_under_it_and_a_tag_in_a_paragraph_tags_that_paragraph(refs_ruleset) -> None:
    account = parse_string("# AC 1.2 Planning the week\n\nI planned the rota on 3 May.\n\n"
                           "Sam covered the late shift.\n\n# Reviews\n\nI reviewed Jo on 4 May (AC 1.4).\n\n"
                           "Nothing else happened.", name="account.md")
    log = parse_string("Log\n\nI reviewed Al on 9 May.", name="log.txt")
    tagged = tagged_blocks(Portfolio(documents=(log, account)), refs_ruleset(CRITERIA, "rota"))
    texts = {cid: sorted(account.blocks[b].text for d, b in blocks if d == 1) for cid, blocks in tagged.items()}
    assert texts == {"plan": ["AC 1.2 Planning the week", "I planned the rota on 3 May.", "Sam covered the late shift."],
                     "review": ["I reviewed Jo on 4 May (AC 1.4)."]}
    assert all(d == 1 for blocks in tagged.values() for d, _ in blocks)  # the untagged log is in none


def test_refs_no_tags_tag_nothing(refs_ruleset) -> None:
    doc = parse_string("Account\n\nI planned the rota on 3 May; version 1.2 of the template.", name="a.txt")
    assert tagged_blocks(Portfolio(documents=(doc,)), refs_ruleset(CRITERIA, "rota")) == {}


def test_refs_the_check_quotes_the_tagged_passage_first(refs_ruleset) -> None:
    from evidencecheck.api import check_portfolio

    text = ("# My week\n\nOn 3 May I rebuilt the rota for the late shift, the early shift and the weekend rota.\n\n"
            "# AC 1.2 Planning\n\nOn 4 May I changed the rota for Sam.")
    report = check_portfolio(Portfolio(documents=(parse_string(text, name="account.md"),)),
                             ruleset=refs_ruleset(CRITERIA, "rota"))
    plan = next(c for c in report.criteria if c.id == "plan")
    assert plan.evidence[0].quote == "On 4 May I changed the rota for Sam."
    lead = next(c for c in report.criteria if c.id == "lead")  # tagged with nothing: the most central first
    assert lead.evidence[0].quote.startswith("On 3 May I rebuilt the rota")
