"""The cheap digit test before the signal patterns: it skips only patterns that cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidencecheck.nlp.signals import dates, numbers
from evidencecheck.nlp.signals.base import doc_text, has_digit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

GATED = {
    "figure": numbers._DIGIT_FIGURES,
    "duration": [numbers.DURATION_PATTERNS[0], numbers.DURATION_PATTERNS[2]],
    "kpi_value": numbers.KPI_VALUE_PATTERNS,
    "percentage": numbers.PERCENTAGE_PATTERNS,
    "money": numbers.MONEY_PATTERNS,
    "date": [p for p in dates.DATE_PATTERNS if p is not dates._ON_DAY],
}


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*"))
             if p.suffix in (".txt", ".md") and p.is_file()]
    texts.append("Target: twenty sales by 12 March 2024, AHT 6:40 down to 5:55 (-45s), CSAT 82% (+3 points), "
                 "£4,500 and 300 pounds, 09/04/24 and 2024-03-12, w/c 13 May, week 3, 45 minutes, 2h, 7.45")
    return texts


def test_the_two_parts_of_figure_cover_every_figure_pattern() -> None:
    assert sorted(map(id, numbers._DIGIT_FIGURES + numbers._WORD_FIGURES)) == sorted(map(id, numbers.FIGURE_PATTERNS))
    assert "monday" in dates._ON_DAY.pattern and not re.search(r"\\d", dates._ON_DAY.pattern)


@pytest.mark.parametrize("signal", sorted(GATED))
def test_gated_patterns_match_nothing_once_digits_are_gone(signal: str) -> None:
    texts = _texts()
    with_digits = sum(1 for t in texts for p in GATED[signal] if p.search(t))
    assert with_digits, "the sample text must exercise the patterns"
    for text in texts:
        without = re.sub(r"\d", "", text)
        for pattern in GATED[signal]:
            assert pattern.search(without) is None, (signal, pattern.pattern[:60])


def test_doc_text_and_digit_test_are_kept_per_doc(text_portfolio) -> None:  # type: ignore[no-untyped-def]
    from evidencecheck.nlp.pipeline import get_nlp

    nlp = get_nlp("blank:en")
    with_number, without = nlp("We took 3 calls."), nlp("We took forty calls.")
    assert has_digit(with_number) and not has_digit(without)
    assert doc_text(with_number) == with_number.text and doc_text(with_number) is doc_text(with_number)
    assert numbers.detect_figure(without)  # "forty calls" is still a figure without a digit
