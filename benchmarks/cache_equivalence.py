"""Cached and uncached checks give the same reports: prints how many of a corpus's reports agree.

Usage:
    python benchmarks/cache_equivalence.py [--corpus ../shared/corpus-dev]

Every labelled portfolio of the corpus is checked three times against its unit: with
``--no-cache``, then into an empty cache (documents parsed, tagged and parsed by the pipeline,
and kept), then from that cache (nothing read or tagged again). The three reports must be equal
field for field. A private cache folder is used, so the user's own cache is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus-dev")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cache-equivalence-", dir=ROOT / "benchmarks") as folder:
        os.environ["EVIDENCECHECK_CACHE_DIR"] = folder  # read when the cache is first used, below
        import yaml

        from evidencecheck.api import check
        from evidencecheck.limits import Limits

        learners = sorted(p.parent for p in args.corpus.rglob("labels.yaml"))
        same = 0
        began = time.perf_counter()
        timings = [0.0, 0.0, 0.0]
        for learner in learners:
            unit = yaml.safe_load((learner / "labels.yaml").read_text("utf-8")).get("unit") or learner.parent.name
            reports = []
            for n, limits in enumerate((Limits(cache=False), Limits(), Limits())):
                t = time.perf_counter()
                reports.append(check(learner, unit=unit, limits=limits).model_dump())
                timings[n] += time.perf_counter() - t
            if reports[0] == reports[1] == reports[2]:
                same += 1
            else:
                print(f"differs: {learner}")
        print(f"{same} of {len(learners)} reports identical without the cache, filling it and from it "
              f"({time.perf_counter() - began:.0f} s; checks took {timings[0]:.1f} s uncached, "
              f"{timings[1]:.1f} s filling the cache, {timings[2]:.1f} s from it)")
        return 0 if same == len(learners) else 1


if __name__ == "__main__":
    sys.exit(main())
