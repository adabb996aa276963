"""Compile a rule set's clues into spaCy matchers, once per rule set and pipeline.

All phrase lists of a rule set go into one ``PhraseMatcher`` on the norm key
(lower-cased lemma, UK spelling) and all token patterns into one ``Matcher``,
so matching cost stays flat as rule sets grow. Signals are computed once per
block, only for the signals the rule set uses. Every hit names its clue part
by its address in the rule file (:mod:`evidencecheck.rules.addresses`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..rules.addresses import ElementRef, iter_clues, iter_elements
from ..rules.schema import Clue, RuleSet
from .context import ContextClassifier
from .normalise import ProcessedBlock, sentence_of
from .pipeline import NormComponent, norm_phrases
from .signals import SIGNALS
from .syntax import other_sense, parsed

_SPAN_TEXTS = "evidencecheck.span_texts"


@dataclass(eq=False, slots=True)
class Hit:
    """A clue part that matched a token span of a processed block.

    Clues with the same content share their hits: ``part_id`` and ``clue_id`` name the first of
    them in the rule set (:attr:`CompiledRuleSet.canonical`); :meth:`CompiledRuleSet.aliases_of`
    names the rest.
    """

    part_id: str
    clue_id: str
    block: ProcessedBlock
    start: int
    end: int
    key: str = ""  # a phrase hit's norm key (which entry of a list matched); empty for other parts
    _sent_key: tuple[object, ...] | None = None

    @property
    def text(self) -> str:
        """The matched words (kept per doc and span: every clue part that matched it asks)."""
        texts: dict[tuple[int, int], str] = self.block.doc.user_data.setdefault(_SPAN_TEXTS, {})
        key = (self.start, self.end)
        text = texts.get(key)
        if text is None:
            text = texts[key] = self.block.doc[self.start:self.end].text
        return text

    @property
    def sent_key(self) -> tuple[object, ...]:
        """Identifies the hit's sentence across the portfolio (kept: every scope and context asks)."""
        if self._sent_key is None:
            self._sent_key = sentence_key(self.block, self.start)
        return self._sent_key


def sentence_key(block: ProcessedBlock, start: int) -> tuple[object, ...]:
    """Identifies the sentence holding token ``start`` of ``block`` across the portfolio."""
    return (block.doc_index, block.block.index, id(block.doc), sentence_of(block.doc, start).start)


def clue_signature(clue: Clue) -> str:
    """What a clue matches, without its label: clues with the same signature match the same words."""
    return clue.model_dump_json(exclude={"label"})


