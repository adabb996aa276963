"""``evidencecheck batch``: pre-screen a cohort, one learner per subfolder, and build a grid."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, discover_config, load_config
from ..errors import ExecutorError, ReportError, message
from ..nlp.names import DEFAULT_MODEL, canonical_model
from ..report.labels import AUDIENCES
from ..report.render import FORMATS as REPORT_FORMATS
from .check import chosen_unit
from .options import add_config_options, add_limit_options, limits_from_args, max_age_years, years

if TYPE_CHECKING:
    from ..cohort import LearnerResult

# The cohort modules (pydantic, Jinja2, spaCy) load when the command runs, not when the
# command line is built; this is evidencecheck.cohort.DEFAULT_FORMATS.
DEFAULT_FORMATS = ("json", "html")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("use 0 (one per CPU) or more")
    return jobs


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "batch", help="pre-screen a cohort: every learner's report plus a learners x criteria grid",
        description="Check every learner of a cohort against a unit. Each subfolder of COHORT_DIR is one "
                    "learner's portfolio. Writes OUT/<learner>/report.<ext> for each learner and the grid "
                    "as OUT/cohort.html, OUT/cohort.csv and OUT/cohort.json. Settings not given here (the unit, "
                    "waivers) come from the closest evidencecheck.toml above COHORT_DIR.",
    )
    p.add_argument("cohort_dir", metavar="COHORT_DIR", help="folder with one subfolder per learner")
    p.add_argument("--unit", help="unit id (see 'evidencecheck rules list'); or unit = \"...\" in evidencecheck.toml")
    p.add_argument("--out", required=True, metavar="OUT_DIR", help="folder for the reports and the grid (created if missing)")
    p.add_argument("--format", action="append", choices=REPORT_FORMATS, metavar="FORMAT",
                   help=f"learner report format, repeatable: {', '.join(REPORT_FORMATS)} "
                        f"(default: {' and '.join(DEFAULT_FORMATS)})")
    p.add_argument("--audience", choices=AUDIENCES, default="assessor",
                   help="who reads the learner reports: assessor (default) or learner")
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per CPU)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where learners are checked: local (this machine, --jobs processes) or dask "
                        "(a Dask cluster; needs evidencecheck[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --executor dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 "
                        "(default: start a cluster of --jobs processes on this machine)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    p.add_argument("--model", default=DEFAULT_MODEL, type=canonical_model,
                   help="spaCy pipeline: built-in by default; 'blank' for no tagger or parser (no download)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when criteria are not met")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--allow-output-in-portfolio", action="store_true",
                   help="allow OUT_DIR inside COHORT_DIR (it is then not treated as a learner)")
    p.add_argument("--force", action="store_true",
                   help="replace files in OUT_DIR that evidencecheck did not write")
    p.add_argument("--max-age", type=years, metavar="YEARS", default=None,
                   help="flag evidence older than this many years (default 3, or [checks] max_age_years)")
    add_config_options(p)
    add_limit_options(p)
    p.set_defaults(func=run)


def problem_lines(result: LearnerResult) -> list[str]:
    """One standard-error line per problem with a learner's portfolio."""
    if result.report is None:
        return [f"evidencecheck: {result.name}: the check failed: {result.error}"]
    if not result.report.checked:
        return [f"evidencecheck: {result.name}: {result.report.problem}",
                *(f"  {d.path}: {d.error}" for d in result.unreadable)]
    return [f"evidencecheck: {result.name}/{d.path}: {d.error}" for d in result.unreadable]


def _settings(args: argparse.Namespace, cohort_dir: Path) -> Config:
    if args.no_config:
        return Config()
    return load_config(args.config) if args.config else discover_config([cohort_dir])


def run(args: argparse.Namespace) -> int:
    from ..cohort import (
        build_grid,
        check_output_location,
        discover_learners,
        plan_layout,
        prepare_output_dir,
        run_batch,
        write_grid,
        write_learner,
    )
    from ..rules.registry import load_unit
    from .progress import ProgressBar

    if args.scheduler and args.executor != "dask":
        raise ExecutorError("E152")
    cohort_dir = Path(args.cohort_dir)
    if not cohort_dir.is_dir():
        print(f"evidencecheck: no such folder: {cohort_dir}", file=sys.stderr)
        return 2
    config = _settings(args, cohort_dir)
    rules = [*config.rules, *args.rules]
    unit = chosen_unit(args.unit, config, rules)
    load_unit(unit, rules_dirs=rules)  # an unknown unit is a usage error before any work
    formats = list(dict.fromkeys(args.format or DEFAULT_FORMATS))
    out = Path(args.out)
    cohort = discover_learners(cohort_dir, exclude=[out])
    if not cohort.learners:
        print(f"evidencecheck: no learner folders in {cohort_dir}: put each learner's portfolio in its "
              "own subfolder.", file=sys.stderr)
        return 2
    layout = plan_layout(out, [learner.name for learner in cohort.learners])
    check_output_location(layout, cohort, formats, allow=args.allow_output_in_portfolio, force=args.force)
    prepare_output_dir(out)
    for skipped in cohort.skipped:
        print(f"evidencecheck: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    names = {learner.name for learner in cohort.learners}
    for waiver in config.waivers:
        if waiver.learner is not None and waiver.learner not in names:
            print(f"evidencecheck: {message('W403', where=waiver.source, learner=waiver.learner)}",
                  file=sys.stderr)

    written: dict[str, dict[str, str]] = {}
    write_failures = 0
    limits = limits_from_args(args)
    with ProgressBar("Checking learners", total=len(cohort.learners), quiet=args.quiet) as bar:

        def on_result(result: LearnerResult, done: int, total: int) -> None:
            nonlocal write_failures
            for line in problem_lines(result):
                bar.print(line)
            try:
                written[result.name] = write_learner(layout, result, formats, audience=args.audience)
            except ReportError as err:
                write_failures += 1
                bar.print(f"evidencecheck: {result.name}: {err}")
            bar.update(result.name, done, total)

        result = run_batch(cohort, unit=unit, rules=rules, limits=limits, model=args.model,
                           jobs=args.jobs, on_result=on_result, waivers=config.waivers,
                           max_age_years=max_age_years(args.max_age, config),
                           executor=args.executor, scheduler=args.scheduler)
    grid = build_grid(result)
    files = write_grid(layout, result, grid, reports=written)
    totals = grid.totals
    waived = f" ({totals['waived']} with a waiver)" if totals["waived"] else ""
    print(f"Checked {totals['learners']} learner{'' if totals['learners'] == 1 else 's'} against {result.unit_id}: "
          f"{totals['all_met']} with every criterion met{waived}, "
          f"{totals['with_findings']} with criteria at risk or missing, "
          f"{totals['not_checked']} not checked (nothing readable, or the check failed). "
          f"Grid: {files['html']}")
    if write_failures:
        return 2
    return 0 if args.exit_zero or result.all_met else 1
