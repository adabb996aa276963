"""What a newcomer hits first: nothing to check, a missing --model, a closed pipe, an unknown unit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import evidencecheck
from evidencecheck.cli import main
from evidencecheck.cohort import run_batch
from evidencecheck.errors import EvidenceCheckError, ModelError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"
E307 = ("evidencecheck: E307 nothing could be checked: the evidence file could not be read. Fix it as its message "
        "below says (for example, save the .doc as .docx), then check again.")


@pytest.fixture
def doc_only(tmp_path: Path) -> Path:
    folder = tmp_path / "amy"
    folder.mkdir()
    (folder / "account.doc").write_bytes((ROOT / "fixtures" / "old-word.doc").read_bytes())
    return folder


def test_empty_folder_gives_one_message_and_no_verdicts(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["check", str(empty), "--unit", UNIT]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no verdict table, no "5 missing, 2 mistakes detected"
    assert err == ("evidencecheck: E306 nothing could be checked: the portfolio holds no evidence files. Add the "
                   "learner's evidence (.docx, .pdf, .txt or .md) and check again.\n")


def test_only_an_old_doc_says_save_it_as_docx(doc_only: Path, capsys) -> None:
    assert main(["check", str(doc_only), "--unit", UNIT]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == E307
    assert lines[1].startswith("  account.doc: E203 ") and "save it as .docx" in lines[1]
    assert len(lines) == 2  # reported once


def test_skipped_files_are_named_when_nothing_is_left(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "amy"
    folder.mkdir()
    (folder / "~$account.docx").write_bytes(b"lock")
    assert main(["check", str(folder), "--unit", UNIT]) == 2
    assert "Skipped: ~$account.docx (Word lock file (the document was open in Word))." in capsys.readouterr().err


@pytest.mark.parametrize("audience", ["learner", "assessor"])
def test_html_and_markdown_lead_with_the_problem(doc_only: Path, tmp_path: Path, audience: str, capsys) -> None:
    page, md = tmp_path / "r.html", tmp_path / "r.md"
    assert main(["check", str(doc_only), "--unit", UNIT, "-o", str(page), "--audience", audience]) == 2
    assert main(["check", str(doc_only), "--unit", UNIT, "-o", str(md), "--audience", audience]) == 2
    assert capsys.readouterr().err.count("E307") == 2  # said once per run
    html = page.read_text(encoding="utf-8")
    body = html[html.index("<body>"):]
    assert body.index("Nothing could be checked") < body.index("account.doc")
    assert "Marking points" not in body and "Summary" not in body and "Needs more" not in body
    text = md.read_text(encoding="utf-8")
    assert "## Nothing could be checked" in text and "## Marking points" not in text and "## Criteria" not in text
    assert "**account.doc**: E203" in text


def test_json_of_a_portfolio_that_could_not_be_read(doc_only: Path, capsys) -> None:
    assert main(["check", str(doc_only), "--unit", UNIT, "--format", "json"]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["checked"] is False and data["problem"] == E307.removeprefix("evidencecheck: ")
    assert data["summary"]["mistakes_detected"] == 0 and not any(m["detected"] for m in data["mistakes"])
    assert all(c["reasons"] == [data["problem"]] and c["evidence"] == [] for c in data["criteria"])
    assert err.startswith(E307)


def test_library_reports_nothing_checked_without_raising(doc_only: Path) -> None:
    report = evidencecheck.check(doc_only, unit=UNIT)
    assert not report.checked and report.problem == E307.removeprefix("evidencecheck: ")
    assert not report.all_met


# --- --model ---------------------------------------------------------------


def test_missing_model_is_a_numbered_usage_error(capsys) -> None:
    assert main(["check", str(SAMPLE), "--unit", UNIT, "--model", "en_no_such_pipeline"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("evidencecheck: E140 the spaCy pipeline 'en_no_such_pipeline' is not installed. Leave out --model "
                   "to use the built-in pipeline (it needs no download), or install 'en_no_such_pipeline' into this "
                   "Python environment and try again.\n")


def test_blank_model_by_its_short_name(capsys) -> None:
    assert main(["check", str(SAMPLE), "--unit", UNIT, "--model", "blank", "--format", "json", "--exit-zero"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["unit"]["id"] == UNIT


def test_missing_model_in_the_library_is_an_evidencecheck_error() -> None:
    with pytest.raises(ModelError) as info:
        evidencecheck.check(SAMPLE, unit=UNIT, model="en_no_such_pipeline")
    assert isinstance(info.value, EvidenceCheckError) and not isinstance(info.value, OSError)
    assert info.value.code == "E140" and info.value.model == "en_no_such_pipeline"
    with pytest.raises(ModelError) as info:
        evidencecheck.check(SAMPLE, unit=UNIT, model="blank:zz")
    assert info.value.code == "E141"


def test_missing_model_in_a_batch_is_reported_once(tmp_path: Path, capsys) -> None:
    cohort = tmp_path / "cohort"
    for name in ("ann", "bob", "cat"):
        (cohort / name).mkdir(parents=True)
        (cohort / name / "notes.txt").write_text("I coached Priya.\n", encoding="utf-8")
    status = main(["batch", str(cohort), "--unit", UNIT, "--out", str(tmp_path / "out"), "--model", "en_nope"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("E140") == 1 and "internal error" not in err
    with pytest.raises(ModelError):
        run_batch(cohort, unit=UNIT, model="en_nope")


# --- pipes ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["extract", str(SAMPLE)],
    ["rules", "show", UNIT],
    ["check", str(SAMPLE), "--unit", UNIT],
])
def test_closed_pipe_ends_quietly(command: list[str]) -> None:
    """``extract ... | head`` ended in a BrokenPipeError traceback."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before anything is written
    try:
        done = subprocess.run([sys.executable, "-m", "evidencecheck", *command], stdout=write,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120, check=False)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert done.stderr == ""


# --- did you mean ---------------------------------------------------------------


def test_unknown_unit_suggests_the_closest(capsys) -> None:
    assert main(["check", str(SAMPLE), "--unit", "lead-team-improve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evidencecheck: E107 unknown unit 'lead-team-improve'. Did you mean "
                          "'lead-team-improve-service'? Available units: ")
    assert main(["rules", "show", "plan-allocate-monitor"]) == 2
    assert "Did you mean 'plan-allocate-monitor-work'?" in capsys.readouterr().err
    assert main(["check", str(SAMPLE), "--unit", "zzz"]) == 2
    assert "Did you mean" not in capsys.readouterr().err
