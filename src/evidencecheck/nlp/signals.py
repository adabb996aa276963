"""Built-in signal detectors: concrete details an assessor looks for.

Each signal finds spans in a processed spaCy ``Doc`` (one evidence block) and
returns them as token spans. Rules name signals in clues
(``signals: [figure, time_frame]``). Third-party packages can add signals
through the ``evidencecheck.signals`` entry-point group; each entry point
must load a :class:`Signal`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import entry_points

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

Span = tuple[int, int]  # token start, end

MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday "
            "mon tue tues wed thu thur thurs fri sat sun").split()
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
_NUMWORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
            r"half|a third|a quarter|double|a couple of)")
_N = rf"(?:\d+(?:\.\d+)?|{_NUMWORD})"
_UNIT = r"(?:hours?|days?|weeks?|fortnights?|months?|quarters?|shifts?|years?)"

_I = re.IGNORECASE
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "percentage": [
        re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?\s?(?:%|per ?cent\b|pc\b|percentage points?\b|pp\b|points?\b)", _I),
    ],
    "money": [
        re.compile(r"[£$€]\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn)?\b", _I),
        re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:pounds|gbp)\b", _I),
    ],
    "duration": [
        re.compile(r"(?<![\d/])\b\d{1,2}:\d{2}(?::\d{2})?\b(?!\s?(?:am|pm))", _I),
        re.compile(rf"(?<![:\d.])\b{_N}\s?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b(?!-)", _I),
        re.compile(r"(?<![:\d.])\b\d+(?:\.\d+)?(?:s|m)\b"),
    ],
    "date": [
        # several days of one month: "7, 14 and 21 March", "3-5 June"
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:(?:,\s?|\s(?:and|&|to)\s|\s?[-\u2013]\s?)\d{{1,2}}(?:st|nd|rd|th)?){{1,12}}"
                   rf"\s(?:of\s)?{_MONTH}(?:,?\s\d{{4}})?\b", _I),
        re.compile(rf"\b(?:{_DAY},?\s)?\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?:,?\s\d{{4}})?\b", _I),
        re.compile(rf"\b{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?\b", _I),
        re.compile(rf"\b{_MONTH}\s\d{{4}}\b", _I),
        re.compile(r"(?<![\d.:])\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b(?![/:]?\d)(?!\s?%)"),
        re.compile(r"(?<![\d.:])\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
        re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
        re.compile(r"\b(?:w/?c|week commencing|week beginning|w/b)\s\d{1,2}(?:st|nd|rd|th)?(?:\s" + _MONTH + r")?", _I),
        re.compile(rf"\bon\s(?:the\s)?{_DAY}\b", _I),
        re.compile(r"\bweek\s\d{1,2}\b", _I),
    ],
    # a deadline or period for a target or plan ("by the end of June", "within four weeks", "in Q3"),
    # not when something happened ("in March I coached...", "over the last three months")
    "time_frame": [
        re.compile(rf"\b(?:by|before|until|till|no later than|deadline(?: of)?:?)\s(?:the\s)?(?:end\sof\s(?:the\s)?)?"
                   rf"(?:{_MONTH}|{_DAY}|\d{{1,2}}(?:st|nd|rd|th)?(?:\s(?:of\s)?{_MONTH})?|next\s\w+|this\s\w+|"
                   rf"q[1-4]|quarter\s\d|week\s\d+|month|week|quarter|year|shift|period|review)\b", _I),
        re.compile(rf"\b(?:within|in|over|for|during)\s(?:the\s)?(?:next\s|first\s|following\s|coming\s)?{_N}\s{_UNIT}\b"
                   rf"(?!\s(?:ago|before|earlier|previously|running))", _I),
        re.compile(rf"\b(?:within|in|over|for|during)\s(?:the\s)?(?:next|following|coming)\s{_UNIT}\b", _I),
        re.compile(r"\b(?:in|during|for|throughout|across)\s(?:q[1-4]|quarter\s\d)\b", _I),
        re.compile(rf"\b(?:target|targets|goal|goals|objective|objectives|aim|plan|budget)\s(?:\w+\s)?for\s{_MONTH}\b", _I),
        re.compile(rf"\b(?:by|before|until|till|for|to|from)\s(?:the\s)?end\sof\s(?:the\s)?(?:{_MONTH}|q[1-4]|month|quarter|"
                   rf"week|year|period|financial year)\b", _I),
        re.compile(rf"\b(?:from|between)\s[^.;]{{1,25}}?\s(?:to|until|and)\s[^.;]{{0,12}}?(?:{_MONTH}|{_DAY}|\d{{1,2}}/\d{{1,2}})\b", _I),
        re.compile(r"\b(?:timescale|timeline|time frame|timeframe|deadline|target date|review date|due date|due by)s?\b", _I),
        re.compile(rf"\bdue\s(?:in|on|for|before)\s(?:the\s)?(?:end\sof\s(?:the\s)?)?(?:{_MONTH}|{_DAY}|q[1-4]|next\s\w+|"
                   rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s(?:of\s)?{_MONTH})?)\b", _I),
    ],
    "frequency": [
        re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|bi-?weekly|twice-weekly|hourly|annually|yearly|"
                   r"nightly|regularly|routinely|each\sday)\b", _I),
        re.compile(rf"\b(?:every|each)\s(?:other\s)?(?:{_N}\s)?(?:{_UNIT}|{_DAY}s?|morning|afternoon|evening|huddle|"
                   rf"session|team meeting)\b", _I),
        re.compile(rf"\b(?:once|twice|three times|{_N} times)\s(?:a|per|each|every)\s(?:{_UNIT}|day)\b", _I),
        re.compile(r"\b(?:per|a)\s(?:week|month|fortnight|shift|quarter)\b", _I),
        re.compile(rf"\b(?:on|every)\s{_DAY}s\b", _I),
        re.compile(r"\bat the (?:start|end|beginning) of (?:each|every) \w+\b", _I),
    ],
    "signature_block": [
        re.compile(r"(?:^|\n)[ \t]*(?:signed|signature|sign(?:ed)?[ -]off|countersigned|e-signed)\b[^\n:]{0,30}[:\-]", _I),
        re.compile(r"\b(?:signed|countersigned|e-signed)\s(?:by|and dated)\b", _I),
        re.compile(r"\b(?:learner|assessor|witness|manager|advisor|adviser|team leader|employee|reviewer)(?:'s)?\s(?:signature|sign-off|signed)\b", _I),
        re.compile(r"\bI (?:can )?confirm that\b", _I),
        re.compile(r"^\s*/s/\s", _I),
    ],
}
_PATTERNS["figure"] = _PATTERNS["percentage"] + _PATTERNS["money"] + _PATTERNS["duration"] + [
    re.compile(r"(?<![\w./:])(?<!AC )(?<!A\.C\. )(?<!LO)(?<!unit )(?<!section )(?<!page )(?<!table )\d[\d,]*(?:\.\d+)?(?![\w/:.]*\d)(?!(?:st|nd|rd|th)\b)(?!-to-)", _I),
    re.compile(rf"\b(?:from|to|by|of|at|than)\s{_NUMWORD}\b(?!\s(?:to|of\sthe)\b)", _I),
    re.compile(rf"\b{_NUMWORD}\s(?:out of|of the|calls|sales|advisors|agents|complaints|customers|points?)\b", _I),
]

KPI_TERMS = (r"(?:aht|average handl(?:e|ing) time|handl(?:e|ing) time|acw|wrap(?: time)?|fcr|first (?:call|contact) resolution|"
             r"csat|customer satisfaction(?: score)?|nps|net promoter(?: score)?|conversion(?: rate)?|close rate|"
             r"adherence|schedule adherence|qa(?: score)?|quality(?: score)?|service level|sl|abandon(?:ment|ed)?(?: rate)?|"
             r"attach(?: rate)?|sales|revenue|complaints?|wait(?:ing)? times?|occupancy|utili[sz]ation|retention|"
             r"upgrades?|calls?(?: answered| handled| per hour)?|call volumes?|absence|attendance|repeat contacts?|"
             r"transfers?|saves?|save rate|cancellations?|arpu|average order value|aov|asa|speed of answer)")
_NUMBER_LIKE = r"(?:[£$€]?\d[\d,]*(?:\.\d+)?(?::\d{2})?\s?(?:%|per ?cent|pp|points?|s|secs?|seconds|mins?|minutes)?)"
_PATTERNS["kpi_value"] = [
    re.compile(rf"\b{KPI_TERMS}\b[^.;\n]{{0,40}}?{_NUMBER_LIKE}", _I),
    re.compile(rf"{_NUMBER_LIKE}\s(?:\w+\s){{0,2}}?{KPI_TERMS}\b", _I),
]

_FIRST_PERSON = {"i", "we"}
_NOT_ACTION = {"would", "should", "could", "might", "may", "must", "will", "shall", "'d", "'ll", "think",
               "believe", "feel", "hope", "plan", "intend", "want", "wish", "need", "am", "'m", "are",
               "'re", "was", "were", "can", "cannot", "ca", "do", "did", "does", "don't", "not", "never", "wo"}
_NAME_STOP = set(MONTHS) | set(WEEKDAYS) | {d + "s" for d in WEEKDAYS[:7]} | {
    "i", "we", "team", "manager", "leader", "customer", "customers", "service", "centre", "center", "contact",
    "operations", "quality", "sales", "the", "a", "an", "my", "our", "their", "his", "her", "mr", "mrs", "ms",
    "miss", "dr", "head", "director", "supervisor", "advisor", "adviser", "agent", "coach", "trainer", "hr",
    "it", "uk", "gdpr", "fca", "smart", "grow", "kpi", "kpis", "csat", "nps", "aht", "fcr", "qa", "appendix",
    "section", "table", "page", "unit", "ac", "lo", "week", "date", "signed", "signature", "name", "role",
    "coaching", "notes", "note", "log", "record", "records", "plan", "action", "actions", "summary", "review",
    "report", "minutes", "agenda", "time", "outcome", "outcomes", "objective", "objectives", "target", "targets",
    "goal", "goals", "feedback", "total", "average", "overall", "comments", "yes", "no", "n/a", "none",
    "met", "not", "partly", "agreed", "complete", "completed", "ongoing", "open", "closed", "done", "owner",
    "christmas", "easter", "bank", "holiday", "england", "wales", "scotland", "british", "english", "welsh",
    "excel", "teams", "zoom", "outlook", "power", "bi", "salesforce", "genesys", "in", "on", "at", "for",
}
_TITLES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s[A-Z]\b|\b(?:[Aa]gent|[Aa]dvis[oe]r|[Tt]eam member|[Cc]olleague|[Ll]earner)\s(?:[A-Z]|\d{1,2})\b|\b[A-Z]\.\s?[A-Z]\.(?!\w)")


@dataclass(frozen=True)
class Signal:
    """A named detector of concrete detail.

    Attributes:
        name: The name rules use.
        description: What it finds, for ``rules show`` and documentation.
        detect: Returns token spans ``(start, end)`` in the doc.
    """

    name: str
    description: str
    detect: Callable[[Doc], list[Span]]


def _regex_detector(name: str) -> Callable[[Doc], list[Span]]:
    patterns = _PATTERNS[name]

    def detect(doc: Doc) -> list[Span]:
        spans: list[Span] = []
        text = doc.text  # built on every access: once per block, not once per match
        for pattern in patterns:
            for m in pattern.finditer(text):
                start, end = m.span()
                while start < end and text[start].isspace():
                    start += 1
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append((span.start, span.end))
        return _dedupe(spans)

    return detect


def _dedupe(spans: list[Span]) -> list[Span]:
    return sorted(set(spans))


_CACHE_KEY = "evidencecheck.signals"


def _cached(name: str, detect: Callable[[Doc], list[Span]]) -> Callable[[Doc], list[Span]]:
    """``detect`` computed once per doc: the matcher, the keyword-list check and the portfolio
    warnings all ask for the same signals of the same block."""

    def cached(doc: Doc) -> list[Span]:
        store = doc.user_data.setdefault(_CACHE_KEY, {})
        spans = store.get(name)
        if spans is None:
            spans = store[name] = tuple(detect(doc))
        return list(spans)

    cached.__doc__ = detect.__doc__
    return cached


def _dates(doc: Doc) -> set[int]:
    """Tokens inside dates (through the cached ``date`` signal)."""
    return {i for s, e in SIGNALS["date"].detect(doc) for i in range(s, e)}


_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
# a number of things: "2024 calls" is a count, "in 2024" a year
_COUNT_NOUNS = {"calls", "sales", "contacts", "customers", "policies", "upgrades", "emails", "chats", "complaints",
                "cases", "claims", "tickets", "leads", "points", "minutes", "seconds", "hours", "transactions",
                "orders", "accounts", "messages", "queries", "items", "applications", "renewals", "referrals",
                "payments", "bookings", "surveys", "responses", "pounds", "units", "appointments", "visits"}
_YEAR_BEFORE = {"in", "since", "for", "of", "from", "to", "by", "during", "until", "till", "before", "after", "across",
                "throughout", "act", "regulations", "order", "year", "summer", "spring", "autumn", "winter", "fy",
                "ytd", "calendar", "financial", "end", "start", "beginning", "(", "-", ",", "\u2013", "/"}
# a number that names something rather than measuring it: "Level 3", "Tier 1", "version 2"
_LABEL_WORDS = {"level", "tier", "part", "version", "v", "room", "step", "stage", "phase", "module", "question",
                "item", "ref", "reference", "floor", "appendix", "annex", "chart", "row", "column", "col", "option",
                "standard", "principle", "no", "no.", "nos", "line", "grade", "band", "year", "cohort", "wave",
                "release", "slide", "figure", "fig", "box", "form", "document", "doc", "exhibit", "case"}
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
_LABEL_NUMBER = re.compile(r"\d{1,3}[a-z]?", _I)  # "3", "2b" after "Level", "Step"...
_PERIOD_LABEL = re.compile(r"q[1-4]|h[12]")  # "Q2 2024", "H1 2024"


def _clock_times(doc: Doc) -> set[int]:
    """Tokens of clock times: '08:50', 'at 9:30', '10:30 to 10:45' (not a handling time '6:40')."""
    store = doc.user_data.setdefault(_CACHE_KEY, {})
    if "_clock" not in store:
        store["_clock"] = frozenset(_find_clock_times(doc))
    return store["_clock"]  # type: ignore[no-any-return]


def _find_clock_times(doc: Doc) -> set[int]:
    tokens: set[int] = set()
    text = doc.text
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
    return tokens


def _not_a_figure(doc: Doc, span: Span, clocks: set[int]) -> bool:
    start, end = span
    text = doc[start:end].text.strip().rstrip(".,")
    if text.lower() in {"1:1", "121", "121s", "1:1s", "1-2-1"}:
        return True  # "one-to-one", "1:1", "121s" are meeting names, not figures
    if any(i in clocks for i in range(start, end)):
        return True
    prev = doc[start - 1].lower_ if start > 0 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if prev in _LABEL_WORDS and _LABEL_NUMBER.fullmatch(text):
        return True
    if _YEAR.match(text):
        # a year on its own ("in 2024", "Act 2018", "Q2 2024") is not a performance figure
        prev_tok = doc[start - 1] if start > 0 else None
        if nxt not in _COUNT_NOUNS or prev in _YEAR_BEFORE:
            return True
        if prev_tok is not None and (prev_tok.text[:1].isupper() or _PERIOD_LABEL.fullmatch(prev)):
            return True
    return False


def _detect_figure(doc: Doc) -> list[Span]:
    in_date = _dates(doc)
    spans = [s for s in _regex_detector("figure")(doc) if not any(i in in_date for i in range(*s))]
    clocks = _clock_times(doc)
    return [s for s in spans if not _not_a_figure(doc, s, clocks)]


_IN_MONTH = re.compile(rf"\b(?:(?:in|during|throughout|across|over)\s(?:the\s)?(?:{_MONTH}|spring|summer|autumn|winter)|"
                       rf"at\sthe\send\sof\s(?:the\s)?(?:{_MONTH}|q[1-4]|month|quarter|week|year|period|financial year))\b", _I)
# a plan or commitment in the same sentence: "we will review it in May", "due to start in June"
_PLAN_CUE = re.compile(r"\b(?:will|shall|going to|plan(?:s|ned)? to|aim(?:s|ing)? to|intend(?:s|ed)? to|would|"
                       r"expected to|due to|scheduled|booked|deadline)\b|'ll\b|"
                       r"^\W*(?:review|check|re-?check|revisit|follow up|chase|repeat)\b", _I)


def _detect_time_frame(doc: Doc) -> list[Span]:
    spans = _regex_detector("time_frame")(doc)
    text = doc.text  # built on every access: once per doc, not once per sentence
    for sent in doc.sents:
        months = list(_IN_MONTH.finditer(text, sent.start_char, sent.end_char))
        if not months or not _PLAN_CUE.search(sent.text):
            continue
        for m in months:  # "in May" as the period of a plan, not of what was done
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                spans.append((span.start, span.end))
    return _dedupe(spans)


_MONTH_REF = re.compile(rf"\b(?:in|during|throughout|across|over|since|from|until|till|through|for)\s(?:the\s)?"
                        rf"(?:(?:early|mid|late|end of|start of|beginning of|middle of|month of)[\s-])?({_MONTH})(?![\w/])", _I)


def _detect_month(doc: Doc) -> list[Span]:
    """A month named as when something happened ("in March", "during early May"), not a full date."""
    in_date = _dates(doc)
    spans: list[Span] = []
    for m in _MONTH_REF.finditer(doc.text):
        if not m.group(1)[0].isupper():
            continue  # "in may" is not May
        end = m.end(1) - m.group(1).endswith(".")
        span = doc.char_span(m.start(), end, alignment_mode="expand")
        if span is not None and not any(i in in_date for i in range(span.start, span.end)):
            spans.append((span.start, span.end))
    return spans


def _detect_duration(doc: Doc) -> list[Span]:
    clocks = _clock_times(doc)
    return [s for s in _regex_detector("duration")(doc) if not any(i in clocks for i in range(*s))]


def _detect_kpi_value(doc: Doc) -> list[Span]:
    in_date = _dates(doc)
    return [s for s in _regex_detector("kpi_value")(doc) if not (s[0] in in_date or s[1] - 1 in in_date)]


def _detect_first_person_action(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for i, tok in enumerate(doc):
        if tok.lower_ in _FIRST_PERSON or (tok.lower_ == "and" and i + 1 < len(doc) and doc[i + 1].lower_ == "i"):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ == "and":
                continue
            if nxt.lower_ in _NOT_ACTION or not nxt.is_alpha:
                continue
            if nxt.lower_ in {"have", "had", "'ve"} and i + 2 < len(doc) and doc[i + 2].lower_ in {"to", "not", "never"}:
                continue
            spans.append((i, i + 2))
    return spans


# past forms that do not end in -ed: "I ran", "we held", "I set up"
_IRREGULAR_PAST = set("""ran set held gave made took sat met spoke told wrote rewrote led went got put built rebuilt
began chose drew found kept left brought bought sent spent taught heard saw stood won paid rang sold split cut shut
let hit dealt sought caught laid withdrew oversaw undertook reset stuck struck drove rode flew threw grew shook
swapped shown showed gave forgave mislaid understood""".split())
_NOT_PAST_ED = {"need", "needs", "feed", "seed", "proceed", "exceed", "succeed", "speed", "heed", "breed", "embed",
                "shed", "bed", "red", "shred", "indeed", "ed"}
_ACTION_ADVERBS = {"also", "then", "first", "later", "personally", "immediately", "quickly", "straight", "soon",
                   "recently", "just", "finally", "eventually", "actually", "together", "both", "all", "jointly",
                   "again", "once", "initially", "subsequently", "next"}


def first_person_past_actions(doc: Doc) -> list[Span]:
    """The learner doing something in the past: "I rewrote", "we then held", "I set up".

    A verb-driven, first-hand account of an event; the present "I use", "I ensure" or "I always
    set" of a list of keywords is not one.
    """
    spans: list[Span] = []
    for start, _ in SIGNALS["first_person_action"].detect(doc):
        i = start + 1
        while i < len(doc) and doc[i].lower_ in _ACTION_ADVERBS:
            i += 1
        if i >= len(doc):
            continue
        word = doc[i].lower_
        if word in _IRREGULAR_PAST or (len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST_ED):
            spans.append((start, i + 1))
    return spans


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("evidencecheck.nlp").joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(w.strip() for w in text.split("\n") if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English words usually written in lower case (``data/common-words.txt``)."""
    return _word_list("common-words.txt")


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Common given names (``data/first-names.txt``)."""
    return _word_list("first-names.txt")


_CAP = re.compile(r"^(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
# words that may name a person's job: "Priya Shah, Team Manager", "Team Leader Sam"
_ROLE_WORDS = {"manager", "leader", "supervisor", "advisor", "adviser", "agent", "coach", "director", "head",
               "trainer", "assessor", "learner", "candidate", "witness", "colleague", "analyst", "officer",
               "mentor", "buddy", "champion", "lead", "executive", "representative", "rep", "apprentice"}
# labels whose value names people: "Attendees: Sam, Dev", "Signed: R Okafor"
_PEOPLE_LABELS = {"signed", "signature", "name", "names", "witness", "candidate", "learner", "assessor", "attendees",
                  "attending", "present", "apologies", "advisor", "adviser", "agent", "owner", "by", "from", "to",
                  "cc", "coach", "coachee", "employee", "colleague", "reviewer", "manager", "chair", "chaired",
                  "staff", "member", "mentor", "buddy"}
# what follows a sentence-initial name: "Sam said", "Priya to update the board", "Dev's calls"
_NAME_FOLLOWERS = {"and", "was", "has", "had", "is", "said", "says", "told", "agreed", "improved", "reached", "moved",
                   "to", "'s", "asked", "explained", "felt", "feels", "admitted", "sold", "made", "took", "raised",
                   "struggled", "needed", "needs", "wanted", "wants", "volunteered", "suggested", "completed",
                   "achieved", "hit", "missed", "joined", "started", "now", "then", "also", "did", "does", "will",
                   "would", "could", "can", "should", "might", "came", "went", "got", "gets", "tried", "thought",
                   "mentioned", "replied", "commented", "shared"}
# an organisation's last word: "Castlegate Insurance", "Jordan Energy"
_ORG_WORDS = {"insurance", "energy", "bank", "banking", "services", "service", "group", "ltd", "limited", "plc",
              "mobile", "broadband", "telecom", "telecoms", "homes", "housing", "solutions", "direct", "care",
              "finance", "financial", "retail", "utilities", "water", "gas", "power", "council", "trust", "nhs",
              "university", "college", "academy", "centre", "center", "hub", "house", "street", "road", "park",
              "square", "plan", "plans", "team", "sales", "support", "online", "digital", "travel", "motors"}
# words before a capitalised word that make it a thing or a place, not a person: "the Tracker", "in Leeds"
_NOT_BEFORE_NAME = {"the", "a", "an", "our", "their", "this", "that", "these", "those", "each", "every", "per",
                    "in", "at", "across", "via", "using", "new", "its"}
_PLACES = set("""london birmingham manchester liverpool leeds sheffield bristol newcastle sunderland nottingham
leicester coventry bradford hull york wakefield doncaster rotherham barnsley huddersfield halifax bolton wigan salford
stockport oldham rochdale preston blackpool blackburn burnley warrington chester crewe stoke derby lincoln grimsby
middlesbrough darlington durham gateshead carlisle norwich ipswich cambridge peterborough northampton milton keynes
luton oxford reading swindon bath exeter plymouth truro bournemouth southampton portsmouth brighton crawley
chelmsford colchester southend basildon canterbury maidstone gloucester cheltenham worcester hereford wolverhampton
walsall dudley telford shrewsbury stafford cardiff swansea newport wrexham bangor glasgow edinburgh aberdeen dundee
inverness stirling paisley belfast derry lisburn dublin solihull sutton croydon bromley harrow watford slough
""".split())
# contact-centre words written with a capital in headings and tables, and the software they use
_DOMAIN_WORDS = {"rota", "rotas", "huddle", "huddles", "dialler", "webchat", "upsell", "upsells", "wfm", "mi",
                 "dashboard", "tracker", "scorecard", "crm", "ivr", "sla", "asa", "acw", "arpu", "aov", "ooo",
                 "shift", "shifts", "breaks", "lunch", "cover", "wallboard", "teams", "slack", "jira", "zendesk",
                 "telesales", "prepayment", "inbound", "outbound", "conv", "fortnightly", "daily", "weekly", "monthly",
                 "quarterly", "annually", "thanks", "ps", "re", "fwd", "fyi", "asap", "tbc", "tbd"}


def _is_cap(text: str) -> bool:
    return bool(_CAP.match(text))


def _is_common(word: str) -> bool:
    """A common word's capital ("Review", "Home", "Grace"), not a word only a name explains."""
    low = word.lower()
    return low in _common_words() or low in _NAME_STOP or low in _DOMAIN_WORDS or low in _ROLE_WORDS \
        or low in STOP_WORDS


