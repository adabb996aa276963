"""Markdown view of a report, for pasting into an e-portfolio or an email.

Everything taken from the report is escaped, so markup in a learner's
evidence (HTML tags, emphasis, links, table pipes, ``{{ }}`` template syntax)
shows as the literal text it is and cannot change the page it is pasted into.
"""

from __future__ import annotations

import re

from .checks_view import check_sections
from .labels import (
    STATUS_SYMBOLS,
    check_audience,
    context_label,
    humanise,
    status_label,
    summary_line,
)
from .model import CriterionEntry, EvidenceEntry, MistakeEntry, Report, refs_label
from .outfile import TEXT_MARKER

# CommonMark lets any ASCII punctuation be backslash-escaped. Inline, these
# start code, emphasis, links, strikethrough, table cells or templates; the
# rest of the punctuation stays bare so the Markdown still reads as plain text.
_INLINE = re.compile(r"([\\`*_\[\]{}~|])")
# At the start of a line (or a list item), these start a block.
_BLOCK_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_TICK, _CROSS = "\u2713", "\u2717"
_ALL_DONE = "Nothing more to add: every marking point is shown, and no common mistake was found."


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
    if c.waiver is not None:
        label += " (waived)"
    title = escape(c.name or c.text)
    if assessor:
        title += f" \u00b7 {escape(c.id)}"
    lines = [f"### {title}: {label}", ""]
    if c.refs:
        lines += [f"*{escape(refs_label(c.refs))}*", ""]
    if c.name:
        lines += [escape(c.text, block=True), ""]
    if c.waiver is not None:
        who = "Waived by the assessor" if assessor else "Accepted by your assessor"
        lines += [f"**{who}:** {escape(c.waiver.line if assessor else c.waiver.describe())}", ""]
    if assessor:
        lines += [f"*Confidence: {c.confidence:.0%}*", ""]
        lines += [f"- {escape(r, block=True)}" for r in c.reasons] + ([""] if c.reasons else [])
        if c.advice:
            lines += [f"**Advice to the learner:** {escape(c.advice)}", ""]
    else:
        if c.status == "met":
            next_step = "Nothing more is needed for this point."
        elif c.advice:
            next_step = escape(c.advice)
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
    if assessor and c.near_misses:
        lines += ["Near misses (not evidence):", ""]
        for ev in c.near_misses:
            lines += _quote(ev, assessor)
    return lines


def _mistake(m: MistakeEntry, audience: str) -> list[str]:
    assessor = audience == "assessor"
    title = escape(m.name or m.text) + (f" \u00b7 {escape(m.id)}" if assessor else "")
    lines = [f"### {title}", ""]
    if m.name:
        lines += [escape(m.text, block=True), ""]
    if m.waiver is not None:
        who = "Waived by the assessor" if assessor else "Reviewed by your assessor"
        lines += [f"**{who}:** {escape(m.waiver.line if assessor else m.waiver.describe())}", ""]
    if m.advice:
        lines += [f"**What to do next:** {escape(m.advice)}", ""]
    lines += [f"- {escape(r, block=True)}" for r in m.reasons] + ([""] if m.reasons else [])
    for ev in m.evidence:
        lines += _quote(ev, assessor)
    return lines


def _next_steps(report: Report) -> list[str]:
    todo = [f"1. **{escape(c.name or c.text)}**"
            + (f" ({escape(refs_label(c.refs))})" if c.refs else "")
            + f": {escape(c.advice or 'Add evidence that shows this point in your own words.')}"
            for c in report.criteria if not c.accepted]
    todo += [f"1. **Fix: {escape(m.name or m.text)}**: {escape(m.advice or m.text)}"
             for m in report.mistakes if m.outstanding]
    if not todo:
        return ["## What to do next", "", _ALL_DONE, ""]
    return ["## What to do next", "", *todo, ""]


