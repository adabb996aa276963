"""The ``evidencecheck rules`` command: list, show, validate, test and schema."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from evidencecheck import ruletest
from evidencecheck.cli import rules_cmd
from evidencecheck.errors import EvidenceCheckError
from evidencecheck.matches import DocumentFacts, ElementMatch, Evidence, Matches, Occurrence
from evidencecheck.model import Block, Document
from evidencecheck.rules import locations, registry
from evidencecheck.rules.addresses import clue_part_ids

MINIMAL = Path(__file__).parents[1] / "rules" / "data" / "minimal.yaml"
SCHEMA_FILE = Path(rules_cmd.__file__).resolve().parents[1] / "rules" / "ruleset.schema.json"


@pytest.fixture(autouse=True)
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake bundled rules directory holding only the minimal unit."""
    directory = tmp_path / "bundled"
    directory.mkdir()
    shutil.copy(MINIMAL, directory / "minimal.yaml")
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: directory)
    registry.clear_cache()
    return directory


def run(argv: list[str]) -> int:
    """Parse and run like ``evidencecheck.cli.main``, with only the ``rules`` command registered."""
    parser = argparse.ArgumentParser(prog="evidencecheck")
    rules_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except EvidenceCheckError as err:
        print(f"evidencecheck: {err}")
        return 2


def broken_rule_file(tmp_path: Path) -> tuple[Path, str]:
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace(
            "          - phrases: [update, refresh]\n",
            "          - phrases: [update, refresh]\n            patern: [x]\n",
        )
        .replace("{LEMMA: put}", "{LEMA: put}")
        .replace("      - id: when", "      - id: update")
    )
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, word: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if word in line)


def test_rules_cmd_validate_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["rules", "validate", str(tmp_path / "absent.yaml")]) == 2
    assert " E101 " in capsys.readouterr().out


