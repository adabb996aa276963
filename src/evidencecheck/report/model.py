"""The report: the public JSON contract (schema_version "1") as pydantic models.

Every other format (terminal, HTML, Markdown, CSV, DOCX) is a view of a
:class:`Report`. Field names and shapes follow ``report-contract.md``;
additional fields (``advice``, ``refs``, ``context``, ``warnings``) are
optional extras that tools may ignore.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolInfo(_Model):
    name: Literal["evidencecheck"] = "evidencecheck"
    version: str


class UnitInfo(_Model):
    id: str
    title: str
    ruleset_version: str


class DocumentEntry(_Model):
    path: str
    format: str
    status: Literal["ok", "error"]
    error: str | None = None
    words: int = 0
    evidence_types: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class EvidenceEntry(_Model):
    document: str
    location: str
    quote: str
    matched: list[str]
    context: str = "first_hand"


class ElementEntry(_Model):
    text: str
    found: bool
    id: str | None = None


class CriterionEntry(_Model):
    id: str
    text: str
    status: Literal["met", "at_risk", "missing"]
    confidence: float = Field(ge=0.0, le=1.0)
    reasons: list[str]
    elements: list[ElementEntry]
    evidence: list[EvidenceEntry]
    advice: str | None = None
    refs: list[str] = Field(default_factory=list)


class MistakeEntry(_Model):
    id: str
    text: str
    detected: bool
    reasons: list[str]
    evidence: list[EvidenceEntry]
    advice: str | None = None


class Summary(_Model):
    met: int
    at_risk: int
    missing: int
    mistakes_detected: int


class Report(_Model):
    """A portfolio's report for one unit."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    tool: ToolInfo
    unit: UnitInfo
    documents: list[DocumentEntry]
    criteria: list[CriterionEntry]
    mistakes: list[MistakeEntry]
    summary: Summary
    warnings: list[str] = Field(default_factory=list)

    @property
    def all_met(self) -> bool:
        """True when every criterion is met."""
        return all(c.status == "met" for c in self.criteria)
