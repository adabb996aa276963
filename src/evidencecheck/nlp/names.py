"""Names of the spaCy pipelines, importable without spaCy (the command line's option defaults)."""

from __future__ import annotations

import os

#: The project's own English pipeline (tagger, lemmatiser, dependency parser), shipped in the package.
SHIPPED_MODEL = "en_ud_ewt"
#: ``blank:en``: spaCy's tokenizer with a sentencizer and lookup lemmas, no tags and no parse.
BLANK_MODEL = "blank:en"


def canonical_model(name: str) -> str:
    """The pipeline ``name`` means: ``blank`` is short for ``blank:en``; any other name as given."""
    return BLANK_MODEL if name.strip().lower() == "blank" else name


DEFAULT_MODEL = canonical_model(os.environ.get("EVIDENCECHECK_MODEL", SHIPPED_MODEL))

__all__ = ["BLANK_MODEL", "DEFAULT_MODEL", "SHIPPED_MODEL", "canonical_model"]
