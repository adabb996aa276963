"""evidencecheck: check a learner's portfolio of evidence against a unit's marking points.

Typical use::

    import evidencecheck

    report = evidencecheck.check(["portfolio/"], unit="lead-team-improve-service")
    for criterion in report.criteria:
        print(criterion.id, criterion.status)

The data flows one way: parse -> normalise -> match -> assess -> report. Each
step takes and returns typed objects, so any step can be used alone.
Importing this package has no side effects: nothing is loaded until used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ConfigError,
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    EvidenceCheckError,
    ExtractionTimeout,
    ModelError,
    ReportError,
    RuleSetError,
    UnknownUnitError,
    UnsupportedFormat,
)
from .limits import Limits
from .model import Block, Document, Portfolio

if TYPE_CHECKING:
    from .api import check, check_portfolio
    from .config import find_config, load_config
    from .parsers import parse
    from .portfolio import load_portfolio
    from .report.model import Report
    from .report.render import render
    from .rules.registry import load_ruleset
    from .rules.schema import RuleSet

# Heavy parts (spaCy, pdfplumber, pydantic models) load on first use, so that
# ``import evidencecheck`` stays cheap for tools that only need the errors.
_LAZY = {
    "check": ".api",
    "check_portfolio": ".api",
    "find_config": ".config",
    "load_config": ".config",
    "parse": ".parsers",
    "load_portfolio": ".portfolio",
    "Report": ".report.model",
    "render": ".report.render",
    "load_ruleset": ".rules.registry",
    "RuleSet": ".rules.schema",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'evidencecheck' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Block",
    "ConfigError",
    "CorruptDocument",
    "Document",
    "DocumentError",
    "DocumentTooLarge",
    "EncryptedDocument",
    "EvidenceCheckError",
    "ExtractionTimeout",
    "Limits",
    "ModelError",
    "Portfolio",
    "Report",
    "ReportError",
    "RuleSet",
    "RuleSetError",
    "UnknownUnitError",
    "UnsupportedFormat",
    "__version__",
    "check",
    "check_portfolio",
    "find_config",
    "load_config",
    "load_portfolio",
    "load_ruleset",
    "parse",
    "render",
]
