"""Accuracy and speed of the shipped English pipeline on the UD English-EWT test split.

Usage:
    python benchmarks/parser_accuracy.py [--data ../shared/data/ud-english-ewt] [--split test]
                                         [--repeat 5]

Prints, for the pipeline that ``evidencecheck.nlp.models.load_default()`` loads:

- XPOS (PTB tag) accuracy, UPOS accuracy, UD feature accuracy, lemma accuracy, UAS, LAS and
  sentence-boundary F on the split, twice: on spaCy's tokenisation of the raw text (aligned to the
  gold words; this is how the model runs in evidencecheck) and on the treebank's gold words;
  A third column scores one gold sentence per doc (spaCy tokens): what the parser does when it
  is handed single sentences, as the matching engine does, with no parse crossing a sentence end;
- words/s of ``nlp.pipe`` over the split's sentence texts, the median of ``--repeat`` runs, by CPU
  time and by wall-clock time, for the full pipeline and with the parser disabled (tagger,
  morphologizer, attribute_ruler and lemmatiser), with the tokenizer alone for scale.

Set ``OMP_NUM_THREADS=1`` (and MKL/OPENBLAS likewise) to measure one core. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.training.converters import conllu_to_docs

from evidencecheck.nlp.models import load_default, model_meta, model_path

REPO = Path(__file__).resolve().parent.parent
# ../shared/data/ud-english-ewt beside the checkout (or beside the folder of worktrees).
DEFAULT_DATA = next(
    (p / "shared" / "data" / "ud-english-ewt" for p in REPO.parents
     if (p / "shared" / "data" / "ud-english-ewt").is_dir()),
    REPO.parent / "shared" / "data" / "ud-english-ewt",
)
FIGURES = [
    ("tag_acc", "XPOS (tag_)"),
    ("pos_acc", "UPOS (pos_)"),
    ("morph_acc", "UD feats (morph)"),
    ("lemma_acc", "lemma"),
    ("dep_uas", "UAS"),
    ("dep_las", "LAS"),
    ("sents_f", "sentence F"),
    ("token_acc", "token alignment"),
]


def read_split(path: Path) -> tuple[list[Doc], list[Doc], list[str]]:
    """Gold docs of 10 sentences (as in training), of one sentence, and the sentence texts."""
    text = path.read_text(encoding="utf-8")
    docs = list(conllu_to_docs(text, n_sents=10, no_print=True))
    one = list(conllu_to_docs(text, n_sents=1, no_print=True))
    sentences = [ln[len("# text = "):] for ln in text.splitlines() if ln.startswith("# text = ")]
    return docs, one, sentences


def accuracy(nlp: Language, gold: Sequence[Doc], gold_tokens: bool) -> dict[str, float]:
    examples = []
    for ref in gold:
        if gold_tokens:
            pred = Doc(nlp.vocab, words=[t.text for t in ref],
                       spaces=[bool(t.whitespace_) for t in ref])
        else:
            pred = nlp.make_doc(ref.text)
        examples.append(Example(pred, ref))
    scores = nlp.evaluate(examples)
    return {k: float(scores[k]) for k, _ in FIGURES if scores.get(k) is not None}


def words_per_second(run: Callable[[], int], repeat: int) -> tuple[float, float]:
    """Median words/s of ``repeat`` runs, by this process's CPU time and by wall-clock time.

    On a shared machine the wall-clock figure depends on the other work; the CPU-time one is what
    one core does (with the thread variables set to 1, the process uses one core).
    """
    cpu, wall = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        n_words = run()
        cpu.append(n_words / (time.process_time() - started_cpu))
        wall.append(n_words / (time.perf_counter() - started))
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    started = time.perf_counter()
    nlp = load_default()
    load_s = time.perf_counter() - started
    meta = model_meta()
    size = sum(p.stat().st_size for p in model_path().rglob("*") if p.is_file())
    print(f"model: {meta['lang']}_{meta['name']} {meta['version']} at {model_path()}")
    print(f"  pipeline: {', '.join(nlp.pipe_names)}; {size / 1e6:.1f} MB on disk; "
          f"loads in {load_s:.2f} s")

    gold, gold_sents, sentences = read_split(args.data / f"en_ewt-ud-{args.split}.conllu")
    n_gold = sum(len(d) for d in gold)
    print(f"EWT {args.split}: {len(sentences)} sentences, {n_gold} gold words")

    columns = {
        "spaCy tokens": accuracy(nlp, gold, gold_tokens=False),
        "gold tokens": accuracy(nlp, gold, gold_tokens=True),
        "one sentence/doc": accuracy(nlp, gold_sents, gold_tokens=False),
    }
    print("\naccuracy (spaCy tokens: raw text of 10 sentences per doc, tokenised by spaCy and")
    print("aligned, as at run time; gold tokens: the treebank's words; one sentence/doc: spaCy")
    print("tokens, one gold sentence per doc, so no parse crosses a gold sentence boundary)")
    print(f"{'':<20}" + "".join(f"{name:>18}" for name in columns))
    for key, label in FIGURES:
        print(f"{label:<20}" + "".join(
            f"{col.get(key, float('nan')):>18.4f}" for col in columns.values()))

    def full() -> int:
        return sum(len(doc) for doc in nlp.pipe(sentences, batch_size=256))

    def no_parser() -> int:
        with nlp.select_pipes(disable=["parser"]):
            return sum(len(doc) for doc in nlp.pipe(sentences, batch_size=256))

    def tokenizer() -> int:
        return sum(len(nlp.make_doc(s)) for s in sentences)

    full()  # warm up caches
    print(f"\nspeed: nlp.pipe over the {len(sentences)} sentence texts, "
          f"median of {args.repeat} runs")
    print(f"  {'':<18}{'words/CPU-s':>12}{'words/wall-s':>14}")
    for label, run in (("full pipeline", full), ("parser disabled", no_parser),
                       ("tokenizer only", tokenizer)):
        cpu, wall = words_per_second(run, args.repeat)
        print(f"  {label:<18}{cpu:>12,.0f}{wall:>14,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
