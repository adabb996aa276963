"""``evidencecheck cache``: where the per-user cache is, what it holds, and emptying it."""

from __future__ import annotations

import argparse

EXIT_OK = 0
_KINDS = (("documents", "parsed evidence files"), ("annotations", "their tagging and parse"),
          ("reports", "reports of evidence checked before"))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "cache", help="show or empty the per-user cache of parsed evidence and reports",
        description="evidencecheck keeps what it read from each evidence file, its tagging and parse, and "
                    "the report of evidence it checked, in a private folder of yours, so a re-check only "
                    "reads what changed. The folder holds text from the evidence: empty it on a shared "
                    "computer. --no-cache on check and batch neither reads nor fills it; "
                    "EVIDENCECHECK_CACHE_DIR moves it.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="where the cache is and what it holds")
    info.set_defaults(func=run_info)
    clear = actions.add_parser("clear", help="remove everything in the cache")
    clear.set_defaults(func=run_clear)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} bytes"
    size = float(n)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


def run_info(args: argparse.Namespace) -> int:
    from ..parsers.cache import default_cache

    cache = default_cache()
    summary = cache.summary()
    print(f"cache folder: {cache.folder}")
    for kind, what in _KINDS:
        count, size = summary[kind]
        print(f"  {count:6,} {kind:12} {_size(size):>10}   {what}")
    total = sum(size for _, size in summary.values())
    print(f"  total {_size(total)} of at most {_size(cache.max_bytes)} (the least recently used go first)")
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    from ..parsers.cache import default_cache

    cache = default_cache()
    removed, freed = cache.clear()
    print(f"removed {removed:,} entries ({_size(freed)}) from {cache.folder}")
    return EXIT_OK
