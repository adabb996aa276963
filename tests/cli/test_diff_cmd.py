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
