"""DOCX view of a report: an A4 feedback form the assessor completes and signs.

It has the criteria table (status, quotes from the evidence with where they
are, what to do next), the common mistakes, a decision box per criterion, and
a signature and date block. Criteria are named as people name them (name and
AC numbers), never by id. Column widths are fixed to fit their content, and
each decision box and the signature block are kept on one page. Characters
that XML 1.0 forbids (control characters that PDFs sometimes yield, and lone
surrogates) are dropped, since python-docx would refuse them.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from .checks_view import check_sections
from .labels import STATUS_SYMBOLS, check_audience, context_label, status_label, summary_line
from .model import CriterionEntry, Report, refs_label

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # and lone surrogates
#: A4 with 18 mm margins leaves 174 mm for tables.
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = Mm(210), Mm(297), Mm(18)
#: Quotes shown per criterion before "and N more".
_QUOTES_SHOWN = 3
# Column widths in mm (they add up to the 174 mm between the margins).
_LEARNER_COLUMNS = (44, 24, 62, 44)
_ASSESSOR_COLUMNS = (38, 22, 16, 18, 46, 34)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _criterion_name(c: CriterionEntry) -> str:
    name = c.name or c.text
    return f"{name} ({refs_label(c.refs)})" if c.refs else name


def _quotes(c: CriterionEntry, assessor: bool) -> str:
    lines = []
    for ev in c.evidence[:_QUOTES_SHOWN]:
        source = f"{ev.document}, {ev.location}"
        if assessor and ev.context != "first_hand":
            source += f"; {context_label(ev.context)}"
        lines.append(f"\u201c{ev.quote}\u201d ({source})")
    more = len(c.evidence) - _QUOTES_SHOWN
    if more > 0:
        lines.append(f"and {more} more quote{'s' if more != 1 else ''} (see the HTML or JSON report)")
    if not lines:
        lines.append("None found")
    if assessor:
        lines += [f"Near miss, not evidence ({context_label(ev.context)}): \u201c{ev.quote}\u201d "
                  f"({ev.document}, {ev.location})" for ev in c.near_misses[:1]]
    return "\n\n".join(lines)


def _fixed_widths(table: Table, widths_mm: tuple[int, ...]) -> None:
    """Fix the table's layout and column widths, so Word and LibreOffice wrap at word boundaries."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")  # room between the text and the cell's borders
    for side, twips in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _keep_together(table: Table) -> None:
    """Keep every row whole and the table on one page (each paragraph keeps with the next)."""
    rows = list(table.rows)
    for i, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.append(cant_split)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = i < len(rows) - 1


