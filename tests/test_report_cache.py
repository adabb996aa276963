"""Reports of unchanged portfolios: kept, read back instead of checking again, never stale."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from evidencecheck import api
from evidencecheck.cli import main
from evidencecheck.config import WaiverSpec
from evidencecheck.limits import Limits
from evidencecheck.parsers.cache import CACHE_ENV, ParseCache
from evidencecheck.report_cache import load_report, report_key, store_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UNIT = "lead-team-improve-service"


@pytest.fixture
def learner(tmp_path):
    folder = tmp_path / "learner"
    shutil.copytree(FIXTURES / "sample-portfolio", folder)
    return folder


def _key(paths, **changes):
    options = dict(unit=UNIT, rules=[], model="en_ud_ewt", limits=Limits(), learner=None, waivers=[],
                   max_age_years=3, as_of=dt.date(2026, 12, 4))
    options.update(changes)
    return report_key(paths, **options)


def test_the_key_holds_everything_that_decides_the_report(learner, tmp_path):
    first = _key([learner])
    assert first == _key([learner]) and first.startswith("report-")
    others = [
        _key([learner], unit="lead-direct-sales"),
        _key([learner], model="blank:en"),
        _key([learner], limits=Limits(pdf_backend="pdfplumber")),
        _key([learner], learner="Sam Patel"),
        _key([learner], waivers=[WaiverSpec(criterion="1.1", mistake=None, reason="seen", by="JS",
                                            date="2026-11-01", learner=None, file="evidencecheck.toml")]),
        _key([learner], max_age_years=5),
        _key([learner], as_of=dt.date(2026, 12, 5)),  # currency is judged on the day
    ]
    assert first not in others and len(set(others)) == len(others)
    (learner / "coaching-log.md").write_text("# Coaching log\n\nI coached Dev on 3 May.\n", encoding="utf-8")
    edited = _key([learner])
    (learner / "extra.md").write_text("More evidence.\n", encoding="utf-8")
    added = _key([learner])
    rules = tmp_path / "rules"
    rules.mkdir()
    with_rules = _key([learner], rules=[rules])
    (rules / "my-unit.yaml").write_text("id: my-unit\n", encoding="utf-8")
    assert len({first, edited, added, with_rules, _key([learner], rules=[rules])}) == 5


def test_only_the_built_in_pipelines_are_keyed(learner):
    assert _key([learner], model="en_core_web_sm") is None


def test_a_report_reads_back_equal_with_its_fingerprints(learner, tmp_path):
    store = ParseCache(tmp_path / "cache")
    report = api.check(learner, unit=UNIT, limits=Limits(cache=False))
    assert report.fingerprints
    store_report(store, "report-x", report)
    again = load_report(store, "report-x")
    assert again == report and again.fingerprints == report.fingerprints


def test_a_damaged_entry_is_a_miss_and_is_removed(learner, tmp_path):
    store = ParseCache(tmp_path / "cache")
    store_report(store, "report-x", api.check(learner, unit=UNIT, limits=Limits(cache=False)))
    [entry] = (tmp_path / "cache").glob("*/report-x.bin")
    entry.write_bytes(entry.read_bytes()[:-20])
    assert load_report(store, "report-x") is None
    assert not entry.exists()
    store.put_bytes("report-y", json.dumps({"report": {"schema_version": "3"}, "fingerprints": {}}).encode())
    assert load_report(store, "report-y") is None  # well stored, not a report


def test_a_report_with_an_unreadable_document_is_not_kept(learner, tmp_path):
    (learner / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    report = api.check(learner, unit=UNIT, limits=Limits(cache=False))
    assert any(d.status == "error" for d in report.documents)
    store = ParseCache(tmp_path / "cache")
    store_report(store, "report-x", report)
    assert load_report(store, "report-x") is None


@pytest.fixture
def cached_here(tmp_path, monkeypatch):
    """The learner's folder outside the (pretend) system temporary folder, so reports are kept."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))
    return tmp_path / "cache"


def _check(learner, capsys, *extra):
    status = main(["check", str(learner), "--unit", UNIT, "--format", "json", "--exit-zero", "--quiet", *extra])
    return status, capsys.readouterr().out


def test_checking_unchanged_evidence_again_reads_the_kept_report(learner, cached_here, capsys, monkeypatch):
    first = _check(learner, capsys)
    assert list(cached_here.glob("*/report-*.bin"))

    def no_check(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(api, "check", no_check)
    assert _check(learner, capsys) == first
    with pytest.raises(AssertionError, match="checked again"):
        _check(learner, capsys, "--no-cache")  # --no-cache neither reads nor writes it


def test_an_edited_portfolio_is_checked_again(learner, cached_here, capsys):
    _, before = _check(learner, capsys)
    log = learner / "coaching-log.md"
    log.write_text(log.read_text(encoding="utf-8").replace("Coaching", "Caching"), encoding="utf-8")
    _, after = _check(learner, capsys)
    assert after != before
    _, fresh = _check(learner, capsys, "--no-cache")
    assert after == fresh


def test_uploads_in_the_temporary_folder_are_never_kept(learner, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the learner folder is inside it
    _check(learner, capsys)
    assert not list((tmp_path / "cache").glob("*/report-*.bin"))


def test_a_cohort_learner_whose_evidence_is_unchanged_is_not_checked_again(learner, cached_here, monkeypatch):
    from evidencecheck.cohort.batch import LearnerTask, check_learner
    from evidencecheck.cohort.model import Learner

    task = LearnerTask(Learner("learner", learner), UNIT)
    first = check_learner(task)

    def no_check(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(api, "check_portfolio", no_check)
    again = check_learner(task)
    assert again == first and again.fingerprints == first.fingerprints  # the grid's copying check needs them
    (learner / "coaching-log.md").write_text("# Coaching log\n\nNothing yet.\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="checked again"):
        check_learner(task)
