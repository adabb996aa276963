"""Hostile and damaged evidence: nothing crashes, nothing hangs, nothing is lost.

Every case is generated here (see ``hostile_cases``) inside a portfolio folder
next to good files. Each test asserts the exact outcome (an error code, or what
was read), that the good files were still read, that the time stayed bounded,
and (through the ``inputs`` fixture) that every input is byte-identical after.
"""

from __future__ import annotations

import json
import os
import stat
import time

import hostile_cases as hc
import pytest

from evidencecheck.cli import main
from evidencecheck.limits import Limits
from evidencecheck.portfolio import load_portfolio

BOUND = 30.0  # seconds any one case may take, generous for a busy CI machine
GOOD = {"good.docx": hc.good_docx, "good.md": hc.good_md, "good.pdf": hc.good_pdf}
UNIT = "lead-team-improve-service"


def _add_good(inputs) -> None:
    for name, build in GOOD.items():
        inputs.write(name, build())


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_hostile_cases_have_unique_ids_and_names():
    assert len({c.id for c in hc.CASES}) == len(hc.CASES)
    names = [c.filename for c in hc.CASES]
    assert len(set(names)) == len(names)
    assert not set(names) & set(GOOD)


@pytest.mark.parametrize("case", hc.CASES, ids=[c.id for c in hc.CASES])
def test_hostile_input(case, inputs, worker):
    _add_good(inputs)
    inputs.write(case.filename, case.build())
    inputs.seal()
    started = time.monotonic()
    portfolio = load_portfolio([inputs.folder], parser=worker)
    assert time.monotonic() - started < BOUND
    documents = {d.path: d for d in portfolio.documents}
    failures = {f.path: f for f in portfolio.failures}
    assert set(GOOD) <= set(documents), failures  # the other files were still checked
    if case.code:
        assert list(failures) == [case.filename]
        failure = failures[case.filename]
        assert failure.code == case.code, failure.message
        assert failure.message.startswith(f"{case.code} ")
        if case.phrase:
            assert case.phrase in failure.message
    else:
        assert failures == {}
        assert case.check is not None
        case.check(documents[case.filename])


def test_hostile_slow_pdf_is_stopped_at_the_time_limit(inputs, worker):
    _add_good(inputs)
    inputs.write("slow.pdf", hc.pdf_slow())
    inputs.write("zz-after.md", hc.good_md("Read after the slow file"))
    inputs.seal()
    started = time.monotonic()
    portfolio = load_portfolio([inputs.folder], limits=Limits(timeout=2.0), parser=worker)
    assert time.monotonic() - started < 2.0 + BOUND
    assert [(f.path, f.code) for f in portfolio.failures] == [("slow.pdf", "E212")]
    assert "took longer than 2 s" in portfolio.failures[0].message
    assert [d.path for d in portfolio.documents] == ["good.docx", "good.md", "good.pdf", "zz-after.md"]


def test_hostile_memory_hungry_docx_is_stopped_at_the_memory_limit(inputs):
    pytest.importorskip("resource")  # no RLIMIT_AS on Windows
    _add_good(inputs)
    inputs.write("huge.docx", hc.docx_huge_text(150_000))
    inputs.seal()
    started = time.monotonic()
    portfolio = load_portfolio([inputs.folder], limits=Limits(max_memory=200 * 1024 * 1024))
    assert time.monotonic() - started < BOUND
    assert [(f.path, f.code) for f in portfolio.failures] == [("huge.docx", "E213")]
    assert "more than 200 MiB of memory" in portfolio.failures[0].message
    assert sorted(d.path for d in portfolio.documents) == sorted(GOOD)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_hostile_special_files_never_block(inputs, worker):
    _add_good(inputs)
    os.mkfifo(inputs.folder / "pipe.md")  # opening it for reading would wait for ever
    os.mkfifo(inputs.folder / "pipe.unknown")
    os.symlink("loop-b.md", inputs.folder / "loop-a.md")
    os.symlink("loop-a.md", inputs.folder / "loop-b.md")
    os.symlink("nowhere.pdf", inputs.folder / "dangling.pdf")
    inputs.seal()
    started = time.monotonic()
    portfolio = load_portfolio([inputs.folder], parser=worker)
    assert time.monotonic() - started < BOUND
    assert [(f.path, f.code) for f in portfolio.failures] == [
        ("dangling.pdf", "E201"), ("loop-a.md", "E216"), ("loop-b.md", "E216"),
        ("pipe.md", "E216"), ("pipe.unknown", "E216"),
    ]
    assert "not a regular file" in portfolio.failures[3].message
    assert sorted(d.path for d in portfolio.documents) == sorted(GOOD)


