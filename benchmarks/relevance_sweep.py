"""Run the relevance detector over every document of the project's corpora and print those it flags.

Usage:
    python benchmarks/relevance_sweep.py            # the sample portfolio, dev, probe and hold-out corpora
    python benchmarks/relevance_sweep.py DIR...     # the documents under DIR (unit: its labels.yaml, else
                                                    # lead-team-improve-service)
    python benchmarks/relevance_sweep.py --all      # also print each document's figures

Every document of these corpora is a learner's evidence, so a flagged one is a false positive:
the script prints each (with its words, field share and first-person sentences about the work)
and exits 1 when there is any. The detector is :mod:`evidencecheck.nlp.relevance`; it is judged
with the evidence types and unit the matcher would give it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus-dev").is_dir()), ROOT.parent / "shared")
DEFAULT_FOLDERS = (
    ROOT / "fixtures" / "sample-portfolio",
    SHARED / "corpus-dev",
    ROOT / "benchmarks" / "probe-corpus",
    ROOT / "benchmarks" / "holdout-corpus",
)
DEFAULT_UNIT = "lead-team-improve-service"
_NOT_EVIDENCE = {"labels.yaml", "README.md", "_build.py"}


def _portfolios(folder: Path) -> list[tuple[str, list[Path]]]:
    """``(unit, files)`` of each learner folder under ``folder`` (the folder itself when it holds no labels)."""
    import yaml

    found = []
    for labels in sorted(folder.rglob("labels.yaml")):
        unit = yaml.safe_load(labels.read_text(encoding="utf-8"))["unit"]
        found.append((unit, sorted(p for p in labels.parent.iterdir() if p.is_file() and p.name not in _NOT_EVIDENCE)))
    if not found:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in _NOT_EVIDENCE)
        found.append((DEFAULT_UNIT, files))
    return found


def sweep(folders: list[Path], *, show_all: bool = False) -> tuple[int, list[str]]:
    """Judge every document under ``folders``; returns how many were read and a line per flagged one."""
    from evidencecheck.nlp.match import document_topic
    from evidencecheck.portfolio import load_portfolio
    from evidencecheck.rules.registry import load_unit

    checked = 0
    flagged: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for unit, files in _portfolios(folder):
            ruleset = load_unit(unit)
            portfolio = load_portfolio([str(f) for f in files], isolate=False)
            for document in portfolio.documents:
                topic = document_topic(document, ruleset)
                checked += 1
                line = (f"{document.path}: "
                        f"{topic.words} words, field share {topic.field_share:.3f}, {topic.told} first-person "
                        f"sentence(s) about the work{'' if topic.judged else ', not judged'}")
                if not topic.related:
                    flagged.append(line)
                elif show_all:
                    print(f"ok      {line}")
            flagged += [f"{f.path}: could not be read ({f.code})" for f in portfolio.failures]
    return checked, flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="print every document's figures")
    args = parser.parse_args(argv)
    checked, flagged = sweep(args.folders or list(DEFAULT_FOLDERS), show_all=args.all)
    for line in flagged:
        print(f"FLAGGED {line}")
    print(f"{checked} documents checked, {len(flagged)} flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
