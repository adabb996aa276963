"""Terminal view of a report (rich): verdict table, mistakes and documents."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .model import Report

STATUS_STYLE = {"met": ("green", "met"), "at_risk": ("yellow", "at risk"), "missing": ("red", "missing")}


def render_terminal(report: Report, console: Console, *, verbose: bool = False) -> None:
    """Print ``report`` as tables to ``console``.

    Every string from the report is escaped: evidence text such as ``[/]`` or
    ``[link=...]`` is shown as written, never read as rich markup.
    """
    unit = report.unit
    console.print(f"[bold]{escape(unit.title)}[/bold] ({escape(unit.id)}, rules {escape(unit.ruleset_version)})",
                  highlight=False)
    table = Table(show_lines=True)
    table.add_column("Criterion", style="bold", max_width=28)
    table.add_column("Status", no_wrap=True)
    table.add_column("Why, and what to do next")
    for c in report.criteria:
        colour, label = STATUS_STYLE[c.status]
        reasons = c.reasons if verbose else [r for r in c.reasons if not r.startswith("Shown:")][:3]
        why = "\n".join(escape(r) for r in reasons)
        if c.advice:
            why += f"\n[bold]Next:[/bold] {escape(c.advice)}"
        table.add_row(escape(c.id), f"[{colour}]{label}[/{colour}]", why or "All elements shown.")
    console.print(table)
    detected = [m for m in report.mistakes if m.detected]
    if detected:
        console.print("[bold]Common mistakes detected[/bold]")
        for m in detected:
            console.print(f" [red]\u2022[/red] {escape(m.id)}: {escape(m.text)}", highlight=False)
            for r in m.reasons[:2]:
                console.print(f"     {escape(r)}", highlight=False)
    else:
        console.print("[green]No common mistakes detected.[/green]")
    docs = Table(title="Documents", show_header=True)
    docs.add_column("File")
    docs.add_column("Kind")
    docs.add_column("Words", justify="right")
    for d in report.documents:
        kind = escape(", ".join(d.evidence_types)) if d.status == "ok" else f"[red]{escape(d.error or '')}[/red]"
        docs.add_row(escape(d.path), kind, str(d.words))
    console.print(docs)
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
    s = report.summary
    console.print(f"[bold]{s.met} met, {s.at_risk} at risk, {s.missing} missing; {s.mistakes_detected} mistake(s) detected.[/bold]")
