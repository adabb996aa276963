"""Hostile rule files: every attack is refused with its numbered code, quickly, and nothing runs.

Attacks: YAML tags that would construct Python objects, alias bombs, oversize
and deeply nested files, malformed scalars, unknown keys, invalid token
patterns, regular expressions that backtrack catastrophically, token patterns
whose matching cost grows with the square of the text, and files built to
flood the loader with problems.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from evidencecheck.api import check_portfolio
from evidencecheck.errors import RuleSetError
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.rules import locations, registry
from evidencecheck.rules._cost import (
    MAX_PATTERN_TOKENS,
    MAX_REGEX_CHARS,
    MAX_TOKEN_REPEAT,
    regex_problems,
)
from evidencecheck.rules._yaml import MAX_DEPTH, MAX_FILE_SIZE
from evidencecheck.rules.loader import load_ruleset_file
from evidencecheck.rules.semantic import MAX_PROBLEMS

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
PATTERN_LINE = "              - [{LEMMA: put}, {LOWER: up}]"
PATTERN_PATH = "criteria[0].elements[0].all[1].patterns[0]"
QUICK = 5.0  # seconds: generous for a slow CI machine; each attack takes well under one


@pytest.fixture(autouse=True)
def no_bundled_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the repository's own rules (and shared vocabulary) out of these tests."""
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: None)
    registry.clear_cache()


def write(tmp_path: Path, text: str, name: str = "unit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, **kwargs: Any) -> list:
    """Load ``path``, expect a RuleSetError, and check it came back quickly."""
    start = time.perf_counter()
    with pytest.raises(RuleSetError) as info:
        load_ruleset_file(path, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < QUICK, f"loading took {elapsed:.1f} s"
    return info.value.problems


def codes(problems: list) -> list[str]:
    return [p.code for p in problems]


def with_pattern(pattern: list[dict[str, Any]]) -> str:
    """The minimal rule file with its one token pattern replaced (JSON is YAML flow style)."""
    assert PATTERN_LINE in MINIMAL
    return MINIMAL.replace(PATTERN_LINE, "              - " + json.dumps(pattern))


def regex_pattern(regex: str, attr: str = "TEXT") -> list[dict[str, Any]]:
    return [{attr: {"REGEX": regex}}]


# --- tags that would run code ------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/object:os.system {{}}",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
        "!!python/tuple [1, 2]",
        "!!binary aGVsbG8=",
        "!!set {{a, b}}",
        "!!omap [a: 1]",
        "!mytag value",
        "!<tag:example.com,2000:app/thing> value",
    ],
)
def test_attack_tags_never_construct_anything(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "hacked"
    text = MINIMAL.replace("  notes: Invented for tests.", f"  notes: {tag.format(marker=marker)}")
    problems = problems_of(write(tmp_path, text))
    assert codes(problems) == ["E108"]
    assert problems[0].path == "source.notes"
    assert "is not allowed" in problems[0].message
    assert not marker.exists()


def test_attack_tag_on_a_key_or_in_a_nested_value(tmp_path: Path) -> None:
    marker = tmp_path / "hacked"
    text = MINIMAL.replace(
        "  board-words: [notice board, board, display]",
        f"  board-words: [board, !!python/object/apply:os.system ['touch {marker}']]",
    )
    assert "E108" in codes(problems_of(write(tmp_path, text)))
    assert not marker.exists()


def test_attack_merge_keys_are_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("source:\n  notes: Invented for tests.", "base: &b {notes: x}\nsource:\n  <<: *b")
    assert "E108" in codes(problems_of(write(tmp_path, text)))


# --- alias bombs, size and depth ------------------------------------------------------


def test_attack_billion_laughs_is_refused_by_alias_count(tmp_path: Path) -> None:
    lines = ['lol: &l0 "lol"']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    problems = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert codes(problems) == ["E108"] and "alias bomb" in problems[0].message


def test_attack_few_aliases_that_expand_hugely_are_refused(tmp_path: Path) -> None:
    # 5 levels of 10 aliases each: only 50 aliases, but 10**6 values once expanded
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 6)]
    problems = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert codes(problems) == ["E108"] and "alias bomb" in problems[0].message


