"""``evidencecheck batch``: files written, grid, exit statuses, usage errors, --jobs, progress."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from rich.console import Console

from evidencecheck.cli import main
from evidencecheck.cli.progress import ProgressBar, progress_enabled

UNIT = "tidy-office"
CRITERIA = ("desk-cleared", "bins-emptied")
ALL_MET = "I cleared my desk every evening. I emptied the bins on Friday.\n"
ONE_MET = "I tidied the desk before leaving.\n"
XSS = "<img src=x onerror=alert(1)>"


def _rules(directory: Path) -> Path:
    """An invented two-criterion unit: each met by a first-hand sentence naming object and action."""
    lines = ["id: tidy-office", "title: Keep the office tidy", 'version: "0.1"', "criteria:"]
    for cid, noun, verbs in (("desk-cleared", "desk", "clear, tidy"), ("bins-emptied", "bin", "empty")):
        lines += [
            f"  - id: {cid}", f"    name: {cid}", f"    text: The {noun} is seen to.",
            "    good_answer: Says the learner did it.", "    common_mistake: Says nothing about it.",
            "    advice:", "      missing: Say when you did it.", "      at_risk: Say that you did it.",
            "    elements:", "      - id: done", "        text: Done by the learner", "        all:",
            f"          - phrases: [{noun}]", f"          - phrases: [{verbs}]",
        ]
    lines.append("mistakes: []")
    directory.mkdir(parents=True)
    (directory / "tidy-office.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def _learner(cohort: Path, name: str, files: dict[str, str | bytes]) -> None:
    folder = cohort / name
    folder.mkdir(parents=True)
    for filename, content in files.items():
        if isinstance(content, bytes):
            (folder / filename).write_bytes(content)
        else:
            (folder / filename).write_text(content, encoding="utf-8")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return _rules(tmp_path / "rules")


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    root = tmp_path / "cohort"
    _learner(root, "ann", {"notes.txt": ALL_MET})
    _learner(root, "bob", {"diary.md": ONE_MET})
    _learner(root, "broken", {"minutes.docx": b"PK\x03\x04 cut short", "stats.pdf": b"%PDF-1.4\n1 0 obj <<"})
    (root / "empty").mkdir()
    _learner(root, XSS, {"notes.txt": ONE_MET})
    (root / "loose.docx").write_bytes(b"not a learner")
    return root


def _batch(cohort: Path, out: Path, rules: Path, *extra: str) -> int:
    return main(["batch", str(cohort), "--unit", UNIT, "--rules", str(rules), "--out", str(out), *extra])


def test_batch_writes_reports_and_grid(capsys, tmp_path, cohort, rules):
    out = tmp_path / "out" / "nested"
    status = _batch(cohort, out, rules)
    captured = capsys.readouterr()
    assert status == 1
    learners = ["ann", "bob", "broken", "empty", XSS]
    for name in learners:
        assert sorted(p.name for p in (out / name).iterdir()) == ["report.html", "report.json"]
        report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        assert [c["id"] for c in report["criteria"]] == list(CRITERIA)
    broken = json.loads((out / "broken" / "report.json").read_text(encoding="utf-8"))
    assert {d["path"]: d["status"] for d in broken["documents"]} == {"minutes.docx": "error", "stats.pdf": "error"}
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["cohort.csv", "cohort.html", "cohort.json"]

    rows = list(csv.DictReader(io.StringIO((out / "cohort.csv").read_text(encoding="utf-8"))))
    assert sorted(r["learner"] for r in rows) == sorted(learners)
    by_name = {r["learner"]: r for r in rows}
    assert by_name["broken"]["note"] == "all files unreadable (2)"
    assert by_name["empty"]["note"] == "no evidence files"
    assert rows[-1]["learner"] == "ann" and rows[-1]["risk"] == "0"

    page = (out / "cohort.html").read_text(encoding="utf-8")
    assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="ann/report.html"' in page
    assert 'href="%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/report.html"' in page
    summary = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in summary["learners"]] == sorted(learners)
    assert summary["skipped"][0]["path"] == "loose.docx"

    assert captured.out.count("\n") == 1
    assert "Checked 5 learners" in captured.out and str(out / "cohort.html") in captured.out
    err_lines = captured.err.splitlines()
    # a learner with nothing readable: one message saying what to do, then each file's own message
    assert "evidencecheck: broken: E307 nothing could be checked: none of the 2 evidence files could be read. " \
           "Fix each one as its message below says, then check again." in err_lines
    assert any(line.startswith("  minutes.docx: E2") for line in err_lines)
    assert any(line.startswith("  stats.pdf: E2") for line in err_lines)
    assert "evidencecheck: empty: E306 nothing could be checked: the portfolio holds no evidence files. Add the " \
           "learner's evidence (.docx, .pdf, .txt or .md) and check again." in err_lines
    assert any("skipped loose.docx" in line for line in err_lines)
    assert len(err_lines) == 5


def test_batch_every_format(capsys, tmp_path, rules):
    cohort = tmp_path / "cohort"
    _learner(cohort, "ann", {"notes.txt": ALL_MET})
    out = tmp_path / "out"
    args = [a for fmt in ("json", "html", "markdown", "csv", "docx", "json") for a in ("--format", fmt)]
    assert _batch(cohort, out, rules, "--audience", "learner", *args) == 0
    files = sorted(p.name for p in (out / "ann").iterdir())
    assert files == ["report.csv", "report.docx", "report.html", "report.json", "report.md"]
    assert zipfile.is_zipfile(out / "ann" / "report.docx")
    assert "Your evidence check" in (out / "ann" / "report.html").read_text(encoding="utf-8")
    assert "Checked 1 learner " in capsys.readouterr().out


def test_batch_without_html_does_not_link(capsys, tmp_path, rules):
    cohort = tmp_path / "cohort"
    _learner(cohort, "ann", {"notes.txt": ALL_MET})
    out = tmp_path / "out"
    assert _batch(cohort, out, rules, "--format", "json") == 0
    assert [p.name for p in (out / "ann").iterdir()] == ["report.json"]
    assert "<a href" not in (out / "cohort.html").read_text(encoding="utf-8")


def test_batch_exit_statuses(capsys, tmp_path, rules):
    weak = tmp_path / "weak"
    _learner(weak, "bob", {"diary.md": ONE_MET})
    assert _batch(weak, tmp_path / "a", rules) == 1
    assert _batch(weak, tmp_path / "a", rules, "--exit-zero") == 0
    good = tmp_path / "good"
    _learner(good, "ann", {"notes.txt": ALL_MET})
    _learner(good, "amy", {"notes.md": "# Week 2\n\n" + ALL_MET})
    assert _batch(good, tmp_path / "b", rules) == 0


def test_batch_usage_errors(capsys, tmp_path, cohort, rules):
    out = tmp_path / "out"
    assert main(["batch", str(cohort), "--unit", "no-such-unit", "--out", str(out)]) == 2
    assert "no-such-unit" in capsys.readouterr().err
    assert _batch(tmp_path / "nowhere", out, rules) == 2
    assert "no such folder" in capsys.readouterr().err
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "notes.txt").write_text(ALL_MET, encoding="utf-8")
    assert _batch(loose, out, rules) == 2
    assert "no learner folders" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        _batch(cohort, out, rules, "--jobs", "-1")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        _batch(cohort, out, rules, "--format", "pdf")
    assert exc.value.code == 2
    assert not out.exists()


def test_batch_refuses_output_inside_cohort(capsys, tmp_path, rules):
    cohort = tmp_path / "cohort"
    _learner(cohort, "ann", {"notes.txt": ALL_MET})
    out = cohort / "reports"
    assert _batch(cohort, out, rules) == 2
    captured = capsys.readouterr()
    assert "E302" in captured.err and captured.out == ""
    assert not out.exists()
    # allowed: the output folder is not a learner, also when it already exists on a second run
    for _ in range(2):
        assert _batch(cohort, out, rules, "--allow-output-in-portfolio") == 0
        summary = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
        assert [entry["name"] for entry in summary["learners"]] == ["ann"]


def test_batch_unwritable_output_is_usage_error(capsys, tmp_path, cohort, rules):
    out = tmp_path / "out"
    out.write_text("a file, not a folder", encoding="utf-8")
    assert _batch(cohort, out, rules) == 2
    assert "E301" in capsys.readouterr().err


def test_batch_jobs_two_gives_identical_reports(capsys, tmp_path, rules):
    cohort = tmp_path / "cohort"
    _learner(cohort, "ann", {"notes.txt": ALL_MET})
    _learner(cohort, "bob", {"diary.md": ONE_MET})
    _learner(cohort, "broken", {"minutes.docx": b"PK\x03\x04 cut short"})
    one, two = tmp_path / "one", tmp_path / "two"
    assert _batch(cohort, one, rules, "--jobs", "1") == 1
    out_one = capsys.readouterr()
    assert _batch(cohort, two, rules, "--jobs", "2") == 1
    out_two = capsys.readouterr()
    for name in ("ann", "bob", "broken"):
        assert (one / name / "report.json").read_bytes() == (two / name / "report.json").read_bytes()
    for grid in ("cohort.json", "cohort.csv"):
        assert (one / grid).read_bytes() == (two / grid).read_bytes()
    assert out_one.out.replace(str(one), "OUT") == out_two.out.replace(str(two), "OUT")
    assert sorted(out_one.err.splitlines()) == sorted(out_two.err.splitlines())


def test_batch_bundled_unit_with_broken_learner(capsys, tmp_path):
    cohort = tmp_path / "cohort"
    _learner(cohort, "kim", {"log.txt": "Every Monday I ran a team huddle on conversion rate and coached Sam "
                                        "on handling price objections.\n"})
    _learner(cohort, "lee", {"plan.docx": b"PK\x03\x04 truncated"})
    out = tmp_path / "out"
    assert main(["batch", str(cohort), "--unit", "lead-direct-sales", "--out", str(out)]) == 1
    rows = list(csv.reader(io.StringIO((out / "cohort.csv").read_text(encoding="utf-8"))))
    # fixed columns (with "waived") + the unit's 8 criteria + 6 evidence checks and the shared passages
    assert len(rows) == 3 and len(rows[0]) == 9 + 8 + 7
    assert json.loads((out / "lee" / "report.json").read_text(encoding="utf-8"))["documents"][0]["status"] == "error"


# --- the progress helper --------------------------------------------------------------


def test_progress_enabled_rules():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_enabled(stream=Tty())
    assert not progress_enabled(stream=io.StringIO())
    assert not progress_enabled(quiet=True, stream=Tty())
    assert progress_enabled(force=True, stream=io.StringIO())


def test_progress_bar_draws_when_forced():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system=None)
    with ProgressBar("Checking learners", total=2, force=True, console=console) as bar:
        assert bar.enabled
        bar("ann", 1, 2)
        bar.update("bob", 2, 2)
        bar.print("evidencecheck: bob/x.docx: broken")
    text = buffer.getvalue()
    assert "Checking learners" in text
    assert "evidencecheck: bob/x.docx: broken" in text


def test_progress_bar_silent_when_not_a_terminal(capsys):
    with ProgressBar("Reading files") as bar:  # pytest's captured stderr is not a terminal
        assert not bar.enabled
        bar("a.docx", 0, 1)
        bar.print("a line")
    captured = capsys.readouterr()
    assert captured.err == "a line\n" and captured.out == ""


def test_progress_bar_as_load_portfolio_callback(tmp_path):
    from evidencecheck import load_portfolio

    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.txt").write_text("two", encoding="utf-8")
    buffer = io.StringIO()
    with ProgressBar("Reading", force=True, console=Console(file=buffer, force_terminal=True, width=80)) as bar:
        portfolio = load_portfolio([tmp_path], on_progress=bar)
    assert len(portfolio.documents) == 2
    assert "Reading" in buffer.getvalue()


def test_batch_one_learner_unwritable_others_still_written(capsys, tmp_path, rules):
    cohort = tmp_path / "cohort"
    _learner(cohort, "ann", {"notes.txt": ALL_MET})
    _learner(cohort, "bob", {"diary.md": ONE_MET})
    out = tmp_path / "out"
    out.mkdir()
    (out / "ann").write_text("a file where ann's folder should be", encoding="utf-8")
    assert _batch(cohort, out, rules) == 2
    captured = capsys.readouterr()
    assert "evidencecheck: ann: E301" in captured.err
    assert (out / "bob" / "report.json").is_file()
    page = (out / "cohort.html").read_text(encoding="utf-8")
    assert 'href="bob/report.html"' in page and 'href="ann/report.html"' not in page
