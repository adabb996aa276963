"""Verdict policy on matches built by hand: no spaCy, no parsing, just the rules of judgement."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from evidencecheck.assess import assess
from evidencecheck.assess.assessor import SNIPPET_BLOCKS, assess_mistake, criterion_quotes
from evidencecheck.matches import DocumentFacts, ElementMatch, Evidence, Matches, Occurrence
from evidencecheck.model import Block, Document, DocumentFailure, Portfolio
from evidencecheck.rules.schema import Mistake, RuleSet

RULES = RuleSet.model_validate(yaml.safe_load("""
id: verdicts
title: Verdicts
version: "1"
criteria:
  - id: coaching
    name: Coaching
    text: Coaches a team member and shows the result.
    good_answer: g
    common_mistake: c
    advice: {missing: Add coaching., at_risk: Finish the coaching evidence.}
    elements:
      - {id: coached, text: coached a named team member, all: [{phrases: [coach]}]}
      - {id: result, text: a result with a figure, all: [{phrases: [improve]}]}
  - id: rota
    name: Rota
    text: Writes the rota.
    good_answer: g
    common_mistake: c
    advice: {missing: Add the rota., at_risk: Add the rota itself.}
    evidence: {types: [rota], min_sources: 2}
    elements:
      - {id: planned, text: planned a rota, all: [{phrases: [rota]}]}
mistakes:
  - id: no-result
    name: No result
    text: Coaching with no result.
    advice: Show the result.
    detect: {kind: condition, present: [coaching.coached], absent: [coaching.result]}
  - id: blames
    name: Blames
    text: Blames the team.
    advice: Say what you did.
    detect: {kind: presence, present: [lazy]}
    elements:
      - {id: lazy, text: calls the team lazy, all: [{phrases: [lazy]}]}
