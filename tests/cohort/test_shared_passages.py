"""A cohort batch flags two learners' documents that share a long passage, end to end (one process)."""

from __future__ import annotations

from pathlib import Path

from evidencecheck.cohort import build_grid, run_batch
from evidencecheck.cohort.csv_grid import render_grid_csv

from ._helpers import ALL_MET, UNIT, learner, write_rules

# 62 words, all of them shared
COPIED = ("On Monday I noticed that three colleagues were leaving their desks cluttered until the end of the week, "
          "so I sat with each of them, agreed a target of clearing every desk before six each evening and checked "
          "the office every lunchtime for a fortnight; by the second week every desk was clear by six and the "
          "cleaners stopped reporting problems entirely.")


def test_a_copied_account_is_flagged_for_both_learners(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules")
    cohort = tmp_path / "cohort"
    learner(cohort, "amy", {"account.txt": ALL_MET + COPIED})
    learner(cohort, "ben", {"mine.txt": COPIED + "\nI emptied the bins on Friday.\n"})
    learner(cohort, "cat", {"own.txt": ALL_MET})
    grid = build_grid(run_batch(cohort, unit=UNIT, rules=[rules]), sort="learner")
    rows = {r.learner: r for r in grid.rows}
    assert rows["amy"].shared == ("account.txt = ben/mine.txt (about 62 words)",)
    assert rows["ben"].shared == ("mine.txt = amy/account.txt (about 62 words)",)
    assert rows["cat"].shared == () and rows["cat"].checks[-1] == 0
    assert "ben/mine.txt" in render_grid_csv(grid)
