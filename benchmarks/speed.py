"""Speed of evidencecheck at portfolio and cohort scale: prints figures, asserts nothing.

Usage:
    python benchmarks/speed.py [--quick] [--repeat N] [--learners N] [--keep DIR]
    python benchmarks/speed.py --corpus ../shared/corpus-dev   # the older per-corpus figures

It generates portfolios (Word files and PDFs of 5 to 200 pages, invented text, a fixed
random seed) and prints medians of repeated runs, each comparison as a ratio measured in
this same run, so a busy machine slows both sides alike:

- a cold ``check`` of a 30-page portfolio (six .docx and a 30-page PDF) in a fresh process,
  with the default pipeline (the parser on), against ``import spacy; spacy.blank('en')``;
- a cached re-check of the unchanged portfolio (its report kept), a re-check after one of its
  files was edited (the others read, tagged and parsed from the cache), against the first check,
  whole process; reading and tagging alone, from the cache and afresh;
- pages per second for each PDF backend (5-, 30- and 200-page PDFs);
- words per second for the NLP stage with the parser, without it, and with ``blank:en``;
- matching and assessing with the unit's rules and with ten copies of them;
- a cohort (200 learners; ``--quick`` 12): portfolios per second with ``batch --jobs 1``,
  ``--jobs 2`` and ``--executor dask`` (a local cluster of 2 processes, when Dask is installed),
  against the floor (pdfium's text and spaCy's tokenizer alone), and the peak memory of the
  largest process of each run (a worker's, or the main process's with ``--jobs 1``).

``--quick`` finishes in under 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = "lead-team-improve-service"
WORDS_PER_PAGE = 520

_NAMES = ["Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hassan", "Imogen", "Jack"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]
_SENTENCES = [
    "In {month} I coached {name} on call handling and we agreed two actions with a review date of {day} {month}.",
    "I set the team a CSAT target of {pct}% for the quarter and shared it at the Monday huddle.",
    "{name} was struggling with complaint calls, so I sat with her for an hour and talked through the new script.",
    "Our average handling time fell from {m}:{s:02d} to {m2}:{s:02d} after I changed the rota so that cover was even.",
    "I allocated the escalation queue to {name} because she had completed the complaint handling training.",
    "At the performance review I compared {name}'s quality score of {pct}% with the team average of {pct2}%.",
    "The team told me that the hold music annoyed customers, so I raised it with the operations manager.",
    "We trialled a callback option for two weeks and repeat contacts dropped by {small}%.",
    "I thanked {name} in front of the team and nominated her for the monthly service award.",
    "Each week I check the wallboard figures and discuss them with the team at the start of the shift.",
    "The customer charter sets out our service standards, and I explained to the team why each one matters.",
    "I wrote an action plan with {name} with three SMART objectives and we both signed it on {day} {month}.",
    "Team members gave feedback in a short survey and I analysed the themes to find the root cause.",
    "I introduced a buddy system so that each new starter sits with an experienced advisor for a week.",
    "First contact resolution rose from {pct2}% to {pct}% over the following two months.",
    "Signed: {name} (team leader), witness statement dated {day} {month} 2024.",
]


def sentence(rng: random.Random) -> str:
    """One invented portfolio sentence."""
    return rng.choice(_SENTENCES).format(
        name=rng.choice(_NAMES), month=rng.choice(_MONTHS), day=rng.randint(1, 28), pct=rng.randint(70, 95),
        pct2=rng.randint(50, 69), m=rng.randint(6, 9), m2=rng.randint(4, 5), s=rng.randint(0, 59),
        small=rng.randint(5, 30))


def paragraphs(rng: random.Random, words: int) -> list[str]:
    """Paragraphs of 3 to 6 sentences, about ``words`` words in all."""
    out: list[str] = []
    count = 0
    while count < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        out.append(para)
        count += len(para.split())
    return out


def write_docx(path: Path, rng: random.Random, pages: int) -> None:
    import docx

    document = docx.Document()
    document.add_heading(f"Reflective account {path.stem}", level=1)
    for n, para in enumerate(paragraphs(rng, pages * WORDS_PER_PAGE)):
        if n % 6 == 5:
            document.add_heading(sentence(rng)[:40], level=2)
        document.add_paragraph(para)
    document.save(str(path))


def write_pdf(path: Path, rng: random.Random, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for page in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, height - 60, f"Coaching record, page {page + 1}")
        c.setFont("Helvetica", 10)
        y = height - 90
        for para in paragraphs(rng, WORDS_PER_PAGE):
            line = ""
            for word in para.split():
                if len(line) + len(word) > 95:
                    c.drawString(60, y, line)
                    y -= 13
                    line = ""
                line = f"{line} {word}".strip()
            c.drawString(60, y, line)
            y -= 20
            if y < 80:
                break
        c.showPage()
    c.save()


def make_portfolio(folder: Path, rng: random.Random, *, pdf_pages: int, docx_files: int, docx_pages: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(docx_files):
        write_docx(folder / f"account-{n + 1}.docx", rng, docx_pages)
    if pdf_pages:
        write_pdf(folder / "records.pdf", rng, pdf_pages)


def make_cohort(root: Path, learners: int, rng: random.Random) -> int:
    """A cohort of small mixed portfolios (1-3 Word files of 1-2 pages, a PDF of 5 pages for most)."""
    files = 0
    for n in range(learners):
        docx_files = rng.randint(1, 3)
        pdf = 5 if rng.random() < 0.7 else 0
        make_portfolio(root / f"learner-{n:03d}", rng, pdf_pages=pdf, docx_files=docx_files,
                       docx_pages=rng.randint(1, 2))
        files += docx_files + (1 if pdf else 0)
    return files


# --- measuring ------------------------------------------------------------------------

def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_times(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Medians of ``first`` and ``second`` timed in turn, and the median of their per-pair ratios
    (second / first): run one after the other, a machine that slows down or speeds up during the
    run (another job, a CPU's clock) would move one figure and not the other."""
    a, b = [], []
    for _ in range(repeat):
        a.append(median_time(first, 1))
        b.append(median_time(second, 1))
    return statistics.median(a), statistics.median(b), statistics.median(y / x for x, y in zip(a, b, strict=True))


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def peak_child_mb() -> float:
    """The largest resident set of any process this one has waited for so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed_peak(command: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median seconds of ``command`` and the peak memory of its largest process, run in a helper
    process so that earlier runs' peaks do not count."""
    helper = (
        "import resource,subprocess,sys,time,json;"
        "c=json.loads(sys.argv[1]);t=time.perf_counter();"
        "subprocess.run(c,check=True,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)"
    )
    import json

    results = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", helper, json.dumps(command)], check=True,
                             capture_output=True, text=True, env=env).stdout.split()
        results.append((float(out[0]), float(out[1])))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def floor_seconds(folders: list[Path]) -> float:
    """pdfium's text and spaCy's tokenizer alone over every file: no layout, no pipeline, no rules."""
    import docx
    import pypdfium2 as pdfium
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    started = time.perf_counter()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix == ".pdf":
                pdf = pdfium.PdfDocument(str(path))
                text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
                pdf.close()
            else:
                text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            tokenizer(text)
    return time.perf_counter() - started