"""))

DOCS = (DocumentFacts("account.docx", ("reflective-account",)), DocumentFacts("rota.pdf", ("rota",)))


def occ(doc: int, quote: str, context: str = "first_hand", cue: str | None = None) -> Occurrence:
    return Occurrence(doc, 0, Evidence(DOCS[doc].path, "paragraph 1", quote, ("x",), context, cue))  # type: ignore[arg-type]


def matches(**shown: tuple[Occurrence, ...] | tuple[tuple[Occurrence, ...], tuple[Occurrence, ...]]) -> Matches:
    """Element matches by ref with dashes for dots: ``coaching__coached=(accepted,)`` or ``(accepted, rejected)``."""
    refs = ["coaching.coached", "coaching.result", "rota.planned", "blames.lazy"]
    elements = {}
    for ref in refs:
        value = shown.get(ref.replace(".", "__").replace("-", "_"), ((), ()))
        accepted, rejected = value if value and isinstance(value[0], tuple) else (value, ())
        elements[ref] = ElementMatch(ref, ref.split(".")[1] + " text", 1, tuple(accepted), tuple(rejected))
    return Matches("verdicts", DOCS, elements)


PORTFOLIO = Portfolio(documents=tuple(Document(d.path, "txt", d.path, (Block("x", "paragraph", 0),)) for d in DOCS))


def verdict(m: Matches, portfolio: Portfolio = PORTFOLIO) -> dict[str, str]:
    result = assess(RULES, m, portfolio)
    return {c.id: c.status for c in result.criteria} | {k.id: k.detected for k in result.mistakes}


def test_verdicts_every_element_first_hand_is_met() -> None:
    m = matches(coaching__coached=(occ(0, "I coached Sam."),), coaching__result=(occ(0, "It improved 5%."),))
    assert verdict(m)["coaching"] == "met"


def test_verdicts_some_elements_is_at_risk_with_a_reason_per_element() -> None:
    m = matches(coaching__coached=(occ(0, "I coached Sam."),))
    result = assess(RULES, m, PORTFOLIO).criterion("coaching")
    assert result.status == "at_risk"
    assert result.reasons == ("Shown: coached text \u2014 \u201cI coached Sam.\u201d (account.docx, paragraph 1).",
                              "Not shown: result text.")
    assert result.advice == "Finish the coaching evidence."


def test_verdicts_nothing_is_missing() -> None:
    result = assess(RULES, matches(), PORTFOLIO).criterion("coaching")
    assert (result.status, result.confidence, result.advice) == ("missing", 0.9, "Add coaching.")


def test_verdicts_a_denial_alone_stays_missing_but_a_hypothetical_is_at_risk() -> None:
    denied = matches(coaching__coached=((), (occ(0, "I never coached anyone.", "negated", "never"),)))
    assert verdict(denied)["coaching"] == "missing"
    would = matches(coaching__coached=((), (occ(0, "I would coach them.", "hypothetical", "would"),
                                           occ(0, "I would also coach Jo.", "hypothetical", "would"))))
    result = assess(RULES, would, PORTFOLIO).criterion("coaching")
    assert result.status == "at_risk"
    assert result.reasons[0] == ("Not shown first-hand: coached text. The nearest sentence is written as what would "
                                 "or should be done, not what was done (\u201cwould\u201d): \u201cI would coach them."
                                 "\u201d (account.docx, paragraph 1).")


def test_verdicts_expected_evidence_type_and_sources() -> None:
    one_rota = matches(rota__planned=(occ(1, "Rota for May."),))
    assert verdict(one_rota)["rota"] == "at_risk"  # two sources expected
    two = matches(rota__planned=(occ(0, "I wrote the rota."), occ(1, "Rota for May.")))
    assert verdict(two)["rota"] == "met"
    wrong_kind = Matches("verdicts", (DOCS[0], DocumentFacts("notes.txt", ("other",))),
                         {**two.elements, "rota.planned": ElementMatch("rota.planned", "t", 1,
                                                                      (occ(0, "a"), occ(1, "b")))})
    assert verdict(wrong_kind)["rota"] == "at_risk"


def test_verdicts_unreadable_evidence_turns_missing_into_at_risk() -> None:
    broken = Portfolio(documents=PORTFOLIO.documents,
                       failures=(DocumentFailure("scan.pdf", "E218", "no text layer"),))
    result = assess(RULES, matches(), broken).criterion("coaching")
    assert result.status == "at_risk"
    assert result.reasons[-1] == "Some evidence could not be read (scan.pdf (E218)): it may show this."


def test_verdicts_condition_mistake_needs_its_premise_and_the_absence() -> None:
    assert verdict(matches(coaching__coached=(occ(0, "I coached Sam."),)))["no-result"] is True
    shown = matches(coaching__coached=(occ(0, "I coached Sam."),), coaching__result=(occ(0, "It improved."),))
    assert verdict(shown)["no-result"] is False
    assert verdict(matches())["no-result"] is False  # no coaching at all: the premise is absent


def test_verdicts_presence_mistake_quotes_what_showed_it() -> None:
    result = assess(RULES, matches(blames__lazy=(occ(0, "They are lazy."),)), PORTFOLIO).mistake("blames")
    assert result.detected and result.evidence[0].quote == "They are lazy." and result.advice == "Say what you did."


def test_verdicts_judging_imports_no_spacy() -> None:
    code = "import sys, evidencecheck.assess, evidencecheck.ruletest; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("ref", ["coaching.coached", "rota.planned"])
def test_verdicts_matches_name_their_elements(ref: str) -> None:
    assert matches().element(ref).ref == ref
    with pytest.raises(KeyError):
        matches().element("coaching.nothing")


def claim(doc: int, quote: str) -> Occurrence:
    return Occurrence(doc, 0, Evidence(DOCS[doc].path, "paragraph 1", quote, ("x",)), concrete=False)


def test_verdicts_a_first_hand_claim_without_detail_is_at_risk_never_met() -> None:
    m = matches(coaching__coached=(claim(0, "I always coach my team."),), coaching__result=(occ(0, "It improved 5%."),))
    result = assess(RULES, m, PORTFOLIO).criterion("coaching")
    assert result.status == "at_risk"
    assert result.reasons[0] == ("Claimed but not shown concretely: coached text. The sentence names no person, figure, "
                                 "date or event: \u201cI always coach my team.\u201d (account.docx, paragraph 1).")
    assert result.elements[0].found is False and result.elements[0].near_misses[0].quote == "I always coach my team."
    only_claims = matches(coaching__coached=(claim(0, "I always coach my team."), claim(0, "I coach weekly-ish.")))
    assert verdict(only_claims)["coaching"] == "at_risk"  # claims are something relevant: not missing


LONG = Portfolio(documents=tuple(
    Document(d.path, "txt", d.path, tuple(Block(f"x {i}", "paragraph", i) for i in range(SNIPPET_BLOCKS)))
    for d in DOCS))


def test_verdicts_one_passing_mention_without_detail_in_a_portfolio_is_missing() -> None:
    one_claim = assess(RULES, matches(coaching__coached=(claim(0, "I always coach my team."),)), LONG)
    assert one_claim.criterion("coaching").status == "missing"
    assert one_claim.criterion("coaching").reasons[-1].startswith("Only a passing mention: one sentence names this")
    one_generic = matches(coaching__coached=((), (occ(0, "Leaders should coach.", "generic", "should"),)))
    assert verdict(one_generic, LONG)["coaching"] == "missing"
    the_same_sentence_twice = matches(coaching__coached=(claim(0, "I coach."),), coaching__result=(claim(0, "I coach."),))
    assert verdict(the_same_sentence_twice, LONG)["coaching"] == "missing"
    one_concrete = matches(coaching__coached=(occ(0, "I coached Sam on 3 May."),))
    assert verdict(one_concrete, LONG)["coaching"] == "at_risk"  # one element shown concretely: partly met
    # a snippet of a few lines is on its topic by design: its one generic sentence is something relevant
    assert verdict(one_generic, PORTFOLIO)["coaching"] == "at_risk"


def test_verdicts_the_concrete_occurrence_is_quoted_before_a_claim() -> None:
    m = matches(coaching__coached=(claim(0, "I coach."), occ(0, "I coached Sam on 3 May.")),
                coaching__result=(occ(0, "It improved 5%."),))
    result = assess(RULES, m, PORTFOLIO).criterion("coaching")
    assert result.status == "met" and result.elements[0].evidence[0].quote == "I coached Sam on 3 May."


PREMISED = RuleSet.model_validate(yaml.safe_load("""
id: premised
title: Premised
version: "1"
criteria:
  - id: targets
    name: Targets
    text: Sets targets.
    good_answer: g
    common_mistake: c
    advice: {missing: m, at_risk: r}
    elements:
      - {id: set, text: a target set, all: [{phrases: [target]}]}
