"""Reading order for a PDF page: text runs in, paragraphs and headings out.

Both PDF backends hand this module the same thing: :class:`Segment` runs of
text on one line, with their box in the page as a person sees it (top-down,
after any page rotation) and their font size. A line is split into segments
wherever a gap wider than a column gutter opens, so side-by-side columns never
merge line by line.

The page is then cut recursively (an "XY cut"): a region whose segments leave
an empty vertical strip is read as columns, left to right, when both sides
look like running text (several lines of several words each: a form's labels
and values, or an unruled table, are read row by row instead); otherwise its
rows are read top to bottom, with runs of rows that share a gutter cut again.
Within a region, rows join into paragraphs until a blank gap, a change to or
from a larger font, a bullet or a "Label: value" field; a line-end hyphen is joined with the next
line ("with- holding" becomes "withholding"). Rows set clearly larger than
the body text (the most common size outside tables) become headings.
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .fields import starts_field

__all__ = ["Line", "Paragraph", "Segment", "body_size", "paragraphs", "split_runs", "visual_to_logical"]

HEADING_RATIO = 1.15
_GAP_RATIO = 0.5  # a vertical gap bigger than this many line heights starts a paragraph
_GUTTER_EM = 1.5  # a horizontal gap this many font sizes wide separates segments
_MIN_COLUMN_LINES = 4
_MIN_COLUMN_WORDS = 4
_SOFT_HYPHEN = "\x02"  # pdfium's marker for a hyphen it found at a line end
_HYPHENS = ("-", "\u2010", _SOFT_HYPHEN, "\u00ad")
_BULLETS = frozenset("•●▪■◦○‣∙·◆◇►▶➢✓✔*-–")


@dataclass(frozen=True)
class Segment:
    """A run of text on one line, its box (points, top-down) and its font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Line:
    """A row of segments read left to right."""

    text: str
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Paragraph:
    """Rows joined into one paragraph, or a heading or a list item."""

    text: str
    top: float
    size: float
    kind: str  # "paragraph", "heading" or "list_item"
    level: int | None = None


def split_runs(chars: Iterable[tuple[str, float, float, float, float, float]]) -> list[Segment]:
    """Segments from the characters of one line in reading order (text, x0, top, x1, bottom, size).

    A gap wider than a column gutter, or a jump back to the left, starts a new
    segment. Characters without a box (spaces a backend inserted) carry no
    position and only separate words.
    """
    out: list[Segment] = []
    text: list[str] = []
    box: list[float] = []
    sizes: list[float] = []
    prev: tuple[float, float] | None = None  # x0 and x1 of the last character with a box

    def flush() -> None:
        content = "".join(text).strip()
        if content and box:
            out.append(Segment(" ".join(content.split()), box[0], box[1], box[2], box[3],
                               statistics.median(sizes) if sizes else 0.0))
        text.clear()
        box.clear()
        sizes.clear()

    em = 10.0
    for ch, x0, top, x1, bottom, size in chars:
        if x1 <= x0 and bottom <= top:  # no box: a generated space or line end
            if ch.isspace():
                text.append(" ")
            continue
        if size > 0:
            em = max(size, 1.0)  # characters without a sampled size use the last one seen
        if prev is not None and box and (x0 - prev[1] > _GUTTER_EM * em or x0 < prev[0] - em):
            flush()
        text.append(ch)
        if not ch.isspace():
            if box:
                if x0 < box[0]:
                    box[0] = x0
                if top < box[1]:
                    box[1] = top
                if x1 > box[2]:
                    box[2] = x1
                if bottom > box[3]:
                    box[3] = bottom
            else:
                box[:] = [x0, top, x1, bottom]
            if size > 0:
                sizes.append(size)
            prev = (x0, x1)
    flush()
    return out


def body_size(segments: Iterable[Segment]) -> float:
    """The most common font size, weighted by characters (0 when unknown)."""
    weight: dict[float, int] = {}
    for seg in segments:
        if seg.size > 0:
            key = round(seg.size, 1)
            weight[key] = weight.get(key, 0) + len(seg.text)
    return max(weight, key=lambda k: (weight[k], -k)) if weight else 0.0


def paragraphs(segments: list[Segment], body: float) -> list[Paragraph]:
    """The page's segments as paragraphs, headings and list items in reading order."""
    out: list[Paragraph] = []
    for region in _cut(segments, 0):
        out.extend(_join(region, body))
    return out


# --- reading order --------------------------------------------------------------

