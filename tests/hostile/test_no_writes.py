"""Reading a portfolio never writes, moves, renames or re-permissions anything in it.

The read-only folder tests in ``test_hostile_inputs`` are skipped when the
suite runs as root (root ignores permissions, as on most CI machines). This
test works for any user: a Python audit hook watches every file operation
while a folder of every hostile case is read in-process and fully checked,
and fails on any that could change the portfolio.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import hostile_cases as hc

from evidencecheck.api import check_portfolio
from evidencecheck.portfolio import load_portfolio
from evidencecheck.rules.registry import load_unit

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_CHANGING_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.chmod", "os.chown", "os.utime", "os.truncate",
                    "os.link", "os.symlink", "os.mkdir", "shutil.rmtree", "shutil.move", "shutil.copyfile"}

_watch: dict[str, object] = {"root": None, "seen": []}


def _inside(path: object) -> bool:
    root = _watch["root"]
    if root is None or not isinstance(path, (str, bytes, os.PathLike)):
        return False
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(root)  # type: ignore[arg-type]
    except (OSError, ValueError):
        return False


def _hook(event: str, args: tuple) -> None:
    if _watch["root"] is None:
        return
    if event == "open" and args and _inside(args[0]):
        mode, flags = args[1], args[2]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS)
        if writes:
            _watch["seen"].append((event, args[0], mode, flags))  # type: ignore[union-attr]
    elif event in _CHANGING_EVENTS and any(_inside(a) for a in args):
        _watch["seen"].append((event, *args))  # type: ignore[union-attr]


sys.addaudithook(_hook)  # hooks cannot be removed; it does nothing unless a test sets "root"


def test_reading_and_checking_a_hostile_folder_changes_nothing(tmp_path):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "good.docx").write_bytes(hc.good_docx())
    (folder / "good.pdf").write_bytes(hc.good_pdf())
    (folder / "good.md").write_bytes(hc.good_md())
    for case in hc.CASES:
        if case.code not in ("E212", "E213"):  # in-process reading has no time or memory limit
            path = folder / case.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(case.build())
    ruleset = load_unit("lead-team-improve-service")
    _watch["root"], _watch["seen"] = folder.resolve(), []
    try:
        portfolio = load_portfolio([folder], isolate=False)
        report = check_portfolio(portfolio, ruleset=ruleset)
    finally:
        seen, _watch["root"] = _watch["seen"], None
    assert seen == []
    assert {"good.docx", "good.pdf", "good.md"} <= {d.path for d in portfolio.documents}
    assert len(portfolio.failures) >= 20
    assert len(report.documents) == len(portfolio.documents) + len(portfolio.failures)


def test_the_audit_hook_sees_a_write(tmp_path):
    """The watcher itself works: a write inside the watched folder is caught."""
    _watch["root"], _watch["seen"] = tmp_path.resolve(), []
    try:
        (tmp_path / "x.txt").write_text("x", encoding="utf-8")
        os.chmod(tmp_path / "x.txt", 0o644)
    finally:
        seen, _watch["root"] = _watch["seen"], None
    assert [s[0] for s in seen] == ["open", "os.chmod"]
