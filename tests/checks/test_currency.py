"""Currency: dates read per document, the portfolio's span, old and future evidence flagged."""

from __future__ import annotations

import datetime as dt

from evidencecheck.checks.currency import check_currency, dates_in
from evidencecheck.model import Portfolio
from evidencecheck.parsers import parse_string

TODAY = dt.date(2026, 12, 4)


def portfolio(*texts: str) -> Portfolio:
    return Portfolio(documents=tuple(parse_string(t, name=f"doc-{i}.txt") for i, t in enumerate(texts)))


def test_dates_in_uk_formats() -> None:
    text = ("Met on 17 June 2024, again on 3rd of July, 2024; signed 17/06/2024, filed 2024-06-18, "
            "reviewed June 2024 and on 01.02.25. Handling time 6:40, conversion 12/15.")
    assert [d.isoformat() for _, d in dates_in(text)] == [
        "2024-06-17", "2024-07-03", "2024-06-17", "2024-06-18", "2024-06-01", "2025-02-01"]


def test_a_date_of_birth_is_not_a_date_of_evidence() -> None:
    assert list(dates_in("DOB: 12/03/1985")) == []


def test_span_old_and_future() -> None:
    result = check_currency(portfolio("Coaching on 3 May 2022.", "Review 1 March 2026 and 9 June 2026.",
                                      "Target review 14 January 2031.", "No dates here."), as_of=TODAY)
    assert (result.earliest, result.latest) == ("2022-05-03", "2026-06-09")
    assert [m.document for m in result.old] == ["doc-0.txt"]
    assert [m.text for m in result.future] == ["14 January 2031"]
    assert result.undated == ("doc-3.txt",)
    assert [p.code for p in result.problems] == ["W541", "W542"]
    assert [d.count for d in result.documents] == [1, 2, 1, 0]


def test_age_limit_is_configurable() -> None:
    docs = portfolio("Coaching on 3 May 2025.")
    assert check_currency(docs, as_of=TODAY).old == ()
    assert [m.date for m in check_currency(docs, as_of=TODAY, max_age_years=1).old] == ["2025-05-03"]


def test_current_evidence_has_no_findings() -> None:
    result = check_currency(portfolio("Huddle on 2 December 2026.", "1:1 on 20/11/2026."), as_of=TODAY)
    assert result.problems == () and result.old == () and result.future == ()


def test_an_ac_number_is_not_a_date() -> None:
    assert list(dates_in("This covers AC 1.2.3 and 2.1.24 of the unit.")) == []
