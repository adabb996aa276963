"""``evidencecheck check``: check one portfolio against a unit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import check
from ..errors import ReportError
from ..nlp.pipeline import DEFAULT_MODEL
from ..portfolio import skip_reason
from ..report.labels import AUDIENCES
from ..report.model import Report
from ..report.render import FORMATS as REPORT_FORMATS
from .options import add_limit_options, limits_from_args
from .progress import ProgressBar

FORMATS = ("terminal", *REPORT_FORMATS)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="check a portfolio against a unit's criteria",
                       description="Check evidence files or a folder against a unit's criteria.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="evidence files (.docx, .pdf, .txt, .md) or folders")
    p.add_argument("--unit", required=True, help="unit id (see 'evidencecheck rules list')")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    p.add_argument("--format", choices=FORMATS, default="terminal",
                   help="report format (default: terminal); docx needs --output")
    p.add_argument("--audience", choices=AUDIENCES, default="learner",
                   help="who reads the report: learner (default, plain words) or assessor "
                        "(adds confidence, AC refs and evidence contexts); html, markdown and docx")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of standard output")
    p.add_argument("--allow-output-in-portfolio", action="store_true",
                   help="allow --output inside a portfolio folder being checked (never onto an evidence file)")
    p.add_argument("--verbose", "-v", action="store_true", help="show every quote")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar on standard error")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when criteria are not met")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: built-in, no download)")
    p.add_argument("--password", help="password for encrypted PDFs")
    add_limit_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "docx" and not args.output:
        print("evidencecheck: --format docx needs --output FILE.docx (a Word file cannot be written "
              "to the terminal).", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"evidencecheck: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.output:
        refuse_output_over_inputs(args.output, args.paths, allow_inside=args.allow_output_in_portfolio)
    limits = limits_from_args(args)
    with ProgressBar("Reading evidence", quiet=args.quiet) as bar:
        report = check(args.paths, unit=args.unit, rules=args.rules, limits=limits, model=args.model,
                       password=args.password, on_progress=bar)
    for d in report.documents:
        if d.status == "error":
            print(f"evidencecheck: {d.path}: {d.error}", file=sys.stderr)
    write(report, args.format, args.output, verbose=args.verbose, audience=getattr(args, "audience", "learner"))
    return 0 if args.exit_zero or report.all_met else 1


def refuse_output_over_inputs(output: str, inputs: list[str], *, allow_inside: bool = False) -> None:
    """Refuse an output path that is an evidence file, or lies inside a portfolio folder.

    A report written into the folder being checked would be read as evidence
    next time, and one written over an evidence file would destroy it.

    Raises:
        ReportError: E302.
    """
    target = Path(output).resolve()
    for given in inputs:
        source = Path(given).resolve()
        inside = source in target.parents
        overwrites_evidence = inside and target.exists() and skip_reason(target.name) is None
        if target == source or overwrites_evidence or (inside and not allow_inside):
            raise ReportError("E302", path=output)


def write(report: Report, fmt: str, output: str | None, *, verbose: bool = False,
          audience: str = "learner") -> None:
    """Write ``report`` as ``fmt`` to ``output``, or to standard output when it is None."""
    if fmt != "terminal":
        from ..report.render import render

        data = render(report, fmt, audience=audience)
        try:
            if isinstance(data, bytes):
                if not output:
                    raise ReportError("E301", path="standard output", detail=f"{fmt} is binary; pass --output")
                Path(output).write_bytes(data)
            elif output:
                # newline="" keeps the CSV's CRLF row ends as they are.
                Path(output).write_text(data, encoding="utf-8", newline="")
            else:
                sys.stdout.write(data)
        except OSError as err:
            raise ReportError("E301", path=output, detail=err.strerror or str(err)) from err
        return
    from rich.console import Console

    from ..report.terminal import render_terminal

    if output:
        with open(output, "w", encoding="utf-8") as fh:
            render_terminal(report, Console(file=fh, width=120, no_color=True), verbose=verbose)
    else:
        render_terminal(report, Console(), verbose=verbose)
