"""Accuracy of evidencecheck against a labelled corpus, side by side with a keyword baseline.

Usage:
    python benchmarks/accuracy.py --corpus ../shared/corpus-dev [--unit UNIT] [--show-errors]

The corpus holds ``<unit>/<learner>/`` folders, each with evidence files and a
``labels.yaml`` (unit, criteria: id -> met/at_risk/missing, mistakes: id -> bool,
notes). Prints, for criteria, the confusion matrix, per-class precision, recall
and F1, macro-F1 and Cohen's kappa; for mistakes, precision, recall and F1; for quotes,
the share that point at a passage the criterion's label note quotes ('...'), and the share of
such criteria with at least one quote that does (a rough lower bound: notes quote what decided
a label, not every sentence an assessor would accept).
The baseline calls a criterion met when at least half of its catalog words
appear in the portfolio, at_risk when any do, and a mistake detected when half
of its words appear.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from evidencecheck.api import check_portfolio
from evidencecheck.errors import EvidenceCheckError
from evidencecheck.portfolio import load_portfolio
from evidencecheck.rules.registry import load_unit

CLASSES = ("met", "at_risk", "missing")
STOP = set("""a an the and or of to in for with on by as at from that this these those be is are was were been
their them they his her its it which who what when how such e.g eg etc using used use provides provided
evidence demonstrates demonstrate shows show candidate team member members""".split())


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP}


def baseline_criterion(text: str, portfolio_words: set[str]) -> str:
    ws = words(text)
    share = len(ws & portfolio_words) / max(1, len(ws))
    return "met" if share >= 0.5 else "at_risk" if share > 0 else "missing"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def criteria_scores(pairs: list[tuple[str, str]]) -> dict[str, object]:
    conf = Counter(pairs)
    per = {}
    for c in CLASSES:
        tp = conf[(c, c)]
        fp = sum(conf[(g, c)] for g in CLASSES if g != c)
        fn = sum(conf[(c, p)] for p in CLASSES if p != c)
        per[c] = prf(tp, fp, fn)
    n = len(pairs)
    po = sum(conf[(c, c)] for c in CLASSES) / n if n else 0.0
    pe = sum(sum(conf[(c, p)] for p in CLASSES) * sum(conf[(g, c)] for g in CLASSES) for c in CLASSES) / (n * n) if n else 0.0
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    return {"confusion": conf, "per_class": per, "macro_f1": sum(v[2] for v in per.values()) / 3,
            "kappa": kappa, "accuracy": po, "n": n}


# A note's pointers: the passages it quotes ('...'), an apostrophe inside a word not ending one.
POINTER = re.compile(r"(?:^|(?<=[\s(:;,]))'(.{8,}?)'(?=[\s,;.)]|$)")
QUOTE_WORD = re.compile(r"[a-z0-9%\u00a3]+")


def note_pointers(note: str) -> list[str]:
    """The passages an assessor's note quotes (``'...'``), as the sentences they point at."""
    return [p.replace("...", " ").replace("\u2026", " ") for p in POINTER.findall(note or "")]


def points_at(quote: str, pointer: str) -> bool:
    """Whether a quote is the passage a pointer names (most of the shorter one's words in the other).

    The rule of ``../shared/tools/score-sealed``, so that the figures read alike.
    """
    q = set(QUOTE_WORD.findall(quote.lower().replace("\u2019", "'")))
    p = set(QUOTE_WORD.findall(pointer.lower().replace("\u2019", "'")))
    return bool(q and p) and len(q & p) / min(len(q), len(p)) >= 0.6


def mistake_scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return prf(tp, fp, fn)


