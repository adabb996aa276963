"""evidencecheck.cohort.grid and its views: HTML, CSV and the cohort.json summary."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evidencecheck.cohort import (
    Cohort,
    CohortResult,
    CriterionRef,
    Learner,
    LearnerResult,
    SkippedEntry,
    build_grid,
    build_summary,
    render_grid_csv,
    render_grid_html,
    render_summary_json,
    risk_score,
)
from evidencecheck.cohort.grid import CHECK_COLUMNS
from evidencecheck.report.model import DocumentEntry

from ._helpers import CRITERIA, CRITERION_IDS, UNIT, fake_report

XSS = "<img src=x onerror=alert(1)>"


def _result(rows: dict[str, object], skipped: tuple[SkippedEntry, ...] = ()) -> CohortResult:
    """A cohort result from {learner: statuses list | error message string | LearnerResult report}."""
    learners = []
    for name, value in rows.items():
        who = Learner(name, Path("/cohort") / name)
        if isinstance(value, str):
            learners.append(LearnerResult(who, None, value))
        elif isinstance(value, list):
            learners.append(LearnerResult(who, fake_report(value)))
        else:
            learners.append(LearnerResult(who, value))  # type: ignore[arg-type]
    return CohortResult(
        cohort=Cohort(Path("/cohort"), tuple(lr.learner for lr in learners), skipped),
        unit_id=UNIT, unit_title="Keep the office tidy", ruleset_version="0.1",
        criteria=tuple(CriterionRef(cid, text) for cid, text, *_ in CRITERIA),
        learners=tuple(learners),
    )


UNREADABLE = fake_report(["at_risk", "at_risk", "at_risk"], documents=[
    DocumentEntry(path="a.docx", format="docx", status="error", error="the Word file is damaged"),
    DocumentEntry(path="b.pdf", format="pdf", status="error", error="the PDF is damaged"),
])

COHORT = {
    "ann": ["met", "met", "met"],
    "bob": ["met", "missing", "missing"],          # risk 4
    "cat": ["at_risk", "at_risk", "missing"],       # risk 4, same as bob
    "dan": "internal error (RuntimeError: boom)",   # check failed
    "eve": UNREADABLE,                              # risk 3, all unreadable
    XSS: ["missing", "met", "met"],                 # risk 2
    "=HYPERLINK(\"http://x\")": ["met", "at_risk", "met"],  # risk 1
}


@pytest.fixture
def result() -> CohortResult:
    return _result(COHORT, skipped=(SkippedEntry("list.xlsx", "not a learner folder"),))


def test_risk_score() -> None:
    assert risk_score(met=3, at_risk=0, missing=0) == 0
    assert risk_score(met=0, at_risk=1, missing=2) == 5


def test_grid_columns_in_ruleset_order_with_counts(result: CohortResult) -> None:
    grid = build_grid(result)
    assert [c.id for c in grid.columns] == CRITERION_IDS
    counts = {c.id: (c.met, c.at_risk, c.missing) for c in grid.columns}
    # dan's failed check counts nowhere; eve is at_risk everywhere
    assert counts == {
        "desk-cleared": (3, 2, 1),
        "bins-emptied": (2, 3, 1),
        "plants-watered": (3, 1, 2),
    }
    assert sum(sum(v) for v in counts.values()) == 3 * (len(COHORT) - 1)


def test_grid_sorted_by_risk(result: CohortResult) -> None:
    grid = build_grid(result)
    order = [r.learner for r in grid.rows]
    assert order == ["dan", "bob", "cat", "eve", XSS, "=HYPERLINK(\"http://x\")", "ann"]
    risks = {r.learner: r.risk for r in grid.rows}
    assert risks == {"dan": None, "bob": 4, "cat": 4, "eve": 3, XSS: 2, "=HYPERLINK(\"http://x\")": 1, "ann": 0}
    assert [r.learner for r in build_grid(result, sort="learner").rows] == sorted(COHORT)
    with pytest.raises(ValueError):
        build_grid(result, sort="colour")


def test_grid_rows_carry_statuses_and_flags(result: CohortResult) -> None:
    rows = {r.learner: r for r in build_grid(result).rows}
    assert rows["bob"].statuses == ("met", "missing", "missing")
    assert (rows["bob"].met, rows["bob"].at_risk, rows["bob"].missing) == (1, 0, 2)
    assert rows["dan"].statuses == (None, None, None) and rows["dan"].flagged
    assert rows["dan"].note == "check failed: internal error (RuntimeError: boom)"
    assert rows["eve"].problem == "all_unreadable" and rows["eve"].note == "all files unreadable (2)"
    assert rows["eve"].unreadable == 2 and rows["eve"].flagged
    assert not rows["ann"].flagged


def test_flagged_learner_sorts_before_unflagged_with_same_risk() -> None:
    grid = build_grid(_result({"amy": ["at_risk", "at_risk", "at_risk"], "zoe": UNREADABLE}))
    assert [r.learner for r in grid.rows] == ["zoe", "amy"]


def test_grid_csv_one_row_per_learner(result: CohortResult) -> None:
    text = render_grid_csv(build_grid(result))
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    # the criteria, then one column per evidence check and the shared passages
    assert header[-10:-7] == CRITERION_IDS
    assert header[-7:] == [*(f"check_{n}" for n in CHECK_COLUMNS), "shared_passages"]
    assert header[0] == "learner" and "risk" in header
    assert len(body) == len(COHORT)
    table = [dict(zip(header, row)) for row in body]
    assert [r["learner"] for r in table][:3] == ["dan", "bob", "cat"]
    bob = table[1]
    assert [bob[c] for c in CRITERION_IDS] == ["met", "missing", "missing"]
    assert (bob["risk"], bob["met"], bob["missing"]) == ("4", "1", "2")
    dan = table[0]
    assert dan["risk"] == "" and [dan[c] for c in CRITERION_IDS] == ["", "", ""]
    assert dan["problem"] == "check_failed"
    # a learner folder named like a formula is neutralised
    names = [r["learner"] for r in table]
    assert "'=HYPERLINK(\"http://x\")" in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)


class _Page(HTMLParser):
    """Collects what the grid tests look at: text, header cells, body rows, links, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self._section: str | None = None
        self._in_table = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if "src" in a:
            self.srcs.append(a["src"] or "")
        if tag == "table" and a.get("id") == "grid":
            self._in_table = True
        elif tag in ("thead", "tbody", "tfoot") and self._in_table:
            self._section = tag
        elif tag == "tr" and self._in_table and self._section == "tbody":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self.links.append(a.get("href") or "")
        elif tag == "script":
            self._script = []
        elif tag == "meta":
            self.metas.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_grid_html_has_every_learner_and_criterion(result: CohortResult) -> None:
    grid = build_grid(result)
    page = render_grid_html(grid, skipped=result.skipped)
    parsed = _parse(page)
    text = " ".join(parsed.text)
    for cid, ctext, *_ in CRITERIA:
        assert cid in text and ctext in text
    assert [row[0].split("check failed")[0].split("all files")[0] for row in parsed.rows] == [
        r.learner for r in grid.rows
    ]
    assert "list.xlsx" in text
    bob = next(row for row in parsed.rows if row[0] == "bob")
    assert bob[1] == "4"  # risk column
    assert [c.split(" ", 1)[1] for c in bob[7:10]] == ["Met", "Missing", "Missing"]
    assert len(bob[10:]) == len(CHECK_COLUMNS)  # one column per evidence check after the criteria
    assert "all files unreadable (2)" in text and "internal error (RuntimeError: boom)" in text


