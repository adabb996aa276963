"""Signals of quantity: figures, percentages, money, durations and KPI values."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Span, cached, dedupe, regex_detector, words
from .dates import N_RE, NUMWORD_RE, clock_times, date_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc

_I = re.IGNORECASE

PERCENTAGE_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?\s?(?:%|per ?cent\b|pc\b|percentage points?\b|pp\b|points?\b)", _I),
]
MONEY_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"[£$€]\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn)?\b", _I),
    re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:pounds|gbp)\b", _I),
]
DURATION_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"(?<![\d/])\b\d{1,2}:\d{2}(?::\d{2})?\b(?!\s?(?:am|pm))", _I),
    re.compile(rf"(?<![:\d.])\b{N_RE}\s?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b(?!-)", _I),
    re.compile(r"(?<![:\d.])\b\d+(?:\.\d+)?(?:s|m)\b"),
]
FIGURE_PATTERNS: list[re.Pattern[str]] = PERCENTAGE_PATTERNS + MONEY_PATTERNS + DURATION_PATTERNS + [
    re.compile(r"(?<![\w./:])(?<!AC )(?<!A\.C\. )(?<!LO)(?<!unit )(?<!section )(?<!page )(?<!table )\d[\d,]*(?:\.\d+)?(?![\w/:.]*\d)(?!(?:st|nd|rd|th)\b)(?!-to-)", _I),
    re.compile(rf"\b(?:from|to|by|of|at|than)\s{NUMWORD_RE}\b(?!\s(?:to|of\sthe)\b)", _I),
    re.compile(rf"\b{NUMWORD_RE}\s(?:out of|of the|calls|sales|advisors|agents|complaints|customers|points?)\b", _I),
]

KPI_TERMS = (r"(?:aht|average handl(?:e|ing) time|handl(?:e|ing) time|acw|wrap(?: time)?|fcr|first (?:call|contact) resolution|"
             r"csat|customer satisfaction(?: score)?|nps|net promoter(?: score)?|conversion(?: rate)?|close rate|"
             r"adherence|schedule adherence|qa(?: score)?|quality(?: score)?|service level|sl|abandon(?:ment|ed)?(?: rate)?|"
             r"attach(?: rate)?|sales|revenue|complaints?|wait(?:ing)? times?|occupancy|utili[sz]ation|retention|"
             r"upgrades?|calls?(?: answered| handled| per hour)?|call volumes?|absence|attendance|repeat contacts?|"
             r"transfers?|saves?|save rate|cancellations?|arpu|average order value|aov|asa|speed of answer)")
_NUMBER_LIKE = r"(?:[£$€]?\d[\d,]*(?:\.\d+)?(?::\d{2})?\s?(?:%|per ?cent|pp|points?|s|secs?|seconds|mins?|minutes)?)"
KPI_VALUE_PATTERNS: list[re.Pattern[str]] = [
    re.compile(rf"\b{KPI_TERMS}\b[^.;\n]{{0,40}}?{_NUMBER_LIKE}", _I),
    re.compile(rf"{_NUMBER_LIKE}\s(?:\w+\s){{0,2}}?{KPI_TERMS}\b", _I),
]

_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_LABEL_NUMBER = re.compile(r"\d{1,3}[a-z]?", _I)  # "3", "2b" after "Level", "Step"...
_PERIOD_LABEL = re.compile(r"q[1-4]|h[12]")  # "Q2 2024", "H1 2024"


def _not_a_figure(doc: Doc, span: Span, clocks: frozenset[int]) -> bool:
    start, end = span
    text = doc[start:end].text.strip().rstrip(".,")
    if text.lower() in {"1:1", "121", "121s", "1:1s", "1-2-1"}:
        return True  # "one-to-one", "1:1", "121s" are meeting names, not figures
    if any(i in clocks for i in range(start, end)):
        return True
    prev = doc[start - 1].lower_ if start > 0 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if prev in words("label_words") and _LABEL_NUMBER.fullmatch(text):
        return True
    if _YEAR.match(text):
        # a year on its own ("in 2024", "Act 2018", "Q2 2024") is not a performance figure
        prev_tok = doc[start - 1] if start > 0 else None
        if nxt not in words("count_nouns") or prev in words("year_before"):
            return True
        if prev_tok is not None and (prev_tok.text[:1].isupper() or _PERIOD_LABEL.fullmatch(prev)):
            return True
    return False


# Patterns that match only text with a digit are skipped for a doc without one; those that can
# match number words ("two calls", "45 minutes" or "forty minutes") always run.
_DIGIT_FIGURES = [*PERCENTAGE_PATTERNS, *MONEY_PATTERNS, DURATION_PATTERNS[0], DURATION_PATTERNS[2],
                  FIGURE_PATTERNS[-3]]
_WORD_FIGURES = [DURATION_PATTERNS[1], *FIGURE_PATTERNS[-2:]]
_figure_digits, _figure_words = regex_detector(_DIGIT_FIGURES, needs_digit=True), regex_detector(_WORD_FIGURES)
_duration_digits = regex_detector([DURATION_PATTERNS[0], DURATION_PATTERNS[2]], needs_digit=True)
_duration_words = regex_detector([DURATION_PATTERNS[1]])
_kpi_value_regex = regex_detector(KPI_VALUE_PATTERNS, needs_digit=True)


def _figure_regex(doc: Doc) -> list[Span]:
    return dedupe([*_figure_digits(doc), *_figure_words(doc)])


def _duration_regex(doc: Doc) -> list[Span]:
    return dedupe([*_duration_digits(doc), *_duration_words(doc)])


def _figure(doc: Doc) -> list[Span]:
    in_date = date_tokens(doc)
    spans = [s for s in _figure_regex(doc) if not any(i in in_date for i in range(*s))]
    clocks = clock_times(doc)
    return [s for s in spans if not _not_a_figure(doc, s, clocks)]


def _duration(doc: Doc) -> list[Span]:
    clocks = clock_times(doc)
    return [s for s in _duration_regex(doc) if not any(i in clocks for i in range(*s))]


def _kpi_value(doc: Doc) -> list[Span]:
    in_date = date_tokens(doc)
    return [s for s in _kpi_value_regex(doc) if not (s[0] in in_date or s[1] - 1 in in_date)]


def _figure_change(doc: Doc) -> list[Span]:
    """A change stated between two figures: "from 71% to 76%", "from 6:40 to 5:55"."""
    found = detect_figure(doc)
    spans = [s for s in found if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found)]  # "71%", not "71"
    out: list[Span] = []
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        if a0 > 0 and doc[a0 - 1].lower_ == "from" and b0 == a1 + 1 and doc[a1].lower_ == "to" \
                and not _hours(doc[a0:a1].text, doc[b0:b1].text):
            out.append((a0 - 1, b1))
    return out


def _hours(first: str, second: str) -> bool:
    """Two bare whole numbers a clock could show: "from 8 to 4" is a shift, not a change."""
    return all(t.isdigit() and int(t) <= 24 for t in (first, second))


def figure_value(text: str) -> float | None:
    """The number a figure's text holds: "76%" 76, "£4,500" 4500, "6:40" 400 (seconds); None if none."""
    t = text.strip().replace(",", "")
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", t)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    m = re.search(r"-?\d+(?:\.\d+)?", t)
    return float(m[0]) if m else None


detect_percentage = cached("percentage", regex_detector(PERCENTAGE_PATTERNS, needs_digit=True))
detect_money = cached("money", regex_detector(MONEY_PATTERNS, needs_digit=True))
detect_figure = cached("figure", _figure)
detect_duration = cached("duration", _duration)
detect_kpi_value = cached("kpi_value", _kpi_value)
detect_figure_change = cached("kpi_change", _figure_change)
