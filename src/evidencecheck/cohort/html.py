"""HTML view of the cohort grid: one self-contained page, colour-coded and sortable.

The page carries its CSS and a small sorting script inline and loads nothing
from elsewhere. Its Content-Security-Policy allows only that one script, by
its SHA-256 hash. Rows are written already sorted by risk, so the page reads
correctly with scripts disabled; the script only adds click-to-sort headings.
Everything from the cohort (learner folder names, notes) is escaped by
Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._version import __version__
from ..report.html import environment
from ..report.labels import STATUS_SYMBOLS, status_label
from ..report.model import refs_label
from .grid import CHECK_COLUMNS, CHECK_HEADINGS, RISK_WEIGHTS, STATUSES, Grid
from .model import SkippedEntry

TEMPLATE = "cohort.html.j2"
# data-sort ranks of a cell: a click on a criterion heading puts the worst first.
_RANK = {"met": 0, "waived": 0, "at_risk": 1, "missing": 2, "unknown": 3}
_LABELS = {"waived": "Waived"}
_SYMBOLS: dict[str, str] = {**STATUS_SYMBOLS, "waived": "\u2713"}


def render_grid_html(
    grid: Grid,
    *,
    links: Mapping[str, str] | None = None,
    skipped: Iterable[SkippedEntry] = (),
) -> str:
    """Render ``grid`` as a standalone HTML page.

    Args:
        grid: The cohort grid, rows in the order to show them.
        links: Learner name to a (relative) URL of that learner's HTML report.
        skipped: Entries of the cohort folder that were not checked, listed at the end.
    """
    max_risk = RISK_WEIGHTS["missing"] * len(grid.columns)
    return environment().get_template(TEMPLATE).render(
        grid=grid,
        check_columns=CHECK_COLUMNS,
        check_headings=CHECK_HEADINGS,
        links=dict(links or {}),
        skipped=list(skipped),
        tool_version=__version__,
        label=lambda status: _LABELS.get(status) or status_label(status, "assessor"),
        symbol=_SYMBOLS,
        statuses=(*STATUSES, "waived"),
        refs_label=refs_label,
        rank=_RANK,
        failed_risk=max_risk + 1,
        totals=grid.totals,
    )