def test_grid_html_escapes_learner_names(result: CohortResult) -> None:
    page = render_grid_html(build_grid(result), links={XSS: "x/report.html"})
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    parsed = _parse(page)
    assert "img" not in parsed.tags
    assert XSS in " ".join(parsed.text)


def test_grid_html_is_self_contained_and_script_allowed_by_hash(result: CohortResult) -> None:
    page = render_grid_html(build_grid(result))
    parsed = _parse(page)
    assert parsed.srcs == []
    assert "link" not in parsed.tags and "iframe" not in parsed.tags
    assert "url(" not in page and "@import" not in page
    csp = next(m["content"] for m in parsed.metas if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    assert len(parsed.scripts) == 1
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1]


def test_grid_html_links_learner_reports(result: CohortResult) -> None:
    links = {"bob": "bob/report.html", "ann": "ann%20x/report.html"}
    parsed = _parse(render_grid_html(build_grid(result), links=links))
    assert sorted(parsed.links) == sorted(links.values())
    assert _parse(render_grid_html(build_grid(result))).links == []


def test_grid_html_empty_cells_for_failed_check(result: CohortResult) -> None:
    parsed = _parse(render_grid_html(build_grid(result)))
    dan = parsed.rows[0]
    assert dan[0].startswith("dan")
    # the learner, risk, met, at risk, missing, waived, mistakes, one cell across every criterion,
    # then the evidence checks' columns (not checked either)
    assert len(dan) == 8 + len(CHECK_COLUMNS) and dan[7] == "? Not checked" and dan[1] == "–"
    assert dan[8:] == ["–"] * len(CHECK_COLUMNS)
    page = render_grid_html(build_grid(result))
    assert '<td class="cell unknown" colspan="3"' in page


