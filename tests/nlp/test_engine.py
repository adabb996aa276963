"""The engine end to end (parse, match, assess) on a small, hand-written rule set: every status path."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from evidencecheck.assess import assess
from evidencecheck.assess.model import Assessment
from evidencecheck.model import DocumentFailure, Portfolio
from evidencecheck.nlp.doc_types import classify
from evidencecheck.nlp.match import match_portfolio, matches_of, portfolio_matches
from evidencecheck.nlp.signals import SIGNALS
from evidencecheck.parsers import parse_string
from evidencecheck.rules.schema import RuleSet

RULES = textwrap.dedent(
    """
    id: test-unit
    title: Test unit
    version: "0.1"
    criteria:
      - id: coaching
        name: Coaching
        text: Coaches team members and shows the result.
        good_answer: A coaching session with a named advisor and a result with a figure.
        common_mistake: Describing coaching in general.
        advice: {missing: Add a coaching example., at_risk: Show the coaching was yours.}
        elements:
          - id: coached
            text: coached a named team member
            all:
              - phrases: [coach]
            any:
              - signals: [person]
          - id: result
            text: a result with a figure
            scope: paragraph
            all:
              - phrases: [improve]
              - signals: [figure]
      - id: rota
        name: Rota
        text: Plans the team's rota.
        good_answer: A rota you wrote.
        common_mistake: Someone else's rota.
        advice: {missing: Add your rota., at_risk: Add the rota itself.}
        evidence: {types: [rota]}
        elements:
          - id: rota-planned
            text: planned a rota
            all:
              - phrases: [rota]
              - phrases: [plan, write, draw up]
      - id: huddles
        name: Huddles
        text: Holds team huddles, confirmed by two sources.
        good_answer: Huddles you held, confirmed by a second document.
        common_mistake: One account only.
        advice: {missing: Add huddle evidence., at_risk: Add a second source.}
        evidence: {min_sources: 2}
        elements:
          - id: held
            text: held a huddle
            all:
              - phrases: [huddle]
              - phrases: [hold, run, lead]
    mistakes:
      - id: no-result
        name: No result
        text: Coaching shown with no measurable result.
        advice: Add a figure showing the effect.
        detect: {kind: absence, absent: [coaching.result]}
      - id: blame
        name: Blaming the team
        text: Blames the team.
        advice: Write about what you did.
        detect: {kind: presence, present: [lazy]}
        elements:
          - id: lazy
            text: calls the team lazy
            all:
              - phrases: [lazy]
      - id: volume-only
        name: Volume only
        text: Reports call volume without conversion.
        advice: Report conversion too.
        detect: {kind: condition, present: [volume], absent: [conversion]}
        elements:
          - id: volume
            text: call volume
            all:
              - phrases: [call volume, calls taken]
          - id: conversion
            text: conversion
            all:
              - phrases: [conversion]
    """
)


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return RuleSet.model_validate(yaml.safe_load(RULES))


def portfolio(*texts: str, names: tuple[str, ...] = (), fmt: str = "txt",
              failures: tuple[DocumentFailure, ...] = ()) -> Portfolio:
    names = names or tuple(f"evidence-{i}.{fmt}" for i in range(len(texts)))
    docs = tuple(parse_string(t, name=n, fmt=fmt) for t, n in zip(texts, names))
    return Portfolio(documents=docs, failures=failures)


def judge(ruleset: RuleSet, pf: Portfolio, **options) -> Assessment:
    return assess(ruleset, match_portfolio(ruleset, pf, **options), pf)


def single(elements: str, *, evidence: str = "{}") -> RuleSet:
    """A one-criterion rule set with the given elements (YAML list)."""
    text = textwrap.dedent(
        """
        id: one-unit
        title: One unit
        version: "0.1"
        criteria:
          - id: crit
            name: Crit
            text: Criterion text.
            good_answer: g
            common_mistake: c
            advice: {missing: m, at_risk: r}
            evidence: EVIDENCE
            elements:
        """
    ).replace("EVIDENCE", evidence)
    return RuleSet.model_validate(yaml.safe_load(text + textwrap.indent(textwrap.dedent(elements), "      ")))


COACHED = "I coached Priya on her call openings. Her conversion improved from 18% to 24%."


# --- criterion status paths -------------------------------------------------------------------

def test_assessor_met_when_every_element_first_hand(ruleset):
    result = judge(ruleset, portfolio("Coaching notes for March.\n\n" + COACHED))
    crit = result.criterion("coaching")
    assert crit.status == "met"
    assert [e.found for e in crit.elements] == [True, True]
    assert crit.advice is None
    assert 0.6 <= crit.confidence <= 1.0
    assert crit.reasons[0].startswith("Shown: coached a named team member")
    assert "I coached Priya on her call openings." in crit.reasons[0]


def test_assessor_at_risk_when_some_elements_shown(ruleset):
    crit = judge(ruleset, portfolio("I coached Priya on her call openings.")).criterion("coaching")
    assert crit.status == "at_risk"
    assert [e.found for e in crit.elements] == [True, False]
    assert crit.advice == "Show the coaching was yours."
    assert "Not shown: a result with a figure." in crit.reasons


def test_assessor_at_risk_when_only_hypothetical(ruleset):
    text = "I would coach Priya on her call openings. Her conversion would improve to 24%."
    crit = judge(ruleset, portfolio(text)).criterion("coaching")
    assert crit.status == "at_risk"
    assert not any(e.found for e in crit.elements)
    assert crit.elements[0].near_misses[0].context == "hypothetical"
    assert crit.elements[0].near_misses[0].cue == "would"
    assert any(r.startswith("Not shown first-hand: coached a named team member") and "\u201cwould\u201d" in r
               for r in crit.reasons)
    assert crit.evidence == ()  # a hypothetical is never offered as evidence
    assert [e.context for e in crit.near_misses] == ["hypothetical", "hypothetical"]


def test_assessor_missing_when_nothing_shown(ruleset):
    crit = judge(ruleset, portfolio("I answered customer emails all week.")).criterion("coaching")
    assert crit.status == "missing"
    assert crit.advice == "Add a coaching example."
    assert crit.evidence == ()
    assert crit.confidence == 0.9


def test_assessor_at_risk_when_expected_evidence_type_absent(ruleset):
    result = judge(ruleset, portfolio("I planned the rota for the Easter weekend.", names=("notes.txt",)))
    crit = result.criterion("rota")
    assert crit.status == "at_risk"
    assert all(e.found for e in crit.elements)
    assert any("of the kind expected (rota)" in r for r in crit.reasons)


def test_assessor_met_when_expected_evidence_type_present(ruleset):
    text = "Rota for w/c 6 May\n\nI planned the rota so every shift had cover at lunch."
    result = judge(ruleset, portfolio(text, names=("rota-may.txt",)))
    assert "rota" in result.documents[0].evidence_types
    assert result.criterion("rota").status == "met"


def test_assessor_type_overrides_replace_classification(ruleset):
    result = judge(ruleset, portfolio("I planned the rota for Easter.", names=("notes.txt",)),
                    type_overrides={"notes.txt": ["rota"]})
    assert result.documents[0].evidence_types == ("rota",)
    assert result.criterion("rota").status == "met"


def test_assessor_min_sources_needs_two_documents(ruleset):
    one = judge(ruleset, portfolio("I held a huddle every morning at 9."))
    crit = one.criterion("huddles")
    assert crit.status == "at_risk"
    assert any("Only 1 document(s) show this" in r and "at least 2" in r for r in crit.reasons)
    two = judge(ruleset, portfolio("I held a huddle every morning at 9.", "We ran a huddle on Friday."))
    assert two.criterion("huddles").status == "met"


def test_assessor_unreadable_file_turns_missing_into_at_risk(ruleset):
    failure = DocumentFailure("minutes-april.docx", "E205", "cannot be read", "docx")
    result = judge(ruleset, portfolio("I answered customer emails all week.", failures=(failure,)))
    for crit in result.criteria:
        assert crit.status == "at_risk"
        assert any("minutes-april.docx" in r and "could not be read" in r for r in crit.reasons)


def test_assessor_unreadable_file_leaves_met_alone(ruleset):
    failure = DocumentFailure("broken.docx", "E217", "corrupt")
    result = judge(ruleset, portfolio(COACHED, failures=(failure,)))
    assert result.criterion("coaching").status == "met"


def test_assessor_results_in_rule_set_order(ruleset):
    result = judge(ruleset, portfolio("Nothing to see."))
    assert [c.id for c in result.criteria] == ["coaching", "rota", "huddles"]
    assert [m.id for m in result.mistakes] == ["no-result", "blame", "volume-only"]
    assert result.unit_id == "test-unit"


# --- scopes ------------------------------------------------------------------------------------

SENTENCE = """
- id: el
  text: coached with a figure
  scope: SCOPE
  all:
    - phrases: [coach]
    - signals: [figure]
