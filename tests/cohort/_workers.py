"""Module-level checkers for run_batch tests; worker processes import this module by name."""

from __future__ import annotations

import os
import time

from evidencecheck.cohort import LearnerTask
from evidencecheck.report.model import Report

from ._helpers import fake_report


def fake_checker(task: LearnerTask) -> Report:
    """Every criterion met, except that learner ``boom`` raises and learner ``crash`` kills its worker.

    Learners whose names start with ``slow`` take half a second, so they are still
    running when a worker crashes.
    """
    if task.learner.name.startswith("slow"):
        time.sleep(0.5)
    if task.learner.name == "boom":
        raise RuntimeError("the reader tripped over a learner file")
    if task.learner.name == "crash":
        os._exit(3)  # a worker dying without a word, as on a segfault or the OOM killer
    return fake_report(["met", "met", "met"])
