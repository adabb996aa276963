"""evidencecheck's own English pipeline, shipped inside the package.

``en_ud_ewt/`` is a spaCy 3.8 pipeline trained on the Universal Dependencies English Web
Treebank (Silveira et al. 2014; UD_English-EWT contributors), licensed CC BY-SA 4.0 (its
``LICENSE`` and ``README.md`` carry the licence, the attribution and the figures). Components:
``tok2vec`` (hashed word features and Brown clusters, see :mod:`evidencecheck.nlp.embed`),
``tagger`` (PTB tags in ``token.tag_``), ``morphologizer`` (UPOS in ``token.pos_``,
UD features in ``token.morph``), ``parser`` (UD dependency labels in ``token.dep_``; sentence
boundaries come from it) and a rule ``lemmatizer`` whose tables are serialised in the model.
Nothing is downloaded or looked up at run time. It is reproduced by ``training/train.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .. import embed  # noqa: F401 - registers the word features the pipeline's config names

MODEL_NAME = "en_ud_ewt"

__all__ = ["MODEL_NAME", "load_default", "model_meta", "model_path"]


def model_path() -> Path:
    """Return the directory of the shipped English pipeline (loadable with ``spacy.load``).

    Raises:
        FileNotFoundError: if the package was installed without the model files.
    """
    path = Path(__file__).resolve().parent / MODEL_NAME
    if not (path / "config.cfg").is_file():
        raise FileNotFoundError(f"the shipped spaCy pipeline is missing: {path}")
    return path


def model_meta() -> dict[str, Any]:
    """Return the shipped pipeline's ``meta.json`` (version, licence, attribution, figures)."""
    meta: dict[str, Any] = json.loads((model_path() / "meta.json").read_text(encoding="utf-8"))
    return meta


def load_default(**kwargs: Any) -> Language:
    """Load the shipped English pipeline, offline.

    Keyword arguments are passed to ``spacy.load`` (for example ``exclude=["parser"]`` for
    tagging and lemmas only, or ``disable=[...]``). Each call builds a new ``Language``: callers
    that need one shared instance should cache it.
    """
    return spacy.load(model_path(), **kwargs)