def test_hostile_odd_file_names_are_read_and_printable(inputs, worker):
    names = ["caf\u00e9 na\u00efve \U0001F600.md", "notes\u202egpj.md", "line\nbreak.md", "  spaced  .md",
             "cafe\u0301-nfd.md"]
    for name in names:
        inputs.write(name, hc.good_md(name))
    raw = os.fsencode(inputs.folder) + b"/bad-\xff\xfe.md"
    if os.name == "posix" and os.uname().sysname == "Linux":  # other systems refuse such names
        with open(raw, "wb") as fh:
            fh.write(hc.good_md("bytes"))
    inputs.seal()
    portfolio = load_portfolio([inputs.folder], parser=worker)
    assert portfolio.failures == ()
    paths = [d.path for d in portfolio.documents]
    assert set(names) <= set(paths)
    for path in paths:
        path.encode("utf-8")  # printable in any report
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert "bad-\\xff\\xfe.md" in paths


def _folder_of_50(inputs) -> dict[str, str]:
    """46 good files of four kinds and 4 broken ones; returns the broken names and codes."""
    for n in range(46):
        kind = ("docx", "pdf", "md", "txt")[n % 4]
        text = f"Evidence {n}: I coached adviser {n} and agreed a target of {50 + n}%."
        data = {"docx": lambda: hc.good_docx(text), "pdf": lambda: hc.good_pdf(text),
                "md": lambda: f"# Note {n}\n\n{text}\n".encode(), "txt": lambda: text.encode()}[kind]()
        inputs.write(f"evidence-{n:02d}.{kind}", data)
    broken = {"evidence-07-cut.docx": ("E204", hc.truncated(hc.good_docx, 0.5)),
              "evidence-19-locked.pdf": ("E206", hc.pdf_encrypted("AES-256")),
              "evidence-23-old.doc": ("E203", hc.ole_word_97),
              "evidence-41-bomb.docx": ("E209", hc.zip_bomb_ratio)}
    for name, (_code, build) in broken.items():
        inputs.write(name, build())
    return {name: code for name, (code, _build) in broken.items()}


def test_hostile_folder_of_50_files_with_4_broken(inputs):
    broken = _folder_of_50(inputs)
    assert len(inputs.seal()) == 50
    started = time.monotonic()
    portfolio = load_portfolio([inputs.folder])
    assert time.monotonic() - started < BOUND
    assert {f.path: f.code for f in portfolio.failures} == broken
    assert len(portfolio.documents) == 46
    assert [d.path for d in portfolio.documents] == sorted(d.path for d in portfolio.documents)
    assert all(d.words >= 10 for d in portfolio.documents)


@pytest.mark.skipif(_root(), reason="root ignores file permissions, so a read-only folder proves nothing")
def test_hostile_read_only_portfolio_folder_works(inputs, tmp_path, capsys):
    broken = _folder_of_50(inputs)
    (inputs.folder / "sub").mkdir()
    inputs.write("sub/inner.md", hc.good_md("Inner"))
    inputs.seal()
    folders = [inputs.folder, inputs.folder / "sub"]
    files = [p for p in inputs.folder.rglob("*") if p.is_file()]
    try:
        for file in files:
            file.chmod(0o444)
        for folder in folders:
            folder.chmod(0o555)
        portfolio = load_portfolio([inputs.folder])
        assert {f.path: f.code for f in portfolio.failures} == broken
        assert len(portfolio.documents) == 47
        out = tmp_path / "report.json"
        status = main(["check", str(inputs.folder), "--unit", UNIT, "--format", "json", "--output", str(out),
                       "--exit-zero"])
        assert status == 0 and json.loads(out.read_text(encoding="utf-8"))["documents"]
    finally:
        for folder in folders:
            folder.chmod(0o755)
        for file in files:
            file.chmod(0o644)