def test_summary_json(result: CohortResult) -> None:
    grid = build_grid(result)
    summary = build_summary(result, grid, reports={"ann": {"json": "ann/report.json"}})
    data = json.loads(render_summary_json(summary))
    assert data["unit"]["id"] == UNIT
    assert [c["id"] for c in data["criteria"]] == CRITERION_IDS
    assert data["schema_version"] == "3"
    assert data["criteria"][0] == {"id": "desk-cleared", "name": CRITERIA[0][1], "refs": [], "text": CRITERIA[0][1],
                                   "met": 3, "at_risk": 2, "missing": 1, "waived": 0}
    learners = {entry["name"]: entry for entry in data["learners"]}
    assert list(learners) == list(COHORT)  # learner order, not risk order
    assert learners["ann"]["reports"] == {"json": "ann/report.json"}
    assert learners["bob"]["criteria"] == dict(zip(CRITERION_IDS, ["met", "missing", "missing"]))
    assert learners["bob"]["summary"] == {"met": 1, "at_risk": 0, "missing": 2, "mistakes_detected": 0,
                                          "waived": 0, "mistakes_waived": 0}
    assert learners["dan"]["checked"] is False and learners["dan"]["error"].startswith("internal error")
    assert learners["dan"]["criteria"] == {} and learners["dan"]["risk"] is None
    assert [u["path"] for u in learners["eve"]["unreadable"]] == ["a.docx", "b.pdf"]
    assert data["totals"] == {"learners": 7, "all_met": 1, "waived": 0, "with_findings": 5, "not_checked": 1,
                              "flagged": 2, "failed": 1}
    assert data["totals"]["all_met"] + data["totals"]["with_findings"] + data["totals"]["not_checked"] == 7
    assert data["skipped"] == [{"path": "list.xlsx", "reason": "not a learner folder"}]


def test_grid_html_sorted_without_script(result: CohortResult) -> None:
    page = render_grid_html(build_grid(result))
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    orders = [int(n) for n in re.findall(r'data-order="(\d+)"', body)]
    assert orders == list(range(1, len(COHORT) + 1))


def test_some_unreadable_note() -> None:
    report = fake_report(["met", "met", "met"], documents=[
        DocumentEntry(path="a.txt", format="txt", status="ok", words=5),
        DocumentEntry(path="b.pdf", format="pdf", status="error", error="the PDF is damaged"),
    ])
    row = build_grid(_result({"amy": report})).rows[0]
    assert row.problem == "some_unreadable" and row.note == "1 of 2 files unreadable"
    assert row.risk == 0 and row.flagged