"""


@pytest.mark.parametrize(
    ("scope", "text", "status"),
    [
        ("sentence", "I coached Sam on his closing and he made 14 sales.", "met"),
        ("sentence", "I coached Sam on his closing. Our team made 14 sales.", "missing"),
        ("sentence", "I coached Sam on his closing. He made 14 sales.", "met"),  # "He" carries the sentence on
        ("paragraph", "I coached Sam on his closing. He made 14 sales.", "met"),
        ("paragraph", "I coached Sam on his closing.\n\nHe made 14 sales.", "missing"),
        ("adjacent", "I coached Sam on his closing. He made 14 sales.", "met"),
        ("adjacent", "He made 14 sales. Later I coached Sam on his closing.", "met"),
        ("adjacent", "I coached Sam on his closing. It went well. He was pleased. He made 14 sales.", "missing"),
        ("paragraph", "I coached Sam on his closing. It went well. He was pleased. He made 14 sales.", "met"),
        ("adjacent", "I coached Sam on his closing.\n\nHe made 14 sales.", "missing"),
        ("section", "# Sam\n\nI coached Sam on his closing.\n\nHe made 14 sales.", "met"),
        ("section", "# Sam\n\nI coached Sam on his closing.\n\n# Dev\n\nHe made 14 sales.", "missing"),
        ("document", "# Sam\n\nI coached Sam on his closing.\n\n# Dev\n\nHe made 14 sales.", "met"),
    ],
)
def test_assessor_scope(scope, text, status):
    rs = single(SENTENCE.replace("SCOPE", scope))
    assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == status


TABLE = """\
# Coaching log

