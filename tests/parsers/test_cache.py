"""The parse cache: same documents as a fresh parse, safe against damage, tampering and other users."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from evidencecheck.limits import Limits
from evidencecheck.parsers import parse
from evidencecheck.parsers.cache import (
    CACHE_ENV,
    ParseCache,
    default_cache,
    document_from_json,
    document_to_json,
)
from evidencecheck.portfolio import load_portfolio

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE = FIXTURES / "sample-portfolio"


@pytest.fixture(autouse=True)
def temp_files_are_cacheable(monkeypatch):
    """These tests' evidence lives in pytest's temporary folders, which the cache otherwise skips."""
    from evidencecheck.parsers import cache

    real = cache._in_temp_folder
    monkeypatch.setattr(cache, "_in_temp_folder", lambda path: "transient" in str(path))
    return real


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def portfolio(tmp_path):
    folder = tmp_path / "learner"
    shutil.copytree(SAMPLE, folder)
    for name, fixture in (("rich.pdf", "rich.pdf"), ("rich.docx", "rich.docx")):
        shutil.copy(FIXTURES / fixture, folder / name)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def test_cached_and_uncached_documents_are_identical(cache_dir, portfolio):
    fresh = load_portfolio([portfolio], limits=Limits(cache=False))
    assert not cache_dir.exists()  # --no-cache neither reads nor writes it
    first = load_portfolio([portfolio])
    assert len(_entries(cache_dir)) == len(first.documents) >= 5
    second = load_portfolio([portfolio])
    assert fresh == first == second


def test_a_hit_does_not_parse_again(cache_dir, portfolio, monkeypatch):
    load_portfolio([portfolio])

    def fail(*args, **kwargs):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr("evidencecheck.portfolio._load_one", fail)
    again = load_portfolio([portfolio], isolate=False)
    assert not again.failures and len(again.documents) == len(_entries(cache_dir))


def test_a_changed_file_or_other_backend_is_parsed_afresh(cache_dir, portfolio):
    load_portfolio([portfolio])
    note = next(p for p in portfolio.iterdir() if p.suffix == ".md")
    note.write_text("# Changed\n\nI now run the huddle on Tuesdays.\n", encoding="utf-8")
    doc = next(d for d in load_portfolio([portfolio]).documents if d.path == note.name)
    assert "Tuesdays" in doc.text
    before = len(_entries(cache_dir))
    load_portfolio([portfolio], limits=Limits(pdf_backend="pdfplumber"))
    pdfs = sum(1 for p in portfolio.iterdir() if p.suffix == ".pdf")
    assert len(_entries(cache_dir)) == before + pdfs


def test_damaged_or_tampered_entries_are_misses_and_removed(cache_dir, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Note\n\nI coached Sam.\n", encoding="utf-8")
    cache = default_cache()
    key = cache.key(path, "note.md", Limits())
    assert key is not None
    cache.put(key, parse(path, display="note.md"))
    (entry,) = _entries(cache_dir)
    good = json.loads(entry.read_text(encoding="utf-8"))
    for damage in (
        b"{not json",
        json.dumps({**good, "key": "0" * 64}).encode(),
        json.dumps({**good, "document": {**good["document"], "blocks": [{"text": "x", "kind": "__import__"}]}}).encode(),
        json.dumps({**good, "document": {**good["document"], "pages": "many"}}).encode(),
    ):
        entry.write_bytes(damage)
        assert ParseCache(cache_dir).get(key) is None
        assert not entry.exists()
    assert ParseCache(cache_dir).get(key) is None


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX")
def test_a_folder_others_can_write_is_not_used(tmp_path):
    folder = tmp_path / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)
    path = tmp_path / "note.md"
    path.write_text("I coached Sam.\n", encoding="utf-8")
    cache = ParseCache(folder)
    key = cache.key(path, "note.md", Limits())
    assert key is not None
    cache.put(key, parse(path))
    assert _entries(folder) == []
    assert cache.get(key) is None


def test_the_size_cap_removes_the_least_recently_used(tmp_path):
    cache = ParseCache(tmp_path / "cache", max_bytes=3000)
    keys = []
    for n in range(8):
        path = tmp_path / f"n{n}.md"
        path.write_text(f"Note {n}: " + "I coached the team. " * 20, encoding="utf-8")
        key = cache.key(path, path.name, Limits())
        assert key is not None
        cache.put(key, parse(path))
        keys.append(key)
    total = sum(p.stat().st_size for p in _entries(tmp_path / "cache"))
    assert total <= 3000
    assert cache.get(keys[-1]) is not None and cache.get(keys[0]) is None


def test_documents_cut_short_by_the_time_limit_are_not_cached(tmp_path):
    cache = ParseCache(tmp_path / "cache")
    doc = parse(FIXTURES / "rich.pdf")
    cut = type(doc)(**{**doc.__dict__, "warnings": ("W205 page 3 could not be read (not reached within the "
                                                    "time limit of 3 s; raise --timeout to read it); the "
                                                    "other pages were read.",)})
    cache.put("ab" * 32, cut)
    assert _entries(tmp_path / "cache") == []


def test_a_pipe_is_never_hashed(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert ParseCache(tmp_path / "cache").key(fifo, "pipe.md", Limits()) is None


@pytest.mark.parametrize("fixture", ["rich.pdf", "rich.docx", "bom.md", "windows-1252.txt"])
def test_json_round_trip_is_exact(fixture):
    doc = parse(FIXTURES / fixture)
    assert document_from_json(json.loads(json.dumps(document_to_json(doc)))) == doc


def test_concurrent_writers_and_readers_only_see_whole_entries(tmp_path):
    import threading

    doc = parse(FIXTURES / "rich.docx")
    key = "cd" * 32
    seen: list[object] = []
    errors: list[BaseException] = []

    def work() -> None:
        cache = ParseCache(tmp_path / "cache")  # one per thread, as separate runs would have
        try:
            for _ in range(40):
                cache.put(key, doc)
                seen.append(cache.get(key))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(seen) == 240 and all(got == doc for got in seen)
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == [f"{key}.json"]  # no temp files left


def test_files_in_the_system_temporary_folder_are_never_cached(cache_dir, tmp_path, temp_files_are_cacheable,
                                                                monkeypatch):
    """Web uploads and unpacked archives sit in the temporary folder and must leave no copy behind."""
    from evidencecheck.parsers import cache

    monkeypatch.setattr(cache, "_in_temp_folder", temp_files_are_cacheable)
    folder = tmp_path / "upload"
    shutil.copytree(SAMPLE, folder)
    load_portfolio([str(folder)])
    assert _entries(cache_dir) == []
    assert temp_files_are_cacheable(folder / "coaching-log.md") is True
    assert temp_files_are_cacheable(Path("/no-such-folder/coaching-log.md")) is False  # not SAMPLE: CI may clone into /tmp
