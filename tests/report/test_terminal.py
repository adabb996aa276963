"""The terminal view says everything, for the audience asked for, in words a learner understands."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from evidencecheck.report.model import (
    CriterionEntry,
    ElementEntry,
    EvidenceEntry,
    MistakeEntry,
    Report,
    Summary,
    ToolInfo,
    UnitInfo,
    Waiver,
)
from evidencecheck.report.terminal import render_terminal

LONG_ID = "a-criterion-id-that-is-much-longer-than-twenty-eight-characters"
REASONS = [f"Not shown: element number {i} of the criterion." for i in range(1, 6)] + ["Shown: a first thing."]


def _report() -> Report:
    quote = EvidenceEntry(document="account.docx", location="paragraph 4", quote="I coached Priya on 4 March.",
                          matched=["coach"])
    criteria = [
        CriterionEntry(id=LONG_ID, name="Coaching the team", text="Coach the team.", status="at_risk",
                       confidence=0.4, reasons=REASONS, elements=[ElementEntry(text="x", found=False)],
                       evidence=[quote], advice="Add a coaching log with dates.", refs=["2.1", "2.3"]),
        CriterionEntry(id="plans", name="Planning the work", text="Plan the work.", status="missing", confidence=0.1,
                       reasons=["Not shown: a plan."], elements=[ElementEntry(text="a plan", found=False)],
                       evidence=[], advice="Add your work plan.", refs=["1.2"],
                       waiver=Waiver(reason="Seen on observation", by="J. Okafor", date="2025-03-12",
                                     source="cohort/evidencecheck.toml:7")),
    ]
    mistakes = [
        MistakeEntry(id="no-one-to-ones", name="No regular one-to-ones", text="One-to-ones are not held.",
                     detected=True, reasons=["Nowhere in the portfolio: a one-to-one.", "Second reason.",
                                             "Third reason."], evidence=[], advice="Hold and record monthly one-to-ones."),
        MistakeEntry(id="micromanaging", name="Micromanaging", text="Checks every call.", detected=False, reasons=[],
                     evidence=[]),
    ]
    return Report(tool=ToolInfo(version="0.1.0"),
                  unit=UnitInfo(id="unit-x", title="A unit", ruleset_version="1", ofqual_unit="H/601/1568",
                                awarding_body="City & Guilds", qualification="C&G 3412 NVQ"),
                  learner="Amy Patel", documents=[], criteria=criteria, mistakes=mistakes,
                  summary=Summary(met=0, at_risk=1, missing=1, mistakes_detected=1, waived=1))


def _render(audience: str, *, verbose: bool = False, width: int = 80) -> str:
    """The view's words, with each table column read top to bottom (cells wrap side by side)."""
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    render_terminal(_report(), console, verbose=verbose, audience=audience)
    return " ".join(_columns(console.export_text()).split())


def _columns(text: str) -> str:
    out: list[str] = []
    rows: list[list[str]] = []
    for line in text.splitlines() + [""]:
        cells = line.split("\u2502")
        if len(cells) > 2:
            rows.append(cells[1:-1])
            continue
        if rows:  # a table row ended: read each column down, then the next column
            out += [" ".join(row[i] for row in rows) for i in range(len(rows[0]))]
            rows = []
        out.append(line)
    return "\n".join(out)


def test_terminal_learner_sees_names_and_ac_numbers_never_ids() -> None:
    text = _render("learner")
    assert "Coaching the team" in text and "AC 2.1, 2.3" in text and "Planning the work" in text
    assert LONG_ID not in text and "no-one-to-ones" not in text and "unit-x" not in text
    assert "Marking point" in text and "Needs more" in text and "Not shown yet" in text
    assert "City & Guilds version of Ofqual unit H/601/1568 for the C&G 3412 NVQ" in text
    assert "Learner: Amy Patel" in text


def test_terminal_shows_every_reason_and_says_what_it_left_out() -> None:
    text = _render("learner")
    for reason in REASONS[:-1]:
        assert reason in text
    assert "Shown: a first thing." not in text
    assert "Already shown: 1 thing (--verbose lists them)." in text
    verbose = _render("learner", verbose=True)
    assert "Shown: a first thing." in verbose
    assert "\u201cI coached Priya on 4 March.\u201d \u2014 account.docx, paragraph 4" in verbose


def test_terminal_mistakes_come_with_their_advice_and_every_reason() -> None:
    text = _render("learner")
    assert "Common mistakes to fix" in text
    assert "No regular one-to-ones One-to-ones are not held. What to do: Hold and record monthly one-to-ones." in text
    assert "Second reason. Third reason." in text
    assert "Common mistakes not found in your evidence: Micromanaging." in text


def test_terminal_assessor_sees_ids_confidence_and_where_a_waiver_is_written() -> None:
    text = _render("assessor", width=200)
    assert LONG_ID in text.replace(" ", "")  # whole (folded, not cut at 28 characters)
    assert "Criterion" in text and "At risk" in text and "40%" in text
    assert "no-one-to-ones" in text and "Not detected: micromanaging." in text
    assert "Waived by J. Okafor on 2025-03-12: Seen on observation (cohort/evidencecheck.toml:7)" in text
    learner = _render("learner")
    assert "Waived by J. Okafor on 2025-03-12: Seen on observation" in learner
    assert "evidencecheck.toml:7" not in learner


def test_terminal_summary_counts_waivers() -> None:
    assert "0 shown, 1 need more evidence, 1 not shown yet (1 waived by the assessor); 1 common mistake detected." \
        in _render("learner")
    assert "0 met, 1 at risk, 1 missing (1 waived by the assessor)" in _render("assessor")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_long_id_is_never_cut(width: int) -> None:
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    render_terminal(_report(), console, audience="assessor")
    # folded across lines at narrow widths, but every character is there, in order
    assert LONG_ID in _columns(console.export_text()).replace(" ", "")
    assert "\u2026" not in console.export_text()
