from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from evidencecheck.cli import extract

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="evidencecheck")
    extract.register(parser.add_subparsers())
    args = parser.parse_args(["extract", *argv])
    return args.func(args)


def test_extract_text_shows_locations_and_kinds(capsys):
    assert _run([str(FIXTURES / "rich.docx")]) == 0
    out = capsys.readouterr().out.splitlines()
    name = str(FIXTURES / "rich.docx")
    for line in [
        f"{name}  header [header] Header: Northgate Contact Centre portfolio",
        f"{name}  paragraph 1 [heading 1] # Reflective account",
        f"{name}  paragraph 3 [paragraph] We now hold weekly huddles.",
        f"{name}  text box [text_box] Text box: call volumes rose 12% in March.",
        f"{name}  table 1, row 3, column 3 [table_cell] 78%",
        f"{name}  footer [footer] Footer: confidential learner evidence",
    ]:
        assert line in out


def test_extract_pdf_shows_pages_and_warnings(capsys):
    assert _run([str(FIXTURES / "rich.pdf")]) == 0
    captured = capsys.readouterr()
    assert "page 1, table 1, row 2, column 1 [table_cell] Handle time" in captured.out
    assert "page 2, paragraph 1 [paragraph] Second page text about coaching sessions." in captured.out
    assert "W201 page 3" in captured.err


def test_extract_json_lists_documents_failures_and_skipped(capsys):
    assert _run(["--format", "json", str(FIXTURES / "broken-folder")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["path"] for d in data["documents"]] == ["good.docx"]
    block = next(b for b in data["documents"][0]["blocks"] if b["text"] == "78%")
    assert block["location"] == "table 1, row 3, column 3"
    assert block["kind"] == "table_cell"
    assert block["column_header"] == "March"
    assert [f["code"] for f in data["failures"]] == ["E202", "E206", "E205", "E204"]
    assert [s["path"] for s in data["skipped"]] == ["~$lock-file.docx"]


@pytest.mark.parametrize(
    "argv, status",
    [
        ([str(FIXTURES / "sample-portfolio")], 0),
        ([str(FIXTURES / "rich.pdf"), str(FIXTURES / "truncated.docx")], 1),
        ([str(FIXTURES / "empty.txt")], 2),
        ([str(FIXTURES / "encrypted.pdf")], 2),
        ([str(FIXTURES / "encrypted.pdf"), "--password", "secret"], 0),
    ],
    ids=["all-read", "some-failed", "nothing-usable", "encrypted", "password"],
)
def test_extract_exit_status(capsys, argv, status):
    assert _run(argv) == status


def test_extract_errors_go_to_stderr(capsys):
    _run([str(FIXTURES / "truncated.docx")])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "E204" in captured.err


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_extract_pdf_backend_option_reads_the_same_text(capsys, backend):
    assert _run([str(FIXTURES / "rich.pdf"), "--pdf-backend", backend, "--format", "json", "--no-cache"]) == 0
    blocks = json.loads(capsys.readouterr().out)["documents"][0]["blocks"]
    assert [b["text"] for b in blocks][:2] == [
        "Witness testimony", "I have managed the learner for two years on the billing queue."]


def test_extract_unknown_pdf_backend_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        _run([str(FIXTURES / "rich.pdf"), "--pdf-backend", "ocr"])
    assert "invalid choice: 'ocr'" in capsys.readouterr().err


def test_extract_fills_the_cache_unless_told_not_to(capsys, tmp_path, monkeypatch):
    from evidencecheck.parsers import cache as parse_cache
    from evidencecheck.parsers.cache import CACHE_ENV

    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    # files in the system's temporary folder are never cached; the checkout may be there (CI)
    monkeypatch.setattr(parse_cache, "_in_temp_folder", lambda path: False)
    assert _run([str(FIXTURES / "rich.docx"), "--no-cache"]) == 0
    assert not cache.exists()
    assert _run([str(FIXTURES / "rich.docx")]) == 0
    assert len(list(cache.glob("*/*.json"))) == 1
    capsys.readouterr()
    assert _run([str(FIXTURES / "rich.docx"), "--no-cache"]) == 0
    fresh = capsys.readouterr().out
    assert _run([str(FIXTURES / "rich.docx")]) == 0  # from the cache: the same lines
    assert capsys.readouterr().out == fresh
