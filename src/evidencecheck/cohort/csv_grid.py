"""CSV view of the cohort grid: one row per learner, one column per criterion.

Rows are in the grid's order (by risk, highest first). Criterion columns are
named by criterion id, in rule-set order (then one column per evidence check, ``check_authenticity``...
``check_copying``, counting its findings, and ``shared_passages`` naming documents that share long
passages with another learner's), and hold ``met``, ``at_risk``,
``missing`` or ``waived``; a learner with no verdicts (the check failed, or
nothing could be read) has empty counts and statuses. Every cell goes
through :func:`evidencecheck.report.csv_report.safe_cell`, so a learner
folder named like a formula cannot run when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from ..report.csv_report import safe_cell
from .grid import CHECK_COLUMNS, Grid

#: The fixed columns before the criterion columns.
FIXED_COLUMNS = ("learner", "risk", "met", "at_risk", "missing", "waived", "mistakes_detected", "problem", "note")


def render_grid_csv(grid: Grid) -> str:
    """Render ``grid`` as CSV text: a header, then one row per learner."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    checks = (*(f"check_{name}" for name in CHECK_COLUMNS), "shared_passages")
    writer.writerow([safe_cell(v) for v in (*FIXED_COLUMNS, *(c.id for c in grid.columns), *checks)])
    for row in grid.rows:
        counts = ("", "", "", "", "", "") if row.risk is None else (
            row.risk, row.met, row.at_risk, row.missing, row.waived, row.mistakes_detected)
        fixed = (row.learner, *counts, row.problem or "", row.note)
        flags = tuple("" if n is None else n for n in row.checks) or tuple("" for _ in CHECK_COLUMNS)
        writer.writerow([safe_cell(v) for v in (*fixed, *(s or "" for s in row.statuses), *flags,
                                                "; ".join(row.shared))])
    return buffer.getvalue()
