"""The library entry points: check() from paths, check_portfolio() from a parsed portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencecheck.api import check, check_portfolio
from evidencecheck.errors import UnknownUnitError
from evidencecheck.model import DocumentFailure, Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.report.model import Report
from evidencecheck.rules.registry import available_units, load_unit

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNITS = sorted(available_units())
UNIT = "lead-sales-marketing-team" if "lead-sales-marketing-team" in UNITS else UNITS[0]


def test_api_check_returns_report():
    report = check(SAMPLE, unit=UNIT)
    assert isinstance(report, Report)
    assert report.unit.id == UNIT
    assert report.schema_version == "3"
    assert report.checked and report.problem is None
    assert len(report.documents) == 3
    assert report.all_met is False  # the sample is a partial portfolio for this unit


def test_api_check_accepts_list_of_paths_and_strings(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("I coached Priya on her call openings on 4 March.", encoding="utf-8")
    report = check([str(a), SAMPLE / "coaching-log.md"], unit=UNIT)
    assert [d.path for d in report.documents] == [str(a), str(SAMPLE / "coaching-log.md")]


def test_api_check_unknown_unit():
    with pytest.raises(UnknownUnitError):
        check(SAMPLE, unit="no-such-unit")


def test_api_check_portfolio_on_parsed_documents():
    ruleset = load_unit(UNIT)
    doc = parse_string("I answered customer emails all week.", name="notes.txt")
    report = check_portfolio(Portfolio(documents=(doc,)), ruleset=ruleset)
    assert isinstance(report, Report)
    assert [d.path for d in report.documents] == ["notes.txt"]
    assert report.documents[0].status == "ok"
    assert report.documents[0].words == 6
    assert [c.id for c in report.criteria] == [c.id for c in ruleset.criteria]
    assert not report.all_met


def test_api_check_portfolio_reports_failures():
    ruleset = load_unit(UNIT)
    failure = DocumentFailure("minutes.docx", "E205", "this is not a Word document", "docx")
    report = check_portfolio(Portfolio(failures=(failure,)), ruleset=ruleset)
    (entry,) = report.documents
    assert (entry.path, entry.status, entry.error, entry.format) == (
        "minutes.docx", "error", "E205 this is not a Word document", "docx")
    # nothing could be read: one message saying what to do, and no verdicts
    assert not report.checked
    assert report.problem == ("E307 nothing could be checked: the evidence file could not be read. Fix it as its "
                              "message below says, then check again.")
    assert report.summary.missing == 0  # the unreadable file may hold the evidence
    assert report.summary.at_risk == len(ruleset.criteria)
    assert all(c.reasons == [report.problem] and c.confidence == 0 and not c.evidence for c in report.criteria)
    assert report.summary.mistakes_detected == 0 and not any(m.detected for m in report.mistakes)
    assert not report.all_met and not report.all_accepted


def test_import_has_no_side_effects_and_loads_nothing_heavy():
    import subprocess
    import sys

    code = (
        "import sys, evidencecheck\n"
        "heavy = [m for m in ('spacy', 'pdfplumber', 'docx', 'jinja2', 'rich', 'pydantic') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert callable(evidencecheck.check) and 'spacy' in sys.modules\n"
        "assert evidencecheck.Report.__name__ == 'Report'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_public_names_all_resolve():
    import evidencecheck

    for name in evidencecheck.__all__:
        assert getattr(evidencecheck, name) is not None, name
    assert issubclass(evidencecheck.DocumentError, evidencecheck.EvidenceCheckError)
    assert issubclass(evidencecheck.RuleSetError, evidencecheck.EvidenceCheckError)
    assert issubclass(evidencecheck.ReportError, evidencecheck.EvidenceCheckError)
    with pytest.raises(AttributeError):
        evidencecheck.no_such_thing  # noqa: B018


def test_mypy_is_clean_on_all_of_src(monkeypatch):
    api = pytest.importorskip("mypy.api")
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)  # the file list in pyproject.toml is relative to the project
    out, err, status = api.run(["--config-file", str(root / "pyproject.toml"), "--no-incremental"])
    assert status == 0, out + err


def test_check_reports_progress_for_every_file():
    seen = []
    check([SAMPLE], unit=UNIT, on_progress=lambda path, done, total: seen.append((path, done, total)))
    assert sorted(p for p, _, _ in seen) == ["coaching-log.md", "reflective-account.docx", "witness-testimony.pdf"]
    assert {t for _, _, t in seen} == {3}
