"""Signals of time: dates, months, deadlines and time frames, frequencies, and clock times."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Span, cached, dedupe, doc_memo, doc_text, has_digit, regex_detector

if TYPE_CHECKING:
    from spacy.tokens import Doc

MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday "
            "mon tue tues wed thu thur thurs fri sat sun").split()
MONTH_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
DAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
NUMWORD_RE = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
              r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
              r"half|a third|a quarter|double|a couple of)")
N_RE = rf"(?:\d+(?:\.\d+)?|{NUMWORD_RE})"
UNIT_RE = r"(?:hours?|days?|weeks?|fortnights?|months?|quarters?|shifts?|years?)"
_I = re.IGNORECASE

DATE_PATTERNS: list[re.Pattern[str]] = [
    # several days of one month: "7, 14 and 21 March", "3-5 June"
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:(?:,\s?|\s(?:and|&|to)\s|\s?[-\u2013]\s?)\d{{1,2}}(?:st|nd|rd|th)?){{1,12}}"
               rf"\s(?:of\s)?{MONTH_RE}(?:,?\s\d{{4}})?\b", _I),
    re.compile(rf"\b(?:{DAY_RE},?\s)?\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{MONTH_RE}(?:,?\s\d{{4}})?\b", _I),
    re.compile(rf"\b{MONTH_RE}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?\b", _I),
    re.compile(rf"\b{MONTH_RE}\s\d{{4}}\b", _I),
    re.compile(r"(?<![\d.:])\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b(?![/:]?\d)(?!\s?%)"),
    re.compile(r"(?<![\d.:])\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b(?:w/?c|week commencing|week beginning|w/b)\s\d{1,2}(?:st|nd|rd|th)?(?:\s" + MONTH_RE + r")?", _I),
    re.compile(rf"\bon\s(?:the\s)?{DAY_RE}\b", _I),
    re.compile(r"\bweek\s\d{1,2}\b", _I),
]
# a deadline or period for a target or plan ("by the end of June", "within four weeks", "in Q3"),
# not when something happened ("in March I coached...", "over the last three months")
TIME_FRAME_PATTERNS: list[re.Pattern[str]] = [
    re.compile(rf"\b(?:by|before|until|till|no later than|deadline(?: of)?:?)\s(?:the\s)?(?:end\sof\s(?:the\s)?)?"
               rf"(?:{MONTH_RE}|{DAY_RE}|\d{{1,2}}(?:st|nd|rd|th)?(?:\s(?:of\s)?{MONTH_RE})?|next\s\w+|this\s\w+|"
               rf"q[1-4]|quarter\s\d|week\s\d+|month|week|quarter|year|shift|period|review)\b", _I),
    re.compile(rf"\b(?:within|in|over|for|during)\s(?:the\s)?(?:next\s|first\s|following\s|coming\s)?{N_RE}\s{UNIT_RE}\b"
               rf"(?!\s(?:ago|before|earlier|previously|running))", _I),
    re.compile(rf"\b(?:within|in|over|for|during)\s(?:the\s)?(?:next|following|coming)\s{UNIT_RE}\b", _I),
    re.compile(r"\b(?:in|during|for|throughout|across)\s(?:q[1-4]|quarter\s\d)\b", _I),
    re.compile(rf"\b(?:target|targets|goal|goals|objective|objectives|aim|plan|budget)\s(?:\w+\s)?for\s{MONTH_RE}\b", _I),
    re.compile(rf"\b(?:by|before|until|till|for|to|from)\s(?:the\s)?end\sof\s(?:the\s)?(?:{MONTH_RE}|q[1-4]|month|quarter|"
               rf"week|year|period|financial year)\b", _I),
    re.compile(rf"\b(?:from|between)\s[^.;]{{1,25}}?\s(?:to|until|and)\s[^.;]{{0,12}}?(?:{MONTH_RE}|{DAY_RE}|\d{{1,2}}/\d{{1,2}})\b", _I),
    re.compile(r"\b(?:timescale|timeline|time frame|timeframe|deadline|target date|review date|due date|due by)s?\b", _I),
    re.compile(rf"\bdue\s(?:in|on|for|before)\s(?:the\s)?(?:end\sof\s(?:the\s)?)?(?:{MONTH_RE}|{DAY_RE}|q[1-4]|next\s\w+|"
               rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s(?:of\s)?{MONTH_RE})?)\b", _I),
]
FREQUENCY_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|bi-?weekly|twice-weekly|hourly|annually|yearly|"
               r"nightly|regularly|routinely|each\sday)\b", _I),
    re.compile(rf"\b(?:every|each)\s(?:other\s)?(?:{N_RE}\s)?(?:{UNIT_RE}|{DAY_RE}s?|morning|afternoon|evening|huddle|"
               rf"session|team meeting)\b", _I),
    re.compile(rf"\b(?:once|twice|three times|{N_RE} times)\s(?:a|per|each|every)\s(?:{UNIT_RE}|day)\b", _I),
    re.compile(r"\b(?:per|a)\s(?:week|month|fortnight|shift|quarter)\b", _I),
    re.compile(rf"\b(?:on|every)\s{DAY_RE}s\b", _I),
    re.compile(r"\bat the (?:start|end|beginning) of (?:each|every) \w+\b", _I),
]

# every date pattern but "on Tuesday" needs a digit: those are skipped for a doc without one
_ON_DAY = DATE_PATTERNS[8]
_date_digits = regex_detector([p for p in DATE_PATTERNS if p is not _ON_DAY], needs_digit=True)
_date_words = regex_detector([_ON_DAY])


def _date(doc: Doc) -> list[Span]:
    return dedupe([*_date_digits(doc), *_date_words(doc)])


detect_date = cached("date", _date)
detect_frequency = cached("frequency", regex_detector(FREQUENCY_PATTERNS))


def date_tokens(doc: Doc) -> set[int]:
    """Tokens inside dates (through the cached ``date`` signal)."""
    return {i for s, e in detect_date(doc) for i in range(s, e)}


_CLOCK = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d:])")
_CLOCK_BEFORE = re.compile(r"\b(?:at|by|until|till|before|after|starts?|starting|started|finish(?:es|ed)?|ends?|open(?:s|ed)?|"
                           r"close[sd]?|from|between|around|about|approx\.?)\s*$", _I)
_CLOCK_RANGE = re.compile(r"^\s?(?:to|until|till|and|-|\u2013|\u2014)\s?(?:[01]?\d|2[0-3])[:.][0-5]\d\b", _I)
# a sentence about how long something takes: its "7:20 to 6:05" is a duration, not a clock
_DURATION_TALK = re.compile(r"\b(?:aht|handl\w*|wrap|acw|hold|talk|length|duration|average|long|longer|shorter|"
                            r"mins?|minutes|secs?|seconds)\b", _I)
# "10:30 to" just before a time (a range); "at", "by"... just before it (a clock even where durations are discussed)
_CLOCK_RANGE_BEFORE = re.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:to|until|till|and|-|\u2013|\u2014)\s?$", _I)
_CLOCK_AT = re.compile(r"\b(?:at|by|until|till|before|after|starts?|starting)\s*$", _I)


def clock_times(doc: Doc) -> frozenset[int]:
    """Tokens of clock times: '08:50', 'at 9:30', '10:30 to 10:45' (not a handling time '6:40')."""
    return doc_memo(doc, "_clock", _find_clock_times)


def _find_clock_times(doc: Doc) -> frozenset[int]:
    tokens: set[int] = set()
    if not has_digit(doc):
        return frozenset(tokens)  # a clock time has digits
    text = doc_text(doc)
    for sent in doc.sents:
        talks_duration: bool | None = None  # looked up once per sentence, only when needed
        for m in _CLOCK.finditer(text, sent.start_char, sent.end_char):
            start, end = m.span()
            before = text[max(0, start - 20):start]
            if "." in m.group() and not _CLOCK_BEFORE.search(before):
                continue  # "7.45" is usually a number; a clock only after "at", "from"...
            if talks_duration is None:
                talks_duration = bool(_DURATION_TALK.search(sent.text))
            after = text[end:end + 12]
            prev_range = _CLOCK_RANGE_BEFORE.search(before)
            clock = m.group()[0] == "0" and m.group()[1].isdigit()  # "08:50"
            if not talks_duration:
                clock = clock or bool(_CLOCK_BEFORE.search(before) or _CLOCK_RANGE.match(after) or prev_range)
            elif _CLOCK_AT.search(before):
                clock = True
            if clock:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    tokens.update(range(span.start, span.end))
    return frozenset(tokens)


_IN_MONTH = re.compile(rf"\b(?:(?:in|during|throughout|across|over)\s(?:the\s)?(?:{MONTH_RE}|spring|summer|autumn|winter)|"
                       rf"at\sthe\send\sof\s(?:the\s)?(?:{MONTH_RE}|q[1-4]|month|quarter|week|year|period|financial year))\b", _I)
# a plan or commitment in the same sentence: "we will review it in May", "due to start in June"
_PLAN_CUE = re.compile(r"\b(?:will|shall|going to|plan(?:s|ned)? to|aim(?:s|ing)? to|intend(?:s|ed)? to|would|"
                       r"expected to|due to|scheduled|booked|deadline)\b|'ll\b|"
                       r"^\W*(?:review|check|re-?check|revisit|follow up|chase|repeat)\b", _I)


_time_frame_regex = regex_detector(TIME_FRAME_PATTERNS)


def _time_frame(doc: Doc) -> list[Span]:
    spans = _time_frame_regex(doc)
    text = doc_text(doc)
    for sent in doc.sents:
        months = list(_IN_MONTH.finditer(text, sent.start_char, sent.end_char))
        if not months or not _PLAN_CUE.search(sent.text):
            continue
        for m in months:  # "in May" as the period of a plan, not of what was done
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                spans.append((span.start, span.end))
    return dedupe(spans)


detect_time_frame = cached("time_frame", _time_frame)


_MONTH_REF = re.compile(rf"\b(?:in|during|throughout|across|over|since|from|until|till|through|for)\s(?:the\s)?"
                        rf"(?:(?:early|mid|late|end of|start of|beginning of|middle of|month of)[\s-])?({MONTH_RE})(?![\w/])", _I)


def _month(doc: Doc) -> list[Span]:
    """A month named as when something happened ("in March", "during early May"), not a full date."""
    in_date = date_tokens(doc)
    spans: list[Span] = []
    for m in _MONTH_REF.finditer(doc_text(doc)):
        if not m.group(1)[0].isupper():
            continue  # "in may" is not May
        end = m.end(1) - m.group(1).endswith(".")
        span = doc.char_span(m.start(), end, alignment_mode="expand")
        if span is not None and not any(i in in_date for i in range(span.start, span.end)):
            spans.append((span.start, span.end))
    return spans


detect_month = cached("month", _month)
