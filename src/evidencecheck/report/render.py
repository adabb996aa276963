"""Render a :class:`~evidencecheck.report.model.Report` in any output format.

Every format is a view of the same report. ``render`` dispatches on the
format name; each view lives in its own module and is imported only when
asked for, so the JSON path never loads Jinja2 or python-docx. Two audiences
read the same data: ``learner`` (plain words, advice first) and ``assessor``
(adds confidence, assessment-criterion references and evidence contexts).
"""

from __future__ import annotations

import io
from typing import Literal

from ..errors import ReportError
from .model import Report

FORMATS = ("json", "html", "markdown", "csv", "docx")
AUDIENCES = ("learner", "assessor")

Audience = Literal["learner", "assessor"]

# Status names as each audience reads them: learners get plain words.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "learner": {"met": "Shown", "at_risk": "Needs more", "missing": "Not shown yet"},
    "assessor": {"met": "Met", "at_risk": "At risk", "missing": "Missing"},
}
STATUS_SYMBOLS = {"met": "\u2713", "at_risk": "!", "missing": "\u2717"}
CONTEXT_LABELS = {
    "first_hand": "first-hand",
    "negated": "negated",
    "hypothetical": "hypothetical",
    "future": "future plan",
    "other_actor": "someone else",
    "generic": "general terms",
}


# The same counts as words in a sentence ("4 need more evidence").
_SUMMARY_WORDS = {
    "learner": {"met": "shown", "at_risk": "need more evidence", "missing": "not shown yet"},
    "assessor": {"met": "met", "at_risk": "at risk", "missing": "missing"},
}


def status_label(status: str, audience: str = "learner") -> str:
    """The text label of a criterion status for ``audience``."""
    return STATUS_LABELS[audience].get(status, status)


def context_label(context: str) -> str:
    """A short human label for an evidence context such as ``other_actor``."""
    return CONTEXT_LABELS.get(context, context.replace("_", " "))


def humanise(slug: str) -> str:
    """An evidence-type id as words: ``"witness-testimony"`` -> ``"witness testimony"``."""
    return slug.replace("-", " ").replace("_", " ")


def summary_line(report: Report, audience: str = "learner") -> str:
    """``1 met, 4 at risk, 0 missing (1 waived); 0 mistakes detected.`` in ``audience``'s words."""
    s = report.summary
    words = _SUMMARY_WORDS[audience]
    counts = ", ".join(f"{n} {words[k]}" for k, n in (("met", s.met), ("at_risk", s.at_risk), ("missing", s.missing)))
    if s.waived:
        counts += f" ({s.waived} waived by the assessor)"
    mistakes = f"{s.mistakes_detected} common mistake{'s' if s.mistakes_detected != 1 else ''} detected"
    if s.mistakes_waived:
        mistakes += f" ({s.mistakes_waived} waived)"
    return f"{counts}; {mistakes}."


def check_audience(audience: str) -> None:
    """Raise ``ValueError`` unless ``audience`` is one of :data:`AUDIENCES`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience '{audience}'. Use one of: {', '.join(AUDIENCES)}.")


def render(report: Report, format: str, *, audience: str = "learner") -> str | bytes:
    """Render ``report`` as ``format``.

    Args:
        report: The report to render.
        format: One of :data:`FORMATS`, or ``"terminal"`` for the plain-text console view.
        audience: ``"learner"`` (default) or ``"assessor"``; CSV and JSON ignore it.

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

        return render_html(report, audience=audience)
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
