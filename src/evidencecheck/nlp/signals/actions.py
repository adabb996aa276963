"""Signals of the learner acting: first-person actions and past events, and signatures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Span, cached, regex_detector, words

if TYPE_CHECKING:
    from spacy.tokens import Doc

_I = re.IGNORECASE
_FIRST_PERSON = {"i", "we"}

SIGNATURE_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"(?:^|\n)[ \t]*(?:signed|signature|sign(?:ed)?[ -]off|countersigned|e-signed)\b[^\n:]{0,30}[:\-]", _I),
    re.compile(r"\b(?:signed|countersigned|e-signed)\s(?:by|and dated)\b", _I),
    re.compile(r"\b(?:learner|assessor|witness|manager|advisor|adviser|team leader|employee|reviewer)(?:'s)?\s(?:signature|sign-off|signed)\b", _I),
    re.compile(r"\bI (?:can )?confirm that\b", _I),
    re.compile(r"^\s*/s/\s", _I),
]
detect_signature_block = cached("signature_block", regex_detector(SIGNATURE_PATTERNS))


def _first_person_action(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for i, tok in enumerate(doc):
        if tok.lower_ in _FIRST_PERSON or (tok.lower_ == "and" and i + 1 < len(doc) and doc[i + 1].lower_ == "i"):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ == "and":
                continue
            if nxt.lower_ in words("not_action") or not nxt.is_alpha:
                continue
            if nxt.lower_ in {"have", "had", "'ve"} and i + 2 < len(doc) and doc[i + 2].lower_ in {"to", "not", "never"}:
                continue
            spans.append((i, i + 2))
    return spans


detect_first_person_action = cached("first_person_action", _first_person_action)


def _first_person_past_actions(doc: Doc) -> list[Span]:
    """The learner doing something in the past: "I rewrote", "we then held", "I set up".

    A verb-driven, first-hand account of an event; the present "I use", "I ensure" or "I always
    set" of a list of keywords is not one.
    """
    spans: list[Span] = []
    for start, _ in detect_first_person_action(doc):
        i = start + 1
        while i < len(doc) and doc[i].lower_ in words("action_adverbs"):
            i += 1
        if i >= len(doc):
            continue
        word = doc[i].lower_
        if word in words("irregular_past") or (len(word) > 3 and word.endswith("ed") and word not in words("not_past_ed")):
            spans.append((start, i + 1))
    return spans


first_person_past_actions = cached("first_person_past_actions", _first_person_past_actions)
