"""Evidence text with markup, template syntax and formulas is shown literally in every report view.

Two reports are checked: one from the real pipeline, on a portfolio whose
sentences (and file names) carry the hostile strings, so the quotes and
references hold them as the checker extracted them; and one built by hand
with hostile text in every field, including characters XML 1.0 forbids.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import docx
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from evidencecheck.api import check_portfolio
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.report.csv_report import safe_cell
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
from evidencecheck.report.render import render
from evidencecheck.report.terminal import render_terminal
from evidencecheck.rules.registry import load_unit

SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}"
HOSTILE = (  # the first few fit in a reason's 140-character excerpt of a quote
    SCRIPT, TEMPLATE, "[/]", "[bold]z[/bold]", "a|b", "`tick`", "{% for x in y %}{% endfor %}", "{# note #}",
    "]]>", "<!--", "-->", "[x](javascript:alert(1))", "![](http://evil/x.png)", "<img src=x onerror=alert(1)>",
    "*em*", "_u_", "&amp;", "<a href=//evil>y</a>", "${{x}}",
)
SENTENCE = " ".join(HOSTILE)
NAMES = ('=HYPERLINK("http://evil","x")|<b>log</b>.txt', "+cmd|' /C calc'!A0.md", "@SUM(A1) witness.txt")
CONTROL = "".join(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]) + "\ud800\udfff\ufffe\uffff"
AUDIENCES = ("learner", "assessor")
# The template's own elements: anything else in a page came from the data.
TEMPLATE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
                 "section", "ul", "ol", "li", "span", "article", "div", "strong", "blockquote", "table", "thead",
                 "tbody", "tr", "th", "td", "br", "footer", "a", "b"}
# The only links a report page has: the "what to do next" list pointing at its own cards.
INTERNAL_LINK = re.compile(r"#(criterion|mistake)-\d+")


@pytest.fixture(scope="module")
def pipeline() -> Report:
    """A real check of a portfolio whose evidence sentences are full of hostile strings."""
    texts = (
        (f"Coaching log\n\nOn 3 May I coached Sam on call control {SENTENCE} and we agreed a target of 80% for "
         f"his AHT\n\nComplaints fell from 14 to 6 after I introduced a callback checklist {SENTENCE}\n"),
        (f"# Team meeting {TEMPLATE}\n\n| Measure | Result {SCRIPT} |\n| --- | --- |\n| AHT a|b | 6:05 |\n\n"
         f"I gave Dev feedback on his quality scores {SENTENCE} every Monday\n"),
        f"Witness testimony\n\nPriya ran a huddle every Monday and recognised Dev's effort {SENTENCE}\n",
    )
    documents = tuple(parse_string(text, name=name) for text, name in zip(texts, NAMES))
    report = check_portfolio(Portfolio(documents=documents), ruleset=load_unit("lead-team-improve-service"))
    quotes = " ".join(e.quote for c in report.criteria for e in c.evidence)
    assert SCRIPT in quotes and TEMPLATE in quotes and "a|b" in quotes  # the quotes carry the attack
    return report


def _hostile(text: str) -> str:
    return f"{text} {SENTENCE} {CONTROL}"


@pytest.fixture(scope="module")
def built() -> Report:
    """A hand-made report with hostile text (and XML-forbidden characters) in every text field."""
    evidence = [EvidenceEntry(document=_hostile(NAMES[0]), location=_hostile("paragraph 1"),
                              quote=_hostile("I coached Sam"), matched=[_hostile("coached")], context="first_hand")]
    criteria = [
        CriterionEntry(id=f"crit-{status}", text=_hostile("Criterion text"), status=status, confidence=0.5,
                       reasons=[_hostile("A reason")], elements=[ElementEntry(text=_hostile("An element"),
                       found=status == "met", id="el")], evidence=evidence, advice=advice, refs=[_hostile("1.1")])
        for status, advice in (("met", "=1+1"), ("at_risk", "+cmd"), ("missing", "-2+3"))
    ]
    mistakes = [MistakeEntry(id="vague", text=_hostile("A mistake"), detected=True, reasons=[_hostile("Why")],
                             evidence=evidence, advice="@SUM(A1)"),
                MistakeEntry(id="fine", text=_hostile("Another"), detected=False, reasons=[], evidence=[])]
    return Report(
        tool=ToolInfo(version="0.0.0"),
        unit=UnitInfo(id="unit", title=_hostile("Unit title"), ruleset_version=_hostile("1")),
        documents=[DocumentEntry(path=_hostile(NAMES[0]), format="txt", status="ok", words=3,
                                 evidence_types=[_hostile("other")], warnings=[_hostile("W")]),
                   DocumentEntry(path="\tbad.pdf", format="pdf", status="error", error=_hostile("E211 damaged"))],
        criteria=criteria, mistakes=mistakes, summary=Summary(met=1, at_risk=1, missing=1, mistakes_detected=1),
        warnings=[_hostile("A warning")],
    )


def _reports(request: pytest.FixtureRequest, which: str) -> Report:
    return request.getfixturevalue(which)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _data_strings(report: Report) -> list[str]:
    """Every evidence quote and document name, which the views must show literally."""
    out = [e.quote for c in report.criteria for e in c.evidence] + [d.path for d in report.documents]
    return [_norm(s) for s in out if s.strip()]


def _carried(report: Report) -> list[str]:
    """The hostile strings the report holds (a pipeline quote is one sentence, at most 320 characters)."""
    data = " ".join(_data_strings(report))
    carried = [piece for piece in HOSTILE if piece in data]
    assert {SCRIPT, TEMPLATE, "a|b", "`tick`"} <= set(carried)
    return carried


# --- HTML ------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.other: list[str] = []  # declarations, processing instructions, CDATA
        self.text: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip = tag in ("style", "title")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.other.append(decl)

    def handle_pi(self, data: str) -> None:
        self.other.append(data)

    def unknown_decl(self, data: str) -> None:
        self.other.append(data)


def _page(text: str) -> tuple[_Page, str]:
    page = _Page()
    page.feed(text)
    page.close()
    return page, _norm(" ".join(page.text))


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("which", ["pipeline", "built"])
def test_hostile_html_shows_evidence_only_as_text(request: pytest.FixtureRequest, which: str, audience: str) -> None:
    report = _reports(request, which)
    out = render(report, "html", audience=audience)
    assert isinstance(out, str)
    page, text = _page(out)
    assert {tag for tag, _ in page.tags} <= TEMPLATE_TAGS
    assert not any(tag == "script" for tag, _ in page.tags)  # the template has no script of its own
    for _, attrs in page.tags:
        assert not any(name.startswith("on") or name in ("src", "srcdoc", "action") for name in attrs)
        assert "href" not in attrs or INTERNAL_LINK.fullmatch(attrs["href"] or ""), attrs
    assert page.comments == [] and page.other == ["DOCTYPE html"]
    data = _data_strings(report)
    for piece in _carried(report):
        assert piece in text, piece
    for item in data:
        assert item in text, item
    assert f"{SCRIPT} {TEMPLATE} [/]" in text  # as written, next to its neighbours
    assert f"{SCRIPT} 49" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and SCRIPT not in out


def test_hostile_html_title_holds_the_unit_title_as_text(built: Report) -> None:
    out = render(built, "html")
    title = re.search(r"<title>(.*?)</title>", out, re.DOTALL)
    assert title and "&lt;script&gt;" in title.group(1) and "<script" not in title.group(1)


# --- Markdown ----------------------------------------------------------------------------------


def _markdown_html(md: str) -> str:
    # raw HTML on, so any markup that was not escaped would come through as markup
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(md)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("which", ["pipeline", "built"])
def test_hostile_markdown_renders_evidence_literally(request: pytest.FixtureRequest, which: str, audience: str) -> None:
    report = _reports(request, which)
    md = render(report, "markdown", audience=audience)
    assert isinstance(md, str)
    assert not re.search(r"(?<!\\)[{}]", md)  # every brace escaped: no "{{" or "{%" for a template engine
    assert "<script" not in md and "<!--" not in md
    page, text = _page(_markdown_html(md))
    tags = {tag for tag, _ in page.tags}
    assert tags <= {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "blockquote", "table", "thead",
                    "tbody", "tr", "th", "td", "hr", "br"}, tags  # no a, img, script, code, html
    assert page.comments == [] and page.other == []
    for piece in _carried(report):
        assert piece in text, piece


@pytest.mark.parametrize("audience", AUDIENCES)
def test_hostile_markdown_table_cells_keep_their_columns(pipeline: Report, audience: str) -> None:
    md = render(pipeline, "markdown", audience=audience)
    rendered = _markdown_html(md)
    tables = re.findall(r"<table>.*?</table>", rendered, re.DOTALL)
    # the assessor's summary table and the documents; a learner's summary is a "what to do next" list
    assert len(tables) == (2 if audience == "assessor" else 1)
    for table in tables:
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1, widths
    _, documents = _page(tables[-1])
    for name in NAMES:
        assert name in documents


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["pipeline", "built"])
def test_hostile_csv_cells_never_start_a_formula(request: pytest.FixtureRequest, which: str) -> None:
    report = _reports(request, which)
    rows = list(csv.reader(io.StringIO(render(report, "csv"), newline="")))
    assert len(rows) == len(report.criteria) + 1
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell


def test_hostile_csv_keeps_the_text_after_a_quote(built: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(built, "csv"), newline="")))
    assert [r["advice"] for r in rows] == ["'=1+1", "'+cmd", "'-2+3"]
    assert rows[0]["evidence_document"].startswith("'=HYPERLINK(")
    assert all(safe_cell(v) == "'" + v for v in ("=1", "+1", "-1", "@A", "\t=1", "\r=1"))
    assert safe_cell("a=1") == "a=1" and safe_cell(None) == "" and safe_cell(3) == "3"


# --- DOCX --------------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("which", ["pipeline", "built"])
def test_hostile_docx_reopens_with_the_text_literal(request: pytest.FixtureRequest, which: str, audience: str) -> None:
    report = _reports(request, which)
    data = render(report, "docx", audience=audience)
    assert isinstance(data, bytes)
    text = _docx_text(data)  # reopens with python-docx
    for name in NAMES[:1]:
        assert name in text
    if which == "built":
        assert "Unit title " + SENTENCE in text
        assert "Criterion text " + SENTENCE in text
        assert not any(ch in text for ch in CONTROL if ch not in "\t\n\r")
        assert "\ufffe" not in text and "\ud800" not in text


def test_hostile_docx_long_unit_title_is_cut_to_words_limit_for_the_properties(built: Report) -> None:
    """A unit title over 255 characters made python-docx raise ValueError for the document title."""
    report = built.model_copy(deep=True)
    report.unit.title = "Lead a team " * 40
    document = docx.Document(io.BytesIO(render(report, "docx")))  # type: ignore[arg-type]
    assert document.core_properties.title == ("Evidence check feedback: " + report.unit.title)[:255]
    assert report.unit.title.strip() in _docx_text(render(report, "docx"))  # type: ignore[arg-type]


def test_hostile_docx_drops_each_forbidden_character_and_keeps_its_neighbours(built: Report) -> None:
    shown = next(i for i, c in enumerate(built.criteria) if c.status != "met")  # met ones say "nothing more"
    for ch in CONTROL:
        report = built.model_copy(deep=True)
        report.criteria[shown].advice = f"before{ch}after"
        text = _docx_text(render(report, "docx"))  # type: ignore[arg-type]
        assert "beforeafter" in text, repr(ch)


# --- JSON and terminal ---------------------------------------------------------------------------


def test_hostile_json_round_trips_the_text_exactly(pipeline: Report) -> None:
    out = render(pipeline, "json")
    assert Report.model_validate_json(out) == pipeline


@pytest.mark.parametrize("verbose", [False, True])
@pytest.mark.parametrize("which", ["pipeline", "built"])
def test_hostile_terminal_shows_rich_markup_literally(request: pytest.FixtureRequest, which: str, verbose: bool) -> None:
    """``[/]`` in evidence raised rich's MarkupError (the check command crashed); ``[bold]`` styled text."""
    report = _reports(request, which)
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    render_terminal(report, console, verbose=verbose)
    out = console.export_text()
    if which == "built" or verbose:  # the pipeline's quotes reach the terminal in verbose reasons
        assert "[/]" in out and "[bold]z[/bold]" in out
