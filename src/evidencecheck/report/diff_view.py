"""Views of a :class:`~evidencecheck.report.diff.ReportDiff`: plain text and Markdown."""

from __future__ import annotations

import json

from .diff import CriterionChange, DocumentChange, MistakeChange, ReportDiff
from .labels import status_label
from .markdown import escape as escape_markdown

DIFF_FORMATS = ("text", "markdown", "json")
_ARROW = {"better": "improved", "worse": "got worse", "same": "same status", "added": "new criterion",
          "removed": "no longer in the unit"}


def _status(status: str | None) -> str:
    return status_label(status, "assessor") if status else "-"


def _criterion_line(c: CriterionChange) -> str:
    # Named as people name it (name and AC numbers) when the report has names (schema 2).
    return f"{c.name or c.id}: {_status(c.old)} -> {_status(c.new)} ({_ARROW[c.direction]})"


def _criterion_details(c: CriterionChange) -> list[str]:
    lines = [f"now shows: {e}" for e in c.elements_gained]
    lines += [f"no longer shows: {e}" for e in c.elements_lost]
    lines += [f"new evidence: {q.document}, {q.location}: \"{q.quote}\"" for q in c.quotes_added]
    lines += [f"evidence gone: {q.document}, {q.location}: \"{q.quote}\"" for q in c.quotes_removed]
    return lines


def _mistake_line(m: MistakeChange) -> str:
    name = m.name or m.id
    if m.direction == "better":
        return f"{name}: fixed (no longer detected)"
    if m.direction == "worse":
        return f"{name}: now detected"
    return f"{name}: {_ARROW[m.direction]}"


def _document_line(d: DocumentChange) -> str:
    if d.old is None:
        what = "added" + (f", but could not be read: {d.error}" if d.new == "error" else "")
    elif d.new is None:
        what = "removed"
    elif d.new == "error":
        what = f"can no longer be read: {d.error}"
    elif d.old == "error":
        what = "can now be read"
    else:
        what = f"{d.old} -> {d.new}"
    return f"{d.path}: {what}"


def _summary_line(diff: ReportDiff) -> str:
    parts = []
    for key, label in (("met", "met"), ("at_risk", "at risk"), ("missing", "missing"),
                       ("mistakes_detected", "mistakes")):
        old, new = diff.old_summary.get(key, 0), diff.new_summary.get(key, 0)
        parts.append(f"{label} {old} -> {new}" if old != new else f"{label} {new}")
    return ", ".join(parts)


def render_diff_text(diff: ReportDiff) -> str:
    """The diff as plain text for a terminal."""
    if not diff.changed:
        return f"No changes for {diff.unit}: {_summary_line(diff)}.\n"
    out = [f"Changes for {diff.unit}: {_summary_line(diff)}"]
    if diff.old_ruleset_version != diff.new_ruleset_version:
        out.append(f"(rule set version {diff.old_ruleset_version} -> {diff.new_ruleset_version})")
    if diff.criteria:
        out.append("\nCriteria")
        for c in diff.criteria:
            out.append(f"  {_criterion_line(c)}")
            out.extend(f"      {line}" for line in _criterion_details(c))
    if diff.mistakes:
        out.append("\nMistakes")
        out.extend(f"  {_mistake_line(m)}" for m in diff.mistakes)
    if diff.documents:
        out.append("\nDocuments")
        out.extend(f"  {_document_line(d)}" for d in diff.documents)
    return "\n".join(out) + "\n"


def render_diff_markdown(diff: ReportDiff) -> str:
    """The diff as Markdown, with every piece of evidence text escaped."""

    def e(text: str) -> str:
        return escape_markdown(text).replace(" -&gt; ", " \u2192 ")

    out = [f"## Changes for {e(diff.unit)}", "", e(_summary_line(diff)), ""]
    if not diff.changed:
        out.append("No criterion, mistake or document changed.")
    for title, lines in (
        ("Criteria", [(_criterion_line(c), _criterion_details(c)) for c in diff.criteria]),
        ("Mistakes", [(_mistake_line(m), []) for m in diff.mistakes]),
        ("Documents", [(_document_line(d), []) for d in diff.documents]),
    ):
        if not lines:
            continue
        out += [f"### {title}", ""]
        for head, details in lines:
            out.append(f"- {e(head)}")
            out.extend(f"  - {e(d)}" for d in details)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_diff(diff: ReportDiff, fmt: str = "text") -> str:
    """Render ``diff`` as one of :data:`DIFF_FORMATS`."""
    if fmt == "json":
        return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_diff_markdown(diff)
    if fmt == "text":
        return render_diff_text(diff)
    raise ValueError(f"unknown diff format '{fmt}'. Use one of: {', '.join(DIFF_FORMATS)}.")
