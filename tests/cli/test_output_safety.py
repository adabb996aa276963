"""``check -o``: never harm a file. Format from the extension, refusals, atomic writes, --force."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest

from evidencecheck.cli import main
from evidencecheck.errors import ReportError
from evidencecheck.report import outfile
from evidencecheck.report.outfile import atomic_write, format_for_output, written_by_evidencecheck

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    """A learner's folder: the sample portfolio plus a sibling Word file and notes."""
    folder = tmp_path / "amy"
    for source in SAMPLE.iterdir():
        (folder / source.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "sub").mkdir()
    (folder / "sub" / "minutes.md").write_text("# Team meeting\n\nI briefed the team.\n", encoding="utf-8")
    return folder


def _outputs(folder: Path) -> list[str]:
    files = [str(p) for p in sorted(folder.rglob("*")) if p.is_file()]
    return [*files, str(folder), str(folder / "report.html"), str(folder / "sub" / "report.md"),
            str(folder / "feedback.docx"), str(folder / "sub")]


@pytest.mark.parametrize("extra", [[], ["--allow-output-in-portfolio"], ["--force"],
                                   ["--allow-output-in-portfolio", "--force"], ["--format", "html"]])
def test_no_input_file_changes_whatever_output_is_given(evidence: Path, capsys, extra: list[str]) -> None:
    """The acceptance: the sha256 of every input is unchanged, for every -o aimed at or among the evidence."""
    before = _digests(evidence)
    one_file = evidence / "reflective-account.docx"
    for output in _outputs(evidence):
        for inputs in ([str(evidence)], [str(one_file)]):
            status = main(["check", *inputs, "--unit", UNIT, "-o", output, "--quiet", *extra])
            err = capsys.readouterr().err
            now = _digests(evidence)
            assert {name: now.get(name) for name in before} == before, (output, inputs, extra)
            if Path(output).is_dir() or Path(output).relative_to(evidence).as_posix() in before:
                assert status == 2 and err.startswith("evidencecheck: E30"), (output, err)
    # nothing but reports evidencecheck wrote, and only where it was allowed to
    for name in set(_digests(evidence)) - set(before):
        assert "--allow-output-in-portfolio" in extra and written_by_evidencecheck(evidence / name), name


