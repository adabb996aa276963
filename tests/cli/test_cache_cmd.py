"""``evidencecheck cache``: what the per-user cache holds, and emptying it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from evidencecheck.cli import main
from evidencecheck.parsers.cache import CACHE_ENV

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))  # the learner is not an upload
    return tmp_path / "cache"


def _counts(out: str) -> dict[str, int]:
    counts = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1] in ("documents", "annotations", "reports"):
            counts[parts[1]] = int(parts[0].replace(",", ""))
    return counts


def test_cache_info_and_clear(cache_dir, tmp_path, capsys):
    assert main(["cache", "info"]) == 0
    assert _counts(capsys.readouterr().out) == {"documents": 0, "annotations": 0, "reports": 0}
    learner = tmp_path / "learner"
    shutil.copytree(FIXTURES / "sample-portfolio", learner)
    main(["check", str(learner), "--unit", "lead-team-improve-service", "--format", "json", "--exit-zero",
          "--quiet"])
    capsys.readouterr()
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert str(cache_dir) in out
    assert _counts(out) == {"documents": 3, "annotations": 3, "reports": 1}
    assert main(["cache", "clear"]) == 0
    assert "removed 7 entries" in capsys.readouterr().out
    main(["cache", "info"])
    assert _counts(capsys.readouterr().out) == {"documents": 0, "annotations": 0, "reports": 0}
    assert not list(cache_dir.rglob("*.json")) and not list(cache_dir.rglob("*.bin"))


def test_cache_needs_an_action(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["cache"])
    assert stop.value.code == 2
