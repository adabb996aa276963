"""A report never contradicts itself: no mistake is raised on the absence of something it quotes as shown.

For every report of the sample portfolio and the labelled corpora, each detected mistake that rests on
an absence (kind ``absence`` or ``condition``) is checked against the report's own first-hand quotes:
the quotes are matched again, alone, and none of them may show the element whose absence raised it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evidencecheck.api import check_portfolio
from evidencecheck.model import Portfolio
from evidencecheck.nlp.match import match_portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.portfolio import load_portfolio
from evidencecheck.rules.registry import load_unit

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT.parent / "shared" / "corpus-dev", ROOT / "benchmarks" / "probe-corpus",
           ROOT / "benchmarks" / "holdout-corpus"]


def _portfolios() -> list[pytest.param]:  # type: ignore[valid-type]
    found = [pytest.param([ROOT / "fixtures" / "sample-portfolio"], "lead-team-improve-service", id="sample")]
    for corpus in CORPORA:
        for labels in sorted(corpus.rglob("labels.yaml")) if corpus.is_dir() else ():
            unit = yaml.safe_load(labels.read_text(encoding="utf-8"))["unit"]
            files = [p for p in sorted(labels.parent.iterdir()) if p.is_file() and p.name != "labels.yaml"]
            found.append(pytest.param(files, unit, id=f"{corpus.name}/{labels.parent.name}"))
    return found


@pytest.mark.parametrize(("paths", "unit"), _portfolios())
def test_no_mistake_rests_on_the_absence_of_something_the_report_quotes(paths: list[Path], unit: str) -> None:
    ruleset = load_unit(unit)
    portfolio = load_portfolio([str(p) for p in paths])
    report = check_portfolio(portfolio, ruleset=ruleset)
    types = {d.path: tuple(d.evidence_types) for d in report.documents}
    quotes = [(ev.document, ev.quote) for c in report.criteria for ev in c.evidence if ev.context == "first_hand"]
    if not quotes:
        return
    shown = Portfolio(documents=tuple(parse_string(q, name=f"{i}-{Path(doc).name}.txt")
                                      for i, (doc, q) in enumerate(quotes)))
    overrides = {d.path: types.get(doc, ()) for d, (doc, _) in zip(shown.documents, quotes)}
    matches = match_portfolio(ruleset, shown, type_overrides=overrides)
    by_id = {m.id: m for m in ruleset.mistakes}
    contradictions = []
    for mistake in report.mistakes:
        rule = by_id[mistake.id]
        if not mistake.detected or rule.detect.kind == "presence":
            continue
        if any(r.startswith("Outweighed:") for r in mistake.reasons):
            continue  # raised on what the portfolio mostly shows, and says so, not on an absence
        local = {e.id for e in rule.elements}
        for ref in rule.detect.absent:
            element = matches.element(f"{rule.id}.{ref}" if ref in local else ref)
            concrete = [o for o in element.accepted if o.concrete]
            if len(concrete) >= element.min_hits:  # shown as criteria show things: first-hand, concretely
                contradictions.append((mistake.id, ref, concrete[0].evidence.quote))
    assert contradictions == []