def _header(report: Report, audience: str) -> list[str]:
    assessor = audience == "assessor"
    title = "Assessor report" if assessor else "Your evidence check"
    lines = [f"# {title}: {escape(report.unit.title)}", ""]
    meta = []
    if report.unit.source_line:
        meta.append(escape(report.unit.source_line) + (
            " (check that this is your awarding body's version of the unit)" if report.unit.awarding_body else ""))
    if report.learner:
        meta.append(f"Learner: {escape(report.learner)}")
    if assessor:
        meta.append(f"Unit {escape(report.unit.id)}, rules version {escape(report.unit.ruleset_version)}, "
                    f"evidencecheck {escape(report.tool.version)}")
    return lines + ["  \n".join(meta), ""] if meta else lines


def _documents(report: Report) -> list[str]:
    if not report.documents:
        return ["## Documents", "", "No evidence files were found.", ""]
    lines = ["## Documents", "", "| File | Kind of evidence | Words | Status |", "| --- | --- | --- | --- |"]
    for d in report.documents:
        status = "read" if d.status == "ok" else f"could not be read: {d.error}"
        if d.warnings:
            status += "; warnings: " + "; ".join(d.warnings)
        kinds = ", ".join(map(humanise, d.evidence_types))
        lines.append(f"| {_cell(d.path)} | {_cell(kinds)} | {d.words} | {_cell(status)} |")
    return lines + [""]


def _footer(report: Report, assessor: bool) -> list[str]:
    note = ("An automatic check to support, not replace, the assessor's judgement." if assessor
            else "This is an automatic check to help you; your assessor makes the final decision.")
    return ["---", "", f"*{TEXT_MARKER} {escape(report.tool.version)}. {note}*"]


def render_markdown(report: Report, *, audience: str = "learner") -> str:
    """Render ``report`` as Markdown for ``audience`` ("learner" or "assessor")."""
    check_audience(audience)
    assessor = audience == "assessor"
    lines = _header(report, audience)
    if not report.checked:
        lines += ["## Nothing could be checked", "", escape(report.problem or "", block=True), ""]
        lines += [f"- **{escape(d.path)}**: {escape(d.error or '')}" for d in report.documents
                  if d.status == "error"] + [""]
        if report.warnings:
            lines += ["## Warnings", ""] + [f"- {escape(w, block=True)}" for w in report.warnings] + [""]
        return "\n".join(lines + _footer(report, assessor)).rstrip("\n") + "\n"
    lines += [f"**Summary:** {summary_line(report, audience)}", ""]
    if assessor:
        lines += ["| Criterion | Refs | Status | Confidence | Evidence |", "| --- | --- | --- | --- | --- |"]
        for c in report.criteria:
            refs = "; ".join(f"{e.document}, {e.location}" for e in c.evidence)
            status = status_label(c.status, audience) + (" (waived)" if c.waiver else "")
            lines.append(
                f"| {_cell(c.id)} | {_cell(', '.join(c.refs))} | {status} "
                f"| {c.confidence:.0%} | {_cell(refs)} |"
            )
        lines.append("")
    else:
        lines += _next_steps(report)
    lines += ["## Criteria" if assessor else "## Marking points", ""]
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
        lines += ["Checked and not detected:" if assessor else
                  "Not found in your evidence (these common mistakes were checked for, and your evidence "
                  "does not show them):", ""]
        lines += [f"- {escape(m.name or m.text, block=True)}" + (f" ({escape(m.id)})" if assessor else "")
                  + (f"; {escape(m.waiver.line if assessor else m.waiver.describe())}" if m.waiver else "") for m in not_detected] + [""]
    lines += _documents(report)
    sections = check_sections(report.checks)
    if sections:
        lines += ["## Evidence checks", ""]
    for section in sections:
        lines += [f"### {escape(section.title)}: {escape(section.verdict)}", ""]
        lines += [f"- {escape(line.strip(), block=True)}" for line in section.lines] + [""]
    if report.warnings:
        lines += ["## Warnings", ""] + [f"- {escape(w, block=True)}" for w in report.warnings] + [""]
    return "\n".join(lines + _footer(report, assessor)).rstrip("\n") + "\n"
