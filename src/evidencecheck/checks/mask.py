"""Mask personal data so that no report, log or cohort file ever shows a full value.

A masked value keeps just enough to find it in the document ("4929 •••• •••• 1234",
"j•••@•••.co.uk", "BS1 •••") and no more.
"""

from __future__ import annotations

DOT = "\u2022"


def keep_ends(value: str, first: int, last: int, *, digits_only: bool = False) -> str:
    """``value`` with every letter and digit masked except the first ``first`` and last ``last`` of them.

    Separators (spaces, dashes, slashes) stay where they are, so a card number keeps its groups;
    with ``digits_only`` words stay too ("sort code ••-••-•• account ••••4567").
    """
    positions = [i for i, ch in enumerate(value) if (ch.isdigit() if digits_only else ch.isalnum())]
    keep = set(positions[:first]) | set(positions[len(positions) - last:] if last else [])
    masked = set(positions) - keep
    return "".join(DOT if i in masked else ch for i, ch in enumerate(value))


def mask_email(value: str) -> str:
    """``jo.smith@example.co.uk`` -> ``j•••@•••.co.uk`` (the first letter and the top-level domain)."""
    local, _, domain = value.partition("@")
    parts = domain.split(".")
    tld = ".".join(parts[1:]) if len(parts) > 2 and len(parts[-1]) <= 2 else parts[-1]
    return f"{local[:1]}{DOT * 3}@{DOT * 3}.{tld}"


def mask_name(value: str) -> str:
    """``Mrs Janet Hughes`` -> ``Mrs J••• H•••``: each word's initial, a title kept whole."""
    titles = {"mr", "mrs", "ms", "miss", "mx", "dr"}
    words = value.split()
    return " ".join(w if w.lower().rstrip(".") in titles else f"{w[:1]}{DOT * 3}" for w in words)


__all__ = ["DOT", "keep_ends", "mask_email", "mask_name"]
