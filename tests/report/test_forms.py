"""The learner HTML and the DOCX feedback form, as a learner and an assessor meet them."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

import evidencecheck
from evidencecheck.report.render import render

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


@pytest.fixture(scope="module")
def sample() -> evidencecheck.Report:
    return evidencecheck.check(SAMPLE, unit=UNIT)


@pytest.fixture(scope="module")
def form(sample: evidencecheck.Report) -> docx.document.Document:
    data = render(sample, "docx")
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


# --- learner HTML ----------------------------------------------------------------------------


def test_learner_html_leads_with_what_to_do_next(sample: evidencecheck.Report) -> None:
    page = render(sample, "html")
    assert isinstance(page, str)
    todo_at = page.index('<section class="todo"')
    assert page.index("Summary") < todo_at < page.index("Marking points")
    todo = page[todo_at:page.index("</section>", todo_at)]
    open_points = [c for c in sample.criteria if c.status != "met"]
    assert todo.count("<li>") == len(open_points) + sum(m.detected for m in sample.mistakes)
    for c in open_points:
        assert f'href="#criterion-{sample.criteria.index(c) + 1}"' in todo
        assert (c.name or "").replace("'", "&#39;") in todo and (c.advice or "").replace("'", "&#39;") in todo
    for c in sample.criteria:
        if c.status == "met":
            assert (c.name or "").replace("'", "&#39;") not in todo
    assert "Nothing more is needed" not in todo


def test_learner_html_says_plainly_which_mistakes_were_not_found(sample: evidencecheck.Report) -> None:
    page = render(sample, "html")
    assert isinstance(page, str)
    section = page[page.index('id="mistakes-heading"'):page.index('id="documents-heading"')]
    assert "Not found in your evidence" in section
    assert "These common mistakes were checked for, and your evidence does not show them:" in section
    assert '<li class="found">' not in section  # no tick beside "Micromanaging"
    assert "<li>Micromanaging</li>" in section
    assert "micromanaging" not in section  # the id


def test_learner_html_says_which_bodys_version_of_the_unit(sample: evidencecheck.Report) -> None:
    page = render(sample, "html")
    assert ("City &amp; Guilds version of Ofqual unit H/601/1568 for the City &amp; Guilds 3412 Level 3 NVQ Diploma "
            "in Contact Centre Operations &middot; check that this is your awarding body's version of the unit"
            ) in str(page)


# --- DOCX form -------------------------------------------------------------------------------


def test_docx_form_is_a4(form: docx.document.Document) -> None:
    section = form.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # not US Letter
    usable = section.page_width - section.left_margin - section.right_margin
    for table in form.tables:
        assert sum(c.width for c in table.columns) <= usable + Mm(1)


def test_docx_columns_are_fixed_to_fit_their_content(form: docx.document.Document) -> None:
    criteria = form.tables[1]
    assert [c.text for c in criteria.rows[0].cells] == ["Marking point", "Status", "From the evidence",
                                                         "What to do next"]
    assert criteria._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [round(c.width.mm) for c in criteria.columns]
    assert widths == [44, 24, 62, 44]
    # every cell carries its column's width, so Word and LibreOffice wrap at word boundaries
    for row in criteria.rows:
        assert [round(cell.width.mm) for cell in row.cells] == widths


def test_docx_quotes_the_evidence_rather_than_repeating_locations(form: docx.document.Document,
                                                                  sample: evidencecheck.Report) -> None:
    criteria = form.tables[1]
    for row, c in zip(list(criteria.rows)[1:], sample.criteria):
        cell = row.cells[2].text
        for ev in c.evidence[:3]:
            assert f"\u201c{ev.quote}\u201d ({ev.document}, {ev.location})" in cell
        if len(c.evidence) > 3:
            assert f"and {len(c.evidence) - 3} more quote" in cell


def test_docx_names_criteria_never_by_id(form: docx.document.Document, sample: evidencecheck.Report) -> None:
    text = "\n".join([p.text for p in form.paragraphs]
                     + [c.text for t in form.tables for r in t.rows for c in r.cells])
    for c in sample.criteria:
        assert c.id not in text
        assert f"{c.name} (AC {', '.join(c.refs)})" in text
    for m in sample.mistakes:
        assert m.id not in text


def test_docx_decision_and_signature_tables_stay_on_one_page(form: docx.document.Document) -> None:
    decisions = [t for t in form.tables if t.rows[0].cells[0].text == "Decision"]
    signature = next(t for t in form.tables if t.rows[0].cells[1].text == "Name")
    assert len(decisions) == 5
    for table in [*decisions, signature]:
        rows = list(table.rows)
        for i, row in enumerate(rows):
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    assert paragraph.paragraph_format.keep_with_next is (i < len(rows) - 1)
    headings = [p for p in form.paragraphs if p.style.name.startswith("Heading 3") or p.text == "Signatures"]
    assert all(p.paragraph_format.keep_with_next for p in headings)


def test_docx_learner_name_and_unit_version(sample: evidencecheck.Report) -> None:
    named = sample.model_copy(update={"learner": "Amy Patel"})
    document = docx.Document(io.BytesIO(render(named, "docx")))  # type: ignore[arg-type]
    details = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert details[0] == ["Learner", "Amy Patel"]
    assert details[2][1].startswith("City & Guilds version of Ofqual unit H/601/1568")