def _cut(segs: list[Segment], depth: int) -> list[list[Line]]:
    """Regions in reading order, each as its rows top to bottom."""
    if not segs:
        return []
    if depth < 12:
        split = _columns(segs)
        if split is not None:
            left, right = split
            if not _side_by_side_rows(left, right):
                return [region for side in (left, right) for region in _cut(side, depth + 1)]
            # a form or unruled table: each row's left block, then the block beside it
            paired: list[list[Line]] = []
            for band_left, band_right in _bands(left, right):
                paired.extend(_cut(band_left, depth + 1))
                paired.extend(_cut(band_right, depth + 1))
            return paired
    rows = _rows(segs)
    strip = _likely_gutter(segs, len(rows)) if depth < 12 else None
    if strip is None:
        return [[_line(row) for row in rows]]
    # rows that cross the gutter (a title, a full-width table caption) split the
    # page into bands; each band between them may be read as columns
    gutter_left, gutter_right = strip
    bands: list[tuple[bool, list[list[Segment]]]] = []
    for row in rows:
        spans = any(s.x0 < gutter_right and s.x1 > gutter_left for s in row)
        if bands and bands[-1][0] == spans:
            bands[-1][1].append(row)
        else:
            bands.append((spans, [row]))
    if len(bands) == 1:
        return [[_line(row) for row in rows]]
    out: list[list[Line]] = []
    for spans, band in bands:
        if spans:
            out.append([_line(row) for row in band])
        else:
            out.extend(_cut([s for row in band for s in row], depth + 1))
    return out


def _gutters(segs: list[Segment]) -> list[tuple[float, float]]:
    """Empty vertical strips between the segments, widest first."""
    em = statistics.median(s.size for s in segs) if segs else 10.0
    spans = sorted((s.x0, s.x1) for s in segs)
    gaps: list[tuple[float, float]] = []
    right = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - right > _GUTTER_EM * max(em, 1.0) * 0.8:
            gaps.append((right, x0))
        right = max(right, x1)
    return sorted(gaps, key=lambda g: g[0] - g[1])


