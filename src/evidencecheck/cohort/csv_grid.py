"""CSV view of the cohort grid: one row per learner, one column per criterion.

Rows are in the grid's order (by risk, highest first). Criterion columns are
named by criterion id, in rule-set order, and hold ``met``, ``at_risk``,
``missing`` or ``waived``; a learner with no verdicts (the check failed, or
nothing could be read) has empty counts and statuses. Every cell goes
through :func:`evidencecheck.report.csv_report.safe_cell`, so a learner
folder named like a formula cannot run when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from ..report.csv_report import safe_cell
from .grid import Grid

#: The fixed columns before the criterion columns.
FIXED_COLUMNS = ("learner", "risk", "met", "at_risk", "missing", "waived", "mistakes_detected", "problem", "note")


def render_grid_csv(grid: Grid) -> str:
    """Render ``grid`` as CSV text: a header, then one row per learner."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in (*FIXED_COLUMNS, *(c.id for c in grid.columns))])
    for row in grid.rows:
        counts = ("", "", "", "", "", "") if row.risk is None else (
            row.risk, row.met, row.at_risk, row.missing, row.waived, row.mistakes_detected)
        fixed = (row.learner, *counts, row.problem or "", row.note)
        writer.writerow([safe_cell(v) for v in (*fixed, *(s or "" for s in row.statuses))])
    return buffer.getvalue()
