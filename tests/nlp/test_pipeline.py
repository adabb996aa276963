"""The spaCy pipeline: matching keys (norm_) and one shared pipeline per process."""

from __future__ import annotations

import pytest

from evidencecheck.nlp.pipeline import (
    DEFAULT_MODEL,
    MAX_SENTENCE_TOKENS,
    NormKey,
    get_nlp,
    norm_phrases,
)


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("coached", "coach"),
        ("coaching", "coach"),
        ("Coaching", "coach"),
        ("COACHED", "coach"),
        ("coaches", "coach"),
        ("organized", "organise"),
        ("organised", "organise"),
        ("Organizing", "organise"),
        ("briefings", "briefing"),
        ("Briefings", "briefing"),
        ("Allocated", "allocate"),
        ("allocated", "allocate"),
        ("meetings", "meeting"),
        ("led", "lead"),
        ("behavior", "behaviour"),
    ],
)
def test_pipeline_norm_key_of_word(word, key):
    assert NormKey()(word) == key


def test_pipeline_norm_component_writes_keys_to_tokens():
    doc = get_nlp()("Last week I Coached Dev, organized two briefings and Allocated breaks.")
    norms = {t.text: t.norm_ for t in doc}
    assert norms["Coached"] == "coach"
    assert norms["organized"] == "organise"
    assert norms["briefings"] == "briefing"
    assert norms["Allocated"] == "allocate"
    assert norms["I"] == "i"


def test_pipeline_norm_phrases_match_text_keys():
    nlp = get_nlp()
    (phrase,) = norm_phrases(nlp, ["Coaching Sessions"])
    text = nlp("coached session")
    assert [t.norm_ for t in phrase] == [t.norm_ for t in text] == ["coach", "session"]


def test_pipeline_built_once():
    assert get_nlp() is get_nlp()
    assert get_nlp(DEFAULT_MODEL) is get_nlp()


def test_pipeline_splits_sentences_on_full_stops_and_newlines():
    doc = get_nlp()("I held a huddle. Then I coached Ola.\nNext line here")
    assert [s.text.strip() for s in doc.sents] == ["I held a huddle.", "Then I coached Ola.", "Next line here"]


def test_pipeline_unknown_trained_model_raises_a_numbered_error():
    from evidencecheck.errors import EvidenceCheckError, ModelError

    with pytest.raises(ModelError) as info:
        get_nlp("en_no_such_pipeline_xyz")
    assert info.value.code == "E140" and isinstance(info.value, EvidenceCheckError)
    assert not isinstance(info.value, OSError)  # was spaCy's bare OSError (E050)


def test_pipeline_default_is_the_shipped_parser_and_keeps_line_and_label_boundaries():
    nlp = get_nlp()
    assert {"tagger", "parser", "lemmatizer"} <= set(nlp.pipe_names)
    doc = nlp("We trialled callbacks. Then more.\nOne-to-ones: none this quarter.\n| Week | Sales |\n| 1 | 20 |")
    assert [s.text.strip() for s in doc.sents] == [
        "We trialled callbacks.", "Then more.", "One-to-ones: none this quarter.", "| Week | Sales |", "| 1 | 20 |"]


@pytest.mark.parametrize(("word", "key"), [("trialled", "trial"), ("callbacks", "callback"), ("lates", "late"),
                                           ("organized", "organise"), ("briefings", "briefing")])
def test_pipeline_norm_keys_fall_back_to_the_taggers_lemma(word, key):
    doc = get_nlp()(f"We {word} it." if word.endswith("ed") else f"The {word} helped.")
    assert [t.norm_ for t in doc if t.text == word] == [key]
    assert [t.norm_ for t in norm_phrases(get_nlp(), [word])[0]] == [key]


def test_pipeline_blank_model_stays_available():
    nlp = get_nlp("blank:en")
    assert "parser" not in nlp.pipe_names
    assert [t.norm_ for t in nlp("We trialled callbacks.")][:2] == ["we", "trialled"]
    assert get_nlp("blank") is nlp  # "blank" is short for "blank:en"


def test_pipeline_cuts_a_run_where_no_sentence_could_end_but_not_a_long_real_sentence():
    nlp = get_nlp(DEFAULT_MODEL)
    run = nlp("I coached Sam on 3 May " * 100)  # 600 tokens, not one full stop
    assert max(len(s) for s in run.sents) <= MAX_SENTENCE_TOKENS
    long_sentence = "I coached Sam, " + "and then Jo, " * 33 + "on call control. Then I stopped."
    first = next(iter(nlp(long_sentence).sents))
    assert first.text.endswith("call control.")  # 140 tokens with one possible end: kept whole
