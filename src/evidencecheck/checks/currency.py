"""Currency (VARCS): when each piece of evidence is from.

Every calendar date with a year is read from each document ("17 June 2024", "17/06/2024",
"2024-06-17", "June 2024"; day first, as in the UK). The report gives each document's
earliest and latest date and the portfolio's span, flags a document whose latest date is
older than ``max_age_years`` (default 3, ``[checks] max_age_years`` in
``evidencecheck.toml`` or ``--max-age``), and flags dates in the future. Dates of birth
are personal data, not dates of evidence, and are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..model import Portfolio
from .model import Currency, DatedMention, DocumentDates, Problem
from .personal_data import find_in_text

DEFAULT_MAX_AGE_YEARS = 3

_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_I = re.IGNORECASE
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MONTH},? (\d{{4}})\b", _I), "dmy"),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", _I), "mdy"),
    (re.compile(rf"\b{_MONTH},? (\d{{4}})\b", _I), "my"),
    (re.compile(r"(?<![\d.:/-])(\d{4})-(\d{2})-(\d{2})(?![\d])"), "iso"),
    (re.compile(r"(?<![\d.:/-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)"), "numeric"),
    # with dots only zero-padded ("01.02.25"): "1.2.3" is an AC number, not a date
    (re.compile(r"(?<![\d.:/-])(\d{2})(\.)(\d{2})\.(\d{4}|\d{2})(?![\d/.-]?\d)"), "numeric"),
]


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _read(m: re.Match[str], kind: str) -> dt.date | None:
    g = m.groups()
    try:
        if kind == "dmy":
            return dt.date(int(g[2]), _MONTHS[g[1][:3].lower()], int(g[0]))
        if kind == "mdy":
            return dt.date(int(g[2]), _MONTHS[g[0][:3].lower()], int(g[1]))
        if kind == "my":
            return dt.date(int(g[1]), _MONTHS[g[0][:3].lower()], 1)
        if kind == "iso":
            return dt.date(int(g[0]), int(g[1]), int(g[2]))
        return dt.date(_year(g[3]), int(g[2]), int(g[0]))
    except (ValueError, KeyError):
        return None


def dates_in(text: str) -> Iterator[tuple[str, dt.date]]:
    """Each calendar date with a year in ``text``, as written and as read (a date inside another is skipped)."""
    taken: list[tuple[int, int]] = [(f.start, f.end) for f in find_in_text(text) if f.kind == "date_of_birth"]
    found: list[tuple[int, str, dt.date]] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            day = _read(m, kind)
            if day is not None and 1900 <= day.year <= 2200:
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.group(), day))
    for _, written, day in sorted(found, key=lambda f: f[0]):
        yield written, day


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_currency(portfolio: Portfolio, *, as_of: dt.date | None = None,
                   max_age_years: int = DEFAULT_MAX_AGE_YEARS) -> Currency:
    """The dates of every document, the portfolio's span, and old or future evidence.

    Args:
        portfolio: The parsed documents.
        as_of: The day to compare against (today when omitted).
        max_age_years: A document whose latest date is older than this is flagged.
    """
    today = as_of or dt.date.today()
    cutoff = _years_before(today, max_age_years)
    per_doc: list[DocumentDates] = []
    old: list[DatedMention] = []
    future: list[DatedMention] = []
    undated: list[str] = []
    every: list[dt.date] = []
    for document in portfolio.documents:
        mentions = [DatedMention(document.path, block.location, written, day.isoformat())
                    for block in document.blocks for written, day in dates_in(block.text)]
        if not mentions:
            undated.append(document.path)
            per_doc.append(DocumentDates(document.path, None, None, 0))
            continue
        days = [dt.date.fromisoformat(m.date) for m in mentions]
        per_doc.append(DocumentDates(document.path, min(days).isoformat(), max(days).isoformat(), len(mentions)))
        every.extend(days)
        future.extend(m for m, d in zip(mentions, days) if d > today)
        current = [d for d in days if d <= today]
        if current and max(current) < cutoff:
            old.append(next(m for m, d in zip(mentions, days) if d == max(current)))
    past = [d for d in every if d <= today]
    problems = [Problem.of("W541", path=m.document, date=m.text, location=m.location, years=max_age_years)
                for m in old]
    problems += [Problem.of("W542", path=m.document, date=m.text, location=m.location) for m in future]
    return Currency(as_of=today.isoformat(), max_age_years=max_age_years,
                    earliest=min(past).isoformat() if past else None, latest=max(past).isoformat() if past else None,
                    documents=tuple(per_doc), old=tuple(old), future=tuple(future), undated=tuple(undated),
                    problems=tuple(problems))


__all__ = ["DEFAULT_MAX_AGE_YEARS", "check_currency", "dates_in"]
