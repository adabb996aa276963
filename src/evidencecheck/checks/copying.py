"""Authenticity across a cohort: two learners' documents that share long passages.

Each document is cut into overlapping runs of :data:`SHINGLE_WORDS` words (shingles), each
hashed to an integer. An inverted index from hash to the documents that hold it finds every
pair of documents of different learners that share hashes, without comparing every pair:
the work grows with the total text, not the square of the cohort. A passage shared by more
than half of a cohort of at least four learners is the template everyone was given, and is
not counted. Two documents sharing at least :data:`MIN_SHARED` shingles (a passage of about
:data:`MIN_SHARED` + 7 words, copied or filled in identically) are flagged.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Portfolio

SHINGLE_WORDS = 8
MIN_SHARED = 25
_WORD = re.compile(r"[a-z0-9]+")

#: A learner's fingerprints: document path to its shingle hashes.
Fingerprints = Mapping[str, frozenset[int]]


@dataclass(frozen=True)
class Overlap:
    """Two learners' documents that share long passages.

    Attributes:
        learner, document: One side.
        other_learner, other_document: The other side.
        shared_words: About how many words the shared passages hold.
    """

    learner: str
    document: str
    other_learner: str
    other_document: str
    shared_words: int


def _hash(words: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def text_fingerprints(text: str) -> frozenset[int]:
    """The shingle hashes of ``text`` (lower-cased words; punctuation and spacing ignored)."""
    words = _WORD.findall(text.lower())
    return frozenset(_hash(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def fingerprints(portfolio: Portfolio) -> dict[str, frozenset[int]]:
    """Each document's shingle hashes (documents too short for a shingle are left out)."""
    found = {d.path: text_fingerprints(d.text) for d in portfolio.documents}
    return {path: hashes for path, hashes in found.items() if hashes}


def find_overlaps(learners: Mapping[str, Fingerprints], *, min_shared: int = MIN_SHARED) -> list[Overlap]:
    """Every pair of documents of different learners sharing at least ``min_shared`` shingles, most shared first."""
    index: dict[int, list[tuple[str, str]]] = {}
    for learner, docs in learners.items():
        for path, hashes in docs.items():
            for h in hashes:
                index.setdefault(h, []).append((learner, path))
    template = len(learners) // 2 if len(learners) >= 4 else len(learners) + 1
    pairs: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    for postings in index.values():
        owners = {learner for learner, _ in postings}
        if len(owners) < 2 or len(owners) > template:
            continue
        for i, a in enumerate(postings):
            for b in postings[i + 1:]:
                if a[0] != b[0]:
                    pairs[(a, b) if a < b else (b, a)] += 1
    found = [Overlap(a[0], a[1], b[0], b[1], count + SHINGLE_WORDS - 1)
             for (a, b), count in pairs.items() if count >= min_shared]
    return sorted(found, key=lambda o: (-o.shared_words, o.learner, o.document, o.other_learner, o.other_document))


__all__ = ["MIN_SHARED", "SHINGLE_WORDS", "Fingerprints", "Overlap", "find_overlaps", "fingerprints",
           "text_fingerprints"]
