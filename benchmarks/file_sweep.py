"""Sweep a folder of real Word, PDF and text files: outcomes, fidelity and speed. Prints figures, asserts nothing.

Usage:
    python benchmarks/file_sweep.py FOLDER [--pdf-backend pdfium] [--timeout 30] [--limit N] [--list CODE]

Every file is read as ``evidencecheck extract`` reads it (the isolating worker,
its time and memory limits, no parse cache), so the sweep shows what a learner
would get. It prints:

- outcomes: files read, and refused by numbered code, per format; warnings by code;
- fidelity: for PDFs, how many of the words pypdfium2's plain text holds are in
  what was read (and how many read words pypdfium2 does not have); for Word files
  the same against ``pandoc -t plain`` when pandoc is installed (it is not needed
  otherwise, and never at run time);
- speed: files and pages per second, and the slowest files.

``--list E205`` prints the files that got that code, to look at them one by one.
Nothing is ever written to the swept folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from evidencecheck.errors import DocumentError
from evidencecheck.limits import Limits
from evidencecheck.model import Document
from evidencecheck.parsers.isolation import IsolatedParser
from evidencecheck.portfolio import _load_one, skip_reason

_WORD = re.compile(r"\w[\w'’%.-]*\w|\w")
_FORMATS = {".pdf": "PDF", ".docx": "Word", ".dotx": "Word", ".docm": "Word", ".dotm": "Word",
            ".txt": "text", ".md": "text"}


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def _pdfium_text(path: Path) -> str | None:
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            parts = []
            for page in pdf:
                textpage = page.get_textpage()
                parts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return "\n".join(parts).replace("\ufffe", "-")
        finally:
            pdf.close()
    except Exception:
        return None


def _pandoc_text(path: Path) -> str | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None or path.suffix.lower() != ".docx":
        return None
    try:
        done = subprocess.run([pandoc, "-t", "plain", "--wrap=none", str(path)], capture_output=True, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default="pdfium")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--limit", type=int, default=0, help="read at most N files")
    ap.add_argument("--list", metavar="CODE", help="print the files that got this code")
    ap.add_argument("--no-fidelity", action="store_true", help="skip the comparison with pypdfium2 and pandoc")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.folder.rglob("*") if p.is_file() and p.suffix.lower() in _FORMATS
                   and not skip_reason(p.name))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print("no .pdf, .docx, .dotx, .docm, .dotm, .txt or .md files found")
        return 1
    limits = Limits(timeout=args.timeout, pdf_backend=args.pdf_backend, cache=False)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    warnings: Counter[str] = Counter()
    listed: list[str] = []
    times: list[tuple[float, str]] = []
    pages = 0
    fidelity: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # ref words, found, read words, extra
    started = time.perf_counter()
    with IsolatedParser() as worker:
        for n, path in enumerate(files, start=1):
            name = str(path.relative_to(args.folder))
            kind = _FORMATS[path.suffix.lower()]
            t0 = time.perf_counter()
            doc: Document | None = None
            try:
                doc = worker.run("evidencecheck.portfolio:_load_one", path, name, limits, None, limits=limits,
                                 name=name)
                code = "read"
            except DocumentError as err:
                code = err.code
            times.append((time.perf_counter() - t0, name))
            outcomes[kind][code] += 1
            if doc is not None:
                pages += doc.pages or 0
                for warning in doc.warnings:
                    warnings[warning.split(" ", 1)[0]] += 1
                    if args.list and warning.startswith(args.list):
                        listed.append(f"{name}: {warning}")
                if not args.no_fidelity:
                    reference = _pdfium_text(path) if kind == "PDF" else _pandoc_text(path) if kind == "Word" else None
                    if reference is not None:
                        ref, got = _words(reference), _words(doc.text)
                        row = fidelity["PDF vs pypdfium2" if kind == "PDF" else "Word vs pandoc"]
                        row[0] += sum(ref.values())
                        row[1] += sum((ref & got).values())
                        row[2] += sum(got.values())
                        row[3] += sum((got - ref).values())
            elif args.list and code == args.list:
                listed.append(name)
            if n % 100 == 0:
                print(f"... {n} of {len(files)} files", file=sys.stderr)
    elapsed = time.perf_counter() - started
    _ = _load_one  # the worker imports it by name; imported here so a rename breaks this script loudly

    print(f"{len(files)} files in {args.folder} (PDF backend {args.pdf_backend}, timeout {args.timeout:g} s)\n")
    print("outcomes")
    for kind in sorted(outcomes):
        total = sum(outcomes[kind].values())
        refused = {c: k for c, k in outcomes[kind].items() if c != "read"}
        detail = ", ".join(f"{c} {k}" for c, k in sorted(refused.items(), key=lambda i: -i[1])) or "none"
        print(f"  {kind:5} {total:6} files  read {outcomes[kind]['read']:6}  refused {sum(refused.values()):5} ({detail})")
    print("warnings: " + (", ".join(f"{c} {k}" for c, k in sorted(warnings.items())) or "none"))
    if fidelity:
        print("\nfidelity (words of the reference found in what was read; words read that it lacks)")
        for label, (ref, found, got, extra) in sorted(fidelity.items()):
            print(f"  {label:18} recall {100 * found / max(ref, 1):5.1f}%   extra {100 * extra / max(got, 1):5.1f}%"
                  f"   ({ref} reference words)")
    elif not args.no_fidelity:
        print("\nfidelity: no reference (pypdfium2 reads PDFs; install pandoc to compare Word files)")
    reading = sum(t for t, _ in times)  # the comparisons with pypdfium2 and pandoc are not counted
    print("\nspeed (reading only)")
    print(f"  {len(files) / reading:.1f} files/s, {pages / reading:.1f} PDF pages/s, {reading:.1f} s "
          f"({elapsed:.1f} s with the comparisons)")
    per_file = [t for t, _ in times]
    print(f"  median {1000 * statistics.median(per_file):.0f} ms a file; slowest:")
    for took, name in sorted(times, reverse=True)[:5]:
        print(f"    {took:6.2f} s  {name}")
    if args.list:
        print(f"\nfiles with {args.list}:")
        for line in listed:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
