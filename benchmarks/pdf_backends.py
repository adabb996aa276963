"""Compare the two PDF backends word by word and block by block, and time them: prints figures, asserts nothing.

Usage:
    python benchmarks/pdf_backends.py [PATH ...] [--repeat 3]

With no PATH it reads the fixtures' PDFs, the generated real-world test PDFs,
``../shared/corpus-dev`` and ``benchmarks/*-corpus``. For every PDF it prints:

- words: how many of pdfplumber's words pdfium's output holds (as a multiset),
  and the share of pdfplumber's word sequence pdfium keeps in the same order
  (longest matching blocks, difflib);
- blocks: how many of pdfplumber's blocks (kind and text) pdfium gives exactly;
- pages per second for each backend (best of ``--repeat`` in-process runs).

``--verdicts CORPUS`` instead checks every labelled portfolio of a corpus
(``<unit>/<learner>/labels.yaml``) four ways, pdfium and pdfplumber, each parsed
and from the parse cache, and prints any criterion or mistake verdict that differs.

pdfplumber is the reference only because it was the parser until now: where the
two differ, the printed first difference shows which one reads what a person sees.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from evidencecheck.errors import DocumentError
from evidencecheck.limits import Limits
from evidencecheck.model import Document
from evidencecheck.parsers import parse

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("pdfium", "pdfplumber")
_WORD = re.compile(r"\w[\w'’%.-]*\w|\w")


def _default_paths() -> list[Path]:
    paths = [ROOT / "fixtures", ROOT.parent.parent / "shared" / "corpus-dev", *sorted(ROOT.glob("benchmarks/*-corpus"))]
    shared = Path("/work/shared/corpus-dev")
    if shared.exists() and shared not in paths:
        paths.append(shared)
    return [p for p in paths if p.exists()]


def _generated() -> list[Path]:
    """The real-world cases the parser tests generate (forms, columns, hyphens, turned pages...)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from parsers import pdf_builders as build
    except ImportError:
        return []
    folder = Path(tempfile.mkdtemp(prefix="pdf-backends-"))
    cases = {
        "form": build.filled_form(), "no-spaces": build.words_without_spaces("here is text without spaces".split()),
        "columns": build.two_columns(interleaved=True), "hyphens": build.hyphenated(),
        "rotated": build.rotated_page(), "small-table": build.small_table_page(),
    }
    out = []
    for name, data in cases.items():
        path = folder / f"generated-{name}.pdf"
        path.write_bytes(data)
        out.append(path)
    return out


def _pdfs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.pdf") if p.is_file()))
        elif path.suffix.lower() == ".pdf":
            found.append(path)
    return list(dict.fromkeys(found))


def _words(doc: Document) -> list[str]:
    return [w.lower() for w in _WORD.findall(doc.text)]


