"""Misspelt words keyed as the word meant, so that a learner's slip still matches a clue."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.pipeline import NormKey, get_nlp
from evidencecheck.nlp.spelling import Speller, one_slip_away

from .test_engine import judge, portfolio, single


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(NormKey().known)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("recieved", "received"),      # two letters swapped
        ("perfomance", "performance"),  # a letter dropped
        ("moniter", "monitor"),         # a vowel for a vowel: not "monster", one slip away too
        ("adherance", "adherence"),
        ("shedule", "schedule"),
        ("managment", "management"),
        ("complants", "complaints"),
    ],
)
def test_speller_reads_a_misspelling_as_the_word_meant(speller, typed, meant):
    assert speller(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "coaching", "huddle", "monitor",   # English words
        "webchat", "wallboard",            # the field's own words
        "lates", "callbacks",              # a known word with an ending
        "upselling",                       # frequent enough to be a word in its own right
        "rota", "teh",                     # too short to read safely
        "Priya",                           # capitalised: a name
        "dissapointed",                    # two slips away: left as written
        "irate",                           # a word of its own, though "rate" is one slip away
    ],
)
def test_speller_leaves_words_alone(speller, word):
    assert speller(word) is None


def test_one_slip_away_covers_the_four_slips():
    near = one_slip_away("coach")
    assert {"coch", "ocach", "coaxh", "coachs"} <= near
    assert "coach" in near  # a letter changed to itself
    assert "caoch" in near and "cocah" in near


def test_pipeline_keys_a_misspelt_word_as_the_word_meant_and_keeps_its_text():
    doc = get_nlp()("I recieved the perfomance report on Monday.")
    by_text = {t.text: t for t in doc}
    assert by_text["recieved"].norm_ == "receive"
    assert by_text["perfomance"].norm_ == "performance"
    assert doc.text == "I recieved the perfomance report on Monday."


def test_a_misspelt_clue_shows_an_element_and_its_quote_is_the_learners_text():
    rules = single(
        """
        - id: monitored
          text: adherence monitored
          all:
            - phrases: [monitor adherence]
        """
    )
    right = judge(rules, portfolio("Every Monday I moniter adherance for Sam and Priya.")).criterion("crit")
    assert right.status == "met"
    assert right.evidence[0].quote == "Every Monday I moniter adherance for Sam and Priya."
    other = judge(rules, portfolio("Every Monday I monster adherance for Sam and Priya.")).criterion("crit")
    assert other.status == "missing"  # a real word is never read as another