def _likely_gutter(segs: list[Segment], rows: int) -> tuple[float, float] | None:
    """A vertical strip that only a few rows cross, with text on both sides, or ``None``."""
    if len(segs) < 2 * _MIN_COLUMN_LINES:
        return None
    lo = int(min(s.x0 for s in segs))
    hi = int(max(s.x1 for s in segs)) + 1
    if hi - lo > 10_000:
        return None
    delta = [0] * (hi - lo + 2)
    for s in segs:
        delta[int(s.x0) - lo] += 1
        delta[int(s.x1) - lo + 1] -= 1
    cover = list(itertools.accumulate(delta[:-1]))
    allowed = max(2, rows * 0.15)
    em = statistics.median(s.size for s in segs)
    best: tuple[float, float] | None = None
    best_width = 0
    start: int | None = None
    for x, count in enumerate([*cover, allowed + 1]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            width = x - start
            if width >= _GUTTER_EM * max(em, 1.0) * 0.8 and width > best_width:
                left, right = lo + start, lo + x - 1
                n_left = sum(1 for s in segs if s.x1 <= left + 1)
                n_right = sum(1 for s in segs if s.x0 >= right - 1)
                if n_left >= _MIN_COLUMN_LINES and n_right >= _MIN_COLUMN_LINES:
                    best, best_width = (float(left), float(right)), width
            start = None
    return best


def _columns(segs: list[Segment]) -> list[list[Segment]] | None:
    """The segments split at a gutter into two columns of running text, or ``None``."""
    for left_edge, right_edge in _gutters(segs):
        left = [s for s in segs if s.x1 <= left_edge + 0.01]
        right = [s for s in segs if s.x0 >= right_edge - 0.01]
        if _is_text_column(left) and _is_text_column(right):
            return [left, right]
    return None


def _bands(left: list[Segment], right: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """The two sides cut into rows at the tops where a block starts on the left."""
    cuts = _block_tops(left)[1:]
    bands: list[tuple[list[Segment], list[Segment]]] = [([], []) for _ in range(len(cuts) + 1)]
    tolerance = 0.5 * statistics.median(s.bottom - s.top for s in left)
    for side, segs in ((0, left), (1, right)):
        for seg in segs:
            band = sum(1 for cut in cuts if seg.top >= cut - tolerance)
            bands[band][side].append(seg)
    return [band for band in bands if band[0] or band[1]]


def _block_tops(segs: list[Segment]) -> list[float]:
    """Where the blocks of text on one side start: the first line, and each line after a blank gap."""
    tops: list[float] = []
    prev: Segment | None = None
    for seg in sorted(segs, key=lambda s: s.top):
        if prev is None or seg.top - prev.bottom > _GAP_RATIO * max(prev.bottom - prev.top, 1.0):
            tops.append(seg.top)
        prev = seg
    return tops


def _side_by_side_rows(left: list[Segment], right: list[Segment]) -> bool:
    """Whether the two sides are rows of a form or table: nearly every block starts beside another.

    Columns of running text break paragraphs wherever their sentences end; a
    form's question and its answer start on the same line, row after row.
    """
    left_tops, right_tops = _block_tops(left), _block_tops(right)
    if len(left_tops) < 2 or len(right_tops) < 2:
        return False
    tolerance = 0.5 * statistics.median(s.bottom - s.top for s in left)
    aligned = sum(1 for top in left_tops[1:] if any(abs(top - other) <= tolerance for other in right_tops))
    return aligned >= 0.7 * (len(left_tops) - 1)


def _is_text_column(segs: list[Segment]) -> bool:
    if len(segs) < _MIN_COLUMN_LINES:
        return False
    return statistics.median(s.words for s in segs) >= _MIN_COLUMN_WORDS


def _rows(segs: list[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = []
    bounds: list[list[float]] = []
    for seg in sorted(segs, key=lambda s: (s.top, s.x0)):
        height = max(seg.bottom - seg.top, 0.1)
        if bounds:
            top, bottom = bounds[-1]
            overlap = min(bottom, seg.bottom) - max(top, seg.top)
            if overlap >= 0.5 * min(height, max(bottom - top, 0.1)):
                rows[-1].append(seg)
                bounds[-1] = [min(top, seg.top), max(bottom, seg.bottom)]
                continue
        rows.append([seg])
        bounds.append([seg.top, seg.bottom])
    return [sorted(row, key=lambda s: s.x0) for row in rows]


def _line(row: list[Segment]) -> Line:
    sizes = [s.size for s in row if s.size > 0]
    return Line(" ".join(s.text for s in row), min(s.top for s in row), max(s.bottom for s in row),
                max(sizes) if sizes else 0.0)


# --- paragraphs -------------------------------------------------------------------

def _join(lines: list[Line], body: float) -> list[Paragraph]:
    groups: list[list[Line]] = []
    prev: Line | None = None
    for line in lines:
        new = prev is None
        if prev is not None:
            height = max(prev.bottom - prev.top, 1.0)
            gap = line.top - prev.bottom
            big = bool(body) and (_big(line.size, body) or _big(prev.size, body))
            new = (gap > height * _GAP_RATIO or gap < -height
                   or (big and abs(line.size - prev.size) > 0.5) or _bulleted(line.text)
                   or starts_field(prev.text, line.text))
        if new:
            groups.append([line])
        else:
            groups[-1].append(line)
        prev = line
    out: list[Paragraph] = []
    for group in groups:
        text = _join_text([line.text for line in group])
        if not text:
            continue
        size = statistics.median(line.size for line in group)
        if body and _big(size, body) and len(text) <= 150 and not _bulleted(text):
            out.append(Paragraph(text, group[0].top, size, "heading", 1 if size >= body * 1.5 else 2))
        elif _bulleted(text):
            out.append(Paragraph(text[1:].strip(), group[0].top, size, "list_item"))
        else:
            out.append(Paragraph(text, group[0].top, size, "paragraph"))
    return out


def _big(size: float, body: float) -> bool:
    return size >= body * HEADING_RATIO


def _bulleted(text: str) -> bool:
    return len(text) > 2 and text[0] in _BULLETS and text[1] == " "


def _join_text(texts: list[str]) -> str:
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out and out[-1] in _HYPHENS and len(out) > 1 and out[-2].isalpha() and text[:1].islower():
            out = _dehyphenate(out, text)
        elif out:
            out += " " + text
        else:
            out = text
    return out.replace(_SOFT_HYPHEN, "-").replace("\u00ad", "")


def _dehyphenate(before: str, after: str) -> str:
    """Join a word split at a line end: drop the hyphen when the whole word is a common word."""
    hyphen = before[-1]
    head = before[:-1]
    start = len(head)
    while start > 0 and head[start - 1].isalpha():
        start -= 1
    first = head[start:]
    end = 0
    while end < len(after) and after[end].isalpha():
        end += 1
    second = after[:end]
    if hyphen in (_SOFT_HYPHEN, "\u00ad") or (first + second).lower() in _common_words():
        return head + after
    return head + "-" + after


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from importlib import resources

    try:
        data = resources.files("evidencecheck.nlp").joinpath("data/common-words.txt").read_text("utf-8")
    except (OSError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w.strip().lower() for w in data.splitlines() if w.strip() and not w.startswith("#"))


# --- right-to-left text --------------------------------------------------------------

def visual_to_logical(text: str) -> str:
    """Text stored in visual (left-to-right drawn) order, in reading order when it is mostly right-to-left.

    pdfminer gives characters in the order they sit on the line; for Hebrew or
    Arabic that is the reverse of reading order. Runs of left-to-right text
    (numbers, Latin words) inside are kept in their own order.
    """
    strong_rtl = sum(1 for ch in text if unicodedata.bidirectional(ch) in ("R", "AL"))
    strong_ltr = sum(1 for ch in text if unicodedata.bidirectional(ch) == "L")
    if strong_rtl == 0 or strong_rtl < strong_ltr:
        return text
    reversed_text = text[::-1]
    out: list[str] = []
    run: list[str] = []
    for ch in reversed_text:
        if unicodedata.bidirectional(ch) in ("L", "EN", "AN") or (run and ch in ".,:%/-" ):
            run.append(ch)
            continue
        if run:
            out.extend(reversed(run))
            run = []
        out.append(_MIRROR.get(ch, ch))
    out.extend(reversed(run))
    return "".join(out)


_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<"}
