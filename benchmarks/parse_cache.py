"""Parse cache: time to read portfolios on a miss (parsed) and on a hit (from the cache). Prints figures only.

Usage:
    python benchmarks/parse_cache.py [--corpus ../shared/corpus-dev] [--repeat 5]

Every learner folder under the corpus is read with ``load_portfolio`` as
``check`` reads it (isolating worker, already started), once into an empty
cache (a miss: every file parsed and stored) and then again (a hit: every file
hashed and loaded from JSON). Medians of ``--repeat`` rounds, each in a fresh
temporary cache folder, so the user's own cache is never touched. The whole-
process figure runs ``evidencecheck extract`` on the largest portfolio, cold
and warm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evidencecheck.limits import Limits
from evidencecheck.parsers.cache import CACHE_ENV
from evidencecheck.parsers.isolation import shared_parser
from evidencecheck.portfolio import load_portfolio

ROOT = Path(__file__).resolve().parents[1]


def _learners(corpus: Path) -> list[Path]:
    labelled = sorted(p.parent for p in corpus.rglob("labels.yaml"))
    return labelled or sorted({p.parent for p in corpus.rglob("*") if p.is_file()
                               and p.suffix in (".pdf", ".docx", ".txt", ".md") and not p.name.startswith(".")})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    learners = _learners(args.corpus)
    if not learners:
        print(f"no portfolios under {args.corpus}")
        return 1
    shared_parser().parse(ROOT / "fixtures" / "bom.md")  # start the worker outside the timings
    misses, hits = [], []
    for _ in range(args.repeat):
        folder = Path(tempfile.mkdtemp(prefix="ec-cache-bench-"))
        os.environ[CACHE_ENV] = str(folder / "parsed")
        try:
            started = time.perf_counter()
            cold = [load_portfolio([p], limits=Limits()) for p in learners]
            misses.append(time.perf_counter() - started)
            started = time.perf_counter()
            warm = [load_portfolio([p], limits=Limits()) for p in learners]
            hits.append(time.perf_counter() - started)
            assert cold == warm, "a cached portfolio differs from the parsed one"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    files = sum(len(p.documents) + len(p.failures) for p in cold)
    miss, hit = statistics.median(misses), statistics.median(hits)
    print(f"{len(learners)} portfolios, {files} files, median of {args.repeat} rounds")
    print(f"  miss (parse and store): {miss:.3f} s  ({1000 * miss / files:.1f} ms a file)")
    print(f"  hit  (hash and load):   {hit:.3f} s  ({1000 * hit / files:.1f} ms a file)")
    print(f"  a hit is {miss / hit:.1f}x faster than a miss")

    biggest = max(learners, key=lambda p: sum(f.stat().st_size for f in p.iterdir() if f.is_file()))
    exe = shutil.which("evidencecheck") or sys.executable
    command = [exe, "extract", str(biggest)] if exe != sys.executable else [exe, "-m", "evidencecheck", "extract",
                                                                            str(biggest)]
    folder = Path(tempfile.mkdtemp(prefix="ec-cache-bench-"))
    env = {**os.environ, CACHE_ENV: str(folder / "parsed")}
    try:
        cold_s, warm_s = [], []
        for _ in range(args.repeat):
            shutil.rmtree(folder / "parsed", ignore_errors=True)
            started = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=False)
            cold_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=False)
            warm_s.append(time.perf_counter() - started)
        print(f"  `evidencecheck extract {biggest.name}` whole process: cold {statistics.median(cold_s):.3f} s, "
              f"warm {statistics.median(warm_s):.3f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