mistakes:
  - id: not-linked
    name: Not linked
    text: Targets not linked to business goals.
    advice: Link them.
    detect: {kind: absence, absent: [linked], premise: [targets.set]}
    elements:
      - {id: linked, text: targets linked to a business goal, all: [{phrases: [business goal]}]}
"""))


def premised(set_: tuple[Occurrence, ...] = (), linked: tuple[Occurrence, ...] = (),
             denied: tuple[Occurrence, ...] = ()) -> bool:
    elements = {"targets.set": ElementMatch("targets.set", "a target set", 1, set_),
                "not-linked.linked": ElementMatch("not-linked.linked", "linked", 1, linked, denied)}
    return assess(PREMISED, Matches("premised", DOCS, elements), PORTFOLIO).mistake("not-linked").detected


def test_verdicts_an_omission_needs_the_activity_it_is_about() -> None:
    assert premised() is False  # no targets at all: the criterion is already missing
    assert premised(set_=(occ(0, "I set Sam a target of 20 sales."),)) is True
    assert premised(set_=(occ(0, "I set Sam a target of 20 sales."),), linked=(occ(0, "It feeds the business goal."),)) is False
    # an explicit denial of the good practice is about the activity too
    assert premised(denied=(occ(0, "Targets are never linked to a business goal.", "negated", "never"),)) is True
    reasons = assess(PREMISED, Matches("premised", DOCS, {
        "targets.set": ElementMatch("targets.set", "a target set"),
        "not-linked.linked": ElementMatch("not-linked.linked", "linked")}), PORTFOLIO).mistake("not-linked").reasons
    assert reasons[0] == "Not applicable: the portfolio does not show a target set, which this mistake is about."


def test_verdicts_a_denial_outweighs_generic_talk_but_not_first_hand_evidence() -> None:
    denial = occ(0, "We haven't had any coaching this year.", "negated", "haven't")
    generic = occ(0, "A good leader should coach every week.", "generic", "a good leader")
    assert verdict(matches(coaching__coached=((), (denial, generic))))["coaching"] == "missing"
    generic_too = occ(0, "Coaching should happen monthly.", "generic", "should")
    assert verdict(matches(coaching__coached=((), (generic, generic_too))))["coaching"] == "at_risk"
    shown = matches(coaching__coached=((), (denial,)), coaching__result=(occ(0, "Sales improved 5%."),))
    assert verdict(shown)["coaching"] == "at_risk"



def test_verdicts_a_denial_outweighs_talk_about_any_element_of_the_criterion() -> None:
    denial = occ(0, "We haven't had any coaching this year.", "negated", "haven't")
    other_talk = occ(0, "Results should improve.", "hypothetical", "should")
    assert verdict(matches(coaching__coached=((), (denial,)), coaching__result=((), (other_talk,))))["coaching"] == "missing"


def test_verdicts_a_denial_outweighs_first_hand_claims_with_no_detail() -> None:
    denial = occ(0, "There hasn't been any coaching since Christmas.", "negated", "hasn't")
    claimed = claim(0, "I coach my team regularly.")
    result = assess(RULES, matches(coaching__coached=((claimed,), (denial,))), PORTFOLIO).criterion("coaching")
    assert result.status == "missing"
    assert result.reasons[-1].startswith("Said not to happen: the portfolio denies this")
    # the same claim without the denial is partial evidence
    assert verdict(matches(coaching__coached=(claimed,), coaching__result=(claim(0, "Results got better."),)))[
        "coaching"] == "at_risk"
    # something concrete stands against the denial
    concrete = matches(coaching__coached=((claimed,), (denial,)), coaching__result=(occ(0, "Sales rose 5% in May."),))
    assert verdict(concrete)["coaching"] == "at_risk"


def test_verdicts_a_denial_outweighs_a_told_event_with_no_person_figure_or_date() -> None:
    denial = occ(0, "There hasn't been any coaching since Christmas.", "negated", "hasn't")
    told = Occurrence(0, 0, Evidence(DOCS[0].path, "paragraph 3", "I talked to the team about coaching.", ("coach",)),
                      concrete=True, detailed=False)
    result = assess(RULES, matches(coaching__coached=((told,), (denial,)), coaching__result=(told,)),
                    PORTFOLIO).criterion("coaching")
    assert result.status == "missing"
    assert not any(e.found for e in result.elements)
    assert result.evidence == ()  # nothing is quoted as evidence for a criterion read as missing
    assert result.reasons[0] == ("Claimed but not shown concretely: coached text. The sentence names no person, "
                                 "figure or date, and the portfolio also says it did not happen: "
                                 "\u201cI talked to the team about coaching.\u201d (account.docx, paragraph 3).")
    # without the denial the told event shows the element
    assert verdict(matches(coaching__coached=(told,), coaching__result=(told,)))["coaching"] == "met"
    # a sentence with a date stands against the denial
    dated = occ(0, "On 3 May I coached Sam.")
    assert verdict(matches(coaching__coached=((told, dated), (denial,))))["coaching"] == "at_risk"


WEIGHED = RuleSet.model_validate(yaml.safe_load("""
id: weighed
title: Weighed
version: "1"
criteria:
  - id: calls
    name: Calls
    text: Monitors calls.
    good_answer: g
    common_mistake: c
    advice: {missing: m, at_risk: r}
    elements:
      - {id: volume, text: call volume monitored, all: [{phrases: [calls]}]}
      - {id: quality, text: quality monitored, all: [{phrases: [quality]}]}
