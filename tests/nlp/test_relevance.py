"""The relevance detector: a document not about the learner's work is flagged; evidence never is."""

from __future__ import annotations

import importlib.util
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from evidencecheck.model import Document
from evidencecheck.nlp.doc_types import classify
from evidencecheck.nlp.match import document_topic
from evidencecheck.nlp.relevance import (
    MIN_FIELD_SHARE,
    MIN_TOLD,
    MIN_WORDS,
    field_words,
    judge_relevance,
)
from evidencecheck.parsers import parse_string
from evidencecheck.portfolio import load_portfolio
from evidencecheck.rules.registry import load_unit

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "relevance"
UNRELATED = sorted((DATA / "unrelated").iterdir())
RELATED = sorted((DATA / "related").iterdir())
UNIT = "lead-team-improve-service"


def _read(path: Path) -> Document:
    [document] = load_portfolio([str(path)], isolate=False).documents
    return document


@pytest.mark.parametrize("path", UNRELATED, ids=lambda p: p.name)
def test_relevance_flags_a_document_that_is_not_about_the_work(path: Path) -> None:
    document = _read(path)
    topic = document_topic(document, load_unit(UNIT))
    assert topic.words >= 300  # each is a realistic page, not a snippet
    assert topic.judged and not topic.related, topic


@pytest.mark.parametrize("path", RELATED, ids=lambda p: p.name)
def test_relevance_keeps_documents_about_the_work_impersonal_ones_too(path: Path) -> None:
    topic = document_topic(_read(path), load_unit(UNIT))
    assert topic.related, topic


def test_relevance_reads_a_learner_in_plain_words_by_what_they_tell_of_their_team() -> None:
    """A dental practice's booking desk uses few of the trade's words; the writer's own work carries it."""
    topic = judge_relevance(_read(DATA / "related" / "reflective-account-plain-words.txt"))
    assert topic.judged and topic.field_share < MIN_FIELD_SHARE
    assert topic.told >= MIN_TOLD and topic.related


def test_relevance_trusts_a_rota_by_its_form_not_its_words() -> None:
    document = _read(DATA / "related" / "rota-weeks-23-24.md")
    assert "rota" in classify(document)
    alone = judge_relevance(document)  # judged on its words alone it would be flagged: names and shift codes
    assert alone.judged and not alone.related
    topic = document_topic(document, load_unit(UNIT))
    assert not topic.judged and topic.related


def test_relevance_does_not_trust_a_kind_read_from_the_words() -> None:
    """"Match report" names a KPI report by its title; the detector does not take that kind on trust."""
    document = _read(DATA / "unrelated" / "match-report-rovers-v-athletic.txt")
    assert "kpi-report" in classify(document)
    assert not document_topic(document, load_unit(UNIT)).related


def test_relevance_never_judges_a_short_text() -> None:
    words = _read(DATA / "unrelated" / "slow-roast-lamb-recipe.txt").text.split()
    short = parse_string(" ".join(words[:MIN_WORDS - 10]), name="recipe.txt")
    topic = judge_relevance(short)
    assert not topic.judged and topic.related


def test_relevance_counts_the_field_words_with_their_endings_and_shared_words_at_half() -> None:
    # calls, queued, caller, advisers
    assert field_words("Calls were queued; the caller complained to two advisers.") == 4
    assert field_words("The team and its manager.") == 1.0
    assert field_words("one to one, one-to-one and 1:1 reviews") == 3
    assert field_words("Each late payment helps the targets.") == 0  # the units' everyday clue words are not the field's


def test_relevance_lexicon_entries_are_all_words() -> None:
    """YAML reads 1:1 as a number unless quoted: every entry must load as text."""
    text = resources.files("evidencecheck.nlp").joinpath("data/domain-words.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    for part in ("core", "shared"):
        assert data[part] and all(isinstance(w, str) and w == w.lower() for w in data[part]), part


def _sweep_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("relevance_sweep", ROOT / "benchmarks" / "relevance_sweep.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_relevance_flags_no_document_of_the_corpora() -> None:
    """Every document of the sample portfolio and the dev, probe and hold-out corpora is evidence."""
    sweep = _sweep_module()
    folders = [f for f in sweep.DEFAULT_FOLDERS if f.is_dir()]
    checked, flagged = sweep.sweep(folders)
    assert checked >= 30
    assert flagged == []


def test_relevance_sweep_prints_what_it_flags(capsys: pytest.CaptureFixture[str]) -> None:
    sweep = _sweep_module()
    assert sweep.main([str(DATA / "unrelated"), str(DATA / "related")]) == 1
    out = capsys.readouterr().out
    assert out.count("FLAGGED ") == len(UNRELATED)
    assert f"{len(UNRELATED) + len(RELATED)} documents checked, {len(UNRELATED)} flagged" in out
