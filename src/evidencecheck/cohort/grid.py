"""The cohort grid: learners x criteria, with counts per criterion and a risk score per learner.

Rows are learners, columns are the unit's criteria in rule-set order and each
cell is the learner's status for that criterion: ``met``, ``at_risk``,
``missing``, or ``waived`` when an assessor's waiver accepts a criterion that
is not met (the cell still says what the check found). A learner's risk is
``2 * missing + at_risk``, waived criteria counting nothing. A learner with no
verdicts (the check failed, or none of their evidence could be read) has no
statuses and no risk, and sorts above everyone, because an assessor must look
at them first. The default order is by risk, highest first, then by learner name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.copying import Overlap, find_overlaps
from .model import CohortResult, LearnerResult, Problem

#: The evidence checks the grid has a column for, after the criteria (``copying``: long passages shared
#: with another learner's document; ``relevance``: documents not about the learner's work, W570).
CHECK_COLUMNS = ("authenticity", "currency", "claimed_mapping", "personal_data", "relevance", "copying")
#: Their headings.
CHECK_HEADINGS = {"authenticity": "Authenticity", "currency": "Currency", "claimed_mapping": "Claimed ACs",
                  "personal_data": "Personal data", "relevance": "Unrelated documents",
                  "copying": "Shared passages"}

#: Statuses in the order a risk sort puts them (worst last).
STATUSES = ("met", "at_risk", "missing")
#: Every status a grid cell can have: the verdicts, then an assessor's waiver.
CELL_STATUSES = (*STATUSES, "waived")
#: Weights of the risk score.
RISK_WEIGHTS = {"met": 0, "at_risk": 1, "missing": 2, "waived": 0}


@dataclass(frozen=True)
class GridColumn:
    """One criterion, with how many learners have each status for it.

    Attributes:
        id: The criterion id.
        text: Its full text.
        name: Its short name, the column's heading.
        refs: Its AC numbers.
        met: Learners who meet it.
        at_risk: Learners at risk on it (not waived).
        missing: Learners missing it (not waived).
        waived: Learners whose verdict on it an assessor waived.
    """

    id: str
    text: str
    name: str
    refs: tuple[str, ...]
    met: int
    at_risk: int
    missing: int
    waived: int = 0

    @property
    def heading(self) -> str:
        """The short name people know the criterion by."""
        return self.name or self.text

    def count(self, status: str) -> int:
        """How many learners have ``status`` for this criterion."""
        return int(getattr(self, status))


@dataclass(frozen=True)
class GridRow:
    """One learner's row.

    Attributes:
        learner: The learner's folder name.
        statuses: One cell status per column (``waived`` for a waived verdict), or
            ``None`` for every column when there are no verdicts.
        verdicts: What the check found for each column, waivers aside.
        met: Criteria met.
        at_risk: Criteria at risk and not waived.
        missing: Criteria missing and not waived.
        waived: Criteria not met that an assessor waived.
        mistakes_detected: Common mistakes detected (waived or not).
        risk: ``2 * missing + at_risk``, or ``None`` when there are no verdicts.
        problem: What is wrong with the portfolio as a whole, if anything.
        note: A short human note on ``problem`` (``""`` when there is none).
        unreadable: How many of the learner's files could not be read.
        documents: How many evidence files the learner has (read or not).
        checks: Findings of each evidence check, in :data:`CHECK_COLUMNS` order (``None`` when not checked).
        shared: The learner's documents that share long passages with another learner's, described
            as "mine.docx = other-learner/theirs.docx (about 60 words)".
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
    waived: int = 0
    verdicts: tuple[str | None, ...] = ()
    checks: tuple[int | None, ...] = ()
    shared: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """True when the learner needs attention beyond the verdicts (no verdicts, unreadable files)."""
        return self.problem is not None

    @property
    def checked(self) -> bool:
        """True when the row has verdicts."""
        return self.risk is not None


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
        """Learner counts. ``all_met``, ``with_findings`` and ``not_checked`` add up to ``learners``.

        ``all_met`` counts learners with every criterion met or waived; ``waived``
        how many of those needed a waiver; ``with_findings`` learners with a
        criterion at risk or missing; ``not_checked`` learners with no verdicts
        (``failed`` of them because the check itself failed); ``flagged`` every
        learner with a problem, including some unreadable files.
        """
        rows = self.rows
        return {
            "learners": len(rows),
            "all_met": sum(r.risk == 0 for r in rows),
            "waived": sum(r.risk == 0 and r.waived > 0 for r in rows),
            "with_findings": sum(r.risk is not None and r.risk > 0 for r in rows),
            "not_checked": sum(r.risk is None for r in rows),
            "flagged": sum(r.flagged for r in rows),
            "failed": sum(r.problem == "check_failed" for r in rows),
        }


