"""Report views: HTML, Markdown, CSV, DOCX and the check command's --format/--audience."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from evidencecheck import api
from evidencecheck.cli import main
from evidencecheck.errors import ReportError
from evidencecheck.report.markdown import escape as escape_markdown
from evidencecheck.report.model import (
    CriterionEntry,
    DocumentEntry,
    ElementEntry,
    EvidenceEntry,
    MistakeEntry,
    Report,
    Summary,
    ToolInfo,
    UnitInfo,
)
from evidencecheck.report.render import FORMATS, render
from evidencecheck.rules.registry import available_units

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample-portfolio"
HOSTILE = "He said <script>alert(1)</script> and wrote {{ 7*7 }} & *bold* [link](x) | `code`"


def _unit() -> str:
    units = available_units()
    return "lead-team-improve-service" if "lead-team-improve-service" in units else min(units)


@pytest.fixture(scope="module")
def sample() -> Report:
    return api.check(SAMPLE, unit=_unit())


@pytest.fixture(scope="module")
def hostile() -> Report:
    """A hand-built report whose evidence holds markup, template syntax and spreadsheet formulas."""
    quote = EvidenceEntry(document="@evil.docx", location="paragraph 1", quote=HOSTILE, matched=["said"],
                          context="other_actor")
    criteria = [
        CriterionEntry(id="crit-met", text="Sets targets.", status="met", confidence=0.91, reasons=["Shown: targets."],
                       elements=[ElementEntry(text="a target", found=True)], evidence=[quote], refs=["AC1.1"]),
        CriterionEntry(id="crit-risk", text="Motivates the team.", status="at_risk", confidence=0.42,
                       reasons=["Not shown: the effect."],
                       elements=[ElementEntry(text="a strategy", found=True), ElementEntry(text="the effect", found=False)],
                       evidence=[quote], advice="=cmd|' /C calc'!A0", refs=["AC2.3", "-2+3"]),
        CriterionEntry(id="crit-missing", text="Coaches <b>advisers</b>.", status="missing", confidence=0.13,
                       reasons=["Not shown: coaching."], elements=[ElementEntry(text="coaching", found=False)],
                       evidence=[], advice="Add a coaching log.", refs=["AC3.1"]),
    ]
    mistakes = [
        MistakeEntry(id="vague-targets", text="Vague targets.", detected=True, reasons=["Target with no figure."],
                     evidence=[quote], advice="Add a figure."),
        MistakeEntry(id="no-one-to-ones", text="No one-to-ones.", detected=False, reasons=[], evidence=[]),
    ]
    return Report(
        tool=ToolInfo(version="0.0.0"),
        unit=UnitInfo(id="test-unit", title="Test <unit>", ruleset_version="1.0.0"),
        documents=[
            DocumentEntry(path="@evil.docx", format="docx", status="ok", words=12, evidence_types=["reflective-account"]),
            DocumentEntry(path="broken.pdf", format="pdf", status="error", error="E211 the PDF is damaged."),
        ],
        criteria=criteria,
        mistakes=mistakes,
        summary=Summary(met=1, at_risk=1, missing=1, mistakes_detected=1),
        warnings=["Skipped notes.xlsx: not evidence"],
    )


class _Collector(HTMLParser):
    """Tags, attributes, inline style text and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    parser.close()
    return parser


def _text(page: str) -> str:
    return " ".join(" ".join(_parse(page).text).split())


# --- HTML ----------------------------------------------------------------


@pytest.mark.parametrize("audience", ["learner", "assessor"])
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_html_shows_every_criterion_and_is_self_contained(which: str, audience: str, request) -> None:
    report: Report = request.getfixturevalue(which)
    page = render(report, "html", audience=audience)
    assert isinstance(page, str)
    parsed = _parse(page)
    text = _text(page)
    for c in report.criteria:
        assert (c.name or c.text) in text
        # learners read names and AC numbers; only assessors see ids (which waivers use)
        assert (c.id in text) == (audience == "assessor"), c.id
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed", "base"}, tag
        assert "src" not in attrs
        href = attrs.get("href") or ""
        assert not href or re.fullmatch(r"#(criterion|mistake)-\d+", href), href  # only links to its own cards
    css = "\n".join(parsed.styles)
    assert "@page { size: A4; margin: 15mm; }" in css
    assert "@media print" in css
    assert "break-inside: avoid" in css
    assert "@import" not in css and "url(" not in css
    assert "http://" not in page and "https://" not in page


def test_html_escapes_evidence_markup_and_template_syntax(hostile: Report) -> None:
    page = render(hostile, "html")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>advisers</b>" not in page
    assert "{{ 7*7 }}" in page
    assert "49" not in _text(page)
    assert "<script>alert(1)</script>" in _text(page)