class CompiledRuleSet:
    """A rule set's clues compiled into matchers for one pipeline."""

    def __init__(self, ruleset: RuleSet, nlp: Language):
        self.ruleset = ruleset
        self.nlp = nlp
        self.vocab = ruleset.vocab
        self.context = ContextClassifier(nlp, [(c.category, c.direction, c.phrases) for c in ruleset.context_cues])
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.token_matcher = Matcher(nlp.vocab)
        self.dependency_matcher = DependencyMatcher(nlp.vocab)
        self._dependency_parts: dict[int, tuple[str, str, tuple[int, int]]] = {}  # part, clue, span nodes
        # per dependency pattern, the norms one of which each of its word-constrained nodes needs
        # (None: a pattern with no such node, which any doc may match)
        self._dependency_norms: list[tuple[frozenset[int], ...] | None] = []
        self._phrase_parts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # norm text -> [(part, clue)]
        # (part, norm text) -> the phrases as written ("coach" and "coaching" share one norm text)
        self._entries: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._pattern_parts: dict[int, tuple[str, str]] = {}
        self.signal_parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.clue_owner: dict[str, str] = {}  # clue id -> criterion/mistake id
        # clues with the same content are matched once: each clue id -> the first such clue's id
        self.canonical: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = defaultdict(list)  # first clue id -> every clue id like it
        self._gap: dict[str, int] = {}  # clue id -> words it lets a phrase have inserted
        self.elements: list[ElementRef] = list(iter_elements(ruleset))
        # the first phrase clue of each criterion element: the words that name its topic
        self.anchor_clues: set[str] = set()
        # phrases that tolerate inserted words, by their first word's key: (keys of all words, gap, phrase key)
        self._loose: dict[str, list[tuple[tuple[str, ...], int, str]]] = defaultdict(list)
        clues = [(clue_id, clue) for ref in self.elements for _, clue_id, clue in iter_clues(ref)]
        words = {p for _, clue in clues for _, p in self._expand(clue.phrases)}
        words |= {w for _, clue in clues for f in clue.frames for _, w in self._expand([*f.verbs, *f.objects])}
        self._keys = self._phrase_keys(words)
        signatures: dict[str, str] = {}
        for ref in self.elements:
            topic = [cid for g, cid, c in iter_clues(ref) if g in ("all", "any") and (c.phrases or c.patterns)]
            if topic:
                self.anchor_clues.add(topic[0])
            for _, clue_id, clue in iter_clues(ref):
                self.clue_owner[clue_id] = ref.owner_id
                self._gap[clue_id] = clue.inserted_words
                first = signatures.setdefault(clue_signature(clue), clue_id)
                self.canonical[clue_id] = first
                self._aliases[first].append(clue_id)
                if first == clue_id:
                    self._add_clue(clue_id, clue)
        # the criteria whose topic words a (first) clue's hits are: for finding keyword lists
        self.anchor_owners: dict[str, frozenset[str]] = {
            first: frozenset(self.clue_owner[c] for c in ids if c in self.anchor_clues and c.startswith("criteria"))
            for first, ids in self._aliases.items()}

    def _expand(self, phrases: list[str]) -> Iterator[tuple[int, str]]:
        for k, phrase in enumerate(phrases):
            if phrase.startswith("@"):
                for entry in self.vocab.get(phrase[1:], []):
                    yield k, entry
            else:
                yield k, phrase

    def _phrase_keys(self, phrases: set[str]) -> dict[str, Doc]:
        """Every phrase of the rule set, normalised once (one pass of the pipeline for all of them)."""
        ordered = sorted(phrases)
        return dict(zip(ordered, norm_phrases(self.nlp, ordered)))

    def _add_clue(self, clue_id: str, clue: Clue) -> None:
        for k, phrase in self._expand(clue.phrases):
            doc = self._keys[phrase]
            key = " ".join(t.norm_ for t in doc)
            if not key.strip():
                continue
            if key not in self._phrase_parts:
                self.phrase_matcher.add(key, [doc, *self._as_written(phrase, doc)])
            words = tuple(t.norm_ for t in doc if not (t.is_punct or t.is_space))
            if clue.inserted_words and len(words) >= 2:
                self._loose[words[0]].append((words, clue.inserted_words, key))
            self._phrase_parts[key].append((f"{clue_id}.phrases[{k}]", clue_id))
            self._entries[(f"{clue_id}.phrases[{k}]", key)].append(phrase)
        for k, pattern in enumerate(clue.patterns):
            part = f"{clue_id}.patterns[{k}]"
            self.token_matcher.add(part, [pattern])
            self._pattern_parts[self.nlp.vocab.strings[part]] = (part, clue_id)
        for k, frame in enumerate(clue.frames):
            verbs = sorted({self._head_key(w, first=True) for _, w in self._expand(frame.verbs)} - {""})
            objects = sorted({self._head_key(w, first=False) for _, w in self._expand(frame.objects)} - {""})
            self._add_dependencies(f"{clue_id}.frames[{k}]", clue_id, frame_patterns(verbs, objects), (0, 1))
        for k, pattern in enumerate(clue.dependencies):
            # the first and last nodes of an author's pattern mark the span it shows
            self._add_dependencies(f"{clue_id}.dependencies[{k}]", clue_id, [pattern], (0, len(pattern) - 1))
        for k, name in enumerate(clue.signals):
            self.signal_parts[name].append((f"{clue_id}.signals[{k}]", clue_id))

    def _as_written(self, phrase: str, doc: Doc) -> list[Doc]:
        """The phrase keyed by its words as written, where the tagger lemmatised it otherwise.

        A word the lookup table lacks takes the tagger's lemma, and a phrase alone is tagged
        differently from the same word in a sentence: "fairness" alone keys "fairnes" and
        "ICOBS" alone "icob", where a sentence keeps "fairness" and "icobs". So the phrase also
        matches its own words as written.
        """
        comp = self.nlp.get_pipe("evidencecheck_norm")
        assert isinstance(comp, NormComponent)
        norm = comp.key
        if not any(norm.unknown(t.text) for t in doc):
            return []
        written = self.nlp.make_doc(phrase)
        if len(written) != len(doc):
            return []
        for w, t in zip(written, doc):
            w.norm_ = norm(w.text, w.text.lower()) if norm.unknown(w.text) else t.norm_
        return [written] if [w.norm_ for w in written] != [t.norm_ for t in doc] else []

    def aliases_of(self, part_id: str, clue_id: str) -> list[str]:
        """The ids of a hit's part in every clue that shares its content (``clue_id`` is the first)."""
        suffix = part_id[len(clue_id):]
        return [alias + suffix for alias in self._aliases.get(clue_id, (clue_id,))]

    def phrase_entry(self, hit: Hit) -> str | None:
        """The phrase as written in the rule file (an entry of an ``@list`` or the clue's own) that ``hit`` matched."""
        entries = self.phrase_entries(hit)
        return entries[0] if entries else None

    def phrase_entries(self, hit: Hit) -> tuple[str, ...]:
        """Every phrase as written that ``hit`` matched (phrases that normalise alike match together)."""
        return tuple(self._entries.get((hit.part_id, hit.key), ()))

    def _may_depend(self, doc: Doc) -> bool:
        """Whether any dependency pattern can match ``doc``: each of its nodes that names words has
        one of them in the doc (a cheap test that spares most blocks the matcher's tree search)."""
        norms: set[int] | None = None
        for required in self._dependency_norms:
            if required is None:
                return True
            if norms is None:
                norms = set(doc.to_array("NORM").tolist())
            if all(not words.isdisjoint(norms) for words in required):
                return True
        return False

    def _head_key(self, phrase: str, *, first: bool) -> str:
        """The key of a phrase's head word: a verb's first word ("set up"), an object's last ("action plan")."""
        words = [t.norm_ for t in self._keys[phrase] if not (t.is_punct or t.is_space)]
        return (words[0] if first else words[-1]) if words else ""

    def _add_dependencies(self, part: str, clue_id: str, patterns: list[list[dict[str, Any]]],
                          nodes: tuple[int, int]) -> None:
        for n, pattern in enumerate(patterns):
            key = f"{part}#{n}"
            self.dependency_matcher.add(key, [pattern])
            self._dependency_norms.append(_required_norms(pattern))
            ends = nodes if nodes != (0, 1) else _FRAME_NODES[n]
            self._dependency_parts[self.nlp.vocab.strings[key]] = (part, clue_id, ends)

    def hits(self, block: ProcessedBlock) -> list[Hit]:
        """Every clue part that matches in ``block``."""
        doc = block.doc
        out: list[Hit] = []
        strings = self.nlp.vocab.strings
        tree = parsed(doc)
        for match_id, start, end in self.phrase_matcher(doc):
            if tree and other_sense(doc, start, end):
                continue  # "the support team" is not support given
            key = strings[match_id]
            sent = sentence_key(block, start)
            for part, clue in self._phrase_parts[key]:
                out.append(Hit(part, clue, block, start, end, key, sent))
        for key, start, end in loose_matches(doc, self._loose):
            # only the clues that allow inserted words share a loosely matched phrase
            for part, clue in self._phrase_parts[key]:
                if self._gap[clue]:
                    out.append(Hit(part, clue, block, start, end, key))
        for match_id, start, end in self.token_matcher(doc) if len(self.token_matcher) else ():
            part, clue = self._pattern_parts[match_id]
            out.append(Hit(part, clue, block, start, end))
        if tree and len(self.dependency_matcher) and self._may_depend(doc):
            for match_id, token_ids in self.dependency_matcher(doc):
                part, clue, (a, b) = self._dependency_parts[match_id]
                first, last = sorted((token_ids[a], token_ids[b]))
                out.append(Hit(part, clue, block, first, last + 1))
        for name, parts in self.signal_parts.items():
            signal = SIGNALS.get(name)
            if signal is None:
                continue
            for start, end in signal.detect(doc):
                sent = sentence_key(block, start)
                for part, clue in parts:
                    out.append(Hit(part, clue, block, start, end, "", sent))
        return out