def print_criteria(title: str, s: dict[str, object]) -> None:
    conf = s["confusion"]
    print(f"\n{title}: criteria (n={s['n']})")
    print("  confusion (rows = label, columns = predicted)")
    print("  " + " " * 10 + "".join(f"{c:>10}" for c in CLASSES))
    for g in CLASSES:
        print(f"  {g:>10}" + "".join(f"{conf[(g, p)]:>10}" for p in CLASSES))  # type: ignore[index]
    for c, (p, r, f) in s["per_class"].items():  # type: ignore[attr-defined]
        print(f"  {c:>10}  precision {p:.2f}  recall {r:.2f}  F1 {f:.2f}")
    print(f"  accuracy {s['accuracy']:.3f}  macro-F1 {s['macro_f1']:.3f}  kappa {s['kappa']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--unit", help="only this unit")
    ap.add_argument("--show-errors", action="store_true", help="list every disagreement with its label note")
    args = ap.parse_args(argv)
    label_files = sorted(args.corpus.glob("*/*/labels.yaml")) + sorted(args.corpus.glob("*/labels.yaml"))
    if not label_files:
        print(f"no labels.yaml found under {args.corpus}", file=sys.stderr)
        return 2
    ours: list[tuple[str, str]] = []
    base: list[tuple[str, str]] = []
    m_ours: list[tuple[bool, bool]] = []
    m_base: list[tuple[bool, bool]] = []
    quotes = quotes_ok = pointed = pointed_hit = 0
    started = time.perf_counter()
    for lf in label_files:
        labels = yaml.safe_load(lf.read_text(encoding="utf-8"))
        unit = labels["unit"]
        if args.unit and unit != args.unit:
            continue
        try:
            ruleset = load_unit(unit)
        except EvidenceCheckError as err:
            print(f"skipping {lf.parent}: {err}", file=sys.stderr)
            continue
        files = [p for p in sorted(lf.parent.iterdir()) if p.name != "labels.yaml"]
        portfolio = load_portfolio(files)
        report = check_portfolio(portfolio, ruleset=ruleset)
        text_words = words(" ".join(d.text for d in portfolio.documents))
        notes = labels.get("notes", {})
        for c in report.criteria:
            gold = labels["criteria"][c.id]
            ours.append((gold, c.status))
            pointers = note_pointers(notes.get(c.id, ""))
            if gold in ("met", "at_risk") and pointers:
                hits = [any(points_at(e.quote, p) for p in pointers) for e in c.evidence]
                quotes += len(hits)
                quotes_ok += sum(hits)
                pointed += 1
                pointed_hit += any(hits)
            base.append((gold, baseline_criterion(c.text, text_words)))
            if args.show_errors and gold != c.status:
                print(f"[{lf.parent.name}] {c.id}: label {gold}, got {c.status}\n    note: {notes.get(c.id, '')}")
                for r in c.reasons:
                    print(f"    - {r[:220]}")
        for m in report.mistakes:
            gold_m = bool(labels["mistakes"][m.id])
            m_ours.append((gold_m, m.detected))
            ws = words(m.text)
            m_base.append((gold_m, len(ws & text_words) >= 0.5 * len(ws)))
            if args.show_errors and gold_m != m.detected:
                print(f"[{lf.parent.name}] mistake {m.id}: label {gold_m}, got {m.detected}\n    note: {notes.get(m.id, '')}")
                for r in m.reasons:
                    print(f"    - {r[:220]}")
    elapsed = time.perf_counter() - started
    s_ours, s_base = criteria_scores(ours), criteria_scores(base)
    print_criteria("evidencecheck", s_ours)
    print_criteria("keyword baseline", s_base)
    mo, mb = mistake_scores(m_ours), mistake_scores(m_base)
    print(f"\nmistakes (n={len(m_ours)}, detected in labels: {sum(g for g, _ in m_ours)})")
    print(f"  evidencecheck     precision {mo[0]:.2f}  recall {mo[1]:.2f}  F1 {mo[2]:.3f}")
    print(f"  keyword baseline  precision {mb[0]:.2f}  recall {mb[1]:.2f}  F1 {mb[2]:.3f}")
    if quotes or pointed:
        print("\nquotes (pointers: the passages label notes quote; a lower bound)")
        print(f"  support {quotes_ok / max(1, quotes):.3f} ({quotes_ok} of {quotes} quotes)"
              f"  pointer recall {pointed_hit / max(1, pointed):.3f} ({pointed_hit} of {pointed} criteria)")
    print("\nsummary                 evidencecheck  baseline  difference")
    for name, a, b in (("criteria macro-F1", s_ours["macro_f1"], s_base["macro_f1"]),
                       ("criteria kappa", s_ours["kappa"], s_base["kappa"]),
                       ("mistakes F1", mo[2], mb[2])):
        print(f"  {name:<22}{a:>13.3f}{b:>10.3f}{a - b:>+12.3f}")  # type: ignore[operator]
    print(f"\n{len(label_files)} portfolio(s) in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
