"""docs/authoring.md stays true: its worked example loads, its three snippets get the verdicts it
predicts, and it names every signal, context label, evidence type and lint code there is."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidencecheck.nlp.signals import SIGNALS
from evidencecheck.rules.evidence_types import EVIDENCE_TYPES
from evidencecheck.rules.loader import load_ruleset_file
from evidencecheck.terms import CONTEXT_LABELS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
SNIPPETS = re.findall(r"```text snippet criterion=(\S+) expect=(\S+)\n(.*?)\n```", GUIDE, re.DOTALL)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Any:
    (block,) = re.findall(r"```yaml worked-example\n(.*?)```", GUIDE, re.DOTALL)
    path = tmp_path_factory.mktemp("guide") / "example.yaml"
    path.write_text(block, encoding="utf-8")
    return load_ruleset_file(path)


def test_the_guide_has_three_snippets_one_per_verdict() -> None:
    assert sorted(expect for _, expect, _ in SNIPPETS) == ["at_risk", "met", "missing"]


@pytest.mark.parametrize(("criterion", "expect", "text"), SNIPPETS, ids=[e for _, e, _ in SNIPPETS])
def test_snippet_gets_the_predicted_verdict(example: Any, judge: Callable[..., Any],
                                           text_portfolio: Callable[..., Any],
                                           criterion: str, expect: str, text: str) -> None:
    assert judge(example, text_portfolio(text)).criterion(criterion).status == expect


def test_the_guide_names_every_signal_context_type_and_lint_code() -> None:
    table = GUIDE.split("## 3.")[1].split("## 4.")[0]
    assert [s for s in SIGNALS if f"| `{s}` |" not in table] == []
    assert [c for c in CONTEXT_LABELS if f"| `{c}` |" not in GUIDE] == []
    assert [t for t in EVIDENCE_TYPES if f"`{t}`" not in GUIDE] == []
    assert [f"W12{n}" for n in range(6) if f"| W12{n} |" not in GUIDE] == []


def test_the_readme_links_the_guide() -> None:
    assert "(docs/authoring.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
