"""Write every report the project can produce from its own data, to prove a refactor changes none.

Usage:
    python benchmarks/snapshot_reports.py --out DIR          # write the snapshot
    python benchmarks/snapshot_reports.py --compare OLD NEW  # list the files that differ
    python benchmarks/snapshot_reports.py --compare OLD NEW --verdicts  # ignore schema_version and checks

With ``--verdicts`` two reports are the same when they are equal apart from ``schema_version``
and the ``checks`` section (schema 3): a change that adds evidence checks must leave every
verdict, reason and quote as it was.

The snapshot holds the JSON report of the sample portfolio, of every portfolio in
the dev, probe and hold-out corpora (where present), and of every rule test case
of every bundled unit. Two snapshots taken before and after a change that should
not move any verdict must be byte-identical.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (or beside any folder above it, for a git worktree)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus-dev").is_dir()), ROOT.parent / "shared")
CORPORA = {
    "dev": SHARED / "corpus-dev",
    "probe": ROOT / "benchmarks" / "probe-corpus",
    "holdout": ROOT / "benchmarks" / "holdout-corpus",
}


def _write(out: Path, name: str, text: str) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def snapshot(out: Path) -> int:
    import yaml

    from evidencecheck.api import check_portfolio
    from evidencecheck.parsers.text import parse_string
    from evidencecheck.portfolio import load_portfolio
    from evidencecheck.rules.registry import available_units, load_unit

    count = 0
    sample = load_portfolio([str(ROOT / "fixtures" / "sample-portfolio")])
    report = check_portfolio(sample, ruleset=load_unit("lead-team-improve-service"))
    _write(out, "sample.json", report.model_dump_json(indent=2))
    count += 1
    for corpus, folder in CORPORA.items():
        if not folder.is_dir():
            continue
        for labels in sorted(folder.rglob("labels.yaml")):
            unit = yaml.safe_load(labels.read_text(encoding="utf-8"))["unit"]
            files = [str(p) for p in sorted(labels.parent.iterdir()) if p.is_file() and p.name != "labels.yaml"]
            report = check_portfolio(load_portfolio(files), ruleset=load_unit(unit))
            _write(out, f"{corpus}/{labels.parent.relative_to(folder)}.json", report.model_dump_json(indent=2))
            count += 1
    from evidencecheck.model import Portfolio

    for unit_id in sorted(available_units()):
        ruleset = load_unit(unit_id)
        for case in ruleset.tests:
            texts = [(case.text, "evidence.txt")] if case.text else [
                (d.text, d.name or f"evidence-{i + 1}.txt") for i, d in enumerate(case.documents)]
            docs = tuple(parse_string(t, name=n) for t, n in texts)
            report = check_portfolio(Portfolio(documents=docs), ruleset=ruleset)
            _write(out, f"rule-tests/{unit_id}/{case.name}.json", report.model_dump_json(indent=2))
            count += 1
    print(f"{count} reports written to {out}")
    return 0


def _verdicts(path: Path) -> object:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("schema_version", None)
    data.pop("checks", None)
    return data


def compare(old: Path, new: Path, *, verdicts: bool = False) -> int:
    a = {p.relative_to(old) for p in old.rglob("*.json")}
    b = {p.relative_to(new) for p in new.rglob("*.json")}
    if verdicts:
        differ = sorted(p for p in a & b if _verdicts(old / p) != _verdicts(new / p))
    else:
        differ = sorted(p for p in a & b if (old / p).read_bytes() != (new / p).read_bytes())
    for p in sorted(a - b):
        print(f"only in {old}: {p}")
    for p in sorted(b - a):
        print(f"only in {new}: {p}")
    for p in differ:
        print(f"differs: {p}")
    same = len(a & b) - len(differ)
    print(f"{same} of {len(a | b)} reports {'with identical verdicts' if verdicts else 'byte-identical'}")
    return 0 if same == len(a | b) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", type=Path)
    g.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    ap.add_argument("--verdicts", action="store_true",
                    help="with --compare: ignore schema_version and the checks section")
    a = ap.parse_args()
    return snapshot(a.out) if a.out else compare(*a.compare, verdicts=a.verdicts)


if __name__ == "__main__":
    sys.exit(main())
