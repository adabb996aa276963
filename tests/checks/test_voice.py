"""The parser reads who speaks and in which tense (nlp/voice.py), for the reflective-account check."""

from __future__ import annotations

import pytest

from evidencecheck.checks.authenticity import judge_reflective
from evidencecheck.nlp.normalise import process_documents
from evidencecheck.nlp.pipeline import get_nlp
from evidencecheck.nlp.voice import document_voices
from evidencecheck.parsers import parse_string

HYPOTHETICAL = ("If an adviser struggled with a call, I would listen to the call with them. I would then agree one "
                "thing to change. I could use the GROW model to structure the conversation. I should also "
                "check the result a week later.")
PAST = ("In May I rewrote the rota so that two advisers covered lunch. I listened to Sam's calls on 3 June and we "
        "agreed one change. Every Monday huddle I read out one customer comment. Sam then cleared his callbacks.")


@pytest.fixture(scope="module")
def voices():  # type: ignore[no-untyped-def]
    docs = [parse_string(HYPOTHETICAL, name="would.txt"), parse_string(PAST, name="did.txt")]
    found = document_voices(process_documents(get_nlp(), docs), frozenset({"would.txt", "did.txt"}))
    return {name: [v for v in found if v.document == name] for name in ("would.txt", "did.txt")}


def test_i_would_throughout_is_hypothetical_and_flagged(voices) -> None:  # type: ignore[no-untyped-def]
    assert [v.tense for v in voices["would.txt"]] == ["hypothetical"] * 4
    assert all(v.first_person for v in voices["would.txt"])
    assert [p.code for p in judge_reflective("would.txt", voices["would.txt"]).problems] == ["W522"]


def test_what_i_did_is_first_person_past(voices) -> None:  # type: ignore[no-untyped-def]
    did = voices["did.txt"]
    assert [(v.first_person, v.tense) for v in did] == [
        (True, "past"), (True, "past"), (True, "past"), (False, "past")]
    assert judge_reflective("did.txt", did).ok


def test_only_the_named_documents_are_read(voices) -> None:  # type: ignore[no-untyped-def]
    docs = [parse_string(PAST, name="did.txt")]
    assert document_voices(process_documents(get_nlp(), docs), frozenset()) == ()
