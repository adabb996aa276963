"""Cohort authenticity: long passages shared between two learners' documents, found through an inverted index."""

from __future__ import annotations

from evidencecheck.checks.copying import MIN_SHARED, find_overlaps, text_fingerprints

COPIED = ("On Monday I noticed that three advisers were leaving callbacks until the end of the shift, so I "
          "sat with each of them, listened to two calls, agreed a target of clearing callbacks within two hours "
          "and checked the queue every lunchtime for a fortnight; by the second week callbacks older than two "
          "hours had fallen from nineteen to four and complaints about missed callbacks stopped entirely.")
TEMPLATE = ("Describe the situation, what you did, who was involved, what happened as a result and what you would "
            "do differently next time, referring to the assessment criteria for this unit in every answer.")


def own(n: int) -> str:
    return " ".join(f"word{n}x{i}" for i in range(80))


def test_a_copied_passage_is_found_with_both_documents() -> None:
    learners = {"amy": {"account.docx": text_fingerprints(own(1) + " " + COPIED)},
                "ben": {"mine.docx": text_fingerprints(COPIED + " " + own(2))},
                "cat": {"cat.docx": text_fingerprints(own(3))}}
    [overlap] = find_overlaps(learners)
    assert (overlap.learner, overlap.document, overlap.other_learner, overlap.other_document) == \
        ("amy", "account.docx", "ben", "mine.docx")
    assert overlap.shared_words >= len(COPIED.split()) - 5


def test_a_short_shared_phrase_and_one_learners_own_documents_are_not_flagged() -> None:
    phrase = "I held a huddle at the start of the shift to go through the figures"
    learners = {"amy": {"a.docx": text_fingerprints(own(1) + phrase), "b.docx": text_fingerprints(COPIED)},
                "ben": {"c.docx": text_fingerprints(phrase + own(2))}}
    assert len(text_fingerprints(phrase)) < MIN_SHARED
    assert find_overlaps({"amy": learners["amy"], "ben": learners["ben"]}) == []
    assert find_overlaps({"amy": {"a.docx": text_fingerprints(COPIED), "b.docx": text_fingerprints(COPIED)}}) == []


def test_the_template_most_of_a_cohort_shares_is_not_counted() -> None:
    learners = {name: {"form.docx": text_fingerprints(TEMPLATE + " " + own(n) + " " + TEMPLATE[::-1])}
                for n, name in enumerate(("amy", "ben", "cat", "dan", "eve"))}
    assert find_overlaps(learners) == []
    learners["amy"]["form.docx"] |= text_fingerprints(COPIED)
    learners["ben"]["form.docx"] |= text_fingerprints(COPIED)
    assert [(o.learner, o.other_learner) for o in find_overlaps(learners)] == [("amy", "ben")]
