"""PDF page text and ruled tables through pdfplumber (pdfminer.six).

pdfplumber is the slower backend (it builds a Python object for every
character) and the one that finds ruled tables: the pdfium backend asks it for
the tables of pages that have line drawings. As a text backend:

- a space is inserted where the gap between two characters is wider than 15%
  of the font size (``x_tolerance_ratio``), so a PDF that positions words
  without space characters does not come out as one glued word;
- ``(cid:N)`` placeholders (a font without a character map) are dropped and
  counted, never passed off as text;
- lines of right-to-left text, which pdfminer gives in visual order, are put
  back in reading order.
"""

from __future__ import annotations

from typing import Any

from .pdf_layout import Segment, split_runs, visual_to_logical
from .pdf_pdfium import PageText

__all__ = ["Table", "read_page", "tables"]

_X_TOLERANCE_RATIO = 0.15
_GRAPHICS = ("image", "curve", "rect", "line")

#: A ruled table: its box (top-down page coordinates) and its rows of cell texts.
Table = tuple[tuple[float, float, float, float], list[list[str | None]]]


def tables(page: Any) -> list[Table]:
    """The ruled tables of a pdfplumber page, top to bottom."""
    found = []
    for table in page.find_tables():
        found.append((tuple(table.bbox), table.extract(x_tolerance_ratio=_X_TOLERANCE_RATIO)))
    return sorted(found, key=lambda t: (t[0][1], t[0][0]))


def read_page(page: Any, skip: list[tuple[float, float, float, float]]) -> PageText:
    """The text of one pdfplumber page outside the boxes ``skip`` (its tables) as segments."""
    result = PageText()
    chars = page.chars
    if not chars:
        objects = page.objects
        result.has_graphics = any(objects.get(kind) for kind in _GRAPHICS)
        return result
    result.has_paths = bool(page.objects.get("line") or page.objects.get("rect") or page.objects.get("curve"))
    glyphs = [c for c in chars if c.get("text", "").strip()]
    result.chars = len(glyphs)
    result.unreadable = sum(1 for c in glyphs if _is_cid(c))

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        return not _is_cid(obj) and not _inside(obj, skip)

    lines = page.filter(keep).extract_text_lines(
        return_chars=True, strip=True, x_tolerance_ratio=_X_TOLERANCE_RATIO,
    )
    for line in lines:
        runs = []
        prev: dict[str, Any] | None = None
        for ch in line["chars"]:
            if prev is not None and ch["x0"] - prev["x1"] > _X_TOLERANCE_RATIO * max(prev.get("size", 0), 1):
                runs.append((" ", 0.0, 0.0, 0.0, 0.0, 0.0))  # the space pdfplumber's line text has there
            runs.append((ch["text"], ch["x0"], ch["top"], ch["x1"], ch["bottom"], float(ch.get("size", 0))))
            prev = ch
        for seg in split_runs(runs):
            text = visual_to_logical(seg.text)
            result.segments.append(seg if text == seg.text else Segment(
                text, seg.x0, seg.top, seg.x1, seg.bottom, seg.size))
    return result


def _is_cid(obj: dict[str, Any]) -> bool:
    text = str(obj.get("text", ""))
    return text.startswith("(cid:") and text.endswith(")")


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if not boxes:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
