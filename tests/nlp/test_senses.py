"""Word senses from the parse: a clue's words that name something other than the activity do not count."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.pipeline import get_nlp
from evidencecheck.nlp.syntax import other_sense


def sense_is_other(text: str, word: str) -> bool:
    doc = get_nlp()(text)
    i = next(t.i for t in doc if t.lower_ == word)
    return other_sense(doc, i, i + 1)


@pytest.mark.parametrize("text, word", [
    ("The support team sent Amy the new price list.", "support"),
    ("I left Aled to clear the change-of-address backlog.", "change"),
    ("We ran a problem-solving workshop for the new starters.", "problem"),
    ("She moved to the complaints queue in May.", "complaints"),
])
def test_a_modifier_or_the_front_of_a_hyphenated_word_is_another_sense(text, word):
    assert sense_is_other(text, word)


@pytest.mark.parametrize("text, word", [
    ("I made a change to the call script on 4 March.", "change"),
    ("I spotted a problem with the refund process.", "problem"),
    ("I booked a follow-up with Sam for Friday.", "follow"),
    ("I held a check-in with Priya every Monday.", "check"),
    ("We had a peer-coaching session on openings.", "coaching"),
])
def test_the_activity_itself_keeps_its_sense(text, word):
    assert not sense_is_other(text, word)
