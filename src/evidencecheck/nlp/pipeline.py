"""The spaCy pipeline: built once per process from installed packages only.

The default pipeline is ``spacy.blank("en")`` with a sentencizer and a small
``evidencecheck_norm`` component that writes a matching key to ``token.norm_``:
the lower-cased lookup lemma, applied until it stops changing (the lookup
table is case-sensitive and some entries are not fixed points), with UK
spellings and a few table quirks corrected. Phrase lists are matched on that
key, so "Coached", "coaching" and "coaches" all match "coach", and
"organize" matches "organise".

A user's trained pipeline (``--model en_core_web_sm``) may be used instead when
installed; the same norm component is added to it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Table
from spacy.tokens import Doc

from ..errors import ModelError
from .names import BLANK_MODEL, DEFAULT_MODEL, SHIPPED_MODEL, canonical_model
from .ops import use_fast_ops
from .spelling import MIN_LENGTH, Speller

__all__ = ["BLANK_MODEL", "DEFAULT_MODEL", "SHIPPED_MODEL", "check_model", "get_nlp", "norm_phrases"]

# Entries of the lookup table that would make matching surprising.
_LEMMA_OVERRIDES = {
    "as": "as", "does": "do", "number": "number", "numbers": "number", "data": "data",
    "criteria": "criterion", "first": "first", "meeting": "meeting", "meetings": "meeting",
    "briefing": "briefing", "briefings": "briefing", "training": "training", "left": "left",
    "minutes": "minutes", "rota": "rota", "rotas": "rota", "rotae": "rota", "sales": "sales",
    "was": "be", "were": "be", "is": "be", "are": "be", "'s": "'s", "us": "us", "media": "media",
    "figures": "figure", "saw": "see", "better": "better", "best": "best", "lead": "lead",
    "led": "lead", "leading": "lead", "n't": "not", "nt": "not", "wo": "will", "ca": "can",
}
# US -> UK spellings seen in portfolios; suffix rules below handle -ize/-yze.
_US_UK = {
    "behavior": "behaviour", "behaviors": "behaviour", "center": "centre", "centers": "centre",
    "color": "colour", "favor": "favour", "honor": "honour", "labor": "labour",
    "program": "programme", "programs": "programme", "license": "licence", "practice": "practise",
    "catalog": "catalogue", "dialog": "dialogue", "judgment": "judgement", "enroll": "enrol",
    "fulfill": "fulfil", "skillful": "skilful", "counseling": "counselling", "modeling": "modelling",
    "traveled": "travelled", "canceled": "cancelled", "labeled": "labelled", "leveled": "levelled",
}
_IZE = re.compile(r"(?<=[a-z]{3})(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


def _uk(word: str) -> str:
    word = _US_UK.get(word, word)
    return _IZE.sub(lambda m: ("is" if m.group(1) == "iz" else "ys") + m.group(2), word)


class NormKey:
    """Computes the matching key of a word (cached; the vocabulary is small)."""

    def __init__(self) -> None:
        self._table = _lemma_table()
        self._lemmas: frozenset[str] | None = None
        self._cache: dict[str | tuple[str, str], str] = {}

    def unknown(self, text: str) -> bool:
        """Whether the lookup table lacks ``text`` (its key then comes from a tagger's lemma, if any)."""
        low = text.lower().replace("\u2019", "'")
        return any(c.isalpha() for c in low) and low not in self._table and _uk(low) not in _LEMMA_OVERRIDES

    def known(self, word: str) -> bool:
        """Whether ``word`` is an English word the lemma table knows, as a form or as a lemma."""
        if self._lemmas is None:
            self._lemmas = frozenset(self._table.values())
        return not self.unknown(word) or word in self._lemmas

    def __call__(self, text: str, lemma: str = "") -> str:
        """The key of ``text``; ``lemma`` (a tagger's lemma) decides for words the lookup table lacks."""
        cache_key = (text, lemma) if lemma else text
        key = self._cache.get(cache_key)
        if key is None:
            if lemma and self.unknown(text):
                # "trialled", "callbacks", "lates": unknown to the lookup table, known to the tagger
                key = self._compute(lemma)
            else:
                key = self._compute(text)
            if len(self._cache) < 200_000:
                self._cache[cache_key] = key
        return key

    def _compute(self, text: str) -> str:
        word = _uk(text.lower().replace("\u2019", "'"))
        if word in _LEMMA_OVERRIDES:
            return _LEMMA_OVERRIDES[word]
        seen = {word}
        for _ in range(4):  # apply until it stops changing (briefings -> briefing -> brief)
            nxt = self._table.get(word)
            if nxt is None or nxt in seen:
                break
            word = _LEMMA_OVERRIDES.get(nxt, nxt)
            seen.add(word)
        return _uk(word)


@Language.factory("evidencecheck_norm")
def _make_norm(nlp: Language, name: str) -> NormComponent:
    return NormComponent()


class NormComponent:
    """Pipeline component writing :class:`NormKey` keys to ``token.norm_``.

    A misspelt lower-case word is keyed as the word meant ("recieved" as "received", see
    :mod:`.spelling`); its text and lemma stay as written.
    """

    def __init__(self) -> None:
        self.key = NormKey()
        self._speller: Speller | None = None

    def __call__(self, doc: Doc) -> Doc:
        key = self.key
        tagged = doc.has_annotation("LEMMA") and doc.has_annotation("TAG")
        for token in doc:
            if tagged:  # keep the tagger's lemma; the key falls back to it for unknown words
                token.norm_ = key(token.text, token.lemma_)
            else:
                token.norm_ = token.lemma_ = key(token.text)
            if len(token.text) >= MIN_LENGTH and token.text.islower() and key.unknown(token.text):
                meant = self._spell(token.text)
                if meant:
                    token.norm_ = key(meant)
        return doc

    def _spell(self, word: str) -> str | None:
        if self._speller is None:
            self._speller = Speller(self.key.known)
        return self._speller(word)


MAX_SENTENCE_TOKENS = 150
_SENTENCE_END = frozenset({".", "!", "?", "\u2026", "...", ".)", '."', ".'"})


@Language.component("evidencecheck_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Sentence boundaries the parser must keep, set before it runs.

    A line break starts a sentence (list lines, form fields, table rows), and inside a
    line a sentence can only end at sentence punctuation: the parser may still decide
    that "e.g." or "No. 5" ends nothing, but it never cuts "Target: 20 sales" or a
    table row "| Zoe | AHT | 6:00 |" in two. A run of ``MAX_SENTENCE_TOKENS`` tokens
    in which no sentence could end is cut there: nobody writes such a sentence, and
    clause scope over one grows with the square of its length.
    """
    previous = ""
    length = 1
    for token in doc[1:]:
        if token.is_space and "\n" in token.text:
            token.is_sent_start = False  # the line break ends the sentence before it
        elif "\n" in doc[token.i - 1].text and doc[token.i - 1].is_space:
            token.is_sent_start = True
        elif length >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
        elif previous not in _SENTENCE_END:
            token.is_sent_start = False
        length = 1 if token.is_sent_start is not False else length + 1  # True, or the parser's to decide
        if not token.is_space:
            previous = token.text
    return doc


_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Return the shared pipeline for ``model``, building it on first use.

    Args:
        model: the shipped pipeline (default), ``"blank:en"`` (``"blank"`` for short: no tagger
            or parser) or the name of an installed trained pipeline such as ``"en_core_web_sm"``.

    Raises:
        ModelError: E140 when a named pipeline is not installed, E141 when it
            cannot be loaded.
    """
    model = canonical_model(model)
    with _lock:
        nlp = _pipelines.get(model)
        if nlp is None:
            nlp = _build(model)
            _pipelines[model] = nlp
        return nlp


def _build(model: str) -> Language:
    if model.startswith("blank:"):
        try:
            nlp = spacy.blank(model.split(":", 1)[1])
        except (ImportError, ValueError, KeyError) as err:  # spaCy has no such language
            raise ModelError("E141", model, detail=str(err).split("\n")[0][:200],
                             spacy_version=spacy.about.__version__) from None
        nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "\n"]})
    else:
        nlp = _load_trained(model)
        if nlp.has_pipe("parser"):
            nlp.add_pipe("evidencecheck_line_breaks", before="parser")
        elif not nlp.has_pipe("senter"):
            nlp.add_pipe("sentencizer")
    nlp.add_pipe("evidencecheck_norm", last=True)
    nlp.max_length = 1_000_000
    return nlp


