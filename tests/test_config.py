"""evidencecheck.toml: found by walking up, command line wins, every problem at once with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencecheck.cli import main
from evidencecheck.config import Config, WaiverSpec, discover_config, find_config, load_config
from evidencecheck.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


def _portfolio(root: Path, name: str = "amy") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for source in SAMPLE.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def test_find_config_walks_up_and_the_closest_wins(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort"
    amy = _portfolio(cohort)
    assert find_config(amy) is None
    (tmp_path / "evidencecheck.toml").write_text('unit = "lead-direct-sales"\n', encoding="utf-8")
    assert find_config(amy) == (tmp_path / "evidencecheck.toml").resolve()
    assert find_config(amy / "coaching-log.md") == (tmp_path / "evidencecheck.toml").resolve()
    (cohort / ".evidencecheck.toml").write_text(f'unit = "{UNIT}"\n', encoding="utf-8")
    assert discover_config([amy]).unit == UNIT
    assert discover_config([]) == Config()


def test_load_config_reads_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "evidencecheck.toml"
    lines = [
        f'unit = "{UNIT}"', 'learner = "Amy Patel"', 'rules = ["my-rules"]', "",
        "[output]", 'format = "html"', 'audience = "assessor"', "verbose = true", "",
        "[[waiver]]", 'criterion = "2.1"', 'reason = "Seen on observation"', 'by = "J. Okafor"', "date = 2025-03-12",
        'learner = "amy"', "",
        "[[waiver]]", 'mistake = "micromanaging"', 'reason = "False alarm"', 'date = "2025-04-01"',
    ]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    config = load_config(path)
    assert (config.unit, config.learner, config.format, config.audience, config.verbose) == (
        UNIT, "Amy Patel", "html", "assessor", True)
    assert config.rules == (str((tmp_path / "my-rules").resolve()),)
    assert config.waivers == (
        WaiverSpec(reason="Seen on observation", criterion="2.1", by="J. Okafor", date="2025-03-12",
                   learner="amy", file=str(path), line=10),
        WaiverSpec(reason="False alarm", mistake="micromanaging", date="2025-04-01", file=str(path), line=17),
    )
    assert config.where("output.format") == f"{path}:6"
    assert [w.target for w in config.waivers_for("bob")] == ["mistake 'micromanaging'"]
    assert len(config.waivers_for("amy")) == 2


def test_every_problem_is_reported_at_once_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "evidencecheck.toml"
    lines = [
        'unti = "x"', "", "[output]", 'format = "htm"', 'verbose = "yes"', "",
        "[[waiver]]", 'mistake = "micromanaging"', "",
        "[[waiver]]", 'criterion = "a"', 'mistake = "b"', 'reason = "c"', "",
        "[[waiver]]", 'criterion = "2.1"', 'reason = "ok"', 'date = "12/03/2025"',
    ]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).splitlines() == [
        (f"{path}:1: E403 unknown setting 'unti'. Did you mean 'unit'? Known settings here: unit, learner, rules, "
         "output, checks, waiver."),
        f"{path}:4: E405 'output.format' must be one of terminal, json, html, markdown, csv, docx, not 'htm'.",
        f"{path}:5: E404 'output.verbose' must be true or false, not a string. Fix the value.",
        (f"{path}:7: E411 the waiver for mistake 'micromanaging' has no reason. Say why it was reviewed, e.g. "
         'reason = "accepted on observation, 12 March".'),
        (f"{path}:10: E410 a waiver must name exactly one finding: give either criterion = \"...\" or "
         'mistake = "...".'),
        f"{path}:18: E416 a waiver's date must be a date such as 2025-03-12, not '12/03/2025'.",
    ]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "evidencecheck.toml"
    path.write_text('unit = "x"\nlearner = \n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:2: E402 the settings file is not valid TOML: Invalid value.")


def test_unreadable_config_is_e401(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    assert info.value.code == "E401" and "No such file or directory" in str(info.value)


def test_check_takes_unit_learner_and_format_from_the_file(tmp_path: Path, capsys) -> None:
    cohort = tmp_path / "cohort"
    amy = _portfolio(cohort)
    (cohort / "evidencecheck.toml").write_text(
        f'unit = "{UNIT}"\nlearner = "Amy Patel"\n[output]\nformat = "json"\n', encoding="utf-8")
    assert main(["check", str(amy), "--exit-zero"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unit"]["id"] == UNIT and data["learner"] == "Amy Patel"
    # the command line wins over the file
    assert main(["check", str(amy), "--format", "markdown", "--unit", "lead-direct-sales", "--exit-zero"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Your evidence check: Lead direct sales in a contact centre")
    assert "Learner: Amy Patel" in out
    # and --no-config ignores the file
    assert main(["check", str(amy), "--no-config"]) == 2
    assert "E313 no unit given" in capsys.readouterr().err


def test_a_bad_config_is_a_usage_error_before_any_work(tmp_path: Path, capsys) -> None:
    amy = _portfolio(tmp_path)
    (amy / "evidencecheck.toml").write_text('unit = "lead-team-improve-service"\nformat = "html"\n',
                                            encoding="utf-8")
    assert main(["check", str(amy)]) == 2
    assert capsys.readouterr().err == (
        f"evidencecheck: {(amy / 'evidencecheck.toml').resolve()}:2: E403 unknown setting 'format'. Known settings "
        "here: unit, learner, rules, output, checks, waiver.\n")


def test_the_settings_file_is_never_read_as_evidence(tmp_path: Path, capsys) -> None:
    amy = _portfolio(tmp_path)
    (amy / "evidencecheck.toml").write_text(f'unit = "{UNIT}"\n', encoding="utf-8")
    assert main(["check", str(amy), "--format", "json", "--exit-zero"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "evidencecheck.toml" not in [d["path"] for d in data["documents"]]
    assert "Skipped evidencecheck.toml: evidencecheck's settings file" in data["warnings"]


def test_an_unknown_unit_in_the_file_names_its_line_and_the_closest_unit(tmp_path: Path, capsys) -> None:
    amy = _portfolio(tmp_path)
    (tmp_path / "evidencecheck.toml").write_text('learner = "Amy"\nunit = "lead-team-improve"\n', encoding="utf-8")
    assert main(["check", str(amy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"evidencecheck: {(tmp_path / 'evidencecheck.toml').resolve()}:2: E406 unknown unit "
                          "'lead-team-improve'. Did you mean 'lead-team-improve-service'? Available units: ")
    assert main(["batch", str(tmp_path), "--out", str(tmp_path.parent / "out")]) == 2
    assert "E406" in capsys.readouterr().err
