"""benchmarks/speed.py refuses a work folder whose files the parse cache would never keep."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_keep_under_the_temporary_folder_is_refused_before_any_work():
    folder = Path(tempfile.gettempdir()) / "evidencecheck-speed-keep"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--quick", "--keep", str(folder)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "never enter the parse cache" in done.stderr and str(folder) in done.stderr
    assert not folder.exists()