def _load_trained(model: str) -> Language:
    if model == SHIPPED_MODEL:
        from .models import model_path

        model = str(model_path())
    # spaCy raises a bare OSError (E050) for a name that is neither a package nor a folder.
    if not spacy.util.is_package(model) and not Path(model).exists():
        raise ModelError("E140", model)
    try:
        nlp = spacy.load(model, exclude=["ner"])
    except Exception as err:  # noqa: BLE001 - any failure to load is the same problem for the user
        detail = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"[:200]
        raise ModelError("E141", model, detail=detail, spacy_version=spacy.about.__version__) from None
    return use_fast_ops(nlp)


def check_model(model: str) -> None:
    """Raise :class:`~evidencecheck.errors.ModelError` now if ``model`` could not be loaded.

    Cheap (it loads nothing): used before a batch starts, so a missing pipeline
    is reported once rather than as every learner's failure.
    """
    model = canonical_model(model)
    if model.startswith("blank:"):
        try:
            spacy.util.get_lang_class(model.split(":", 1)[1])
        except (ImportError, ValueError, KeyError) as err:
            raise ModelError("E141", model, detail=str(err).split("\n")[0][:200],
                             spacy_version=spacy.about.__version__) from None
    elif model != SHIPPED_MODEL and not spacy.util.is_package(model) and not Path(model).exists():
        raise ModelError("E140", model)


def norm_phrases(nlp: Language, phrases: Sequence[str]) -> list[Doc]:
    """Tokenise and normalise phrase-list entries the same way as evidence text.

    With a tagger, phrases are tagged too, so a word the lookup table lacks gets the
    tagger's lemma on both sides ("callbacks" in a rule and in evidence both key "callback").
    """
    comp = nlp.get_pipe("evidencecheck_norm")
    assert isinstance(comp, NormComponent)
    docs = [nlp.make_doc(p) for p in phrases]
    if nlp.has_pipe("tagger") and nlp.has_pipe("lemmatizer"):
        # only phrases with a word the lookup table lacks need the tagger: the key of every other
        # word is the table's, tagged or not (a rule set has thousands of phrases; few need it)
        keep = [name for name in ("tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer",
                                  "evidencecheck_norm") if nlp.has_pipe(name)]
        unknown = [i for i, d in enumerate(docs) if any(comp.key.unknown(t.text) for t in d)]
        with nlp.select_pipes(enable=keep):
            tagged = list(nlp.pipe(phrases[i] for i in unknown)) if unknown else []
        for i, doc in zip(unknown, tagged):
            docs[i] = doc
    return [d if d.has_annotation("TAG") else comp(d) for d in docs]
