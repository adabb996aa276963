"""Reading a portfolio never writes, moves, renames or re-permissions anything in it.

The read-only folder tests in ``test_hostile_inputs`` are skipped when the
suite runs as root (root ignores permissions, as on most CI machines). This
test works for any user: a Python audit hook (in its own process, see
``audit_watch.py``) watches every file operation while a folder of every
hostile case is read in-process and fully checked, and fails on any that
could change the portfolio.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hostile_cases as hc

WATCH = Path(__file__).with_name("audit_watch.py")


def _watched(action: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, str(WATCH), action, str(folder)], capture_output=True, text=True,
                          timeout=600, check=True)
    return json.loads(done.stdout.splitlines()[-1])


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
    result = _watched("check", folder)
    assert result["seen"] == []
    assert {"good.docx", "good.pdf", "good.md"} <= set(result["documents"])
    assert result["failures"] >= 20
    assert result["report_documents"] == len(result["documents"]) + result["failures"]


def test_the_audit_hook_sees_a_write(tmp_path):
    """The watcher itself works: a write inside the watched folder is caught."""
    assert [s[0] for s in _watched("write", tmp_path)["seen"]] == ["open", "os.chmod"]
