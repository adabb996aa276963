"""Find where each element of a rule set is shown in a portfolio, as plain :class:`Matches`.

The portfolio is cleaned and run through spaCy once; every clue part's hits are
found (:mod:`.compile`); for each element, the scope units (sentence, paragraph
or table row, section, document) in which its clues come together are
collected with the context of their anchor (its words, :mod:`.context`, read with where it
sits, :mod:`.placement`) and a quote of it. The result holds no spaCy object, so judging it
(:mod:`evidencecheck.assess`) needs none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..matches import DocumentFacts, ElementMatch, Matches, Occurrence, TopicFacts
from ..model import Document, Portfolio
from ..parsers.cache import ParseCache
from ..rules.addresses import ElementRef, iter_clues
from ..rules.schema import Clue, Element, RuleSet
from ..terms import FIRST_HAND
from .compile import CompiledRuleSet, Hit, compile_ruleset, sentence_key
from .concreteness import (
    CONCRETE_SIGNALS,
    detailed_sentences,
    episode_sentences,
    told_sentences,
)
from .context import ContextResult, Cue
from .discourse import run_of, run_start
from .doc_types import classify, form_types, unit_types
from .keyword_lists import keyword_list_sentences
from .normalise import (
    ProcessedDocument,
    process_documents,
    sentence_number,
    sentence_of,
    sentence_spans,
)
from .pipeline import DEFAULT_MODEL, get_nlp
from .placement import CONTENTS_TITLES, NON_EVIDENCE_KINDS, WITNESS, Placement
from .quotes import quote_of
from .relevance import judge_relevance
from .signals import SIGNALS
from .signals.people import share_names
from .table_hits import table_hits

#: A heading this long is a sentence set as a heading, not a title for what follows.
MAX_HEADING_TOKENS = 16
#: The cue of a table's header row read alone, above rows that show what it names.
TABLE_HEADER = "a table's header alone"

TypeOverrides = Mapping[str, "list[str] | tuple[str, ...]"]


@dataclass
class _Unit:
    """An element's clues together in one scope unit (or a record document that shows it)."""

    anchor: Hit
    context: ContextResult
    hits: list[Hit]
    record: bool = False
    needs_detail: bool = True
    accepts: tuple[str, ...] = (FIRST_HAND,)  # the contexts the element accepts (and a detail must be in)