def test_html_summary_bar_has_counts_and_text_labels(hostile: Report) -> None:
    text = _text(render(hostile, "html", audience="assessor"))
    assert "1 ✓ Met 1 ! At risk 1 ✗ Missing 1 Common mistakes detected" in text
    assert "1 ✓ Shown 1 ! Needs more 1 ✗ Not shown yet 1 Things to fix" in _text(render(hostile, "html"))
    # Status is said in words on every card, not only by colour.
    assert text.count("✓ Met") >= 2 and text.count("! At risk") >= 2 and text.count("✗ Missing") >= 2


def test_html_assessor_shows_confidence_refs_and_context(hostile: Report) -> None:
    text = _text(render(hostile, "html", audience="assessor"))
    assert "Confidence: 42%" in text
    assert "AC2.3" in text and "AC1.1" in text
    assert "someone else" in text  # the context label of other_actor evidence
    assert "@evil.docx, paragraph 1" in text


def test_html_learner_leads_with_advice_and_hides_confidence(hostile: Report) -> None:
    page = render(hostile, "html")
    text = _text(page)
    assert "confidence" not in page.lower()
    assert "42%" not in text
    assert "AC2.3" in text  # AC numbers, never ids
    assert "crit-risk" not in text
    # The page leads with what to do next: every criterion not met, then every mistake to fix, linked to its card.
    todo = text[text.index("What to do next"):text.index("Marking points")]
    assert todo.index("Motivates the team.") < todo.index("Coaches <b>advisers</b>.") < todo.index("Fix: Vague targets.")
    assert "Sets targets." not in todo
    assert 'href="#criterion-2"' in page and 'href="#mistake-1"' in page
    # On each card: advice first, then what to add, then the evidence already there.
    card = text[text.index("Motivates the team.", text.index("Marking points")):text.index("Coaches <b>advisers</b>.",
                                                                                         text.index("Marking points"))]
    assert card.index("What to do next") < card.index("What to add") < card.index("the effect") < card.index("He said")
    assert "Add a coaching log." in text


def test_html_lists_mistakes_documents_and_warnings(hostile: Report) -> None:
    text = _text(render(hostile, "html"))
    assert "Vague targets." in text and "No one-to-ones." in text
    assert "reflective account" in text and "reflective-account" not in text  # kinds in words
    # A mistake not detected is said plainly, with no tick that reads as "yes, this mistake"
    assert "Not found in your evidence" in text and "✓ No one-to-ones." not in text
    assert "E211 the PDF is damaged." in text
    assert "Skipped notes.xlsx: not evidence" in text


def test_html_sample_learner_hides_confidence(sample: Report) -> None:
    page = render(sample, "html")
    assert "Confidence:" not in page
    assert "Confidence:" in render(sample, "html", audience="assessor")


# --- Markdown ------------------------------------------------------------


def test_markdown_escapes_evidence(hostile: Report) -> None:
    md = render(hostile, "markdown")
    assert isinstance(md, str)
    assert "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md or "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "{{" not in md and "{%" not in md
    assert "\\{\\{ 7\\*7 \\}\\}" in md
    assert "\\*bold\\*" in md and "\\[link\\](x)" in md and "\\`code\\`" in md
    assert " &amp; " in md


def test_markdown_table_cells_escape_pipes(hostile: Report) -> None:
    md = render(hostile, "markdown", audience="assessor")
    rows = [line for line in md.splitlines() if line.startswith("| crit-")]
    assert len(rows) == 3
    for row in rows:
        # Every unescaped pipe is a column border: five columns, six borders.
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_markdown_shows_every_criterion(which: str, request) -> None:
    report: Report = request.getfixturevalue(which)
    for audience in ("learner", "assessor"):
        md = render(report, "markdown", audience=audience)
        for c in report.criteria:
            assert (c.id.replace("_", "\\_") in md) == (audience == "assessor")
            assert escape_markdown(c.name or c.text) in md
    assert "Confidence" in render(report, "markdown", audience="assessor")
    assert "Confidence" not in render(report, "markdown")


# --- CSV -----------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_csv_has_header_and_one_row_per_criterion(which: str, request) -> None:
    report: Report = request.getfixturevalue(which)
    out = render(report, "csv")
    assert isinstance(out, str)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["criterion"] for r in rows] == [c.id for c in report.criteria]
    assert list(rows[0]) == ["unit", "criterion", "status", "confidence", "refs", "elements_found", "elements_total",
                             "evidence_document", "evidence_location", "advice", "name", "waived", "waiver"]
    for row, c in zip(rows, report.criteria):
        assert row["status"] == c.status
        assert row["elements_total"] == str(len(c.elements))


def test_csv_neutralises_formula_cells(hostile: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(hostile, "csv"), newline="")))
    risk = rows[1]
    assert risk["advice"] == "'=cmd|' /C calc'!A0"
    assert risk["evidence_document"] == "'@evil.docx"
    assert risk["refs"] == "AC2.3; -2+3"  # starts with "A": not a formula
    assert rows[0]["elements_found"] == "1" and rows[1]["elements_found"] == "1"
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@", value


