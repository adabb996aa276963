"""The page: its template, the units it offers, and the report and grid views set into it.

The report and the cohort grid are not drawn twice: they are rendered by the
same templates as the HTML report and ``cohort.html``, and their ``<body>`` is
set into the page. Their stylesheets are served from the app (``/static/report.css``,
``/static/cohort.css``), taken from those templates' own ``<style>``, so the
page needs no inline style; the one inline script of the grid (click-to-sort)
is allowed by its hash. Everything the templates print from evidence or
uploads is escaped by their autoescaping; the page's own template escapes too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .._version import __version__
from ..cohort.grid import Grid
from ..cohort.html import render_grid_html
from ..errors import RuleSetError
from ..report.html import csp_hash
from ..report.labels import AUDIENCES
from ..report.model import Report, Summary, ToolInfo, UnitInfo
from ..report.render import render
from ..rules import registry
from .settings import WebSettings, format_size

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class UnitChoice:
    """A unit the page offers: its id, title, and where it comes from."""

    id: str
    title: str
    version: str
    qualification: str | None
    standard: str | None
    criteria: int
    mistakes: int


def unit_choices(settings: WebSettings) -> list[UnitChoice]:
    """The installed units that load, sorted by title (a broken rule file is left out)."""
    choices = []
    for path in registry.available_units(settings.rules).values():
        try:
            rs = registry.load_cached(path)
        except RuleSetError:
            continue
        choices.append(UnitChoice(rs.id, rs.title, rs.version, rs.source.unit, rs.source.standard,
                                  len(rs.criteria), len(rs.mistakes)))
    return sorted(choices, key=lambda u: (u.title.casefold(), u.id))


def body_of(page: str) -> Markup:
    """The inside of ``page``'s ``<body>``, ready to set into another page.

    ``page`` comes from the report or grid template, which escaped everything
    it printed, so its markup is trusted as it is.
    """
    match = _BODY.search(page)
    return Markup(match.group(1) if match else "")


def _empty_report() -> Report:
    return Report(tool=ToolInfo(version=__version__), unit=UnitInfo(id="unit", title="Unit", ruleset_version="0"),
                  documents=[], criteria=[], mistakes=[],
                  summary=Summary(met=0, at_risk=0, missing=0, mistakes_detected=0))


@lru_cache(maxsize=1)
def _views() -> dict[str, str]:
    pages = {f"report-{a}": str(render(_empty_report(), "html", audience=a)) for a in AUDIENCES}
    pages["cohort"] = render_grid_html(Grid("unit", "Unit", "0", (), ()))
    return pages


@lru_cache(maxsize=1)
def view_stylesheets() -> dict[str, str]:
    """``report.css`` and ``cohort.css``: the ``<style>`` of the report and grid templates."""
    pages = _views()
    return {"report.css": "\n".join(_STYLE.findall(pages["report-learner"])),
            "cohort.css": "\n".join(_STYLE.findall(pages["cohort"]))}


@lru_cache(maxsize=1)
def view_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts of the report and grid templates (the grid's sorting)."""
    scripts = {s for page in _views().values() for s in _SCRIPT.findall(page)}
    return tuple(sorted(csp_hash(s) for s in scripts))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("evidencecheck.web", "templates"),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["size"] = format_size
    return env


def render_page(
    tab: str, settings: WebSettings, *, unit: str = "", audience: str = "learner", error: str | None = None,
    report: Markup | None = None, downloads: tuple[object, ...] = (), title: str | None = None,
) -> str:
    """The page for ``tab`` (``"learner"`` or ``"cohort"``), with a result or an error when there is one.

    Args:
        tab: Which form the page shows.
        settings: The server's settings (its units and limits).
        unit: The unit to preselect.
        audience: The audience to preselect (learner tab).
        error: A numbered message to show instead of a result.
        report: The report's (or grid's) body, from :func:`body_of`.
        downloads: :class:`~evidencecheck.web.service.Download` links to offer with it.
        title: The page title (the default names the tab).
    """
    default_title = "Check your evidence" if tab == "learner" else "Check a cohort"
    return _environment().get_template("page.html.j2").render(
        tab=tab, title=title or default_title, version=__version__, units=unit_choices(settings),
        unit=unit, audience=audience, error=error, report=report, downloads=downloads,
        limits=settings.limits, web=settings.web, view_css="report.css" if tab == "learner" else "cohort.css",
    )
