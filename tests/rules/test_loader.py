"""Loading rule files: safe YAML, schema errors with file:line, cross-reference checks."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from evidencecheck.errors import RuleSetError
from evidencecheck.rules import locations, registry
from evidencecheck.rules.loader import load_ruleset_file, load_vocabulary
from evidencecheck.rules.registry import load_ruleset
from evidencecheck.rules.semantic import signal_names

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_bundled_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the repository's own rules (and shared vocabulary) out of these tests."""
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: None)
    registry.clear_cache()


def write(tmp_path: Path, text: str, name: str = "unit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, **kwargs: object) -> list:
    with pytest.raises(RuleSetError) as info:
        load_ruleset_file(path, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_loader_minimal_example_is_valid() -> None:
    rs = load_ruleset_file(DATA / "minimal.yaml")
    assert rs.id == "minimal"
    assert [c.id for c in rs.criteria] == ["board-updated"]
    assert rs.tests[0].expect == {"board-updated": "met", "board-updated.update": "found"}


def test_loader_typo_bad_pattern_and_duplicate_id_give_three_problems(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace(
            "          - phrases: [update, refresh]\n",
            "          - phrases: [update, refresh]\n            patern: [x]\n",
        )
        .replace("{LEMMA: put}", "{LEMA: put}")
        .replace("      - id: when", "      - id: update")
    )
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert [(p.code, p.line) for p in problems] == [
        ("E103", line_of(text, "patern")),
        ("E106", line_of(text, "{LEMA: put}")),
        ("E104", line_of(text, "- id: update", 2)),
    ]
    assert all(p.file == str(path) for p in problems)
    assert str(problems[0]) == (
        f"{path}:{line_of(text, 'patern')}: criteria[0].elements[0].all[1]: "
        "E103 unknown key 'patern' (did you mean 'patterns'?)"
    )
    assert problems[1].path == "criteria[0].elements[0].all[1].patterns[0]"
    assert "LEMA" in problems[1].message
    assert "first defined at line" in problems[2].message


@pytest.mark.parametrize(
    ("find", "replace", "path", "suggestion"),
    [
        ("criteria:\n", "critera:\n", "", "criteria"),
        ("    advice:\n      missing", "    advise:\n      missing", "criteria[0]", "advice"),
        (
            "            patterns:\n",
            "            pattern:\n",
            "criteria[0].elements[0].all[1]",
            "patterns",
        ),
        ("    kind: absence", "    knd: absence", "mistakes[0].detect", "kind"),
    ],
)
def test_loader_suggests_the_nearest_key(
    tmp_path: Path, find: str, replace: str, path: str, suggestion: str
) -> None:
    problems = problems_of(write(tmp_path, MINIMAL.replace(find, replace, 1)))
    unknown = [p for p in problems if "unknown key" in p.message]
    assert unknown and unknown[0].path == path
    assert f"(did you mean '{suggestion}'?)" in unknown[0].message


def test_loader_suggests_a_key_that_belongs_one_level_down(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "        text: When it was updated\n",
        "        text: When it was updated\n        patern: [x]\n",
    )
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.path == "criteria[0].elements[1]"
    assert (
        "did you mean 'patterns'?" in problem.message
        and "'all', 'any' or 'none'" in problem.message
    )


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object:os.system {}",
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!custom thing",
        "!!set {a, b}",
        "!!binary aGVsbG8=",
    ],
)
def test_loader_rejects_unsafe_and_unknown_tags(tmp_path: Path, value: str) -> None:
    text = MINIMAL.replace("  notes: Invented for tests.", f"  notes: {value}")
    problems = problems_of(write(tmp_path, text))
    assert problems[0].code == "E108"
    assert problems[0].line == line_of(text, "notes:")
    assert problems[0].path == "source.notes"


def test_loader_rejects_alias_bomb_by_alias_count(tmp_path: Path) -> None:
    aliases = ", ".join(["*a"] * 150)
    text = MINIMAL.replace(
        "  board-words: [notice board, board, display]",
        f"  board-words: &a [board]\n  many: [{aliases}]",
    )
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.code == "E108" and "alias bomb" in problem.message