# --- DOCX ----------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_docx_opens_and_names_every_criterion(which: str, request) -> None:
    report: Report = request.getfixturevalue(which)
    data = render(report, "docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    text = _docx_text(data)
    for c in report.criteria:
        assert (c.name or c.text) in text
        assert c.id not in text  # a form people read: names and AC numbers, never ids
    assert "Signature" in text and "Date" in text
    assert text.count("Not yet met") == len(report.criteria)


def test_docx_holds_evidence_references_advice_mistakes_and_audience(hostile: Report) -> None:
    learner = _docx_text(render(hostile, "docx"))
    assert "@evil.docx, paragraph 1" in learner
    assert "Add a coaching log." in learner
    assert "Vague targets." in learner and "vague-targets" not in learner
    assert f"\u201c{HOSTILE}\u201d (@evil.docx, paragraph 1)" in learner  # quotes, not bare locations
    assert "Confidence" not in learner
    assessor = _docx_text(render(hostile, "docx", audience="assessor"))
    assert "Confidence" in assessor and "42%" in assessor and "AC2.3" in assessor


def test_docx_drops_characters_xml_forbids(hostile: Report) -> None:
    dirty = hostile.model_copy(deep=True)
    dirty.criteria[1].advice = "bad\x00control\x0bchars"  # [0] is met: its card says nothing more is needed
    assert "badcontrolchars" in _docx_text(render(dirty, "docx"))


# --- dispatch --------------------------------------------------------------


def test_render_json_matches_the_contract(hostile: Report) -> None:
    out = render(hostile, "json")
    assert Report.model_validate_json(out) == hostile


def test_render_terminal_is_plain_text(hostile: Report) -> None:
    out = render(hostile, "terminal")
    assert isinstance(out, str) and "Motivates the team." in out and "\x1b[" not in out
    assert "crit-risk" not in out and "crit-risk" in render(hostile, "terminal", audience="assessor")


def test_render_unknown_format_raises_e304(hostile: Report) -> None:
    with pytest.raises(ReportError) as info:
        render(hostile, "pdf")
    assert info.value.code == "E304"
    assert "pdf" in str(info.value) and all(f in str(info.value) for f in FORMATS)


def test_render_unknown_audience_is_refused(hostile: Report) -> None:
    with pytest.raises(ValueError, match="audience"):
        render(hostile, "html", audience="parent")


# --- the check command -------------------------------------------------------


def test_cli_check_writes_html_file(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    status = main(["check", str(SAMPLE), "--unit", _unit(), "--format", "html", "-o", str(out)])
    assert status in (0, 1)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
def test_cli_check_writes_text_formats_to_stdout(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(SAMPLE), "--unit", _unit(), "--format", fmt, "--audience", "assessor"])
    assert status in (0, 1)
    out = capsys.readouterr().out
    assert out.strip()


def test_cli_check_docx_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--unit", _unit(), "--format", "docx"]) == 2
    assert "--output" in capsys.readouterr().err


def test_cli_check_writes_docx(tmp_path: Path) -> None:
    out = tmp_path / "feedback.docx"
    status = main(["check", str(SAMPLE), "--unit", _unit(), "--format", "docx", "-o", str(out),
                   "--audience", "assessor", "--exit-zero"])
    assert status == 0
    docx.Document(str(out))


def test_cli_check_rejects_unknown_audience(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", str(SAMPLE), "--unit", _unit(), "--audience", "parent"])
    assert info.value.code == 2


def test_assessor_views_label_near_misses_apart_from_evidence(hostile: Report) -> None:
    from evidencecheck.report.render import render_terminal_text

    near = EvidenceEntry(document="account.docx", location="paragraph 4", quote="We never held a <b>briefing</b>.",
                         matched=["briefing"], context="negated")
    report = hostile.model_copy(deep=True)
    report.criteria[2].near_misses = [near]
    page = _text(render(report, "html", audience="assessor"))
    assert "Near misses (not evidence)" in page and "We never held a <b>briefing</b>." in page
    assert "<b>briefing</b>" not in render(report, "html", audience="assessor")  # escaped, not markup
    md = render(report, "markdown", audience="assessor")
    assert "Near misses (not evidence):" in md and "&lt;b&gt;briefing&lt;/b&gt;" in md and "<b>" not in md
    term = render_terminal_text(report, audience="assessor", verbose=True, width=200)
    assert "Near miss, not evidence" in term and "We never held a <b>briefing</b>." in term
    assert "Near miss, not evidence (" in _docx_text(render(report, "docx", audience="assessor"))
    # the learner's views show the reasons, not the assessor's list of near misses
    for view in (render(report, "html"), render(report, "markdown"),
                 render_terminal_text(report, verbose=True, width=200), _docx_text(render(report, "docx"))):
        assert "Near miss" not in view
    assert "Near miss" not in render(hostile, "html", audience="assessor")  # none, no heading
