"""The assessor's HTML page shows how the rules decided each verdict, escaped; the learner's does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencecheck.api import check, check_explained
from evidencecheck.report.render import render
from evidencecheck.rules import locations, registry

MINIMAL = Path(__file__).parents[1] / "rules" / "data" / "minimal.yaml"


@pytest.fixture
def explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: MINIMAL.parent)
    registry.clear_cache()
    evidence = tmp_path / "account.txt"
    evidence.write_text("On 3 May I updated the notice board <b>with the rota</b>.", encoding="utf-8")
    yield check_explained([evidence], unit="minimal"), check([evidence], unit="minimal")
    registry.clear_cache()


def test_explained_report_is_the_plain_report(explained) -> None:  # type: ignore[no-untyped-def]
    (report, lines), plain = explained
    assert report.model_dump_json() == plain.model_dump_json()
    assert lines["board-updated"][0].startswith("board-updated: ")
    assert any("\u2018notice board\u2019 (notice board, from @board-words)" in line for line in lines["board-updated"])


def test_assessor_html_has_the_explanation_escaped_and_the_learner_html_none(explained) -> None:  # type: ignore[no-untyped-def]
    (report, lines), _ = explained
    hostile = {k: (*v, "<script>alert(1)</script>") for k, v in lines.items()}
    page = render(report, "html", audience="assessor", explanations=hostile)
    assert isinstance(page, str)
    assert page.count('<details class="explain">') == len(report.criteria)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    learner = render(report, "html", audience="learner", explanations=hostile)
    assert isinstance(learner, str) and 'class="explain"' not in learner
