"""The ``person`` signal: names of people, not any capitalised word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING

from .base import Span, cached, dedupe, doc_text, stop_words, word_file, words
from .dates import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TITLES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s(?:[A-Z]\b|(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b)|\b(?:[Aa]gent|[Aa]dvis[oe]r|[Tt]eam member|[Cc]olleague|[Ll]earner)\s(?:[A-Z]|\d{1,2})\b|\b[A-Z]\.\s?[A-Z]\.(?!\w)")


@lru_cache(maxsize=1)
def _name_stop() -> frozenset[str]:
    """Capitalised words that are never names, months and weekdays included."""
    return words("name_stop") | set(MONTHS) | set(WEEKDAYS) | {d + "s" for d in WEEKDAYS[:7]}


_DAYS_AND_MONTHS = frozenset(MONTHS) | frozenset(WEEKDAYS)
_CAP = re.compile(r"^(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def _is_cap(text: str) -> bool:
    return bool(_CAP.match(text))


def _is_common(word: str) -> bool:
    """A common word's capital ("Review", "Home", "Grace"), not a word only a name explains."""
    low = word.lower()
    return low in word_file("common-words.txt") or low in _name_stop() or low in words("domain_words") or low in words("role_words") \
        or low in stop_words()


#: ``doc.user_data`` key of the names the rest of the portfolio gives people (:func:`share_names`)
KNOWN_NAMES = "evidencecheck.known_names"
# the names the rest of the portfolio gives people, while one doc is read (set by _person)
_KNOWN: ContextVar[frozenset[str]] = ContextVar("known_names", default=frozenset())


def _is_first_name(word: str) -> bool:
    low = word.lower()
    return low in word_file("first-names.txt") or low in _KNOWN.get()


def share_names(docs: Iterable[Doc], columns: Iterable[Sequence[Doc]] = ()) -> frozenset[str]:
    """Tell every doc of a portfolio the names its other docs give people, and return them.

    A word the portfolio shows to be someone's name somewhere, with a surname or an initial
    ("Ollie B" in a target sheet, "Prepared by Craig Whitlock"), is a name wherever it is written
    capitalised as a person is: "I thanked Ollie", and at the start of a sentence as the subject of
    its verb, where a common word's capital is otherwise read as the sentence's ("Precious is
    quieter and doesn't like being singled out"). ``columns`` are tables' columns (their cells'
    docs, header row aside): in a column with at least two such names, a cell shaped like a name
    is one too ("Precious A" below "Ollie B"; not "Whole Team"). Call it before any person signal
    of these docs is read: the signal is kept per doc.
    """
    docs = list(docs)
    spans = {id(doc): _person(doc) for doc in docs}
    found: set[str] = set()
    for doc in docs:
        # only a name with a surname or an initial is sure enough to lend its words to other docs: a
        # capitalised word alone inside a sentence may be a company ("we use Brightwave's MI pack")
        for start, end in spans[id(doc)]:
            if sum(not (t.is_space or t.is_punct) for t in doc[start:end]) >= 2:
                found.update(t.lower_ for t in doc[start:end] if _name_word(t))
    for column in columns:
        named = [doc for doc in column if any(a == _first_word(doc) for a, _ in spans.get(id(doc), ()))]
        if len(named) < 2:
            continue
        for doc in column:
            words_ = [t for t in doc if not (t.is_space or t.is_punct)]
            if 1 <= len(words_) <= 3 and all(_is_cap(t.text) or _INITIAL.match(t.text) for t in words_) \
                    and _name_word(words_[0]) and (_INITIAL.match(words_[-1].text) or not _is_common(words_[-1].text)):
                found.add(words_[0].lower_)  # "Precious A", "Precious Adeyemi"; not "Whole Team", "Total"
    names = frozenset(found)
    for doc in docs:
        doc.user_data[KNOWN_NAMES] = names
    return names


def _name_word(tok: Token) -> bool:
    # a word that may start a name where a sentence starts (capitalised, no role, month or function
    # word), not an initial
    return tok.is_alpha and len(tok.text) > 1 and _is_candidate([tok], 0)


def _first_word(doc: Doc) -> int:
    return next((t.i for t in doc if not (t.is_space or t.is_punct)), -1)


