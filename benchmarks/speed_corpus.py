"""Speed and memory of evidencecheck on a corpus: prints figures, asserts nothing.

Usage:
    python benchmarks/speed.py --corpus ../shared/corpus-dev [--repeat 5]   (or this file directly)

Machines are noisy, so every figure is the median of ``--repeat`` runs, and
the comparisons are printed as ratios:

- ``import evidencecheck`` in a fresh interpreter (the library must stay cheap to import);
- reading every evidence file in-process vs in the isolating worker (its overhead);
- parse time per format (median per file);
- checking each portfolio (match + assess + report) after its files are read;
- ``evidencecheck batch`` over one unit's cohort with ``--jobs 1`` vs ``--jobs 2``;
- peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from speed import median_time  # benchmarks/speed.py, beside this script

from evidencecheck.api import check_portfolio
from evidencecheck.parsers import parse
from evidencecheck.parsers.isolation import close_shared_parser
from evidencecheck.portfolio import load_portfolio
from evidencecheck.rules.registry import available_units, load_unit


def _learners(corpus: Path) -> list[tuple[str, Path]]:
    units = set(available_units())
    return [(unit.name, learner) for unit in sorted(corpus.iterdir()) if unit.name in units
            for learner in sorted(unit.iterdir()) if learner.is_dir()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    learners = _learners(args.corpus)
    if not learners:
        print(f"no <unit>/<learner>/ folders under {args.corpus}", file=sys.stderr)
        return 2
    folders = [str(path) for _, path in learners]

    imports = median_time(lambda: subprocess.run([sys.executable, "-c", "import evidencecheck"], check=True),
                           args.repeat)
    print(f"import evidencecheck (fresh interpreter)   {imports * 1000:8.0f} ms")

    load_portfolio(folders)  # start the worker and import the parsers once
    in_process = median_time(lambda: load_portfolio(folders, isolate=False), args.repeat)
    isolated = median_time(lambda: load_portfolio(folders), args.repeat)
    files = sum(len(load_portfolio([f], isolate=False).documents) for f in folders)
    print(f"read {files} files in-process              {in_process:8.2f} s")
    print(f"read {files} files in the worker           {isolated:8.2f} s  (x{isolated / in_process:.2f})")

    per_format: dict[str, list[float]] = defaultdict(list)
    for folder in folders:
        for file in sorted(Path(folder).iterdir()):
            if file.suffix.lower() in (".docx", ".pdf", ".txt", ".md"):
                per_format[file.suffix.lower()].append(median_time(lambda f=file: parse(f), 3))
    for suffix, times in sorted(per_format.items()):
        print(f"parse {suffix:5} median per file ({len(times):2} files) {statistics.median(times) * 1000:8.1f} ms")

    portfolios = [(load_unit(unit), load_portfolio([path])) for unit, path in learners]
    check_portfolio(portfolios[0][1], ruleset=portfolios[0][0])  # build the pipeline and matchers once
    checks = [median_time(lambda r=r, p=p: check_portfolio(p, ruleset=r), args.repeat) for r, p in portfolios]
    print(f"check one read portfolio, median           {statistics.median(checks) * 1000:8.0f} ms"
          f"  (max {max(checks) * 1000:.0f} ms)")

    unit, _ = learners[0]
    cohort = args.corpus / unit
    with tempfile.TemporaryDirectory() as out:
        batch = {}
        for jobs in (1, 2):
            command = ["evidencecheck", "batch", str(cohort), "--unit", unit, "--out", f"{out}/{jobs}",
                       "--jobs", str(jobs), "--quiet", "--exit-zero"]
            batch[jobs] = median_time(lambda c=command: subprocess.run(c, check=True, capture_output=True),
                                       max(1, args.repeat // 2))
    print(f"batch of {len(list(cohort.iterdir())):2} learners, --jobs 1            {batch[1]:8.2f} s")
    print(f"batch of {len(list(cohort.iterdir())):2} learners, --jobs 2            {batch[2]:8.2f} s  (x{batch[2] / batch[1]:.2f})")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process       {peak:8.0f} MB")
    close_shared_parser()
    return 0


if __name__ == "__main__":
    sys.exit(main())
