"""``evidencecheck check``: check one portfolio against a unit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config, discover_config, load_config
from ..errors import ConfigError, ConfigProblem, Messages, ReportError, did_you_mean
from ..nlp.names import DEFAULT_MODEL, canonical_model
from ..report.labels import AUDIENCES
from ..report.outfile import atomic_write, check_output_path, format_for_output
from ..report.render import FORMATS as REPORT_FORMATS
from .options import add_config_options, add_limit_options, limits_from_args, max_age_years, years

if TYPE_CHECKING:
    from ..parsers.cache import ParseCache
    from ..report.model import Report

FORMATS = ("terminal", *REPORT_FORMATS)
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="check a portfolio against a unit's criteria",
                       description="Check evidence files or a folder against a unit's criteria. Settings not "
                                   "given here come from the closest evidencecheck.toml above the portfolio.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="evidence files (.docx, .pdf, .txt, .md) or folders")
    p.add_argument("--unit", help="unit id (see 'evidencecheck rules list'); or unit = \"...\" in evidencecheck.toml")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="report format (default: from the --output extension, else terminal); docx needs --output")
    p.add_argument("--audience", choices=AUDIENCES, default=None,
                   help="who reads the report: learner (default, plain words) or assessor "
                        "(adds confidence, criterion ids and evidence contexts)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the report here (.html, .md, .docx, .json, .csv or .txt) instead of standard output")
    p.add_argument("--force", action="store_true",
                   help="replace an existing --output file that evidencecheck did not write (never an evidence file)")
    p.add_argument("--allow-output-in-portfolio", action="store_true",
                   help="allow --output among the evidence being checked (never onto an evidence file)")
    p.add_argument("--compare", metavar="PREVIOUS.json",
                   help="also show what changed since an earlier JSON report of this portfolio")
    p.add_argument("--verbose", "-v", action="store_true", default=None, help="show every quote")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar on standard error")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when criteria are not met")
    p.add_argument("--model", default=DEFAULT_MODEL, type=canonical_model,
                   help="spaCy pipeline: built-in by default; 'blank' for no tagger or parser (no download)")
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--max-age", type=years, metavar="YEARS", default=None,
                   help="flag evidence older than this many years (default 3, or [checks] max_age_years)")
    add_config_options(p)
    add_limit_options(p)
    p.set_defaults(func=run)


def settings(args: argparse.Namespace) -> Config:
    """The settings file for this run: ``--config``, none with ``--no-config``, else the closest one."""
    if getattr(args, "no_config", False):
        return Config()
    if getattr(args, "config", None):
        return load_config(args.config)
    return discover_config(args.paths)


def chosen_unit(given: str | None, config: Config, rules: list[str]) -> str:
    """The unit to check against: ``--unit``, else the settings file's, which must exist.

    Raises:
        ReportError: E313 when neither names a unit.
        ConfigError: E406 when the settings file names a unit no rule set has (with its ``file:line``).
    """
    if given:
        return given
    if not config.unit:
        raise ReportError("E313")
    from ..rules.registry import available_units

    units = list(available_units(rules))
    if config.unit not in units:
        text = Messages.E406.format(unit=config.unit, hint=did_you_mean(config.unit, units),
                                    available=", ".join(units))
        raise ConfigError([ConfigProblem(str(config.path), config.lines.get("unit"), "E406", text)])
    return config.unit


def learner_folder(paths: list[str]) -> str:
    """The name waivers use for this portfolio: the first folder given, or the first file's folder."""
    first = Path(paths[0]).resolve()
    return (first if first.is_dir() else first.parent).name


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"evidencecheck: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    config = settings(args)
    unit = chosen_unit(args.unit, config, [*config.rules, *args.rules])
    if args.output:  # never harm a file first; then which format the file is
        check_output_path(args.output, args.paths, allow_in_portfolio=args.allow_output_in_portfolio,
                          force=args.force)
        fmt = format_for_output(args.output, args.format or (
            None if Path(args.output).suffix else config.format))
    else:
        fmt = args.format or config.format or "terminal"
    if fmt == "docx" and not args.output:
        raise ReportError("E312")
    audience = args.audience or config.audience or "learner"
    verbose = bool(args.verbose if args.verbose is not None else config.verbose)
    previous = None
    if args.compare:
        from ..report.diff import load_report

        previous = load_report(args.compare)  # E303 before any work
    limits = limits_from_args(args)
    options: dict[str, Any] = dict(
        unit=unit, rules=[*config.rules, *args.rules], limits=limits, model=args.model, learner=config.learner,
        waivers=config.waivers_for(learner_folder(args.paths)), max_age_years=max_age_years(args.max_age, config))
    # the assessor's HTML page shows how the rules decided each verdict: matched once, explained
    explained = fmt == "html" and audience == "assessor"
    kept = None if explained else _kept_report(args.paths, args.password, options)
    report: Report | None = kept[0] if kept else None
    explanations: dict[str, tuple[str, ...]] = {}
    if report is None:
        start_parser_early()
        # spaCy is imported from here on, while the parse worker starts on another core
        from ..api import check_explained
        from ..nlp.pipeline import check_model
        from .progress import ProgressBar

        check_model(args.model)
        checker = check_explained if explained else _unexplained
        with ProgressBar("Reading evidence", quiet=args.quiet) as bar:
            report, explanations = checker(args.paths, password=args.password, on_progress=bar, **options)
        if kept:
            from ..report_cache import store_report

            store_report(kept[1], kept[2], report)
    if not report.checked:
        lines = [f"evidencecheck: {report.problem}"]
        lines += [f"  {d.path}: {d.error}" for d in report.documents if d.status == "error"]
        print("\n".join(lines), file=sys.stderr)
        if fmt != "terminal" or args.output:
            write(report, fmt, args.output, verbose=verbose, audience=audience)
        return EXIT_USAGE
    for d in report.documents:
        if d.status == "error":
            print(f"evidencecheck: {d.path}: {d.error}", file=sys.stderr)
    write(report, fmt, args.output, verbose=verbose, audience=audience, explanations=explanations)
    if previous is not None:
        show_comparison(previous, report, to_stderr=fmt != "terminal" and not args.output)
    return EXIT_OK if args.exit_zero or report.all_accepted else EXIT_FINDINGS


