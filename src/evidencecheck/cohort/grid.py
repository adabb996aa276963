"""The cohort grid: learners x criteria, with counts per criterion and a risk score per learner.

Rows are learners, columns are the unit's criteria in rule-set order and each
cell is the learner's status for that criterion. A learner's risk is
``2 * missing + at_risk``; a learner whose check failed has no statuses and no
risk, and sorts above everyone, because an assessor must look at them first.
The default order is by risk, highest first, then by learner name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CohortResult, LearnerResult, Problem

#: Statuses in the order a risk sort puts them (worst last).
STATUSES = ("met", "at_risk", "missing")
#: Weights of the risk score.
RISK_WEIGHTS = {"met": 0, "at_risk": 1, "missing": 2}


@dataclass(frozen=True)
class GridColumn:
    """One criterion, with how many learners have each status for it."""

    id: str
    text: str
    met: int
    at_risk: int
    missing: int

    def count(self, status: str) -> int:
        """How many learners have ``status`` for this criterion."""
        return int(getattr(self, status))


@dataclass(frozen=True)
class GridRow:
    """One learner's row.

    Attributes:
        learner: The learner's folder name.
        statuses: One status per column, or ``None`` for every column when the check failed.
        met: Criteria met.
        at_risk: Criteria at risk.
        missing: Criteria missing.
        mistakes_detected: Common mistakes detected.
        risk: ``2 * missing + at_risk``, or ``None`` when the check failed.
        problem: What is wrong with the portfolio as a whole, if anything.
        note: A short human note on ``problem`` (``""`` when there is none).
        unreadable: How many of the learner's files could not be read.
        documents: How many evidence files the learner has (read or not).
    """

    learner: str
    statuses: tuple[str | None, ...]
    met: int
    at_risk: int
    missing: int
    mistakes_detected: int
    risk: int | None
    problem: Problem | None
    note: str
    unreadable: int
    documents: int

    @property
    def flagged(self) -> bool:
        """True when the learner needs attention beyond the verdicts (failed check, unreadable files)."""
        return self.problem is not None


@dataclass(frozen=True)
class Grid:
    """The whole grid, rows already sorted."""

    unit_id: str
    unit_title: str
    ruleset_version: str
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]

    @property
    def learners(self) -> int:
        """Number of learners (rows)."""
        return len(self.rows)

    @property
    def totals(self) -> dict[str, int]:
        """Learners in all, with every criterion met, with criteria at risk or missing, flagged, and failed."""
        rows = self.rows
        return {
            "learners": len(rows),
            "all_met": sum(r.risk == 0 for r in rows),
            "with_findings": sum(r.risk is not None and r.risk > 0 for r in rows),
            "flagged": sum(r.flagged for r in rows),
            "failed": sum(r.risk is None for r in rows),
        }


def risk_score(met: int, at_risk: int, missing: int) -> int:
    """A learner's risk: ``2 * missing + at_risk`` (met counts nothing)."""
    return RISK_WEIGHTS["missing"] * missing + RISK_WEIGHTS["at_risk"] * at_risk + RISK_WEIGHTS["met"] * met


def sort_key(row: GridRow) -> tuple[int, int, int, str]:
    """Risk order: failed checks first, then highest risk, flagged learners before others, then name."""
    failed = row.risk is None
    return (0 if failed else 1, -(row.risk or 0), 0 if row.flagged else 1, row.learner)


def _row(result: LearnerResult, column_ids: list[str]) -> GridRow:
    report = result.report
    if report is None:
        return GridRow(result.name, tuple(None for _ in column_ids), 0, 0, 0, 0, None,
                       result.problem, result.note, 0, 0)
    by_id = {c.id: c.status for c in report.criteria}
    statuses = tuple(by_id.get(cid) for cid in column_ids)
    met, at_risk, missing = (sum(s == status for s in statuses) for status in STATUSES)
    return GridRow(
        learner=result.name, statuses=statuses, met=met, at_risk=at_risk, missing=missing,
        mistakes_detected=report.summary.mistakes_detected, risk=risk_score(met, at_risk, missing),
        problem=result.problem, note=result.note, unreadable=len(result.unreadable),
        documents=len(report.documents),
    )


def build_grid(result: CohortResult, *, sort: str = "risk") -> Grid:
    """Build the grid of ``result``.

    Args:
        result: The batch's results.
        sort: ``"risk"`` (default: highest risk first) or ``"learner"`` (by name).

    Raises:
        ValueError: ``sort`` is unknown.
    """
    if sort not in ("risk", "learner"):
        raise ValueError(f"unknown sort '{sort}'. Use 'risk' or 'learner'.")
    ids = [c.id for c in result.criteria]
    rows = [_row(r, ids) for r in result.learners]
    rows.sort(key=sort_key if sort == "risk" else (lambda r: r.learner))
    columns = tuple(
        GridColumn(c.id, c.text, *(sum(r.statuses[i] == s for r in rows) for s in STATUSES))
        for i, c in enumerate(result.criteria)
    )
    return Grid(result.unit_id, result.unit_title, result.ruleset_version, columns, tuple(rows))