def _one_per_anchor(accepted: list[_Unit], rejected: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    """Units with distinct anchors, accepted ones first (a unit's context is its anchor's)."""
    seen: set[tuple[object, ...]] = set()
    out: tuple[list[_Unit], list[_Unit]] = ([], [])
    for kept, units in zip(out, (accepted, rejected)):
        for u in units:
            key = (*u.anchor.sent_key, u.anchor.start, u.anchor.end)
            if key not in seen:
                seen.add(key)
                kept.append(u)
    return out


class PortfolioMatches:
    """Clue hits over a whole processed portfolio, indexed for element evaluation."""

    def __init__(self, compiled: CompiledRuleSet, documents: list[ProcessedDocument],
                 doc_types: dict[int, tuple[str, ...]], topics: Mapping[int, TopicFacts] | None = None):
        """Index every clue hit of ``documents``.

        A document whose ``topics`` entry says it is not about the learner's work
        (:mod:`.relevance`) is not matched at all: its sentences are neither evidence nor near
        misses, and it is never a record. Giving its sentences a context that does not count
        would not be enough: talk in any context makes a criterion at risk rather than missing,
        and a denial can set off a mistake. It is left out as a document of another evidence
        type is left out for an element that names its types, and the report names it (W570).
        """
        self.compiled = compiled
        self.documents = documents
        self.doc_types = doc_types
        self.topics: dict[int, TopicFacts] = dict(topics or {})
        self.doc_paths = [d.document.path for d in documents]
        self.hits: list[Hit] = []
        self._cues: dict[int, list[Cue]] = {}
        weighed = self._weighed()
        for pdoc in weighed:
            for block in pdoc.blocks:
                self._cues[id(block.doc)] = compiled.context.cues(block.doc)
                self.hits.extend(compiled.hits(block))
        self.hits.extend(table_hits(weighed, compiled.signal_parts.get("kpi_value", []),
                                    compiled.signal_parts.get("kpi_change", [])))
        self.by_clue: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.hits:
            self.by_clue[hit.clue_id].append(hit)
        for clue_id, first in compiled.canonical.items():
            if clue_id != first and first in self.by_clue:
                self.by_clue[clue_id] = self.by_clue[first]  # a clue like another shares its hits
        self._rows: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
        # (doc, sentence, contexts) -> whether a detail of the sentence is in one of those contexts
        self._details: dict[tuple[int, int, tuple[str, ...]], bool] = {}
        # kept per question: elements (and scopes) that share clues share their grouping and units
        self._grouped_memo: dict[tuple[object, ...], dict[tuple[object, ...], dict[str, list[Hit]]]] = {}
        # accepted and rejected units, and the documents where an accepted one is concrete
        self._units_memo: dict[tuple[object, ...], tuple[list[_Unit], list[_Unit], frozenset[int]]] = {}
        self._occurrences: dict[int, tuple[_Unit, tuple[Occurrence, tuple[tuple[str, str], ...]]]] = {}
        # the paragraphs (and table rows) under each heading: a heading is context for them
        self._under: dict[tuple[object, ...], list[tuple[object, ...]]] = defaultdict(list)
        titled_contents: set[int] = set()  # documents with a contents title ("Contents")
        for pdoc in documents:
            current: tuple[object, ...] | None = None
            for block in pdoc.blocks:
                if block.block.text.strip().rstrip(":").lower() in CONTENTS_TITLES:
                    titled_contents.add(pdoc.index)
                if block.block.kind == "heading":
                    current = block.paragraph_key if len(block.doc) <= MAX_HEADING_TOKENS else None
                elif current is not None and block.block.kind not in NON_EVIDENCE_KINDS:
                    if block.paragraph_key not in self._under[current]:
                        self._under[current].append(block.paragraph_key)
        self._placement = Placement(compiled.context, documents, weighed, doc_types, self._cues,
                                    keyword_list_sentences(self.hits, compiled.anchor_owners), titled_contents)

    def _weighed(self) -> list[ProcessedDocument]:
        """The documents whose text is matched: those about the learner's work."""
        return [d for d in self.documents if self.related(d.index)]

    def related(self, doc_index: int) -> bool:
        """Whether document ``doc_index`` is about the learner's work (unjudged documents are)."""
        topic = self.topics.get(doc_index)
        return topic is None or topic.related

    @property
    def fired_phrases(self) -> frozenset[tuple[str, str]]:
        """``(part id, phrase as written)`` of every phrase hit."""
        fired = {(h.part_id, h.clue_id, entry) for h in self.hits if h.key for entry in self.compiled.phrase_entries(h)}
        return frozenset((alias, entry) for part, clue, entry in fired
                         for alias in self.compiled.aliases_of(part, clue))

    @property
    def fired_parts(self) -> frozenset[str]:
        """Ids of the clue parts that matched anywhere."""
        fired = {(h.part_id, h.clue_id) for h in self.hits}
        return frozenset(alias for part, clue in fired for alias in self.compiled.aliases_of(part, clue))

    def context_of(self, hit: Hit) -> ContextResult:
        """The context of ``hit``: its cues, read with where its sentence sits (:mod:`.placement`)."""
        return self._placement.context_of(hit)

    def unit_keys(self, hit: Hit, scope: str) -> tuple[tuple[object, ...], ...]:
        """The scope units ``hit`` falls in: one, except in ``adjacent`` scope, where a sentence is
        in the pair it makes with the sentence before it and in the pair with the one after it.
        A table row is one unit in every scope up to ``paragraph``: a table's sentence."""
        if scope == "adjacent":
            if hit.block.block.kind == "table_cell":
                return (hit.block.paragraph_key,)
            n = sentence_number(hit.block.doc, hit.start)
            return tuple((hit.block.paragraph_key, id(hit.block.doc), first) for first in (n - 1, n))
        return (self._unit_key(hit, scope),)

    def _unit_key(self, hit: Hit, scope: str) -> tuple[object, ...]:
        if scope == "sentence" and hit.block.block.kind == "table_cell":
            return hit.block.paragraph_key  # a table row is a table's sentence
        if scope == "sentence":
            # a sentence that carries on the one before it ("The session showed ...") is one unit with it
            doc = hit.block.doc
            return sentence_key(hit.block, sentence_spans(doc)[run_start(doc, sentence_number(doc, hit.start))].start)
        if scope == "paragraph":
            return hit.block.paragraph_key
        if scope == "section":
            return hit.block.section_key
        return (hit.block.doc_index,)

    def scope_units(self, ref: ElementRef, scope: str | None = None) -> dict[tuple[object, ...], dict[str, list[Hit]]]:
        """The element's clue hits grouped by scope unit: ``{unit key: {clue id: hits}}``.

        A table's header row belongs to every row of its table, and a short heading to the
        paragraphs under it (paragraph scope); documents of other evidence types than the
        element's ``evidence_types`` are left out.
        """
        el = ref.element
        canonical = self.compiled.canonical
        own = {cid: canonical.get(cid, cid) for _, cid, _ in iter_clues(ref)}
        grouped = self._grouped(tuple(dict.fromkeys(own.values())), scope or el.scope, tuple(el.evidence_types))
        return {key: {cid: by[c] for cid, c in own.items() if c in by} for key, by in grouped.items()}

    def _grouped(self, clue_ids: tuple[str, ...], scope: str,
                 evidence_types: tuple[str, ...]) -> dict[tuple[object, ...], dict[str, list[Hit]]]:
        """``{unit key: {clue id: hits}}`` for clues by their first ids (kept: elements share clues)."""
        memo_key = (clue_ids, scope, evidence_types)
        units = self._grouped_memo.get(memo_key)
        if units is None:
            units = self._grouped_memo[memo_key] = self._group(clue_ids, scope, set(evidence_types))
        return units

    def _group(self, clue_ids: tuple[str, ...], scope: str,
               evidence_types: set[str]) -> dict[tuple[object, ...], dict[str, list[Hit]]]:
        units: dict[tuple[object, ...], dict[str, list[Hit]]] = defaultdict(lambda: defaultdict(list))
        header_extra = scope in ("sentence", "paragraph", "adjacent")  # a table row is read with its header
        headings_join = scope in ("paragraph", "adjacent")
        # adjacent scope: a heading's hits join every pair of sentences in the paragraphs under it
        headings: dict[tuple[object, ...], dict[str, list[Hit]]] = defaultdict(lambda: defaultdict(list))
        pairs: dict[tuple[object, ...], set[tuple[object, ...]]] = defaultdict(set)
        for clue_id in clue_ids:
            for hit in self.by_clue.get(clue_id, ()):
                if evidence_types and not evidence_types.intersection(self.doc_types.get(hit.block.doc_index, ())):
                    continue
                if header_extra and hit.block.is_header_row:
                    # a table's header row belongs to every row of that table
                    b = hit.block.block
                    for row_key in self._row_keys(hit.block.doc_index, b.page, b.table):
                        units[row_key][clue_id].append(hit)
                    continue
                if headings_join and hit.block.block.kind == "heading":
                    # "Coaching Jordan on meter readings" makes the paragraphs under it about coaching
                    for key in self._under.get(hit.block.paragraph_key, ()):
                        (headings if scope == "adjacent" else units)[key][clue_id].append(hit)
                    continue
                for key in self.unit_keys(hit, scope):
                    units[key][clue_id].append(hit)
                    if scope == "adjacent":
                        pairs[hit.block.paragraph_key].add(key)
        for paragraph, by_clue in headings.items():
            for key in pairs.get(paragraph) or (paragraph,):
                for clue_id, hits in by_clue.items():
                    units[key][clue_id].extend(hits)
        return units

    def evaluate(self, ref: ElementRef) -> ElementMatch:
        """Find every scope unit in which the element's clues co-occur, with its context and quote.

        A criterion's sentence-scope element that is shown also gets the occurrences its clues make
        over two adjacent sentences (``nearby``): candidates for the criterion's quotes, where the
        sentence an assessor points at is often the one beside the words ("I coached Sam on his
        closing. His conversion went from 9% to 14%.").
        """
        el = ref.element
        accepted, rejected = self._units(ref, el.scope)

        def order(u: _Unit) -> tuple[int, int, int]:
            return (u.anchor.block.doc_index, u.anchor.block.block.index, u.anchor.start)

        nearby: list[_Unit] = []
        if el.scope == "sentence" and ref.owner_kind == "criteria" and len(accepted) >= el.min_hits:
            nearby = self._units(ref, "adjacent")[0]
        # hits name the first clue with their content: the element's own clue ids name its parts
        own = {self.compiled.canonical.get(cid, cid): cid for _, cid, _ in reversed(list(iter_clues(ref)))}
        named: dict[tuple[tuple[str, str], ...], tuple[str, ...]] = {}  # units share their parts' names
        return ElementMatch(
            ref=ref.ref, text=el.text, min_hits=el.min_hits,
            accepted=tuple(self._occurrence(u, own, named) for u in sorted(accepted, key=order)),
            rejected=tuple(self._occurrence(u, own, named) for u in sorted(rejected, key=order)),
            nearby=tuple(self._occurrence(u, own, named) for u in sorted(nearby, key=order)),
            per_document=el.scope == "document", record_types=tuple(el.record_types),
        )

    def _units(self, ref: ElementRef, scope: str) -> tuple[list[_Unit], list[_Unit]]:
        """The scope units in which the element's clues come together, in a context it accepts or
        not (with the record documents that show it)."""
        el = ref.element
        canonical = self.compiled.canonical
        clue_groups = [(g, canonical.get(cid, cid), c) for g, cid, c in iter_clues(ref)]
        # elements that ask the same of the same clues (by content) share the units found
        memo_key = (scope, tuple(el.evidence_types), tuple(el.context), el.concrete,
                    tuple((g, cid) for g, cid, _ in clue_groups))
        found = self._units_memo.get(memo_key)
        if found is None:
            accepted, rejected = self._find_units(el, clue_groups, scope)
            shown_in = frozenset(u.anchor.block.doc_index for u in accepted
                                 if not u.needs_detail or self._concrete(u.anchor, u.accepts))
            found = self._units_memo[memo_key] = (accepted, rejected, shown_in)
        return found[0] + self._records(ref, found[2]), list(found[1])

    def _find_units(self, el: Element, clue_groups: Sequence[tuple[str, str, Clue]],
                    scope: str) -> tuple[list[_Unit], list[_Unit]]:
        units = self._grouped(tuple(dict.fromkeys(cid for _, cid, _ in clue_groups)), scope, tuple(el.evidence_types))
        accepted: list[_Unit] = []
        rejected: list[_Unit] = []
        all_ids = [cid for g, cid, _ in clue_groups if g == "all"]
        any_ids = [cid for g, cid, _ in clue_groups if g == "any"]
        none_ids = [cid for g, cid, _ in clue_groups if g == "none"]
        # the first phrase clue of `all` names what was done: its context decides (else the `any` phrases)
        topic = [cid for g, cid, c in clue_groups if g == "all" and (c.phrases or c.patterns)][:1]
        anchor_ids = topic or [cid for g, cid, c in clue_groups if g == "any" and (c.phrases or c.patterns)]
        accepts = tuple(el.context)
        for unit_key, by_clue in units.items():
            if not all(by_clue.get(c) for c in all_ids):
                continue
            if any_ids and not any(by_clue.get(c) for c in any_ids):
                continue
            if any(by_clue.get(c) for c in none_ids):
                continue
            # a heading, page header or footer names a topic; it is not evidence of doing it, so the
            # quote comes from the body: the topic's own words there, else the other clues' words
            body = {c: [h for h in by_clue.get(c, ()) if h.block.block.kind not in NON_EVIDENCE_KINDS]
                    for c in all_ids + any_ids}
            anchors = [h for c in anchor_ids for h in body.get(c, ())] or \
                [h for c in all_ids + any_ids for h in body[c]]
            if not anchors:
                continue
            scored = [(h, self.context_of(h)) for h in anchors if not h.block.is_header_row] or \
                [(h, self.context_of(h)) for h in anchors]
            if all(h.block.is_header_row for h, _ in scored):
                scored = self._header_found(scored, unit_key)
            ok = [(h, c) for h, c in scored if c.label in el.context]
            hits = [h for c in all_ids + any_ids for h in by_clue.get(c, ())]
            denial = self._unaccepted_clue(by_clue, all_ids, anchor_ids, el.context) if ok else None
            if denial is not None:
                # a required clue only ever appears denied ("I have never seen the site plan"), or
                # only as someone else's ("My manager analysed why FCR fell to 71%")
                rejected.append(_Unit(denial[0], denial[1], hits))
                continue
            # the strongest quote: a concrete sentence that holds more of the element's clues
            clues_in: dict[tuple[object, ...], set[str]] = defaultdict(set)
            for h in hits:
                clues_in[h.sent_key].add(h.clue_id)
            pick = min(ok, key=lambda hc: self._weakness(hc[0], clues_in, accepts)) if ok else scored[0]
            anchor = self._row_cell(pick[0], unit_key, hits)
            unit = _Unit(anchor, pick[1], hits, needs_detail=el.concrete, accepts=accepts)
            (accepted if ok else rejected).append(unit)

        if scope == "adjacent":
            # a sentence is in two pairs: it is one occurrence, not two
            accepted, rejected = _one_per_anchor(accepted, rejected)
        return accepted, rejected

    def _header_found(self, scored: list[tuple[Hit, ContextResult]],
                      unit_key: tuple[object, ...]) -> list[tuple[Hit, ContextResult]]:
        """Anchors found only in a column header say what the rows under it say: a template's
        example row is not the learner's ("| Adviser | Target |" over "| Example | 20 sales |"). A
        header row alone, over rows of data, shows nothing ("Target" is no measurable objective):
        each row, read with the header, is the evidence."""
        header = scored[0][0].block
        b = header.block
        rows = [k for k in self._row_keys(header.doc_index, b.page, b.table) if k != header.paragraph_key]
        if unit_key == header.paragraph_key:
            # the header's own unit: with rows under it, they show what it names; it shows nothing
            examples = [self._placement.example_row(k) for k in rows]
            cue = (examples[0] if all(examples) else TABLE_HEADER) if rows else None
        else:
            cue = self._placement.example_row(unit_key)
        return scored if cue is None else [(h, ContextResult("generic", cue)) for h, _ in scored]

    @staticmethod
    def _row_cell(anchor: Hit, unit_key: tuple[object, ...], hits: list[Hit]) -> Hit:
        """The hit that shows a table row found through its column header ("Target"): the row's own
        cell that matched (a header alone shows nothing, and is no quote); else ``anchor``."""
        if not anchor.block.is_header_row or anchor.block.paragraph_key == unit_key:
            return anchor
        return next((h for h in hits if h.block.paragraph_key == unit_key), anchor)

    def _occurrence(self, unit: _Unit, own: Mapping[str, str],
                    named: dict[tuple[tuple[str, str], ...], tuple[str, ...]]) -> Occurrence:
        """The unit as an :class:`Occurrence` whose parts are named by the element's own clue ids
        (``named`` keeps the names an element gave each set of parts)."""
        kept = self._occurrences.get(id(unit))
        if kept is None or kept[0] is not unit:
            kept = self._occurrences[id(unit)] = (unit, self._new_occurrence(unit))
        occurrence, pairs = kept[1]
        parts = named.get(pairs)
        if parts is None:
            parts = named[pairs] = tuple(dict.fromkeys(own[clue] + part[len(clue):] if clue in own else part
                                                       for part, clue in pairs))
        return Occurrence(occurrence.doc_index, occurrence.block_index, occurrence.evidence, parts,
                          occurrence.concrete, occurrence.detailed, occurrence.habitual)

    def _new_occurrence(self, unit: _Unit) -> tuple[Occurrence, tuple[tuple[str, str], ...]]:
        """The occurrence without its parts, and its hits' ``(part id, clue id)`` (first clue ids)."""
        block = unit.anchor.block
        pairs = tuple(dict.fromkeys((h.part_id, h.clue_id) for h in [unit.anchor, *unit.hits]))
        given = unit.record or not unit.needs_detail  # a record, or an element that needs no detail
        concrete = given or self._concrete(unit.anchor, unit.accepts)
        return Occurrence(
            doc_index=block.doc_index, block_index=block.block.index,
            evidence=quote_of(unit.anchor, unit.hits, unit.context, self.doc_paths),
            concrete=concrete,
            detailed=given or self._concrete(unit.anchor, unit.accepts, told=False),
            habitual=concrete and not (given or self._concrete(unit.anchor, unit.accepts, beyond_frequency=True)),
        ), pairs

    def _records(self, ref: ElementRef, shown_in: frozenset[int]) -> list[_Unit]:
        """A dated or signed document of a record type shows the element by being there, quoted by its
        first sentence or row on the element's topic (by its title when none is in its body). A
        witness testimony is no record of another kind: a manager's statement that mentions the
        weekly stats describes the work, it is not the KPI report (a signed review form that
        also says "I can confirm" is still the form)."""
        wanted = set(ref.element.record_types)
        groups = list(iter_clues(ref))
        # the record must be about the element's topic: its `any` clues, else its first `all` clue
        topic = [cid for g, cid, _ in groups if g == "any"] or [cid for g, cid, _ in groups if g == "all"][:1]
        units = []
        for pdoc in self._weighed():
            types = self.doc_types.get(pdoc.index, ())
            # a witness testimony (its kind first) describes the work: it is no record of another kind
            testimony = bool(types) and types[0] == WITNESS and WITNESS not in wanted
            if pdoc.index in shown_in or not wanted & set(types) or testimony or not pdoc.blocks:
                continue
            if topic and not any(h.block.doc_index == pdoc.index for c in topic for h in self.by_clue.get(c, ())):
                continue  # a compliance dashboard is not a record of sales
            if not any(SIGNALS["date"].detect(b.doc) or SIGNALS["signature_block"].detect(b.doc) for b in pdoc.blocks):
                continue  # an undated, unsigned form is not yet a record
            # quoted by the first of its own sentences or rows on the topic: a title alone shows nothing
            body = [h for c in topic for h in self.by_clue.get(c, ()) if h.block.doc_index == pdoc.index
                    and h.block.block.kind not in NON_EVIDENCE_KINDS and not h.block.is_header_row]
            if body:
                first = min(body, key=lambda h: (h.block.block.index, h.start))
                block, start, end = first.block, first.start, first.end
            else:
                block = next((b for b in pdoc.blocks if b.block.kind == "heading"), pdoc.blocks[0])
                sent = sentence_of(block.doc, 0)
                start, end = sent.start, sent.end
            anchor = Hit(f"{ref.path}.record_types", f"{ref.path}.record_types", block, start, end)
            units.append(_Unit(anchor, ContextResult(FIRST_HAND), [], record=True))
        return units

    def _unaccepted_clue(self, by_clue: dict[str, list[Hit]], all_ids: list[str], anchor_ids: list[str],
                         accepted: Sequence[str]) -> tuple[Hit, ContextResult] | None:
        """A required clue other than the anchor that the unit never shows in a context the element
        accepts, with that context: every hit denied ("I have never seen the site plan"), else no hit
        in the body accepted ("My manager analysed why FCR fell to 71%": the analysis is hers, though
        the figures are in the learner's sentence)."""
        others = [c for c in all_ids if c not in anchor_ids]
        for clue_id in others:
            contexts = [(h, self.context_of(h)) for h in by_clue[clue_id]]
            if contexts and all(c.label == "negated" for _, c in contexts):
                return contexts[0]
        for clue_id in others:
            contexts = [(h, self.context_of(h)) for h in by_clue[clue_id]
                        if h.block.block.kind not in NON_EVIDENCE_KINDS and not h.block.is_header_row]
            if contexts and not any(c.label in accepted for _, c in contexts):
                return contexts[0]
        return None

    def _weakness(self, anchor: Hit, clues_in: dict[tuple[object, ...], set[str]],
                  accepts: tuple[str, ...]) -> tuple[int, int]:
        """Sorts an element's candidate anchors: concrete first, then those sharing a sentence with most clues."""
        together = len(clues_in[anchor.sent_key])
        return (0 if self._concrete(anchor, accepts) else 1, -together)

    def _concrete(self, anchor: Hit, accepts: tuple[str, ...], told: bool = True,
                  beyond_frequency: bool = False) -> bool:
        """Whether the anchor's sentence (or table row) has a concrete detail in a context the
        element ``accepts`` or (``told``) tells an episode. A date, figure or name in a plan or a
        hypothetical is no detail of something done: "I coach the team and will review it with
        each of them on 3 May". The anchor's sentence and those linked to it (:mod:`.discourse`: "I
        coached Sam on his closing. He made 14 sales.") tell one episode. With ``beyond_frequency``
        saying how often ("we hold one-to-ones monthly") is no detail."""
        block = anchor.block
        if block.block.kind == "table_cell":
            return True
        doc = block.doc
        run = run_of(doc, sentence_number(doc, anchor.start))
        detailed = episode_sentences(doc) if beyond_frequency else detailed_sentences(doc)
        if any(n in detailed and self._detail_in(doc, n, accepts) for n in run):
            return True
        return told and any(n in told_sentences(doc) for n in run)

    def _detail_in(self, doc: Doc, number: int, accepts: tuple[str, ...]) -> bool:
        """Whether sentence ``number`` of ``doc`` has a concrete detail in one of the contexts ``accepts``."""
        key = (id(doc), number, accepts)
        found = self._details.get(key)
        if found is None:
            sent = sentence_spans(doc)[number]
            found = self._details[key] = any(
                self.compiled.context.classify(doc, a, b, self._cues[id(doc)]).label in accepts
                for name in CONCRETE_SIGNALS for a, b in SIGNALS[name].detect(doc) if sent.start <= a < sent.end)
        return found

    def _row_keys(self, doc_index: int, page: int | None, table: int | None) -> list[tuple[object, ...]]:
        key = (doc_index, page, table)
        if key not in self._rows:  # computed once per table, not once per header-row hit
            rows = {b.paragraph_key for b in self.documents[doc_index].blocks
                    if b.block.kind == "table_cell" and b.block.table == table and b.block.page == page}
            self._rows[key] = sorted(rows, key=str)
        return self._rows[key]

    def document_facts(self) -> tuple[DocumentFacts, ...]:
        """Types, signature, date and topic of every document."""
        facts = []
        for pdoc in self.documents:
            signed = any(SIGNALS["signature_block"].detect(b.doc) for b in pdoc.blocks)
            dated = any(SIGNALS["date"].detect(b.doc) for b in pdoc.blocks)
            facts.append(DocumentFacts(pdoc.document.path, self.doc_types[pdoc.index], signed, dated,
                                       self.topics.get(pdoc.index, TopicFacts())))
        return tuple(facts)


def match_portfolio(
    ruleset: RuleSet,
    portfolio: Portfolio,
    *,
    nlp: Language | None = None,
    model: str = DEFAULT_MODEL,
    type_overrides: TypeOverrides | None = None,
) -> Matches:
    """Match every element of ``ruleset`` in ``portfolio``.

    Args:
        ruleset: The unit's rules.
        portfolio: Parsed evidence.
        nlp: A spaCy pipeline from :func:`evidencecheck.nlp.pipeline.get_nlp`; built when omitted.
        model: Pipeline name used when ``nlp`` is omitted.
        type_overrides: Evidence types to use for some documents (by path) instead of classifying them.

    Returns:
        Every element's occurrences, document facts and the clue parts that fired.
    """
    pm = portfolio_matches(ruleset, portfolio, nlp=nlp, model=model, type_overrides=type_overrides)
    return matches_of(pm)


def matches_of(pm: PortfolioMatches) -> Matches:
    """The :class:`Matches` value of already indexed hits (:func:`portfolio_matches`)."""
    elements = {ref.ref: pm.evaluate(ref) for ref in pm.compiled.elements}
    return Matches(pm.compiled.ruleset.id, pm.document_facts(), elements, pm.fired_parts, pm.fired_phrases)


def _with_unit_types(document: Document, ruleset: RuleSet) -> tuple[str, ...]:
    """The document's evidence types: the unit's own types it is named as first, then the built-in ones."""
    built_in = classify(document)
    if not ruleset.evidence_types:
        return built_in
    own = unit_types(document, {t: d.names for t, d in ruleset.evidence_types.items()})
    return own + tuple(t for t in built_in if t != "other") if own else built_in


def portfolio_matches(
    ruleset: RuleSet,
    portfolio: Portfolio,
    *,
    nlp: Language | None = None,
    model: str = DEFAULT_MODEL,
    type_overrides: TypeOverrides | None = None,
    cache: ParseCache | None = None,
) -> PortfolioMatches:
    """The indexed clue hits of ``portfolio`` (for tools that look inside matching).

    ``cache`` keeps the pipeline's annotations of each document (see :func:`process_documents`).
    """
    nlp = nlp or get_nlp(model)
    docs = list(portfolio.documents)
    overrides = type_overrides or {}
    types = {i: tuple(overrides.get(d.path) or _with_unit_types(d, ruleset)) for i, d in enumerate(docs)}
    topics = {i: document_topic(d, ruleset, types[i]) for i, d in enumerate(docs)}
    processed = process_documents(nlp, docs, cache)
    share_names((block.doc for pdoc in processed for block in pdoc.blocks), _table_columns(processed))
    return PortfolioMatches(compile_ruleset(ruleset, nlp), processed, types, topics)


def _table_columns(documents: Sequence[ProcessedDocument]) -> list[list[Doc]]:
    """The docs of each table column's cells, header row aside."""
    columns: dict[tuple[object, ...], list[Doc]] = defaultdict(list)
    for pdoc in documents:
        for block in pdoc.blocks:
            b = block.block
            if b.kind == "table_cell" and not block.is_header_row:
                columns[(pdoc.index, b.page, b.table, b.column)].append(block.doc)
    return list(columns.values())


def document_topic(document: Document, ruleset: RuleSet, evidence_types: Sequence[str] | None = None) -> TopicFacts:
    """Whether ``document`` is about the learner's work (:mod:`.relevance`).

    Args:
        document: The parsed document.
        ruleset: The unit's rules: a document of a kind the unit declares is always about the work,
            as is one of a kind known by its form (a rota).
        evidence_types: Its evidence types; classified as matching classifies them when omitted.
    """
    types = _with_unit_types(document, ruleset) if evidence_types is None else evidence_types
    return judge_relevance(document, types, trusted_types=form_types() | set(ruleset.evidence_types))


__all__ = ["PortfolioMatches", "document_topic", "match_portfolio", "matches_of", "portfolio_matches"]
