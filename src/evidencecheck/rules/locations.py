"""Where rule files live: the bundled ``rules/`` directory and how a unit file is named.

A unit's id is its file name without the extension (``lead-direct-sales.yaml``).
Files whose names start with ``_`` are not units: ``_shared.yaml`` holds the
shared vocabulary.
"""

from __future__ import annotations

from pathlib import Path

RULE_SUFFIXES = (".yaml", ".yml")
SHARED_VOCAB_NAMES = ("_shared.yaml", "_shared.yml")

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


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


__all__ = ["RULE_SUFFIXES", "SHARED_VOCAB_NAMES", "bundled_rules_dir", "is_unit_file"]