def _person(doc: Doc) -> list[Span]:
    """Names of people: a word or two that only a name explains, not any capitalised word.

    A capitalised word counts as a name when it is a known given name, or no common word's capital
    and inside a sentence ("I coached Priya"), or when it has other real name evidence: a title
    ("Mrs A", "Agent B"), a surname ("Priya Shah", "R Okafor"), a role ("Sam, Team Leader"), a
    label that names people ("Attendees:", "Signed:"), a verb after it ("Sam to update") or a name
    beside it in a list. Sentence-initial common words, the first word of a list item after a
    colon ("Actions: Review the rota"), table header words, Title Case phrases, organisations,
    places and words after "the" or "in" are not names. A known given name written in lower case
    ("i sat with priya") is a name when it is no common word ("will", "grace" and "mark" are not).
    So is a word the rest of the portfolio names someone by (:func:`share_names`).
    """
    token = _KNOWN.set(doc.user_data.get(KNOWN_NAMES, frozenset()))
    try:
        return _people(doc)
    finally:
        _KNOWN.reset(token)


def _people(doc: Doc) -> list[Span]:
    """The spans :func:`_person` finds, with the portfolio's names set."""
    spans: list[Span] = []
    for m in _TITLES.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end))
    for toks in _lines(doc):
        short_line = len(toks) <= 3
        found: list[tuple[int, int]] = []  # runs of toks that are names
        maybe: list[int] = []  # common words that are names only beside another name in a list
        j = 0
        while j < len(toks):
            if not _is_candidate(toks, j):
                j += 1
                continue
            k = j
            while k < len(toks) and _is_candidate(toks, k):
                k += 1
            stripped = k - j >= 2 and _is_initial(toks, j) and _is_common(toks[j].text) \
                and not _is_first_name(toks[j].text) \
                and (_is_first_name(toks[j + 1].text) or not _is_common(toks[j + 1].text))
            if stripped:
                j += 1  # "Thanks Stacey", "Why Jade": the first capital belongs to the sentence
            if k - j == 3 and _is_first_name(toks[j].text) and _is_common(toks[k - 1].text):
                k -= 1  # "Stacey Kerr Posted": a name, then a label
            verdict = _judge_run(toks, j, k, short_line, stripped)
            if verdict == "name":
                first = j - 1 if j > 0 and _INITIAL.match(toks[j - 1].text) else j
                found.append((first, k))
            elif verdict == "maybe":
                maybe.append(j)
            j = k
        named = {i for a, b in found for i in range(a, b)}
        for i in maybe:
            # "Sasha, Dev, Tyrone": an item of a list whose other items are names
            ends_item = i + 1 >= len(toks) or toks[i + 1].lower_ in {",", "and", "&", ".", ")", ";"}
            if ends_item and any(0 <= n < len(toks) and n in named and toks[(i + n) // 2].lower_ in {",", "and", "&"}
                                 for n in (i - 2, i + 2)):
                found.append((i, i + 1))
        spans.extend((toks[a].i, toks[b - 1].i + 1) for a, b in found)
    # "i sat with priya": a learner who writes names in lower case still names someone
    spans.extend((tok.i, tok.i + 1) for tok in doc
                 if tok.is_alpha and tok.text.islower() and _is_first_name(tok.text) and not _is_common(tok.text))
    spans = dedupe(spans)
    # a name inside a longer one ("Jones" in "Mr Smith-Jones") is the same person
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


detect_person = cached("person", _person)


def _lines(doc: Doc) -> list[list[Token]]:
    """The tokens of each sentence, split again at line breaks, without whitespace."""
    lines: list[list[Token]] = []
    for sent in doc.sents:
        line: list[Token] = []
        for tok in sent:
            if tok.is_space:
                if "\n" in tok.text and line:
                    lines.append(line)
                    line = []
                continue
            line.append(tok)
        if line:
            lines.append(line)
    return lines


def _is_candidate(toks: list[Token], j: int) -> bool:
    tok = toks[j]
    low = tok.lower_
    if not _is_cap(tok.text) or low in _name_stop() or low in words("role_words"):
        return False
    # "He", "What", "Will": a function word, unless a given name inside a sentence
    return low not in stop_words() or (_is_first_name(low) and not _is_initial(toks, j))


def _is_initial(toks: list[Token], j: int) -> bool:
    """The word starts its sentence, list item, label value or quotation."""
    if j == 0:
        return True
    prev = toks[j - 1].text
    if prev in {'"', "'", "\u201c", "\u2018"}:
        # a quotation's first word, unless the quotation is the one word ("coached "Priya" on")
        return not (j + 1 < len(toks) and toks[j + 1].text in {'"', "'", "\u201d", "\u2019"})
    return prev in {":", "\u2022", "*", ")"} or (j == 1 and prev in {".", "-", "\u2013", "\u2014", ";", "("})


#: Relations a person's name takes in a clause: doer, object, "with Al", "Mo and Sam", "thanks, Jo".
_PERSON_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "conj", "appos", "vocative", "nmod"})


