"""Compile a rule set's clues into spaCy matchers and find where elements are shown.

All phrase lists of a rule set go into one ``PhraseMatcher`` on the norm key
(lower-cased lemma, UK spelling) and all token patterns into one ``Matcher``,
built once per rule set and pipeline, so matching cost stays flat as rule sets
grow. Signals are computed once per block, only for the signals the rule set
uses.

Every clue part has a stable id in the rule file's own terms, e.g.
``criteria[2].elements[0].all[1].phrases[3]``; ``rules test --coverage`` uses
these ids to report phrases and patterns that never fire.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span

from ..rules.schema import Clue, Element, RuleSet
from .context import FIRST_HAND, ContextClassifier, ContextResult
from .normalise import ProcessedBlock, ProcessedDocument, sentence_of
from .pipeline import norm_phrases
from .signals import KPI_TERMS, SIGNALS, first_person_past_actions

NON_EVIDENCE_KINDS = ("heading", "header", "footer")
_KPI_NAME = re.compile(rf"\b{KPI_TERMS}\b", re.IGNORECASE)
CONCRETE_SIGNALS = ("figure", "date", "person", "kpi_value", "time_frame", "frequency", "month")
# a keyword list names topics of at least this many criteria, with this many distinct keywords...
KEYWORD_LIST_OWNERS = 3
KEYWORD_LIST_PHRASES = 4
# ...packed into a short sentence: at most this many words per distinct keyword
KEYWORD_LIST_WORDS_PER_PHRASE = 7


@dataclass(frozen=True)
class ElementRef:
    """Where an element sits in the rule set: ``owner`` is ``criteria[i]`` or ``mistakes[i]``."""

    owner_kind: str
    owner_index: int
    owner_id: str
    element_index: int
    element: Element

    @property
    def path(self) -> str:
        return f"{self.owner_kind}[{self.owner_index}].elements[{self.element_index}]"

    @property
    def ref(self) -> str:
        return f"{self.owner_id}.{self.element.id}"


@dataclass(frozen=True)
class Hit:
    """A clue part that matched a token span of a processed block."""

    part_id: str
    clue_id: str
    block: ProcessedBlock
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.doc[self.start:self.end].text

    @property
    def sent_key(self) -> tuple[object, ...]:
        sent = sentence_of(self.block.doc, self.start)
        return (self.block.doc_index, self.block.block.index, id(self.block.doc), sent.start)


@dataclass
class UnitHit:
    """An element shown within one scope unit."""

    anchor: Hit
    context: ContextResult
    hits: list[Hit]


@dataclass
class ElementMatch:
    """All the places one element was shown, split by whether the context counts."""

    ref: ElementRef
    accepted: list[UnitHit] = field(default_factory=list)
    rejected: list[UnitHit] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return len(self.accepted) >= self.ref.element.min_hits


def iter_elements(ruleset: RuleSet) -> Iterator[ElementRef]:
    """Every element of the rule set, criteria first, with its path."""
    for ci, crit in enumerate(ruleset.criteria):
        for ei, el in enumerate(crit.elements):
            yield ElementRef("criteria", ci, crit.id, ei, el)
    for mi, mistake in enumerate(ruleset.mistakes):
        for ei, el in enumerate(mistake.elements):
            yield ElementRef("mistakes", mi, mistake.id, ei, el)


def iter_clues(ref: ElementRef) -> Iterator[tuple[str, str, Clue]]:
    """``(group, clue_id, clue)`` for every clue of an element."""
    for group in ("all", "any", "none"):
        for k, clue in enumerate(getattr(ref.element, group)):
            yield group, f"{ref.path}.{group}[{k}]", clue


class CompiledRuleSet:
    """A rule set's clues compiled into matchers for one pipeline."""

    def __init__(self, ruleset: RuleSet, nlp: Language):
        self.ruleset = ruleset
        self.nlp = nlp
        self.vocab = ruleset.vocab
        self.context = ContextClassifier(nlp)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.token_matcher = Matcher(nlp.vocab)
        self._phrase_parts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # norm text -> [(part, clue)]
        self._pattern_parts: dict[int, tuple[str, str]] = {}
        self.signal_parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.clue_owner: dict[str, str] = {}  # clue id -> criterion/mistake id
        self.elements = list(iter_elements(ruleset))
        self.all_part_ids: list[str] = []
        # the first phrase clue of each criterion element: the words that name its topic
        self.anchor_clues: set[str] = set()
        for ref in self.elements:
            topic = [cid for g, cid, c in iter_clues(ref) if g in ("all", "any") and (c.phrases or c.patterns)]
            if topic:
                self.anchor_clues.add(topic[0])
            for _, clue_id, clue in iter_clues(ref):
                self.clue_owner[clue_id] = ref.owner_id
                self._add_clue(clue_id, clue)

    def _expand(self, phrases: list[str]) -> Iterator[tuple[int, str]]:
        for k, phrase in enumerate(phrases):
            if phrase.startswith("@"):
                for entry in self.vocab.get(phrase[1:], []):
                    yield k, entry
            else:
                yield k, phrase

    def _add_clue(self, clue_id: str, clue: Clue) -> None:
        expanded = list(self._expand(clue.phrases))
        for k in range(len(clue.phrases)):
            self.all_part_ids.append(f"{clue_id}.phrases[{k}]")
        for (k, _), doc in zip(expanded, norm_phrases(self.nlp, [p for _, p in expanded])):
            key = " ".join(t.norm_ for t in doc)
            if not key.strip():
                continue
            if key not in self._phrase_parts:
                self.phrase_matcher.add(key, [doc])
            self._phrase_parts[key].append((f"{clue_id}.phrases[{k}]", clue_id))
        for k, pattern in enumerate(clue.patterns):
            part = f"{clue_id}.patterns[{k}]"
            self.all_part_ids.append(part)
            self.token_matcher.add(part, [pattern])
            self._pattern_parts[self.nlp.vocab.strings[part]] = (part, clue_id)
        for k, name in enumerate(clue.signals):
            part = f"{clue_id}.signals[{k}]"
            self.all_part_ids.append(part)
            self.signal_parts[name].append((part, clue_id))

    def hits(self, block: ProcessedBlock) -> list[Hit]:
        """Every clue part that matches in ``block``."""
        doc = block.doc
        out: list[Hit] = []
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.phrase_matcher(doc):
            for part, clue in self._phrase_parts[strings[match_id]]:
                out.append(Hit(part, clue, block, start, end))
        for match_id, start, end in self.token_matcher(doc) if len(self.token_matcher) else ():
            part, clue = self._pattern_parts[match_id]
            out.append(Hit(part, clue, block, start, end))
        for name, parts in self.signal_parts.items():
            signal = SIGNALS.get(name)
            if signal is None:
                continue
            for start, end in signal.detect(doc):
                for part, clue in parts:
                    out.append(Hit(part, clue, block, start, end))
        return out


