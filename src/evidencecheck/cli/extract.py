"""``evidencecheck extract``: show the text blocks read from evidence files, with locations."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from ..model import Document, Portfolio
from .options import add_limit_options, limits_from_args

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add the ``extract`` sub-command to ``subparsers``."""
    parser = subparsers.add_parser(
        "extract", help="show the text read from evidence files, block by block, with locations",
        description="Show the text read from evidence files, block by block, with where each block is.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="evidence files or folders")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--password", default=None, help="password for encrypted PDFs")
    add_limit_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Extract and print; returns 0 all read, 1 some files failed, 2 nothing usable."""
    from ..portfolio import load_portfolio

    limits = limits_from_args(args)
    portfolio = load_portfolio(args.paths, password=args.password, limits=limits)
    if args.format == "json":
        json.dump(to_json(portfolio), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for doc in portfolio.documents:
            sys.stdout.write(format_text(doc))
    for doc in portfolio.documents:
        for warning in doc.warnings:
            print(f"{doc.path}: {warning}", file=sys.stderr)
    for skipped in portfolio.skipped:
        print(f"{skipped.path}: skipped ({skipped.reason})", file=sys.stderr)
    for failure in portfolio.failures:
        print(f"{failure.path}: {failure.message}", file=sys.stderr)  # the message starts with its code
    if not portfolio.documents:
        return EXIT_NOTHING
    return EXIT_SOME_FAILED if portfolio.failures else EXIT_OK


def format_text(doc: Document) -> str:
    """One line per block: ``path  location [kind] text`` (newlines shown as ``/``)."""
    lines = []
    for block in doc.blocks:
        kind = f"heading {block.level}" if block.kind == "heading" else block.kind
        text = block.text.replace("\n", " / ").replace("\t", " ")
        marker = "# " if block.kind == "heading" else ""
        lines.append(f"{doc.path}  {block.location} [{kind}] {marker}{text}\n")
    return "".join(lines)


def to_json(portfolio: Portfolio) -> dict[str, Any]:
    """The portfolio as plain JSON data: documents, failures and skipped files."""
    documents = []
    for doc in portfolio.documents:
        blocks = []
        for block in doc.blocks:
            data = {k: v for k, v in asdict(block).items() if v is not None}
            data["location"] = block.location
            blocks.append(data)
        documents.append({
            "path": doc.path, "format": doc.format, "title": doc.title,
            "metadata": asdict(doc.metadata), "pages": doc.pages, "warnings": list(doc.warnings),
            "unreadable_pages": list(doc.unreadable_pages), "blocks": blocks,
        })
    return {
        "documents": documents,
        "failures": [asdict(f) for f in portfolio.failures],
        "skipped": [asdict(s) for s in portfolio.skipped],
    }