def test_attack_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.write(b"id: huge\n# ")
        fh.seek(MAX_FILE_SIZE + 10)
        fh.write(b"x\n")
    problems = problems_of(path)
    assert codes(problems) == ["E109"] and str(path.stat().st_size) in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 20_000 + "]" * 20_000,
        "a: " + "{a: " * 5_000 + "}" * 5_000,
        "".join("  " * i + "-\n" for i in range(1_000)),
        "".join("  " * i + f"k{i}:\n" for i in range(1_000)),
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps"],
)
def test_attack_deep_nesting_is_refused_without_recursion_error(tmp_path: Path, text: str) -> None:
    problems = problems_of(write(tmp_path, text))
    assert codes(problems) == ["E108"]
    assert f"more than {MAX_DEPTH} levels deep" in problems[0].message


def test_attack_deep_nesting_built_from_aliases_is_refused(tmp_path: Path) -> None:
    # each anchor nests the one before: shallow text, deep data
    lines = ["a0: &a0 x"]
    lines += [f"a{i}: &a{i} " + "[" * 40 + f"*a{i - 1}" + "]" * 40 for i in range(1, 60)]
    problems = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert codes(problems) == ["E108"] and "levels deep" in problems[0].message


def test_attack_nesting_real_rule_files_need_is_accepted(tmp_path: Path) -> None:
    nested = "[" * 20 + "x" + "]" * 20
    text = MINIMAL.replace("  notes: Invented for tests.", f"  notes: Invented.\nextra: {nested}")
    problems = problems_of(write(tmp_path, text))
    assert codes(problems) == ["E103"] and "unknown key 'extra'" in problems[0].message


# --- scalars ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("!!int abc", "'abc' is not a valid int"),
        ("!!float abc", "'abc' is not a valid float"),
        ("!!bool maybe", "'maybe' is not a valid bool"),
        ("1" * 5000, "is not a valid int"),  # over Python's int-conversion digit limit
    ],
)
def test_attack_malformed_scalars_are_problems_not_crashes(tmp_path: Path, value: str, words: str) -> None:
    text = MINIMAL.replace('version: "0.1"', f"version: {value}")
    problems = problems_of(write(tmp_path, text))
    assert "E103" in codes(problems)
    assert any(words in p.message and p.path == "version" for p in problems)


def test_attack_lone_surrogate_in_text_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Keep a tidy team notice board", 'title: "Keep \\ud800 tidy"')
    problems = problems_of(write(tmp_path, text))
    assert set(codes(problems)) == {"E103"}
    (problem,) = [p for p in problems if "lone surrogate" in p.message]
    assert problem.path == "title"


# --- unknown keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("find", "replace", "path", "message"),
    [
        ("criteria:\n", "critera:\n", "", "unknown key 'critera' (did you mean 'criteria'?)"),
        ("    text: Keeps", "    txet: Keeps", "criteria[0]", "unknown key 'txet' (did you mean 'text'?)"),
        ("      - id: when\n", "      - id: when\n        scop: sentence\n", "criteria[0].elements[1]",
         "unknown key 'scop' (did you mean 'scope'?)"),
        ("          - phrases: [check, ask]", "          - phrases: [check, ask]\n            signal: [date]",
         "mistakes[0].elements[0].all[0]", "unknown key 'signal' (did you mean 'signals'?)"),
        ("    kind: absence", "    kind: absence\n      exec: rm -rf /", "mistakes[0].detect", "unknown key 'exec'"),
    ],
)
def test_attack_unknown_keys_are_named_with_a_suggestion(
    tmp_path: Path, find: str, replace: str, path: str, message: str
) -> None:
    assert find in MINIMAL
    problems = problems_of(write(tmp_path, MINIMAL.replace(find, replace, 1)))
    assert set(codes(problems)) == {"E103"}  # with "missing required key" for a misspelt one
    (problem,) = [p for p in problems if p.message.startswith("unknown key")]
    assert problem.path == path
    assert problem.message == message


