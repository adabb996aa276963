"""``evidencecheck check``: JSON on standard output, exit statuses, errors, --output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencecheck.cli import main
from evidencecheck.rules.registry import available_units

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
BROKEN = ROOT / "fixtures" / "broken-folder"
UNITS = sorted(available_units())
UNIT = "lead-sales-marketing-team" if "lead-sales-marketing-team" in UNITS else UNITS[0]

NOT_MET = "I answered customer emails all week and went to lunch at one.\n"


@pytest.fixture
def weak_file(tmp_path: Path) -> Path:
    path = tmp_path / "evidence" / "notes.txt"  # in its own folder: reports may go beside that folder
    path.parent.mkdir()
    path.write_text(NOT_MET, encoding="utf-8")
    return path


def test_check_json_goes_to_stdout_only(capsys, weak_file):
    status = main(["check", str(weak_file), "--unit", UNIT, "--format", "json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["schema_version"] == "3"
    assert data["unit"]["id"] == UNIT
    assert [d["path"] for d in data["documents"]] == [str(weak_file)]
    assert status == 1
    assert err == ""


def test_check_exit_one_when_not_all_met(capsys, weak_file):
    assert main(["check", str(weak_file), "--unit", UNIT, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(c["status"] != "met" for c in data["criteria"])


def test_check_exit_zero_flag(capsys, weak_file):
    assert main(["check", str(weak_file), "--unit", UNIT, "--format", "json", "--exit-zero"]) == 0
    json.loads(capsys.readouterr().out)


def test_check_unknown_unit_is_usage_error(capsys, weak_file):
    status = main(["check", str(weak_file), "--unit", "no-such-unit", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "no-such-unit" in err
    for unit in UNITS:
        assert unit in err


def test_check_missing_path_is_usage_error(capsys, tmp_path):
    missing = tmp_path / "nowhere.docx"
    status = main(["check", str(missing), "--unit", UNIT, "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert str(missing) in err


def test_check_missing_unit_option_is_usage_error(capsys, weak_file):
    assert main(["check", str(weak_file), "--no-config"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("evidencecheck: E313 no unit given. Pass --unit UNIT")


def test_check_broken_file_still_reported(capsys):
    status = main(["check", str(BROKEN), "--unit", UNIT, "--format", "json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    docs = {d["path"]: d for d in data["documents"]}
    assert docs["good.docx"]["status"] == "ok"
    for name in ("empty.docx", "encrypted.pdf", "renamed-text.docx", "truncated.docx"):
        assert docs[name]["status"] == "error"
        assert docs[name]["error"]
        assert name in err  # each unreadable file is named on standard error
    assert len(data["criteria"]) == len({c["id"] for c in data["criteria"]}) > 0
    assert status == 1


def test_check_output_file(capsys, tmp_path, weak_file):
    target = tmp_path / "reports" / "report.json"
    target.parent.mkdir()
    status = main(["check", str(weak_file), "--unit", UNIT, "--format", "json", "--output", str(target),
                   "--exit-zero"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["unit"]["id"] == UNIT
    assert data["summary"]["met"] + data["summary"]["at_risk"] + data["summary"]["missing"] == len(data["criteria"])


def test_check_sample_portfolio_json(capsys):
    status = main(["check", str(SAMPLE), "--unit", UNIT, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {d["path"] for d in data["documents"]} == {
        "coaching-log.md", "reflective-account.docx", "witness-testimony.pdf"}
    assert status == (0 if all(c["status"] == "met" for c in data["criteria"]) else 1)


def test_check_terminal_output_file(capsys, tmp_path, weak_file):
    target = tmp_path / "reports" / "report.txt"
    target.parent.mkdir()
    assert main(["check", str(weak_file), "--unit", UNIT, "--output", str(target), "--exit-zero"]) == 0
    assert capsys.readouterr().out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Your evidence check: ") and "\x1b[" not in text
    assert text.rstrip().splitlines()[-2].startswith("Made by evidencecheck ")  # how a later run knows it is ours


def _portfolio(tmp_path):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "account.txt").write_text("I held a one-to-one with each adviser in May.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("output", ["portfolio/report.json", "portfolio/sub/report.json", "portfolio/account.txt"])
def test_output_inside_the_portfolio_is_refused(tmp_path, capsys, monkeypatch, output):
    folder = _portfolio(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    monkeypatch.chdir(tmp_path)
    status = main(["check", "portfolio", "--unit", "lead-team-improve-service", "--format", "json", "-o", output])
    assert status == 2
    assert ("E308" if output.endswith("account.txt") else "E302") in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_output_inside_the_portfolio_when_allowed_but_never_over_evidence(tmp_path, capsys):
    folder = _portfolio(tmp_path)
    out = folder / "report.json"
    args = ["check", str(folder), "--unit", "lead-team-improve-service", "--format", "json", "--exit-zero",
            "--allow-output-in-portfolio"]
    assert main([*args, "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == "3"
    assert main([*args, "-o", str(folder / "account.txt")]) == 2
    assert "E308" in capsys.readouterr().err
    assert (folder / "account.txt").read_text(encoding="utf-8").startswith("I held")


def test_output_onto_an_evidence_file_given_by_name_is_refused(tmp_path, capsys):
    folder = _portfolio(tmp_path)
    evidence = folder / "account.txt"
    status = main(["check", str(evidence), "--unit", "lead-team-improve-service", "--format", "markdown",
                   "-o", str(evidence), "--allow-output-in-portfolio", "--force"])
    assert status == 2
    assert "E308" in capsys.readouterr().err
    assert evidence.read_text(encoding="utf-8").startswith("I held")


@pytest.mark.parametrize("command", ["check", "batch", "extract"])
def test_every_reading_command_takes_the_same_limits(command):
    from evidencecheck.cli import build_parser
    from evidencecheck.cli.options import limits_from_args

    argv = {"check": ["check", "p", "--unit", "u"], "batch": ["batch", "c", "--unit", "u", "--out", "o"],
            "extract": ["extract", "p"]}[command]
    args = build_parser().parse_args([*argv, "--max-file-size", "1000", "--max-pages", "7", "--timeout", "2.5",
                                      "--max-memory", "300"])
    limits = limits_from_args(args)
    assert (limits.max_file_size, limits.max_pages, limits.timeout, limits.max_memory) == (
        1000, 7, 2.5, 300 * 2**20)


@pytest.mark.parametrize("option, value", [("--timeout", "0"), ("--timeout", "soon"), ("--max-memory", "-5")])
def test_limit_options_reject_nonsense(option, value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "p", "--unit", "u", option, value])
    assert exit_.value.code == 2
    assert option in capsys.readouterr().err