def test_sibling_of_a_single_evidence_file_is_refused(evidence: Path, capsys) -> None:
    """The reported harm: ``check ONE_FILE -o SIBLING.docx`` overwrote another evidence file with HTML."""
    sibling = evidence / "reflective-account.docx"
    before = sibling.read_bytes()
    assert main(["check", str(evidence / "coaching-log.md"), "--unit", UNIT, "-o", str(sibling)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"evidencecheck: E308 refusing to write the report to {sibling}: it is an evidence file")
    assert sibling.read_bytes() == before
    # a new file beside the evidence would be read as evidence next time
    assert main(["check", str(evidence / "coaching-log.md"), "--unit", UNIT, "-o", str(evidence / "new.html")]) == 2
    assert "E302" in capsys.readouterr().err and not (evidence / "new.html").exists()


def test_symlink_and_hard_link_to_evidence_are_refused(evidence: Path, tmp_path: Path, capsys) -> None:
    target = evidence / "coaching-log.md"
    before = target.read_bytes()
    (tmp_path / "link.md").symlink_to(target)
    os.link(target, tmp_path / "hard.md")
    for output in (tmp_path / "link.md", tmp_path / "hard.md"):
        assert main(["check", str(evidence), "--unit", UNIT, "-o", str(output), "--force"]) == 2
        assert "E308" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_existing_file_not_written_by_evidencecheck_needs_force(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "report.html"
    mine.write_text("<p>my own notes</p>", encoding="utf-8")
    assert main(["check", str(SAMPLE), "--unit", UNIT, "-o", str(mine)]) == 2
    assert capsys.readouterr().err == (f"evidencecheck: E309 refusing to overwrite {mine}: the file exists and was "
                                       "not written by evidencecheck. Choose another name, or pass --force to replace "
                                       "it.\n")
    assert mine.read_text(encoding="utf-8") == "<p>my own notes</p>"
    assert main(["check", str(SAMPLE), "--unit", UNIT, "-o", str(mine), "--force"]) == 1
    assert written_by_evidencecheck(mine)
    # a report evidencecheck wrote is replaced without --force (the redraft loop)
    assert main(["check", str(SAMPLE), "--unit", UNIT, "-o", str(mine)]) == 1


@pytest.mark.parametrize("name, check_content", [
    ("feedback.docx", lambda p: docx.Document(str(p)).core_properties.author == "evidencecheck"),
    ("report.json", lambda p: json.loads(p.read_text(encoding="utf-8"))["schema_version"] == "3"),
    ("report.html", lambda p: p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")),
    ("report.md", lambda p: p.read_text(encoding="utf-8").startswith("# Your evidence check: ")),
    ("report.csv", lambda p: p.read_text(encoding="utf-8").startswith("unit,criterion,status,")),
    ("report.txt", lambda p: p.read_text(encoding="utf-8").startswith("Your evidence check: ")),
])
def test_format_comes_from_the_extension(tmp_path: Path, name: str, check_content) -> None:
    """``-o feedback.docx`` without --format wrote terminal text that Word called corrupt."""
    target = tmp_path / name
    assert main(["check", str(SAMPLE), "--unit", UNIT, "-o", str(target), "--exit-zero"]) == 0
    assert check_content(target)
    assert written_by_evidencecheck(target)
    if name.endswith(".docx"):
        assert zipfile.is_zipfile(target)


def test_format_and_extension_that_disagree_are_a_usage_error(tmp_path: Path, capsys) -> None:
    target = tmp_path / "feedback.docx"
    assert main(["check", str(SAMPLE), "--unit", UNIT, "--format", "terminal", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"evidencecheck: E310 --format terminal does not match the output file {target}, whose extension .docx "
        "means --format docx. Change the extension, or leave out --format and let the extension decide.\n")
    assert not target.exists()
    assert main(["check", str(SAMPLE), "--unit", UNIT, "-o", str(tmp_path / "feedback.pdf")]) == 2
    assert "E311 evidencecheck cannot write a .pdf file" in capsys.readouterr().err
    assert main(["check", str(SAMPLE), "--unit", UNIT, "--format", "docx"]) == 2
    assert "E312 --format docx needs --output FILE.docx" in capsys.readouterr().err


@pytest.mark.parametrize("path, fmt, expected", [
    ("a.json", None, "json"), ("a.HTML", None, "html"), ("a.htm", None, "html"), ("a.md", None, "markdown"),
    ("a.markdown", None, "markdown"), ("a.csv", None, "csv"), ("a.docx", None, "docx"), ("a.txt", None, "terminal"),
    ("report", None, "terminal"), ("report", "json", "json"), ("a.docx", "docx", "docx"),
])
def test_format_for_output(path: str, fmt: str | None, expected: str) -> None:
    assert format_for_output(path, fmt) == expected


@pytest.mark.parametrize("path, fmt, code", [("a.doc", None, "E311"), ("a.pdf", "html", "E311"),
                                             ("a.md", "html", "E310"), ("a.txt", "json", "E310")])
def test_format_for_output_refuses(path: str, fmt: str | None, code: str) -> None:
    with pytest.raises(ReportError) as info:
        format_for_output(path, fmt)
    assert info.value.code == code


def test_failed_write_leaves_no_half_file_and_keeps_the_old_one(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text('{"tool": {"name": "evidencecheck"}}', encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outfile.os, "replace", boom)
    with pytest.raises(ReportError) as info:
        atomic_write(target, "new content")
    assert info.value.code == "E301" and "No space left on device" in str(info.value)
    assert target.read_text(encoding="utf-8") == '{"tool": {"name": "evidencecheck"}}'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_atomic_write_keeps_the_replaced_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and (target.stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize("content, ours", [
    (b'{"schema_version": "2", "tool": {"name": "evidencecheck", "version": "0.1.0"}}', True),
    (b'{"tool": {"name": "other"}}', False),
    (b"<!DOCTYPE html>\n<html><head><meta name=\"generator\" content=\"evidencecheck 0.1.0\">", True),
    (b"<!DOCTYPE html><html><body>mine</body></html>", False),
    (b"unit,criterion,status,confidence\r\n", True),
    (b"learner,risk,met,at_risk,missing\r\n", True),
    (b"name,score\r\n", False),
    (b"# Notes\n\nMade by evidencecheck 0.1.0.\n", True),
    (b"# My own notes mention evidencecheck\n", False),
    (b"", False),
    (b"PK\x03\x04 not a zip", False),
])
def test_written_by_evidencecheck_judges_by_content(tmp_path: Path, content: bytes, ours: bool) -> None:
    path = tmp_path / "file"
    path.write_bytes(content)
    assert written_by_evidencecheck(path) is ours


def test_a_word_file_not_made_by_evidencecheck_is_not_ours(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Amy"
    document.add_paragraph("My reflective account")
    document.save(str(tmp_path / "mine.docx"))
    assert not written_by_evidencecheck(tmp_path / "mine.docx")


def test_new_report_files_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    atomic_write(target, "text")
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temporary file's 0600


def test_batch_does_not_replace_a_file_it_did_not_write(tmp_path: Path, capsys) -> None:
    cohort = tmp_path / "cohort"
    (cohort / "amy").mkdir(parents=True)
    (cohort / "amy" / "notes.txt").write_text("I coached Priya on 4 March.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "cohort.html").write_text("<p>the centre's own page</p>", encoding="utf-8")
    args = ["batch", str(cohort), "--unit", UNIT, "--out", str(out), "--quiet"]
    assert main(args) == 2
    assert "E309 refusing to overwrite" in capsys.readouterr().err
    assert (out / "cohort.html").read_text(encoding="utf-8") == "<p>the centre's own page</p>"
    assert not (out / "amy").exists()  # refused before any work
    assert main([*args, "--force"]) == 1
    assert written_by_evidencecheck(out / "cohort.html")
    assert main(args) == 1  # its own files from the last run are replaced without --force
