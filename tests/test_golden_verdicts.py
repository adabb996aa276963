"""Golden verdicts: the sample portfolio and the dev corpus give exactly the recorded verdicts.

A change that moves any verdict fails here until the golden file is rewritten on purpose
(``UPDATE_GOLDEN=1 python -m pytest tests/test_golden_verdicts.py``) and the change is
reviewed in the diff of ``tests/data/golden-verdicts.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import evidencecheck

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden-verdicts.json"
DEV = ROOT.parent / "shared" / "corpus-dev"


def _portfolios() -> dict[str, tuple[list[Path], str]]:
    found = {"sample-portfolio": ([ROOT / "fixtures" / "sample-portfolio"], "lead-team-improve-service")}
    if DEV.is_dir():
        for labels in sorted(DEV.rglob("labels.yaml")):
            unit = yaml.safe_load(labels.read_text(encoding="utf-8"))["unit"]
            files = [p for p in sorted(labels.parent.iterdir()) if p.is_file() and p.name != "labels.yaml"]
            found[f"dev/{labels.parent.relative_to(DEV)}"] = (files, unit)
    return found


def _verdicts(paths: list[Path], unit: str) -> dict[str, object]:
    report = evidencecheck.check(paths, unit=unit)
    return {"criteria": {c.id: c.status for c in report.criteria},
            "mistakes": {m.id: m.detected for m in report.mistakes}}


@pytest.mark.slow
def test_golden_verdicts_are_unchanged() -> None:
    actual = {name: _verdicts(paths, unit) for name, (paths, unit) in _portfolios().items()}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if not DEV.is_dir():
        expected = {k: v for k, v in expected.items() if not k.startswith("dev/")}
    changed = sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))
    assert not changed, f"verdicts changed for {changed}; if intended, rerun with UPDATE_GOLDEN=1 and review the diff"
