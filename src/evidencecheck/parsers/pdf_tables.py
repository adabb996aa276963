"""Ruled tables from pdfium's line drawings, found by pdfplumber's table finder.

Opening a page with pdfminer only to find its tables costs as much as reading
its text with it, which is what the pdfium backend avoids. So the ruling lines
come from pdfium's path objects (straight segments of stroked or filled paths,
including those inside form XObjects), and pdfplumber's own table finder
(``pdfplumber.table.TableFinder``: snapping, joining, intersections, cells)
turns them into tables, exactly as ``Page.find_tables()`` would. The finder
only reads ``edges`` and ``chars`` from the page it is given; :class:`_Page`
provides just those, from pdfium. Cell text is laid out by pdfplumber's text
extraction from pdfium's characters.
"""

from __future__ import annotations

import ctypes
from typing import Any

__all__ = ["CharBox", "Table", "edges", "find"]

#: A ruled table: its box (top-down page coordinates) and its rows of cell texts.
Table = tuple[tuple[float, float, float, float], list[list[str | None]]]
#: A character as seen: text, x0, top, x1, bottom, font size.
CharBox = tuple[str, float, float, float, float, float]

_PATH, _FORM = 2, 5
_LINETO, _MOVETO = 0, 2
_X_TOLERANCE_RATIO = 0.15
_MAX_SEGMENTS = 200_000  # a page drawn as a million tiny strokes is not a table
_STRAIGHT = 0.01


def edges(page: Any, left: float, top: float) -> list[dict[str, Any]]:
    """Horizontal and vertical segments of the page's painted paths, in top-down coordinates.

    Args:
        page: A ``pypdfium2.PdfPage`` whose text runs left to right (no page rotation).
        left: The left of its media box; ``top``: the top of its media box.
    """
    import pypdfium2.raw as pdfium_c

    found: list[dict[str, Any]] = []
    raw = page.raw
    objects = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    budget = [_MAX_SEGMENTS]
    _walk(objects, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), left, top, found, budget, pdfium_c, 0)
    return found


def _walk(objects: list[Any], outer: tuple[float, ...], left: float, top: float, found: list[dict[str, Any]],
          budget: list[int], pdfium_c: Any, depth: int) -> None:
    matrix = pdfium_c.FS_MATRIX()
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _FORM) or budget[0] <= 0:
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        total = _compose(own, outer)
        if kind == _FORM:
            if depth < 8:
                inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
                _walk(inner, total, left, top, found, budget, pdfium_c, depth + 1)
            continue
        _path_edges(obj, total, left, top, found, budget, pdfium_c)


def _path_edges(path: Any, m: tuple[float, ...], left: float, top: float, found: list[dict[str, Any]],
                budget: list[int], pdfium_c: Any) -> None:
    fill = ctypes.c_int(0)
    stroke = ctypes.c_int(0)
    if pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)) and not (fill.value or stroke.value):
        return  # painted neither way: invisible
    x = ctypes.c_float()
    y = ctypes.c_float()
    count = pdfium_c.FPDFPath_CountSegments(path)
    budget[0] -= max(count, 0)
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (m[0] * x.value + m[2] * y.value + m[4] - left, top - (m[1] * x.value + m[3] * y.value + m[5]))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == _MOVETO or prev is None:
            start = prev = point
            continue
        if kind == _LINETO:
            _add_edge(prev, point, found)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(point, start, found)
            prev = start


def _add_edge(a: tuple[float, float], b: tuple[float, float], found: list[dict[str, Any]]) -> None:
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    if y1 - y0 <= _STRAIGHT and x1 - x0 > 0:
        orientation = "h"
    elif x1 - x0 <= _STRAIGHT and y1 - y0 > 0:
        orientation = "v"
    else:
        return
    found.append({"x0": x0, "x1": x1, "top": y0, "bottom": y1, "width": x1 - x0, "height": y1 - y0,
                  "orientation": orientation, "object_type": "line"})


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _Page:
    """The two things pdfplumber's table finder reads from a page."""

    def __init__(self, found_edges: list[dict[str, Any]], chars: list[CharBox]) -> None:
        self.edges = found_edges
        self.chars = [
            {"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "size": size,
             "upright": True, "width": x1 - x0, "height": bottom - top}
            for t, x0, top, x1, bottom, size in chars
        ]


def find(found_edges: list[dict[str, Any]], chars: list[CharBox]) -> list[Table]:
    """The ruled tables the edges make, with their cells' text, top to bottom."""
    if len(found_edges) < 2:
        return []
    from pdfplumber.table import TableFinder

    page = _Page(found_edges, [])
    tables: list[Table] = []
    for table in TableFinder(page).tables:  # type: ignore[arg-type]
        x0, top, x1, bottom = table.bbox
        # extract() tests every character of its page against every row: give it only the table's own
        table.page = _Page([], [c for c in chars if x0 <= (c[1] + c[3]) / 2 <= x1  # type: ignore[assignment]
                                and top <= (c[2] + c[4]) / 2 <= bottom])
        rows = table.extract(x_tolerance_ratio=_X_TOLERANCE_RATIO)
        tables.append(((float(x0), float(top), float(x1), float(bottom)), rows))
    return sorted(tables, key=lambda t: (t[0][1], t[0][0]))
