"""Lines that are a form's fields, whichever format they came from.

A record's header is often a stack of "Label: value" lines ("Date: 3 June", "Present: Dev, Sam",
"Relationship to learner: line manager") with no blank line between them. Joined as the lines of
one wrapped paragraph they read as one run-on sentence, which a quote then carries whole; each
such line is a block of its own.
"""

from __future__ import annotations

import re

# a capitalised label of one to four words, a colon, then a value on the same line
_FIELD_LINE = re.compile(r"^[A-Z][\w'&/()-]*(?: [\w'&/()-]+){0,3}:\s+\S")
# a line ending in one of these runs on into the next, whatever the next looks like
_RUN_ON_PUNCT = (",", ";", "-", "\u2013", "\u2014")
#: words a line cannot end on unless the sentence runs on into the next line
RUN_ON_WORDS = frozenset(["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
                          "or", "the", "to", "with"])


def starts_field(previous: str, line: str) -> bool:
    """Whether ``line`` is a "Label: value" field that starts a block of its own after ``previous``."""
    if not _FIELD_LINE.match(line.lstrip()):
        return False
    words = previous.split()
    return not words or not words[-1].endswith(_RUN_ON_PUNCT) and words[-1].lower() not in RUN_ON_WORDS


__all__ = ["RUN_ON_WORDS", "starts_field"]
