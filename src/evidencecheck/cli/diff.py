"""``evidencecheck diff``: what changed between two JSON reports of one portfolio."""

from __future__ import annotations

import argparse
import sys

# The report modules (pydantic) load when the command runs, not when the command line is built.
DIFF_FORMATS = ("text", "markdown", "json")  # as report.diff_view.DIFF_FORMATS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff", help="show what changed between two JSON reports",
        description="Compare two JSON reports of the same portfolio and unit (a learner's drafts, or a "
                    "resubmission against the report that referred it): criteria whose status changed, "
                    "elements newly shown or lost, evidence added or gone, mistakes detected or fixed, and "
                    "documents added, removed or now (un)readable. Exit status: 0 no changes, 1 changes, "
                    "2 a report could not be read.")
    p.add_argument("old", metavar="OLD.json", help="the earlier report (evidencecheck check --format json)")
    p.add_argument("new", metavar="NEW.json", help="the later report")
    p.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..report.diff import diff_reports, load_report
    from ..report.diff_view import render_diff

    diff = diff_reports(load_report(args.old), load_report(args.new))
    sys.stdout.write(render_diff(diff, args.format))
    return 1 if diff.changed else 0
