"""Mask personal data in every string of a report, whatever format it is rendered to next.

The personal-data check (:mod:`evidencecheck.checks.personal_data`) reports values masked,
but a criterion's quote, a near miss, a witness's name or a warning could still carry one.
Masking the report itself, once, before any view renders it, means no JSON, HTML, Markdown,
CSV, DOCX, terminal view, log or cohort file can show a full value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..checks.personal_data import mask_text
from .model import Report


def _mask(value: Any, known: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for full, masked in known:
            if full in value:
                value = value.replace(full, masked)
        return mask_text(value)
    if isinstance(value, list):
        return [_mask(v, known) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v, known) for k, v in value.items()}
    return value


def redact_text(text: str, values: Mapping[str, str] | None = None) -> str:
    """``text`` masked as :func:`redact_report` masks a report's strings."""
    return str(_mask(text, sorted((values or {}).items(), key=lambda kv: -len(kv[0]))))


def redact_report(report: Report, values: Mapping[str, str] | None = None) -> Report:
    """``report`` with every personal-data value in its text masked.

    Args:
        report: The report.
        values: Full values known to be in the evidence, to their masked forms (from
            :func:`evidencecheck.checks.personal_data.personal_values`); longer values are replaced first.
            Whatever else the detectors recognise in a string is masked too.
    """
    known = sorted((values or {}).items(), key=lambda kv: -len(kv[0]))
    data = report.model_dump(mode="json")
    masked = _mask(data, known)
    if masked == data:
        return report
    return Report.model_validate(masked).with_fingerprints(report.fingerprints)


__all__ = ["redact_report", "redact_text"]
