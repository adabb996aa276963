"""HTML view of a report: one self-contained page that prints cleanly on A4.

The page carries its CSS inline and references nothing outside itself (no
fonts, images, scripts or stylesheets), so it can be emailed or attached to
an e-portfolio and opened offline. Everything from the evidence is escaped by
Jinja2's autoescaping; the template never marks report data as safe.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .labels import STATUS_SYMBOLS, check_audience, context_label, status_label
from .model import CriterionEntry, Report

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
    env.filters["csp_hash"] = csp_hash
    return env


def _learner_reasons(criterion: CriterionEntry) -> list[str]:
    # "Shown:" / "Not shown:" reasons repeat the element lists and quotes the card already has.
    return [r for r in criterion.reasons if not r.startswith(("Shown:", "Not shown:"))]


def render_html(report: Report, *, audience: str = "learner") -> str:
    """Render ``report`` as a standalone HTML page for ``audience`` ("learner" or "assessor")."""
    check_audience(audience)
    template = environment().get_template(TEMPLATE)
    return template.render(
        report=report,
        audience=audience,
        assessor=audience == "assessor",
        label=lambda status: status_label(status, audience),
        symbol=STATUS_SYMBOLS,
        learner_reasons=_learner_reasons,
        detected=[m for m in report.mistakes if m.detected],
        not_detected=[m for m in report.mistakes if not m.detected],
    )
