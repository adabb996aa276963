"""CSV view of a report: one row per criterion, for trackers and spreadsheets.

Cells that a spreadsheet would run as a formula (starting ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with a single quote, so
text from evidence files cannot execute when the CSV is opened in Excel.
CSV is a data export, so it always carries every column whatever the audience.
The columns after ``advice`` (``name``, ``waived``, ``waiver``) came with report
schema 2; the earlier ones are unchanged.
"""

from __future__ import annotations

import csv
import io

from .model import CriterionEntry, Report

HEADER = (
    "unit", "criterion", "status", "confidence", "refs", "elements_found", "elements_total",
    "evidence_document", "evidence_location", "advice", "name", "waived", "waiver",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that a spreadsheet will not treat as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(unit: str, c: CriterionEntry) -> list[str]:
    first = c.evidence[0] if c.evidence else None
    return [safe_cell(v) for v in (
        unit, c.id, c.status, f"{c.confidence:.2f}", "; ".join(c.refs),
        sum(e.found for e in c.elements), len(c.elements),
        first.document if first else "", first.location if first else "", c.advice or "",
        c.name or "", "yes" if c.waiver else "", c.waiver.line if c.waiver else "",
    )]


def render_csv(report: Report) -> str:
    """Render ``report`` as CSV text: a header, then one row per criterion in rule-set order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for c in report.criteria:
        writer.writerow(_row(report.unit.id, c))
    return buffer.getvalue()
