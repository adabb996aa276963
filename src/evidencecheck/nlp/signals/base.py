"""What every signal detector is made of: the :class:`Signal` type, regex detection, caching, word lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, TypeVar

from ..yaml_data import load_data

if TYPE_CHECKING:
    from spacy.tokens import Doc

Span = tuple[int, int]
"""A token span ``(start, end)`` of a spaCy ``Doc``."""
Detector = Callable[["Doc"], list[Span]]

_CACHE_KEY = "evidencecheck.signals"


@dataclass(frozen=True)
class Signal:
    """A named detector of concrete detail.

    Attributes:
        name: The name rules use.
        description: What it finds, for ``rules show`` and documentation.
        detect: Returns token spans ``(start, end)`` in the doc.
    """

    name: str
    description: str
    detect: Detector


def dedupe(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans, each once."""
    return sorted(set(spans))


_DIGIT = re.compile(r"\d")


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data``: spaCy joins every token's text on each access."""
    store = doc.user_data.setdefault(_CACHE_KEY, {})
    text: str | None = store.get("_text")
    if text is None:
        text = store["_text"] = doc.text
    return text


def has_digit(doc: Doc) -> bool:
    """Whether the doc's text has a digit (kept in ``doc.user_data``): the cheap test before
    running the patterns that cannot match without one."""
    store = doc.user_data.setdefault(_CACHE_KEY, {})
    found: bool | None = store.get("_digit")
    if found is None:
        found = store["_digit"] = _DIGIT.search(doc_text(doc)) is not None
    return found


def regex_detector(patterns: list[re.Pattern[str]], *, needs_digit: bool = False) -> Detector:
    """A detector returning the token spans of every match of ``patterns`` (leading spaces left out).

    With ``needs_digit`` (every one of ``patterns`` matches only text with a digit), a doc whose
    text has no digit is not searched at all.
    """

    def detect(doc: Doc) -> list[Span]:
        spans: list[Span] = []
        if needs_digit and not has_digit(doc):
            return spans
        text = doc_text(doc)
        for pattern in patterns:
            for m in pattern.finditer(text):
                start, end = m.span()
                while start < end and text[start].isspace():
                    start += 1
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append((span.start, span.end))
        return dedupe(spans)

    return detect


def cached(name: str, detect: Detector) -> Detector:
    """``detect`` computed once per doc: the matcher, the keyword-list check and the portfolio
    facts all ask for the same signals of the same block."""

    def run(doc: Doc) -> list[Span]:
        store = doc.user_data.setdefault(_CACHE_KEY, {})
        spans = store.get(name)
        if spans is None:
            spans = store[name] = tuple(detect(doc))
        return list(spans)

    run.__doc__ = detect.__doc__
    return run


_Value = TypeVar("_Value")


def doc_memo(doc: Doc, key: str, compute: Callable[[Doc], _Value]) -> _Value:
    """A per-doc value (a set of token indexes, a table by sentence) computed once and kept in
    ``doc.user_data``."""
    store = doc.user_data.setdefault(_CACHE_KEY, {})
    if key not in store:
        store[key] = compute(doc)
    value: _Value = store[key]
    return value


def _data(name: str) -> str:
    return resources.files("evidencecheck.nlp").joinpath(f"data/{name}").read_text("utf-8")


@lru_cache(maxsize=None)
def word_file(name: str) -> frozenset[str]:
    """A one-word-per-line list from ``nlp/data/`` (``#`` lines are comments)."""
    return frozenset(w.strip() for w in _data(name).split("\n") if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _signal_words() -> dict[str, frozenset[str]]:
    raw: dict[str, list[str]] = load_data("signal-words.yaml")
    return {name: frozenset(words) for name, words in raw.items()}


def words(name: str) -> frozenset[str]:
    """The named word list of ``nlp/data/signal-words.yaml``."""
    return _signal_words()[name]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (imported on first use, not when signals are listed)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


__all__ = ["Detector", "Signal", "Span", "cached", "dedupe", "doc_memo", "doc_text", "has_digit", "regex_detector",
           "stop_words",
           "word_file", "words"]
