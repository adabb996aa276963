"""Find rule sets by unit id, in the bundled ``rules/`` directory and user ``--rules`` directories.

Rule sets are parsed once per file modification time (and shared vocabulary
modification time); :mod:`.locations` says where the files are and how they are named.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import RuleSetError, UnknownUnitError
from . import locations
from ._yaml import problem
from .loader import PathLike, load_ruleset_file
from .locations import RULE_SUFFIXES, SHARED_VOCAB_NAMES, is_unit_file
from .schema import RuleSet

_CacheKey = tuple[str, int, int, tuple[tuple[str, int], ...], bool]  # ..., patterns checked
_cache: dict[_CacheKey, RuleSet] = {}


def rules_dirs_in_order(rules_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The bundled directory followed by ``rules_dirs``; later ones win on equal ids."""
    bundled = locations.bundled_rules_dir()
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


def load_cached(path: Path, *, patterns: bool = True) -> RuleSet:
    """Load a rule file, reusing the parsed rule set until it or a shared vocabulary changes.

    ``patterns=False`` skips the spaCy validation of token and dependency patterns (see
    :func:`~evidencecheck.rules.loader.load_ruleset_file`); a fully checked copy serves it too.

    Raises:
        RuleSetError: The rule file has problems.
    """
    try:
        stat = path.stat()
    except OSError:
        return load_ruleset_file(path, patterns=patterns)  # let the loader report it
    vocab_files = [
        d / n for d in (locations.bundled_rules_dir(), path.parent) if d for n in SHARED_VOCAB_NAMES
    ]
    stamps = tuple((str(f), f.stat().st_mtime_ns) for f in vocab_files if f.is_file())
    key: _CacheKey = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, stamps, True)
    if key not in _cache and not patterns:
        key = (key[0], key[1], key[2], key[3], False)
    if key not in _cache:
        _cache[key] = load_ruleset_file(path, patterns=patterns)
    return _cache[key]


def load_ruleset(path_or_id: PathLike, *, rules_dirs: Iterable[PathLike] = ()) -> RuleSet:
    """Load a rule set by unit id (``lead-direct-sales``) or by file path.

    Args:
        path_or_id: A unit id known to the registry, or a path to a YAML file.
        rules_dirs: Extra directories of rule files; they override bundled units of the same id.

    Returns:
        The rule set (cached per file and modification time).

    Raises:
        UnknownUnitError: No unit has that id.
        RuleSetError: The rule file has problems.
    """
    text = os.fspath(path_or_id)
    looks_like_path = (
        not isinstance(path_or_id, str)
        or Path(text).suffix in (".yaml", ".yml")
        or os.sep in text
        or "/" in text
    )
    if looks_like_path:
        return load_cached(Path(text))
    return load_unit(text, rules_dirs=rules_dirs)


def clear_cache() -> None:
    """Forget every parsed rule set."""
    _cache.clear()


__all__ = [
    "RULE_SUFFIXES",
    "available_units",
    "clear_cache",
    "is_unit_file",
    "load_cached",
    "load_ruleset",
    "load_unit",
    "rules_dirs_in_order",
]
