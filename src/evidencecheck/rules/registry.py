"""Where rule sets come from: the bundled ``rules/`` directory and user ``--rules`` directories.

A unit's id is its file name without the extension (``lead-direct-sales.yaml``).
Files whose names start with ``_`` are not units: ``_shared.yaml`` holds the
shared vocabulary. Rule sets are parsed once per file modification time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import RuleSetError, UnknownUnitError
from ._yaml import problem
from .schema import RuleSet

RULE_SUFFIXES = (".yaml", ".yml")

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CacheKey = tuple[str, int, int, tuple[tuple[str, int], ...]]
_cache: dict[_CacheKey, RuleSet] = {}


def bundled_rules_dir() -> Path | None:
    """The directory of bundled rule sets, or ``None`` if there is none.

    An installed wheel carries them as ``evidencecheck/_bundled_rules``; a
    source or editable checkout uses the repository's top-level ``rules/``.
    """
    wheel = _PACKAGE_DIR / "_bundled_rules"
    if wheel.is_dir():
        return wheel
    source = Path(__file__).resolve().parents[3] / "rules"
    return source if source.is_dir() else None


def is_unit_file(path: Path) -> bool:
    """Whether ``path`` is a unit's rule file (YAML, not starting with ``_``)."""
    return path.suffix in RULE_SUFFIXES and not path.name.startswith(("_", "."))


def rules_dirs_in_order(rules_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The bundled directory followed by ``rules_dirs``; later ones win on equal ids."""
    bundled = bundled_rules_dir()
    return ([bundled] if bundled else []) + [Path(d) for d in rules_dirs]


def available_units(rules_dirs: Iterable[str | os.PathLike[str]] = ()) -> dict[str, Path]:
    """Every unit id with the rule file that defines it.

    Args:
        rules_dirs: User directories of rule files; a unit in one overrides a
            bundled unit (or one in an earlier directory) with the same id.

    Returns:
        Unit id to rule file, sorted by id.

    Raises:
        RuleSetError: A user directory does not exist.
    """
    units: dict[str, Path] = {}
    for directory in rules_dirs_in_order(rules_dirs):
        if not directory.is_dir():
            raise RuleSetError(
                [problem(str(directory), None, "", "E101", detail="no such directory")]
            )
        for path in sorted(directory.iterdir()):
            if path.is_file() and is_unit_file(path):
                units[path.stem] = path
    return dict(sorted(units.items()))


def load_unit(unit_id: str, *, rules_dirs: Iterable[str | os.PathLike[str]] = ()) -> RuleSet:
    """Load the rule set of unit ``unit_id``.

    Raises:
        UnknownUnitError: No rule file has that id.
        RuleSetError: The rule file has problems, or declares another id.
    """
    units = available_units(rules_dirs)
    if unit_id not in units:
        raise UnknownUnitError(unit_id, list(units))
    ruleset = load_cached(units[unit_id])
    if ruleset.id != unit_id:
        detail = (
            f"the rule set's id is '{ruleset.id}' but the file is named '{units[unit_id].name}'; "
            "name the file after the id"
        )
        raise RuleSetError([problem(str(units[unit_id]), None, "id", "E103", detail=detail)])
    return ruleset


def load_cached(path: Path) -> RuleSet:
    """Load a rule file, reusing the parsed rule set until it or a shared vocabulary changes.

    Raises:
        RuleSetError: The rule file has problems.
    """
    from .loader import SHARED_VOCAB_NAMES, load_ruleset_file

    try:
        stat = path.stat()
    except OSError:
        return load_ruleset_file(path)  # let the loader report it
    vocab_files = [
        d / n for d in (bundled_rules_dir(), path.parent) if d for n in SHARED_VOCAB_NAMES
    ]
    stamps = tuple((str(f), f.stat().st_mtime_ns) for f in vocab_files if f.is_file())
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, stamps)
    if key not in _cache:
        _cache[key] = load_ruleset_file(path)
    return _cache[key]


def clear_cache() -> None:
    """Forget every parsed rule set."""
    _cache.clear()


__all__ = [
    "RULE_SUFFIXES",
    "available_units",
    "bundled_rules_dir",
    "clear_cache",
    "is_unit_file",
    "load_cached",
    "load_unit",
    "rules_dirs_in_order",
]
