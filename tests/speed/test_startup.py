"""Start-up: the commands that only print import no spaCy; the parse worker starts without waiting."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from evidencecheck.parsers.isolation import IsolatedParser

# Runs each command in one fresh interpreter and prints the heavy modules it imported.
_PROBE = """
import contextlib, io, sys
from evidencecheck.cli import main
for argv in (["--help"], ["--version"], ["check", "--help"], ["batch", "--help"], ["rules", "list"]):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            main(argv)
        except SystemExit:
            pass
    heavy = sorted(m for m in ("spacy", "thinc", "pdfplumber", "pypdfium2") if m in sys.modules)
    print(" ".join(argv), "|", ",".join(heavy), "|", len(out.getvalue()))
"""


def test_printing_commands_import_no_spacy() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    lines = [line.split(" | ") for line in run.stdout.strip().splitlines()]
    assert [argv for argv, _, _ in lines] == ["--help", "--version", "check --help", "batch --help", "rules list"]
    assert all(heavy == "" for _, heavy, _ in lines), lines
    assert all(int(size) > 0 for _, _, size in lines)  # each printed something


def test_rules_list_still_reports_an_invalid_rule_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from evidencecheck.cli import main

    (tmp_path / "broken-unit.yaml").write_text("id: broken-unit\ntitle: x\n", encoding="utf-8")
    assert main(["rules", "list", "--rules", str(tmp_path)]) == 2
    assert "broken-unit" in capsys.readouterr().out


def test_command_line_copies_of_format_names_match_their_modules() -> None:
    from evidencecheck.cli import batch, diff
    from evidencecheck.cohort import DEFAULT_FORMATS
    from evidencecheck.report.diff_view import DIFF_FORMATS

    assert diff.DIFF_FORMATS == DIFF_FORMATS
    assert batch.DEFAULT_FORMATS == DEFAULT_FORMATS


def test_started_worker_boots_in_the_background_and_then_parses(tmp_path: Path) -> None:
    evidence = tmp_path / "note.txt"
    evidence.write_text("I coached Priya on call handling.\n", encoding="utf-8")
    with IsolatedParser() as parser:
        began = time.perf_counter()
        parser.start(preload=("docx",))
        returned = time.perf_counter() - began
        pid = parser.pid
        assert pid is not None and parser.started == 1
        doc = parser.parse(evidence)
        assert parser.pid == pid and parser.started == 1  # the started worker did the work
        parser.start()  # a running worker is kept
        assert parser.pid == pid
    assert "coached Priya" in doc.blocks[0].text
    assert returned < 0.5  # it did not wait for the interpreter to boot


def test_batch_worker_warm_up_never_raises_and_fills_the_caches(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from evidencecheck.cohort import batch
    from evidencecheck.nlp import compile as compiled
    from evidencecheck.parsers import isolation

    started: list[tuple[str, ...]] = []
    monkeypatch.setattr(isolation.IsolatedParser, "start",
                        lambda self, *, preload=(): started.append(preload))
    batch.warm_worker("no-such-unit", (), "blank:en")  # the first learner's check reports it
    batch.warm_worker("lead-team-improve-service", (), "")  # another checker: nothing warmed
    assert started == [("pypdfium2", "docx")]
    from evidencecheck.nlp.pipeline import get_nlp
    from evidencecheck.rules.registry import load_unit

    compiled._compiled.clear()
    batch.warm_worker("lead-team-improve-service", (), "blank:en")
    assert (id(load_unit("lead-team-improve-service")), id(get_nlp("blank:en"))) in compiled._compiled


def test_check_reads_files_while_the_pipeline_is_prepared(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from evidencecheck import api

    (tmp_path / "notes.txt").write_text("In March I coached Priya and we agreed two actions.\n", encoding="utf-8")
    threads: dict[str, str] = {}
    real_load, real_compile = api.load_portfolio, api.compile_ruleset

    def load(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads["read"] = threading.current_thread().name
        return real_load(*args, **kwargs)

    def compile_(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads["compile"] = threading.current_thread().name
        return real_compile(*args, **kwargs)

    monkeypatch.setattr(api, "load_portfolio", load)
    monkeypatch.setattr(api, "compile_ruleset", compile_)
    report = api.check([tmp_path], unit="lead-team-improve-service", model="blank:en")
    assert threads["read"].startswith("evidencecheck-read") and threads["compile"] == threading.current_thread().name
    expected = api.check_portfolio(real_load([tmp_path]), ruleset=api.load_unit("lead-team-improve-service"),
                                   model="blank:en")
    assert report.model_dump_json() == expected.model_dump_json()


_RULES_PROBE = """
import sys
from evidencecheck.rules.registry import load_unit
ruleset = load_unit("lead-direct-sales")
print(len(ruleset.criteria), "spacy.lang.en" in sys.modules)
"""


def test_loading_a_rule_set_builds_no_english_pipeline() -> None:
    # Validating a rule file's token and dependency patterns needs only a vocabulary: building
    # spaCy's English language (its tokenizer and exceptions) cost every cold check 0.15 s.
    run = subprocess.run([sys.executable, "-c", _RULES_PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    count, english = run.stdout.split()
    assert int(count) > 0
    assert english == "False"
