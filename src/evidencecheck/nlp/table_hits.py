"""Clue hits that only a table's layout shows: a KPI's figure, and a KPI's figures that changed.

A figure in a cell says nothing alone; its row label (the row's first cell) or its column
header says what it measures. A number under "AHT" or beside "CSAT" is a KPI value, and a KPI's
row ("FCR | 71% | 76%") or column (under "CSAT", a row a month) whose figures differ is a change
read as an assessor reads a before-and-after table. The signals ``kpi_value`` and ``kpi_change``
find these across a table's cells; in running text they are ordinary signals.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .compile import Hit
from .normalise import ProcessedBlock, ProcessedDocument
from .signals import KPI_TERMS, SIGNALS
from .signals.numbers import figure_value

_KPI_NAME = re.compile(rf"\b{KPI_TERMS}\b", re.IGNORECASE)
#: A table cell's figure in a series: (its place in the row or column, the cell, the figure's span, its value).
_Figure = tuple[int, ProcessedBlock, tuple[int, int], float]
#: A data cell, with whether its row label and whether its column header name a KPI.
_KpiCell = tuple[ProcessedBlock, bool, bool]


def table_hits(documents: Sequence[ProcessedDocument], value_parts: Sequence[tuple[str, str]],
               change_parts: Sequence[tuple[str, str]]) -> list[Hit]:
    """The ``kpi_value`` hits of ``value_parts`` and then the ``kpi_change`` hits of
    ``change_parts`` (``(part id, clue id)`` pairs) in the tables of ``documents``."""
    if not value_parts and not change_parts:
        return []
    cells = [kpi_cells(pdoc) for pdoc in documents]
    out: list[Hit] = []
    if value_parts:
        out.extend(hit for found in cells for hit in _value_hits(found, value_parts))
    if change_parts:
        out.extend(hit for found in cells for hit in _change_hits(found, change_parts))
    return out


def kpi_cells(pdoc: ProcessedDocument) -> list[_KpiCell]:
    """A document's table data cells with whether their row label (the row's first cell) and
    their column header name a KPI ("CSAT", "AHT")."""
    labels: dict[tuple[object, ...], str] = {}  # a row's first cell
    for block in pdoc.blocks:
        b = block.block
        if b.kind == "table_cell" and b.column == 1:
            labels[(b.page, b.table, b.row)] = b.text
    cells = []
    for block in pdoc.blocks:
        b = block.block
        if b.kind != "table_cell" or block.is_header_row:
            continue
        by_row = b.column != 1 and bool(_KPI_NAME.search(labels.get((b.page, b.table, b.row), "")))
        by_column = bool(b.column_header and _KPI_NAME.search(b.column_header))
        cells.append((block, by_row, by_column))
    return cells


def _value_hits(cells: list[_KpiCell], parts: Sequence[tuple[str, str]]) -> list[Hit]:
    """A number in a data row whose column header or row label names a KPI, e.g. "6:05" under
    "AHT" or "84%" beside "CSAT". The hit is on the number, so it keeps the cell's row and sentence."""
    out: list[Hit] = []
    for block, by_row, by_column in cells:
        if by_row or by_column:
            for start, end in SIGNALS["figure"].detect(block.doc):
                out.extend(Hit(part, clue, block, start, end) for part, clue in parts)
    return out


def _change_hits(cells: list[_KpiCell], parts: Sequence[tuple[str, str]]) -> list[Hit]:
    """A KPI's row or column whose figures differ. The hit is on the last figure (the after), so
    it keeps that cell's row."""
    rows: dict[tuple[object, ...], list[_Figure]] = defaultdict(list)
    columns: dict[tuple[object, ...], list[_Figure]] = defaultdict(list)
    for block, by_row, by_column in cells:
        figures = SIGNALS["figure"].detect(block.doc)
        value = figure_value(block.doc[figures[0][0]:figures[0][1]].text) if figures else None
        if value is None:
            continue
        b = block.block
        if by_row:
            rows[(b.page, b.table, b.row)].append((b.column or 0, block, figures[0], value))
        if by_column:
            columns[(b.page, b.table, b.column)].append((b.row or 0, block, figures[0], value))
    out: list[Hit] = []
    for series in (*rows.values(), *columns.values()):
        series.sort(key=lambda cell: cell[0])
        if len({value for *_, value in series}) >= 2:
            _, block, (start, end), _ = series[-1]
            out.extend(Hit(part, clue, block, start, end) for part, clue in parts)
    return out


__all__ = ["kpi_cells", "table_hits"]
