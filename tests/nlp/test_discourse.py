"""Sentences that carry on the one before: an element's clues may be split across them."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.discourse import continues, run_start
from evidencecheck.nlp.normalise import sentence_spans
from evidencecheck.nlp.pipeline import get_nlp


def pair(text: str) -> bool:
    sents = sentence_spans(get_nlp()(text))
    assert len(sents) == 2, [s.text for s in sents]
    return continues(sents[0], sents[1])


@pytest.mark.parametrize("text", [
    "On 3 May I sat with Priya to listen to four of her calls. This showed she rushed her close.",
    "I held a review with Sam on 12 June. The review set him two goals for July.",
    "I coached Dev on his call openings. Dev's first-time resolution then rose.",
    "FCR was 71% in March. I set the team a target of 75% because 71% was below the centre.",
])
def test_a_sentence_that_points_back_carries_on(text):
    assert pair(text)


@pytest.mark.parametrize("text", [
    "I held a review with Sam on 12 June. Priya was on leave that week.",
    "I coached Dev on his call openings. A good team leader listens to calls every week.",
    "FCR was 71% in March. I set the team a target for April.",
    "I listened to 2 calls with Sam. We had 2 new starters that week.",  # a small count is no one figure
])
def test_sentences_that_only_share_a_paragraph_do_not(text):
    assert not pair(text)


def test_a_run_starts_at_its_first_sentence():
    doc = get_nlp()("The queue was long on Monday. I coached Priya on 3 May. She closed two more sales. "
                    "Then she asked for more calls.")
    assert [run_start(doc, n) for n in range(len(sentence_spans(doc)))] == [0, 1, 1, 1]