def ten_copies(ruleset_path: Path, out: Path) -> Path:
    """The unit's rule file with its criteria and mistakes copied ten times (new ids, same clues)."""
    import yaml

    data = yaml.safe_load(ruleset_path.read_text(encoding="utf-8"))
    data.pop("tests", None)
    for key in ("criteria", "mistakes"):
        items = data.get(key) or []
        data[key] = [dict(copy.deepcopy(item), id=item["id"] if k == 0 else f"{item['id']}-copy{k}")
                     for k in range(10) for item in items]
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(ruleset_path.parent / "_shared.yaml", out / "_shared.yaml")
    target = out / ruleset_path.name
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a 24-learner cohort (under 3 minutes)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure (default 5; --quick 3)")
    ap.add_argument("--learners", type=int, default=None, help="cohort size (default 200; --quick 24)")
    ap.add_argument("--keep", type=Path, help="generate the portfolios here and keep them (not in the system's "
                                              "temporary folder, whose files the parse cache never keeps)")
    ap.add_argument("--corpus", type=Path, help="print the older per-corpus figures (benchmarks/speed_corpus.py)")
    args, rest = ap.parse_known_args()
    if args.keep and args.keep.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve()):
        ap.error(f"--keep {args.keep}: files under the system's temporary folder never enter the parse cache, "
                 "so the cached figures would read as no faster; choose a folder outside it")
    if args.corpus:
        sys.argv = [str(ROOT / "benchmarks" / "speed_corpus.py"), "--corpus", str(args.corpus), *rest]
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import speed_corpus

        return int(speed_corpus.main())
    repeat = args.repeat or (2 if args.quick else 5)
    learners = args.learners or (12 if args.quick else 200)
    began = time.perf_counter()
    # not in the system's temporary folder: files there never enter the parse cache
    scratch = ROOT / "benchmarks" / ".work"
    scratch.mkdir(exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="speed-", dir=scratch))
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}  # a private parse cache, emptied below
    os.environ["XDG_CACHE_HOME"] = str(cache)
    rng = random.Random(20260518)
    exe = shutil.which("evidencecheck") or "evidencecheck"
    print(f"evidencecheck speed ({'quick' if args.quick else 'full'}): {repeat} runs per figure, medians; "
          f"{os.cpu_count()} CPUs; work folder {work}")

    # --- portfolios -------------------------------------------------------------------
    thirty = work / "thirty-pages"
    if not thirty.exists():
        make_portfolio(thirty, rng, pdf_pages=30, docx_files=6, docx_pages=1)
    pdfs = {}
    for pages in (5, 30, 200):
        path = work / "pdfs" / f"{pages}-pages.pdf"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_pdf(path, rng, pages)
        pdfs[pages] = path
    cohort = work / f"cohort-{learners}"
    if not cohort.exists():
        files = make_cohort(cohort, learners, rng)
    else:
        files = sum(1 for _ in cohort.rglob("*.*"))
    from evidencecheck.parsers import parse

    words = sum(len(b.text.split()) for p in sorted(thirty.iterdir()) for b in parse(p).blocks)
    print(f"generated in {time.perf_counter() - began:.0f} s: a 30-page portfolio (six .docx and a 30-page "
          f"PDF, {words:,} words), PDFs of 5, 30 and 200 pages, a cohort of {learners} learners ({files} files)")

    # --- cold check against spaCy's own start -------------------------------------------
    check = [exe, "check", str(thirty), "--unit", UNIT, "--format", "json", "--exit-zero", "--quiet"]
    blank, cold, cold_ratio = paired_times(lambda: run([sys.executable, "-c", "import spacy; spacy.blank('en')"]),
                                           lambda: run([*check, "--no-cache"], env), repeat)
    print(f"\ncold check, 30-page portfolio (parser on)  {cold:7.2f} s")
    print(f"import spacy; spacy.blank('en')            {blank:7.2f} s")
    print(f"  ratio cold check / blank spaCy            {cold_ratio:7.2f}   (target <= 2.0; median of paired runs)")

    # --- the parse cache ------------------------------------------------------------------
    shutil.rmtree(cache, ignore_errors=True)
    run(check, env)  # fill the cache
    cached = median_time(lambda: run(check, env), repeat)
    print(f"cached re-check, whole process             {cached:7.2f} s   first check / re-check "
          f"{cold / cached:5.2f}x   (target >= 10x; the report kept for unchanged evidence)")
    # a learner's usual re-check: one of the seven files edited since the last check
    edited = work / "thirty-pages-edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(thirty, edited)
    edit_rng = random.Random(7)
    check_edited = [exe, "check", str(edited), *check[3:]]
    run(check_edited, env)

    edit_times = []
    for _ in range(repeat):
        write_docx(edited / "account-1.docx", edit_rng, 1)  # new words each time
        began_edit = time.perf_counter()
        run(check_edited, env)
        edit_times.append(time.perf_counter() - began_edit)
    after_edit = statistics.median(edit_times)
    print(f"re-check after editing one .docx of seven  {after_edit:7.2f} s   first check / re-check "
          f"{cold / after_edit:5.2f}x   (the other files' reading, tagging and parse from the cache)")
    from evidencecheck.limits import Limits
    from evidencecheck.parsers.isolation import close_shared_parser
    from evidencecheck.portfolio import load_portfolio

    load_portfolio([thirty], limits=Limits(cache=False))  # start the parse worker
    miss = median_time(lambda: load_portfolio([thirty], limits=Limits(cache=False)), repeat)
    load_portfolio([thirty])
    hit = median_time(lambda: load_portfolio([thirty]), repeat)
    print(f"reading it: first {miss:.3f} s, from the cache {hit:.3f} s      first / cached          "
          f"{miss / hit:5.1f}x   (target >= 10x)")
    from evidencecheck.nlp.normalise import process_documents as annotate
    from evidencecheck.nlp.pipeline import get_nlp as pipeline
    from evidencecheck.parsers.cache import default_cache

    shipped, store, read = pipeline(), default_cache(), list(load_portfolio([thirty]).documents)
    annotate(shipped, read[:1])  # the pipeline's first call pays for more than the words
    fresh = median_time(lambda: annotate(shipped, read), repeat)
    annotate(shipped, read, store)
    kept = median_time(lambda: annotate(shipped, read, store), repeat)
    print(f"tagging and parsing it: first {fresh:.3f} s, from the cache {kept:.3f} s   first / cached      "
          f"{fresh / kept:7.1f}x")

    # --- PDF backends ---------------------------------------------------------------------
    print()
    for backend in ("pdfium", "pdfplumber"):
        cells = []
        for pages, path in pdfs.items():
            if backend == "pdfplumber" and pages == 200 and args.quick:
                continue
            limits = Limits(pdf_backend=backend, cache=False, max_pages=1000, timeout=600)
            seconds = median_time(lambda p=path, lim=limits: parse(p, limits=lim), 1 if pages == 200 else repeat)
            cells.append(f"{pages} pages {pages_of(path) / seconds:6.0f}")
        print(f"pages/s, {backend:10}                      " + ", ".join(cells))

    # --- the NLP stage ----------------------------------------------------------------------
    from evidencecheck.assess import assess
    from evidencecheck.nlp import match as matching
    from evidencecheck.nlp.compile import compile_ruleset
    from evidencecheck.nlp.names import BLANK_MODEL, SHIPPED_MODEL
    from evidencecheck.nlp.normalise import process_documents
    from evidencecheck.nlp.pipeline import get_nlp
    from evidencecheck.rules.loader import load_ruleset_file
    from evidencecheck.rules.registry import load_unit

    portfolio = load_portfolio([thirty])
    documents = list(portfolio.documents)
    print()
    for label, model, disable in (("with the parser", SHIPPED_MODEL, ()), ("without the parser", SHIPPED_MODEL,
                                  ("parser", "evidencecheck_line_breaks")), ("blank:en", BLANK_MODEL, ())):
        nlp = get_nlp(model)
        process_documents(nlp, documents[:1])
        with nlp.select_pipes(disable=list(disable)):
            seconds = median_time(lambda n=nlp: process_documents(n, documents), 1 if args.quick else repeat)
        print(f"NLP words/s, {label:19}          {words / seconds:9,.0f}")

    # --- matching and assessing with ten times the rules ------------------------------------
    nlp = get_nlp(SHIPPED_MODEL)
    processed = process_documents(nlp, documents)
    one = load_unit(UNIT)
    ten = load_ruleset_file(ten_copies(ROOT / "rules" / f"{UNIT}.yaml", work / "rules-x10"))
    real_process = matching.process_documents
    matching.process_documents = lambda _nlp, _docs, _cache=None: processed  # the same processed docs each run

    def match_and_assess(ruleset: object) -> None:
        for pdoc in processed:
            for block in pdoc.blocks:
                block.doc.user_data.clear()  # no signal or context cached from the run before
        assess(ruleset, matching.match_portfolio(ruleset, portfolio, nlp=nlp), portfolio)  # type: ignore[arg-type]

    try:
        for rs in (one, ten):
            compile_ruleset(rs, nlp)
            match_and_assess(rs)  # not timed: fills what every later run finds ready (as in a batch)
        t1, t10, ten_ratio = paired_times(lambda: match_and_assess(one), lambda: match_and_assess(ten), repeat)
    finally:
        matching.process_documents = real_process
    print(f"\nmatch+assess, unit's rules ({len(one.criteria)} criteria)      {t1:7.3f} s")
    print(f"match+assess, ten copies ({len(ten.criteria)} criteria)       {t10:7.3f} s   ratio {ten_ratio:5.2f}x "
          "(target <= 1.3x; median of paired runs)")
    close_shared_parser()

    # --- the cohort -------------------------------------------------------------------------
    folders = sorted(p for p in cohort.iterdir() if p.is_dir())
    floor_s = statistics.median(floor_seconds(folders) for _ in range(max(1, repeat // 2)))
    print(f"\ncohort of {learners} learners ({files} files)")
    print(f"floor: pdfium text + spaCy tokenizer       {floor_s:7.2f} s   {learners / floor_s:7.1f} portfolios/s")
    runs = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])]
    try:
        import distributed  # noqa: F401

        runs.append(("--executor dask (2)", ["--executor", "dask", "--jobs", "2"]))
    except ImportError:
        print("  (Dask is not installed: pip install 'evidencecheck[dask]' for its figure)")
    cohort_repeat = 1 if args.quick or learners > 50 else max(1, repeat // 2)
    base = None
    for label, extra in runs:
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        command = [exe, "batch", str(cohort), "--unit", UNIT, "--out", str(out), "--quiet", "--exit-zero",
                   "--no-cache", *extra]
        seconds, peak = timed_peak(command, cohort_repeat, env)
        base = base or seconds
        print(f"batch {label:20}               {seconds:7.2f} s   {learners / seconds:7.1f} portfolios/s   "
              f"x{seconds / floor_s:5.1f} the floor   speed-up {base / seconds:4.2f}   "
              f"largest process {peak:5.0f} MB")
    print(f"\n(total {time.perf_counter() - began:.0f} s)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
