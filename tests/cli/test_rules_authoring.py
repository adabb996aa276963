"""Rule authoring: ``rules explain``, ``rules try``, ``rules new``, ``rules lint``, todo cases, per-phrase coverage."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules_cmd import bundled, run  # noqa: F401 - the same fake bundled folder (autouse) and runner

from evidencecheck import ruletest
from evidencecheck.cli import rules_cmd
from evidencecheck.rules import lint, locations
from evidencecheck.rules.draft import draft_ruleset, read_description
from evidencecheck.rules.loader import load_ruleset_file

MINIMAL = Path(__file__).parents[1] / "rules" / "data" / "minimal.yaml"
SEED_004 = Path(__file__).parents[1] / "rules" / "data" / "seed-004.txt"  # a copy of ../shared/seeds/004_*.txt


def test_rules_try_names_the_clue_that_failed_and_the_words_that_matched(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "try", "minimal", "The notice board is by the door."]) == 0
    out = capsys.readouterr().out
    assert "board-updated: MISSING" in out
    assert "ok   all [@board-words]: \u2018notice board\u2019 (notice board, from @board-words)" in out
    assert "FAIL all [update, refresh, pattern 1]: matched nowhere in the text" in out
    assert "=> clue [update, refresh, pattern 1] (all) failed in this sentence" in out


def test_rules_try_shows_the_cue_that_set_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "try", "minimal", "I should update the notice board every Monday."]) == 0
    out = capsys.readouterr().out
    assert "context hypothetical" in out and "\u201cshould\u201d" in out
    assert "why: at risk" in out


def test_rules_explain_a_failing_rule_test_shows_the_failed_clue(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = tmp_path / "minimal.yaml"
    unit.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "text: Every Monday I update the notice board with the week's rota.",
        "text: Every Monday I tidy the notice board."), encoding="utf-8")
    assert run(["rules", "explain", str(unit), "--case", "updated-weekly", "--criterion", "board-updated"]) == 1
    out = capsys.readouterr().out
    assert "FAIL all [update, refresh, pattern 1]" in out
    assert "Rule test 'updated-weekly' fails:\n  board-updated: expected met, got at_risk\n  board-updated.update: expected found, got not_found" in out


def test_rules_explain_files_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "reflective-account.txt"
    evidence.write_text("Reflective account\n\nOn 3 May I updated the notice board with the new rota.", encoding="utf-8")
    assert run(["rules", "explain", "minimal", str(evidence)]) == 0
    assert "board-updated: MET" in capsys.readouterr().out
    assert run(["rules", "explain", "minimal"]) == 2
    assert "E122" in capsys.readouterr().out
    assert run(["rules", "explain", "minimal", "--case", "nope"]) == 2
    assert "E121" in capsys.readouterr().out
    assert run(["rules", "try", "minimal", "x", "--criterion", "nope"]) == 2
    assert "E120" in capsys.readouterr().out


def test_rules_test_runs_one_case_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "test", str(MINIMAL), "--case", "updated-weekly"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 case(s) in 1 rule set(s): 1 passed, 0 failed"
    assert run(["rules", "test", str(MINIMAL), "--case", "nope"]) == 2
    assert "E127" in capsys.readouterr().out


def test_todo_cases_are_reported_not_failed_until_they_pass(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = tmp_path / "minimal.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    unit.write_text(text.replace("      board-never-checked: detected\n",
                                 "      board-never-checked: not_detected\n    todo: checking is not yet seen\n")
                    .replace("    types: [reflective-account]\n    expect:",
                             "    types: [reflective-account]\n    todo: it passes already\n    expect:"),
                    encoding="utf-8")
    assert run(["rules", "test", str(unit)]) == 0
    out = capsys.readouterr().out
    assert "TODO minimal::never-updated: checking is not yet seen" in out
    assert "marked todo, but it passes now: remove 'todo'" in out
    assert out.splitlines()[-1] == "2 case(s) in 1 rule set(s): 1 passed, 0 failed, 1 todo"


def test_phrase_coverage_names_the_list_entries_no_case_matched() -> None:
    rs = load_ruleset_file(MINIMAL)
    results = ruletest.run_tests(rs, collect_hits=True)
    (board,) = ruletest.phrase_coverage(rs, results)
    assert board.vocab == "board-words"
    assert board.matched == ("notice board", "board") and board.unmatched == ("display",)
    out = rules_cmd.format_phrase_coverage("minimal", [board])
    assert out.splitlines() == ["PHRASES minimal: 2 of 3 phrases of its @lists matched in some test case",
                                "    @board-words: 2/3; never: display"]


def test_rules_new_from_seed_004_validates_and_says_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "draft.yaml"
    assert run(["rules", "new", "--from", str(SEED_004), "--out", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "It validates." in out and "Still to do:" in out and "todo" in out
    rs = load_ruleset_file(out_file)
    assert rs.title == "Leading a team to improve customer service"
    assert len(rs.criteria) == 8 and len(rs.mistakes) == 6
    assert all(t.todo for t in rs.tests) and len(rs.tests) == 14
    assert "grow model" in rs.vocab["coaching-development"]
    assert out_file.read_text(encoding="utf-8").startswith("# Drafted by 'evidencecheck rules new'")
    assert run(["rules", "new", "--from", str(SEED_004), "--out", str(out_file)]) == 2
    assert "E126" in capsys.readouterr().out
    # every stub is reported as to be written: none passes by accident, none fails the run
    assert run(["rules", "test", str(out_file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "14 case(s) in 1 rule set(s): 0 passed, 0 failed, 14 todo"
    assert [m.detect.kind for m in rs.mistakes].count("absence") == 5


def test_rules_new_reads_ofqual_assessment_criteria(tmp_path: Path) -> None:
    desc = read_description("Supervise a team\nLO1 Be able to plan\n1.1 Agree objectives with the team\n"
                            "1.10 Allocate work, taking account of skills\n")
    draft = draft_ruleset(desc, unit_id="supervise")
    path = tmp_path / "supervise.yaml"
    path.write_text(draft.yaml_text(), encoding="utf-8")
    rs = load_ruleset_file(path)
    assert [c.refs for c in rs.criteria] == [["1.1"], ["1.10"]]
    assert [e.id for e in rs.criteria[1].elements] == ["allocate-work", "taking-account-skills"]
    with pytest.raises(ValueError, match="no marking points"):
        draft_ruleset(read_description("Just a title\n"))


def test_lint_finds_yaml_traps_in_the_raw_yaml() -> None:
    text = "vocab:\n  no-words: [no, \"no\", 121, never]\ncriteria:\n  - refs: [1.10, \"1.2\"]\n    " \
           "elements:\n      - min_hits: 2\n        all: [{patterns: [[{IS_DIGIT: true}]]}]\n"
    found = lint.yaml_traps(text)
    assert [(f.code, f.line) for f in found] == [("W120", 2), ("W120", 2), ("W120", 4)]
    assert "'no' under 'no-words' is read by YAML as true/false" in found[0].message
    assert "1.10 becomes 1.1" in found[2].message


def test_lint_stems_overlaps_unused_and_never_fired(ruleset_from_yaml) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset_from_yaml("""
        id: u
        title: U
        version: "1"
        vocab:
          meet-words: [meetings, team huddle]
          board: [board, notice board, not board, on the board]
          spare: [x]
        criteria:
          - id: c
            name: C
            text: t
            good_answer: g
            common_mistake: c
            advice: {missing: m, at_risk: r}
            elements:
              - id: e
                text: e
                all: [{phrases: ["@meet-words", "@board"]}]
    """)
    stems = lint.widening_stems(rs, lambda ps: [{"meetings": "meet"}.get(p, p) for p in ps])
    assert [f.code for f in stems] == ["W121"] and "'meetings' is matched as 'meet'" in stems[0].message
    overlaps = lint.overlapping_lists(rs)
    # 'on the board' adds only function words; 'not board' changes the sense, and 'notice board' adds a word
    # that counts: in "the Notice Board" the single word 'Board' is part of a name, which does not match
    assert [f.message.split(" in the same list")[0] for f in overlaps] == ["@board: 'on the board' is covered by 'board'"]
    assert [f.message for f in lint.unused_lists(rs, ["meet-words", "spare"])] == [
        "@spare is defined but no clue uses it. Use it in an element, or remove it."]
    never = lint.never_fired(rs, {("p", "board")}, set())
    assert "@meet-words: 2 of 2 phrases never match" in never[0].message
    assert "@board: 3 of 4" in never[1].message


def test_lint_finds_a_phrase_in_the_past_perfect(one_criterion) -> None:  # type: ignore[no-untyped-def]
    rs = one_criterion("- id: e\n  text: t\n  all: [{phrases: ['@habit']}]\n")
    rs.vocab["habit"] = ["had been", "used to", "have been", "I'd", "we had"]
    found = lint.lost_tenses(rs)
    assert [f.code for f in found] == ["W126"]
    assert "'had been' is matched on its lemmas" in found[0].message


def test_a_longer_phrase_with_a_content_word_is_not_covered(one_criterion, text_portfolio, judge) -> None:  # type: ignore[no-untyped-def]
    # why W123 keeps 'team huddle' beside 'huddle': in a capitalised name the single word does not count
    def found(phrases: str, text: str) -> bool:
        rs = one_criterion(f"- id: held\n  text: t\n  all: [{{phrases: [{phrases}]}}]\n")
        return bool(judge(rs, text_portfolio(text)).criteria[0].elements[0].found)

    text = "On 4 March I ran the Daily Team Huddle at 8:30."
    assert found("huddle, team huddle", text) and not found("huddle", text)
    assert found("huddle", "On 4 March I ran the huddle at 8:30.")  # lower case: the single word is enough
    unit = {"vocab": {"meet": ["huddle", "team huddle", "compared", "compared to"]}}
    rs = one_criterion('- id: held\n  text: t\n  all: [{phrases: ["@meet"]}]\n').model_copy(update=unit)
    assert [f.message.split(" is covered")[0] for f in lint.overlapping_lists(rs)] == ["@meet: 'compared to'"]


def test_rules_lint_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("refs: [\"1.1\"]", "refs: [1.10]"), encoding="utf-8")
    assert run(["rules", "lint", str(bad), "--no-tests"]) == 2  # the trap also makes it invalid
    out = capsys.readouterr().out
    assert f"{bad}:15: W120 '1.10' under 'refs'" in out and "E103" in out


def test_lint_names_two_lists_sharing_phrases_once(ruleset_from_yaml) -> None:  # type: ignore[no-untyped-def]
    def unit(second_clue: str) -> str:
        return f"""
            id: u
            title: U
            version: "1"
            vocab:
              coach: [coach, sit with]
              support: [support, sit with]
              other: [help]
            criteria:
              - id: c
                name: C
                text: t
                good_answer: g
                common_mistake: c
                advice: {{missing: m, at_risk: r}}
                elements:
                  - id: e
                    text: e
                    all: [{{phrases: ["@coach", "@support"]}}]
                  - id: f
                    text: f
                    all: [{{phrases: [{second_clue}]}}]
        """
    # the same two lists named in the other order by a second clue: one finding, not two
    shared = lint.overlapping_lists(ruleset_from_yaml(unit('"@support", "@coach"')))
    assert [f.message for f in shared] == [
        "@coach and @support are used in one clue and share 1 phrase(s): sit with. Keep each in one list."]
    # lists that share nothing are not named, whatever the order
    assert lint.overlapping_lists(ruleset_from_yaml(unit('"@other", "@coach"'))) == shared


def test_rules_lint_checks_a_shared_vocabulary_as_one(capsys: pytest.CaptureFixture[str]) -> None:
    folder = locations.bundled_rules_dir()  # the fake bundled folder, holding only the minimal unit
    assert folder is not None
    shared = folder / "_shared.yaml"
    shared.write_text("vocab:\n  coach: [coach, mentor]\n", encoding="utf-8")
    # a shared vocabulary is not a unit: no 'missing id, title...' problems, and nothing to find in it
    assert run(["rules", "lint", str(shared)]) == 0
    assert capsys.readouterr().out == f"{shared}: 0 finding(s)\n"
    # a folder, and no path at all, lint it as a vocabulary beside the units
    for argv in (["rules", "lint", "--no-tests", str(folder)], ["rules", "lint", "--no-tests"]):
        assert run(argv) == 0
        out = capsys.readouterr().out
        assert f"{shared}: 0 finding(s)" in out and "minimal.yaml: 0 finding(s)" in out and "E103" not in out
    # a YAML trap in it is shown (here it also makes the vocabulary invalid), and so is a broken vocabulary
    shared.write_text("vocab:\n  answers: [yes, no]\n", encoding="utf-8")
    assert run(["rules", "lint", str(shared)]) == 2
    assert f"{shared}:2: W120 'yes' under 'answers'" in capsys.readouterr().out
    shared.write_text("vocab:\n  coach: coach\n", encoding="utf-8")
    assert run(["rules", "lint", str(shared)]) == 2
    out = capsys.readouterr().out
    assert "E1" in out and "finding(s)" not in out


def test_explain_marks_words_from_a_heading_and_locates_the_body(
        one_criterion, text_portfolio) -> None:  # type: ignore[no-untyped-def]
    from evidencecheck.explain import explain

    rs = one_criterion("- id: e\n  text: coaching given\n  scope: paragraph\n  all: [{phrases: [coach]}, {signals: [person]}]")
    portfolio = text_portfolio("# Coaching Jordan\n\nOn 3 May I sat with Jordan for an hour.", fmt="md")
    (crit,) = explain(rs, portfolio).criteria
    (element,) = crit.elements
    assert element.found and element.where == "evidence-0.md, paragraph 2"
    assert element.clues[0].matched == ("\u2018Coaching\u2019 (coach) in the heading above",)
    assert crit.rule.startswith("met: all 1 elements shown")


def test_todo_cases_do_not_count_toward_coverage_minimums() -> None:
    rs = load_ruleset_file(MINIMAL)
    todo = rs.model_copy(update={"tests": [t.model_copy(update={"todo": "later"}) for t in rs.tests]})
    counted = [g.message for g in ruletest.coverage(rs, []) if g.kind == "cases"]
    assert "criterion 'board-updated' has 2 test case(s); it needs at least 6" in counted
    assert "criterion 'board-updated' has 0 test case(s); it needs at least 6" in [
        g.message for g in ruletest.coverage(todo, []) if g.kind == "cases"]


def test_explain_shows_mistakes_with_their_rule_and_clues(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "try", "minimal", "On 3 May I updated the notice board."]) == 0
    out = capsys.readouterr().out
    assert "board-never-checked: DETECTED  (Board never checked)" in out
    assert "  rule: detected when check is found nowhere in the portfolio" in out
    assert "FAIL all [check, ask]: matched nowhere in the text" in out
    assert run(["rules", "try", "minimal", "On 3 May I updated the board.", "--criterion", "board-updated"]) == 0
    assert "board-never-checked" not in capsys.readouterr().out  # --criterion: that criterion only


def test_explain_names_an_adjacent_scope_in_words(one_criterion, text_portfolio) -> None:  # type: ignore[no-untyped-def]
    from evidencecheck.explain import explain, render_text

    rs = one_criterion("- id: e\n  text: coached with a result\n  scope: adjacent\n"
                       "  all: [{phrases: [coach]}, {signals: [figure]}]")
    portfolio = text_portfolio("I coached Sam on his closing. It went well. He was pleased. He made 14 sales.")
    result = explain(rs, portfolio)
    (crit,) = result.criteria
    assert not crit.elements[0].found
    text = render_text(result)
    assert "scope: one pair of adjacent sentences" in text
    assert "never in this pair of adjacent sentences" in text