| Date | What I did | Result |
|---|---|---|
| 4 March | I coached Sam on closing | 14 sales |
| 11 March | I listened to calls with Dev | no change |
"""


def test_adjacent_scope_counts_each_sentence_once():
    # a sentence is in two pairs (with the one before and the one after) but is one occurrence
    rs = single(SENTENCE.replace("SCOPE", "adjacent"))
    text = "We had a busy week. I coached Sam on his closing and he made 14 sales. The queue was long."
    (el,) = judge(rs, portfolio(text)).criterion("crit").elements
    assert [ev.quote for ev in el.evidence] == ["I coached Sam on his closing and he made 14 sales."]
    two = "I coached Sam on his closing. He made 14 sales. I coached Dev on his closing too."
    (el,) = judge(rs, portfolio(two)).criterion("crit").elements
    assert [ev.quote for ev in el.evidence] == ["I coached Sam on his closing.", "I coached Dev on his closing too."]


def test_adjacent_scope_reads_a_table_row_and_a_heading_as_paragraph_scope_does():
    rs = single(SENTENCE.replace("SCOPE", "adjacent"))
    crit = judge(rs, portfolio(TABLE, fmt="md")).criterion("crit")
    assert crit.status == "met"
    assert crit.elements[0].evidence[0].location == "table 1, row 2, column 2"
    text = "# Coaching Sam\n\nWe went through his calls. He made 14 sales. The team was quiet. It rained.\n"
    crit = judge(rs, portfolio(text, fmt="md")).criterion("crit")
    assert crit.status == "met"
    assert crit.elements[0].evidence[0].quote == "He made 14 sales."
    assert judge(rs, portfolio("# Coaching Sam\n", fmt="md")).criterion("crit").status == "missing"


def test_sentence_scope_reads_a_table_row_with_its_header_but_not_the_heading_above():
    rs = single(SENTENCE.replace("SCOPE", "sentence"))
    log = "| Date | Coaching given | Sales after |\n|---|---|---|\n| 4 March | Sam, on closing | 14 |\n"
    crit = judge(rs, portfolio(log, fmt="md")).criterion("crit")
    assert crit.status == "met"
    assert crit.elements[0].evidence[0].location.startswith("table 1, row 2")
    under_heading = "# Coaching\n\n| Date | Adviser | Sales after |\n|---|---|---|\n| 4 March | Sam | 14 |\n"
    assert judge(rs, portfolio(under_heading, fmt="md")).criterion("crit").status != "met"


def test_assessor_table_row_is_a_paragraph():
    rs = single(SENTENCE.replace("SCOPE", "paragraph"))
    crit = judge(rs, portfolio(TABLE, fmt="md")).criterion("crit")
    assert crit.status == "met"
    (ev,) = crit.elements[0].evidence
    assert ev.location == "table 1, row 2, column 2"
    assert ev.quote == "I coached Sam on closing"


def test_assessor_table_cells_of_other_rows_do_not_combine():
    rs = single(SENTENCE.replace("SCOPE", "paragraph"))
    text = "| What I did | Result |\n|---|---|\n| I coached Sam on closing | see below |\n| Notes | 14 sales |\n"
    assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == "missing"


def test_assessor_table_header_row_belongs_to_every_row():
    rs = single("""
    - id: el
      text: listened to calls with a result
      scope: paragraph
      all:
        - phrases: [listen]
        - phrases: [result]
    """)
    crit = judge(rs, portfolio(TABLE, fmt="md")).criterion("crit")
    assert crit.status == "met"
    (ev,) = crit.elements[0].evidence
    assert ev.location == "table 1, row 3, column 2"
    assert ev.quote == "I listened to calls with Dev"


def test_assessor_a_row_found_through_its_column_header_is_quoted_by_its_own_cell():
    rs = single("""
    - id: el
      text: a target agreed
      scope: paragraph
      all:
        - phrases: [target]
        - signals: [figure]
    """)
    text = "| Agent | Target |\n|---|---|\n| Zoe | 20 sales |\n| Sam | 25 sales |\n"
    crit = judge(rs, portfolio(text, fmt="md")).criterion("crit")
    assert crit.status == "met"
    quotes = [(ev.quote, ev.location) for ev in crit.elements[0].evidence]
    # the header "Target" is what the rows are about, but never the quote: each row's own cell is
    assert quotes[0] == ("20 sales", "table 1, row 2, column 2")
    assert all(q != "Target" for q, _ in quotes)


def test_assessor_sentence_scope_reads_the_header_with_each_row():
    rs = single("""
    - id: el
      text: a result
      all:
        - phrases: [result]
        - phrases: [listen]
    """)
    # the header's "Result" and the row's "listened" make one unit; the quote is the row's own cell
    crit = judge(rs, portfolio(TABLE, fmt="md")).criterion("crit")
    assert crit.status == "met" and crit.elements[0].evidence[0].quote == "I listened to calls with Dev"


# --- clue groups -------------------------------------------------------------------------------

def test_assessor_none_clue_excludes_the_unit():
    rs = single("""
    - id: el
      text: coached a team member
      all:
        - phrases: [coach]
      none:
        - phrases: [role play]
    """)
    assert judge(rs, portfolio("I coached Sam with a role play.")).criterion("crit").status == "missing"
    assert judge(rs, portfolio("I coached Sam on his calls.")).criterion("crit").status == "met"
    both = "I coached Sam with a role play. I coached Dev on his calls."
    (ev,) = judge(rs, portfolio(both)).criterion("crit").elements[0].evidence
    assert ev.quote == "I coached Dev on his calls."


def test_assessor_any_clue_needs_one():
    rs = single("""
    - id: el
      text: coached someone named
      all:
        - phrases: [coach]
      any:
        - signals: [person]
        - phrases: [new starter]
    """)
    assert judge(rs, portfolio("I coached the team.")).criterion("crit").status == "missing"
    assert judge(rs, portfolio("I coached the new starter.")).criterion("crit").status == "met"
    assert judge(rs, portfolio("I coached Amira.")).criterion("crit").status == "met"


def test_assessor_min_hits():
    rs = single("""
    - id: el
      text: coached twice
      min_hits: 2
      all:
        - phrases: [coach]
    """)
    once = judge(rs, portfolio("I coached Sam on Monday.")).criterion("crit")
    assert once.status == "at_risk"
    assert not once.elements[0].found
    assert "Shown too rarely: coached twice (found 1, needs 2)." in once.reasons
    twice = judge(rs, portfolio("I coached Sam on Monday. I coached Dev on Friday."))
    assert twice.criterion("crit").status == "met"


def test_assessor_element_evidence_types():
    rs = single("""
    - id: el
      text: confirmed by a witness
      evidence_types: [witness-testimony]
      all:
        - phrases: [huddle]
    """)
    text = "I ran the huddle every Monday."
    assert judge(rs, portfolio(text, names=("notes.txt",))).criterion("crit").status == "missing"
    witness = "Witness testimony\n\nI can confirm that Priya ran the huddle every Monday.\n\nSigned: R Okafor"
    assert judge(rs, portfolio(witness, names=("statement.txt",))).criterion("crit").status == "met"


def test_assessor_element_context_can_accept_other_actor():
    rs = single("""
    - id: el
      text: targets set by anyone
      context: [first_hand, other_actor]
      all:
        - phrases: [target]
    """)
    assert judge(rs, portfolio("My manager set the targets on 3 March.")).criterion("crit").status == "met"
    assert judge(rs, portfolio("My manager sets the targets.")).criterion("crit").status == "at_risk"  # a claim


# --- mistakes ----------------------------------------------------------------------------------

def test_assessor_mistake_absence(ruleset):
    detected = judge(ruleset, portfolio("I coached Priya on her openings.")).mistake("no-result")
    assert detected.detected
    assert "Nowhere in the portfolio: a result with a figure." in detected.reasons
    assert detected.advice == "Add a figure showing the effect."
    clear = judge(ruleset, portfolio(COACHED)).mistake("no-result")
    assert not clear.detected
    assert clear.advice is None
    assert clear.reasons[0].startswith("Shown: a result with a figure")


def test_assessor_mistake_absence_quotes_near_misses(ruleset):
    m = judge(ruleset, portfolio("Her conversion would improve to 24%.")).mistake("no-result")
    assert m.detected
    assert [e.quote for e in m.evidence] == ["Her conversion would improve to 24%."]


def test_assessor_mistake_presence(ruleset):
    m = judge(ruleset, portfolio("I told Sam the team were lazy on Fridays.")).mistake("blame")
    assert m.detected
    assert m.evidence[0].quote == "I told Sam the team were lazy on Fridays."
    assert not judge(ruleset, portfolio("The team worked hard.")).mistake("blame").detected


@pytest.mark.parametrize(
    ("text", "detected"),
    [
        ("I reported the calls taken each day.", True),
        ("I reported the calls taken each day and our conversion.", False),
        ("I reported our conversion each day.", False),
        ("I answered emails.", False),
    ],
)
def test_assessor_mistake_condition(ruleset, text, detected):
    assert judge(ruleset, portfolio(text)).mistake("volume-only").detected is detected


# --- evidence: quotes, locations, context ------------------------------------------------------

def test_assessor_quotes_are_exact_substrings_and_locations(ruleset):
    text = (
        "Notes written up\u00a0after the shift.\n\n"
        "On the \ufb01rst day I coached \u201cPriya\u201d on her call openings. "
        "Her conversion improved from 18% to 24%."
    )
    p = portfolio(text)
    crit = judge(ruleset, p).criterion("coaching")
    assert crit.status == "met"
    doc_text = p.documents[0].text
    for ev in crit.evidence:
        assert ev.quote in doc_text
        assert ev.location == "paragraph 2"
        assert ev.document == "evidence-0.txt"
    coached = next(ev for ev in crit.evidence if "coached" in ev.matched)
    assert coached.quote == "On the \ufb01rst day I coached \u201cPriya\u201d on her call openings."
    assert "Priya" in coached.matched


def test_assessor_keyword_stuffing_is_not_first_hand():
    rs = RuleSet.model_validate(yaml.safe_load(textwrap.dedent("""
        id: stuffed
        title: Stuffed
        version: "1"
        criteria:
          - {id: c1, name: a, text: a, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
             elements: [{id: e, text: coaching, all: [{phrases: [coaching]}]}]}
          - {id: c2, name: b, text: b, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
             elements: [{id: e, text: feedback, all: [{phrases: [feedback]}]}]}
          - {id: c3, name: c, text: c, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
             elements: [{id: e, text: rota, all: [{phrases: [rota]}]}]}
          - {id: c4, name: d, text: d, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
             elements: [{id: e, text: targets, all: [{phrases: [target]}]}]}
    """)))
    stuffed = judge(rs, portfolio("I use coaching, feedback, rotas and targets to lead my team."))
    for crit in stuffed.criteria:
        assert crit.status == "at_risk"
        assert crit.elements[0].near_misses[0].context == "generic"
    concrete = judge(rs, portfolio("On 4 March I used coaching, feedback, rotas and targets with Sam."))
    assert all(c.status == "met" for c in concrete.criteria)
    separate = judge(rs, portfolio("I gave feedback to Sam. I wrote the rota."))
    assert separate.criterion("c2").status == "met"
    assert separate.criterion("c3").status == "met"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("# I coached Priya on her openings\n\nThe week was busy.", "md"),
        ("COACHED PRIYA ON HER OPENINGS\nThe week was busy.", "txt"),
        ("Coaching Priya on her openings:\nThe week was busy.", "txt"),
    ],
)
def test_assessor_headings_never_count(ruleset, text, fmt):
    doc = parse_string(text, name="h." + fmt, fmt=fmt)
    assert doc.blocks[0].kind == "heading"
    crit = judge(ruleset, Portfolio(documents=(doc,))).criterion("coaching")
    assert crit.status == "missing"
    assert not crit.elements[0].found and not crit.elements[0].near_misses


def test_assessor_warns_without_witness_testimony(ruleset):
    result = judge(ruleset, portfolio(COACHED))
    assert any("no witness testimony" in w for w in result.warnings)
    empty = judge(ruleset, Portfolio())
    assert empty.warnings == ("No evidence could be read, so nothing could be checked.",)
    assert all(c.status == "missing" for c in empty.criteria)


# --- evidence types ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        (
            "statement.txt",
            ("Witness testimony\n\nI can confirm that I have observed Amira running the morning huddle. "
            "I am her line manager.\n\nSigned: R Okafor"),
            "witness-testimony",
        ),
        (
            "notes.txt",
            ("Team meeting minutes\n\nAttendees: Amira, Sam, Dev\nApologies: none\n\n"
            "Action points: Sam to update the board by Friday."),
            "meeting-minutes",
        ),
        (
            "message.txt",
            ("From: Amira\nTo: Team\nSubject: New break pattern\n\nHi team,\n\n"
            "Breaks move to 11:15 from Monday.\n\nKind regards\nAmira"),
            "email",
        ),
    ],
)
def test_assessor_classify_evidence_types(name, text, kind):
    types = classify(parse_string(text, name=name))
    assert types[0] == kind


def test_assessor_classify_other_when_nothing_fits():
    assert classify(parse_string("The weather was nice.", name="x.txt")) == ("other",)


def test_assessor_classify_uses_file_name():
    assert "witness-testimony" in classify(parse_string("Priya leads well.", name="witness-testimony.txt"))


# --- keyword stuffing needs strong evidence ----------------------------------------------------

STUFFING_RULES = textwrap.dedent("""
    id: stuffing
    title: Stuffing
    version: "1"
    criteria:
      - {id: c1, name: a, text: a, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
         elements: [{id: e, text: coaching, all: [{phrases: [coaching]}]}]}
      - {id: c2, name: b, text: b, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
         elements: [{id: e, text: feedback, all: [{phrases: [feedback]}]}]}
      - {id: c3, name: c, text: c, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
         elements: [{id: e, text: rota, all: [{phrases: [rota]}]}]}
      - {id: c4, name: d, text: d, good_answer: g, common_mistake: c, advice: {missing: m, at_risk: r},
         elements: [{id: e, text: targets, all: [{phrases: [target]}]}]}
