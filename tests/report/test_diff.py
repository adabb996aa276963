"""Comparing two reports of the same portfolio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencecheck.errors import ReportError
from evidencecheck.report.diff import diff_reports, load_report
from evidencecheck.report.diff_view import render_diff
from evidencecheck.report.model import (
    CriterionEntry,
    DocumentEntry,
    ElementEntry,
    EvidenceEntry,
    MistakeEntry,
    Report,
    Summary,
    ToolInfo,
    UnitInfo,
)


def _criterion(cid: str, status: str, found: tuple[bool, bool] = (False, False),
               quotes: tuple[str, ...] = ()) -> CriterionEntry:
    return CriterionEntry(
        id=cid, text=f"text of {cid}", status=status, confidence=0.5, reasons=["because"],
        elements=[ElementEntry(text=f"{cid} element {i}", found=f) for i, f in enumerate(found)],
        evidence=[EvidenceEntry(document="a.txt", location="paragraph 1", quote=q, matched=["x"]) for q in quotes],
    )


def _report(criteria, mistakes=(), documents=(), unit="unit-a", version="1.0") -> Report:
    statuses = [c.status for c in criteria]
    return Report(
        tool=ToolInfo(version="0.1.0"), unit=UnitInfo(id=unit, title="Unit A", ruleset_version=version),
        documents=list(documents), criteria=list(criteria),
        mistakes=[MistakeEntry(id=m, text=f"mistake {m}", detected=d, reasons=[], evidence=[]) for m, d in mistakes],
        summary=Summary(met=statuses.count("met"), at_risk=statuses.count("at_risk"),
                        missing=statuses.count("missing"), mistakes_detected=sum(d for _, d in mistakes)),
    )


def _doc(path: str, status: str = "ok", error: str | None = None) -> DocumentEntry:
    return DocumentEntry(path=path, format="txt", status=status, error=error)


def test_identical_reports_have_no_changes():
    report = _report([_criterion("c1", "met", (True, True), ("I did it.",))], [("m1", False)], [_doc("a.txt")])
    diff = diff_reports(report, report)
    assert not diff.changed
    assert diff.criteria == diff.mistakes == diff.documents == ()
    assert render_diff(diff).startswith("No changes for unit-a")


def test_status_direction_elements_and_quotes():
    old = _report([_criterion("c1", "missing"), _criterion("c2", "met", (True, True), ("Old quote.",)),
                   _criterion("c3", "at_risk", (True, False))])
    new = _report([_criterion("c1", "met", (True, True), ("New quote.",)), _criterion("c2", "at_risk", (True, False)),
                   _criterion("c3", "at_risk", (True, False))])
    diff = diff_reports(old, new)
    by_id = {c.id: c for c in diff.criteria}
    assert set(by_id) == {"c1", "c2"}  # c3 did not change at all
    assert (by_id["c1"].old, by_id["c1"].new, by_id["c1"].direction) == ("missing", "met", "better")
    assert by_id["c1"].elements_gained == ("c1 element 0", "c1 element 1")
    assert [q.quote for q in by_id["c1"].quotes_added] == ["New quote."]
    assert by_id["c2"].direction == "worse"
    assert by_id["c2"].elements_lost == ("c2 element 1",)
    assert [q.quote for q in by_id["c2"].quotes_removed] == ["Old quote."]
    assert [c.id for c in diff.better] == ["c1"] and [c.id for c in diff.worse] == ["c2"]


def test_same_status_with_new_evidence_is_a_change():
    old = _report([_criterion("c1", "at_risk", (True, False), ("First.",))])
    new = _report([_criterion("c1", "at_risk", (True, False), ("First.", "Second."))])
    (change,) = diff_reports(old, new).criteria
    assert change.direction == "same"
    assert [q.quote for q in change.quotes_added] == ["Second."]


def test_mistakes_fixed_and_new():
    old = _report([_criterion("c1", "met")], [("m1", True), ("m2", False), ("m3", True)])
    new = _report([_criterion("c1", "met")], [("m1", False), ("m2", True), ("m3", True)])
    changes = {m.id: m.direction for m in diff_reports(old, new).mistakes}
    assert changes == {"m1": "better", "m2": "worse"}


def test_criteria_added_and_removed_when_the_rule_set_changed():
    old = _report([_criterion("c1", "met"), _criterion("gone", "met")], version="1.0")
    new = _report([_criterion("c1", "met"), _criterion("fresh", "missing")], version="1.1")
    diff = diff_reports(old, new)
    assert {c.id: c.direction for c in diff.criteria} == {"fresh": "added", "gone": "removed"}
    assert "rule set version 1.0 -> 1.1" in render_diff(diff)


def test_documents_added_removed_and_readability():
    old = _report([_criterion("c1", "met")], documents=[_doc("a.txt"), _doc("b.pdf", "error", "E211 damaged"),
                                                       _doc("old.txt")])
    new = _report([_criterion("c1", "met")], documents=[_doc("a.txt", "error", "E214 not text"), _doc("b.pdf"),
                                                       _doc("new.md")])
    text = render_diff(diff_reports(old, new))
    assert "a.txt: can no longer be read: E214 not text" in text
    assert "b.pdf: can now be read" in text
    assert "new.md: added" in text
    assert "old.txt: removed" in text


def test_different_units_are_refused():
    with pytest.raises(ReportError) as err:
        diff_reports(_report([], unit="unit-a"), _report([], unit="unit-b"))
    assert err.value.code == "E305"


def test_json_and_markdown_views_escape_and_round_trip():
    old = _report([_criterion("c1", "missing")])
    new = _report([_criterion("c1", "met", (True, True), ("<script>alert(1)</script> *bold*",))])
    diff = diff_reports(old, new)
    data = json.loads(render_diff(diff, "json"))
    assert data["changed"] is True
    assert data["criteria"][0]["quotes_added"][0]["quote"] == "<script>alert(1)</script> *bold*"
    md = render_diff(diff, "markdown")
    assert "<script>" not in md and "&lt;script&gt;" in md and r"\*bold\*" in md
    assert "Missing \u2192 Met" in md


@pytest.mark.parametrize("content, detail", [
    ("not json", "not JSON"),
    ('{"schema_version": "4"}', "schema_version is '4', expected '1' or '2' or '3'"),
    ('{"schema_version": "1", "tool": {}}', "tool.version"),
    ('{"schema_version": "2", "tool": {}}', "tool.version"),
    ("[1, 2]", "schema_version is 'list'"),
])
def test_load_report_rejects_what_is_not_a_report(tmp_path, content, detail):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError) as err:
        load_report(path)
    assert err.value.code == "E303"
    assert detail in str(err.value) and str(path) in str(err.value)


def test_load_report_round_trips_a_written_report(tmp_path):
    report = _report([_criterion("c1", "met", (True, False), ("Quote.",))], [("m1", True)], [_doc("a.txt")])
    path = tmp_path / "r.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    assert load_report(path) == report
    with pytest.raises(ReportError) as err:
        load_report(tmp_path / "absent.json")
    assert err.value.code == "E303"


def test_load_report_reads_a_schema_1_report_as_schema_3(tmp_path):
    """A report written before waivers existed still loads (for diff and check --compare)."""
    old = json.loads(check_report_json())
    for key in ("learner", "checked", "problem"):
        old.pop(key)
    old["schema_version"] = "1"
    for key in ("ofqual_unit", "awarding_body", "qualification"):
        old["unit"].pop(key)
    for entry in old["criteria"] + old["mistakes"]:
        entry.pop("name")
        entry.pop("waiver")
    old["summary"].pop("waived")
    old["summary"].pop("mistakes_waived")
    old.pop("checks")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    report = load_report(path)
    assert report.schema_version == "3" and report.checked is True and report.learner is None
    assert report.checks is None
    assert all(c.name is None and c.waiver is None for c in report.criteria)
    assert report.summary.waived == 0
    assert not diff_reports(report, Report.model_validate_json(check_report_json())).mistakes


def check_report_json() -> str:
    from evidencecheck.api import check

    return check([Path(__file__).resolve().parents[2] / "fixtures" / "sample-portfolio"],
                 unit="lead-team-improve-service").model_dump_json()
