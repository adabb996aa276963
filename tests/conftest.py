"""Shared factories for the whole suite: portfolios from text, small rule sets, the engine end to end.

They are fixtures that return functions, so a test asks for what it builds::

    def test_something(judge, text_portfolio, one_criterion):
        rs = one_criterion("- id: e\n  text: t\n  all: [{phrases: [coach]}]")
        assert judge(rs, text_portfolio("I coached Sam.")).criterion("crit").status == "met"

Tests that take a while (whole corpora, many processes, a real browser) are marked
``slow``; ``python -m pytest -m "not slow"`` is the quick inner loop. The parse cache lives
in a temporary folder for the whole run, never the user's own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import yaml

from evidencecheck.assess import assess
from evidencecheck.assess.model import Assessment
from evidencecheck.model import DocumentFailure, Portfolio
from evidencecheck.parsers.cache import CACHE_ENV
from evidencecheck.rules.schema import RuleSet

_SLOW_FOLDERS = ("property", "hostile")
_SLOW_TESTS = ("test_mypy_is_clean_on_all_of_src", "test_batch_jobs_two_gives_identical_reports",
               "test_run_batch_worker_crash_marks_only_that_learner", "test_isolation_")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds (corpora, processes, browsers)")


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("parse-cache")
    folder.chmod(0o700)
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(folder / "parsed"))
    yield folder
    patch.undo()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the property and hostile-input suites, and tests that start processes, as slow."""
    for item in items:
        folder = item.path.parent.name
        if folder in _SLOW_FOLDERS or item.name.startswith(_SLOW_TESTS):
            item.add_marker(pytest.mark.slow)


def _text_portfolio(*texts: str, names: tuple[str, ...] = (), fmt: str = "txt",
                    failures: tuple[DocumentFailure, ...] = ()) -> Portfolio:
    from evidencecheck.parsers import parse_string

    names = names or tuple(f"evidence-{i}.{fmt}" for i in range(len(texts)))
    docs = tuple(parse_string(t, name=n, fmt=fmt) for t, n in zip(texts, names))
    return Portfolio(documents=docs, failures=failures)


def _ruleset(text: str) -> RuleSet:
    return RuleSet.model_validate(yaml.safe_load(textwrap.dedent(text)))


def _one_criterion(elements: str, *, evidence: str = "{}") -> RuleSet:
    """A one-criterion rule set (``one-unit``, criterion ``crit``) with the given elements (YAML list)."""
    text = textwrap.dedent(
        """
        id: one-unit
        title: One unit
        version: "0.1"
        criteria:
          - id: crit
            name: Crit
            text: Criterion text.
            good_answer: g
            common_mistake: c
            advice: {missing: m, at_risk: r}
            evidence: EVIDENCE
            elements:
        """
    ).replace("EVIDENCE", evidence)
    return RuleSet.model_validate(yaml.safe_load(text + textwrap.indent(textwrap.dedent(elements), "      ")))


def _refs_ruleset(criteria: Sequence[tuple[str, str]], phrase: str = "coach") -> RuleSet:
    """A rule set (``u``) with a criterion per ``(id, refs as YAML)``, each one element on ``phrase``."""
    crit = textwrap.dedent("""
        - id: {id}
          name: {id}
          text: t
          refs: {refs}
          good_answer: g
          common_mistake: c
          advice: {{missing: m, at_risk: r}}
          elements: [{{id: e, text: t, all: [{{phrases: [{phrase}]}}]}}]
        """)
    text = "".join(crit.format(id=i, refs=r, phrase=phrase) for i, r in criteria)
    head = "id: u\ntitle: U\nversion: '1'\ncriteria:\n"
    return RuleSet.model_validate(yaml.safe_load(head + textwrap.indent(text, "  ")))


def _judge(ruleset: RuleSet, portfolio: Portfolio, **match_options: Any) -> Assessment:
    """Match ``portfolio`` with the real engine, then assess it."""
    from evidencecheck.nlp.match import match_portfolio

    return assess(ruleset, match_portfolio(ruleset, portfolio, **match_options), portfolio)


@pytest.fixture
def text_portfolio() -> Callable[..., Portfolio]:
    """``text_portfolio(*texts, names=(), fmt="txt", failures=())``: a portfolio of parsed texts."""
    return _text_portfolio


@pytest.fixture
def ruleset_from_yaml() -> Callable[[str], RuleSet]:
    """``ruleset_from_yaml(text)``: a rule set from YAML text (dedented)."""
    return _ruleset


@pytest.fixture
def refs_ruleset() -> Callable[..., RuleSet]:
    """``refs_ruleset([(id, refs_yaml), ...], phrase="coach")``: criteria with AC ``refs``, one element each."""
    return _refs_ruleset


@pytest.fixture
def one_criterion() -> Callable[..., RuleSet]:
    """``one_criterion(elements_yaml, evidence="{}")``: a rule set with one criterion, ``crit``."""
    return _one_criterion


@pytest.fixture
def judge() -> Callable[..., Assessment]:
    """``judge(ruleset, portfolio, **match_options)``: the real engine, end to end."""
    return _judge
