"""Terminal view of a report (rich): verdicts, mistakes with their advice, and documents.

Nothing is cut: every reason, every piece of advice and every name wraps to the
terminal's width. Learners read criterion names and AC numbers in plain words;
assessors also get the criterion ids (which waivers use), confidence and every
reason. A report where nothing could be checked shows only what to do about it.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .checks_view import check_sections
from .labels import (
    STATUS_SYMBOLS,
    check_audience,
    context_label,
    humanise,
    status_label,
    summary_line,
)
from .model import CriterionEntry, MistakeEntry, Report, refs_label
from .outfile import TEXT_MARKER

STATUS_COLOUR = {"met": "green", "at_risk": "yellow", "missing": "red"}



def _criterion_cell(c: CriterionEntry, assessor: bool) -> str:
    cell = f"[bold]{escape(c.name or c.text)}[/bold]"
    if c.refs:
        cell += f"\n{escape(refs_label(c.refs))}"
    if assessor:
        cell += f"\n[dim]{escape(c.id)}[/dim]"
    return cell


def _status_cell(c: CriterionEntry, audience: str) -> str:
    colour = STATUS_COLOUR[c.status]
    cell = f"[{colour}]{STATUS_SYMBOLS[c.status]} {escape(status_label(c.status, audience))}[/{colour}]"
    if audience == "assessor":
        cell += f"\n[dim]{c.confidence:.0%}[/dim]"
    if c.waiver is not None:
        cell += "\n[cyan]waived[/cyan]"
    return cell


def _why_cell(c: CriterionEntry, assessor: bool, verbose: bool) -> str:
    shown = [r for r in c.reasons if r.startswith("Shown:")]
    reasons = c.reasons if assessor or verbose else [r for r in c.reasons if not r.startswith("Shown:")]
    lines = [escape(r) for r in reasons]
    if shown and len(reasons) < len(c.reasons):
        lines.append(f"[dim]Already shown: {len(shown)} thing{'s' if len(shown) != 1 else ''} "
                     "(--verbose lists them).[/dim]")
    if c.advice and c.status != "met":
        lines.append(f"[bold]Next:[/bold] {escape(c.advice)}")
    if c.waiver is not None:
        lines.append(f"[cyan]{escape(c.waiver.line if assessor else c.waiver.describe())}[/cyan]")
    if verbose:
        for ev in c.evidence:
            ctx = f" [{escape(context_label(ev.context))}]" if assessor else ""
            lines.append(f"[dim]\u201c{escape(ev.quote)}\u201d \u2014 {escape(ev.document)}, "
                         f"{escape(ev.location)}{ctx}[/dim]")
        for ev in c.near_misses if assessor else ():
            lines.append(f"[dim]Near miss, not evidence ({escape(context_label(ev.context))}): "
                         f"\u201c{escape(ev.quote)}\u201d \u2014 {escape(ev.document)}, {escape(ev.location)}[/dim]")
    return "\n".join(lines) or "All elements shown."


def _mistake(console: Console, m: MistakeEntry, assessor: bool, verbose: bool) -> None:
    name = m.name or m.id if assessor else m.name or m.text
    head = f" [red]\u2022[/red] [bold]{escape(name)}[/bold]"
    if assessor:
        head += f" [dim]({escape(m.id)})[/dim]"
    console.print(head, highlight=False)
    console.print(f"   {escape(m.text)}", highlight=False)
    if m.advice:
        console.print(f"   [bold]What to do:[/bold] {escape(m.advice)}", highlight=False)
    for r in m.reasons:
        console.print(f"   {escape(r)}", highlight=False)
    if verbose:
        for ev in m.evidence:
            console.print(f"   [dim]\u201c{escape(ev.quote)}\u201d \u2014 {escape(ev.document)}, "
                          f"{escape(ev.location)}[/dim]", highlight=False)
    if m.waiver is not None:
        text = m.waiver.line if assessor else m.waiver.describe()
        console.print(f"   [cyan]{escape(text)}[/cyan]", highlight=False)


def _header(report: Report, console: Console, assessor: bool) -> None:
    unit = report.unit
    title = "Assessor report" if assessor else "Your evidence check"
    console.print(f"[bold]{title}: {escape(unit.title)}[/bold]", highlight=False)
    parts = [f"Unit {escape(unit.id)}"] if assessor else []
    if unit.source_line:
        parts.append(escape(unit.source_line))
    if assessor:
        parts.append(f"rules {escape(unit.ruleset_version)}")
    if parts:
        console.print(" \u00b7 ".join(parts), highlight=False)
    if unit.awarding_body:
        console.print("Check that this is your awarding body's version of the unit "
                      "('evidencecheck rules list' shows the others).", style="dim", highlight=False)
    if report.learner:
        console.print(f"Learner: {escape(report.learner)}", highlight=False)


def _documents(report: Report, console: Console) -> None:
    docs = Table(title="Documents", show_header=True, expand=False)
    docs.add_column("File", overflow="fold")
    docs.add_column("Kind", overflow="fold")
    docs.add_column("Words", justify="right")
    for d in report.documents:
        kind = escape(", ".join(map(humanise, d.evidence_types))) if d.status == "ok" else f"[red]{escape(d.error or '')}[/red]"
        docs.add_row(escape(d.path), kind, str(d.words))
    console.print(docs)


def render_terminal(report: Report, console: Console, *, verbose: bool = False, audience: str = "learner") -> None:
    """Print ``report`` to ``console`` for ``audience`` ("learner" or "assessor").

    Every string from the report is escaped: evidence text such as ``[/]`` or
    ``[link=...]`` is shown as written, never read as rich markup.
    """
    check_audience(audience)
    assessor = audience == "assessor"
    _header(report, console, assessor)
    if not report.checked:
        console.print(f"[bold red]{escape(report.problem or 'Nothing could be checked.')}[/bold red]",
                      highlight=False)
        if report.documents:
            _documents(report, console)
        for w in report.warnings:
            console.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
        console.print(f"[dim]{TEXT_MARKER} {escape(report.tool.version)}.[/dim]", highlight=False)
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("Criterion" if assessor else "Marking point", ratio=2, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Why, and what to do next", ratio=5, overflow="fold")
    for c in report.criteria:
        table.add_row(_criterion_cell(c, assessor), _status_cell(c, audience), _why_cell(c, assessor, verbose))
    console.print(table)
    detected = [m for m in report.mistakes if m.detected]
    if detected:
        console.print("[bold]Common mistakes detected[/bold]" if assessor else "[bold]Common mistakes to fix[/bold]")
        for m in detected:
            _mistake(console, m, assessor, verbose)
    else:
        console.print("[green]No common mistakes detected.[/green]")
    not_detected = [m for m in report.mistakes if not m.detected]
    if not_detected:
        names = "; ".join((m.id if assessor else m.name or m.text) for m in not_detected)
        label = "Not detected" if assessor else "Common mistakes not found in your evidence"
        console.print(f"{label}: {escape(names)}.", highlight=False)
        for m in not_detected:
            if m.waiver is not None:
                text = m.waiver.line if assessor else m.waiver.describe()
                console.print(f"   {escape(m.name or m.id)}: [cyan]{escape(text)}[/cyan]", highlight=False)
    _documents(report, console)
    for section in check_sections(report.checks):
        console.print(f"[bold]{escape(section.title)}[/bold]: {escape(section.verdict)}", highlight=False)
        for line in section.lines:
            console.print(f"  {escape(line)}", highlight=False)
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
    console.print(f"[bold]{escape(summary_line(report, audience))}[/bold]", highlight=False)
    console.print(f"[dim]{TEXT_MARKER} {escape(report.tool.version)}. "
                  f"{'An automatic check to support, not replace, the assessor.' if assessor else 'This is an automatic check to help you; your assessor makes the final decision.'}[/dim]",
                  highlight=False)
