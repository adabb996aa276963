"""The ``evidencecheck`` command: a thin argparse shell over the library.

Each sub-command lives in its own module exposing ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed
arguments and returning the exit status. Exit statuses follow the report
contract: 0 all met, 1 something at risk or missing, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import EvidenceCheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every sub-command registered."""
    from . import batch, check, diff, extract, rules_cmd, serve

    parser = argparse.ArgumentParser(
        prog="evidencecheck",
        description="Check a learner's portfolio of evidence against a qualification unit's marking points.",
    )
    parser.add_argument("--version", action="version", version=f"evidencecheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, extract, rules_cmd, diff, batch, serve):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except EvidenceCheckError as err:
        print(f"evidencecheck: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