def _in_span(span: Span, found: list[tuple[int, int]]) -> bool:
    """Whether any of the token spans ``found`` starts inside ``span``."""
    return any(span.start <= s < span.end for s, _ in found)


class PortfolioMatches:
    """Clue hits over a whole processed portfolio, indexed for element evaluation."""

    def __init__(self, compiled: CompiledRuleSet, documents: list[ProcessedDocument],
                 doc_types: dict[int, tuple[str, ...]]):
        self.compiled = compiled
        self.documents = documents
        self.doc_types = doc_types
        self.hits: list[Hit] = []
        self._cues: dict[int, list] = {}  # type: ignore[type-arg]
        self.header_rows: dict[tuple[object, ...], list[ProcessedBlock]] = defaultdict(list)
        for pdoc in documents:
            for block in pdoc.blocks:
                self._cues[id(block.doc)] = compiled.context.cues(block.doc)
                self.hits.extend(compiled.hits(block))
                if block.is_header_row:
                    b = block.block
                    self.header_rows[(pdoc.index, "table", b.page, b.table)].append(block)
        if compiled.signal_parts.get("kpi_value"):
            self.hits.extend(self._table_kpi_hits(compiled.signal_parts["kpi_value"]))
        self.by_clue: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.hits:
            self.by_clue[hit.clue_id].append(hit)
        self._rows: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
        self._generic_sents = self._keyword_lists()

    def _table_kpi_hits(self, parts: list[tuple[str, str]]) -> list[Hit]:
        """``kpi_value`` across a table's cells: a number in a data row whose column header (or
        row label, the row's first cell) names a KPI, e.g. "6:05" under "AHT" or "84%" beside
        "CSAT". The hit is on the number, so it keeps the cell's row and sentence."""
        out: list[Hit] = []
        for pdoc in self.documents:
            labels: dict[tuple[object, ...], str] = {}  # a row's first cell
            for block in pdoc.blocks:
                b = block.block
                if b.kind == "table_cell" and b.column == 1:
                    labels[(b.page, b.table, b.row)] = b.text
            for block in pdoc.blocks:
                b = block.block
                if b.kind != "table_cell" or block.is_header_row:
                    continue
                names = [b.column_header or ""]
                if b.column != 1:
                    names.append(labels.get((b.page, b.table, b.row), ""))
                if not any(_KPI_NAME.search(n) for n in names if n):
                    continue
                for start, end in SIGNALS["figure"].detect(block.doc):
                    out.extend(Hit(part, clue, block, start, end) for part, clue in parts)
        return out

    @property
    def fired_parts(self) -> set[str]:
        return {h.part_id for h in self.hits}

    def context_of(self, hit: Hit) -> ContextResult:
        result = self.compiled.context.classify(hit.block.doc, hit.start, hit.end, self._cues[id(hit.block.doc)])
        if result.label == FIRST_HAND and hit.sent_key in self._generic_sents:
            return ContextResult("generic", "lists keywords with no concrete example")
        return result

    def _keyword_lists(self) -> set[tuple[object, ...]]:
        """Sentences that string together keywords of several criteria and show nothing done.

        A sentence is a keyword list when it names topics of at least three criteria with at least
        four distinct keywords, is short for that many keywords, has no concrete detail (a figure,
        date, month, name, KPI value, time frame or frequency) and no past first-hand action ("I
        rewrote the rota..."): "I use coaching, feedback, rotas and targets to lead my team".
        """
        owners: dict[tuple[object, ...], set[str]] = defaultdict(set)
        phrases: dict[tuple[object, ...], set[str]] = defaultdict(set)
        anchors = self.compiled.anchor_clues
        blocks: dict[tuple[object, ...], ProcessedBlock] = {}
        for hit in self.hits:
            key = hit.sent_key
            if hit.clue_id in anchors and hit.part_id.startswith("criteria"):
                owners[key].add(self.compiled.clue_owner[hit.clue_id])
                phrases[key].add(hit.text.lower())
                blocks[key] = hit.block
        candidates = {k for k, o in owners.items()
                      if len(o) >= KEYWORD_LIST_OWNERS and len(phrases[k]) >= KEYWORD_LIST_PHRASES}
        out: set[tuple[object, ...]] = set()
        for key in candidates:
            block = blocks[key]
            doc = block.doc
            sent = sentence_of(doc, key[3])  # type: ignore[arg-type]
            words = sum(1 for t in sent if t.is_alpha)
            if words > KEYWORD_LIST_WORDS_PER_PHRASE * len(phrases[key]):
                continue  # a long sentence that mentions the words along the way
            if any(_in_span(sent, SIGNALS[name].detect(doc)) for name in CONCRETE_SIGNALS):
                continue
            if _in_span(sent, first_person_past_actions(doc)):
                continue
            out.add(key)
        return out

    def unit_key(self, hit: Hit, scope: str) -> tuple[object, ...]:
        if scope == "sentence":
            return hit.sent_key
        if scope == "paragraph":
            return hit.block.paragraph_key
        if scope == "section":
            return hit.block.section_key
        return (hit.block.doc_index,)

    def evaluate(self, ref: ElementRef) -> ElementMatch:
        """Find every scope unit in which the element's clues co-occur, with its context."""
        el = ref.element
        units: dict[tuple[object, ...], dict[str, list[Hit]]] = defaultdict(lambda: defaultdict(list))
        clue_groups = list(iter_clues(ref))
        header_extra = el.scope == "paragraph"
        for group, clue_id, _ in clue_groups:
            for hit in self.by_clue.get(clue_id, ()):
                if el.evidence_types and not set(el.evidence_types) & set(self.doc_types.get(hit.block.doc_index, ())):
                    continue
                if header_extra and hit.block.is_header_row:
                    # a table's header row belongs to every row of that table
                    b = hit.block.block
                    for row_key in self._row_keys(hit.block.doc_index, b.page, b.table):
                        units[row_key][clue_id].append(hit)
                    continue
                units[self.unit_key(hit, el.scope)][clue_id].append(hit)
        result = ElementMatch(ref)
        all_ids = [cid for g, cid, _ in clue_groups if g == "all"]
        any_ids = [cid for g, cid, _ in clue_groups if g == "any"]
        none_ids = [cid for g, cid, _ in clue_groups if g == "none"]
        # the first phrase clue of `all` names what was done: its context decides (else the `any` phrases)
        topic = [cid for g, cid, c in clue_groups if g == "all" and (c.phrases or c.patterns)][:1]
        anchor_ids = topic or [cid for g, cid, c in clue_groups if g == "any" and (c.phrases or c.patterns)]
        for _key, by_clue in units.items():
            if not all(by_clue.get(c) for c in all_ids):
                continue
            if any_ids and not any(by_clue.get(c) for c in any_ids):
                continue
            if any(by_clue.get(c) for c in none_ids):
                continue
            anchors = [h for c in anchor_ids for h in by_clue.get(c, ())] or \
                [h for c in all_ids + any_ids for h in by_clue.get(c, ())]
            if not anchors:
                continue
            # a heading, page header or footer names a topic; it is not evidence of doing it
            anchors = [h for h in anchors if h.block.block.kind not in NON_EVIDENCE_KINDS]
            if not anchors:
                continue
            scored = [(h, self.context_of(h)) for h in anchors if not h.block.is_header_row] or \
                [(h, self.context_of(h)) for h in anchors]
            accepted = [(h, c) for h, c in scored if c.label in el.context]
            pick = accepted[0] if accepted else scored[0]
            hits = [h for c in all_ids + any_ids for h in by_clue.get(c, ())]
            unit = UnitHit(pick[0], pick[1], hits)
            (result.accepted if accepted else result.rejected).append(unit)
        order = lambda u: (u.anchor.block.doc_index, u.anchor.block.block.index, u.anchor.start)  # noqa: E731
        result.accepted.sort(key=order)
        result.rejected.sort(key=order)
        return result

    def _row_keys(self, doc_index: int, page: int | None, table: int | None) -> list[tuple[object, ...]]:
        key = (doc_index, page, table)
        if key not in self._rows:  # computed once per table, not once per header-row hit
            rows = {b.paragraph_key for b in self.documents[doc_index].blocks
                    if b.block.kind == "table_cell" and b.block.table == table and b.block.page == page}
            self._rows[key] = sorted(rows, key=str)
        return self._rows[key]