""")


@pytest.mark.parametrize(
    "text",
    [
        # a past, first-hand action with no figure or date is still an example, not a list
        "After the team meeting I rewrote the rota around their coaching, feedback and targets.",
        "We reworked the rota so that coaching, feedback and target reviews all fell in quiet hours.",
        # a long sentence that only mentions the words along the way
        ("When the early shift kept falling short of its target, I sat down with the planners, moved two "
         "people onto the late rota, booked them some coaching and gave each of them feedback a week later."),
    ],
)
def test_assessor_keyword_stuffing_spares_real_first_hand_sentences(text):
    rs = RuleSet.model_validate(yaml.safe_load(STUFFING_RULES))
    result = judge(rs, portfolio(text))
    for crit in result.criteria:
        assert crit.status == "met", (crit.id, crit.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "I ensure coaching, feedback, rotas and targets are in place for everyone.",
        "My approach combines coaching, feedback, a fair rota and stretching targets.",
        "I always use coaching and feedback, plan the rota and set targets.",
    ],
)
def test_assessor_keyword_stuffing_still_flags_lists_of_keywords(text):
    rs = RuleSet.model_validate(yaml.safe_load(STUFFING_RULES))
    result = judge(rs, portfolio(text))
    for crit in result.criteria:
        assert crit.status == "at_risk", (crit.id, crit.reasons)
        assert crit.elements[0].near_misses[0].context == "generic"


def test_assessor_computes_each_signal_once_per_block(monkeypatch):
    from evidencecheck.nlp import signals as mod
    from evidencecheck.nlp.signals.base import cached

    runs: list[int] = []
    for name in ("figure", "date", "person"):
        original = mod.SIGNALS[name].detect

        def counting(doc, original=original, name=name):
            runs.append((name, id(doc)))
            return original(doc)

        monkeypatch.setitem(mod.SIGNALS._signals, name, mod.Signal(name, "counted", cached(name + "-probe", counting)))
    text = ("I coached Priya on her call openings on 4 March. Her conversion improved from 18% to 24%.\n\n"
            "Witness testimony\n\nSigned: R Okafor, 5 March")
    judge(RuleSet.model_validate(yaml.safe_load(RULES)), portfolio(text, names=("coaching-log.txt",)))
    assert runs and len(runs) == len(set(runs))


# --- rota: a document that is one, not one that mentions one --------------------------------------

@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("reflection.txt",
         ("Reflective account\n\nWhen two advisers phoned in sick I changed the rota so the late shift still "
          "had cover, moved lunch breaks around and asked Sam to swap his early for a late."), "txt"),
        ("minutes-june.txt",
         ("Team meeting minutes\n\nAttendees: Grace, Sam, Dev\n\nThe team asked for the shift swaps to be "
          "shown on the rota. Breaks and lunch cover were discussed.\n\nAction points: Dev to check staffing."), "txt"),
        ("plan.md",
         ("# Monitoring plan\n\n| When | What I do |\n|---|---|\n| Daily | Check the early and late shift queues |\n"
          "| Weekly | Listen to two calls per adviser |\n| Monthly | One-to-one reviews |\n"), "md"),
        # a heading over one section of prose names the section's topic, not the document's kind
        ("account.md",
         ("# Planning the rota\n\nEach week I build the rota and share the lates out fairly.\n\n"
          "# Coaching\n\nI coached Sam on his call openings on 3 May.\n\n"
          "# Results\n\nOur first-contact resolution rose to 74%.\n"), "md"),
    ],
)
def test_assessor_classify_mentioning_a_rota_is_not_a_rota(name, text, fmt):
    assert "rota" not in classify(parse_string(text, name=name, fmt=fmt))


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("team-rota-june.txt", "Grace and Sam on lates this week.", "txt"),
        ("week-plan.md",
         ("# Who is on when\n\n| Day | Shift | Advisers |\n|---|---|---|\n| Monday | 08:00 to 16:00 | Grace, Sam |\n"
          "| Tuesday | 10:00 to 18:00 | Dev, Ola |\n| Wednesday | 08:00 to 16:00 | Grace, Ola |\n"
          "| Thursday | 12:00 to 20:00 | Sam, Dev |\n"), "md"),
        ("cover.md",
         ("# Cover for the bank holiday\n\n| Adviser | Mon | Tue | Wed | Thu | Fri |\n|---|---|---|---|---|---|\n"
          "| Grace | E | E | L | off | E |\n| Sam | L | L | E | E | off |\n"), "md"),
        ("notes.md", "# Shift rota for the Easter weekend\n\nGrace and Sam cover Saturday; Dev covers Sunday.", "md"),
        # one section of a longer document, holding the rota itself
        ("appendices.md",
         ("# Appendix 1: team rota\n\n- Grace: early, Monday to Wednesday\n- Sam: late, Monday to Wednesday\n\n"
          "# Appendix 2: coaching notes\n\nI coached Sam on his call openings on 3 May.\n"), "md"),
        ("lates.txt",
         ("Monday 12:00-20:00 Grace\nTuesday 12:00-20:00 Sam\nWednesday 12:00-20:00 Dev\n"
          "Thursday 12:00-20:00 Ola\nFriday 12:00-20:00 Grace"), "txt"),
    ],
)
def test_assessor_classify_rota_by_title_heading_or_structure(name, text, fmt):
    assert "rota" in classify(parse_string(text, name=name, fmt=fmt))


# --- kpi_value in tables: a KPI named in the header, its value in a data row -------------------

KPI_ONLY = """
- id: el
  text: a KPI with its value
  scope: SCOPE
  all:
    - signals: [kpi_value]
