"""DOCX view of a report: a feedback form the assessor completes and signs.

It has the criteria table (status, evidence references, advice), the common
mistakes, a decision box per criterion for the assessor, and a signature and
date block. Characters that XML 1.0 forbids (control characters that PDFs
sometimes yield, and lone surrogates) are dropped, since python-docx would refuse them.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt
from docx.table import Table

from .labels import STATUS_SYMBOLS, check_audience, context_label, status_label
from .model import CriterionEntry, Report

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # and lone surrogates


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _evidence_refs(c: CriterionEntry, assessor: bool) -> str:
    refs = []
    for ev in c.evidence:
        ref = f"{ev.document}, {ev.location}"
        if assessor and ev.context != "first_hand":
            ref += f" ({context_label(ev.context)})"
        refs.append(ref)
    return "\n".join(refs) or "None found"


def _fill_row(table: Table, values: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells  # type: ignore[no-untyped-call,unused-ignore]
    for cell, value in zip(cells, values):
        cell.text = _clean(value)
        if bold:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _criteria_table(doc: DocumentObject, report: Report, audience: str) -> None:
    assessor = audience == "assessor"
    header = ["Criterion", "Status", "Evidence references", "Advice"]
    if assessor:
        header[1:2] = ["Status", "Confidence", "AC refs"]
    table = doc.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    _fill_row(table, header, bold=True)
    for c in report.criteria:
        status = f"{STATUS_SYMBOLS[c.status]} {status_label(c.status, audience)}"
        row = [f"{c.id}\n{c.text}", status, _evidence_refs(c, assessor), c.advice or ""]
        if assessor:
            row[1:2] = [status, f"{c.confidence:.0%}", ", ".join(c.refs)]
        _fill_row(table, row)


def _decision_box(doc: DocumentObject, c: CriterionEntry) -> None:
    doc.add_heading(_clean(f"{c.id}: {c.text}"), level=3)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _fill_row(table, ["Decision", "\u2610 Met      \u2610 Not yet met"])
    _fill_row(table, ["Assessor's comments", "\n\n\n"])


def _signature_block(doc: DocumentObject) -> None:
    doc.add_heading("Signatures", level=1)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    _fill_row(table, ["", "Name", "Signature", "Date"], bold=True)
    _fill_row(table, ["Assessor", "", "", ""])
    _fill_row(table, ["Learner", "", "", ""])


def render_docx(report: Report, *, audience: str = "learner") -> bytes:
    """Render ``report`` as a DOCX feedback form and return the file's bytes."""
    check_audience(audience)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    title = f"Evidence check feedback: {report.unit.title}"
    doc.core_properties.title = _clean(title)[:255]  # Word's limit: python-docx refuses more
    doc.core_properties.author = "evidencecheck"
    doc.add_heading(_clean(title), level=0)
    doc.add_paragraph(_clean(
        f"Unit: {report.unit.title} ({report.unit.id}), rules version {report.unit.ruleset_version}. "
        f"Checked by evidencecheck {report.tool.version}."
    ))
    s = report.summary
    doc.add_paragraph(
        f"Summary: {s.met} {status_label('met', audience).lower()}, "
        f"{s.at_risk} {status_label('at_risk', audience).lower()}, "
        f"{s.missing} {status_label('missing', audience).lower()}; "
        f"{s.mistakes_detected} common mistake(s) detected."
    )

    doc.add_heading("Criteria", level=1)
    _criteria_table(doc, report, audience)

    doc.add_heading("Common mistakes", level=1)
    detected = [m for m in report.mistakes if m.detected]
    if not detected:
        doc.add_paragraph("No common mistakes were detected.")
    for m in detected:
        doc.add_paragraph(_clean(f"{m.id}: {m.text}"), style="List Bullet")
        for line in ([m.advice] if m.advice else []) + m.reasons[:2]:
            doc.add_paragraph(_clean(line), style="List Bullet 2")
    not_detected = [m for m in report.mistakes if not m.detected]
    if not_detected:
        doc.add_paragraph("Checked and not found: " + _clean("; ".join(m.id for m in not_detected)) + ".")

    doc.add_heading("Assessor's decisions", level=1)
    for c in report.criteria:
        _decision_box(doc, c)

    _signature_block(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
