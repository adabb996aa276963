"""Authenticity: witness testimonies, records and reflective accounts, each judged (VARCS)."""

from __future__ import annotations

from evidencecheck.checks.authenticity import check_authenticity, judge_reflective, judge_witness
from evidencecheck.checks.text import signed
from evidencecheck.matches import DocumentFacts
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.voice import SentenceVoice

SOUND = """Witness testimony

Witness: Priya Raman, Operations Manager
Relationship to learner: line manager since 2022
Date: 14 May 2024

I observed Sam run the Monday huddle on 13 May. Sam showed the team the weekend's abandoned-call figures
and asked each adviser to pick one call to review. I sat in on two of those reviews.

I can confirm this is a true account of what I saw.
Signed: P. Raman
"""

CHARACTER = """Witness statement

Witness: Priya Raman, Operations Manager
Date: 14 May 2024

Sam is a lovely person to work with. Sam is always happy to help and is a real team player.
Sam is hard-working and a credit to the team.

Signed:
"""


def codes(check) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in check.problems]


def test_a_sound_witness_testimony_has_no_problems() -> None:
    check = judge_witness(parse_string(SOUND, name="witness-testimony-priya.txt"))
    assert check.ok, check.problems
    assert (check.witness, check.role) == ("Priya Raman", "Operations Manager")
    assert check.relationship == "line manager since 2022" and check.date == "14 May 2024"
    assert check.signed and check.declaration and check.observed >= 2 and check.character == 0


def test_a_witness_who_only_praises_character_is_flagged() -> None:
    check = judge_witness(parse_string(CHARACTER, name="witness-statement.txt"))
    assert "W505" in codes(check) and check.observed == 0 and check.character >= 3


def test_signed_with_nothing_after_it_is_not_a_signature() -> None:
    check = judge_witness(parse_string(CHARACTER, name="witness-statement.txt"))
    assert not check.signed and "W504" in codes(check)
    for blank in ("Signed:", "Signed: ____________", "Signature: ........ Date:", "Witness signature:",
                  "Signed (adviser):"):
        assert not signed(parse_string(f"Notes\n\n{blank}\n", name="x.txt")), blank
    for mark in ("Signed: P. Raman", "Witness signature: P Raman", "Signed electronically by Priya Raman",
                 "Signed (reviewer): O. Price"):
        assert signed(parse_string(f"Notes\n\n{mark}\n", name="x.txt")), mark


def test_an_anonymous_undated_testimony_is_flagged_for_each_gap() -> None:
    check = judge_witness(parse_string("Witness testimony\n\nI watched Sam coach Ali on a complaint call.",
                                       name="witness.txt"))
    assert codes(check) == ["W501", "W502", "W503", "W504"]


def test_records_must_be_dated_and_signed_where_the_rules_take_them_as_evidence() -> None:
    docs = (parse_string("Coaching log\n\nGoal: cut hold time. Agreed actions for Ali.", name="coaching-log.txt"),
            parse_string("One-to-one record\n\nDate: 3 May 2024\nAgreed two actions.", name="one-to-one.txt"))
    facts = (DocumentFacts("coaching-log.txt", ("coaching-log",)),
             DocumentFacts("one-to-one.txt", ("one-to-one-record",), dated=True))
    result = check_authenticity(Portfolio(documents=docs), facts, (), record_types=frozenset({"one-to-one-record"}))
    log, one = result.records
    assert codes(log) == ["W511"] and not log.signature_expected
    assert codes(one) == ["W512"] and one.signature_expected and one.dated


def voice(text: str, first: bool, tense: str) -> SentenceVoice:
    return SentenceVoice("reflective-account.docx", "paragraph 1", text, first, tense)  # type: ignore[arg-type]


def test_a_reflective_account_of_what_i_would_do_is_flagged() -> None:
    check = judge_reflective("reflective-account.docx", [
        voice("I would hold a huddle.", True, "hypothetical"), voice("I would coach the adviser.", True, "hypothetical"),
        voice("I could use the GROW model.", True, "hypothetical"), voice("I held a huddle once.", True, "past")])
    assert codes(check) == ["W522"] and check.hypothetical == 3 and len(check.examples) == 3


def test_a_reflective_account_in_the_past_tense_first_person_passes() -> None:
    check = judge_reflective("reflective-account.docx", [
        voice("I rewrote the rota.", True, "past"), voice("We trialled it for two weeks.", True, "past"),
        voice("Abandoned calls fell.", False, "past"), voice("I would do it again.", True, "hypothetical")])
    assert check.ok


def test_a_reflective_account_not_in_the_first_person_is_flagged() -> None:
    check = judge_reflective("reflective-account.docx", [voice(f"The team did {n}.", False, "past") for n in range(6)])
    assert codes(check) == ["W521"]


def test_without_a_parse_the_voice_is_not_judged() -> None:
    check = judge_reflective("reflective-account.docx", [])
    assert not check.judged and check.ok


def test_a_sentence_about_signing_is_not_a_signature() -> None:
    assert not signed(parse_string("Notes\n\nI signed off the rota: it was fine.\n", name="x.txt"))
    assert signed(parse_string("Notes\n\nSigned G. Oduya\n", name="x.txt"))


def test_with_the_parse_a_witness_describing_what_the_learner_did_has_observed_it() -> None:
    text = ("Witness testimony\n\nWitness: Priya Raman, Operations Manager\nDate: 14 May 2024\n\n"
            "Sam ran the Monday huddle on 13 May and coached Ali on a complaint call.\nSigned: P. Raman\n")
    document = parse_string(text, name="witness.txt")
    assert "W506" in codes(judge_witness(document))
    voices = [voice("Sam ran the Monday huddle on 13 May and coached Ali on a complaint call.", False, "past"),
              voice("Sam is a lovely person who has always been a credit to the team.", False, "past")]
    check = judge_witness(document, voices)
    assert check.observed == 1 and check.ok
