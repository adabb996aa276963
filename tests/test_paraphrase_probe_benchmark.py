"""The paraphrase-probe benchmark: each sentence checked alone, figures by kind, halves, bad units refused."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("paraphrase_probe", ROOT / "benchmarks" / "paraphrase_probe.py")
assert _spec and _spec.loader
probe = importlib.util.module_from_spec(_spec)
sys.modules["paraphrase_probe"] = probe  # its dataclass looks its module up there
_spec.loader.exec_module(probe)

UNIT = "plan-allocate-monitor-work"
PROBES = {"criteria": {"one-to-ones-and-briefings": {"regular-one-to-ones": {
    "positive": ["I hold a one-to-one with each of my eight advisers every fortnight; Sam's last was on 3 May.",
                 "The weather was fine in Leeds all week."],
    "negative": ["We have not had a single one-to-one since January."]}}},
    "mistakes": {"delayed-feedback": {"shows": [], "good_practice": ["I gave Sam feedback on his call straight away."]}}}


def test_each_sentence_is_judged_alone_against_what_it_was_written_to_show() -> None:
    outcomes = list(probe.run_unit(UNIT, PROBES))
    assert [(o.kind, o.found, o.right) for o in outcomes] == [
        ("positive", True, True), ("positive", False, False), ("negative", False, True), ("good_practice", False, True)]
    assert probe.figures(outcomes)["positive"] == (1, 2)
    assert probe.figures(outcomes)["shows"] == (0, 0)


def test_halves_split_every_list_alternately() -> None:
    sentences = ["one", "two", "three", "four", "five"]
    assert probe.half_of(sentences, "A") == ["one", "three", "five"]
    assert probe.half_of(sentences, "B") == ["two", "four"]
    assert probe.half_of(sentences, None) == sentences


def test_main_prints_the_figures_and_lists_misses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "probes.yaml"
    path.write_text(yaml.safe_dump({"units": {UNIT: PROBES}}), encoding="utf-8")
    assert probe.main(["--probes", str(path), "--show-misses"]) == 0
    out = capsys.readouterr().out
    assert "0.500 (1 of 2)" in out  # element recall
    assert "positive      plan-allocate-monitor-work: one-to-ones-and-briefings.regular-one-to-ones: The weather" in out
    assert probe.main(["--probes", str(path), "--unit", "no-such-unit"]) == 2


def test_the_shipped_probes_cover_every_element_of_the_five_units() -> None:
    from evidencecheck.rules.registry import load_unit

    data = yaml.safe_load((ROOT / "benchmarks" / "paraphrase-probes.yaml").read_text(encoding="utf-8"))["units"]
    assert len(data) == 5
    for unit, probes in data.items():
        rules = load_unit(unit)
        for criterion in probes["criteria"]:
            wanted = {e.id for c in rules.criteria if c.id == criterion for e in c.elements}
            assert set(probes["criteria"][criterion]) == wanted, criterion
        assert set(probes["mistakes"]) <= {m.id for m in rules.mistakes}
