"""The pipeline's annotations kept in the parse cache: the same docs as a fresh run, never a wrong one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from evidencecheck.api import check
from evidencecheck.limits import Limits
from evidencecheck.nlp.annotation_cache import AnnotationCache, pipeline_fingerprint
from evidencecheck.nlp.normalise import process_documents
from evidencecheck.nlp.pipeline import BLANK_MODEL, SHIPPED_MODEL, get_nlp
from evidencecheck.parsers import parse_string
from evidencecheck.parsers.cache import CACHE_ENV, ParseCache, cache_for

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

ACCOUNT = ("In March I coached Priya on her wrap-up time because her AHT was 40 seconds over target.\n\n"
           "We agreed two actions and I reviewed them with her on 3 April; her AHT fell to 5:10.")
MINUTES = "Team meeting, 4 May 2024\n\nActions: Dev to update the rota by Friday. Signed: J. Smith"


def _signature(processed):
    return [[(t.text, t.whitespace_, t.norm_, t.lemma_, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i,
              t.is_sent_start) for t in block.doc] + [[s.start for s in block.doc.sents]]
            for pdoc in processed for block in pdoc.blocks]


def _documents(*texts):
    return [parse_string(text, name=f"doc-{n}.txt") for n, text in enumerate(texts)]


@pytest.fixture
def store(tmp_path):
    return ParseCache(tmp_path / "cache")


def _entries(store):
    return sorted(store.folder.glob("*/nlp-*.bin"))


def _counting_pipe(nlp, monkeypatch):
    seen: list[str] = []
    real = nlp.pipe

    def pipe(texts, **kwargs):
        texts = list(texts)
        seen.extend(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    return seen


def test_annotations_read_back_are_the_pipelines_own(store, monkeypatch):
    nlp = get_nlp(SHIPPED_MODEL)
    documents = _documents(ACCOUNT, MINUTES)
    fresh = process_documents(nlp, documents)
    first = process_documents(nlp, documents, store)
    assert len(_entries(store)) == 2
    seen = _counting_pipe(nlp, monkeypatch)
    again = process_documents(nlp, documents, store)
    assert seen == []  # neither document went through the pipeline again
    assert _signature(fresh) == _signature(first) == _signature(again)
    assert any(t.dep_ == "nsubj" for b in again[0].blocks for t in b.doc)  # the parse is there


def test_only_a_changed_document_is_annotated_again(store, monkeypatch):
    nlp = get_nlp(SHIPPED_MODEL)
    process_documents(nlp, _documents(ACCOUNT, MINUTES), store)
    seen = _counting_pipe(nlp, monkeypatch)
    edited = MINUTES.replace("Friday", "Thursday")
    processed = process_documents(nlp, _documents(ACCOUNT, edited), store)
    assert seen and all("Thursday" in t or "Team meeting" in t or "Actions" in t or "Signed" in t for t in seen)
    assert not any("coached" in t for t in seen)
    assert "Thursday" in " ".join(b.doc.text for b in processed[1].blocks)


def test_a_damaged_entry_is_a_miss_and_is_removed(store):
    nlp = get_nlp(SHIPPED_MODEL)
    documents = _documents(ACCOUNT)
    process_documents(nlp, documents, store)
    [entry] = _entries(store)
    raw = bytearray(entry.read_bytes())
    raw[-10] ^= 0xFF
    entry.write_bytes(bytes(raw))
    texts = [b.doc.text for b in process_documents(nlp, documents)[0].blocks]
    cache = AnnotationCache(store, nlp)
    assert cache.get(cache.key(texts), texts) is None
    assert not entry.exists()
    assert _signature(process_documents(nlp, documents, store)) == _signature(process_documents(nlp, documents))


def test_an_entry_whose_words_are_another_documents_is_a_miss(store):
    nlp = get_nlp(SHIPPED_MODEL)
    cache = AnnotationCache(store, nlp)
    other = list(nlp.pipe(["We never had a huddle."]))
    key = cache.key(["I held a huddle."])
    cache.put(key, other)  # well stored, but not these words
    assert cache.get(key, ["I held a huddle."]) is None
    assert not list(store.folder.glob("*/nlp-*.bin"))


def test_each_pipeline_keeps_its_own_annotations(store):
    shipped, blank = get_nlp(SHIPPED_MODEL), get_nlp(BLANK_MODEL)
    assert pipeline_fingerprint(shipped) != pipeline_fingerprint(blank)
    texts = ["I coached Priya."]
    assert AnnotationCache(store, shipped).key(texts) != AnnotationCache(store, blank).key(texts)
    assert AnnotationCache(store, shipped).key(["a", "b"]) != AnnotationCache(store, shipped).key(["ab"])
    documents = _documents(ACCOUNT)
    process_documents(shipped, documents, store)
    processed = process_documents(blank, documents, store)
    assert not any(t.dep_ for b in processed[0].blocks for t in b.doc)  # not the shipped pipeline's parse


def test_the_cache_is_used_only_where_the_parse_cache_is(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))
    outside, upload = tmp_path / "learner", tmp_path / "system-temp" / "upload"
    assert cache_for([outside], cache=True) is not None
    assert cache_for([outside], cache=False) is None
    assert cache_for([outside], cache=True, password="secret") is None
    assert cache_for([outside, upload], cache=True) is None  # uploads leave no copy behind
    assert cache_for([], cache=True) is None


def test_a_check_with_the_cache_reports_as_one_without_it(tmp_path, monkeypatch):
    from evidencecheck.parsers import cache as cache_module

    monkeypatch.setattr(cache_module, "_in_temp_folder", lambda path: False)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "learner"
    shutil.copytree(FIXTURES / "sample-portfolio", folder)
    unit = "lead-team-improve-service"
    without = check(folder, unit=unit, limits=Limits(cache=False))
    assert not (tmp_path / "cache").exists()
    first = check(folder, unit=unit)
    assert list((tmp_path / "cache").glob("*/nlp-*.bin"))
    again = check(folder, unit=unit)
    assert without.model_dump() == first.model_dump() == again.model_dump()
