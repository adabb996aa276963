"""The pipeline's annotations of a document, kept so a re-check skips the tagger and parser.

A trained pipeline spends most of a check tagging and parsing. A document whose text has not
changed gets the same annotations every time, so they are kept in the per-user parse cache
(:class:`~evidencecheck.parsers.cache.ParseCache`), keyed by the SHA-256 of the document's
processed texts and of the pipeline: its name and meta, spaCy's and evidencecheck's versions
and the source of the modules that annotate (so a retrained model or a change to the matching
keys makes every entry a miss). An entry is a spaCy ``DocBin`` (no pickle) stored behind its
SHA-256; one whose texts do not read back exactly as the document's is a miss and is removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .._version import __version__
from ..parsers.cache import ParseCache

__all__ = ["ANNOTATIONS", "AnnotationCache", "pipeline_fingerprint"]

#: What is kept of each token: everything matching reads (its words, matching key, lemma, tags,
#: morphology, parse and sentence starts).
ANNOTATIONS = ("ORTH", "NORM", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD", "SENT_START")
_SCHEMA = 1
# the modules whose code decides a document's annotations
_ANNOTATING = ("pipeline.py", "normalise.py", "ops.py", "embed.py", "annotation_cache.py", "spelling.py",
               "data/spelling-words.txt", "data/domain-words.yaml")
_fingerprints: dict[int, tuple[Language, str]] = {}


def pipeline_fingerprint(nlp: Language) -> str:
    """A hash of what decides ``nlp``'s annotations (computed once per pipeline)."""
    known = _fingerprints.get(id(nlp))
    if known is not None and known[0] is nlp:
        return known[1]
    digest = hashlib.sha256()
    try:
        lookups = metadata.version("spacy-lookups-data")
    except metadata.PackageNotFoundError:
        lookups = ""
    meta = {k: v for k, v in nlp.meta.items() if k not in ("performance", "speed")}
    digest.update(json.dumps([_SCHEMA, __version__, spacy.about.__version__, lookups, nlp.pipe_names, meta],
                             sort_keys=True, default=str).encode())
    folder = Path(__file__).resolve().parent
    for name in _ANNOTATING:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    fingerprint = digest.hexdigest()
    _fingerprints[id(nlp)] = (nlp, fingerprint)
    return fingerprint


class AnnotationCache:
    """Annotated docs of whole documents, for one pipeline.

    Args:
        store: The cache folder (the per-user parse cache).
        nlp: The pipeline whose annotations are kept; loaded docs share its vocabulary.
    """

    def __init__(self, store: ParseCache, nlp: Language) -> None:
        self.store = store
        self.nlp = nlp
        self._pipeline = pipeline_fingerprint(nlp)

    def key(self, texts: Sequence[str]) -> str:
        """The entry key of a document processed as ``texts`` (its blocks' cleaned texts, in order)."""
        digest = hashlib.sha256(self._pipeline.encode())
        for text in texts:
            digest.update(b"\0%d\0" % len(text))
            digest.update(text.encode("utf-8", "surrogatepass"))
        return "nlp-" + digest.hexdigest()

    def get(self, key: str, texts: Sequence[str]) -> list[Doc] | None:
        """The docs of ``texts`` kept under ``key``, or ``None``."""
        payload = self.store.get_bytes(key)
        if payload is None:
            return None
        try:
            docs = list(DocBin(attrs=list(ANNOTATIONS)).from_bytes(payload).get_docs(self.nlp.vocab))
        except Exception:  # noqa: BLE001 - a payload spaCy cannot read back is only a miss
            docs = []
        if len(docs) != len(texts) or any(d.text != t for d, t in zip(docs, texts)):
            self.store.discard(key)
            return None
        return docs

    def put(self, key: str, docs: Sequence[Doc]) -> None:
        """Keep ``docs`` (one document's, in order) under ``key``."""
        kept = DocBin(attrs=list(ANNOTATIONS), store_user_data=False)
        for doc in docs:
            kept.add(doc)
        self.store.put_bytes(key, kept.to_bytes())