def _short_name(tok: Token) -> bool:
    """A two- or three-letter capitalised word the tagger reads as a proper noun in a person's role."""
    return len(tok.text) <= 3 and tok.pos_ == "PROPN" and tok.dep_ in _PERSON_DEPS


def _judge_run(toks: list[Token], j: int, k: int, short_line: bool, after_initial: bool = False) -> str:
    """``name``, ``maybe`` (a common word that is a name only in a list of names) or ``no``."""
    run = toks[j:k]
    prev = toks[j - 1] if j > 0 else None
    nxt = toks[k] if k < len(toks) else None
    if len(run) > 3 or any(t.lower_ in words("places") for t in run):
        return "no"  # a Title Case phrase (a heading, a product, a company) or a place
    # joined to more capitals ("Thistle & Finch", "Bank of England", "Team Sapphire"): an organisation
    if prev is not None and j >= 2 and prev.lower_ in {"&", "of"} and _is_cap(toks[j - 2].text):
        return "no"
    if nxt is not None and nxt.lower_ in {"&", "of"} and k + 1 < len(toks) and _is_cap(toks[k + 1].text):
        return "no"
    if prev is not None and _is_cap(prev.text) and prev.lower_ not in words("role_words") and not after_initial \
            and prev.lower_ not in _DAYS_AND_MONTHS:
        return "no"  # part of a Title Case phrase, but "On Monday Priya joined", "12 March Sam had"
    if prev is not None and prev.lower_ in words("not_before_name") and not (nxt is not None and nxt.text in {"'s", "\u2019s"}):
        return "no"
    first_name = _is_first_name(run[0].text)
    if len(run) >= 2:
        # a given name and a surname: "Priya Shah", "Leah Ward" (not "Care Plan", "Castlegate Insurance")
        if run[-1].lower_ in words("org_words"):
            return "no"
        if first_name:
            return "name"
        common = sum(_is_common(t.text) for t in run)
        return "name" if not _is_common(run[-1].text) and common <= 1 else "no"
    tok = run[0]
    common = _is_common(tok.text)
    initial = _is_initial(toks, j)
    if prev is not None and (_INITIAL.match(prev.text) or prev.lower_ in words("role_words") and _is_cap(prev.text)
                             and (first_name or not common)):
        return "name"  # "R Okafor", "Team Leader Sam"
    if prev is not None and prev.text == ":" and j >= 2 and toks[j - 2].lower_ in words("people_labels"):
        return "name"  # "Attendees: Grace", "Signed: Ola"
    if first_name and (not initial or short_line or not common):
        return "name"  # "to Dev", "Priya often asks", a table cell "Grace"
    if initial and tok.lower_ in _KNOWN.get() and tok.dep_ in ("nsubj", "nsubj:pass") \
            and nxt is not None and nxt.pos_ in ("VERB", "AUX"):
        return "name"  # "Precious is quieter", when the portfolio names Precious elsewhere
    if nxt is not None and nxt.lower_ in words("name_followers") and (first_name or not common and not short_line):
        return "name"  # "Grace said", "Okafor has", "Sam to update the board"
    if nxt is not None and nxt.text == "," and (first_name or not common) and any(
            t.lower_ in words("role_words") and _is_cap(t.text) for t in toks[k + 1:k + 5]):
        return "name"  # "Anwen, Team Manager"
    if common and _short_name(tok):
        return "name"  # "I nominated Mo", "I sat with Al": the parser reads a short word as a person's name
    if common:
        # "Review the rota", "What we did", "to Compliance": a common word's capital
        return "maybe" if not initial or short_line else "no"
    if not initial or short_line:
        return "name"  # capitalised inside a sentence, or a table cell holding a name
    return "no"