# --- what an assessor reads on the grid ----------------------------------------------------------------


def _named_result(rows: dict[str, object]) -> CohortResult:
    base = _result(rows)
    named = tuple(CriterionRef(cid, text, name=f"Name of {cid}", refs=("1.2",)) for cid, text, *_ in CRITERIA)
    return CohortResult(cohort=base.cohort, unit_id=UNIT, unit_title="Keep the office tidy", ruleset_version="0.1",
                        criteria=named, learners=base.learners)


def test_grid_headers_are_criterion_names_not_c_numbers(result: CohortResult) -> None:
    page = render_grid_html(build_grid(_named_result(COHORT)))
    head = page[page.index('<table id="grid">'):page.index("</thead>")]
    for cid, text, *_ in CRITERIA:
        assert f'<th scope="col" class="crit" title="{text}">Name of {cid}<span class="refs">AC 1.2</span></th>' in head
    assert ">C1<" not in page and "C1</abbr>" not in page


NOT_CHECKED = fake_report(["missing", "missing", "missing"], documents=[]).model_copy(
    update={"checked": False, "problem": "E306 nothing could be checked"})


def test_summary_cards_add_up_to_the_number_of_learners() -> None:
    result = _result({**COHORT, "fay": NOT_CHECKED})
    grid = build_grid(result)
    totals = grid.totals
    assert totals["all_met"] + totals["with_findings"] + totals["not_checked"] == totals["learners"] == 8
    assert (totals["all_met"], totals["with_findings"], totals["not_checked"], totals["failed"]) == (1, 5, 2, 1)
    page = render_grid_html(grid)
    cards = re.findall(r'<li class="[a-z_]+"><span class="count">(\d+)</span>', page)
    assert [int(n) for n in cards] == [1, 5, 2] and sum(int(n) for n in cards) == 8
    assert "1 + 5 + 2 = 8 learners" in page


def test_a_learner_with_nothing_readable_has_no_verdicts_in_the_grid() -> None:
    grid = build_grid(_result({"ann": ["met", "met", "met"], "fay": NOT_CHECKED}))
    fay = next(r for r in grid.rows if r.learner == "fay")
    assert fay.statuses == (None, None, None) and fay.risk is None and fay.problem == "no_evidence"
    assert grid.rows[0].learner == "fay"  # looked at first
    assert [c.missing for c in grid.columns] == [0, 0, 0]  # not counted as missing anywhere


def test_legend_scrolls_at_phone_width_and_print_does_not_say_click(result: CohortResult) -> None:
    page = render_grid_html(build_grid(result))
    assert '<div class="scroll">\n<table class="legend">' in page
    assert "table.legend { min-width: 40rem; }" in page
    hint = '<span id="sort-hint" class="screen-only" hidden> Click a column heading to sort by it.</span>'
    assert hint in page  # shown by the script only, hidden without it
    print_css = page[page.index("@media print"):page.index("</style>")]
    assert "button.sort, .screen-only { display: none; }" in print_css
    assert 'hint.hidden = false' in page


def test_grid_counts_documents_not_about_the_learners_work() -> None:
    from evidencecheck.checks.model import Checks, Relevance

    report = fake_report(["met", "met", "met"]).model_copy(
        update={"checks": Checks(relevance=Relevance(unrelated=("tax-guide.pdf",)))})
    grid = build_grid(_result({"amy": report}))
    (row,) = grid.rows
    assert row.checks[CHECK_COLUMNS.index("relevance")] == 1
    header, body = list(csv.reader(io.StringIO(render_grid_csv(grid))))[:2]
    assert dict(zip(header, body))["check_relevance"] == "1"
    assert "Unrelated documents" in render_grid_html(grid)
