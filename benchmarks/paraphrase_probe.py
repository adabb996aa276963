"""Recall on paraphrases: which elements and mistakes the engine finds in sentences written without the rules.

Usage:
    python benchmarks/paraphrase_probe.py [--unit UNIT] [--half A|B] [--show-misses]

Reads ``benchmarks/paraphrase-probes.yaml`` (how it was written is at its top): for every element
of the five bundled units, six sentences that each show it first-hand and concretely, in words a
learner, a minute-taker or a witness might use, and two that must not count (a denial; a generic,
hypothetical or planned sentence); for every mistake, three sentences that show it and two that
show the good practice instead. Each sentence is checked alone, as a one-paragraph text file, with
the unit's rules, and the figures printed are:

- element recall: positives whose element is found;
- negatives found: negatives whose element is found anyway (lower is better);
- mistakes shown: sentences showing a mistake that detect it;
- good practice flagged: sentences of good practice that detect the mistake (lower is better).

``--half A`` takes the 1st, 3rd and 5th sentence of each list, ``--half B`` the others: look at the
misses of one half, change the rules in a general way, and see whether the other half moves too.
A sentence alone holds less than a portfolio (an element whose clues may come from a paragraph,
a heading or the kind of document is harder here), so this is a diagnostic of recall, not an
accuracy figure: accuracy is reported on the sealed corpus and the hold-out only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from evidencecheck.assess import assess
from evidencecheck.assess.model import Assessment
from evidencecheck.model import Portfolio
from evidencecheck.nlp.match import match_portfolio
from evidencecheck.parsers import parse_string
from evidencecheck.rules.registry import load_unit
from evidencecheck.rules.schema import RuleSet

PROBES = Path(__file__).resolve().parent / "paraphrase-probes.yaml"


@dataclass(frozen=True)
class Outcome:
    """One probe sentence checked: what it should show, and whether the engine found it."""

    unit: str
    target: str  # "criterion.element" or "mistake"
    kind: str  # positive, negative, shows, good_practice
    sentence: str
    found: bool

    @property
    def right(self) -> bool:
        """Whether the engine agreed with what the sentence was written to show."""
        return self.found == (self.kind in ("positive", "shows"))


def half_of(sentences: Sequence[str], half: str | None) -> list[str]:
    """All sentences, or half ``A`` (1st, 3rd, ...) or ``B`` (2nd, 4th, ...)."""
    if half is None:
        return list(sentences)
    return list(sentences[0::2] if half == "A" else sentences[1::2])


def judge(ruleset: RuleSet, sentence: str) -> Assessment:
    """The assessment of ``sentence`` checked alone, as a one-paragraph text file."""
    portfolio = Portfolio(documents=(parse_string(sentence, name="evidence.txt"),))
    return assess(ruleset, match_portfolio(ruleset, portfolio), portfolio)


def run_unit(unit: str, probes: dict, half: str | None = None) -> Iterator[Outcome]:
    """Every probe sentence of ``unit`` checked."""
    ruleset = load_unit(unit)
    for criterion, elements in probes.get("criteria", {}).items():
        for element, lists in elements.items():
            for kind in ("positive", "negative"):
                for sentence in half_of(lists[kind], half):
                    result = next(c for c in judge(ruleset, sentence).criteria if c.id == criterion)
                    found = next(e.found for e in result.elements if e.id == element)
                    yield Outcome(unit, f"{criterion}.{element}", kind, sentence, found)
    for mistake, lists in probes.get("mistakes", {}).items():
        for kind in ("shows", "good_practice"):
            for sentence in half_of(lists[kind], half):
                found = next(m.detected for m in judge(ruleset, sentence).mistakes if m.id == mistake)
                yield Outcome(unit, mistake, kind, sentence, found)


def figures(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    """For each kind of sentence, (found, checked)."""
    return {kind: (sum(o.found for o in outcomes if o.kind == kind), sum(o.kind == kind for o in outcomes))
            for kind in ("positive", "negative", "shows", "good_practice")}


def _share(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found / total:.3f} ({found} of {total})" if total else "- (none)"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unit", action="append", help="only this unit (repeatable)")
    ap.add_argument("--half", choices=("A", "B"), help="only one half of each list of sentences")
    ap.add_argument("--show-misses", action="store_true", help="list every sentence the engine got wrong")
    ap.add_argument("--probes", type=Path, default=PROBES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    data = yaml.safe_load(args.probes.read_text(encoding="utf-8"))["units"]
    units = args.unit or list(data)
    unknown = [u for u in units if u not in data]
    if unknown:
        print(f"no probes for unit(s): {', '.join(unknown)}; probed units: {', '.join(data)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    every: list[Outcome] = []
    print(f"{'unit':28} {'element recall':>20} {'negatives found':>17} {'mistakes shown':>17} {'good flagged':>15}")
    for unit in units:
        outcomes = list(run_unit(unit, data[unit], args.half))
        every += outcomes
        f = figures(outcomes)
        print(f"{unit:28} {_share(f['positive']):>20} {_share(f['negative']):>17} {_share(f['shows']):>17} "
              f"{_share(f['good_practice']):>15}")
    f = figures(every)
    print(f"{'all':28} {_share(f['positive']):>20} {_share(f['negative']):>17} {_share(f['shows']):>17} "
          f"{_share(f['good_practice']):>15}")
    if args.show_misses:
        print()
        for o in every:
            if not o.right:
                print(f"{o.kind:13} {o.unit}: {o.target}: {o.sentence}")
    print(f"\n{len(every)} sentences in {time.perf_counter() - started:.1f} s"
          + (f" (half {args.half})" if args.half else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