"""

KPI_TABLE = """\
| Adviser | AHT | FCR % | Notes |
|---|---|---|---|
| Grace | 6:05 | 78 | steady week |
| Sam | 7:40 | 71 | new starter |
"""


@pytest.mark.parametrize("scope", ["sentence", "paragraph"])
def test_assessor_kpi_value_pairs_table_header_with_cell(scope):
    rs = single(KPI_ONLY.replace("SCOPE", scope))
    crit = judge(rs, portfolio(KPI_TABLE, fmt="md")).criterion("crit")
    assert crit.status == "met"
    quotes = {(e.location, e.quote) for e in crit.elements[0].evidence}
    assert ("table 1, row 2, column 2", "6:05") in quotes


def test_assessor_kpi_value_needs_a_kpi_header_and_a_number():
    rs = single(KPI_ONLY.replace("SCOPE", "paragraph"))
    no_kpi = "| Adviser | Desk | Notes |\n|---|---|---|\n| Grace | 14 | window seat |\n"
    no_number = "| Adviser | AHT | Notes |\n|---|---|---|\n| Grace | good | steady |\n"
    year = "| Adviser | CSAT review | Notes |\n|---|---|---|\n| Grace | 2024 | steady |\n"
    for text in (no_kpi, no_number, year):
        assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == "missing", text


def test_assessor_kpi_value_pairs_row_label_with_cells():
    rs = single(KPI_ONLY.replace("SCOPE", "sentence"))
    text = "| Measure | April | May |\n|---|---|---|\n| CSAT | 81% | 84% |\n| Team meetings | 4 | 5 |\n"
    crit = judge(rs, portfolio(text, fmt="md")).criterion("crit")
    assert crit.status == "met"
    assert {e.location for e in crit.elements[0].evidence} <= {"table 1, row 2, column 2", "table 1, row 2, column 3"}


def test_engine_does_not_raise_a_mistake_on_the_absence_of_what_it_quotes():
    from evidencecheck.rules.registry import load_unit

    rs = load_unit("lead-team-improve-service")
    text = ("On 3 May I nominated Mo for the site Star Award because she stayed late to clear the complaints queue. "
            "I allocated the complaints queue to Mo and Dev every morning.")
    result = judge(rs, portfolio(text, names=("reflective-account.txt",)))
    quoted = [ev.quote for c in result.criteria for ev in c.evidence]
    assert any("nominated Mo" in q for q in quoted)
    assert result.mistake("contributions-not-recognised").detected is False


def test_engine_phrases_tolerate_inserted_words_only_where_a_clue_allows():
    tight = single("""
    - id: el
      text: agreed actions
      all:
        - phrases: [agreed actions]
    """)
    loose = single("""
    - id: el
      text: agreed actions
      all:
        - phrases: [agreed actions]
          inserted_words: 1
    """)
    text = "On 3 May we agreed two actions with Sam."
    assert judge(tight, portfolio(text)).criterion("crit").status == "missing"
    assert judge(loose, portfolio(text)).criterion("crit").status == "met"
    # only determiners, pronouns, adjectives and numbers may be inserted, and only as many as allowed
    assert judge(loose, portfolio("On 3 May we agreed on actions with Sam.")).criterion("crit").status == "missing"
    assert judge(loose, portfolio("On 3 May we agreed the two actions.")).criterion("crit").status == "missing"


def test_engine_a_heading_is_context_for_the_paragraphs_under_it_but_never_the_quote():
    rs = single("""
    - id: el
      text: coaching given to a named person
      scope: paragraph
      all:
        - phrases: [coach]
        - signals: [person]
    """)
    text = "# Coaching Jordan on meter readings\n\nOn 3 May I sat with Jordan and we listened to three calls.\n"
    crit = judge(rs, portfolio(text, fmt="md")).criterion("crit")
    assert crit.status == "met"
    assert crit.elements[0].evidence[0].quote == "On 3 May I sat with Jordan and we listened to three calls."
    assert judge(rs, portfolio("# Coaching Jordan\n", fmt="md")).criterion("crit").status == "missing"


def test_engine_a_dated_record_document_shows_its_record_element():
    rs = single("""
    - id: el
      text: a coaching record
      record_types: [coaching-log]
      any:
        - phrases: [coach]
    """)
    log = "Coaching log\n\nDate: 3 May 2024. Sat with Jordan on call openings."
    assert judge(rs, portfolio(log, names=("coaching-log.txt",))).criterion("crit").status == "met"
    undated = "Coaching log\n\nSat with Jordan on call openings."
    assert judge(rs, portfolio(undated, names=("coaching-log.txt",))).criterion("crit").status != "met"
    sales = single("""
    - id: el
      text: a record of sales
      record_types: [kpi-report]
      any:
        - phrases: [sales, conversion]
    """)
    tracker = "Weekly KPI tracker, w/c 3 June 2024\n\n| Adviser | Sales | Conversion |\n|---|---|---|\n| Sam | 40 | 21% |"
    assert judge(sales, portfolio(tracker, names=("kpi-tracker.md",), fmt="md")).criterion("crit").status == "met"
    # a dashboard of something else is not a record of sales
    other = "Weekly KPI tracker, w/c 3 June 2024\n\n| Module | Completed |\n|---|---|\n| GDPR | 82% |"
    assert judge(sales, portfolio(other, names=("kpi-tracker.md",), fmt="md")).criterion("crit").status == "missing"


def test_engine_a_record_is_quoted_by_its_own_words_on_the_topic_not_its_title():
    rs = single("""
    - id: el
      text: a coaching record with the figures
      record_types: [coaching-log]
      all:
        - phrases: [coach]
        - signals: [figure]
    """)
    log = "# Coaching log\n\nDate: 3 May 2024.\n\nWe agreed what the coaching should cover next."
    (ev,) = judge(rs, portfolio(log, names=("coaching-log.md",), fmt="md")).criterion("crit").elements[0].evidence
    assert ev.quote == "We agreed what the coaching should cover next."
    title_only = "# Coaching log\n\nDate: 3 May 2024.\n\n| Coaching | Notes |\n|---|---|\n| | |\n"
    (ev,) = judge(rs, portfolio(title_only, names=("coaching-log.md",), fmt="md")).criterion("crit").elements[0].evidence
    assert ev.quote == "Coaching log"


def test_engine_the_witnesss_own_i_is_not_the_learner():
    rs = single("""
    - id: el
      text: targets set by the learner
      all:
        - phrases: [target]
    """)
    witness = ("Witness testimony\n\nI am Sam's line manager. On 3 May I set the team targets for June.\n\n"
               "Signed: R Okafor, 5 May 2024")
    result = judge(rs, portfolio(witness, names=("witness-testimony.txt",)))
    assert result.criterion("crit").status == "at_risk"
    assert result.criterion("crit").elements[0].near_misses[0].context == "other_actor"
    about_learner = ("Witness testimony\n\nOn 3 May Sam set the team targets for June.\n\nSigned: R Okafor, 5 May 2024")
    assert judge(rs, portfolio(about_learner, names=("witness-testimony.txt",))).criterion("crit").status == "met"


def test_engine_a_name_one_document_gives_someone_is_a_name_in_the_others():
    rs = single("""
    - id: el
      text: a team member thanked
      all:
        - phrases: [thank]
    """)
    account = ("Precious is quieter and doesn't like being singled out, so when she saved an angry "
               "customer I thanked her one to one rather than in front of the team.")
    sheet = "| Team member | Target |\n| --- | --- |\n| Ollie B | 28 |\n| Precious A | 46% |\n| Marek S | 23 |\n"

    def people(pf: Portfolio) -> list[str]:
        doc = portfolio_matches(rs, pf).documents[0].blocks[0].doc
        return [doc[a:b].text for a, b in SIGNALS["person"].detect(doc)]

    # alone, "Precious" opening a sentence is the common word's capital; the target sheet's column
    # of team members names her
    assert people(portfolio(account)) == []
    assert people(portfolio(account, sheet, fmt="md")) == ["Precious"]


def test_engine_a_witness_handling_the_learners_record_shows_it_and_their_own_does_not():
    rs = single("""
    - id: el
      text: a KPI report
      all:
        - phrases: [kpi report, appraisal]
    """)
    def judged(sentence: str) -> str:
        witness = f"Witness testimony\n\nI am Sam's line manager. {sentence}\n\nSigned: R Okafor, 5 May 2024"
        return judge(rs, portfolio(witness, names=("witness-testimony.txt",))).criterion("crit").status
    assert judged("Every month I receive Sam's KPI report for the team.") == "met"
    assert judged("On 3 May I read her appraisal forms for the team.") == "met"
    assert judged("On 3 May I wrote the appraisal forms for her team myself.") == "at_risk"  # the witness's own


def test_engine_a_witness_testimony_is_no_record_of_another_kind():
    rs = single("""
    - id: el
      text: a KPI report
      record_types: [kpi-report]
      any:
        - phrases: [stats, adherence]
    """)
    # the manager's own reading of the stats: a statement about the work, not the KPI report itself
    witness = ("Witness testimony, 12/12/2023\n\nI have managed Sam since July. Every Monday I look at the weekly "
               "KPI stats and the adherence figures myself, which had Sam at 93% in November.\n\nSigned: R Okafor")
    result = judge(rs, portfolio(witness, names=("witness-testimony-kpi-report.txt",)))
    assert {"witness-testimony", "kpi-report"} <= set(result.documents[0].evidence_types)
    assert result.criterion("crit").status == "at_risk"
    tracker = "Weekly KPI report, w/c 3 June 2024\n\n| Adviser | Adherence |\n|---|---|\n| Sam | 93% |"
    assert judge(rs, portfolio(tracker, names=("kpi-report.md",), fmt="md")).criterion("crit").status == "met"
    # the same statement is a record when its kind is first a KPI report (a signed report that says
    # "I can confirm"), and no record when it is first a testimony
    for kinds, status in ((["kpi-report", "witness-testimony"], "met"), (["witness-testimony", "kpi-report"], "at_risk")):
        result = judge(rs, portfolio(witness, names=("statement.txt",)), type_overrides={"statement.txt": kinds})
        assert result.criterion("crit").status == status


@pytest.mark.parametrize("phrase, text", [
    ("fairness", "On 3 May I explained the fairness of the new rota to Sam."),
    ("icobs", "On 3 May I checked Sam's call against ICOBS."),
    ("wellbeing", "On 3 May I asked Sam about her wellbeing."),
    ("ces", "On 3 May our CES rose to 4.1."),
])
def test_assessor_a_phrase_matches_its_own_words_as_written(phrase, text):
    # a word the lemma table lacks is lemmatised by the tagger, alone differently than in a sentence
    rules = single(f"- {{id: e, text: the thing, all: [{{phrases: [{phrase}]}}]}}")
    assert judge(rules, portfolio(text)).criterion("crit").status == "met"
    assert judge(rules, portfolio("On 3 May I explained the new rota to Sam.")).criterion("crit").status == "missing"


def test_a_table_row_whose_value_denies_it_is_a_denial_not_evidence():
    rs = single("""
    - id: el
      text: team briefings held
      scope: paragraph
      all:
        - phrases: [briefing]
    """)
    table = "| Activity | Held this quarter |\n|---|---|\n| Team briefings | None since March |\n"
    crit = judge(rs, portfolio(table, fmt="md")).criterion("crit")
    assert crit.status == "missing"
    assert crit.evidence == ()
    (near,) = crit.near_misses
    assert near.context == "negated" and near.cue == "None since March"
    held = "| Activity | Held this quarter |\n|---|---|\n| Team briefings | Every Monday, 9am |\n"
    assert judge(rs, portfolio(held, fmt="md")).criterion("crit").status == "met"
    # a longer cell that starts with "No" explains the row, it does not deny it
    reason = ("| Activity | Notes |\n|---|---|\n"
              "| Team briefings on Mondays | No one is left out, so the late shift joins by phone |\n")
    assert judge(rs, portfolio(reason, fmt="md")).criterion("crit").status == "met"
    # the denial must be the row's value, to the right of what it is about
    left = "| Held | Activity |\n|---|---|\n| None | Team briefings on 3 May |\n"
    assert judge(rs, portfolio(left, fmt="md")).criterion("crit").status == "met"


COACHING_GIVEN = """
- id: el
  text: coaching given
  all:
    - phrases: [coach]