def _is_first_name(word: str) -> bool:
    return word.lower() in _first_names()


def _detect_person(doc: Doc) -> list[Span]:
    """Names of people: a word or two that only a name explains, not any capitalised word.

    A capitalised word counts as a name when it is a known given name, or no common word's capital
    and inside a sentence ("I coached Priya"), or when it has other real name evidence: a title
    ("Mrs A", "Agent B"), a surname ("Priya Shah", "R Okafor"), a role ("Sam, Team Leader"), a
    label that names people ("Attendees:", "Signed:"), a verb after it ("Sam to update") or a name
    beside it in a list. Sentence-initial common words, the first word of a list item after a
    colon ("Actions: Review the rota"), table header words, Title Case phrases, organisations,
    places and words after "the" or "in" are not names.
    """
    spans: list[Span] = []
    for m in _TITLES.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end))
    for toks in _lines(doc):
        short_line = len(toks) <= 3
        found: list[tuple[int, int]] = []  # runs of toks that are names
        maybe: list[int] = []  # common words that are names only beside another name in a list
        j = 0
        while j < len(toks):
            if not _is_candidate(toks, j):
                j += 1
                continue
            k = j
            while k < len(toks) and _is_candidate(toks, k):
                k += 1
            stripped = k - j >= 2 and _is_initial(toks, j) and _is_common(toks[j].text) \
                and not _is_first_name(toks[j].text) \
                and (_is_first_name(toks[j + 1].text) or not _is_common(toks[j + 1].text))
            if stripped:
                j += 1  # "Thanks Stacey", "Why Jade": the first capital belongs to the sentence
            if k - j == 3 and _is_first_name(toks[j].text) and _is_common(toks[k - 1].text):
                k -= 1  # "Stacey Kerr Posted": a name, then a label
            verdict = _judge_run(toks, j, k, short_line, stripped)
            if verdict == "name":
                first = j - 1 if j > 0 and _INITIAL.match(toks[j - 1].text) else j
                found.append((first, k))
            elif verdict == "maybe":
                maybe.append(j)
            j = k
        named = {i for a, b in found for i in range(a, b)}
        for i in maybe:
            # "Sasha, Dev, Tyrone": an item of a list whose other items are names
            ends_item = i + 1 >= len(toks) or toks[i + 1].lower_ in {",", "and", "&", ".", ")", ";"}
            if ends_item and any(0 <= n < len(toks) and n in named and toks[(i + n) // 2].lower_ in {",", "and", "&"}
                                 for n in (i - 2, i + 2)):
                found.append((i, i + 1))
        spans.extend((toks[a].i, toks[b - 1].i + 1) for a, b in found)
    return _dedupe(spans)


def _lines(doc: Doc) -> list[list[Token]]:
    """The tokens of each sentence, split again at line breaks, without whitespace."""
    lines: list[list[Token]] = []
    for sent in doc.sents:
        line: list[Token] = []
        for tok in sent:
            if tok.is_space:
                if "\n" in tok.text and line:
                    lines.append(line)
                    line = []
                continue
            line.append(tok)
        if line:
            lines.append(line)
    return lines


def _is_candidate(toks: list[Token], j: int) -> bool:
    tok = toks[j]
    low = tok.lower_
    if not _is_cap(tok.text) or low in _NAME_STOP or low in _ROLE_WORDS:
        return False
    # "He", "What", "Will": a function word, unless a given name inside a sentence
    return low not in STOP_WORDS or (_is_first_name(low) and not _is_initial(toks, j))


def _is_initial(toks: list[Token], j: int) -> bool:
    """The word starts its sentence, list item, label value or quotation."""
    if j == 0:
        return True
    prev = toks[j - 1].text
    if prev in {'"', "'", "\u201c", "\u2018"}:
        # a quotation's first word, unless the quotation is the one word ("coached "Priya" on")
        return not (j + 1 < len(toks) and toks[j + 1].text in {'"', "'", "\u201d", "\u2019"})
    return prev in {":", "\u2022", "*", ")"} or (j == 1 and prev in {".", "-", "\u2013", "\u2014", ";", "("})


def _judge_run(toks: list[Token], j: int, k: int, short_line: bool, after_initial: bool = False) -> str:
    """``name``, ``maybe`` (a common word that is a name only in a list of names) or ``no``."""
    run = toks[j:k]
    prev = toks[j - 1] if j > 0 else None
    nxt = toks[k] if k < len(toks) else None
    if len(run) > 3 or any(t.lower_ in _PLACES for t in run):
        return "no"  # a Title Case phrase (a heading, a product, a company) or a place
    # joined to more capitals ("Thistle & Finch", "Bank of England", "Team Sapphire"): an organisation
    if prev is not None and j >= 2 and prev.lower_ in {"&", "of"} and _is_cap(toks[j - 2].text):
        return "no"
    if nxt is not None and nxt.lower_ in {"&", "of"} and k + 1 < len(toks) and _is_cap(toks[k + 1].text):
        return "no"
    if prev is not None and _is_cap(prev.text) and prev.lower_ not in _ROLE_WORDS and not after_initial:
        return "no"
    if prev is not None and prev.lower_ in _NOT_BEFORE_NAME and not (nxt is not None and nxt.text in {"'s", "\u2019s"}):
        return "no"
    first_name = _is_first_name(run[0].text)
    if len(run) >= 2:
        # a given name and a surname: "Priya Shah", "Leah Ward" (not "Care Plan", "Castlegate Insurance")
        if run[-1].lower_ in _ORG_WORDS:
            return "no"
        if first_name:
            return "name"
        common = sum(_is_common(t.text) for t in run)
        return "name" if not _is_common(run[-1].text) and common <= 1 else "no"
    tok = run[0]
    common = _is_common(tok.text)
    initial = _is_initial(toks, j)
    if prev is not None and (_INITIAL.match(prev.text) or prev.lower_ in _ROLE_WORDS and _is_cap(prev.text)
                             and (first_name or not common)):
        return "name"  # "R Okafor", "Team Leader Sam"
    if prev is not None and prev.text == ":" and j >= 2 and toks[j - 2].lower_ in _PEOPLE_LABELS:
        return "name"  # "Attendees: Grace", "Signed: Ola"
    if first_name and (not initial or short_line or not common):
        return "name"  # "to Dev", "Priya often asks", a table cell "Grace"
    if nxt is not None and nxt.lower_ in _NAME_FOLLOWERS and (first_name or not common and not short_line):
        return "name"  # "Grace said", "Okafor has", "Sam to update the board"
    if nxt is not None and nxt.text == "," and (first_name or not common) and any(
            t.lower_ in _ROLE_WORDS and _is_cap(t.text) for t in toks[k + 1:k + 5]):
        return "name"  # "Anwen, Team Manager"
    if common:
        # "Review the rota", "What we did", "to Compliance": a common word's capital
        return "maybe" if not initial or short_line else "no"
    if not initial or short_line:
        return "name"  # capitalised inside a sentence, or a table cell holding a name
    return "no"


def _builtin() -> dict[str, Signal]:
    s: dict[str, Signal] = {}

    def add(name: str, description: str, detect: Callable[[Doc], list[Span]]) -> None:
        s[name] = Signal(name, description, _cached(name, detect))

    add("figure", "Any figure: a number, percentage, amount of money or duration (not a date, year, clock time, "
               "AC number or label such as 'Level 3').", _detect_figure)
    add("percentage", "A percentage or percentage points: '22%', '3 points', '12 per cent'.", _regex_detector("percentage"))
    add("money", "An amount of money: '£4,500', '300 pounds'.", _regex_detector("money"))
    add("duration", "A duration or handling time: '6:40', '45 seconds', '3 minutes' (not a clock time).", _detect_duration)
    add("kpi_value", "A contact-centre KPI with a value: 'AHT 6:40', 'CSAT 82%', 'conversion rate of 21%'.", _detect_kpi_value)
    add("date", "A calendar date: '12 March 2024', '09/04', 'w/c 13 May', 'on Tuesday'.", _regex_detector("date"))
    add("time_frame", "A deadline or period: 'by the end of May', 'within six weeks', 'in Q2', 'over the next month'.", _detect_time_frame)
    add("month", "A month named as when something happened: 'in March', 'during April', 'in early June'.", _detect_month)
    add("frequency", "How often: 'weekly', 'every Monday', 'twice a week', 'each shift'.", _regex_detector("frequency"))
    add("person", "A team member named or initialled: 'Jade', 'Mrs A', 'Agent B', 'J.S.'.", _detect_person)
    add("signature_block", "A signature or sign-off: 'Signed:', 'Witness signature', 'I can confirm that'.", _regex_detector("signature_block"))
    add("first_person_action", "The learner acting: 'I coached', 'we agreed' (not 'I would', 'I plan').", _detect_first_person_action)
    return s


def _load_plugins(registry: dict[str, Signal]) -> None:
    for ep in entry_points(group="evidencecheck.signals"):
        signal = ep.load()
        if isinstance(signal, Signal) and signal.name not in registry:
            registry[signal.name] = signal


SIGNALS: dict[str, Signal] = _builtin()
_load_plugins(SIGNALS)