def _fill_row(table: Table, values: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells  # type: ignore[no-untyped-call,unused-ignore]
    for cell, value in zip(cells, values):
        cell.text = _clean(value)
        if bold:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _criteria_table(doc: DocumentObject, report: Report, audience: str) -> None:
    assessor = audience == "assessor"
    header = ["Criterion" if assessor else "Marking point", "Status", "From the evidence", "What to do next"]
    if assessor:
        header[1:2] = ["Status", "Confidence", "AC refs"]
        header[-1] = "Advice to the learner"
    table = doc.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    _fill_row(table, header, bold=True)
    for c in report.criteria:
        status = f"{STATUS_SYMBOLS[c.status]} {status_label(c.status, audience)}"
        if c.waiver is not None:
            status += "\nWaived by the assessor"
        advice = "Nothing more is needed." if c.status == "met" else c.advice or ""
        if c.waiver is not None:
            advice = (advice + "\n\n" if advice else "") + (c.waiver.line if assessor else c.waiver.describe())
        name = (c.name or c.text) if assessor else _criterion_name(c)
        row = [name, status, _quotes(c, assessor), advice]
        if assessor:
            row[1:2] = [status, f"{c.confidence:.0%}", ", ".join(c.refs)]
        _fill_row(table, row)
    _fixed_widths(table, _ASSESSOR_COLUMNS if assessor else _LEARNER_COLUMNS)
    _header_row_repeats(table)
    for row in table.rows:  # a criterion's row is never split across two pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header_row_repeats(table: Table) -> None:
    """Repeat the header row at the top of each page the table runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _decision_box(doc: DocumentObject, c: CriterionEntry) -> None:
    heading = doc.add_heading(_clean(_criterion_name(c)), level=3)
    heading.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _fill_row(table, ["Decision", "\u2610 Met      \u2610 Not yet met"])
    _fill_row(table, ["Assessor's comments", "\n\n\n"])
    _fixed_widths(table, (44, 130))
    _keep_together(table)


def _signature_block(doc: DocumentObject) -> None:
    heading = doc.add_heading("Signatures", level=1)
    heading.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    _fill_row(table, ["", "Name", "Signature", "Date"], bold=True)
    _fill_row(table, ["Assessor", "", "", ""])
    _fill_row(table, ["Learner", "", "", ""])
    for row in list(table.rows)[1:]:
        row.height = Mm(14)
    _fixed_widths(table, (30, 54, 54, 36))
    _keep_together(table)


def _details(doc: DocumentObject, report: Report) -> None:
    unit = report.unit
    rows = [("Learner", report.learner or ""), ("Unit", unit.title)]
    if unit.source_line:
        rows.append(("Version", unit.source_line))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        _fill_row(table, [label, value])
        table.rows[-1].cells[0].paragraphs[0].runs[0].bold = True
        table.rows[-1].height = Mm(7)  # room to write the learner's name by hand
    _fixed_widths(table, (30, 144))


def render_docx(report: Report, *, audience: str = "learner") -> bytes:
    """Render ``report`` as an A4 DOCX feedback form and return the file's bytes."""
    check_audience(audience)
    assessor = audience == "assessor"
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN
    doc.styles["Normal"].font.size = Pt(10)
    title = f"Evidence check feedback: {report.unit.title}"
    doc.core_properties.title = _clean(title)[:255]  # Word's limit: python-docx refuses more
    doc.core_properties.author = "evidencecheck"  # how evidencecheck knows the file is its own
    doc.add_heading(_clean(title), level=0)
    _details(doc, report)
    doc.add_paragraph(_clean(
        f"Checked by evidencecheck {report.tool.version} against rules version {report.unit.ruleset_version}. "
        "An automatic check to support, not replace, the assessor's judgement."
    ))
    if not report.checked:
        doc.add_heading("Nothing could be checked", level=1)
        doc.add_paragraph(_clean(report.problem or ""))
        for d in report.documents:
            if d.status == "error":
                doc.add_paragraph(_clean(f"{d.path}: {d.error}"), style="List Bullet")
        return _save(doc)
    doc.add_paragraph(_clean(f"Summary: {summary_line(report, audience)}"))

    doc.add_heading("Criteria" if assessor else "Marking points", level=1)
    _criteria_table(doc, report, audience)

    doc.add_heading("Common mistakes", level=1)
    detected = [m for m in report.mistakes if m.detected]
    if not detected:
        doc.add_paragraph("No common mistakes were detected.")
    for m in detected:
        doc.add_paragraph(_clean(f"{m.name or m.text}: {m.text}" if m.name else m.text), style="List Bullet")
        lines = ([f"What to do: {m.advice}"] if m.advice else []) + list(m.reasons)
        lines += [f"\u201c{ev.quote}\u201d ({ev.document}, {ev.location})" for ev in m.evidence[:_QUOTES_SHOWN]]
        if m.waiver is not None:
            lines.append(m.waiver.line if assessor else m.waiver.describe())
        for line in lines:
            doc.add_paragraph(_clean(line), style="List Bullet 2")
    not_detected = [m for m in report.mistakes if not m.detected]
    if not_detected:
        doc.add_paragraph("Checked and not found in the evidence: "
                          + _clean("; ".join(m.name or m.text for m in not_detected)) + ".")

    sections = check_sections(report.checks)
    if sections:
        doc.add_heading("Evidence checks", level=1)
    for check in sections:
        doc.add_paragraph(_clean(f"{check.title}: {check.verdict}"), style="List Bullet")
        for line in check.lines:
            doc.add_paragraph(_clean(line.strip()), style="List Bullet 2")

    doc.add_heading("Assessor's decisions", level=1)
    for c in report.criteria:
        _decision_box(doc, c)

    _signature_block(doc)
    return _save(doc)


def _save(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
