"""The typed seam between the parser and the evidence checks: who speaks, and when, sentence by sentence.

:mod:`evidencecheck.nlp.voice` reads each sentence's subject and tense from the
dependency parse and returns :class:`SentenceVoice` values; :mod:`evidencecheck.checks`
judges them without ever seeing spaCy, so the reflective-account check can be tested
with hand-made sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The tense of a sentence's main clause, as the reflective-account check reads it.
#: ``hypothetical``: a modal of what might be done ("I would", "I could", "I should");
#: ``future``: a plan ("I will", "I am going to"); ``none``: no verb (a label, a heading).
Tense = Literal["past", "present", "hypothetical", "future", "none"]


@dataclass(frozen=True)
class SentenceVoice:
    """One sentence's speaker and tense.

    Attributes:
        document: The document's path as given.
        location: Where the sentence is ("paragraph 4").
        text: The sentence as the parser read it (cleaned text).
        first_person: Its main clause's subject is "I" or "we" (or "my team and I").
        tense: The tense of its main clause.
    """

    document: str
    location: str
    text: str
    first_person: bool
    tense: Tense


__all__ = ["SentenceVoice", "Tense"]
