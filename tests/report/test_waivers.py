"""Waivers: an assessor's reviewed decision stays visible, never hides or changes a finding."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import evidencecheck
from evidencecheck.cli import main
from evidencecheck.config import WaiverSpec
from evidencecheck.errors import ConfigError
from evidencecheck.report.render import render
from evidencecheck.report.waivers import apply_waivers, check_waivers
from evidencecheck.rules.registry import load_unit

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


@pytest.fixture(scope="module")
def sample() -> evidencecheck.Report:
    return evidencecheck.check(SAMPLE, unit=UNIT)


def _spec(**values: str) -> WaiverSpec:
    return WaiverSpec(file="evidencecheck.toml", line=3, **values)  # type: ignore[arg-type]


def test_a_waiver_is_attached_and_the_finding_kept(sample: evidencecheck.Report) -> None:
    at_risk = next(c for c in sample.criteria if c.status == "at_risk")
    waived = apply_waivers(sample, [_spec(criterion=at_risk.id, reason="Accepted on observation", by="J. Okafor",
                                          date="2025-03-12")])
    entry = next(c for c in waived.criteria if c.id == at_risk.id)
    assert entry.status == "at_risk" and entry.reasons == at_risk.reasons  # nothing hidden or changed
    assert entry.waiver is not None and entry.waiver.source == "evidencecheck.toml:3"
    assert entry.waiver.line == "Waived by J. Okafor on 2025-03-12: Accepted on observation (evidencecheck.toml:3)"
    assert waived.summary.waived == 1 and waived.summary.at_risk == sample.summary.at_risk
    assert sample.criteria[0].waiver is None  # the original report is not touched


def test_an_ac_number_names_its_criterion(sample: evidencecheck.Report) -> None:
    waived = apply_waivers(sample, [_spec(criterion="2.1", reason="ok")])
    assert [c.id for c in waived.criteria if c.waiver] == ["tailored-support"]


def test_every_waiver_problem_at_once(sample: evidencecheck.Report) -> None:
    specs = [_spec(criterion="1.3", reason="a"), _spec(criterion="tailored-suport", reason="b"),
             _spec(mistake="micromanage", reason="c"), _spec(criterion="tailored-support", reason="d"),
             WaiverSpec(reason="e", criterion="2.2", file="evidencecheck.toml", line=9)]
    with pytest.raises(ConfigError) as info:
        apply_waivers(sample, specs)
    assert [p.code for p in info.value.problems] == ["E414", "E412", "E413", "E415"]
    text = str(info.value)
    assert "AC number '1.3' belongs to several criteria (plan-organise-work, data-driven-service-change)" in text
    assert "Did you mean 'tailored-support'?" in text and "Did you mean 'micromanaging'?" in text
    assert "evidencecheck.toml:9: E415 criterion 'tailored-support' is waived twice (first at line 3)" in text


def test_check_waivers_before_a_batch_catches_a_waiver_for_everyone_and_one_learner() -> None:
    ruleset = load_unit(UNIT)
    check_waivers([_spec(criterion="2.1", reason="a", learner="amy"), _spec(criterion="2.1", reason="b",
                                                                            learner="bob")], ruleset)
    with pytest.raises(ConfigError) as info:
        check_waivers([_spec(criterion="2.1", reason="a"), _spec(criterion="tailored-support", reason="b",
                                                                   learner="bob")], ruleset)
    assert [p.code for p in info.value.problems] == ["E415"]


def test_a_waiver_that_is_not_needed_is_kept_and_warned(sample: evidencecheck.Report) -> None:
    met = next(c for c in sample.criteria if c.status == "met")
    waived = apply_waivers(sample, [_spec(criterion=met.id, reason="a"), _spec(mistake="micromanaging", reason="b")])
    assert next(c for c in waived.criteria if c.id == met.id).waiver is not None
    assert next(m for m in waived.mistakes if m.id == "micromanaging").waiver is not None
    assert waived.summary.waived == 0 and waived.summary.mistakes_waived == 0
    assert waived.warnings[-2:] == [
        (f"W401 evidencecheck.toml:3: the waiver for criterion '{met.id}' is not needed: the criterion is met. It is "
         "kept in the report; remove it when it no longer applies."),
        ("W402 evidencecheck.toml:3: the waiver for mistake 'micromanaging' is not needed: the mistake is not "
         "detected. It is kept in the report; remove it when it no longer applies."),
    ]


@pytest.mark.parametrize("fmt", ["html", "markdown", "docx", "csv", "json", "terminal"])
@pytest.mark.parametrize("audience", ["learner", "assessor"])
def test_every_view_shows_the_waiver(sample: evidencecheck.Report, fmt: str, audience: str) -> None:
    waived = apply_waivers(sample, [_spec(criterion="2.1", reason="Seen on observation 12 March", by="J. Okafor")])
    out = render(waived, fmt, audience=audience)
    if isinstance(out, bytes):
        import docx

        document = docx.Document(io.BytesIO(out))
        out = "\n".join([p.text for p in document.paragraphs]
                        + [c.text for t in document.tables for r in t.rows for c in r.cells])
    text = " ".join(out.split())
    assert "Seen on observation 12 March" in text
    if fmt in ("html", "markdown", "docx", "terminal"):
        assert ("evidencecheck.toml:3" in text) == (audience == "assessor")


def test_csv_has_waiver_columns(sample: evidencecheck.Report) -> None:
    waived = apply_waivers(sample, [_spec(criterion="2.1", reason="Seen", by="J. Okafor", date="2025-03-12")])
    rows = {r["criterion"]: r for r in csv.DictReader(io.StringIO(render(waived, "csv"), newline=""))}  # type: ignore[arg-type]
    assert rows["tailored-support"]["waived"] == "yes"
    assert rows["tailored-support"]["waiver"] == "Waived by J. Okafor on 2025-03-12: Seen (evidencecheck.toml:3)"
    assert rows["plan-organise-work"]["waived"] == "" and rows["plan-organise-work"]["name"] == \
        "Plan and organise the team's work"


def test_learner_html_takes_a_waived_point_off_the_to_do_list(sample: evidencecheck.Report) -> None:
    waived = apply_waivers(sample, [_spec(criterion="2.1", reason="Seen on observation")])
    page = render(waived, "html")
    assert isinstance(page, str)
    todo = page[page.index('<section class="todo"'):page.index("</section>", page.index('<section class="todo"'))]
    assert "Tailored support" not in todo and "Plan and organise" in todo
    assert "Accepted by your assessor" in page and "1 criterion waived by the assessor (shown on its card)." in page


def _cohort(tmp_path: Path, waivers: str) -> Path:
    cohort = tmp_path / "cohort"
    for name in ("amy", "ben"):
        (cohort / name).mkdir(parents=True)
        for source in SAMPLE.iterdir():
            (cohort / name / source.name).write_bytes(source.read_bytes())
    (cohort / "evidencecheck.toml").write_text(f'unit = "{UNIT}"\n' + waivers, encoding="utf-8")
    return cohort


def test_exit_status_is_zero_when_every_open_criterion_is_waived(tmp_path: Path, capsys) -> None:
    report = evidencecheck.check(SAMPLE, unit=UNIT)
    open_ids = [c.id for c in report.criteria if c.status != "met"]
    waivers = "".join(f'[[waiver]]\ncriterion = "{cid}"\nreason = "Accepted on observation"\n' for cid in open_ids)
    cohort = _cohort(tmp_path, waivers)
    assert main(["check", str(cohort / "amy"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["waived"] == len(open_ids) and data["summary"]["met"] == report.summary.met
    assert main(["check", str(cohort / "amy"), "--no-config", "--unit", UNIT]) == 1


def test_the_cohort_grid_counts_waived_criteria(tmp_path: Path, capsys) -> None:
    cohort = _cohort(tmp_path, '[[waiver]]\nlearner = "amy"\ncriterion = "2.1"\nreason = "Seen"\n'
                               '[[waiver]]\nlearner = "zed"\nmistake = "micromanaging"\nreason = "x"\n')
    out = tmp_path / "out"
    assert main(["batch", str(cohort), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "W403" in captured.err and "'zed'" in captured.err
    summary = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    learners = {entry["name"]: entry for entry in summary["learners"]}
    assert learners["amy"]["criteria"]["tailored-support"] == "waived"
    assert learners["ben"]["criteria"]["tailored-support"] == "at_risk"
    assert next(c for c in summary["criteria"] if c["id"] == "tailored-support")["waived"] == 1
    grid = list(csv.DictReader(io.StringIO((out / "cohort.csv").read_text(encoding="utf-8"))))
    assert {r["learner"]: r["waived"] for r in grid} == {"amy": "1", "ben": "0"}
    page = (out / "cohort.html").read_text(encoding="utf-8")
    assert "\u2713 Waived<small>was at risk</small>" in page
    amy = json.loads((out / "amy" / "report.json").read_text(encoding="utf-8"))
    assert next(c for c in amy["criteria"] if c["id"] == "tailored-support")["waiver"]["reason"] == "Seen"


def test_a_waiver_for_a_finding_the_unit_lacks_stops_the_batch_once(tmp_path: Path, capsys) -> None:
    cohort = _cohort(tmp_path, '[[waiver]]\ncriterion = "9.9"\nreason = "x"\n')
    assert main(["batch", str(cohort), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("E412") == 1 and "internal error" not in err
    assert not (tmp_path / "out" / "amy").exists()


HOSTILE = "<script>alert(1)</script> [/] {{ 7*7 }} *x* =cmd|"


@pytest.mark.parametrize("fmt", ["html", "markdown", "terminal"])
def test_learner_name_and_waiver_text_are_escaped(sample: evidencecheck.Report, fmt: str) -> None:
    """A settings file is text a learner may have written: it is shown, never run."""
    report = apply_waivers(sample.model_copy(update={"learner": HOSTILE}),
                           [_spec(criterion="2.1", reason=HOSTILE, by=HOSTILE)])
    for audience in ("learner", "assessor"):
        out = render(report, fmt, audience=audience)
        assert isinstance(out, str)
        assert ("<script>" not in out) or fmt == "terminal"  # a terminal shows text as text
        if fmt == "html":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "{{ 7*7 }}" in out
        elif fmt == "markdown":
            assert "&lt;script&gt;" in out and "\\{\\{ 7\\*7 \\}\\}" in out
        else:
            assert f"Learner: {HOSTILE}" in out  # rich markup shown literally, not read
