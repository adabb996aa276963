"""Command-line options shared by the commands that read evidence (check, batch, extract)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..limits import Limits, megabytes, seconds

if TYPE_CHECKING:
    from ..config import Config

_DEFAULT = Limits()


def add_limit_options(p: argparse.ArgumentParser) -> None:
    """Add ``--max-file-size``, ``--max-pages``, ``--timeout``, ``--max-memory``, ``--pdf-backend``
    and ``--no-cache`` to ``p``."""
    p.add_argument("--max-file-size", type=int, default=_DEFAULT.max_file_size, metavar="BYTES",
                   help="largest evidence file read, in bytes (default: %(default)d); a larger one gets E208")
    p.add_argument("--max-pages", type=int, default=_DEFAULT.max_pages, metavar="N",
                   help="most pages read from a PDF (default: %(default)d); a longer one gets E210")
    p.add_argument("--timeout", type=seconds, default=_DEFAULT.timeout, metavar="SECONDS",
                   help="seconds allowed to read one file (default: %(default)g); a slower file gets E212")
    p.add_argument("--max-memory", type=megabytes, default=_DEFAULT.max_memory, metavar="MB",
                   help=f"memory allowed to read one file, in MB (default: {_DEFAULT.max_memory // 2**20}); "
                        "more gets E213")
    p.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default=_DEFAULT.pdf_backend,
                   help="what reads PDF text: pdfium (fast) or pdfplumber (default: %(default)s)")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="check afresh: do not use or fill the per-user cache (parsed files, their "
                        "tagging and parse, and reports of unchanged evidence)")


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The :class:`Limits` the options added by :func:`add_limit_options` ask for."""
    return Limits(max_file_size=args.max_file_size, max_pages=args.max_pages, timeout=args.timeout,
                  max_memory=args.max_memory, pdf_backend=args.pdf_backend, cache=args.cache)


def add_config_options(p: argparse.ArgumentParser) -> None:
    """Add ``--config FILE`` and ``--no-config`` (which settings file applies) to ``p``."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="FILE",
                       help="settings file to use (default: the closest evidencecheck.toml above the evidence)")
    group.add_argument("--no-config", action="store_true", help="ignore every evidencecheck.toml")


def years(text: str) -> int:
    """``--max-age``: a whole number of years within :data:`evidencecheck.config.MAX_AGE_RANGE` (else E501)."""
    from ..config import MAX_AGE_RANGE
    from ..errors import Messages

    low, high = MAX_AGE_RANGE
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError("E501 " + Messages.E501.format(key="--max-age", got=repr(text)))
    return value


def max_age_years(given: int | None, config: Config) -> int:
    """The evidence age limit: ``--max-age``, else the settings file's ``[checks] max_age_years``, else 3."""
    from ..checks import DEFAULT_MAX_AGE_YEARS

    if given is not None:
        return given
    return config.max_age_years if config.max_age_years is not None else DEFAULT_MAX_AGE_YEARS
