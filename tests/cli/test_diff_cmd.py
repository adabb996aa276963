"""``evidencecheck diff`` end to end: two real check runs of one portfolio's drafts."""

from __future__ import annotations

import json

from evidencecheck.cli import main

UNIT = "lead-team-improve-service"


def _check(folder, out) -> None:
    assert main(["check", str(folder), "--unit", UNIT, "--format", "json", "-o", str(out), "--exit-zero"]) == 0


def test_diff_between_two_drafts(tmp_path, capsys):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    account = folder / "account.txt"
    account.write_text("Reflective account\n\nI answer customer calls on the team.\n", encoding="utf-8")
    _check(folder, tmp_path / "draft1.json")
    account.write_text(
        "Reflective account\n\nI analysed our complaint log with the team in April and we changed the callback "
        "process, which cut repeat calls from 14% to 9% by June.\n", encoding="utf-8")
    _check(folder, tmp_path / "draft2.json")
    capsys.readouterr()

    assert main(["diff", str(tmp_path / "draft1.json"), str(tmp_path / "draft2.json")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"Changes for {UNIT}")
    assert "Service change driven by team feedback and data (AC 1.3, 2.4, 4.3): Missing -> " in out
    assert "new evidence: account.txt, paragraph 2: \"I analysed our complaint log" in out

    assert main(["diff", str(tmp_path / "draft1.json"), str(tmp_path / "draft2.json"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    changed = {c["id"]: c for c in data["criteria"]}
    assert changed["data-driven-service-change"]["direction"] == "better"

    assert main(["diff", str(tmp_path / "draft2.json"), str(tmp_path / "draft2.json")]) == 0
    assert capsys.readouterr().out.startswith("No changes")


def test_diff_of_a_file_that_is_not_a_report_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}', encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "E303" in err and "notes.json" in err


def test_check_compare_prints_the_diff_beside_the_check(tmp_path, capsys):
    """The redraft loop without file juggling: check, add evidence, check --compare the last report."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    account = folder / "account.txt"
    account.write_text("Reflective account\n\nI answer customer calls on the team.\n", encoding="utf-8")
    report = tmp_path / "report.json"
    _check(folder, report)
    account.write_text(
        "Reflective account\n\nI analysed our complaint log with the team in April and we changed the callback "
        "process, which cut repeat calls from 14% to 9% by June.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(folder), "--unit", UNIT, "--compare", str(report)]) == 1
    out = capsys.readouterr().out
    view, diff = out.split("\nCompared with the previous report:\n")
    assert view.startswith("Your evidence check: ")
    assert diff.startswith(f"Changes for {UNIT}: met 0 -> 1")
    assert "Service change driven by team feedback and data (AC 1.3, 2.4, 4.3): Missing -> " in diff
    # JSON on standard output stays clean: the comparison goes to standard error
    assert main(["check", str(folder), "--unit", UNIT, "--compare", str(report), "--format", "json",
                 "-o", str(report)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("\nCompared with the previous report:\n")  # the report went to the file
    assert main(["check", str(folder), "--unit", UNIT, "--compare", str(report), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["schema_version"] == "3"
    assert captured.err.startswith("Compared with the previous report:\nNo changes for")


def test_check_compare_with_a_file_that_is_not_a_report_fails_before_any_work(tmp_path, capsys):
    bad = tmp_path / "notes.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["check", str(tmp_path), "--unit", UNIT, "--compare", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"evidencecheck: E303 {bad} is not an evidencecheck JSON report")
