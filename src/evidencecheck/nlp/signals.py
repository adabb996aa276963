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
from importlib.metadata import entry_points

from spacy.tokens import Doc

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
    "time_frame": [
        re.compile(rf"\b(?:by|before|until|till|no later than|deadline(?: of)?:?)\s(?:the\s)?(?:end\sof\s(?:the\s)?)?"
                   rf"(?:{_MONTH}|{_DAY}|\d{{1,2}}(?:st|nd|rd|th)?(?:\s(?:of\s)?{_MONTH})?|next\s\w+|this\s\w+|"
                   rf"q[1-4]|quarter\s\d|week\s\d+|month|week|quarter|year|shift|period|review)\b", _I),
        re.compile(rf"\b(?:within|in|over|for|during)\s(?:the\s)?(?:next\s|first\s|last\s|following\s)?{_N}\s{_UNIT}\b", _I),
        re.compile(rf"\b(?:within|over|for|during)\s(?:the\s)?(?:next|following|coming)\s{_UNIT}\b", _I),
        re.compile(rf"\b(?:in|during|for|throughout|across)\s(?:{_MONTH}|q[1-4]|quarter\s\d)\b", _I),
        re.compile(rf"\bend\sof\s(?:the\s)?(?:{_MONTH}|q[1-4]|month|quarter|week|year|period|financial year)\b", _I),
        re.compile(rf"\b(?:from|between)\s[^.;]{{1,25}}?\s(?:to|until|and)\s[^.;]{{0,12}}?(?:{_MONTH}|{_DAY}|\d{{1,2}}/\d{{1,2}})\b", _I),
        re.compile(r"\b(?:timescale|timeline|time frame|timeframe|deadline|target date|review date)s?\b", _I),
    ],
    "frequency": [
        re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|bi-?weekly|twice-weekly|hourly|annually|yearly|"
                   r"nightly|regularly|routinely|each\sday)\b", _I),
        re.compile(rf"\b(?:every|each)\s(?:other\s)?(?:{_N}\s)?(?:{_UNIT}|{_DAY}s?|morning|afternoon|evening|huddle|"
                   rf"session|team meeting)\b", _I),
        re.compile(rf"\b(?:once|twice|three times|{_N} times)\s(?:a|per|each|every)\s(?:{_UNIT}|day)\b", _I),
        re.compile(rf"\b(?:per|a)\s(?:week|month|fortnight|shift|quarter)\b", _I),
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
    re.compile(rf"(?<![\w./:])(?<!AC )(?<!A\.C\. )(?<!LO)(?<!unit )(?<!section )(?<!page )(?<!table )\d[\d,]*(?:\.\d+)?(?![\w/:.]*\d)(?!(?:st|nd|rd|th)\b)(?!-to-)", _I),
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
_NAME_STOP = set(MONTHS) | set(WEEKDAYS) | {
    "i", "we", "team", "manager", "leader", "customer", "customers", "service", "centre", "center", "contact",
    "operations", "quality", "sales", "the", "a", "an", "my", "our", "their", "his", "her", "mr", "mrs", "ms",
    "miss", "dr", "head", "director", "supervisor", "advisor", "adviser", "agent", "coach", "trainer", "hr",
    "it", "uk", "gdpr", "fca", "smart", "grow", "kpi", "kpis", "csat", "nps", "aht", "fcr", "qa", "appendix",
    "section", "table", "page", "unit", "ac", "lo", "week", "date", "signed", "signature", "name", "role",
    "coaching", "notes", "note", "log", "record", "records", "plan", "action", "actions", "summary", "review",
    "report", "minutes", "agenda", "time", "outcome", "outcomes", "objective", "objectives", "target", "targets",
    "goal", "goals", "feedback", "total", "average", "overall", "comments", "notes", "yes", "no", "n/a", "none",
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
        for pattern in patterns:
            for m in pattern.finditer(doc.text):
                start, end = m.span()
                while start < end and doc.text[start].isspace():
                    start += 1
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append((span.start, span.end))
        return _dedupe(spans)

    return detect


def _dedupe(spans: list[Span]) -> list[Span]:
    return sorted(set(spans))


def _detect_figure(doc: Doc) -> list[Span]:
    dates = _regex_detector("date")(doc)
    in_date = {i for s, e in dates for i in range(s, e)}
    spans = [s for s in _regex_detector("figure")(doc) if not any(i in in_date for i in range(*s))]
    # "one-to-one", "1:1", "121s" are meeting names, not figures
    return [s for s in spans if doc[s[0]:s[1]].text.lower() not in {"1:1", "121", "121s", "1:1s", "1-2-1"}]


def _detect_kpi_value(doc: Doc) -> list[Span]:
    in_date = {i for s, e in _regex_detector("date")(doc) for i in range(s, e)}
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


def _detect_person(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for m in _TITLES.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end))
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        short_cell = len(toks) <= 3
        for j, tok in enumerate(toks):
            text = tok.text
            if len(text) < 2 or not text[0].isupper() or not text[1:].islower() or not text.isalpha():
                continue
            if tok.lower_ in _NAME_STOP:
                continue
            if j == 0 and not short_cell:
                # sentence-initial capitals are names only when a verb-like word or name follows
                nxt = toks[1] if len(toks) > 1 else None
                if nxt is None or not (nxt.text[:1].isupper() or nxt.lower_ in {"and", "was", "has", "had", "is", "said", "told", "agreed", "improved", "reached", "moved"}):
                    continue
            if j > 0 and toks[j - 1].text in {".", ":", "-", "•", "(", "\u2013"} and j < 2:
                continue
            spans.append((tok.i, tok.i + 1))
    return _dedupe(spans)


def _builtin() -> dict[str, Signal]:
    s: dict[str, Signal] = {}

    def add(name: str, description: str, detect: Callable[[Doc], list[Span]]) -> None:
        s[name] = Signal(name, description, detect)

    add("figure", "Any figure: a number, percentage, amount of money or duration (not a date or an AC number).", _detect_figure)
    add("percentage", "A percentage or percentage points: '22%', '3 points', '12 per cent'.", _regex_detector("percentage"))
    add("money", "An amount of money: '£4,500', '300 pounds'.", _regex_detector("money"))
    add("duration", "A duration or handling time: '6:40', '45 seconds', '3 minutes'.", _regex_detector("duration"))
    add("kpi_value", "A contact-centre KPI with a value: 'AHT 6:40', 'CSAT 82%', 'conversion rate of 21%'.", _detect_kpi_value)
    add("date", "A calendar date: '12 March 2024', '09/04', 'w/c 13 May', 'on Tuesday'.", _regex_detector("date"))
    add("time_frame", "A deadline or period: 'by the end of May', 'within six weeks', 'in Q2', 'over the next month'.", _regex_detector("time_frame"))
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
