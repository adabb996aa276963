"""The kinds of evidence document a rule set may name (``types:`` and ``evidence_types:``)."""

from __future__ import annotations

EVIDENCE_TYPE_DESCRIPTIONS: dict[str, str] = {
    "reflective-account": "The learner's own written account of what they did and why.",
    "witness-testimony": "A statement by a manager or colleague who saw the learner's work.",
    "meeting-minutes": "Minutes or notes of a team meeting, briefing or huddle.",
    "one-to-one-record": "The record of a one-to-one meeting with a team member.",
    "coaching-log": "A log or record of coaching sessions and their outcomes.",
    "rota": "A staffing rota, shift pattern or schedule.",
    "work-plan": "A plan of work, monitoring schedule or project plan.",
    "kpi-report": "A report, dashboard or tracker of figures and KPIs.",
    "appraisal": "A performance review or appraisal record.",
    "action-plan": "An action or improvement plan with owners and dates.",
    "email": "An email or message sent or received at work.",
    "professional-discussion": "The record of a professional discussion with the assessor.",
    "observation": "An assessor's record of observing the learner at work.",
    "other": "Any other kind of evidence.",
}

EVIDENCE_TYPES: tuple[str, ...] = tuple(EVIDENCE_TYPE_DESCRIPTIONS)

__all__ = ["EVIDENCE_TYPES", "EVIDENCE_TYPE_DESCRIPTIONS"]
