"""PDF page text through pdfium (pypdfium2): the fast backend.

pdfium's text page gives each character's Unicode value and box in one C
call each, 10 to 20 times faster than pdfminer's Python layout, and it reads
fonts and page trees that pdfminer misreads. Its raw order is the content
stream's (a running header drawn last comes first), so only the characters
and their boxes are taken from it; :mod:`~evidencecheck.parsers.pdf_layout`
orders them.

Coordinates are turned into the page as a person sees it: the dominant
direction of the text on the page (from the /Rotate entry, or text drawn
turned on a landscape page) becomes left to right, top to bottom. Characters
pdfium cannot map to Unicode (a font without a character map: what pdfminer
shows as ``(cid:N)``) are dropped and counted.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from typing import Any

from .pdf_layout import Segment, split_runs

__all__ = ["PageText", "read_page"]

_PATH, _IMAGE, _SHADING, _FORM = 2, 3, 4, 5  # FPDF_PAGEOBJ_* types
_GRAPHICS = frozenset({_PATH, _IMAGE, _SHADING, _FORM})
_RTL = frozenset({"R", "AL"})
_FRAME_SAMPLE = 2000  # characters enough to tell which way a page's text runs
_HYPHEN_MARK = "\ufffe"  # pdfium's stand-in for a hyphen it found at a line end


@dataclass
class PageText:
    """What a backend read from one page, before layout."""

    segments: list[Segment] = field(default_factory=list)
    chars: int = 0  #: characters with a glyph on the page
    unreadable: int = 0  #: of those, characters whose font has no Unicode mapping
    has_graphics: bool = False  #: images, drawings or shadings (a scan, or text as outlines)
    has_paths: bool = False  #: line drawings (maybe a ruled table)
    boxes: list[tuple[str, float, float, float, float, float]] = field(default_factory=list)
    """Readable characters as seen (text, x0, top, x1, bottom, size), for table cells."""
    frame: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, -1.0, 0.0, 0.0)
    """Affine map (a, b, c, d, e, f) from PDF user space to the top-down page a person sees."""


def read_page(page: Any, height: float, left: float) -> PageText:
    """The text of one pypdfium2 page as segments in top-down coordinates.

    Args:
        page: A ``pypdfium2.PdfPage``.
        height: The top of the page's media box (user space), for an unrotated page.
        left: The left of the page's media box.
    """
    import pypdfium2.raw as pdfium_c

    result = PageText()
    kinds = _object_kinds(page, pdfium_c)
    result.has_graphics = bool(kinds & _GRAPHICS)
    result.has_paths = _PATH in kinds
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        if count <= 0:
            return result
        text = textpage.get_text_range()
        if len(text) != count:  # characters outside the BMP: read them one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(count))
        text = text.replace(_HYPHEN_MARK, "-")
        chars = _chars(raw, text, count, pdfium_c)
    finally:
        textpage.close()
    result.chars = sum(1 for c in chars if c[5] and not c[0].isspace())
    result.unreadable = sum(1 for c in chars if c[6])
    frame = _frame(chars, height, left)
    result.frame = frame
    result.segments = _segments(chars, frame)
    a, b, c, d, e, f = frame
    for ch, x0, y0, x1, y1, has_box, bad, size in chars:
        if has_box and not bad:
            sx0, sx1 = a * x0 + c * y0 + e, a * x1 + c * y1 + e
            sy0, sy1 = b * x0 + d * y0 + f, b * x1 + d * y1 + f
            result.boxes.append((ch, min(sx0, sx1), min(sy0, sy1), max(sx0, sx1), max(sy0, sy1), size))
    return result


def _object_kinds(page: Any, pdfium_c: Any) -> set[int]:
    kinds: set[int] = set()
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kinds.add(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)))
        if _GRAPHICS <= kinds:
            break
    return kinds


# (text, x0, y0, x1, y1, has_box, unreadable, size) in user space, y up
_Char = tuple[str, float, float, float, float, bool, bool, float]


def _chars(raw: Any, text: str, count: int, pdfium_c: Any) -> list[_Char]:
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    box = pdfium_c.FPDFText_GetLooseCharBox
    size_of = pdfium_c.FPDFText_GetFontSize
    matrix_of = pdfium_c.FPDFText_GetMatrix
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    generated = pdfium_c.FPDFText_IsGenerated
    out: list[_Char] = []
    last_size = 0.0
    for i in range(count):
        ch = text[i]
        if ch in "\r\n" or (ch == " " and generated(raw, i) == 1):
            out.append((ch, 0.0, 0.0, 0.0, 0.0, False, False, 0.0))
            continue
        box(raw, i, ref)
        bad = map_error(raw, i) == 1
        size = 0.0 if ch.isspace() else last_size
        if not ch.isspace() and (i % 3 == 0 or text[i - 1].isspace()):
            # the size set with Tf, times the text matrix's scale: what a person sees (and pdfminer
            # reports). Sampled (each word's first letter and every third character, the others
            # taking the last sample): asking for every character costs a third of the page.
            size = size_of(raw, i)
            if matrix_of(raw, i, matrix_ref):
                size *= math.hypot(matrix.c, matrix.d)
            last_size = size
        out.append((ch, rect.left, rect.bottom, rect.right, rect.top, True, bad, size))
    return out


def _frame(chars: list[_Char], height: float, left: float) -> tuple[float, float, float, float, float, float]:
    """The map to the page as seen: the text's dominant direction becomes left to right."""
    votes = [0, 0, 0, 0]  # text running +x, +y, -x, -y in user space
    prev: _Char | None = None
    for ch in chars[:_FRAME_SAMPLE]:
        if not ch[5] or ch[0].isspace():
            prev = None if ch[0] in "\r\n" else prev
            continue
        if prev is not None:
            dx = (ch[1] + ch[3]) / 2 - (prev[1] + prev[3]) / 2
            dy = (ch[2] + ch[4]) / 2 - (prev[2] + prev[4]) / 2
            if abs(dx) > abs(dy):
                votes[0 if dx > 0 else 2] += 1
            elif abs(dy) > 0:
                votes[1 if dy > 0 else 3] += 1
        prev = ch
    direction = max(range(4), key=lambda k: (votes[k], k == 0))
    # (a, b, c, d): seen_x = a*x + c*y, seen_y = b*x + d*y (then shifted to start at 0)
    a, b, c, d = {0: (1.0, 0.0, 0.0, -1.0), 1: (0.0, 1.0, 1.0, 0.0),
                  2: (-1.0, 0.0, 0.0, 1.0), 3: (0.0, -1.0, -1.0, 0.0)}[direction]
    if direction == 0:
        return a, b, c, d, -left, height  # the same coordinates pdfplumber uses
    xs = [a * x + c * y for ch in chars if ch[5] for x, y in ((ch[1], ch[2]), (ch[3], ch[4]))]
    ys = [b * x + d * y for ch in chars if ch[5] for x, y in ((ch[1], ch[2]), (ch[3], ch[4]))]
    return a, b, c, d, -min(xs), -min(ys)


