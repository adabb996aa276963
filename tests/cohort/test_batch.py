"""evidencecheck.cohort.batch and .output: discovery, checking each learner, writing the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencecheck.cohort import (
    Cohort,
    CohortResult,
    Learner,
    LearnerResult,
    check_output_location,
    discover_learners,
    plan_layout,
    run_batch,
    write_learner,
)
from evidencecheck.errors import ReportError, UnknownUnitError

from ._helpers import (
    ALL_MET,
    BROKEN_FILES,
    CRITERION_IDS,
    NONE_MET,
    ONE_MET,
    UNIT,
    learner,
    write_rules,
)
from ._workers import fake_checker


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return write_rules(tmp_path / "rules")


def _make_cohort(root: Path) -> Path:
    learner(root, "ann", {"notes.txt": ALL_MET})
    learner(root, "bob", {"diary.md": "# Diary\n\n" + ONE_MET})
    learner(root, "broken", BROKEN_FILES)
    (root / "empty").mkdir()
    learner(root, "dan", {"notes.txt": NONE_MET, "labels.yaml": "not: evidence\n"})
    (root / ".git").mkdir()
    (root / "list.xlsx").write_bytes(b"loose file")
    (root / ".DS_Store").write_bytes(b"")
    return root


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    return _make_cohort(tmp_path / "cohort")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[CohortResult, list[tuple[str, int, int]]]:
    """The five-learner cohort checked once (jobs=1), with every on_result call seen."""
    base = tmp_path_factory.mktemp("checked")
    seen: list[tuple[str, int, int]] = []
    result = run_batch(_make_cohort(base / "cohort"), unit=UNIT, rules=[write_rules(base / "rules")],
                       on_result=lambda r, done, total: seen.append((r.name, done, total)))
    return result, seen


def test_discover_learners_sorted_subfolders_only(cohort: Path) -> None:
    found = discover_learners(cohort)
    assert [lr.name for lr in found.learners] == ["ann", "bob", "broken", "dan", "empty"]
    assert all(lr.path == cohort / lr.name for lr in found.learners)
    assert [s.path for s in found.skipped] == ["list.xlsx"]  # hidden entries are not mentioned
    assert "subfolder" in found.skipped[0].reason


def test_discover_learners_excludes_output_folder(cohort: Path) -> None:
    found = discover_learners(cohort, exclude=[cohort / "bob"])
    assert "bob" not in [lr.name for lr in found.learners]
    assert ("bob", "the output folder") in [(s.path, s.reason) for s in found.skipped]


def test_discover_learners_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover_learners(tmp_path / "nowhere")


def test_run_batch_checks_every_learner_in_order(checked: tuple[CohortResult, list[tuple[str, int, int]]]) -> None:
    result, seen = checked
    names = [r.name for r in result.learners]
    assert names == ["ann", "bob", "broken", "dan", "empty"]
    assert seen == [(name, i + 1, 5) for i, name in enumerate(names)]
    assert [c.id for c in result.criteria] == CRITERION_IDS
    assert result.unit_id == UNIT and [s.path for s in result.skipped] == ["list.xlsx"]
    by_name = {r.name: r for r in result.learners}
    for r in result.learners:
        assert r.report is not None and r.error is None
        assert [c.id for c in r.report.criteria] == CRITERION_IDS
    assert [c.status for c in by_name["ann"].report.criteria] == ["met", "met", "met"]
    assert [c.status for c in by_name["bob"].report.criteria] == ["met", "missing", "missing"]
    assert by_name["ann"].all_met and by_name["ann"].problem is None
    assert not result.all_met


def test_run_batch_broken_and_empty_learners_still_get_reports(
    checked: tuple[CohortResult, list[tuple[str, int, int]]],
) -> None:
    result, _ = checked
    by_name = {r.name: r for r in result.learners}
    broken = by_name["broken"]
    assert broken.report is not None
    assert sorted(d.path for d in broken.report.documents) == sorted(BROKEN_FILES)
    assert all(d.status == "error" and d.error for d in broken.report.documents)
    assert broken.problem == "all_unreadable"
    assert broken.note == "all files unreadable (2)"
    assert all(c.status != "met" for c in broken.report.criteria)
    empty = by_name["empty"]
    assert empty.report is not None and empty.report.documents == []
    assert empty.problem == "no_evidence" and empty.note == "no evidence files"
    # labels.yaml is a data file, not evidence
    assert [d.path for d in by_name["dan"].report.documents] == ["notes.txt"]


def test_run_batch_accepts_discovered_cohort(cohort: Path, rules: Path) -> None:
    only_ann = Cohort(cohort, (Learner("ann", cohort / "ann"),))
    result = run_batch(only_ann, unit=UNIT, rules=[rules])
    assert [r.name for r in result.learners] == ["ann"]
    assert result.all_met


def test_run_batch_exception_for_one_learner_does_not_stop_batch(tmp_path: Path) -> None:
    root = tmp_path / "cohort"
    for name in ("amy", "boom", "cara"):
        (root / name).mkdir(parents=True)
    result = run_batch(root, unit="lead-direct-sales", checker=fake_checker)
    assert [r.name for r in result.learners] == ["amy", "boom", "cara"]
    boom = result.learners[1]
    assert boom.report is None and boom.problem == "check_failed"
    assert "RuntimeError" in boom.error and "tripped over" in boom.error
    assert boom.note.startswith("check failed: ")
    assert result.learners[0].all_met and result.learners[2].all_met
    assert not result.all_met


def test_run_batch_worker_crash_marks_only_that_learner(tmp_path: Path) -> None:
    root = tmp_path / "cohort"
    names = ("amy", "boom", "crash", "slow-sue")
    for name in names:
        (root / name).mkdir(parents=True)
    done: list[int] = []
    result = run_batch(root, unit="lead-direct-sales", jobs=2, checker=fake_checker,
                       on_result=lambda r, n, total: done.append(n))
    assert [r.name for r in result.learners] == list(names)
    assert sorted(done) == [1, 2, 3, 4]
    status = {r.name: (r.report is not None, r.error) for r in result.learners}
    # slow-sue was still running when the pool broke: she is checked again, not failed
    assert status["amy"][0] and status["slow-sue"][0]
    assert not status["boom"][0] and "RuntimeError" in status["boom"][1]
    assert not status["crash"][0] and "stopped unexpectedly" in status["crash"][1]


def test_run_batch_unknown_unit_fails_before_any_learner(cohort: Path) -> None:
    calls: list[str] = []
    with pytest.raises(UnknownUnitError):
        run_batch(cohort, unit="no-such-unit", on_result=lambda r, d, t: calls.append(r.name))
    assert calls == []


def test_run_batch_rejects_negative_jobs(cohort: Path, rules: Path) -> None:
    with pytest.raises(ValueError):
        run_batch(cohort, unit=UNIT, rules=[rules], jobs=-1)


def test_plan_layout_avoids_collisions(tmp_path: Path) -> None:
    layout = plan_layout(tmp_path, ["Amy", "amy", "cohort.HTML", "bob"])
    assert layout.folders == {"Amy": "Amy", "amy": "amy-2", "cohort.HTML": "cohort.HTML-2", "bob": "bob"}
    assert layout.report_name("amy", "markdown") == "amy-2/report.md"
    assert layout.grid_path("csv") == tmp_path / "cohort.csv"


def test_output_inside_cohort_is_refused(cohort: Path) -> None:
    found = discover_learners(cohort)
    names = [lr.name for lr in found.learners]
    with pytest.raises(ReportError) as err:
        check_output_location(plan_layout(cohort / "reports", names), found)
    assert err.value.code == "E302"
    check_output_location(plan_layout(cohort / "reports", names), found, allow=True)
    check_output_location(plan_layout(cohort.parent / "reports", names), found)
    # a learner's output folder may not be a portfolio, even when allowed
    with pytest.raises(ReportError):
        check_output_location(plan_layout(cohort, names), found, allow=True)
    # an output folder beside the cohort whose learner folder would land in the cohort
    with pytest.raises(ReportError):
        check_output_location(plan_layout(cohort.parent, ["cohort"]), Cohort(cohort, ()))


def test_write_learner_writes_each_format_or_error_file(tmp_path: Path, checked) -> None:  # type: ignore[no-untyped-def]
    ann = checked[0].learners[0]
    out = tmp_path / "out"
    layout = plan_layout(out, ["ann", "zed"])
    written = write_learner(layout, ann, ["json", "markdown", "csv"])
    assert written == {"json": "ann/report.json", "markdown": "ann/report.md", "csv": "ann/report.csv"}
    data = json.loads((out / "ann" / "report.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["criteria"]] == CRITERION_IDS
    assert (out / "ann" / "report.csv").read_bytes().count(b"\r\n") == 1 + len(CRITERION_IDS)
    failed = LearnerResult(Learner("zed", tmp_path / "zed"), None, "internal error (boom)")
    assert write_learner(layout, failed, ["json"]) == {"error": "zed/error.txt"}
    assert "internal error (boom)" in (out / "zed" / "error.txt").read_text(encoding="utf-8")
    assert not (out / "zed" / "report.json").exists()


def test_write_learner_unwritable_output_is_e301(tmp_path: Path, checked) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        write_learner(plan_layout(out, ["ann"]), checked[0].learners[0], ["json"])
    assert err.value.code == "E301"