"""


def test_a_claim_about_everyone_is_not_made_concrete_by_a_frequency():
    rs = single(COACHING_GIVEN)
    for claim in ("I always coach my advisers every week.",
                  "I coach all of my team every week.",
                  "Everyone gets coaching from me every month."):
        crit = judge(rs, portfolio(claim)).criterion("crit")
        assert crit.status == "at_risk", claim
        assert crit.evidence == ()
    for shown in ("Every week I coach two of my advisers on their closing.",
                  "I always coach Sam on Mondays.",
                  "I coach all my team every week and on 3 May I coached Sam."):
        assert judge(rs, portfolio(shown)).criterion("crit").status == "met", shown


def test_a_shown_sentence_element_may_be_quoted_by_the_sentence_its_clues_complete_with_a_neighbour():
    rs = single("""
    - id: el
      text: coaching given to a named person
      all:
        - phrases: [coach]
        - signals: [person]
    """)
    text = ("I coached Priya on her openings.\n\n"
            "The coaching session on 3 May focused on trial closes. Sam tried them on his next ten calls.\n")
    crit = judge(rs, portfolio(text)).criterion("crit")
    assert crit.status == "met"
    # the element is shown by the sentence that holds both clues; the criterion may also quote the
    # coaching sentence whose person is in the next sentence
    assert [ev.quote for ev in crit.elements[0].evidence] == ["I coached Priya on her openings."]
    assert "The coaching session on 3 May focused on trial closes." in [ev.quote for ev in crit.evidence]
    # but never for an element that is not shown at all in one sentence
    alone = judge(rs, portfolio(text.split("\n\n")[1])).criterion("crit")
    assert alone.evidence == ()


def test_clues_with_the_same_content_share_hits_and_each_element_names_its_own_parts():
    rs = RuleSet.model_validate(yaml.safe_load(RULES))
    data = yaml.safe_load(RULES)
    copy = dict(data["criteria"][0], id="coaching-again")
    copy["elements"][0]["all"][0]["label"] = "another name"  # a label does not change what a clue matches
    data["criteria"].append(copy)
    twice = RuleSet.model_validate(data)
    pf = portfolio(COACHED)
    one_pm = portfolio_matches(rs, pf)
    pm = portfolio_matches(twice, pf)
    first, second = "criteria[0].elements[0].all[0]", "criteria[3].elements[0].all[0]"
    assert pm.compiled.canonical[second] == first
    assert len(pm.hits) == len(one_pm.hits)  # one hit per match, not one per clue that shares it
    assert pm.by_clue[second] is pm.by_clue[first]
    matches = matches_of(pm)
    parts = matches.elements["coaching-again.coached"].accepted[0].parts
    assert parts and all(p.startswith("criteria[3].") for p in parts)
    assert all(p.startswith("criteria[0].") for p in matches.elements["coaching.coached"].accepted[0].parts)
    assert {f"{first}.phrases[0]", f"{second}.phrases[0]"} <= pm.fired_parts
    assessment = assess(twice, matches, pf)
    assert assessment.criterion("coaching-again").status == assessment.criterion("coaching").status == "met"


def test_a_criterions_matched_words_are_found_in_a_quote_as_whole_words_only():
    from evidencecheck.assess.assessor import _by_first_word, _mentions

    words = {"coach", "rota", "sam"}
    phrases = _by_first_word({"one-to-one", "team meeting"})
    quote = "In my one-to-one with Sam I coached him; the team-meeting notes and the rotas are attached."
    assert _mentions(quote, words, phrases) == {"sam", "one-to-one"}
    assert _mentions("We held a team meeting to coach Sam.", words, phrases) == {"coach", "sam", "team meeting"}


def test_every_required_clue_must_be_shown_in_an_accepted_context_not_only_the_anchor():
    rs = single("""
    - id: el
      text: the figures analysed
      scope: paragraph
      all:
        - phrases: [fcr]
        - phrases: [analyse]
    """)
    assert judge(rs, portfolio("I analysed why FCR fell to 71% in March.")).criterion("crit").status == "met"
    # the figure is the learner's sentence, the analysis someone else's or only wished for
    for text, cue in (("FCR fell to 71% in March. My manager analysed why and shared it at the huddle.", "My manager"),
                      ("FCR fell to 71% in March. I would analyse why if I had time.", "would")):
        crit = judge(rs, portfolio(text)).criterion("crit")
        assert crit.status == "at_risk", text
        assert crit.evidence == ()
        assert crit.elements[0].near_misses[0].cue == cue
    # one accepted occurrence of the clue in the unit is enough
    both = "FCR fell to 71% in March. My manager analysed why, and then I analysed the calls myself with Sam."
    assert judge(rs, portfolio(both)).criterion("crit").status == "met"


KPI_TABLE_RULES = """
- id: el
  text: a measured improvement
  scope: paragraph
  all:
    - phrases: [csat, fcr]
    - signals: [figure]
  any:
    - phrases: [improve]
    - signals: [kpi_change]
