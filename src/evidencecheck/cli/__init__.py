"""The ``evidencecheck`` command: a thin argparse shell over the library.

Each sub-command lives in its own module exposing ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed
arguments and returning the exit status. Exit statuses follow the report
contract: 0 all met, 1 something at risk or missing, 2 usage error. Output
cut short by the reader (``evidencecheck extract ... | head``) ends quietly
with 141, as a Unix tool stopped by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import EvidenceCheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every sub-command registered."""
    from . import batch, cache_cmd, check, diff, extract, rules_cmd, serve

    parser = argparse.ArgumentParser(
        prog="evidencecheck",
        description="Check a learner's portfolio of evidence against a qualification unit's marking points.",
    )
    parser.add_argument("--version", action="version", version=f"evidencecheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, extract, rules_cmd, diff, batch, serve, cache_cmd):
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
        status = int(args.func(args))
        sys.stdout.flush()  # here, so that a reader that has gone is noticed inside the try
        return status
    except EvidenceCheckError as err:
        print(f"evidencecheck: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    # The reader has gone: point stdout at /dev/null so that the interpreter's
    # final flush does not raise a second BrokenPipeError on the way out.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a file descriptor
        pass
