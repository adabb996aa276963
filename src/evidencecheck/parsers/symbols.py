"""Tick boxes and ticks that Word's symbol fonts draw from ordinary code points.

Word inserts a box as a symbol (``w:sym``: font and character code), and a PDF made from such a
document gives the same character in the private-use area (U+F000 plus the code). Both are read
as the standard glyphs, so a form's boxes mean the same in every format.
"""

from __future__ import annotations

BOX_EMPTY, BOX_TICKED, BOX_CHECKED, TICK, CROSS = "\u2610", "\u2612", "\u2611", "\u2713", "\u2717"

#: By font (lower case) and the character's low byte.
SYMBOL_BOXES: dict[str, dict[int, str]] = {
    "wingdings": {0xA8: BOX_EMPTY, 0xFB: CROSS, 0xFC: TICK, 0xFD: BOX_TICKED, 0xFE: BOX_CHECKED, 0x78: BOX_TICKED},
    "wingdings 2": {0xA3: BOX_EMPTY, 0x4F: CROSS, 0x50: TICK, 0x52: BOX_CHECKED, 0x53: BOX_TICKED, 0x54: BOX_TICKED},
}

#: Wingdings' boxes as PDFs give them: private-use code points.
PRIVATE_USE_BOXES: dict[str, str] = {chr(0xF000 | code): glyph for code, glyph in SYMBOL_BOXES["wingdings"].items()}

__all__ = ["BOX_EMPTY", "BOX_TICKED", "PRIVATE_USE_BOXES", "SYMBOL_BOXES"]
