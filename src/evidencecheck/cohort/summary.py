"""The machine-readable cohort summary (``cohort.json``) as pydantic models.

It holds the unit, the criteria with their counts, and one entry per learner
in learner (folder name) order: summary counts, risk, status per criterion
(``waived`` where an assessor's waiver accepts a verdict), unreadable files,
any error, and where that learner's reports were written. Its
``schema_version`` is independent of the per-learner report contract's; version
2 added the criteria's ``name``, ``refs`` and ``waived`` counts, and the totals
``waived`` and ``not_checked`` (``all_met + with_findings + not_checked`` is the
number of learners). ``checked`` is now false for a learner with no verdicts.
Version 3 adds each learner's ``checks`` (findings per evidence check, as the grid's columns count
them) and ``shared_passages`` (their documents that share long passages with another learner's).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from .._version import __version__
from ..report.model import Summary, ToolInfo, UnitInfo
from .grid import CHECK_COLUMNS, Grid
from .model import CohortResult

COHORT_SCHEMA_VERSION = "3"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CriterionCounts(_Model):
    id: str
    name: str
    refs: list[str]
    text: str
    met: int
    at_risk: int
    missing: int
    waived: int


class UnreadableFile(_Model):
    path: str
    error: str | None


class LearnerEntry(_Model):
    name: str
    checked: bool
    problem: str | None
    note: str
    risk: int | None
    summary: Summary | None
    criteria: dict[str, str]
    unreadable: list[UnreadableFile]
    error: str | None
    reports: dict[str, str]
    checks: dict[str, int] = Field(default_factory=dict)
    shared_passages: list[str] = Field(default_factory=list)


class SkippedItem(_Model):
    path: str
    reason: str


class CohortTotals(_Model):
    learners: int
    all_met: int
    waived: int
    with_findings: int
    not_checked: int
    flagged: int
    failed: int


class CohortSummary(_Model):
    """The cohort's machine-readable summary."""

    schema_version: str = COHORT_SCHEMA_VERSION
    tool: ToolInfo
    unit: UnitInfo
    criteria: list[CriterionCounts]
    learners: list[LearnerEntry]
    skipped: list[SkippedItem]
    totals: CohortTotals


def build_summary(result: CohortResult, grid: Grid, *, reports: Mapping[str, Mapping[str, str]] | None = None) -> CohortSummary:
    """Summarise ``result``.

    Args:
        result: The batch's results (learner order is kept).
        grid: The grid built from ``result`` (for risk and counts).
        reports: Learner name to {format: relative path} of the reports written.
    """
    rows = {r.learner: r for r in grid.rows}
    learners = []
    for lr in result.learners:
        row = rows[lr.name]
        learners.append(LearnerEntry(
            name=lr.name, checked=lr.checked, problem=lr.problem, note=lr.note, risk=row.risk,
            summary=lr.report.summary if lr.report else None,
            criteria={c.id: s for c, s in zip(grid.columns, row.statuses) if s is not None},
            unreadable=[UnreadableFile(path=d.path, error=d.error) for d in lr.unreadable],
            error=lr.error, reports=dict((reports or {}).get(lr.name, {})),
            checks={name: n for name, n in zip(CHECK_COLUMNS, row.checks) if n is not None},
            shared_passages=list(row.shared),
        ))
    return CohortSummary(
        tool=ToolInfo(version=__version__),
        unit=UnitInfo(id=result.unit_id, title=result.unit_title, ruleset_version=result.ruleset_version),
        criteria=[CriterionCounts(id=c.id, name=c.heading, refs=list(c.refs), text=c.text, met=c.met,
                                  at_risk=c.at_risk, missing=c.missing, waived=c.waived)
                  for c in grid.columns],
        learners=learners,
        skipped=[SkippedItem(path=s.path, reason=s.reason) for s in result.skipped],
        totals=CohortTotals(**grid.totals),
    )


def render_summary_json(summary: CohortSummary) -> str:
    """``summary`` as indented JSON text."""
    return summary.model_dump_json(indent=2) + "\n"
