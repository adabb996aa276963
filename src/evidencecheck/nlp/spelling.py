"""Misspelt words read as the word meant: "recieved", "moniter", "perfomance", "shedule".

Genuine learner writing misspells the very words the rules look for, and a misspelt clue
matches nothing. :class:`Speller` reads a word that no English word list knows as the
English word one slip away (a letter dropped, added, changed, or two swapped) when that
word is far more frequent than what was typed. It changes only the matching key
(``token.norm_``); the text, and so every quote, stays as the learner wrote it.

What it leaves alone: words of fewer than five letters, capitalised words (names), words
the lemma table knows, words of the field ("webchat", "wallboard": ``domain-words.yaml``),
a known word with an ending ("lates", "callbacks", "rota'd" have "late", "callback", "rota"),
a typed word almost as frequent as the candidate, and one that web text uses as a word of
its own kind (its Brown cluster is not the candidate's: "irate" is no "rate").
Frequencies come from spacy-lookups-data (``data/spelling-words.txt``, made by
``data/make_spelling_words.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from .yaml_data import load_data

__all__ = ["Speller", "one_slip_away"]

#: Shorter words are left alone: one slip turns them into too many other words.
MIN_LENGTH = 5
#: What a word is read as must be at least this frequent (log probability)...
MIN_MEANT = -14.0
#: ...and this much more frequent than the word typed (3 is twenty times).
MARGIN = 3.0
#: The log probability of a typed word the frequency list does not hold: a rare one.
RARE = -25.0
MEMO_SIZE = 100_000
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = frozenset("aeiouy")
_ENDINGS = ("s", "es", "d", "ed", "ing", "er", "ers")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, tuple[float, int]]:
    """Word -> (log probability, Brown cluster), from ``data/spelling-words.txt``."""
    text = resources.files("evidencecheck.nlp").joinpath("data/spelling-words.txt").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {word: (float(prob), int(cluster)) for word, prob, cluster in rows}


@lru_cache(maxsize=1)
def _field_words() -> frozenset[str]:
    data = load_data("domain-words.yaml")
    return frozenset(w for group in ("core", "shared") for entry in data.get(group, [])
                     for w in str(entry).lower().replace("-", " ").split())


def one_slip_away(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


def _usual_slip(typed: str, meant: str) -> bool:
    """A vowel written for another, a letter doubled or not doubled, or two letters swapped."""
    if len(typed) == len(meant):
        diff = [i for i in range(len(typed)) if typed[i] != meant[i]]
        return len(diff) == 2 or (len(diff) == 1 and typed[diff[0]] in _VOWELS and meant[diff[0]] in _VOWELS)
    short, long_ = sorted((typed, meant), key=len)
    return any(long_[:i] + long_[i + 1:] == short and long_[i] == long_[i - 1] for i in range(1, len(long_)))


class Speller:
    """Reads a misspelt lower-case word as the English word meant.

    Args:
        known: Whether a word is an English word (the lemma table's test); only a known
            word is ever read in place of an unknown one.
    """

    def __init__(self, known: Callable[[str], bool]) -> None:
        self._known = known
        self._freq = _frequencies()
        self._field = _field_words()
        self._memo: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        """The word ``word`` was meant to be, or ``None`` when it stands as written."""
        if word in self._memo:
            return self._memo[word]
        meant = self._correct(word)
        if len(self._memo) < MEMO_SIZE:  # a bound on memory for hostile input, not on correcting
            self._memo[word] = meant
        return meant

    def _correct(self, word: str) -> str | None:
        if len(word) < MIN_LENGTH or not word.isascii() or not word.isalpha() or not word.islower():
            return None
        if self._known(word) or word in self._field:
            return None
        stems = (word[:-len(e)] for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 2)
        if any(self._known(s) or s in self._field for s in stems):
            return None
        prob, cluster = self._freq.get(word, (RARE, 0))
        floor = max(MIN_MEANT, prob + MARGIN)
        # a word in a cluster of its own is a word ("irate" is not "rate"); a misspelling has
        # none, or shares the cluster of the word meant ("managment", "management")
        candidates = [c for c in one_slip_away(word) if c in self._freq and self._freq[c][0] >= floor
                      and cluster in (0, self._freq[c][1]) and self._known(c)]
        if not candidates:
            return None
        # the field's words first ("moniter" is "monitor", not "monster"), then the usual slips
        return max(candidates, key=lambda c: (c in self._field, _usual_slip(word, c), self._freq[c][0], c))
