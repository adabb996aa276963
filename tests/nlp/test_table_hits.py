"""Hits only a table's layout shows: a figure under a KPI, and a KPI's figures that changed."""

from __future__ import annotations

from evidencecheck.nlp.normalise import process_documents
from evidencecheck.nlp.pipeline import get_nlp
from evidencecheck.nlp.table_hits import kpi_cells, table_hits
from evidencecheck.parsers import parse_string

VALUE = [("el.signals[0]", "el")]
CHANGE = [("el.any[0]", "el")]


def processed(table: str):  # type: ignore[no-untyped-def]
    return process_documents(get_nlp(), [parse_string("Team figures.\n\n" + table, name="kpi.md", fmt="md")])


def cells_hit(hits) -> list[str]:  # type: ignore[no-untyped-def]
    """The cells the hits are in, each once, in order."""
    return list(dict.fromkeys(h.block.block.text for h in hits))


def test_a_figure_under_a_kpi_or_beside_one_is_a_kpi_value() -> None:
    by_column = processed("| Month | FCR | Room |\n|---|---|---|\n| March | 71% | 9 |\n")
    assert cells_hit(table_hits(by_column, VALUE, [])) == ["71%"]  # not the room number
    by_row = processed("| KPI | March |\n|---|---|\n| CSAT | 78% |\n| Room | 12 |\n")
    assert cells_hit(table_hits(by_row, VALUE, [])) == ["78%"]
    cells = {c.block.text: (by_r, by_c) for c, by_r, by_c in kpi_cells(by_row[0])}
    assert cells["78%"] == (True, False)
    assert cells["CSAT"] == (False, False)  # the label itself is no figure of a KPI


def test_a_kpi_whose_figures_differ_is_a_change_on_its_last_figure() -> None:
    row = processed("| KPI | March | April |\n|---|---|---|\n| CSAT | 78% | 84% |\n")
    assert cells_hit(table_hits(row, [], CHANGE)) == ["84%"]
    column = processed("| Month | FCR |\n|---|---|\n| March | 71% |\n| April | 76% |\n")
    assert cells_hit(table_hits(column, [], CHANGE)) == ["76%"]


def test_no_change_when_the_figures_are_the_same_or_the_row_names_no_kpi() -> None:
    assert table_hits(processed("| KPI | March | April |\n|---|---|---|\n| CSAT | 80% | 80% |\n"), [], CHANGE) == []
    assert table_hits(processed("| Adviser | March | April |\n|---|---|---|\n| Sam | 78% | 84% |\n"), [], CHANGE) == []


def test_value_hits_come_before_change_hits_and_no_parts_find_nothing() -> None:
    docs = processed("| KPI | March | April |\n|---|---|---|\n| CSAT | 78% | 84% |\n")
    hits = table_hits(docs, VALUE, CHANGE)
    kinds = [h.part_id for h in hits]
    assert kinds == sorted(kinds, key=lambda k: k != "el.signals[0]")  # every value hit first
    assert kinds.count("el.any[0]") == 1 and "el.signals[0]" in kinds
    assert table_hits(docs, [], []) == []
