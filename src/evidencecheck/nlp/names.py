"""Names of the spaCy pipelines, importable without spaCy (the command line's option defaults)."""

from __future__ import annotations

import os

#: The project's own English pipeline (tagger, lemmatiser, dependency parser), shipped in the package.
SHIPPED_MODEL = "en_ud_ewt"
#: ``blank:en``: spaCy's tokenizer with a sentencizer and lookup lemmas, no tags and no parse.
BLANK_MODEL = "blank:en"
DEFAULT_MODEL = os.environ.get("EVIDENCECHECK_MODEL", SHIPPED_MODEL)

__all__ = ["BLANK_MODEL", "DEFAULT_MODEL", "SHIPPED_MODEL"]
