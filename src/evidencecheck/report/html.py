"""HTML view of a report: one self-contained page that prints cleanly on A4.

The page carries its CSS inline and references nothing outside itself (no
fonts, images, scripts or stylesheets), so it can be emailed or attached to
an e-portfolio and opened offline. Everything from the evidence is escaped by
Jinja2's autoescaping; the template never marks report data as safe.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .checks_view import check_sections
from .labels import STATUS_SYMBOLS, check_audience, context_label, humanise, status_label
from .model import CriterionEntry, MistakeEntry, Report, refs_label

TEMPLATE = "report.html.j2"


def csp_hash(script: str) -> str:
    """The CSP source expression (``sha256-...``, without quotes) allowing the inline ``script``."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of every HTML template: autoescaped, strict about undefined names."""
    env = Environment(
        loader=PackageLoader("evidencecheck.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["context_label"] = context_label
    env.filters["humanise"] = humanise
    env.filters["csp_hash"] = csp_hash
    return env


def _learner_reasons(criterion: CriterionEntry) -> list[str]:
    # "Shown:" / "Not shown:" reasons repeat the element lists and quotes the card already has.
    return [r for r in criterion.reasons if not r.startswith(("Shown:", "Not shown:"))]


@dataclass(frozen=True)
class _Todo:
    """One line of the learner's "what to do next" list, linking to its card."""

    index: int
    entry: CriterionEntry | MistakeEntry
    refs: str = ""


def next_steps(report: Report) -> tuple[list[_Todo], list[_Todo]]:
    """The criteria not yet accepted and the mistakes still to fix, each with its card's number."""
    criteria = [_Todo(i, c, refs_label(c.refs)) for i, c in enumerate(report.criteria, start=1) if not c.accepted]
    detected = [m for m in report.mistakes if m.detected]
    mistakes = [_Todo(i, m) for i, m in enumerate(detected, start=1) if m.outstanding]
    return criteria, mistakes


def waived_note(report: Report) -> str:
    """``"1 criterion waived by the assessor (shown on its card)."``, or ``""`` when nothing is waived."""
    s = report.summary
    parts = []
    if s.waived:
        parts.append(f"{s.waived} {'criterion' if s.waived == 1 else 'criteria'}")
    if s.mistakes_waived:
        parts.append(f"{s.mistakes_waived} mistake{'' if s.mistakes_waived == 1 else 's'}")
    if not parts:
        return ""
    where = "its card" if s.waived + s.mistakes_waived == 1 else "each card"
    return f"{' and '.join(parts)} waived by the assessor (shown on {where})."


def render_html(report: Report, *, audience: str = "learner",
                explanations: Mapping[str, Sequence[str]] | None = None) -> str:
    """Render ``report`` as a standalone HTML page for ``audience`` ("learner" or "assessor").

    The learner's page leads with a "what to do next" list (or, when nothing
    could be checked, with what to do about that); cards follow. ``explanations``
    (lines by criterion id, from ``evidencecheck.explain``) go behind each verdict
    of the assessor's page, in a collapsed ``<details>``.
    """
    check_audience(audience)
    template = environment().get_template(TEMPLATE)
    todo_criteria, todo_mistakes = next_steps(report)
    detected = [m for m in report.mistakes if m.detected]
    return template.render(
        report=report,
        todo_criteria=todo_criteria,
        todo_mistakes=todo_mistakes,
        mistake_index={m.id: i for i, m in enumerate(detected, start=1)},
        unreadable=[d for d in report.documents if d.status == "error"],
        waived_note=waived_note(report),
        refs_label=refs_label,
        audience=audience,
        assessor=audience == "assessor",
        label=lambda status: status_label(status, audience),
        symbol=STATUS_SYMBOLS,
        learner_reasons=_learner_reasons,
        detected=detected,
        not_detected=[m for m in report.mistakes if not m.detected],
        explanations=(explanations or {}) if audience == "assessor" else {},
        check_sections=check_sections(report.checks),
    )
