"""On the shared dev corpus: every witness testimony is recognised and judged; no personal data is found
in any portfolio; no two learners share long passages. Skipped when ../shared is not there.

Fast on purpose: none of these checks needs the parser, so no pipeline is loaded (documents are
classified as the matcher classifies them, and read once for the module).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencecheck.checks.authenticity import check_authenticity
from evidencecheck.checks.copying import find_overlaps, fingerprints
from evidencecheck.checks.personal_data import find_personal_data
from evidencecheck.matches import DocumentFacts
from evidencecheck.model import Portfolio
from evidencecheck.nlp.doc_types import classify
from evidencecheck.portfolio import load_portfolio

# ../shared beside the checkout, or beside a folder above it (a git worktree)
CORPUS = next((p / "shared" / "corpus-dev" for p in Path(__file__).resolve().parents[2:]
               if (p / "shared" / "corpus-dev").is_dir()), Path("/nonexistent"))
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared dev corpus (../shared) is not here")


@pytest.fixture(scope="module")
def portfolios() -> dict[str, Portfolio]:
    found = {}
    for labels in sorted(CORPUS.rglob("labels.yaml")):
        files = [str(p) for p in sorted(labels.parent.iterdir()) if p.is_file() and p.name != "labels.yaml"]
        found[labels.parent.name] = load_portfolio(files, isolate=False)
    assert len(found) >= 10
    return found


def _facts(portfolio: Portfolio) -> tuple[DocumentFacts, ...]:
    return tuple(DocumentFacts(d.path, classify(d)) for d in portfolio.documents)


def test_every_witness_testimony_is_recognised_and_judged(portfolios: dict[str, Portfolio]) -> None:
    expected = judged = 0
    for name, portfolio in portfolios.items():
        witnesses = {d.path for d in portfolio.documents if "witness" in Path(d.path).name.lower()}
        result = check_authenticity(portfolio, _facts(portfolio), ())
        assert {w.document for w in result.witnesses} == witnesses, name
        for w in result.witnesses:
            assert w.witness and (w.role or w.relationship) and w.date and w.observed > 0, (name, w)
        expected += len(witnesses)
        judged += len(result.witnesses)
    assert judged == expected and expected >= 3


def test_no_personal_data_in_any_portfolio(portfolios: dict[str, Portfolio]) -> None:
    findings = {name: [(f.kind, f.document, f.location, f.masked) for f in find_personal_data(p).findings]
                for name, p in portfolios.items()}
    assert {name: f for name, f in findings.items() if f} == {}


def test_no_two_learners_share_long_passages(portfolios: dict[str, Portfolio]) -> None:
    assert find_overlaps({name: fingerprints(p) for name, p in portfolios.items()}) == []