def _kept_report(paths: list[str], password: str | None,
                 options: dict[str, Any]) -> tuple[Report | None, ParseCache, str] | None:
    """The report kept for these very inputs (or ``None``), with the cache and key to keep a new one
    under; ``None`` when reports are not kept (``--no-cache``, a password, uploads, another pipeline)."""
    from ..parsers.cache import cache_for
    from ..report_cache import load_report, report_key

    store = cache_for(paths, cache=options["limits"].cache, password=password)
    key = report_key(paths, **options) if store is not None else None
    if store is None or key is None:
        return None
    return load_report(store, key), store, key


def start_parser_early() -> None:
    """Start this thread's parse worker now, without waiting for it, so that its start-up (an
    interpreter and the parser libraries) overlaps this process's import of spaCy."""
    from ..parsers.isolation import shared_parser

    shared_parser().start(preload=("pypdfium2", "docx"))


def show_comparison(previous: Report, report: Report, *, to_stderr: bool) -> None:
    """Print what changed since ``previous`` after the report (on standard error when stdout holds data)."""
    from ..report.diff import diff_reports
    from ..report.diff_view import render_diff_text

    text = render_diff_text(diff_reports(previous, report))
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(("" if to_stderr else "\n") + "Compared with the previous report:\n" + text)


def _unexplained(paths: list[str], **options: Any) -> tuple[Report, dict[str, tuple[str, ...]]]:
    from ..api import check

    return check(paths, **options), {}


def write(report: Report, fmt: str, output: str | None, *, verbose: bool = False,
          audience: str = "learner", explanations: Mapping[str, Sequence[str]] | None = None) -> None:
    """Write ``report`` as ``fmt`` to ``output`` (atomically), or to standard output when it is None."""
    from ..report.render import render, render_terminal_text

    if fmt == "terminal":
        if output:
            atomic_write(output, render_terminal_text(report, audience=audience, verbose=verbose))
            return
        from rich.console import Console

        from ..report.terminal import render_terminal

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                raise BrokenPipeError  # rich would exit 1; the command line ends it as 141, like any pipe

        render_terminal(report, _Console(), verbose=verbose, audience=audience)
        return
    data = render(report, fmt, audience=audience, explanations=explanations)
    if output:
        atomic_write(output, data)
    elif isinstance(data, bytes):
        raise ReportError("E312")
    else:
        sys.stdout.write(data)
