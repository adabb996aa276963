"""Relevance: a document not about the learner's work counts for nothing, and every report says so (W570)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

import evidencecheck.nlp.match as match
from evidencecheck.api import check_portfolio
from evidencecheck.checks.relevance import check_relevance
from evidencecheck.matches import DocumentFacts, TopicFacts
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.portfolio import load_portfolio
from evidencecheck.report.model import Report
from evidencecheck.report.render import render, render_terminal_text
from evidencecheck.report.schema import report_schema
from evidencecheck.rules.registry import load_unit

ROOT = Path(__file__).resolve().parents[2]
TAX_GUIDE = ROOT / "tests" / "data" / "relevance" / "unrelated" / "tax-guide-2023.txt"
UNIT = "plan-allocate-monitor-work"
AS_OF = dt.date(2024, 6, 1)
ACCOUNT = """Reflective account - Jo Bennett, team leader, repairs line

On 4 March I held a huddle with my team of eight advisers about repeat calls on boiler repairs. I showed
them the figures from February: 31% of callers rang back within a week. Sam suggested we read back the
engineer's arrival window at the end of every call, and I agreed we would trial it for two weeks. I
listened to five calls per adviser during the trial and gave each person feedback at their one-to-one.
By the end of March repeat calls had fallen to 22%.
"""


def test_relevance_names_each_unrelated_document_with_what_to_do() -> None:
    facts = (DocumentFacts("account.txt", ("reflective-account",), topic=TopicFacts(95, 0.11, 4, False, True)),
             DocumentFacts("tax-guide.pdf", ("other",), topic=TopicFacts(541, 0.0065, 0, True, False)))
    relevance = check_relevance(facts)
    assert relevance.unrelated == ("tax-guide.pdf",)
    assert [d.related for d in relevance.documents] == [True, False]
    [problem] = relevance.problems
    assert problem.code == "W570"
    assert problem.message.startswith("tax-guide.pdf: this document does not seem to be about your work")
    assert "541 words; 0.7% of them" in problem.message and "Take it out of the portfolio" in problem.message


def test_relevance_has_no_finding_when_every_document_is_about_the_work() -> None:
    relevance = check_relevance((DocumentFacts("account.txt", ("reflective-account",)),))
    assert relevance.unrelated == () and relevance.problems == ()


def _verdicts(report: Report) -> tuple[object, ...]:
    return (tuple((c.id, c.status, c.confidence, tuple(c.reasons), tuple(e.quote for e in c.evidence))
                  for c in report.criteria),
            tuple((m.id, m.detected, tuple(m.reasons)) for m in report.mistakes))


@pytest.fixture
def portfolios(tmp_path: Path) -> tuple[Portfolio, Portfolio]:
    """The learner's short reflective account alone, and with a tax guide beside it."""
    for folder in ("alone", "both"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "reflective-account.txt").write_text(ACCOUNT, encoding="utf-8")
    (tmp_path / "both" / "tax-guide-2023.txt").write_bytes(TAX_GUIDE.read_bytes())
    alone = load_portfolio([str(tmp_path / "alone")], isolate=False)
    both = load_portfolio([str(tmp_path / "both")], isolate=False)
    assert [d.path for d in both.documents] == ["reflective-account.txt", "tax-guide-2023.txt"]
    return alone, both


def test_relevance_an_unrelated_document_lifts_no_verdict(portfolios: tuple[Portfolio, Portfolio],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: what the tax guide's clue words would lift stays as it is without the guide."""
    alone, both = portfolios
    ruleset = load_unit(UNIT)
    without = check_portfolio(alone, ruleset=ruleset, as_of=AS_OF)
    with_guide = check_portfolio(both, ruleset=ruleset, as_of=AS_OF)
    assert _verdicts(with_guide) == _verdicts(without)
    assert with_guide.warnings == without.warnings
    assert with_guide.checks is not None and with_guide.checks.relevance.unrelated == ("tax-guide-2023.txt",)
    # the guide is not harmless: read as evidence, its words lift criteria and raise a mistake
    monkeypatch.setattr(match, "judge_relevance", lambda *args, **kwargs: TopicFacts())
    unguarded = check_portfolio(both, ruleset=ruleset, as_of=AS_OF)
    lifted = {c.id for c, w in zip(unguarded.criteria, without.criteria) if c.status != w.status}
    raised = {m.id for m, w in zip(unguarded.mistakes, without.mistakes) if m.detected and not w.detected}
    assert lifted and raised
    assert all(c.status == "missing" for c in without.criteria if c.id in lifted)


def test_relevance_warning_is_in_the_json_and_every_text_report(portfolios: tuple[Portfolio, Portfolio]) -> None:
    _, both = portfolios
    report = check_portfolio(both, ruleset=load_unit(UNIT), as_of=AS_OF)
    data = json.loads(render(report, "json"))
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    relevance = data["checks"]["relevance"]
    assert relevance["unrelated"] == ["tax-guide-2023.txt"]
    assert [p["code"] for p in relevance["problems"]] == ["W570"]
    assert Report.model_validate(data) == report
    for name, text in {"terminal": render_terminal_text(report), "markdown": render(report, "markdown"),
                       "html": render(report, "html", audience="assessor")}.items():
        assert "W570" in text and "tax-guide-2023.txt" in text, name
        assert "Relevance (documents not about your work)" in text, name


def test_relevance_section_is_left_out_when_every_document_counts(portfolios: tuple[Portfolio, Portfolio]) -> None:
    alone, _ = portfolios
    report = check_portfolio(alone, ruleset=load_unit(UNIT), as_of=AS_OF)
    assert report.checks is not None and report.checks.relevance.problems == ()
    assert "Relevance" not in render_terminal_text(report) and "W570" not in render(report, "markdown")


def test_relevance_an_untrusted_file_name_is_escaped_in_every_view(escaped_in_every_view) -> None:
    hostile = "<img src=x onerror=alert(1)> [bold]x[/bold] **y**.txt"
    guide = parse_string(TAX_GUIDE.read_text(encoding="utf-8"), name=hostile)
    report = check_portfolio(Portfolio(documents=(parse_string(ACCOUNT, name="account.txt"), guide)),
                             ruleset=load_unit(UNIT), as_of=AS_OF)
    assert report.checks is not None and report.checks.relevance.unrelated == (hostile,)
    escaped_in_every_view(report)