def _required_norms(pattern: list[dict[str, Any]]) -> tuple[frozenset[int], ...] | None:
    """The norms (as string ids) each node of a dependency pattern that names its words by NORM
    needs, one set per such node; ``None`` when no node does."""
    required = []
    for node in pattern:
        value = node.get("RIGHT_ATTRS", {}).get("NORM")
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = value["IN"]
        else:
            continue  # no words named, or named with other operators: no test for this node
        required.append(frozenset(get_string_id(w) for w in words))
    return tuple(required) or None


#: Relations of a verb's object in the project's UD parse and in spaCy's own English models.
_OBJECT_DEPS = ["obj", "iobj", "obl", "nsubj:pass", "dobj", "dative", "nsubjpass", "attr", "oprd"]
_CLAUSE_ON_NOUN = ["acl", "acl:relcl", "relcl"]


def frame_patterns(verbs: list[str], objects: list[str]) -> list[list[dict[str, Any]]]:
    """DependencyMatcher patterns for a verb and its object, whichever way the sentence links them."""
    verb = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"NORM": {"IN": verbs}}}
    obj = {"NORM": {"IN": objects}}
    return [
        # "I set Priya a target", "targets were agreed", "we agreed on targets"
        [verb, {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {**obj, "DEP": {"IN": _OBJECT_DEPS}}}],
        # "the targets we agreed", "targets set by the manager"
        [{"RIGHT_ID": "object", "RIGHT_ATTRS": obj},
         {"LEFT_ID": "object", "REL_OP": ">", "RIGHT_ID": "verb",
          "RIGHT_ATTRS": {"NORM": {"IN": verbs}, "DEP": {"IN": _CLAUSE_ON_NOUN}}}],
        # "we agreed actions and targets"
        [verb, {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "first", "RIGHT_ATTRS": {"DEP": {"IN": _OBJECT_DEPS}}},
         {"LEFT_ID": "first", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {**obj, "DEP": "conj"}}],
        # "target setting"
        [verb, {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {**obj, "DEP": "compound"}}],
        # spaCy's own models: "agreed on targets" is verb > prep > pobj
        [verb, {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"DEP": "prep"}},
         {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {**obj, "DEP": "pobj"}}],
    ]