def test_loader_rejects_alias_bomb_by_expansion(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (problem,) = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert problem.code == "E108" and "alias bomb" in problem.message


@pytest.mark.parametrize(("size", "max_size"), [(2 * 1024 * 1024 + 1, None), (2000, 1000)])
def test_loader_rejects_oversize_file_before_parsing(
    tmp_path: Path, size: int, max_size: int | None
) -> None:
    path = write(tmp_path, "# " + "x" * (size - 3) + "\n")
    kwargs = {} if max_size is None else {"max_size": max_size}
    (problem,) = problems_of(path, **kwargs)
    assert problem.code == "E109" and str(size) in problem.message


def test_loader_rejects_duplicate_mapping_keys(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "title: Keep a tidy team notice board\n",
        "title: Keep a tidy team notice board\ntitle: Again\n",
    )
    (problem,) = problems_of(write(tmp_path, text))
    assert (problem.code, problem.line, problem.path) == (
        "E103",
        line_of(text, "title: Again"),
        "title",
    )
    assert "duplicate key 'title'" in problem.message


def test_loader_reports_yaml_syntax_error_with_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('version: "0.1"', "version: [0.1")
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.code == "E102" and problem.line is not None


def test_loader_reports_missing_key_at_its_parent(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: Board kept up to date\n", "")
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.path == "criteria[0]" and "missing required key 'name'" in problem.message
    assert problem.line == line_of(text, "- id: board-updated")


@pytest.mark.parametrize(
    ("find", "replace", "code", "path", "words"),
    [
        (
            "signals: [date, frequency]",
            "signals: [date, freqency]",
            "E105",
            "criteria[0].elements[1].any[0].signals[1]",
            "unknown signal 'freqency'",
        ),
        (
            'phrases: ["@board-words"]',
            'phrases: ["@bored-words"]',
            "E110",
            "criteria[0].elements[0].all[0].phrases[0]",
            "(did you mean 'board-words'?)",
        ),
        (
            "absent: [check]",
            "absent: [board-updated.nope]",
            "E110",
            "mistakes[0].detect.absent[0]",
            "unknown element reference 'board-updated.nope'",
        ),
        (
            "absent: [check]",
            "absent: [chek]",
            "E110",
            "mistakes[0].detect.absent[0]",
            "did you mean 'check'?",
        ),
        (
            "types: [reflective-account, observation]",
            "types: [diary]",
            "E103",
            "criteria[0].evidence.types[0]",
            "unknown evidence type 'diary'",
        ),
        (
            "    types: [reflective-account]\n",
            "    types: [reflective-acount]\n",
            "E103",
            "tests[0].types[0]",
            "did you mean 'reflective-account'?",
        ),
        (
            "board-updated.update: found",
            "board-updated.nothing: found",
            "E103",
            "tests[0].expect.board-updated.nothing",
            "names no criterion, mistake or element",
        ),
        (
            "board-updated.update: found",
            "board-updated.update: met",
            "E103",
            "tests[0].expect.board-updated.update",
            "expect found or not_found",
        ),
        (
            "board-never-checked: detected",
            "board-never-checked: met",
            "E103",
            "tests[1].expect.board-never-checked",
            "expect detected or not_detected",
        ),
        (
            "name: never-updated",
            "name: updated-weekly",
            "E104",
            "tests[1].name",
            "duplicate id 'updated-weekly'",
        ),
    ],
)
def test_loader_cross_reference_checks(
    tmp_path: Path, find: str, replace: str, code: str, path: str, words: str
) -> None:
    assert find in MINIMAL
    text = MINIMAL.replace(find, replace, 1)
    (problem,) = problems_of(write(tmp_path, text))
    assert (problem.code, problem.path) == (code, path)
    assert words in problem.message
    needle = replace.strip().splitlines()[0]
    assert problem.line == line_of(text, needle, text.count(needle))  # the last (new) occurrence


def test_loader_duplicate_criterion_and_mistake_ids(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - id: board-never-checked", "  - id: board-updated")
    text = text.replace("      board-never-checked: detected\n", "")
    problems = problems_of(write(tmp_path, text))
    assert [p.code for p in problems] == ["E104"]


def test_loader_collects_problems_from_every_pass(tmp_path: Path) -> None:
    text = MINIMAL.replace('version: "0.1"', 'version: "0.1"\nowner: me').replace(
        "signals: [date, frequency]", "signals: [dates]"
    )
    problems = problems_of(write(tmp_path, text))
    assert [p.code for p in problems] == ["E103", "E105"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_loader_uses_and_merges_shared_vocabulary(tmp_path: Path) -> None:
    write(
        tmp_path, "vocab:\n  bored-words: [corkboard]\n  board-words: [ignored]\n", "_shared.yaml"
    )
    text = MINIMAL.replace('phrases: ["@board-words"]', 'phrases: ["@board-words", "@bored-words"]')
    rs = load_ruleset_file(write(tmp_path, text))
    assert rs.vocab["bored-words"] == ["corkboard"]
    assert rs.vocab["board-words"] == [
        "notice board",
        "board",
        "display",
    ]  # the unit's own list wins


def test_loader_explicit_vocabulary_replaces_discovery(tmp_path: Path) -> None:
    text = MINIMAL.replace('phrases: ["@board-words"]', 'phrases: ["@pinned"]')
    rs = load_ruleset_file(write(tmp_path, text), vocabulary={"pinned": ["pin"]})
    assert rs.vocab["pinned"] == ["pin"]


def test_loader_vocabulary_file_problems_have_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "vocab:\n  good: [a]\n  Bad Name: [b]\n  empty: []\n", "_shared.yaml")
    with pytest.raises(RuleSetError) as info:
        load_vocabulary(path)
    assert [(p.line, p.path) for p in info.value.problems] == [
        (3, "vocab.Bad Name"),
        (4, "vocab.empty"),
    ]


def test_loader_empty_file_says_what_is_needed(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "# nothing\n"))
    assert problem.code == "E103" and "'criteria'" in problem.message


def test_loader_load_ruleset_accepts_a_path(tmp_path: Path) -> None:
    assert load_ruleset(DATA / "minimal.yaml").id == "minimal"
    assert load_ruleset(str(DATA / "minimal.yaml")).id == "minimal"


def test_loader_signal_names_come_from_the_live_registry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = types.ModuleType("evidencecheck.nlp.signals")
    fake.SIGNALS = {"board_colour": object()}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "evidencecheck.nlp.signals", fake)
    assert signal_names() == ("board_colour",)
    text = MINIMAL.replace("signals: [date, frequency]", "signals: [board_colour, date]")
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.code == "E105" and "'date'" in problem.message
