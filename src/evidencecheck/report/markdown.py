"""Markdown view of a report, for pasting into an e-portfolio or an email.

Everything taken from the report is escaped, so markup in a learner's
evidence (HTML tags, emphasis, links, table pipes, ``{{ }}`` template syntax)
shows as the literal text it is and cannot change the page it is pasted into.
"""

from __future__ import annotations

import re

from .labels import STATUS_SYMBOLS, check_audience, context_label, status_label
from .model import CriterionEntry, EvidenceEntry, MistakeEntry, Report

# CommonMark lets any ASCII punctuation be backslash-escaped. Inline, these
# start code, emphasis, links, strikethrough, table cells or templates; the
# rest of the punctuation stays bare so the Markdown still reads as plain text.
_INLINE = re.compile(r"([\\`*_\[\]{}~|])")
# At the start of a line (or a list item), these start a block.
_BLOCK_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_TICK, _CROSS = "\u2713", "\u2717"


def escape(text: str, *, block: bool = False) -> str:
    """Escape ``text`` so that Markdown renders it literally, on one line.

    Args:
        text: Any text from the report.
        block: The text starts a line or a list item, where ``#``, ``-`` or
            ``1.`` would open a heading or a list.
    """
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    match = _BLOCK_START.match(text) if block else None
    if match:
        # "1." -> "1\." and "#" -> "\#": the marker no longer opens a block.
        end = match.end()
        text = text[:end] + "\\" + text[end:] if match.group(1)[0].isdigit() else "\\" + text
    return text


def _cell(text: str) -> str:
    return escape(text) or " "


def _quote(ev: EvidenceEntry, assessor: bool) -> list[str]:
    source = f"{escape(ev.document)}, {escape(ev.location)}"
    if assessor:
        source += f" \\[{escape(context_label(ev.context))}\\]"
        if ev.matched:
            source += f"; matched: {escape(', '.join(ev.matched))}"
    return [f"> \u201c{escape(ev.quote)}\u201d", ">", f"> \u2014 {source}", ""]


def _criterion(c: CriterionEntry, audience: str) -> list[str]:
    assessor = audience == "assessor"
    label = f"{STATUS_SYMBOLS[c.status]} {status_label(c.status, audience)}"
    lines = [f"### {escape(c.id)}: {label}", "", escape(c.text, block=True), ""]
    if assessor:
        meta = f"Confidence: {c.confidence:.0%}"
        if c.refs:
            meta += f" \u00b7 AC refs: {escape(', '.join(c.refs))}"
        lines += [f"*{meta}*", ""]
        lines += [f"- {escape(r, block=True)}" for r in c.reasons] + ([""] if c.reasons else [])
        if c.advice:
            lines += [f"**Advice to the learner:** {escape(c.advice)}", ""]
    else:
        if c.advice:
            next_step = escape(c.advice)
        elif c.status == "met":
            next_step = "Nothing more is needed for this point."
        else:
            next_step = "Add evidence that shows this point in your own words."
        lines += [f"**What to do next:** {next_step}", ""]
        todo = [e for e in c.elements if not e.found]
        if todo:
            lines += ["What to add:", ""] + [f"- {escape(e.text, block=True)}" for e in todo] + [""]
    done = [e for e in c.elements if e.found]
    if done and not assessor:
        lines += ["Already shown:", ""] + [f"- {escape(e.text, block=True)}" for e in done] + [""]
    if assessor and c.elements:
        lines += ["Elements:", ""]
        lines += [f"- {_TICK if e.found else _CROSS} {escape(e.text)}" for e in c.elements] + [""]
    for ev in c.evidence:
        lines += _quote(ev, assessor)
    return lines


def _mistake(m: MistakeEntry, audience: str) -> list[str]:
    lines = [f"### {escape(m.id)}", "", escape(m.text, block=True), ""]
    if m.advice:
        lines += [f"**What to do next:** {escape(m.advice)}", ""]
    lines += [f"- {escape(r, block=True)}" for r in m.reasons] + ([""] if m.reasons else [])
    for ev in m.evidence:
        lines += _quote(ev, audience == "assessor")
    return lines


def render_markdown(report: Report, *, audience: str = "learner") -> str:
    """Render ``report`` as Markdown for ``audience`` ("learner" or "assessor")."""
    check_audience(audience)
    assessor = audience == "assessor"
    s = report.summary
    title = "Assessor report" if assessor else "Your evidence check"
    lines = [f"# {title}: {escape(report.unit.title)}", ""]
    unit = f"Unit {escape(report.unit.id)}"
    if assessor:
        unit += f", rules version {escape(report.unit.ruleset_version)}, evidencecheck {escape(report.tool.version)}"
    lines += [unit, ""]
    summary = (
        f"**Summary:** {s.met} {status_label('met', audience).lower()}, "
        f"{s.at_risk} {status_label('at_risk', audience).lower()}, "
        f"{s.missing} {status_label('missing', audience).lower()}; "
        f"{s.mistakes_detected} common mistake(s) detected."
    )
    lines += [summary, ""]
    if assessor:
        lines += ["| Criterion | Refs | Status | Confidence | Evidence |", "| --- | --- | --- | --- | --- |"]
        for c in report.criteria:
            refs = "; ".join(f"{e.document}, {e.location}" for e in c.evidence)
            lines.append(
                f"| {_cell(c.id)} | {_cell(', '.join(c.refs))} | {status_label(c.status, audience)} "
                f"| {c.confidence:.0%} | {_cell(refs)} |"
            )
    else:
        lines += ["| Marking point | Status | What to do next |", "| --- | --- | --- |"]
        for c in report.criteria:
            lines.append(f"| {_cell(c.id)} | {status_label(c.status, audience)} | {_cell(c.advice or '')} |")
    lines += ["", "## Criteria" if assessor else "## Marking points", ""]
    for c in report.criteria:
        lines += _criterion(c, audience)
    lines += ["## Common mistakes", ""]
    detected = [m for m in report.mistakes if m.detected]
    if not detected:
        lines += ["No common mistakes were detected.", ""]
    for m in detected:
        lines += _mistake(m, audience)
    not_detected = [m for m in report.mistakes if not m.detected]
    if not_detected:
        lines += ["Checked and not found:", ""]
        lines += [f"- {escape(m.text, block=True)} ({escape(m.id)})" for m in not_detected] + [""]
    lines += ["## Documents", "", "| File | Kind of evidence | Words | Status |", "| --- | --- | --- | --- |"]
    for d in report.documents:
        status = "read" if d.status == "ok" else f"could not be read: {d.error}"
        if d.warnings:
            status += "; warnings: " + "; ".join(d.warnings)
        lines.append(f"| {_cell(d.path)} | {_cell(', '.join(d.evidence_types))} | {d.words} | {_cell(status)} |")
    lines.append("")
    if report.warnings:
        lines += ["## Warnings", ""] + [f"- {escape(w, block=True)}" for w in report.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
