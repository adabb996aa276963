"""What changed between two reports of the same portfolio.

A learner re-checks a draft after adding evidence; an assessor checks a
resubmission against the report that referred it. :func:`diff_reports` lines
the two reports up by criterion, mistake and document id and says what moved:
statuses that got better or worse, elements newly shown or lost, quotes
added or gone, mistakes that appeared or were fixed, files added, removed or
now (un)readable.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..errors import ReportError
from .model import READABLE_VERSIONS, SCHEMA_VERSION, CriterionEntry, EvidenceEntry, Report

#: Criterion statuses from worst to best, for telling better from worse.
STATUS_RANK = {"missing": 0, "at_risk": 1, "met": 2}

Direction = Literal["better", "worse", "same", "added", "removed"]


@dataclass(frozen=True)
class Quote:
    """One evidence quote, identified by its document and text."""

    document: str
    location: str
    quote: str


@dataclass(frozen=True)
class CriterionChange:
    """How one criterion changed. ``old``/``new`` are statuses, or ``None`` if absent."""

    id: str
    text: str
    old: str | None
    new: str | None
    direction: Direction
    name: str | None = None
    elements_gained: tuple[str, ...] = ()
    elements_lost: tuple[str, ...] = ()
    quotes_added: tuple[Quote, ...] = ()
    quotes_removed: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class MistakeChange:
    """A mistake that was detected in one report and not in the other."""

    id: str
    text: str
    old: bool | None
    new: bool | None
    direction: Direction
    name: str | None = None


@dataclass(frozen=True)
class DocumentChange:
    """A document added, removed, or whose status or error changed."""

    path: str
    old: str | None
    new: str | None
    error: str | None = None


@dataclass(frozen=True)
class ReportDiff:
    """Every difference between an ``old`` and a ``new`` report of one unit."""

    unit: str
    old_ruleset_version: str
    new_ruleset_version: str
    criteria: tuple[CriterionChange, ...] = ()
    mistakes: tuple[MistakeChange, ...] = ()
    documents: tuple[DocumentChange, ...] = ()
    old_summary: dict[str, int] = field(default_factory=dict)
    new_summary: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return bool(self.criteria or self.mistakes or self.documents)

    @property
    def worse(self) -> tuple[CriterionChange, ...]:
        """Criteria whose status got worse (or that disappeared)."""
        return tuple(c for c in self.criteria if c.direction in ("worse", "removed"))

    @property
    def better(self) -> tuple[CriterionChange, ...]:
        """Criteria whose status improved."""
        return tuple(c for c in self.criteria if c.direction == "better")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (used by ``evidencecheck diff --format json``)."""
        data = asdict(self)
        data["changed"] = self.changed
        return data


def load_report(path: str | os.PathLike[str]) -> Report:
    """Read a JSON report written by ``evidencecheck check --format json`` (schema version 1 or 2).

    Raises:
        ReportError: E303 when the file cannot be read or is not a report.
    """
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ReportError("E303", path=name, detail=err.strerror or str(err)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReportError("E303", path=name, detail=f"it is not JSON ({err})") from None
    if not isinstance(data, dict) or data.get("schema_version") not in READABLE_VERSIONS:
        found = data.get("schema_version") if isinstance(data, dict) else type(data).__name__
        expected = " or ".join(repr(v) for v in READABLE_VERSIONS)
        raise ReportError("E303", path=name, detail=f"schema_version is {found!r}, expected {expected}")
    # Version 2 only added fields with defaults, so a version 1 report reads as version 2.
    data = {**data, "schema_version": SCHEMA_VERSION}
    try:
        return Report.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReportError("E303", path=name, detail=f"{where}: {first['msg']}") from None


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Compare two reports of the same unit.

    Raises:
        ReportError: E305 when the reports are for different units.
    """
    if old.unit.id != new.unit.id:
        raise ReportError("E305", old=old.unit.id, new=new.unit.id)
    return ReportDiff(
        unit=new.unit.id,
        old_ruleset_version=old.unit.ruleset_version,
        new_ruleset_version=new.unit.ruleset_version,
        criteria=tuple(_criteria_changes(old, new)),
        mistakes=tuple(_mistake_changes(old, new)),
        documents=tuple(_document_changes(old, new)),
        old_summary=old.summary.model_dump(),
        new_summary=new.summary.model_dump(),
    )


def _quotes(evidence: list[EvidenceEntry]) -> dict[tuple[str, str], Quote]:
    return {(e.document, e.quote): Quote(e.document, e.location, e.quote) for e in evidence}


def _criterion_change(old: CriterionEntry | None, new: CriterionEntry | None) -> CriterionChange | None:
    entry = new or old
    assert entry is not None
    if old is None or new is None:
        direction: Direction = "added" if old is None else "removed"
        return CriterionChange(entry.id, entry.text, old.status if old else None, new.status if new else None,
                               direction, name=entry.label if entry.name else None)
    rank = STATUS_RANK[new.status] - STATUS_RANK[old.status]
    direction = "better" if rank > 0 else "worse" if rank < 0 else "same"
    old_found = {e.text for e in old.elements if e.found}
    new_found = {e.text for e in new.elements if e.found}
    old_quotes, new_quotes = _quotes(old.evidence), _quotes(new.evidence)
    change = CriterionChange(
        id=new.id,
        text=new.text,
        old=old.status,
        new=new.status,
        direction=direction,
        name=new.label if new.name else None,
        elements_gained=tuple(e.text for e in new.elements if e.text in new_found - old_found),
        elements_lost=tuple(e.text for e in old.elements if e.text in old_found - new_found),
        quotes_added=tuple(q for k, q in new_quotes.items() if k not in old_quotes),
        quotes_removed=tuple(q for k, q in old_quotes.items() if k not in new_quotes),
    )
    unchanged = (direction == "same" and not change.elements_gained and not change.elements_lost
                 and not change.quotes_added and not change.quotes_removed)
    return None if unchanged else change


def _criteria_changes(old: Report, new: Report) -> list[CriterionChange]:
    before = {c.id: c for c in old.criteria}
    after = {c.id: c for c in new.criteria}
    ids = [c.id for c in new.criteria] + [c.id for c in old.criteria if c.id not in after]
    changes = (_criterion_change(before.get(i), after.get(i)) for i in ids)
    return [c for c in changes if c is not None]


def _mistake_changes(old: Report, new: Report) -> list[MistakeChange]:
    before = {m.id: m for m in old.mistakes}
    after = {m.id: m for m in new.mistakes}
    changes: list[MistakeChange] = []
    for mid in [m.id for m in new.mistakes] + [m.id for m in old.mistakes if m.id not in after]:
        o, n = before.get(mid), after.get(mid)
        was, now = (o.detected if o else None), (n.detected if n else None)
        if was == now:
            continue
        entry = n or o
        assert entry is not None
        if o is None or n is None:
            direction: Direction = "added" if o is None else "removed"
        else:
            direction = "better" if was and not now else "worse"
        changes.append(MistakeChange(mid, entry.text, was, now, direction, name=entry.name))
    return changes


def _document_changes(old: Report, new: Report) -> list[DocumentChange]:
    before = {d.path: d for d in old.documents}
    after = {d.path: d for d in new.documents}
    changes: list[DocumentChange] = []
    for path in [d.path for d in new.documents] + [d.path for d in old.documents if d.path not in after]:
        o, n = before.get(path), after.get(path)
        if o and n and o.status == n.status and o.error == n.error:
            continue
        changes.append(DocumentChange(path, o.status if o else None, n.status if n else None,
                                      n.error if n else None))
    return changes
