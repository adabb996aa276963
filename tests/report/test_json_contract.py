"""The JSON report against the public contract (/work/shared/spec/report-contract.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from evidencecheck._version import __version__
from evidencecheck.api import check
from evidencecheck.portfolio import load_portfolio
from evidencecheck.report.model import Report
from evidencecheck.report.schema import report_schema
from evidencecheck.rules.registry import available_units, load_unit

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
FOCUS_UNIT = "lead-team-improve-service"

SCHEMA = report_schema()


def _assert_contract(unit: str, paths: list[Path]) -> dict:
    ruleset = load_unit(unit)
    report = check(paths, unit=unit)
    data = json.loads(report.model_dump_json())
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)

    assert data["tool"]["version"] == __version__
    assert data["unit"] == {"id": ruleset.id, "title": ruleset.title, "ruleset_version": ruleset.version,
                            "ofqual_unit": ruleset.source.ofqual_unit, "awarding_body": ruleset.source.awarding_body,
                            "qualification": ruleset.source.qualification}
    assert data["schema_version"] == "3" and data["checked"] is True and data["problem"] is None
    assert [c["name"] for c in data["criteria"]] == [c.name for c in ruleset.criteria]
    assert [m["name"] for m in data["mistakes"]] == [m.name for m in ruleset.mistakes]
    assert [c["id"] for c in data["criteria"]] == [c.id for c in ruleset.criteria]
    assert [m["id"] for m in data["mistakes"]] == [m.id for m in ruleset.mistakes]
    for entry, crit in zip(data["criteria"], ruleset.criteria):
        assert [e["text"] for e in entry["elements"]] == [e.text for e in crit.elements]
    statuses = [c["status"] for c in data["criteria"]]
    assert data["summary"] == {
        "met": statuses.count("met"),
        "at_risk": statuses.count("at_risk"),
        "missing": statuses.count("missing"),
        "mistakes_detected": sum(m["detected"] for m in data["mistakes"]),
        "waived": 0,
        "mistakes_waived": 0,
    }

    portfolio = load_portfolio(paths)
    texts = {d.path: d.text for d in portfolio.documents}
    assert [d["path"] for d in data["documents"] if d["status"] == "ok"] == list(texts)
    for entry in data["criteria"] + data["mistakes"]:
        for ev in entry["evidence"]:
            assert ev["document"] in texts
            assert ev["quote"] in texts[ev["document"]], (entry["id"], ev["quote"])
    return data


def test_json_contract_focus_unit_on_sample_portfolio():
    data = _assert_contract(FOCUS_UNIT, [SAMPLE])
    assert {d["path"] for d in data["documents"]} == {
        "coaching-log.md", "reflective-account.docx", "witness-testimony.pdf"}


@pytest.mark.parametrize("unit", sorted(available_units()))
def test_json_contract_every_unit_on_sample_portfolio(unit):
    data = _assert_contract(unit, [SAMPLE])
    formats = {d["path"]: d["format"] for d in data["documents"]}
    assert formats == {"coaching-log.md": "md", "reflective-account.docx": "docx", "witness-testimony.pdf": "pdf"}
    assert all(d["status"] == "ok" and d["error"] is None and d["words"] > 0 for d in data["documents"])
    for entry in data["criteria"] + data["mistakes"]:
        for ev in entry["evidence"]:
            if ev["document"].endswith(".pdf"):
                assert ev["location"].startswith("page "), ev


@pytest.mark.parametrize("unit", sorted(available_units()))
def test_json_contract_broken_folder_reports_errors(unit):
    data = _assert_contract(unit, [ROOT / "fixtures" / "broken-folder"])
    errors = {d["path"]: d for d in data["documents"] if d["status"] == "error"}
    assert {"empty.docx", "encrypted.pdf", "renamed-text.docx", "truncated.docx"} <= set(errors)
    assert all(d["error"] for d in errors.values())
    assert "~$lock-file.docx" not in {d["path"] for d in data["documents"]}
    # an unreadable file may hold the evidence: nothing is "missing" outright
    assert data["summary"]["missing"] == 0


def test_shipped_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def _schema_fields(node: dict) -> set[str]:
    return set(node.get("properties", {}))


def test_schema_and_report_model_have_the_same_fields():
    """The pydantic models may not drift from the shipped contract schema."""
    model_schema = Report.model_json_schema()
    defs = model_schema["$defs"]
    assert _schema_fields(SCHEMA) == set(model_schema["properties"])
    pairs = {
        "tool": "ToolInfo", "unit": "UnitInfo", "summary": "Summary",
    }
    for key, model in pairs.items():
        assert _schema_fields(SCHEMA["properties"][key]) == set(defs[model]["properties"]), key
    items = {"documents": "DocumentEntry", "criteria": "CriterionEntry", "mistakes": "MistakeEntry"}
    for key, model in items.items():
        assert _schema_fields(SCHEMA["properties"][key]["items"]) == set(defs[model]["properties"]), key
    assert _schema_fields(SCHEMA["$defs"]["evidence"]) == set(defs["EvidenceEntry"]["properties"])
    assert _schema_fields(SCHEMA["$defs"]["waiver"]) == set(defs["Waiver"]["properties"])
    element = SCHEMA["properties"]["criteria"]["items"]["properties"]["elements"]["items"]
    assert _schema_fields(element) == set(defs["ElementEntry"]["properties"])


def test_schema_checks_section_has_the_fields_of_the_checks_dataclasses():
    """The checks section (schema 3, relevance added within it) follows ``evidencecheck.checks.model``."""
    defs = Report.model_json_schema()["$defs"]
    assert _schema_fields(SCHEMA["$defs"]["checks"]) == set(defs["Checks"]["properties"])
    for name in ("Relevance", "DocumentTopic", "Authenticity", "Currency", "ClaimedMapping", "PersonalData"):
        assert _schema_fields(SCHEMA["$defs"][f"checks.{name}"]) == set(defs[name]["properties"]), name


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.update(schema_version="1"), "schema_version"),
    (lambda d: d.update(schema_version="4"), "schema_version"),
    (lambda d: d.update(schema_version="2"), "schema_version"),
    (lambda d: d.update(checked=False), "problem"),  # nothing checked, but no message saying what to do
    (lambda d: d.update(problem="E306 nothing"), "problem"),  # a problem on a checked report
    (lambda d: d.pop("checked"), "checked"),
    (lambda d: d["summary"].pop("waived"), "waived"),
    (lambda d: d["criteria"][0].update(waiver={"reason": "", "by": None, "date": None, "source": None}), "reason"),
    (lambda d: d["criteria"][0].update(waiver={"reason": "ok", "by": None, "date": "12/03/2025", "source": None}),
     "date"),
    (lambda d: d["mistakes"][0].update(waiver={"reason": "ok", "by": None, "date": None, "source": None,
                                               "extra": 1}), "extra"),
    (lambda d: d["criteria"][0].update(status="done"), "status"),
    (lambda d: d["criteria"][0].pop("reasons"), "reasons"),
    (lambda d: d["criteria"][0].update(confidence=1.5), "confidence"),
    (lambda d: d["documents"].append({"path": "x.pdf", "format": "pdf", "status": "error", "error": None,
                                      "words": 0, "evidence_types": [], "warnings": []}), "error"),
    (lambda d: d.update(surprise=True), "surprise"),
])
def test_schema_rejects_reports_that_break_the_contract(mutate, where):
    data = json.loads(check([SAMPLE], unit=FOCUS_UNIT).model_dump_json())
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_schema_ships_inside_the_package():
    from importlib import resources

    assert resources.files("evidencecheck.report").joinpath("report.schema.json").is_file()