def risk_score(met: int, at_risk: int, missing: int) -> int:
    """A learner's risk: ``2 * missing + at_risk`` (met and waived count nothing)."""
    return RISK_WEIGHTS["missing"] * missing + RISK_WEIGHTS["at_risk"] * at_risk + RISK_WEIGHTS["met"] * met


def sort_key(row: GridRow) -> tuple[int, int, int, str]:
    """Risk order: no verdicts first, then highest risk, flagged learners before others, then name."""
    unchecked = row.risk is None
    return (0 if unchecked else 1, -(row.risk or 0), 0 if row.flagged else 1, row.learner)


def _shared(overlaps: list[Overlap], learner: str) -> tuple[str, ...]:
    found = []
    for o in overlaps:
        if o.learner == learner:
            found.append(f"{o.document} = {o.other_learner}/{o.other_document} (about {o.shared_words} words)")
        elif o.other_learner == learner:
            found.append(f"{o.other_document} = {o.learner}/{o.document} (about {o.shared_words} words)")
    return tuple(found)


def _row(result: LearnerResult, column_ids: list[str], overlaps: list[Overlap] | None = None) -> GridRow:
    report = result.report
    documents = len(report.documents) if report else 0
    if report is None or not report.checked:
        nothing = tuple(None for _ in column_ids)
        return GridRow(result.name, nothing, 0, 0, 0, 0, None, result.problem, result.note,
                       len(result.unreadable), documents, 0, nothing, tuple(None for _ in CHECK_COLUMNS))
    shared = _shared(overlaps or [], result.name)
    flags = report.checks.flags if report.checks is not None else {}
    checks = tuple(len(shared) if name == "copying" else flags.get(name) for name in CHECK_COLUMNS)
    by_id = {c.id: c for c in report.criteria}
    verdicts = tuple(by_id[cid].status if cid in by_id else None for cid in column_ids)
    statuses = tuple(
        "waived" if cid in by_id and by_id[cid].waiver is not None and by_id[cid].status != "met" else verdict
        for cid, verdict in zip(column_ids, verdicts)
    )
    met, at_risk, missing, waived = (sum(s == status for s in statuses) for status in CELL_STATUSES)
    return GridRow(
        learner=result.name, statuses=statuses, met=met, at_risk=at_risk, missing=missing,
        mistakes_detected=report.summary.mistakes_detected, risk=risk_score(met, at_risk, missing),
        problem=result.problem, note=result.note, unreadable=len(result.unreadable),
        documents=documents, waived=waived, verdicts=verdicts, checks=checks, shared=shared,
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
    overlaps = find_overlaps({r.name: r.report.fingerprints for r in result.learners
                              if r.report is not None and r.report.fingerprints})
    rows = [_row(r, ids, overlaps) for r in result.learners]
    rows.sort(key=sort_key if sort == "risk" else (lambda r: r.learner))
    columns = tuple(
        GridColumn(c.id, c.text, c.name, c.refs, *(sum(r.statuses[i] == s for r in rows) for s in CELL_STATUSES))
        for i, c in enumerate(result.criteria)
    )
    return Grid(result.unit_id, result.unit_title, result.ruleset_version, columns, tuple(rows))