def test_rules_cmd_validate_reports_three_problems_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, text = broken_rule_file(tmp_path)
    assert run(["rules", "validate", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    number = {word: line_of(text, word) for word in ("patern", "LEMA")}
    assert lines[0] == (
        f"{path}:{number['patern']}: criteria[0].elements[0].all[1]: "
        "E103 unknown key 'patern' (did you mean 'patterns'?)"
    )
    assert lines[1].startswith(
        f"{path}:{number['LEMA']}: criteria[0].elements[0].all[1].patterns[0]: E106 "
    )
    assert (
        lines[2].startswith(f"{path}:")
        and ": criteria[0].elements[1].id: E104 duplicate id 'update'" in lines[2]
    )


def test_rules_cmd_validate_ok_files_and_directories(
    tmp_path: Path, bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundled / "_shared.yaml").write_text("vocab:\n  words: [a]\n", encoding="utf-8")
    assert run(["rules", "validate", str(bundled)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"OK {bundled / '_shared.yaml'}",
        f"OK {bundled / 'minimal.yaml'}",
    ]


def test_rules_cmd_validate_mixed_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = broken_rule_file(tmp_path)
    assert run(["rules", "validate", str(MINIMAL), str(path)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"OK {MINIMAL}" and len(out) == 4


def test_rules_cmd_list_shows_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "list"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.split()[:6] == ["minimal", "v0.1", "1", "criteria", "1", "mistakes"]
    assert line.endswith("Keep a tidy team notice board")


def test_rules_cmd_list_flags_invalid_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = broken_rule_file(tmp_path)
    assert run(["rules", "list", "--rules", str(path.parent)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["broken", "INVALID"] and lines[1].startswith("minimal")


def test_rules_cmd_show_dumps_criteria_elements_and_mistakes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["rules", "show", "minimal"]) == 0
    out = capsys.readouterr().out
    for words in (
        "board-updated [1.1]: Board kept up to date",
        "- update: The learner updated the board",
        "If missing: Describe a time",
        "board-never-checked: Board never checked",
    ):
        assert words in out


def test_rules_cmd_show_unknown_unit_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "show", "nope"]) == 2
    assert "E107" in capsys.readouterr().out


def test_rules_cmd_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules"]) == 2
    assert "validate" in capsys.readouterr().out


def test_rules_cmd_schema_is_json_and_committed_copy_is_current(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["rules", "schema"]) == 0
    printed = capsys.readouterr().out
    schema = json.loads(printed)
    assert schema["additionalProperties"] is False
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed, (
        "ruleset.schema.json is stale: run "
        "'python -m evidencecheck rules schema > src/evidencecheck/rules/ruleset.schema.json'"
    )


def test_rules_cmd_schema_accepts_the_minimal_rule_set_and_rejects_a_typo() -> None:
    schema = json.loads(json.dumps(rules_cmd.ruleset_schema()))
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["criteria"][0]["elements"][0]["patern"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


class _FakeEngine:
    """Every element is shown when the status asked for is met, none otherwise; every clue part fires."""

    def __init__(self, status: str) -> None:
        self.status = status

    def parts(self) -> tuple[Any, ...]:
        def match(rs: Any, portfolio: Any, *, type_overrides: Any = None) -> Matches:
            quote = (Occurrence(0, 0, Evidence("case.txt", "paragraph 1", "shown here", ("x",))),)
            shown = quote if self.status == "met" else ()
            elements = {ref: ElementMatch(ref, "t", accepted=shown)
                        for ref in ("board-updated.update", "board-updated.when", "board-never-checked.check")}
            docs = tuple(DocumentFacts(d.path, ("reflective-account",)) for d in portfolio.documents)
            return Matches(rs.id, docs, elements, frozenset(clue_part_ids(rs)))

        def parse_string(text: str, *, name: str = "<text>") -> Document:
            return Document(name, "txt", name, (Block(text, "paragraph", 0),))

        return match, parse_string


@pytest.mark.parametrize(
    ("status", "coverage", "code", "expected"),
    [
        (
            "met",
            False,
            1,
            [
                "PASS minimal::updated-weekly board-updated=met board-updated.update=found",
                "FAIL minimal::never-updated",
                "    FAIL board-updated: expected missing, got met",
                "         reason: Shown: t \u2014 \u201cshown here\u201d (case.txt, paragraph 1).",
                "         reason: Shown: t \u2014 \u201cshown here\u201d (case.txt, paragraph 1).",
                "         evidence: case.txt (paragraph 1): \"shown here\"",
                "    FAIL board-never-checked: expected detected, got not_detected",
            ],
        ),
        ("missing", False, 1, ["FAIL minimal::updated-weekly"]),
    ],
)
def test_rules_cmd_test_prints_each_case_and_a_summary(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    status: str,
    coverage: bool,
    code: int,
    expected: list[str],
) -> None:
    monkeypatch.setattr(ruletest, "_engine", lambda *a: _FakeEngine(status).parts())
    assert run(["rules", "test"]) == code
    out = capsys.readouterr().out.splitlines()
    assert out[: len(expected)] == expected
    assert out[-1] == "2 case(s) in 1 rule set(s): 1 passed, 1 failed"


def test_rules_cmd_test_coverage_reports_shortfalls(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ruletest, "_engine", lambda *a: _FakeEngine("met").parts())
    assert run(["rules", "test", str(MINIMAL), "--coverage"]) == 1
    out = capsys.readouterr().out
    assert (
        "UNCOVERED minimal: criterion 'board-updated' has 2 test case(s); it needs at least 6"
        in out
    )
    assert "UNCOVERED minimal: criteria[" not in out  # every clue part fired in the fake engine
    assert out.splitlines()[-1].endswith("coverage gap(s)")


def test_rules_cmd_test_without_rule_sets(
    tmp_path: Path, bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundled / "minimal.yaml").unlink()
    assert run(["rules", "test"]) == 0
    assert "no rule sets" in capsys.readouterr().out


def test_rules_cmd_is_wired_into_the_main_command(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("evidencecheck.cli.check")
    from evidencecheck.cli import main

    assert main(["rules", "list"]) == 0
    assert capsys.readouterr().out.startswith("minimal")


def _twin(directory: Path, unit_id: str, body: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("id: minimal", f"id: {unit_id}", 1)
    source = f"  ofqual_unit: H/601/1568\n  awarding_body: {body}\n  qualification: {body} NVQ Diploma\n"
    (directory / f"{unit_id}.yaml").write_text(text.replace("source:\n", f"source:\n{source}", 1),
                                               encoding="utf-8")


def test_rules_cmd_list_says_when_two_units_encode_the_same_ofqual_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    _twin(extra, "twin-a", "City & Guilds")
    _twin(extra, "twin-b", "iCQ")
    assert run(["rules", "list", "--rules", str(extra)]) == 0
    lines = capsys.readouterr().out.splitlines()
    a = lines.index(next(line for line in lines if line.startswith("twin-a")))
    assert lines[a + 1].strip() == ("The City & Guilds version of Ofqual unit H/601/1568, for the City & Guilds NVQ "
                                    "Diploma")
    assert lines[a + 2].strip() == ("Same Ofqual unit as twin-b (the iCQ version): use the one for your awarding "
                                    "body.")
    assert any(line.strip().startswith("Same Ofqual unit as twin-a (the City & Guilds version)") for line in lines)


def test_rules_cmd_validate_without_paths_checks_every_unit(
    tmp_path: Path, bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["rules", "validate"]) == 0
    assert capsys.readouterr().out == f"OK {bundled / 'minimal.yaml'}\n"
    path, text = broken_rule_file(tmp_path)
    assert run(["rules", "validate", "--rules", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:{line_of(text, 'patern')}") and f"OK {bundled / 'minimal.yaml'}" in out
    assert run(["rules", "validate", "--rules", str(tmp_path / "nowhere")]) == 2
    assert "E101" in capsys.readouterr().out


def test_the_bundled_h_601_1568_units_say_whose_version_they_are(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.undo()  # the real bundled rules
    registry.clear_cache()
    assert run(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert ("The City & Guilds version of Ofqual unit H/601/1568, for the City & Guilds 3412 Level 3 NVQ Diploma in "
            "Contact Centre Operations") in out
    assert "The iCQ version of Ofqual unit H/601/1568, for the iCQ Level 3 NVQ Diploma in Contact Centre Operations" \
        in out
    assert "Same Ofqual unit as lead-team-service-delivery (the iCQ version)" in out
    assert "Same Ofqual unit as lead-team-improve-service (the City & Guilds version)" in out