# --- bad token patterns ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ([{"LEMA": "put"}], "LEMA"),
        ([{"TEXT": {"REGEX": "("}}], "missing )"),
        ([{"TEXT": {"REGEX": "[a-"}}], "unterminated character set"),
        ([{"LENGTH": {">=": "x"}}], "valid integer"),
        ([{"OP": "??"}], "OP"),
        ([{"_": {"evil": "x"}}], "custom attributes ('_') are not available"),
    ],
)
def test_attack_invalid_token_patterns_give_e106(tmp_path: Path, pattern: list, words: str) -> None:
    problems = problems_of(write(tmp_path, with_pattern(pattern)))
    assert codes(problems) == ["E106"]
    assert problems[0].path == PATTERN_PATH
    assert words in problems[0].message


def test_attack_pattern_that_is_not_a_list_of_tokens_is_a_schema_problem(tmp_path: Path) -> None:
    text = MINIMAL.replace(PATTERN_LINE, "              - not a pattern")
    assert codes(problems_of(write(tmp_path, text))) == ["E103"]


# --- catastrophic backtracking ----------------------------------------------------------


CATASTROPHIC = [
    r"(a+)+$",
    r"(a*)*b",
    r"(a|a)*$",
    r"(.*)*x",
    r"(a|ab)+c",
    r"(a|)+b",
    r"^(\w+\s?)*$",
    r"(\d+\.?)+%",
    r"(?:x|[a-z]\w*)+!",
    r"((ab)*)+c",
    r"(?i)(Abc|aBd)+$",
    r"(?=x)(a{1,3})+$",
]


@pytest.mark.parametrize("regex", CATASTROPHIC)
def test_attack_catastrophic_regex_gives_e112(tmp_path: Path, regex: str) -> None:
    problems = problems_of(write(tmp_path, with_pattern(regex_pattern(regex))))
    assert codes(problems) == ["E112"]
    assert problems[0].path == PATTERN_PATH
    assert "backtrack catastrophically" in problems[0].message
    assert "without nested or overlapping repetition" in problems[0].message


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": {"regex": r"(a+)+$"}}],  # spaCy accepts the key in any case
        [{"NORM": {"REGEX": {"IN": ["^ok$", r"(x+)+y"]}}}],
        [{"LEMMA": {"REGEX": {"NOT_IN": [r"(x|x)*y"]}}}],
        [{"LOWER": "put"}, {"SHAPE": {"REGEX": r"(X+x+)+$"}}],
    ],
)
def test_attack_catastrophic_regex_is_found_anywhere_in_a_token(tmp_path: Path, pattern: list) -> None:
    assert codes(problems_of(write(tmp_path, with_pattern(pattern)))) == ["E112"]


@pytest.mark.parametrize(
    "regex",
    [r"^\d+(?:[.,]\d+)?%$", r"(cat|dog)s?", r"colou?r", r"^[A-Z][a-z]+(-[A-Z][a-z]+)?$", r"(?:ab)+",
     r"(cat|dog)+", r"\w+@\w+\.\w+", r"^(?:re|pre)?view(?:ed|ing|s)?$", r"(a{2})*"],
)
def test_attack_ordinary_regexes_are_accepted(regex: str) -> None:
    assert regex_problems(regex) == []


def test_attack_catastrophic_regex_is_refused_before_it_can_hang(tmp_path: Path) -> None:
    # The same regex run by Python on a 10,000-character word would never finish.
    path = write(tmp_path, with_pattern(regex_pattern(r"(a+)+$")))
    start = time.perf_counter()
    with pytest.raises(RuleSetError):
        load_ruleset_file(path)
    assert time.perf_counter() - start < QUICK


