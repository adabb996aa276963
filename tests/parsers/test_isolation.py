"""The parser worker process: time and memory limits, crashes, reuse, clean-up, nesting."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from evidencecheck import errors
from evidencecheck.cli import main
from evidencecheck.errors import (
    CorruptDocument,
    DocumentError,
    EncryptedDocument,
    ExtractionTimeout,
)
from evidencecheck.limits import Limits, megabytes, seconds
from evidencecheck.parsers import parse
from evidencecheck.parsers.isolation import (
    IsolatedParser,
    WorkerUnavailable,
    close_shared_parser,
    crash_error,
    format_bytes,
    shared_parser,
)
from evidencecheck.portfolio import load_portfolio

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parents[1] / "fixtures"
SLACK = 10.0  # seconds allowed beyond a time limit on a slow, busy machine


def helper(name: str):
    """A function of isolation_helpers (importable once the autouse fixture has run)."""
    import importlib

    return getattr(importlib.import_module("isolation_helpers"), name)


@pytest.fixture(autouse=True)
def _helpers_importable(monkeypatch):
    # the worker inherits sys.path, so it can import isolation_helpers too
    monkeypatch.syspath_prepend(str(HERE))


@pytest.fixture
def parser():
    with IsolatedParser(fallback=False) as p:
        yield p
    assert p.pid is None


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie, waiting to be reaped by someone else, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_isolation_worker_is_started_once_and_reused(parser):
    docs = [parser.parse(FIXTURES / name) for name in ("rich.pdf", "rich.docx", "bom.md", "windows-1252.txt")]
    assert parser.started == 1
    assert docs == [parse(FIXTURES / name) for name in ("rich.pdf", "rich.docx", "bom.md", "windows-1252.txt")]
    assert parser.run("isolation_helpers:whoami", "x") == parser.pid != os.getpid()
    assert parser.run(helper("whoami"), "x") == parser.pid  # a function is named for the worker


def test_isolation_document_errors_cross_the_process_boundary_intact(parser):
    with pytest.raises(EncryptedDocument) as isolated:
        parser.parse(FIXTURES / "encrypted.pdf", display="locked.pdf")
    with pytest.raises(EncryptedDocument) as local:
        parse(FIXTURES / "encrypted.pdf", display="locked.pdf")
    assert (isolated.value.code, isolated.value.path, str(isolated.value)) == (
        local.value.code, local.value.path, str(local.value))
    assert parser.parse(FIXTURES / "encrypted.pdf", password="secret").blocks  # and the worker carries on
    assert parser.started == 1


@pytest.mark.parametrize("cls", [
    errors.DocumentError, errors.UnsupportedFormat, errors.EncryptedDocument, errors.DocumentTooLarge,
    errors.CorruptDocument, errors.ExtractionTimeout,
])
def test_isolation_every_document_error_pickles(cls):
    err = cls("E211", "a/b.pdf", detail="PSEOF: Unexpected EOF")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.code, back.path, back.detail, back.values, str(back)) == (
        err.code, err.path, err.detail, err.values, str(err))


def test_isolation_other_errors_pickle():
    for err in (errors.ReportError("E301", path="r.json", detail="disk full"),
                errors.UnknownUnitError("nope", ["a", "b"]), errors.RuleSetError("bad rule")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.code == err.code


@pytest.mark.parametrize("target", ["spin", "sleep"])
def test_isolation_timeout_stops_the_worker_and_the_next_file_is_read(parser, target):
    parser.parse(FIXTURES / "bom.md")
    first = parser.pid
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout) as info:
        parser.run(f"isolation_helpers:{target}", "stuck.pdf", limits=Limits(timeout=1.0), name="stuck.pdf")
    elapsed = time.monotonic() - started
    assert info.value.code == "E212"
    assert str(info.value) == ("stuck.pdf: E212 reading the file took longer than 1 s and was stopped. "
                               "Check the file, or raise the time limit.")
    # the worker's own alarm stops it at 0.9 s (to reply with any pages read); the parent kills at 1 s
    assert 0.9 <= elapsed < 1.0 + SLACK
    assert parser.pid is None and not _alive(first)  # killed and reaped
    assert parser.parse(FIXTURES / "rich.docx").title == "Rich evidence sample"
    assert parser.started == 2 and parser.pid != first


def test_isolation_memory_limit_is_e213_and_the_worker_is_replaced(parser):
    pytest.importorskip("resource")  # RLIMIT_AS does not exist on Windows
    parser.parse(FIXTURES / "bom.md")
    first = parser.pid
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout) as info:
        parser.run("isolation_helpers:eat_memory", "big.docx", limits=Limits(max_memory=400 * 1024 * 1024),
                   name="big.docx")
    assert time.monotonic() - started < SLACK
    assert info.value.code == "E213"
    assert "more than 400 MiB of memory" in str(info.value)
    assert not _alive(first)
    assert parser.parse(FIXTURES / "rich.pdf").pages == 3


@pytest.mark.parametrize("target, detail", [
    ("segfault", "the reader crashed on it (SIGSEGV)"),
    ("exit_abruptly", "the reader stopped unexpectedly on it (exit status 3)"),
])
def test_isolation_crashed_worker_is_e217_and_replaced(parser, target, detail):
    if target == "segfault" and not hasattr(signal, "SIGSEGV"):
        pytest.skip("no signals here")
    with pytest.raises(CorruptDocument) as info:
        parser.run(f"isolation_helpers:{target}", "x.pdf", name="x.pdf")
    assert info.value.code == "E217"
    assert detail in str(info.value)
    assert parser.parse(FIXTURES / "bom.md").title == "Coaching notes"
    assert parser.started == 2


@pytest.mark.parametrize("target, detail", [
    ("raise_key_error", "its content could not be interpreted"),
    ("raise_assertion", "its content could not be interpreted"),
    ("recurse", "the document is nested too deeply"),
])
def test_isolation_any_exception_becomes_e217_and_the_worker_survives(parser, target, detail):
    with pytest.raises(CorruptDocument) as info:
        parser.run(f"isolation_helpers:{target}", "x.pdf", name="x.pdf")
    assert info.value.code == "E217" and detail in str(info.value)
    # no library internals in what a learner reads (issue 9/9 item 8)
    assert "Error" not in str(info.value) and "/Root" not in str(info.value)
    assert parser.parse(FIXTURES / "bom.md").blocks
    assert parser.started == 1


def test_isolation_printing_library_cannot_garble_replies(parser, capfd):
    assert parser.run("isolation_helpers:chatty", "x") == "read"
    assert parser.parse(FIXTURES / "bom.md").title == "Coaching notes"
    assert "a library that prints" in capfd.readouterr().err  # sent to standard error instead


def test_isolation_close_leaves_no_process_and_parser_can_restart():
    parser = IsolatedParser(fallback=False)
    parser.parse(FIXTURES / "bom.md")
    pid = parser.pid
    assert pid is not None and _alive(pid)
    parser.close()
    assert parser.pid is None and not _alive(pid)
    assert multiprocessing.active_children() == []
    parser.parse(FIXTURES / "bom.md")  # starts a new worker
    assert parser.started == 2
    parser.close()


def test_isolation_worker_exits_when_its_parent_is_killed(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        from evidencecheck.parsers.isolation import IsolatedParser
        parser = IsolatedParser(fallback=False)
        parser.parse({str(FIXTURES / "bom.md")!r})
        print(parser.pid, flush=True)
        parser.run("isolation_helpers:spin", "x", name="x")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        worker = int(proc.stdout.readline())
        assert _alive(worker)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    deadline = time.monotonic() + SLACK
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


@pytest.mark.parametrize("pool", ["ProcessPoolExecutor", "multiprocessing.Pool"])
def test_isolation_works_inside_a_spawned_pool_worker(pool):
    # multiprocessing.Pool workers are daemonic and may not start multiprocessing
    # children; the worker is a plain subprocess, so it still works there.
    ctx = multiprocessing.get_context("spawn")
    args = (str(FIXTURES / "rich.docx"), 1.0)
    if pool == "ProcessPoolExecutor":
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
            result = ex.submit(_call_helper, *args).result(timeout=120)
    else:
        with ctx.Pool(1) as p:
            result = p.apply_async(_call_helper, args).get(timeout=120)
    assert result == ("Rich evidence sample", "E212")


def _call_helper(path: str, timeout: float) -> tuple[str, str]:
    sys.path.insert(0, str(HERE))
    import isolation_helpers

    return isolation_helpers.parse_in_child(path, timeout)


def test_isolation_falls_back_in_process_when_no_worker_can_start(monkeypatch, caplog):
    monkeypatch.setattr(sys, "executable", "")
    with pytest.raises(WorkerUnavailable):
        IsolatedParser(fallback=False).parse(FIXTURES / "bom.md")
    with caplog.at_level(logging.WARNING, logger="evidencecheck"), IsolatedParser() as parser:
        assert parser.parse(FIXTURES / "bom.md").title == "Coaching notes"
        with pytest.raises(CorruptDocument):
            parser.parse(FIXTURES / "empty.txt")
        assert parser.pid is None and parser.started == 0
    assert sum("without time or memory limits" in r.message for r in caplog.records) == 1


def test_isolation_crash_near_the_memory_limit_is_e213(parser):
    pytest.importorskip("resource")
    if not Path("/proc/self/status").exists():
        pytest.skip("the worker's memory is read from /proc")
    with pytest.raises(ExtractionTimeout) as info:
        parser.run("isolation_helpers:grow_then_segfault", "big.pdf", limits=Limits(max_memory=400 * 1024 * 1024),
                   name="big.pdf")
    assert info.value.code == "E213" and "more than 400 MiB" in str(info.value)
    assert parser.parse(FIXTURES / "bom.md").blocks


def test_isolation_crash_error_mapping():
    assert crash_error("a.pdf", -signal.SIGKILL).code == "E213"
    assert "SIGABRT" in str(crash_error("a.pdf", -signal.SIGABRT))
    assert crash_error("a.pdf", -signal.SIGSEGV).code == "E217"
    assert str(crash_error("a.pdf", -signal.SIGSEGV, memory_limit=2**30)).endswith("more than 1 GiB of memory and was stopped.")
    assert crash_error("a.pdf", 1, memory_limit=2**30).code == "E217"  # an ordinary exit is not the limit
    assert "exit status 1" in str(crash_error("a.pdf", 1))


@pytest.mark.parametrize("size, text", [(1536 * 1024 * 1024, "1.5 GiB"), (300 * 1024 * 1024, "300 MiB"),
                                        (64 * 1024 * 1024, "64 MiB"), (512, "512 bytes")])
def test_isolation_format_bytes(size, text):
    assert format_bytes(size) == text


# --- load_portfolio ---------------------------------------------------------------
# These are about the worker: the parse cache would answer repeated files without it.
NO_CACHE = Limits(cache=False)


def test_load_portfolio_hanging_file_is_e212_and_the_others_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr("evidencecheck.portfolio._load_one", helper("load_or_hang"))
    for name in ("a.md", "hang.md", "z.md"):
        (tmp_path / name).write_text(f"# {name}\n\nI coached the team.\n", encoding="utf-8")
    started = time.monotonic()
    portfolio = load_portfolio([tmp_path], limits=Limits(timeout=1.0, cache=False))
    assert time.monotonic() - started < 1.0 + SLACK
    assert [d.path for d in portfolio.documents] == ["a.md", "z.md"]
    assert [(f.path, f.code, f.format) for f in portfolio.failures] == [("hang.md", "E212", "md")]
    assert portfolio.failures[0].message.startswith("E212 reading the file took longer than 1 s")


def test_load_portfolio_isolated_and_in_process_agree():
    paths = [FIXTURES / "sample-portfolio", FIXTURES / "broken-folder"]
    assert load_portfolio(paths, limits=NO_CACHE) == load_portfolio(paths, isolate=False, limits=NO_CACHE)


def test_load_portfolio_shares_one_worker_per_thread_across_calls():
    import gc
    import threading

    close_shared_parser()
    load_portfolio([FIXTURES / "sample-portfolio"], limits=NO_CACHE)
    shared = shared_parser()
    pid, started = shared.pid, shared.started
    load_portfolio([FIXTURES / "broken-folder"], limits=NO_CACHE)
    assert shared_parser() is shared and shared.pid == pid and shared.started == started
    other: list[int] = []

    def in_thread() -> None:
        load_portfolio([FIXTURES / "bom.md"], limits=NO_CACHE)
        other.append(shared_parser().pid)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    gc.collect()
    assert other[0] != pid
    assert not _alive(other[0])  # the thread's worker went with the thread
    close_shared_parser()
    assert not _alive(pid) and shared.pid is None


def test_worker_is_not_stopped_by_a_forked_copy_of_its_owner(monkeypatch):
    parent = shared_parser()
    with IsolatedParser(fallback=False) as parser:
        parser.parse(FIXTURES / "bom.md")
        worker = parser._worker
        monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a child made by os.fork()
        assert shared_parser() is not parent
        worker.stop()
        assert _alive(worker.pid)  # the worker belongs to the parent
        monkeypatch.undo()
    assert not _alive(worker.pid)


def test_load_portfolio_reuses_a_given_worker_and_leaves_it_running():
    with IsolatedParser(fallback=False) as parser:
        load_portfolio([FIXTURES / "sample-portfolio"], parser=parser, limits=NO_CACHE)
        pid = parser.pid
        load_portfolio([FIXTURES / "broken-folder"], parser=parser, limits=NO_CACHE)
        assert parser.pid == pid and _alive(pid) and parser.started == 1
    assert not _alive(pid)


# --- command line -------------------------------------------------------------------

def test_cli_limit_options_parse():
    assert seconds("2.5") == 2.5
    assert megabytes("300") == 300 * 1024 * 1024
    for bad in ("0", "-1", "soon"):
        with pytest.raises(ValueError):
            seconds(bad)
    with pytest.raises(ValueError):
        megabytes("1.5")


@pytest.mark.parametrize("option", ["--timeout=0", "--max-memory=-5", "--timeout=soon"])
def test_cli_bad_limit_option_is_usage_error(capsys, option):
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(FIXTURES / "bom.md"), option])
    assert exc.value.code == 2
    assert "invalid" in capsys.readouterr().err


def test_cli_extract_timeout_applies(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("evidencecheck.portfolio._load_one", helper("load_or_hang"))
    (tmp_path / "good.md").write_text("# Notes\n\nI coached Sam.\n", encoding="utf-8")
    (tmp_path / "hang.pdf").write_bytes(b"%PDF-1.4\n")
    status = main(["extract", str(tmp_path), "--timeout", "1", "--max-memory", "1024"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "good.md  paragraph 2 [paragraph] I coached Sam." in out
    assert "hang.pdf: E212 reading the file took longer than 1 s" in err


def test_document_error_with_path():
    err = CorruptDocument("E214", detail="bad bytes")
    assert str(err.with_path("notes.txt")) == "notes.txt: " + str(err)
    assert isinstance(err.with_path("x"), DocumentError)
