"""Cohort pre-screening: check every learner's portfolio in a folder and build a grid.

Each immediate subfolder of a cohort folder is one learner's portfolio::

    from evidencecheck.cohort import build_grid, run_batch

    result = run_batch("cohort/", unit="lead-direct-sales", jobs=2)
    for learner in result.learners:
        print(learner.name, learner.report.summary if learner.report else learner.error)
    grid = build_grid(result)          # learners x criteria, highest risk first

:func:`write_learner` and :func:`write_grid` write the reports and the grid
(``cohort.html``, ``cohort.csv``, ``cohort.json``) into an output folder laid
out by :func:`plan_layout`. Nothing here prints.
"""

from __future__ import annotations

from .batch import LearnerTask, check_learner, discover_learners, run_batch
from .csv_grid import render_grid_csv
from .grid import Grid, GridColumn, GridRow, build_grid, risk_score
from .html import render_grid_html
from .model import Cohort, CohortResult, CriterionRef, Learner, LearnerResult, SkippedEntry
from .output import (
    DEFAULT_FORMATS,
    GRID_FILES,
    REPORT_EXTENSIONS,
    OutputLayout,
    check_output_location,
    plan_layout,
    prepare_output_dir,
    write_grid,
    write_learner,
)
from .summary import CohortSummary, build_summary, render_summary_json

__all__ = [
    "DEFAULT_FORMATS",
    "GRID_FILES",
    "REPORT_EXTENSIONS",
    "Cohort",
    "CohortResult",
    "CohortSummary",
    "CriterionRef",
    "Grid",
    "GridColumn",
    "GridRow",
    "Learner",
    "LearnerResult",
    "LearnerTask",
    "OutputLayout",
    "SkippedEntry",
    "build_grid",
    "build_summary",
    "check_learner",
    "check_output_location",
    "discover_learners",
    "plan_layout",
    "prepare_output_dir",
    "render_grid_csv",
    "render_grid_html",
    "render_summary_json",
    "risk_score",
    "run_batch",
    "write_grid",
    "write_learner",
]
