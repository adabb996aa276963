"""Train, package and evaluate evidencecheck's own English pipeline from UD English-EWT.

Usage (from the repository root, with the project's environment active)::

    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python training/train.py

Steps, each of which can be skipped when its output is already there:

1. ``convert``  -- the CoNLL-U files are converted with ``spacy convert --converter conllu
   --n-sents 10`` into ``training/.work/corpus/`` (not committed).
2. ``train``    -- ``spacy train training/config.cfg`` into ``training/.work/run/``; spaCy keeps the
   weights that scored best on the dev split (``model-best``). The test split is never used here.
3. ``package``  -- ``model-best`` gets its rule lemmatiser (spaCy's English tables from
   ``spacy-lookups-data``, plus exceptions for closed-class words counted on the *train* split, all
   serialised into the model), the attribution, the licence and the figures, and is written to
   ``src/evidencecheck/nlp/models/en_ud_ewt/``.
4. ``evaluate`` -- the packaged pipeline is scored on dev and test, on spaCy's own tokenisation of
   the raw text (as at run time, aligned to the gold words), on the gold words, and with one gold
   sentence per doc; the figures go into the model's ``meta.json`` and ``README.md``.

Options: ``--data DIR`` (the treebank), ``--work DIR``, ``--out DIR``, ``--config FILE`` (another
training config), ``--skip-train`` (package the
existing ``model-best``); any ``--section.key value`` pairs after ``--`` are
passed to ``spacy train`` as config overrides (e.g. ``-- --components.tok2vec.model.encode.width
128``).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.converters import conllu_to_docs

import evidencecheck.nlp.embed  # noqa: F401 - registers the cluster features the config names

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data/ud-english-ewt beside the checkout (or beside the folder of worktrees).
DEFAULT_DATA = next(
    (p / "shared" / "data" / "ud-english-ewt" for p in ROOT.parents
     if (p / "shared" / "data" / "ud-english-ewt").is_dir()),
    ROOT.parent / "shared" / "data" / "ud-english-ewt",
)
DEFAULT_WORK = ROOT / "training" / ".work"
DEFAULT_OUT = ROOT / "src" / "evidencecheck" / "nlp" / "models" / "en_ud_ewt"
CONFIG = ROOT / "training" / "config.cfg"
SPLITS = ("train", "dev", "test")

ATTRIBUTION = (
    "Universal Dependencies English Web Treebank (Silveira et al. 2014; "
    "UD_English-EWT contributors)"
)
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
SOURCE_URL = "https://github.com/UniversalDependencies/UD_English-EWT"
MODEL_VERSION = "1.0.0"
# The weights are plain thinc 8.3 arrays: any spaCy 3.8 release loads them.
SPACY_RANGE = ">=3.8.0,<3.9.0"

# Closed classes: spaCy's English rule tables cover noun, verb, adj and adv only, so "was"/AUX and
# "me"/PRON would keep their own form. Their lemmas are counted on the *train* split and set by an
# attribute_ruler (LOWER + POS -> LEMMA) that runs before the lemmatiser, as in spaCy's own
# English pipelines.
EXC_POS = ("AUX", "PRON", "DET", "PART", "ADP", "SCONJ", "CCONJ")
EXC_MIN_COUNT = 2
EXC_MIN_SHARE = 0.9

THREAD_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def log(msg: str) -> None:
    print(f"[train.py {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def conllu(data: Path, split: str) -> Path:
    return data / f"en_ewt-ud-{split}.conllu"


def corpus(work: Path, split: str) -> Path:
    return work / "corpus" / f"en_ewt-ud-{split}.spacy"


def convert(data: Path, work: Path) -> None:
    (work / "corpus").mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        if corpus(work, split).exists():
            continue
        log(f"converting {split}")
        subprocess.run(
            [sys.executable, "-m", "spacy", "convert", str(conllu(data, split)),
             str(work / "corpus"), "--converter", "conllu", "--n-sents", "10"],
            check=True,
        )


def train(work: Path, overrides: list[str], config: Path = CONFIG) -> float:
    run = work / "run"
    if run.exists():
        shutil.rmtree(run)
    env = {**os.environ, **THREAD_ENV}
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(run),
           "--paths.train", str(corpus(work, "train")), "--paths.dev", str(corpus(work, "dev")),
           "--code", str(ROOT / "training" / "fast_ops.py"), *overrides]
    log("training: " + " ".join(cmd[2:]))
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    minutes = (time.perf_counter() - started) / 60
    (work / "train-minutes.txt").write_text(f"{minutes:.1f}\n")
    return minutes


def lemma_exceptions(train_conllu: Path) -> dict[tuple[str, str], str]:
    """Closed-class lemmas counted on the train split: {(form_lower, UPOS): lemma}.

    A (form, UPOS) pair becomes an exception when it occurs at least ``EXC_MIN_COUNT`` times, one
    lemma has at least ``EXC_MIN_SHARE`` of its occurrences and that lemma is not the lower-cased
    form (which the rule lemmatiser gives anyway).
    """
    counts: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    with train_conllu.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if not cols[0].isdigit() or cols[3] not in EXC_POS:
                continue
            counts[(cols[1].lower(), cols[3])][cols[2]] += 1
    table: dict[tuple[str, str], str] = {}
    for (form, upos), lemmas in sorted(counts.items()):
        lemma, n = lemmas.most_common(1)[0]
        total = sum(lemmas.values())
        if total >= EXC_MIN_COUNT and n / total >= EXC_MIN_SHARE and lemma != form:
            table[(form, upos)] = lemma
    return table


def lemma_tables() -> Any:
    """spaCy's English rule tables, with an identity rule so known verbs and adjectives keep their form.

    The stock rules only strip suffixes, and a form no rule applies to is returned *as written*:
    sentence-initial "Thank" stays "Thank", and "need" (VBP, which UD marks with Number, so spaCy
    does not take it for a base form) becomes "nee" through the "-ed" rule. An identity rule
    ("", "") makes the lower-cased form a candidate when it is in the POS's index. For verbs it
    comes last, so a known base form wins over a suffix rule ("need" not "nee"); for adjectives it
    comes first, so a suffix rule still wins. Verbs also get rules for the British doubled -l.
    Adverbs have the identity rule already; nouns are left alone (their
    singular is a base form anyway, and an identity rule would keep "e-mails" whole). Exceptions
    (``lemma_exc``) keep priority over all rules.
    """
    from spacy.lookups import Lookups, load_lookups

    stock = load_lookups("en", ["lemma_rules", "lemma_exc", "lemma_index"])
    rules = stock.get_table("lemma_rules")
    new_rules: dict[str, list[list[str]]] = {}
    for pos in ("noun", "verb", "adj", "adv", "punct"):
        pos_rules = [list(r) for r in rules.get(pos, [])]
        if pos == "verb":
            # British doubled -l ("trialled", "travelling", "cancelled"): tried first so that
            # "trial" beats "trialle" when neither is in the index; "called" still finds "call".
            pos_rules = [["lled", "l"], ["lling", "l"]] + pos_rules + [["", ""]]
        elif pos == "adj":
            pos_rules = [["", ""]] + pos_rules
        new_rules[pos] = pos_rules
    lookups = Lookups()
    lookups.add_table("lemma_rules", new_rules)
    lookups.set_table("lemma_index", stock.get_table("lemma_index"))
    lookups.set_table("lemma_exc", stock.get_table("lemma_exc"))
    return lookups


def add_lemmatizer(nlp: Language, train_conllu: Path) -> int:
    """Add an attribute_ruler (whitespace tokens; closed-class lemmas) and the rule lemmatiser."""
    ruler = nlp.add_pipe("attribute_ruler")
    # The treebank has no whitespace tokens; spaCy's tokenizer makes them for runs of spaces and
    # newlines. Mark them as spaCy's own pipelines do, so nothing downstream takes them for words.
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE", "MORPH": ""})
    exceptions = lemma_exceptions(train_conllu)
    for (form, upos), lemma in exceptions.items():
        ruler.add([[{"LOWER": form, "POS": upos}]], {"LEMMA": lemma})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
    lemmatizer.initialize(lookups=lemma_tables())
    return len(exceptions)


def read_docs(nlp: Language, path: Path) -> list[Doc]:
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def examples(nlp: Language, gold: list[Doc], gold_tokens: bool) -> list[Example]:
    out = []
    for ref in gold:
        if gold_tokens:
            pred = Doc(nlp.vocab, words=[t.text for t in ref],
                       spaces=[bool(t.whitespace_) for t in ref])
        else:
            pred = nlp.make_doc(ref.text)
        out.append(Example(pred, ref))
    return out


FIGURES = ("token_acc", "tag_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las",
           "sents_f")


def score(nlp: Language, gold: list[Doc], gold_tokens: bool = False) -> dict[str, float]:
    scores = nlp.evaluate(examples(nlp, gold, gold_tokens))
    return {k: round(float(scores[k]), 4) for k in FIGURES if scores.get(k) is not None}


def dep_labels(nlp: Language) -> list[str]:
    return sorted(nlp.get_pipe("parser").labels)


def package(work: Path, data: Path, out: Path, train_minutes: float | None) -> Language:
    best = work / "run" / "model-best"
    nlp = spacy.load(best)
    n_exc = add_lemmatizer(nlp, conllu(data, "train"))
    log(f"lemmatiser added ({n_exc} closed-class exceptions from the train split)")
    readme = (data / "README.md").read_text(encoding="utf-8")
    m = re.search(r"commit\s+([0-9a-f]{7,40})\s*\(([^)]*)\)", readme)
    commit = f"{m.group(1)} ({m.group(2)})" if m else "unknown"
    meta: dict[str, Any] = dict(nlp.meta)
    meta.update(
        name="ud_ewt",
        version=MODEL_VERSION,
        spacy_version=SPACY_RANGE,
        description=(
            "evidencecheck's own small English pipeline: CNN tok2vec, PTB tagger, UPOS/feats "
            "morphologizer, rule lemmatiser driven by UPOS and features, labelled dependency "
            "parser (sentence boundaries from the parser). Trained on UD English-EWT."
        ),
        author="evidencecheck contributors",
        license=LICENCE,
        attribution=ATTRIBUTION,
        sources=[{
            "name": ATTRIBUTION,
            "url": SOURCE_URL,
            "license": LICENCE,
            "license_url": LICENCE_URL,
            "commit": commit,
        }],
        training_data_commit=commit,
        lemma_exceptions_from_train=n_exc,
    )
    if train_minutes is not None:
        meta["training_minutes_one_core"] = round(train_minutes, 1)
    nlp.meta.update(meta)
    log("evaluating on dev and test (spaCy tokens, gold tokens, one sentence per doc)")
    figures: dict[str, dict[str, float]] = {}
    for split in ("dev", "test"):
        docs = read_docs(nlp, corpus(work, split))
        # through a DocBin into the pipeline's vocab: the scorer reads the predicted features'
        # strings from the gold doc's vocab, and a combination the gold split lacks is not there
        one_sentence = list(DocBin(docs=conllu_to_docs(conllu(data, split).read_text(encoding="utf-8"),
                                                       n_sents=1, no_print=True)).get_docs(nlp.vocab))
        figures[split] = score(nlp, docs)
        figures[f"{split}_gold_tokens"] = score(nlp, docs, gold_tokens=True)
        figures[f"{split}_one_sentence_per_doc"] = score(nlp, one_sentence)
        for key in (split, f"{split}_gold_tokens", f"{split}_one_sentence_per_doc"):
            log(f"{key}: {figures[key]}")
    nlp.meta["performance"] = figures["test"]
    nlp.meta["evaluation"] = figures
    nlp.meta["dep_labels"] = dep_labels(nlp)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    forget_training_paths(out)
    shutil.copyfile(data / "LICENSE.txt", out / "LICENSE")
    write_readme(out, nlp.meta, figures)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"packaged to {out} ({size / 1e6:.2f} MB)")
    return nlp


def forget_training_paths(out: Path) -> None:
    """Drop this machine's corpus paths from the shipped config (they mean nothing elsewhere)."""
    from thinc.api import Config

    cfg = Config().from_disk(out / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    cfg.to_disk(out / "config.cfg", interpolate=False)


def _row(name: str, f: dict[str, float]) -> str:
    cells = " | ".join(f"{f.get(k, float('nan')):.4f}" for k in FIGURES)
    return f"| {name} | {cells} |"


def write_readme(out: Path, meta: dict[str, Any], figures: dict[str, dict[str, float]]) -> None:
    head = "| split | " + " | ".join(FIGURES) + " |"
    rule = "|" + " --- |" * (len(FIGURES) + 1)
    rows = "\n".join(_row(k, v) for k, v in figures.items())
    text = f"""# en_ud_ewt -- evidencecheck's English pipeline

Trained on the {meta['attribution']}, training data commit {meta['training_data_commit']}.
Licence: **{meta['license']}** (full text in `LICENSE` beside this file; {LICENCE_URL}).
This model is a derivative of that treebank and is shared under the same licence, with attribution:
"{meta['attribution']}". (The evidencecheck code is MIT; this directory is CC BY-SA 4.0.)

Pipeline: {", ".join(meta['pipeline'])} (spaCy {meta['spacy_version']}). No static vectors.
Reproduce with `python training/train.py` from the repository root (see `training/README.md`).

Figures (accuracy as a fraction). Plain rows: spaCy's tokenisation of the raw text of 10
sentences per doc, aligned to the gold words (as at run time; the parser finds the sentence
boundaries). "gold tokens": the treebank's words. "one sentence per doc": spaCy's tokens, one gold
sentence per doc, as when the matching engine hands the parser single sentences.

{head}
{rule}
{rows}

Dependency labels: {", ".join(meta['dep_labels'])}.
"""
    (out / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--config", type=Path, default=CONFIG, help="the training config")
    ap.add_argument("--skip-train", action="store_true", help="package the existing model-best")
    ap.add_argument("overrides", nargs="*", help="spacy train overrides, after --")
    args = ap.parse_args(argv)
    convert(args.data, args.work)
    minutes: float | None = None
    if not args.skip_train:
        minutes = train(args.work, args.overrides, args.config)
        log(f"training took {minutes:.1f} min")
    else:
        mfile = args.work / "train-minutes.txt"
        minutes = float(mfile.read_text()) if mfile.exists() else None
    package(args.work, args.data, args.out, minutes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