@pytest.mark.skipif(_root(), reason="root can list any folder")
def test_hostile_unlistable_subfolder_is_reported_not_skipped(inputs):
    _add_good(inputs)
    inputs.write("private/secret.md", hc.good_md("Hidden"))
    inputs.seal()
    private = inputs.folder / "private"
    private.chmod(0)
    try:
        portfolio = load_portfolio([inputs.folder])
    finally:
        private.chmod(0o755)
    assert [(f.path, f.code) for f in portfolio.failures] == [("private", "E216")]
    assert "could not be listed" in portfolio.failures[0].message
    assert sorted(d.path for d in portfolio.documents) == sorted(GOOD)


def test_hostile_cli_check_on_a_folder_of_every_case(inputs, tmp_path, capsys):
    _add_good(inputs)
    inputs.write("witness.pdf", hc.good_pdf("Witness: I watched her coach Sam on call control every week."))
    inputs.write("notes \U0001F600.md", hc.good_md("Odd name"))
    for case in hc.CASES:
        inputs.write(case.filename, case.build())
    inputs.write("slow.pdf", hc.pdf_slow())
    inputs.seal()
    out = tmp_path / "report.json"  # outside the portfolio
    started = time.monotonic()
    status = main(["check", str(inputs.folder), "--unit", UNIT, "--format", "json", "--output", str(out),
                   "--exit-zero", "--timeout", "3"])
    assert time.monotonic() - started < 60 + BOUND
    assert status == 0
    _out, err = capsys.readouterr()
    report = json.loads(out.read_text(encoding="utf-8"))
    documents = {d["path"]: d for d in report["documents"]}
    expected = {c.filename: c.code for c in hc.CASES}
    expected.update({name: None for name in (*GOOD, "witness.pdf", "notes \U0001F600.md")})
    expected["slow.pdf"] = "E212"
    assert set(documents) == set(expected)
    for name, code in expected.items():
        entry = documents[name]
        if code:
            assert entry["status"] == "error", name
            assert entry["error"].startswith(f"{code} "), (name, entry["error"])
            assert name in err  # each unreadable file is named on standard error too
        else:
            assert entry["status"] == "ok", (name, entry.get("error"))
    assert len(report["criteria"]) > 0
    assert report["summary"]["met"] + report["summary"]["at_risk"] + report["summary"]["missing"] == len(
        report["criteria"])


def test_hostile_cli_extract_on_a_folder_of_every_case(inputs, capsys):
    _add_good(inputs)
    for case in hc.CASES:
        inputs.write(case.filename, case.build())
    inputs.seal()
    status = main(["extract", str(inputs.folder), "--format", "json"])
    out, _err = capsys.readouterr()
    assert status == 1  # some files failed, the rest were read
    data = json.loads(out)
    assert {f["path"]: f["code"] for f in data["failures"]} == {c.filename: c.code for c in hc.CASES if c.code}
    assert {d["path"] for d in data["documents"]} == {c.filename for c in hc.CASES if not c.code} | set(GOOD)


def test_hostile_inputs_fixture_notices_a_changed_file(inputs, tmp_path):
    inputs.write("untouched.md", b"# U")
    inputs.seal()
    box = type(inputs)(tmp_path / "p")
    path = box.write("a.md", b"# A")
    box.seal()
    path.write_bytes(b"# B")
    with pytest.raises(AssertionError, match="changed"):
        box.verify()
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode & stat.S_IRUSR