"""


@pytest.mark.parametrize(("table", "status"), [
    # a KPI's row of figures by month, and a KPI's column, that change: an improvement shown in figures
    ("| KPI | March | April |\n|---|---|---|\n| CSAT | 78% | 84% |\n", "met"),
    ("| Month | FCR |\n|---|---|\n| March | 71% |\n| April | 76% |\n", "met"),
    # the same figures every month, or a row that names no KPI, show no change
    ("| KPI | March | April |\n|---|---|---|\n| CSAT | 80% | 80% |\n", "missing"),
    ("| Adviser | March | April |\n|---|---|---|\n| Sam | 78% | 84% |\n", "missing"),
])
def test_a_kpi_tables_before_and_after_figures_show_a_change(table, status):
    rs = single(KPI_TABLE_RULES)
    text = "Team figures for the spring.\n\n" + table
    assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == status, table


def test_a_list_item_takes_the_context_of_its_lead_in():
    rs = single(COACHING_GIVEN)
    for lead, status in (("A good team leader should:", "at_risk"), ("If I had more time I would:", "at_risk"),
                         ("Things I did in May:", "met")):
        text = f"{lead}\n\n- coach Sam on his closing on 3 May\n- praise the team\n"
        assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == status, lead
    # a lead-in is the block just before the list, and only one that the list finishes (ends with ':')
    text = "I should do more of this.\n\nCoaching log\n\n- coached Sam on his closing on 3 May\n"
    assert judge(rs, portfolio(text, fmt="md")).criterion("crit").status == "met"


def test_a_list_of_options_is_general_talk():
    rs = single(COACHING_GIVEN)
    items = "\n\n- coaching Sam on his closing on 3 May\n- praise at the huddle\n"
    # a lead-in that offers options: its items say what could be done, not what was
    for lead in ("Ways to support a struggling adviser include:", "Possible approaches:",
                 "Types of support such as:", "Options for Sam could be:",
                 "Things that could be tried include:"):
        crit = judge(rs, portfolio(lead + items, fmt="md")).criterion("crit")
        assert crit.status == "at_risk", lead
        assert crit.evidence == ()
    # a lead-in in the first person or the past tells the learner's own work
    for lead in ("Ways I supported Sam include:", "Support given in May, such as:", "Possible approaches we used:"):
        assert judge(rs, portfolio(lead + items, fmt="md")).criterion("crit").status == "met", lead
    # an item that tells its own work is the learner's account whatever the lead-in
    own = "Ways to support a struggling adviser include:\n\n- I coached Sam on his closing on 3 May\n"
    assert judge(rs, portfolio(own, fmt="md")).criterion("crit").status == "met"


def test_you_in_the_learners_own_account_is_anyone():
    rs = single(COACHING_GIVEN)
    # "you" as the subject, in an account, says what anyone does: general talk, whatever its details
    for text in ("As a team leader you coach each adviser on their closing every month.",
                 "In this role you coach each new starter on their closing in their first week."):
        crit = judge(rs, portfolio(text, names=("reflective-account.txt",))).criterion("crit")
        assert crit.status == "at_risk", text
        assert crit.evidence == ()
        assert any("\u201cyou\u201d in general" in r for r in crit.reasons), crit.reasons
    # the learner's own "I", "you" as an object, quoted speech, and "you" addressed to the learner
    # by a witness are evidence
    for text, name in (("I coach Sam on his closing every month; his last session was on 3 May.", "reflective-account.txt"),
                       ("Sam asked if I could coach him, and I coached him on his closing on 3 May.", "reflective-account.txt"),
                       ("Sam said \u201cyou coached me on my closing on 3 May and it worked\u201d.", "reflective-account.txt"),
                       ("Jordan, you coached Sam on his closing on 3 May and I watched it.", "witness-testimony-sam.txt")):
        assert judge(rs, portfolio(text, names=(name,))).criterion("crit").status == "met", text


def test_a_detail_in_a_plan_does_not_make_a_sentence_concrete():
    rs = single(COACHING_GIVEN)
    plan = "I coach the team and will review it with each of them on 3 May."
    crit = judge(rs, portfolio(plan)).criterion("crit")
    assert crit.status == "at_risk"
    assert crit.evidence == ()
    for done in ("I coach the team and reviewed it with each of them on 3 May.",
                 "I coach the team, and Sam's conversion went from 9% to 14%."):
        assert judge(rs, portfolio(done)).criterion("crit").status == "met", done


def test_engine_sentence_scope_joins_a_sentence_to_the_one_it_carries_on():
    rs = single("""
    - id: el
      text: a session that changed something
      scope: sentence
      all:
        - phrases: [session]
        - phrases: [improve]
    """)
    linked = "On 3 May I ran a coaching session with Priya. This improved her closing rate to 18%."
    apart = "On 3 May I ran a coaching session with Priya. Our team's wallboard improved in June."
    assert judge(rs, portfolio(linked)).criterion("crit").elements[0].found
    assert not judge(rs, portfolio(apart)).criterion("crit").elements[0].found


@pytest.mark.parametrize(("text", "status"), [
    ("I coach the new starters on their closing. This has lifted their conversion to 18%.", "met"),
    ("I coach the new starters on their closing. Our floor is a friendly place to work.", "at_risk"),
])
def test_engine_detail_in_a_sentence_that_carries_the_anchor_on_is_concrete(text, status):
    rs = single("""
    - id: el
      text: coached the team
      all:
        - phrases: [coach]
    """)
    assert judge(rs, portfolio(text)).criterion("crit").status == status


def test_unsigned_records_are_judged_record_by_record():
    """A signed tracker with many rows has nothing unsigned; a second, unsigned log has."""
    from evidencecheck.rules.registry import load_unit

    unit = load_unit("plan-allocate-monitor-work")
    rows = "\n".join(f"| {name} | {fcr}% | 75% |" for name, fcr in
                     (("Sam", 74), ("Mia", 78), ("Raj", 71), ("Tom", 76), ("Zoe", 73)))
    signed = (f"# Weekly performance tracker, week commencing 7 October 2024\n\n| Adviser | FCR | Target FCR |\n"
              f"|---|---|---|\n{rows}\n\nSigned: J. Okafor, team leader, 11/10/2024\n")
    unsigned = ("# Weekly performance tracker, week commencing 14 October 2024\n\n| Adviser | FCR | Target FCR |\n"
                "|---|---|---|\n| Sam | 77% | 75% |\n| Mia | 80% | 75% |\n")

    def detected(*texts: str) -> bool:
        pf = portfolio(*texts, names=tuple(f"tracker-{i}.md" for i in range(len(texts))), fmt="md")
        result = judge(unit, pf)
        return next(m for m in result.mistakes if m.id == "unsigned-undated-records").detected

    assert detected(signed) is False
    assert detected(signed, unsigned) is True


def test_dependency_patterns_run_only_where_their_words_are() -> None:
    """The cheap word test before the DependencyMatcher: a block without a frame's verb or object
    is not searched, and a block with them gives the same frame hit as before."""
    from evidencecheck.nlp.compile import compile_ruleset
    from evidencecheck.nlp.normalise import process_documents
    from evidencecheck.nlp.pipeline import get_nlp

    rs = single("""
        - id: agreed
          text: targets agreed
          all:
            - frames: [{verbs: [agree, set], objects: [target]}]
        """)
    nlp = get_nlp()
    compiled = compile_ruleset(rs, nlp)
    texts = ["The weather in Leeds was fine all week.", "I agreed two targets with Sam on 3 May.",
             "We set a target for it.", "Targets matter to us."]
    blocks = [b for d in process_documents(nlp, [parse_string(t, name=f"d{i}.txt") for i, t in enumerate(texts)])
              for b in d.blocks]
    assert [compiled._may_depend(b.doc) for b in blocks] == [False, True, True, False]
    framed = [[h.text for h in compiled.hits(b) if ".frames[" in h.part_id] for b in blocks]
    assert framed[0] == [] and framed[3] == []
    assert framed[1] == ["agreed two targets"] and framed[2] == ["set a target"]


@pytest.mark.parametrize(("text", "habitual"), [
    ("We hold one-to-ones with the team every month.", True),
    ("One-to-ones are held weekly.", True),
    ("I hold one-to-ones with the team every month; Sam's was on 3 May.", False),  # a date
    ("I held a one-to-one with Sam every week in May.", False),  # a person, a month, a told event
    ("We hold one-to-ones with the team every month and each lasts 30 minutes.", False),  # a figure
])
def test_a_sentence_concrete_only_by_how_often_is_habitual(text: str, habitual: bool) -> None:
    rs = single("""
        - id: held
          text: one-to-ones held
          all:
            - phrases: [one-to-one]
        """)
    found = match_portfolio(rs, portfolio(text)).element("crit.held").accepted
    assert [(o.concrete, o.habitual) for o in found] == [(True, habitual)]


@pytest.mark.parametrize(("text", "concrete"), [
    # "everyone" in another clause does not make the huddle's frequency a claim about everyone
    ("I make sure everyone is logged in on time, and at each huddle I link our work to the survey.", True),
    ("Everyone gets a huddle every morning.", False),
    ("I always run a huddle with all my team every week.", False),
])
def test_a_frequency_is_no_detail_only_in_a_claim_about_everyone(text: str, concrete: bool) -> None:
    rs = single("""
        - id: huddle
          text: huddles held
          all:
            - phrases: [huddle]
        """)
    found = match_portfolio(rs, portfolio(text)).element("crit.huddle").accepted
    assert [o.concrete for o in found] == [concrete]


def test_a_direct_question_shows_nothing_unless_answered_yes():
    rs = single(COACHING_GIVEN)
    # an assignment's or a form's question asserts nothing, however concrete its words
    for asked in ("How did you coach Sam on his closing on 3 May?",
                  "Q3: Which techniques did you coach Sam on in May?"):
        crit = judge(rs, portfolio(asked)).criterion("crit")
        assert crit.status == "at_risk", asked
        assert crit.evidence == ()
        assert any("general terms" in r and "\u2026?" in r for r in crit.reasons), crit.reasons
    # answered yes, beside it or in the cell to its right, it says what the answer says
    for answered in ("Did Jordan coach Sam on his closing on 3 May? Yes, I watched the session.",
                     "Did Jordan coach Sam on his closing on 3 May? \u2610 No \u2612 Yes",
                     "Did Jordan coach Sam on his closing on 3 May?: Yes",  # a PDF form field, label: value
                     "Did Jordan coach Sam on his closing on 3 May? - Yes, seen on the floor."):
        assert judge(rs, portfolio(answered)).criterion("crit").status == "met", answered
    row = "| Question | Answer |\n|---|---|\n| Did Jordan coach Sam on his closing on 3 May? | {} |\n"
    assert judge(rs, portfolio(row.format("Yes"), fmt="md")).criterion("crit").status == "met"
    assert judge(rs, portfolio(row.format("Not seen"), fmt="md")).criterion("crit").status != "met"
    # the learner's own sentence is no question, whatever its last mark
    own = "I coached Sam on his closing on 3 May and asked him what would help?"
    assert judge(rs, portfolio(own)).criterion("crit").status == "met"


def test_a_templates_example_is_not_the_learners_evidence():
    rs = single(COACHING_GIVEN)
    # a course template illustrates what to write: its example shows nothing the learner did
    for example in ("e.g. Coached Sam on his closing on 3 May",
                    "- e.g. coaching Sam on his closing on 3 May\n",
                    "Eg. Sam coached on his closing on 3 May."):
        crit = judge(rs, portfolio(example, fmt="md")).criterion("crit")
        assert crit.status == "at_risk", example
        assert crit.evidence == ()
    table = "| Adviser | Coaching given | Date |\n|---|---|---|\n| {} | coached on closing | 3 May |\n"
    for marker in ("Example", "e.g. Sam", "Example 1", "Example: Sam"):
        crit = judge(rs, portfolio(table.format(marker), fmt="md")).criterion("crit")
        assert crit.status == "at_risk", marker
        assert crit.evidence == ()
    # the learner's own rows, and an example the learner gives of their own work, are evidence
    for own_row in ("Sam", "Sample of 10 calls", "Example of a call Sam handled"):
        assert judge(rs, portfolio(table.format(own_row), fmt="md")).criterion("crit").status == "met", own_row
    for own in ("For example, I coached Sam on his closing on 3 May.", "e.g. I coached Sam on his closing on 3 May."):
        assert judge(rs, portfolio(own)).criterion("crit").status == "met", own
    found = "| Adviser | Coaching | Date |\n|---|---|---|\n| {} | closing | 3 May |\n"
    assert judge(rs, portfolio(found.format("Sam"), fmt="md")).criterion("crit").status == "met"
    assert judge(rs, portfolio(found.format("Example"), fmt="md")).criterion("crit").status != "met"
    # nor is the header of a table whose only rows are examples
    header = "| Adviser | Coaching given on | Date |\n|---|---|---|\n"
    crit = judge(rs, portfolio(header + "| e.g. Sam | closing | 3 May |\n", fmt="md")).criterion("crit")
    assert crit.status == "at_risk" and crit.evidence == ()
    assert judge(rs, portfolio(header + "| Sam | closing | 3 May |\n", fmt="md")).criterion("crit").status == "met"


def test_a_header_row_alone_shows_nothing_over_rows_of_data():
    from evidencecheck.nlp.match import TABLE_HEADER
    rs = single(COACHING_GIVEN)
    header = "| Coaching given to Sam on 3 May | Notes |\n|---|---|\n"
    # over rows of data, each row read with the header is the evidence, not the header by itself
    el = match_portfolio(rs, portfolio(header + "| follow-up booked | 10 May |\n", fmt="md")).element("crit.el")
    assert len(el.accepted) == 1
    assert [o.evidence.cue for o in el.rejected] == [TABLE_HEADER]
    # a one-row table is a box the learner wrote in: its only row is the evidence
    el = match_portfolio(rs, portfolio(header, fmt="md")).element("crit.el")
    assert len(el.accepted) == 1 and el.rejected == ()


def test_a_table_of_contents_entry_names_a_record_and_shows_nothing():
    rs = single(COACHING_GIVEN)
    for contents in ("Contents\n\nCoaching log for Sam, 3 May ........ 6\nRota for w/c 10 May ........ 7\n",
                     "Contents\n\nCoaching log for Sam, 3 May\t6\n"):  # Word's tab leader, as written
        crit = judge(rs, portfolio(contents)).criterion("crit")
        assert crit.status == "at_risk", contents
        assert crit.evidence == ()
        assert any("a contents entry" in r for r in crit.reasons), crit.reasons
    # a line that only ends in a number is no contents entry, and a real account beside one still counts
    assert judge(rs, portfolio("On 3 May I coached Sam on his closing for 6")).criterion("crit").status == "met"
    both = "Contents\n\nCoaching log ........ 6\n\nOn 3 May I coached Sam on his closing."
    assert judge(rs, portfolio(both)).criterion("crit").status == "met"
    # with no contents title, a leader and a number are a figure: "Sessions coached ........ 12"
    figures = "Figures for May\n\nSessions I coached Sam in May ........ 12\n"
    assert judge(rs, portfolio(figures)).criterion("crit").status == "met"