mistakes:
  - id: volume-only
    name: Volume only
    text: Only call volume is monitored.
    advice: Look at quality too.
    detect: {kind: condition, present: [calls.volume], absent: [calls.quality], outweigh: 3}
"""))


def weighed(volume: int, quality: int) -> bool:
    def occs(n: int, word: str) -> tuple[Occurrence, ...]:
        return tuple(occ(0, f"On day {i} I checked {word}.") for i in range(n))

    elements = {"calls.volume": ElementMatch("calls.volume", "volume", 1, occs(volume, "calls")),
                "calls.quality": ElementMatch("calls.quality", "quality", 1, occs(quality, "quality"))}
    return assess(WEIGHED, Matches("weighed", DOCS, elements), PORTFOLIO).mistake("volume-only").detected


def test_verdicts_a_stray_mention_does_not_balance_a_habit() -> None:
    assert weighed(volume=3, quality=0) is True
    assert weighed(volume=3, quality=1) is True   # one stray mention against three: still volume only
    assert weighed(volume=3, quality=2) is False  # quality is really looked at
    assert weighed(volume=0, quality=0) is False  # the premise (volume monitored) is not shown


def test_verdicts_only_what_is_shown_done_balances_a_habit() -> None:
    """Against three sentences of volume, two of quality balance it only when they show quality
    looked at, not when one of them is a claim or a routine said with only how often."""
    volume = tuple(occ(0, f"On day {i} I checked calls.") for i in range(3))
    done = occ(0, "On day 1 I checked quality.")
    claimed = Occurrence(0, 0, Evidence(DOCS[0].path, "paragraph 1", "I check quality.", ("x",)), concrete=False)
    routine = Occurrence(0, 0, Evidence(DOCS[0].path, "paragraph 1", "Quality is checked weekly.", ("x",)), habitual=True)

    def detected(*quality: Occurrence) -> bool:
        elements = {"calls.volume": ElementMatch("calls.volume", "volume", 1, volume),
                    "calls.quality": ElementMatch("calls.quality", "quality", 1, quality)}
        return assess(WEIGHED, Matches("weighed", DOCS, elements), PORTFOLIO).mistake("volume-only").detected

    assert detected(done, occ(0, "On day 2 I checked quality.")) is False
    assert detected(done, claimed) is True
    assert detected(done, routine) is True


def test_verdicts_an_outweighed_mention_is_named_in_the_reasons() -> None:
    def reasons(volume: int, quality: int) -> tuple[str, ...]:
        elements = {"calls.volume": ElementMatch("calls.volume", "volume", 1,
                                                 tuple(occ(0, f"On day {i} I checked calls.") for i in range(volume))),
                    "calls.quality": ElementMatch("calls.quality", "quality", 1,
                                                  tuple(occ(0, f"On day {i} I checked quality.") for i in range(quality)))}
        return assess(WEIGHED, Matches("weighed", DOCS, elements), PORTFOLIO).mistake("volume-only").reasons

    assert reasons(4, 1)[-1] == ("Outweighed: volume is shown 4 times, quality only once; "
                                 "it needs at least one in 3 to balance.")
    assert not any(r.startswith("Outweighed") for r in reasons(3, 0))  # plainly absent: no weighing
    assert not any(r.startswith("Outweighed") for r in reasons(3, 2))  # balanced: not detected


def test_verdicts_quotes_are_few_and_those_showing_most_elements_come_first() -> None:
    both = occ(0, "On 3 May I coached Sam and set him a target of 90%.")
    coach_only = (occ(0, "On 4 May I coached Jo."), occ(0, "On 5 May I coached Al."), occ(0, "On 6 May I coached Mo."))
    target_only = occ(0, "On 7 May I set Jo a target of 80%.")
    coaching = ElementMatch("c.coach", "coaching", 1, (coach_only[0], both, *coach_only[1:]))
    targets = ElementMatch("c.target", "targets", 1, (target_only, both))
    quotes = [e.quote for e in criterion_quotes([coaching, targets], rounds=1)]
    assert quotes == [both.evidence.quote]  # one sentence shows both elements: it alone is quoted
    quotes = [e.quote for e in criterion_quotes([coaching, targets], rounds=2)]
    assert quotes == [both.evidence.quote, coach_only[0].evidence.quote, target_only.evidence.quote]


def said(quote: str, *matched: str) -> Occurrence:
    return Occurrence(0, 0, Evidence(DOCS[0].path, "paragraph 1", quote, matched))


def test_verdicts_a_quote_shows_every_element_whose_matched_words_it_holds() -> None:
    # found for the allocation only, the first sentence also names the skill matched elsewhere
    both = said("On 2 June I put Sam on the complaints queue because of her experience.", "complaints queue")
    skill = said("Sam has the most experience of anyone, five years.", "experience")
    allocation = ElementMatch("c.alloc", "allocation", 1, (both,))
    skills = ElementMatch("c.skill", "skills", 1, (skill,))
    assert [e.quote for e in criterion_quotes([allocation, skills], rounds=1)] == [both.evidence.quote]
    # without the shared word each element needs its own sentence
    apart = said("On 2 June I put Sam on the complaints queue.", "complaints queue")
    quotes = [e.quote for e in criterion_quotes([ElementMatch("c.alloc", "allocation", 1, (apart,)), skills],
                                                rounds=1)]
    assert quotes == [apart.evidence.quote, skill.evidence.quote]


def test_verdicts_among_equal_quotes_the_one_most_about_the_criterion_comes_first() -> None:
    thin = said("On 4 May I coached Jo.", "coached")
    rich = said("On 5 May I coached Al on call control and gave feedback on his opening.",
                "coached", "call control", "feedback")
    coaching = ElementMatch("c.coach", "coaching", 1, (thin, rich))
    assert [e.quote for e in criterion_quotes([coaching], rounds=1)] == [rich.evidence.quote]
    # a word inside another word is not a mention: "coached" is not in "coachedx"
    assert criterion_quotes([ElementMatch("c.coach", "coaching", 1, (said("On 6 May coachedx.", "q"), thin))],
                            rounds=1)[0].quote == thin.evidence.quote


def said_in(doc: int, quote: str, *matched: str) -> Occurrence:
    return Occurrence(doc, 0, Evidence(DOCS[doc].path, "paragraph 1", quote, matched))


def test_verdicts_quotes_after_the_first_come_from_its_document() -> None:
    # the account tells the coaching; the rota shows a result too, but the assessor points at the account
    told = said_in(0, "On 3 May I coached Sam on call control and his opening.", "coached", "call control", "opening")
    result_here = said_in(0, "His first-call resolution rose to 81% by June.", "first-call resolution")
    result_there = said_in(1, "Sam: first-call resolution 81% in June, up from 70% after coaching.",
                           "first-call resolution", "coaching")
    coaching = ElementMatch("c.coach", "coaching", 1, (told,))
    results = ElementMatch("c.result", "result", 1, (result_there, result_here))
    quotes = [e.quote for e in criterion_quotes([coaching, results], rounds=1)]
    assert quotes == [told.evidence.quote, result_here.evidence.quote]
    # with no sentence for the element in that document, another document is quoted
    alone = ElementMatch("c.result", "result", 1, (result_there,))
    assert [e.quote for e in criterion_quotes([coaching, alone], rounds=1)] == [told.evidence.quote,
                                                                                result_there.evidence.quote]


def test_verdicts_the_first_quote_is_the_one_most_about_the_criterion() -> None:
    # a line naming both elements does not come before the sentence that tells the work
    thin = said("Coaching and targets: both done on 2 May.", "coaching", "targets")
    rich = said("On 5 May I coached Al on call control and his opening, with the script beside us.",
                "coached", "call control", "opening", "script")
    coaching = ElementMatch("c.coach", "coaching", 1, (thin, rich))
    targets = ElementMatch("c.target", "targets", 1, (thin,))
    quotes = [e.quote for e in criterion_quotes([coaching, targets], rounds=1)]
    assert quotes == [rich.evidence.quote, thin.evidence.quote]


def test_verdicts_a_passage_the_learner_tagged_with_the_criterion_is_quoted_first() -> None:
    central = said_in(0, "I coached Al on call control and feedback on 5 May.", "coached", "call control", "feedback")
    tagged = Occurrence(0, 4, Evidence(DOCS[0].path, "paragraph 5", "On 6 May I coached Jo.", ("coached",)))
    coaching = ElementMatch("c.coach", "coaching", 1, (central, tagged))
    assert criterion_quotes([coaching], rounds=1)[0].quote == central.evidence.quote
    assert criterion_quotes([coaching], rounds=1, tagged={(0, 4)})[0].quote == tagged.evidence.quote
    assert criterion_quotes([coaching], rounds=1, tagged={(1, 4)})[0].quote == central.evidence.quote


def test_verdicts_no_more_than_three_quotes_for_a_criterion() -> None:
    elements = [ElementMatch(f"c.e{i}", f"element {i}", 1,
                             tuple(said(f"On {d} May I did thing {i}.", f"thing {i}") for d in (1, 2)))
                for i in range(5)]
    quotes = criterion_quotes(elements)
    assert len(quotes) == 3
    assert [e.quote for e in quotes] == ["On 1 May I did thing 0.", "On 1 May I did thing 1.", "On 1 May I did thing 2."]
    assert len(criterion_quotes(elements, limit=5)) == 5


def test_verdicts_a_claim_of_the_good_practice_does_not_clear_a_mistake() -> None:
    coached = occ(0, "I coached Sam on 3 May.")
    claimed = assess(RULES, matches(coaching__coached=(coached,), coaching__result=(claim(0, "Results improve."),)),
                     PORTFOLIO).mistake("no-result")
    assert claimed.detected
    assert claimed.reasons[1].startswith("Claimed but not shown concretely: result text")
    shown = matches(coaching__coached=(coached,), coaching__result=(occ(0, "Sales rose 5% by June."),))
    assert verdict(shown)["no-result"] is False


def test_verdicts_a_routine_said_with_only_how_often_does_not_clear_a_mistake() -> None:
    """'Results are reviewed every month' shows the criterion's element (it is concrete) but is a
    routine claimed, not something shown done: the mistake of lacking it still stands."""
    coached = occ(0, "I coached Sam on 3 May.")
    routine = Occurrence(0, 1, Evidence(DOCS[0].path, "paragraph 2", "Results are reviewed every month.", ("x",)),
                         habitual=True)
    m = matches(coaching__coached=(coached,), coaching__result=(routine,))
    assert assess(RULES, m, PORTFOLIO).criterion("coaching").status == "met"
    result = assess(RULES, m, PORTFOLIO).mistake("no-result")
    assert result.detected
    assert result.reasons[1] == ("Said to happen, with only how often: result text \u2014 \u201cResults are reviewed "
                                 "every month.\u201d (account.docx, paragraph 2). A routine with no person, figure, "
                                 "date or episode does not show it done.")
    both = matches(coaching__coached=(coached,), coaching__result=(routine, occ(0, "Sales rose 5% by June.")))
    assert verdict(both)["no-result"] is False


UNSIGNED = Mistake.model_validate(yaml.safe_load("""
id: unsigned
name: Unsigned records
text: Monitoring records not signed and dated.
advice: Sign and date every record.
detect: {kind: condition, present: [c.records], absent: [signed]}
"""))


def unsigned(records: dict[int, int], signed: set[int], types: dict[int, str]) -> tuple[bool, tuple[str, ...]]:
    """Detect the mistake with ``records[doc]`` record sentences in each document and ``signed`` documents."""
    def in_doc(doc: int, n: int) -> tuple[Occurrence, ...]:
        return tuple(Occurrence(doc, i, Evidence(f"d{doc}.docx", f"paragraph {i + 1}", f"On 7 May FCR was 7{i}%.",
                                                 ("FCR",))) for i in range(n))
    present = ElementMatch("c.records", "records of performance", 1,
                           tuple(o for doc, n in records.items() for o in in_doc(doc, n)),
                           record_types=("kpi-report",))
    absent = ElementMatch("unsigned.signed", "a signed and dated record", 1,
                          tuple(in_doc(doc, 1)[0] for doc in sorted(signed)), per_document=True)
    result = assess_mistake(UNSIGNED, {"c.records": present, "signed": absent},
                            {doc: (kind,) for doc, kind in types.items()})
    return result.detected, result.reasons


def test_verdicts_a_document_level_balance_is_weighed_record_by_record() -> None:
    tracker, log, account = 0, 1, 2
    types = {tracker: "kpi-report", log: "other", account: "reflective-account"}
    # one signed tracker with many rows: nothing unsigned, however many rows it has
    assert unsigned({tracker: 6}, {tracker}, types)[0] is False
    # a second record with no signature: the mistake holds, and the reason names it
    detected, reasons = unsigned({tracker: 6, log: 2}, {tracker}, types)
    assert detected is True
    assert reasons[-1] == "Not in every record: a signed and dated record is not shown in d1.docx."
    # the learner's account talking about the figures is not a record that should be signed
    assert unsigned({tracker: 2, account: 5}, {tracker}, types)[0] is False
    # with no record at all showing the figures, any signed record balances it, as before
    assert unsigned({account: 5}, {tracker}, types)[0] is False
    assert unsigned({account: 5}, set(), types)[0] is True


def test_verdicts_a_reason_cites_the_elements_sentence_among_the_criterions_quotes() -> None:
    def said(quote: str, *matched: str) -> Occurrence:
        return Occurrence(0, 0, Evidence(DOCS[0].path, "paragraph 1", quote, matched, "first_hand", None))

    first = said("I coached Sam on 3 May.", "coached")
    richer = said("On 9 May I coached Priya and her closing improved by 5%.", "coached", "Priya", "improved", "5%")
    m = matches(coaching__coached=(first, richer), coaching__result=(richer,))
    result = assess(RULES, m, PORTFOLIO).criterion("coaching")
    assert result.evidence[0].quote == richer.evidence.quote
    # the reason for "coached" quotes the sentence the criterion's quotes lead with, not the first found
    assert richer.evidence.quote in result.reasons[0]
