"""The bundled rule sets: valid, complete against the catalog, and their own tests pass.

Rule tests are data (each rule file's ``tests:``); this module turns every
case into one pytest item, named ``unit::case``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from evidencecheck.cli.rules_author import unit_findings
from evidencecheck.rules import lint
from evidencecheck.rules.locations import SHARED_VOCAB_NAMES, bundled_rules_dir
from evidencecheck.rules.registry import available_units, load_unit
from evidencecheck.ruletest import CaseResult, coverage, run_case, run_tests

CATALOG = yaml.safe_load((Path(__file__).parents[1] / "data" / "criteria-catalog.yaml").read_text("utf-8"))
CATALOG_UNITS = {u["id"]: u for u in CATALOG["units"]}
UNITS = sorted(available_units())


@cache
def _results(unit: str) -> list[CaseResult]:
    """The unit's rule tests, run once with their hits for coverage and lint."""
    return run_tests(load_unit(unit), collect_hits=True)


def _cases() -> list[pytest.param]:  # type: ignore[valid-type]
    params = []
    for unit in UNITS:
        ruleset = load_unit(unit)
        params += [pytest.param(unit, case.name, id=f"{unit}::{case.name}") for case in ruleset.tests]
    return params


def test_bundled_rules_cover_every_catalog_unit() -> None:
    assert set(CATALOG_UNITS) <= set(UNITS)


@pytest.mark.parametrize("unit", sorted(CATALOG_UNITS))
def test_bundled_rules_use_catalog_ids_in_order(unit: str) -> None:
    if unit not in UNITS:
        pytest.fail(f"no rule set for catalog unit {unit}")
    ruleset = load_unit(unit)
    spec = CATALOG_UNITS[unit]
    assert [c.id for c in ruleset.criteria][: len(spec["criteria"])] == [c["id"] for c in spec["criteria"]]
    assert [m.id for m in ruleset.mistakes][: len(spec["mistakes"])] == [m["id"] for m in spec["mistakes"]]
    for crit in spec["criteria"]:
        # the catalog's element lists are unquoted YAML, so an element containing a comma
        # ("a dashboard, report or tracker used") arrives split in two
        assert len(ruleset.criterion(crit["id"]).elements) >= len(crit["elements"]) - 1, crit["id"]


@pytest.mark.parametrize(("unit", "case_name"), _cases())
def test_bundled_rules_case(unit: str, case_name: str) -> None:
    ruleset = load_unit(unit)
    case = next(c for c in ruleset.tests if c.name == case_name)
    result = run_case(ruleset, case)
    if case.todo is not None and not result.passed:
        pytest.xfail(case.todo)  # an expected failure ('todo'), reported until it passes
    assert result.error is None, result.error
    failed = [f"{e.key}: expected {e.expected}, got {e.actual}; {' | '.join(e.reasons[:3])}"
              for e in result.expectations if not e.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("unit", UNITS)
def test_bundled_rules_coverage(unit: str) -> None:
    ruleset = load_unit(unit)
    gaps = coverage(ruleset, _results(unit))
    assert not gaps, "\n".join(g.message for g in gaps)


@pytest.mark.parametrize("unit", UNITS)
def test_bundled_rules_lint_clean(unit: str) -> None:
    """What ``evidencecheck rules lint`` finds in a bundled unit (W120-W125); CI runs it too."""
    path = available_units()[unit]
    text = path.read_text(encoding="utf-8")
    findings = lint.yaml_traps(text) + unit_findings(load_unit(unit), text, _results(unit))
    assert not findings, "\n".join(f.render(str(path)) for f in findings)


def test_bundled_shared_vocabulary_lint_clean() -> None:
    folder = bundled_rules_dir()
    assert folder is not None
    files = [folder / name for name in SHARED_VOCAB_NAMES if (folder / name).is_file()]
    assert files
    findings = [f.render(str(path)) for path in files for f in lint.yaml_traps(path.read_text(encoding="utf-8"))]
    assert not findings, "\n".join(findings)