def _segments(chars: list[_Char], frame: tuple[float, float, float, float, float, float]) -> list[Segment]:
    a, b, c, d, e, f = frame
    segments: list[Segment] = []
    line: list[tuple[str, float, float, float, float, float]] = []

    def flush() -> None:
        if not line:
            return
        boxed = [ch for ch in line if ch[3] > ch[1] or ch[4] > ch[2]]
        text = "".join(ch[0] for ch in line)
        rtl = not text.isascii() and sum(1 for ch in text if _bidi(ch) in _RTL) > len(text.strip()) / 3
        turned = len(boxed) > 2 and _runs_vertically(boxed)
        if (rtl or turned) and boxed:
            # one segment: pdfium already gives right-to-left text in reading order
            sizes = sorted(ch[5] for ch in boxed if ch[5] > 0)
            segments.append(Segment(" ".join(text.split()), min(ch[1] for ch in boxed), min(ch[2] for ch in boxed),
                                    max(ch[3] for ch in boxed), max(ch[4] for ch in boxed),
                                    sizes[len(sizes) // 2] if sizes else 0.0))
        else:
            segments.extend(split_runs(line))
        line.clear()

    for ch, x0, y0, x1, y1, has_box, bad, size in chars:
        if ch in "\r\n":
            flush()
            continue
        if bad:
            continue
        if not has_box:
            line.append((ch, 0.0, 0.0, 0.0, 0.0, 0.0))
            continue
        sx0, sx1 = a * x0 + c * y0 + e, a * x1 + c * y1 + e
        sy0, sy1 = b * x0 + d * y0 + f, b * x1 + d * y1 + f
        line.append((ch, min(sx0, sx1), min(sy0, sy1), max(sx0, sx1), max(sy0, sy1), size))
    flush()
    return segments


def _runs_vertically(boxed: list[tuple[str, float, float, float, float, float]]) -> bool:
    first, last = boxed[0], boxed[-1]
    dx = abs((last[1] + last[3]) - (first[1] + first[3]))
    dy = abs((last[2] + last[4]) - (first[2] + first[4]))
    return dy > dx * 2


def _bidi(ch: str) -> str:
    import unicodedata

    return unicodedata.bidirectional(ch)
