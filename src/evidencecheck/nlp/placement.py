"""Where a sentence sits changes what it says: a hit's context read with the portfolio's structure.

The context classifier (:mod:`.context`) reads a sentence's own words: "I would", "never", "my
manager". Some sentences say less than their words because of where they are, and only the
portfolio's layout shows it:

* a table of contents' entry names a section, it shows nothing done;
* a direct question ("How did you share the workload fairly?") asserts nothing, unless it is
  answered yes beside it;
* a template's example ("e.g. Priya: 20 sales by Friday", a row headed "Example") is not the
  learner's;
* a short sentence that strings together several criteria's keywords is general talk
  (:mod:`.keyword_lists`);
* in a witness testimony the writer's "I" is the witness, not the learner;
* in the learner's own account "you" as a clause's subject is anyone, not the learner;
* a table row whose value cell denies it ("| Team briefings | None |") is a denial;
* a list item finishes its lead-in's sentence ("A good team leader should:").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ..terms import FIRST_HAND
from .compile import Hit
from .context import PRIORITY, ContextClassifier, ContextResult, Cue, tells_own_work
from .normalise import ProcessedBlock, ProcessedDocument, sentence_of
from .syntax import clause_of, parsed, span_root, subject_of

NON_EVIDENCE_KINDS = ("heading", "header", "footer")
WITNESS = "witness-testimony"
#: A block that titles a table of contents: only a document with one has contents entries.
CONTENTS_TITLES = frozenset({"contents", "table of contents", "contents page", "index"})
_ANSWER_TOKENS = 8  # a question's answer is read from the words just after it ("? - Yes, seen")
#: A template's illustration opens with "e.g."; a table's example row may instead have a cell that
#: is "Example" ("Example 1", "Example row") or opens "Example:".
_EXAMPLE = re.compile(r"\s*(?:e\.\s?g\.?|eg\.)(?=\W)", re.IGNORECASE)
_EXAMPLE_CELL = re.compile(r"\s*example(?:\s+(?:row|entry|\d+))?\s*(?::|[.)\-\u2013]?\s*$)", re.IGNORECASE)
#: The cue of a clause whose subject is "you" in the learner's own account: anyone, not the learner.
GENERIC_YOU = "\u201cyou\u201d in general"
#: Evidence types in which "you" is the reader in general; elsewhere (a witness testimony, an
#: email, an observation, a professional discussion) it is the person addressed, often the learner.
_GENERAL_YOU_TYPES = frozenset({"reflective-account", "other"})
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})
ROW_DENIAL_WORDS = 4  # a table cell that denies its row is short: "None", "None since March", "Not yet"


def _illustration(block: ProcessedBlock) -> str | None:
    """The "e.g." opening ``block``, unless the writer speaks in the first person in it: a
    template's "e.g. Coached Sam on closing" illustrates, "e.g. I coached Sam" is the learner's."""
    m = _EXAMPLE.match(block.block.text)
    return m.group().strip() if m and not tells_own_work(block.doc, past=False) else None


class Placement:
    """Reads each hit's context with where its sentence sits in the portfolio."""

    def __init__(self, context: ContextClassifier, documents: Sequence[ProcessedDocument],
                 weighed: Sequence[ProcessedDocument], doc_types: Mapping[int, tuple[str, ...]],
                 cues: Mapping[int, list[Cue]], keyword_lists: Collection[tuple[object, ...]],
                 titled_contents: Collection[int]):
        """Keep what the reading needs; every table, list and answer is read on first demand.

        Args:
            context: The rule set's context classifier.
            documents: Every processed document (a table's cells are read in any of them).
            weighed: The documents whose text is matched (list lead-ins are read in them).
            doc_types: Each document's evidence types, by index.
            cues: Each block doc's context cues, by ``id`` of the doc.
            keyword_lists: The sentence keys of keyword-list sentences.
            titled_contents: The indexes of documents with a contents title ("Contents").
        """
        self.context = context
        self.documents = documents
        self.weighed = weighed
        self.doc_types = doc_types
        self.cues = cues
        self.keyword_lists = keyword_lists
        self.titled_contents = titled_contents
        self._contexts: dict[tuple[int, int, int], ContextResult] = {}
        self._contents: dict[int, str | None] = {}  # a block's contents-entry cue, by id
        self._cells: dict[tuple[object, ...], list[ProcessedBlock]] | None = None  # a row's cells, on demand
        self._leads: dict[int, ProcessedBlock] | None = None  # a list item's lead-in block, on demand

    def context_of(self, hit: Hit) -> ContextResult:
        """The context of ``hit`` (the same for every clue part that matched its span: kept)."""
        key = (id(hit.block), hit.start, hit.end)
        result = self._contexts.get(key)
        if result is None:
            result = self._contexts[key] = self._context(hit)
        return result

    def _context(self, hit: Hit) -> ContextResult:
        doc = hit.block.doc
        result = self.context.classify(doc, hit.start, hit.end, self.cues[id(doc)])
        if result.label != FIRST_HAND:
            return result  # only what reads as first-hand can say less because of where it sits
        cue = self._contents_entry(hit.block) or self._unanswered_question(hit) or self.example_entry(hit.block)
        if cue is not None:
            return ContextResult("generic", cue)
        if hit.sent_key in self.keyword_lists:
            return ContextResult("generic", "lists keywords with no concrete example")
        if self._generic_you(hit):
            return ContextResult("generic", GENERIC_YOU)
        if self._witness_speaks(hit):
            return ContextResult("other_actor", "the witness's own \u201cI\u201d")
        denial = self._row_denial(hit)
        if denial is not None:
            return ContextResult("negated", denial)
        if hit.block.block.kind == "list_item":
            lead = self._lead_in_context(hit.block)
            if lead is not None:
                return lead
        return result

    def _lead_in_context(self, item: ProcessedBlock) -> ContextResult | None:
        """The context a list's lead-in gives its items: the items finish its sentence, so after
        "A good team leader should:", "If I had more time I would:" or "We did not manage to:" a
        bullet is generic, hypothetical or denied as the lead-in is, and after a lead-in offering
        options ("Ways to motivate a team include:") an item is general talk."""
        lead = self._lead_ins().get(id(item))
        if lead is None or not lead.doc.text.rstrip().endswith(":"):
            return None
        doc = lead.doc
        last = sentence_of(doc, len(doc) - 1)
        found = [c for c in self.cues[id(doc)] if last.start <= c.start and c.category != "other_actor"]
        if not found:
            # "Ways to motivate a team include:" offers options; an item that tells its own work
            # ("I thanked Sam at the huddle") is the learner's account whatever the lead-in
            option = self.context.offers_options(last)
            return ContextResult("generic", option) if option and not tells_own_work(item.doc) else None
        best = min(found, key=lambda c: PRIORITY.index(c.category))
        return ContextResult(best.category, best.text)

    def _lead_ins(self) -> dict[int, ProcessedBlock]:
        """Each list item's lead-in: the block before the list it belongs to (computed once)."""
        if self._leads is None:
            self._leads = {}
            for pdoc in self.weighed:
                before: ProcessedBlock | None = None
                for block in pdoc.blocks:
                    if block.block.kind == "list_item":
                        if before is not None:
                            self._leads[id(block)] = before
                    elif block.block.kind not in NON_EVIDENCE_KINDS:
                        before = block
        return self._leads

    def _contents_entry(self, block: ProcessedBlock) -> str | None:
        """The cue of a block that is a table of contents' entry (kept: every hit in it asks). Only
        a document with a contents title has entries: "Average handling time ........ 245" in a KPI
        report is a figure."""
        if block.doc_index not in self.titled_contents:
            return None
        key = id(block)
        if key not in self._contents:
            self._contents[key] = self.context.contents_entry(block.block.text)
        return self._contents[key]

    def _unanswered_question(self, hit: Hit) -> str | None:
        """The cue of a direct question holding the hit, unless it is answered yes beside it.

        "How did you make sure the workload was fair?" (an assignment's or a witness form's question)
        shows nothing done; "Were one-to-ones held? Yes, monthly" and a question in a table cell with
        "Yes" to its right are read as the answer says.
        """
        doc, context = hit.block.doc, self.context
        sent = sentence_of(doc, hit.start)
        cue = context.question(sent)
        if cue is None:
            return None
        if context.affirms(doc[sent.end:sent.end + _ANSWER_TOKENS].text):
            return None
        answered = any(context.affirms(cell.block.text) for cell in self._cells_right_of(hit.block))
        return None if answered else cue

    def example_entry(self, block: ProcessedBlock) -> str | None:
        """The cue of a template's illustration, which shows nothing the learner did: a paragraph,
        list item or table row opening "e.g." ("e.g. Priya: 20 sales by Friday"), or a table's
        data row with a cell that is "Example" (a course template's example row). An "e.g." in the
        first person ("e.g. I coached Sam on 3 May") is the learner's evidence."""
        if block.block.kind != "table_cell":
            return _illustration(block)
        return None if block.is_header_row else self.example_row(block.paragraph_key)

    def example_row(self, row: tuple[object, ...]) -> str | None:
        """The cue of table row ``row`` (its paragraph key) when it is a template's example row."""
        for cell in self._cells_of(row):
            marked = _EXAMPLE_CELL.match(cell.block.text)
            cue = _illustration(cell) or (marked.group().strip() if marked else None)
            if cue:
                return cue
        return None

    def _row_denial(self, hit: Hit) -> str | None:
        """A table row whose value says the thing did not happen: "| Team briefings | None |".

        The value is a short cell (a few words) to the right of the hit's, starting with a denial
        ("None", "N/A", "Never", "None since March", a lone "No"); the form-field rule, read across a row.
        """
        for cell in self._cells_right_of(hit.block):
            if self.context.denies(cell.block.text, ROW_DENIAL_WORDS):
                return cell.block.text.strip()
        return None

    def _cells_right_of(self, block: ProcessedBlock) -> list[ProcessedBlock]:
        """The cells of a data row to the right of ``block`` (none for anything but a data cell)."""
        if block.block.kind != "table_cell" or block.is_header_row:
            return []
        column = block.block.column or 0
        return [cell for cell in self._row_cells(block) if (cell.block.column or 0) > column]

    def _row_cells(self, block: ProcessedBlock) -> list[ProcessedBlock]:
        return self._cells_of(block.paragraph_key)

    def _cells_of(self, row: tuple[object, ...]) -> list[ProcessedBlock]:
        if self._cells is None:
            self._cells = defaultdict(list)
            for pdoc in self.documents:
                for b in pdoc.blocks:
                    if b.block.kind == "table_cell":
                        self._cells[b.paragraph_key].append(b)
        return self._cells.get(row, [])

    def _generic_you(self, hit: Hit) -> bool:
        """In the learner's own account a clause whose subject is "you" speaks of anyone ("As a team
        leader you hold one-to-ones every month"), not of what the learner did; in a witness
        testimony, an email or an observation "you" is the person addressed, and quoted speech
        ("Sam said \u201cyou helped me\u201d") keeps its speaker's "you"."""
        if set(self.doc_types.get(hit.block.doc_index, ())) - _GENERAL_YOU_TYPES:
            return False
        doc = hit.block.doc
        if not parsed(doc):
            return False
        subject = subject_of(clause_of(span_root(doc, hit.start, hit.end)))
        if subject is None or subject.lower_ != "you":
            return False
        return not any(t.text in _QUOTE_MARKS for t in sentence_of(doc, hit.start))

    def _witness_speaks(self, hit: Hit) -> bool:
        """In a witness testimony the writer's "I" is the witness, not the learner ("I set the targets"),
        except where what the witness handles is someone else's: in "I receive Aisha's monthly KPI
        report" or "I have read her appraisal forms" the report and the forms are the learner's."""
        doc = hit.block.doc
        if WITNESS not in self.doc_types.get(hit.block.doc_index, ()) or not parsed(doc):
            return False
        root = span_root(doc, hit.start, hit.end)
        subject = subject_of(clause_of(root))
        if subject is None or subject.lower_ not in ("i", "me", "myself"):
            return False
        thing = root.head if root.dep_ in ("compound", "amod") and root.head.i != root.i else root
        # the possessor may hang on the noun or on a modifier before it ("Sam's KPI report")
        phrase = [thing, *(c for c in thing.children if c.dep_ in ("compound", "amod"))]
        return not any(c.dep_ == "nmod:poss" and (c.lower_ in ("her", "his", "their") or c.pos_ == "PROPN")
                       for t in phrase for c in t.children)


__all__ = ["CONTENTS_TITLES", "NON_EVIDENCE_KINDS", "ROW_DENIAL_WORDS", "WITNESS", "Placement"]
