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

from ._version import __version__
from .api import check, check_portfolio
from .errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    EvidenceCheckError,
    ExtractionTimeout,
    ReportError,
    RuleSetError,
    UnknownUnitError,
    UnsupportedFormat,
)
from .limits import Limits
from .model import Block, Document, Portfolio
from .parsers import parse
from .portfolio import load_portfolio
from .report.model import Report
from .report.render import render
from .rules.loader import load_ruleset
from .rules.schema import RuleSet

__all__ = [
    "Block",
    "CorruptDocument",
    "Document",
    "DocumentError",
    "DocumentTooLarge",
    "EncryptedDocument",
    "EvidenceCheckError",
    "ExtractionTimeout",
    "Limits",
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
    "load_portfolio",
    "load_ruleset",
    "parse",
    "render",
]
