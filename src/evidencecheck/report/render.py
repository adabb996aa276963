"""Render a :class:`~evidencecheck.report.model.Report` in any output format.

Every format is a view of the same report. ``render`` dispatches on the
format name; each view lives in its own module and is imported only when
asked for, so the JSON path never loads Jinja2 or python-docx. Two audiences
read the same data: ``learner`` (plain words, advice first) and ``assessor``
(adds confidence, assessment-criterion references and evidence contexts).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, overload

from ..errors import ReportError
from .labels import (  # noqa: F401 - re-exported: render's helpers were first defined here
    AUDIENCES,
    CONTEXT_LABELS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    Audience,
    check_audience,
    context_label,
    status_label,
)

if TYPE_CHECKING:
    from .model import Report

FORMATS = ("json", "html", "markdown", "csv", "docx")


TextFormat = Literal["json", "html", "markdown", "csv", "terminal"]


@overload
def render(report: Report, format: TextFormat, *, audience: str = ...,
           explanations: Mapping[str, Sequence[str]] | None = ...) -> str: ...
@overload
def render(report: Report, format: Literal["docx"], *, audience: str = ...,
           explanations: Mapping[str, Sequence[str]] | None = ...) -> bytes: ...
@overload
def render(report: Report, format: str, *, audience: str = ...,
           explanations: Mapping[str, Sequence[str]] | None = ...) -> str | bytes: ...
def render(report: Report, format: str, *, audience: str = "learner",
           explanations: Mapping[str, Sequence[str]] | None = None) -> str | bytes:
    """Render ``report`` as ``format``.

    Args:
        report: The report to render.
        format: One of :data:`FORMATS`, or ``"terminal"`` for the plain-text console view.
        audience: ``"learner"`` (default) or ``"assessor"``; CSV and JSON ignore it.
        explanations: How the rules decided each criterion (lines by criterion id), shown behind
            each verdict of the assessor's HTML page.

    Returns:
        Text for every format except ``"docx"``, which returns the file's bytes.

    Raises:
        ReportError: E304 when the format is unknown.
        ValueError: The audience is unknown.
    """
    check_audience(audience)
    if format == "json":
        return report.model_dump_json(indent=2) + "\n"
    if format == "html":
        from .html import render_html

        return render_html(report, audience=audience, explanations=explanations)
    if format == "markdown":
        from .markdown import render_markdown

        return render_markdown(report, audience=audience)
    if format == "csv":
        from .csv_report import render_csv

        return render_csv(report)
    if format == "docx":
        from .docx_report import render_docx

        return render_docx(report, audience=audience)
    if format == "terminal":
        return render_terminal_text(report, audience=audience)
    raise ReportError("E304", fmt=format, available=", ".join((*FORMATS, "terminal")))


def render_terminal_text(report: Report, *, audience: str = "learner", verbose: bool = False,
                         width: int = 100) -> str:
    """The terminal view as plain text (no colour), ``width`` characters wide, for a file or a pipe."""
    from rich.console import Console

    from .terminal import render_terminal

    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    render_terminal(report, console, verbose=verbose, audience=audience)
    return console.export_text()