def _read(path: Path, backend: str, repeat: int) -> tuple[Document | None, float, str]:
    best = float("inf")
    doc: Document | None = None
    error = ""
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            doc = parse(path, limits=Limits(pdf_backend=backend, cache=False))
        except DocumentError as err:
            error = err.code
        best = min(best, time.perf_counter() - started)
    return doc, best, error


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show-differences", action="store_true", help="print the first differing words of each file")
    ap.add_argument("--verdicts", type=Path, metavar="CORPUS", help="compare verdicts on a labelled corpus instead")
    args = ap.parse_args(argv)
    if args.verdicts:
        return _verdicts(args.verdicts)
    pdfs = _pdfs(args.paths or _default_paths()) + ([] if args.paths else _generated())
    if not pdfs:
        print("no PDFs found")
        return 1
    totals = {"words": 0, "kept": 0, "ordered": 0, "blocks": 0, "same_blocks": 0}
    pages = {b: 0 for b in BACKENDS}
    seconds = {b: 0.0 for b in BACKENDS}
    print(f"{'file':58} {'pages':>5} {'words':>6} {'kept':>6} {'order':>6} {'blocks':>7} "
          f"{'pdfium p/s':>10} {'plumber p/s':>11}")
    for path in pdfs:
        docs = {}
        for backend in BACKENDS:
            doc, took, error = _read(path, backend, args.repeat)
            docs[backend] = (doc, took, error)
        (fast, t_fast, e_fast), (ref, t_ref, e_ref) = docs["pdfium"], docs["pdfplumber"]
        label = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)[-58:]
        if fast is None or ref is None:
            print(f"{label:58} pdfium {e_fast or 'read'}, pdfplumber {e_ref or 'read'}")
            continue
        for backend, (doc, took, _) in docs.items():
            pages[backend] += doc.pages or 0
            seconds[backend] += took
        ref_words, fast_words = _words(ref), _words(fast)
        kept = sum((Counter(ref_words) & Counter(fast_words)).values())
        matcher = difflib.SequenceMatcher(None, ref_words[:20000], fast_words[:20000], autojunk=False)
        ordered = sum(block.size for block in matcher.get_matching_blocks())
        ref_blocks = Counter((b.kind, b.text) for b in ref.blocks)
        same = sum((ref_blocks & Counter((b.kind, b.text) for b in fast.blocks)).values())
        totals["words"] += len(ref_words)
        totals["kept"] += kept
        totals["ordered"] += ordered
        totals["blocks"] += len(ref.blocks)
        totals["same_blocks"] += same
        n = ref.pages or 0
        print(f"{label:58} {n:5} {len(ref_words):6} {_pct(kept, len(ref_words)):>6} "
              f"{_pct(ordered, len(ref_words)):>6} {_pct(same, len(ref.blocks)):>7} "
              f"{n / t_fast if t_fast else 0:10.1f} {n / t_ref if t_ref else 0:11.1f}")
        if args.show_differences and (kept < len(ref_words) or same < len(ref.blocks)):
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    print(f"    {tag}: pdfplumber {' '.join(ref_words[i1:i2][:12])!r} "
                          f"pdfium {' '.join(fast_words[j1:j2][:12])!r}")
                    break
    print()
    print(f"{len(pdfs)} PDFs, {pages['pdfplumber']} pages")
    print(f"  words kept by pdfium (of pdfplumber's):    {_pct(totals['kept'], totals['words'])}")
    print(f"  words in the same order:                    {_pct(totals['ordered'], totals['words'])}")
    print(f"  blocks identical (kind and text):           {_pct(totals['same_blocks'], totals['blocks'])}")
    for backend in BACKENDS:
        rate = pages[backend] / seconds[backend] if seconds[backend] else 0.0
        print(f"  {backend:11} {rate:8.1f} pages/s  ({seconds[backend]:.2f} s in all)")
    if seconds["pdfium"]:
        print(f"  pdfium is {seconds['pdfplumber'] / seconds['pdfium']:.1f}x faster")
    return 0


def _verdicts(corpus: Path) -> int:
    import os
    import shutil

    import yaml

    from evidencecheck.api import check_portfolio
    from evidencecheck.parsers.cache import CACHE_ENV
    from evidencecheck.portfolio import load_portfolio
    from evidencecheck.rules.registry import load_unit

    folder = Path(tempfile.mkdtemp(prefix="pdf-backends-cache-"))
    os.environ[CACHE_ENV] = str(folder / "parsed")  # never the user's own cache
    ways = [(b, c) for b in BACKENDS for c in (False, True, True)]  # uncached, then a miss, then a hit
    learners = differ = verdicts = 0
    try:
        for labels_file in sorted(corpus.rglob("labels.yaml")):
            unit = yaml.safe_load(labels_file.read_text(encoding="utf-8"))["unit"]
            ruleset = load_unit(unit)
            files = [p for p in sorted(labels_file.parent.iterdir()) if p.name != "labels.yaml"]
            seen: dict[str, tuple[str, ...]] = {}
            for backend, cache in ways:
                portfolio = load_portfolio(files, limits=Limits(pdf_backend=backend, cache=cache))
                report = check_portfolio(portfolio, ruleset=ruleset)
                outcome = tuple(f"{c.id}={c.status}" for c in report.criteria)
                outcome += tuple(f"{m.id}={m.detected}" for m in report.mistakes)
                seen[f"{backend}{' cached' if cache else ''}"] = outcome
            learners += 1
            first = next(iter(seen.values()))
            verdicts += len(first)
            for way, outcome in seen.items():
                for a, b in zip(first, outcome):
                    if a != b:
                        differ += 1
                        print(f"{labels_file.parent.relative_to(corpus)}: pdfium {a}, {way} {b}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{learners} portfolios, {verdicts} verdicts each way (pdfium and pdfplumber, parsed and cached): "
          f"{differ} differ")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