# the nodes of each frame pattern that are the verb and the object (for the span a hit covers)
_FRAME_NODES = [(0, 1), (0, 1), (0, 2), (0, 1), (0, 2)]

#: Words that may be inserted in a multi-word phrase (a clue's ``inserted_words``): determiners,
#: pronouns, adjectives and numbers fill out a phrase ("sign off the rota" for "sign off rota",
#: "agreed two actions" for "agreed actions") without changing what it names.
_FILLER_POS = frozenset({"DET", "ADJ", "NUM", "PRON"})


def _filler(tok: Token) -> bool:
    if tok.is_punct or tok.is_space or not tok.text.strip():
        return False
    return tok.pos_ in _FILLER_POS if tok.pos_ else tok.is_alpha


def loose_matches(doc: Doc, loose: dict[str, list[tuple[tuple[str, ...], int, str]]]) -> list[tuple[str, int, int]]:
    """Multi-word phrases matched with words inserted between theirs: ``(phrase key, start, end)``.

    ``loose`` maps a phrase's first word to ``(its words, most words inserted between two, phrase key)``.
    Exact matches are the PhraseMatcher's; this finds only those with at least one inserted word.
    """
    found: list[tuple[str, int, int]] = []
    n = len(doc)
    for tok in doc:
        for words, gap, key in loose.get(tok.norm_, ()):
            pos, inserted = tok.i, 0
            for word in words[1:]:
                j = pos + 1
                while j < n and j - pos - 1 < gap and doc[j].norm_ != word and _filler(doc[j]):
                    j += 1
                if j >= n or doc[j].norm_ != word:
                    break
                inserted += j - pos - 1
                pos = j
            else:
                if inserted:
                    found.append((key, tok.i, pos + 1))
    return found


_compiled: dict[tuple[int, int], tuple[RuleSet, Language, CompiledRuleSet]] = {}


def compile_ruleset(ruleset: RuleSet, nlp: Language) -> CompiledRuleSet:
    """The compiled matchers of ``ruleset`` for ``nlp`` (built once, then reused)."""
    key = (id(ruleset), id(nlp))
    cached = _compiled.get(key)
    if cached is None or cached[0] is not ruleset or cached[1] is not nlp:
        if len(_compiled) > 32:
            _compiled.clear()
        cached = (ruleset, nlp, CompiledRuleSet(ruleset, nlp))
        _compiled[key] = cached
    return cached[2]


__all__ = ["CompiledRuleSet", "Hit", "clue_signature", "compile_ruleset", "loose_matches", "sentence_key"]