def test_attack_accepted_regex_on_a_ten_thousand_character_word_is_quick(tmp_path: Path) -> None:
    """``\\w*\\w*x`` is polynomial: cubic in the word's length, so bounded by the token length.

    Without the token bound a 10,000-character word took minutes; tokens are cut
    at ``MAX_TOKEN_CHARS`` characters, so a regex never sees a longer string.
    """
    text = with_pattern([{"TEXT": {"REGEX": r"\w*\w*x"}}]).replace(
        "      - id: when\n", "      - id: long\n        text: A long word\n        any:\n"
        "          - patterns:\n              - [{TEXT: {REGEX: '^.{101,}$'}}]\n      - id: when\n")
    ruleset = load_ruleset_file(write(tmp_path, text))
    portfolio = Portfolio(documents=(parse_string("I put up " + "a" * 10_000 + " on the board.", name="x.txt"),))
    start = time.perf_counter()
    report = check_portfolio(portfolio, ruleset=ruleset)
    assert time.perf_counter() - start < QUICK
    assert report.criteria[0].elements[1].found is False  # no token is over 100 characters


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (regex_pattern("x" * (MAX_REGEX_CHARS + 1)), f"{MAX_REGEX_CHARS + 1} characters long"),
        (regex_pattern(r"\w*\w*\w*\w*x"), "4 variable-length repetitions"),
        ([{"LOWER": "put"}, {"OP": "*"}, {"LOWER": "up"}], "OP '*', which repeats without limit"),
        ([{"LOWER": "put"}, {"IS_ALPHA": True, "OP": "+"}], "OP '+', which repeats without limit"),
        ([{"LOWER": "put"}, {"OP": "{2,}"}], "OP '{2,}', which repeats without limit"),
        ([{"LOWER": "put"}, {"OP": f"{{0,{MAX_TOKEN_REPEAT + 1}}}"}], f"up to {MAX_TOKEN_REPEAT + 1} times"),
        ([{"LOWER": "put"}, {"OP": "{1000000}"}], "up to 1000000 times"),
        ([{"OP": "?"}] * (MAX_PATTERN_TOKENS + 1), f"it can span {MAX_PATTERN_TOKENS + 1} tokens"),
    ],
)
def test_attack_costly_token_patterns_give_e113(tmp_path: Path, pattern: list, words: str) -> None:
    problems = problems_of(write(tmp_path, with_pattern(pattern)))
    assert set(codes(problems)) == {"E113"}
    assert all(p.path == PATTERN_PATH for p in problems)
    assert words in problems[0].message


def test_attack_bounded_token_repetition_is_accepted(tmp_path: Path) -> None:
    pattern = [{"LOWER": "put"}, {"IS_PUNCT": False, "OP": "{0,4}"}, {"LOWER": "up", "OP": "?"}, {"OP": "!"}]
    load_ruleset_file(write(tmp_path, with_pattern(pattern)))


# --- floods of problems -------------------------------------------------------------------


def test_attack_flood_of_unknown_references_is_capped_and_quick(tmp_path: Path) -> None:
    n = 5_000
    vocab = "\n".join(f"  voc-{i:05d}: [w{i}]" for i in range(n))
    refs = ", ".join(f'"@voc-{i:05d}x"' for i in range(n))
    text = MINIMAL.replace("  board-words: [notice board, board, display]", "  board-words: [board]\n" + vocab)
    text = text.replace("- phrases: [check, ask]", f"- phrases: [check, {refs}]")
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == MAX_PROBLEMS + 1
    assert codes(problems[:MAX_PROBLEMS]) == ["E110"] * MAX_PROBLEMS
    assert "(did you mean 'voc-00000'?)" in problems[0].message
    assert "more problems not shown" in problems[-1].message


def test_attack_flood_of_unknown_keys_is_capped_and_quick(tmp_path: Path) -> None:
    keys = "\n".join(f"critera{i}: x" for i in range(20_000))
    problems = problems_of(write(tmp_path, MINIMAL + keys + "\n"))
    assert len(problems) <= MAX_PROBLEMS + 1
    assert all(p.code == "E103" for p in problems)
