"""``evidencecheck check``: check one portfolio against a unit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import check
from ..limits import Limits
from ..nlp.pipeline import DEFAULT_MODEL
from ..report.model import Report

FORMATS = ("terminal", "json")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="check a portfolio against a unit's criteria",
                       description="Check evidence files or a folder against a unit's criteria.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="evidence files (.docx, .pdf, .txt, .md) or folders")
    p.add_argument("--unit", required=True, help="unit id (see 'evidencecheck rules list')")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    p.add_argument("--format", choices=FORMATS, default="terminal")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of standard output")
    p.add_argument("--verbose", "-v", action="store_true", help="show every quote")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when criteria are not met")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: built-in, no download)")
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--max-file-size", type=int, default=Limits().max_file_size, metavar="BYTES")
    p.add_argument("--max-pages", type=int, default=Limits().max_pages)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"evidencecheck: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    limits = Limits(max_file_size=args.max_file_size, max_pages=args.max_pages)
    report = check(args.paths, unit=args.unit, rules=args.rules, limits=limits, model=args.model,
                   password=args.password)
    for d in report.documents:
        if d.status == "error":
            print(f"evidencecheck: {d.path}: {d.error}", file=sys.stderr)
    write(report, args.format, args.output, verbose=args.verbose)
    return 0 if args.exit_zero or report.all_met else 1


def write(report: Report, fmt: str, output: str | None, *, verbose: bool = False) -> None:
    if fmt == "json":
        text = report.model_dump_json(indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    from rich.console import Console

    from ..report.terminal import render_terminal

    if output:
        with open(output, "w", encoding="utf-8") as fh:
            render_terminal(report, Console(file=fh, width=120, no_color=True), verbose=verbose)
    else:
        render_terminal(report, Console(), verbose=verbose)
