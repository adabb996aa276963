"""What makes a sentence concrete: a person, figure, date or time frame, or a told episode."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.concreteness import (
    concrete_sentence,
    detailed_sentences,
    episode_sentences,
    told_sentences,
)
from evidencecheck.nlp.pipeline import get_nlp


def first(text: str) -> tuple[bool, bool, bool, bool]:
    """(detailed, episode, told, concrete) for the first sentence of ``text``."""
    doc = get_nlp()(text)
    return 0 in detailed_sentences(doc), 0 in episode_sentences(doc), 0 in told_sentences(doc), \
        concrete_sentence(doc, 0)


@pytest.mark.parametrize("text", [
    "On 3 May I sat with Priya to listen to four of her calls.",
    "Handling time fell from 412 to 365 seconds over the quarter.",
])
def test_a_person_date_or_figure_is_a_detail(text: str) -> None:
    detailed, episode, _, concrete = first(text)
    assert detailed and episode and concrete


def test_a_frequency_is_a_detail_of_a_routine_but_not_an_episode() -> None:
    detailed, episode, _, concrete = first("We hold one-to-ones with the advisers every month.")
    assert detailed and concrete
    assert not episode


def test_a_frequency_claimed_of_everyone_always_is_no_detail() -> None:
    detailed, episode, told, concrete = first("I always use SMART targets and coaching with all my team every week.")
    assert not detailed and not episode and not told and not concrete


def test_a_first_person_past_action_is_told_and_concrete_without_a_detail() -> None:
    detailed, _, told, concrete = first("I rewrote the rota so the lates went round the team.")
    assert told and concrete
    assert not detailed


def test_a_general_statement_is_not_concrete() -> None:
    assert first("A good team leader should listen to calls and give feedback.") == (False, False, False, False)


def test_answers_are_kept_on_the_doc() -> None:
    doc = get_nlp()("I coached Sam on 3 May.")
    assert detailed_sentences(doc) is detailed_sentences(doc)
    assert told_sentences(doc) is told_sentences(doc)
