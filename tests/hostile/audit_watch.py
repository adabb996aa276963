"""Run a check under a Python audit hook that records every change to a folder; print what it saw as JSON.

Run as a script, in its own process: audit hooks cannot be removed, and one left in the test
session would slow every later test (``id()`` alone raises an audit event).

    python audit_watch.py check FOLDER   # read and check FOLDER in-process, record writes inside it
    python audit_watch.py write FOLDER   # write and chmod a file in FOLDER (the watcher's self-test)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_CHANGING_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.chmod", "os.chown", "os.utime", "os.truncate",
                    "os.link", "os.symlink", "os.mkdir", "shutil.rmtree", "shutil.move", "shutil.copyfile"}


def watch(root: Path) -> list[list[str]]:
    """Install the hook for ``root``; the returned list fills with the changing events seen inside it."""
    seen: list[list[str]] = []

    def inside(path: object) -> bool:
        if not isinstance(path, (str, bytes, os.PathLike)):
            return False
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(root)
        except (OSError, ValueError):
            return False

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and args and inside(args[0]):
            mode, flags = args[1], args[2]
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS)
            if writes:
                seen.append([event, os.fsdecode(args[0])])  # type: ignore[arg-type]
        elif event in _CHANGING_EVENTS and any(inside(a) for a in args):
            seen.append([event, *map(str, args)])

    sys.addaudithook(hook)
    return seen


def main(action: str, folder: str) -> dict[str, object]:
    root = Path(folder).resolve()
    if action == "write":
        seen = watch(root)
        (root / "x.txt").write_text("x", encoding="utf-8")
        os.chmod(root / "x.txt", 0o644)
        return {"seen": seen}
    from evidencecheck.api import check_portfolio
    from evidencecheck.portfolio import load_portfolio
    from evidencecheck.rules.registry import load_unit

    ruleset = load_unit("lead-team-improve-service")
    seen = watch(root)
    portfolio = load_portfolio([root], isolate=False)
    report = check_portfolio(portfolio, ruleset=ruleset)
    return {"seen": seen, "documents": [d.path for d in portfolio.documents],
            "failures": len(portfolio.failures), "report_documents": len(report.documents)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
