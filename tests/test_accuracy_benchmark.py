"""The accuracy benchmark's quote figures: the passages a label note quotes, and when a quote points at one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("accuracy_benchmark", ROOT / "benchmarks" / "accuracy.py")
assert _spec and _spec.loader
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)


def test_note_pointers_are_the_quoted_passages_not_apostrophes() -> None:
    note = ("sales-review.md: 'I haven't written up any performance reviews yet' (future); "
            "coaching-log.txt: Leanne's close, 'from 9% to 14% over three weeks'")
    assert accuracy.note_pointers(note) == [
        "I haven't written up any performance reviews yet", "from 9% to 14% over three weeks"]
    assert accuracy.note_pointers("[paraphrase] nothing quoted, Leanne's log") == []
    assert accuracy.note_pointers("'Using these figures I kept 23% ... 28.5%'") == ["Using these figures I kept 23%   28.5%"]


def test_a_quote_points_at_a_pointer_when_most_of_the_shorter_ones_words_are_shared() -> None:
    sentence = "Every Monday at 5pm I run a 15 minute huddle with the evening team."
    assert accuracy.points_at(sentence, "Every Monday at 5pm I run a 15 minute huddle")
    assert accuracy.points_at("15 minute huddle", sentence)
    assert not accuracy.points_at("I coached Leanne on her close.", sentence)
    assert not accuracy.points_at("", sentence)
