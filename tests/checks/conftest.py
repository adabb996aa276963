"""Shared checks for the evidence-check tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from evidencecheck.report.model import Report
from evidencecheck.report.render import render, render_terminal_text

HOSTILE = "<img src=x onerror=alert(1)> [bold]x[/bold] **y**"


def _escaped_in_every_view(report: Report) -> None:
    """``HOSTILE`` text in ``report`` is shown as text in every view, never read as markup."""
    html = render(report, "html", audience="assessor")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    terminal = render_terminal_text(report, audience="assessor")
    assert "[bold]x[/bold]" in terminal  # shown as written, not read as markup
    markdown = render(report, "markdown", audience="assessor")
    assert "**y**" not in markdown and "<img src=x" not in markdown
    docx = render(report, "docx")
    assert isinstance(docx, bytes) and docx[:2] == b"PK"


@pytest.fixture
def escaped_in_every_view() -> Callable[[Report], None]:
    """Assert that the hostile text in a report is escaped in every view."""
    return _escaped_in_every_view
