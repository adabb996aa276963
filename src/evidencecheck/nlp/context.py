"""Context of a match: first-hand, negated, hypothetical, generic, future or someone else's.

In the manner of medspaCy's ConText: cue phrases (``data/context.yaml``) cover
the words after or before them. With a dependency parse, a cue covers its own
clause and the clauses it governs (modals and plans also their adverbial
clauses; "no" and "without" only their noun phrase; a modal in speech reported
in the past is a decision, not a hypothesis); without one, a window of words up
to a terminator ("but", ";"...). A phrase that falls under a cue takes the cue's category; a
phrase under no cue is first-hand. Pseudo cues ("not only", "no longer",
"as a team leader") are never cues. Some terminators end one category only: "until"
ends a negation ("No changes went live until the team agreed"), not a plan. An ``other_actor`` cue counts only as the
subject: "my manager set the targets", not "I asked my manager".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..terms import FIRST_HAND, ContextLabel
from .normalise import sentence_of
from .syntax import (
    FIRST_PERSON,
    THIRD_PERSON,
    clause_of,
    has_subject,
    intended_by,
    marked_complement,
    negation_reaches,
    other_persons_state,
    parsed,
    reaches,
    reported_in_past,
    span_root,
    subject_of,
)
from .yaml_data import load_data

#: A dot (or tab) leader and a page number ending a line: an entry of a table of contents.
_CONTENTS_LINE = re.compile(r"(?:\.{4,}|\u2026{2,}|(?:\. ){3,}|\t)\s*\d{1,3}$")
_CONTENTS_TAIL = 16
FIELD_LABEL_TAIL = 4  # words a form field's label may run on after the matched phrase, before its colon
_LABEL_PUNCT = frozenset("-/&'()")  # inside a label ("One-to-ones", "1:1s / catch-ups (team)")
PRIORITY: tuple[ContextLabel, ...] = ("negated", "hypothetical", "generic", "future", "other_actor")
_SELF = {"i", "we", "me", "us", "myself", "ourselves"}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "nsubj:outer", "nsubjpass"})


_Pattern = list[dict[str, Any]]


def _joined_team(words: list[str]) -> tuple[_Pattern, _Pattern]:
    """Token patterns for a cue "... the W team" joined with another team's name: "the W and X
    team", "the X and W team"."""
    lead: _Pattern = [{"LOWER": w} for w in words[:-2]]
    name: dict[str, Any] = {"LOWER": words[-2]}
    join: dict[str, Any] = {"LOWER": {"IN": ["and", "&"]}}
    other: dict[str, Any] = {"IS_ALPHA": True}
    team: dict[str, Any] = {"LOWER": "team"}
    return [*lead, name, join, other, team], [*lead, other, join, name, team]


@dataclass(frozen=True)
class Cue:
    """A context cue found in a document."""

    category: ContextLabel
    direction: str  # "forward" or "backward"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ContextResult:
    """The context of one matched span and the cue that decided it."""

    label: ContextLabel
    cue: str | None = None


_OWN = FIRST_PERSON | {"my", "our"}


def tells_own_work(words: Doc | Span, *, past: bool = True) -> bool:
    """Whether ``words`` speak of the writer's own work: a first person, or (with ``past``) a verb
    in the past ("Incentives used in May", "what was tried") rather than after a modal ("what
    could be improved")."""
    if any(t.lower_ in _OWN for t in words):
        return True
    if not past:
        return False
    modal = any(t.tag_ == "MD" for t in words)
    return any(t.tag_ == "VBD" or t.tag_ == "VBN" and not modal for t in words)


@lru_cache(maxsize=1)
def _config() -> dict:  # type: ignore[type-arg]
    return load_data("context.yaml")  # type: ignore[no-any-return]


class ContextClassifier:
    """Finds context cues in documents and classifies matched spans."""

    def __init__(self, nlp: Language, extra: Sequence[tuple[str, str, Sequence[str]]] = ()):
        """Build the matchers from ``context.yaml``, plus ``extra`` cues ``(category, direction, phrases)``
        a unit declares for itself."""
        cfg = _config()
        self.window: int = cfg["window"]
        self.terminators = set(cfg["terminators"])
        self.comma_transparent = set(cfg["comma_transparent"])
        self.windows: dict[str, int] = cfg.get("windows", {})
        self.sentence_wide = set(cfg.get("sentence_wide", ()))
        self.category_terminators: dict[str, set[str]] = {
            cat: set(words) for cat, words in (cfg.get("category_terminators") or {}).items()}
        self.field_denials = set(cfg.get("field_denials", ()))
        options = "|".join(re.escape(p) for p in cfg.get("option_lead_ins", ()))
        self.option_lead_ins = re.compile(rf"\b(?:{options})\b", re.IGNORECASE)
        self.question_openers = frozenset(cfg.get("question_openers", ()))
        self.answers_yes = frozenset(cfg.get("answers_yes", ()))
        self.ticked = frozenset(cfg.get("ticked", ()))
        self.unticked = frozenset(cfg.get("unticked", ()))
        self.boxes = self.ticked | self.unticked
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.joined = Matcher(nlp.vocab)  # "the quality and compliance team" for "the quality team"
        self.pseudo = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.pseudo.add("pseudo", [nlp.make_doc(p) for p in cfg["pseudo"]])
        self._keys: dict[int, tuple[ContextLabel, str]] = {}
        for category, directions in cfg["cues"].items():
            if category not in PRIORITY:
                raise ValueError(f"context.yaml: unknown cue category '{category}'")
            for direction, phrases in directions.items():
                self._add(nlp, category, direction, phrases)
        for category, direction, phrases in extra:
            if category not in PRIORITY:
                raise ValueError(f"unknown cue category '{category}'")
            self._add(nlp, category, direction, phrases)

    def _add(self, nlp: Language, category: str, direction: str, phrases: Sequence[str]) -> None:
        key = f"{category}:{direction}"
        self.matcher.add(key, [nlp.make_doc(p) for p in phrases])
        self._keys[nlp.vocab.strings[key]] = (category, direction)  # type: ignore[assignment]
        joined = [_joined_team(words) for p in phrases
                  if (words := [t.lower_ for t in nlp.make_doc(p)])[-1:] == ["team"] and words[-3:-2] == ["the"]]
        if joined:
            self.joined.add(key, [pattern for pair in joined for pattern in pair])

    def cues(self, doc: Doc) -> list[Cue]:
        """All cues in ``doc`` not covered by a pseudo cue (longest match wins)."""
        pseudo = {i for _, s, e in self.pseudo(doc) for i in range(s, e)}
        found: list[Cue] = []
        matches = sorted([*self.matcher(doc), *self.joined(doc)], key=lambda m: (m[1], -(m[2] - m[1])))
        taken: set[int] = set()
        for match_id, start, end in matches:
            if any(i in pseudo or i in taken for i in range(start, end)):
                continue
            category, direction = self._keys[match_id]
            taken.update(range(start, end))
            found.append(Cue(category, direction, start, end, doc[start:end].text))
        return found

    def classify(self, doc: Doc, start: int, end: int, cues: list[Cue]) -> ContextResult:
        """Classify the token span ``[start, end)`` of ``doc`` given its ``cues``."""
        sent = sentence_of(doc, start)
        hits: list[Cue] = []
        tree = parsed(doc)
        target = span_root(doc, start, end) if tree else None
        for cue in cues:
            if cue.start < sent.start or cue.end > sent.end:
                continue
            if cue.start < end and cue.end > start:
                continue  # the cue is part of the matched phrase itself
            if cue.category in self.sentence_wide:
                hits.append(cue)
                continue
            if cue.direction == "forward" and cue.end <= start:
                gap = range(cue.end, start)
            elif cue.direction == "backward" and cue.start >= end:
                gap = range(end, cue.start)
            else:
                continue
            if target is not None:
                # with a parse the clause decides how far a cue reaches, not a count of words
                cue_root = span_root(doc, cue.start, cue.end)
                if cue.category == "negated":
                    if not negation_reaches(cue_root, target, marked_complement(doc, cue.start, cue.end)):
                        continue  # "without the new starters" denies the starters, not the huddle
                    state = other_persons_state(cue_root)
                    if state is not None:
                        # "Ryan is not bothered about prizes" tells how Ryan is: talk, not a denial
                        hits.append(Cue("generic", "forward", state.start, state.end, state.text))
                        continue
                elif not reaches(cue_root, target, adverbial=cue_root.dep_ != "mark"):
                    continue  # the cue belongs to another clause ("if the queue was quiet..., and I thanked Dev")
                elif cue.category in ("hypothetical", "future") and cue_root.dep_ == "aux" and reported_in_past(cue_root):
                    continue  # "I told them that from Monday Aled would take the calls": decided then
            elif len(gap) > self.windows.get(cue.category, self.window) or self._blocked(doc, gap, cue.category):
                continue
            if cue.category == "other_actor" and cue.direction == "forward" and not self._is_subject(doc, cue, sent.start):
                continue
            hits.append(cue)
        denial = self._field_denial(doc, sent, end) or self._box_denial(doc, sent, start, end)
        if denial is not None:
            hits.append(denial)
        if not hits and target is not None:
            antecedent = self._acting_for(doc, target, sent, cues)
            if antecedent is not None:
                hits.append(antecedent)
        intent = intended_by(target) if target is not None else None
        if intent is not None and not start <= intent.i < end:
            hits.append(Cue("future", "forward", intent.i, intent.i + 1, intent.text))
        if not hits:
            return ContextResult(FIRST_HAND)
        best = min(hits, key=lambda c: PRIORITY.index(c.category))
        return ContextResult(best.category, best.text)

    def offers_options(self, lead_in: Span) -> str | None:
        """The cue of a list's lead-in that offers options rather than telling what was done: "Ways to
        motivate a team include:", "Possible motivators:". A first person ("Ways I motivated the
        team:") or a past verb ("Incentives used in May:") makes it the learner's account."""
        found = self.option_lead_ins.search(lead_in.text)
        return None if found is None or tells_own_work(lead_in) else found.group()

    def denies(self, value: str, max_words: int | None = None) -> bool:
        """Whether a form field's or table cell's value says its label did not happen: it starts
        with "none", "n/a", "never", "not"... or is just "No" (at most ``max_words`` words).

        A value of tick boxes is read as the option ticked ("☐ Yes ☒ No" is "No"); boxes with none
        ticked, or a lone empty box or cross, deny the label.
        """
        option = self.ticked_option(value)
        if option is not None:
            if option == "":
                return True
            value = option
        words = value.split()
        if not words or max_words is not None and len(words) > max_words:
            return False
        first = words[0].lower().rstrip(".,;:!")
        return first in self.field_denials or first == "no" and len(words) == 1

    def _field_denial(self, doc: Doc, sent: Span, end: int) -> Cue | None:
        """A form field's value that denies the label the span is in ("Team briefings: none since March").

        The span must be in the label: the colon comes after it, within a few words, with no
        other punctuation between; the cue is the value's first word.
        """
        for i in range(end, min(sent.end, end + FIELD_LABEL_TAIL + 1)):
            tok = doc[i]
            if tok.text == ":":
                value = next((t for t in doc[i + 1:sent.end] if not t.is_space), None)
                if value is None:
                    return None
                last = value.i  # the value's first word as written: "N/A" is three tokens
                while last + 1 < sent.end and not doc[last].whitespace_ and not doc[last + 1].is_space:
                    last += 1
                text = doc[value.i:sent.end].text
                if self.denies(text):
                    shown = self.ticked_option(text) or doc[value.i:last + 1].text  # "☐ Yes ☒ No" shows "No"
                    return Cue("negated", "backward", value.i, last + 1, shown)
                return None
            if tok.is_punct and tok.text not in _LABEL_PUNCT or tok.is_space and "\n" in tok.text:
                return None
        return None

    def question(self, sent: Span) -> str | None:
        """The opening of ``sent`` when it is a direct question ("How did you allocate the work?",
        "Q3: Were targets agreed?"), as a cue to show ("How \u2026?"); None for any other sentence.

        Only the sentence's opening word decides: "I asked the team how we could cut AHT?" is the
        learner's own sentence, whatever its last mark.
        """
        words = [t for t in sent if not (t.is_space or t.is_punct and t.text != "?")]
        if len(words) < 2 or words[-1].text != "?":
            return None
        colon = next((t.i for t in sent[:6] if t.text == ":"), None)  # a label: "Q3:", "Question 2:"
        opening = next((t for t in words if colon is None or t.i > colon), None)
        if opening is None or opening.lower_ not in self.question_openers:
            return None
        return f"{opening.text} \u2026?"

    @staticmethod
    def contents_entry(text: str) -> str | None:
        """A cue when every line of a block's text (as written, before tabs become spaces) is an
        entry of a table of contents ("Coaching log for Sam ........ 6", Word's "Coaching log<tab>6"):
        it names a document and shows nothing itself."""
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        # only a line's end is searched: a leader run thousands of dots long costs no more than a short one
        if lines and all(_CONTENTS_LINE.search(ln[-_CONTENTS_TAIL:]) for ln in lines):
            return "a contents entry"
        return None

    def affirms(self, value: str) -> bool:
        """Whether an answer says yes: "Yes", ": Yes" (a form field's value), "- Yes, monthly, records
        seen", "☐ No ☒ Yes"."""
        option = self.ticked_option(value)
        if option is not None:
            value = option
        words = value.lstrip(" \t\n:;-\u2013\u2014").split()
        return bool(words) and words[0].lower().rstrip(".,;:!-\u2013") in self.answers_yes

    def ticked_option(self, value: str) -> str | None:
        """The text after the ticked box of a value of tick boxes ("☐ Yes ☒ No" gives "No", a lone
        ticked box itself); ``""`` when it has boxes and none is ticked; None when it has no boxes."""
        marks = [(i, ch) for i, ch in enumerate(value) if ch in self.boxes]
        for n, (i, ch) in enumerate(marks):
            if ch in self.ticked:
                stop = marks[n + 1][0] if n + 1 < len(marks) else len(value)
                return value[i + 1:stop].strip() or ch
        return "" if marks else None

    def _box_denial(self, doc: Doc, sent: Span, start: int, end: int) -> Cue | None:
        """An empty box (or a cross) beside the span's label: "☐ Team briefing held".

        A line that starts with a box has its boxes before their labels; any other line, after them
        ("Team briefing held ☐"). The box nearest the span on that side decides.
        """
        first = next((t for t in doc[sent.start:start] if not t.is_space), None)
        before = first is not None and first.text in self.boxes
        side = range(start - 1, sent.start - 1, -1) if before else range(end, sent.end)
        for i in side:
            text = doc[i].text
            if text in self.unticked:
                return Cue("negated", "forward" if before else "backward", i, i + 1, text)
            if text in self.ticked:
                return None
        return None

    def _blocked(self, doc: Doc, gap: range, category: str) -> bool:
        own = self.category_terminators.get(category, set())
        for i in gap:
            word = doc[i].lower_
            if word == "," and category in self.comma_transparent:
                continue
            if word in self.terminators or word in own or doc[i].is_space and "\n" in doc[i].text:
                return True
        return False

    @staticmethod
    def _acting_for(doc: Doc, target: Token, sent: Span, cues: list[Cue]) -> Cue | None:
        """The someone else a "he", "she" or "they" subject of ``target``'s clause stands for: the
        nearest person before it in its sentence, when that is a cue ("I asked my manager and she
        approved a goodwill gesture"). Not when a name comes between ("I asked my manager about
        Priya and she took the queue"), nor "they" after a plural noun ("the figures ... they
        showed")."""
        subject = subject_of(clause_of(target))
        if subject is None or subject.lower_ not in THIRD_PERSON:
            return None
        before = [c for c in cues if c.category == "other_actor" and sent.start <= c.start and c.end <= subject.i]
        if not before:
            return None
        cue = max(before, key=lambda c: c.end)
        between = doc[cue.end:subject.i]
        if any(t.pos_ == "PROPN" or t.lower_ in _SELF or t.lower_ in THIRD_PERSON for t in between):
            return None
        if subject.lower_ == "they" and any(t.tag_ in ("NNS", "NNPS") for t in between):
            return None
        return Cue("other_actor", cue.direction, cue.start, cue.end, cue.text)

    def _is_subject(self, doc: Doc, cue: Cue, sent_start: int) -> bool:
        """Whether someone else named by ``cue`` is the one acting: with a parse, the subject of its
        clause ("my manager set the targets", not "from the company's standards" or "I asked my
        manager"); without one, or when the parse gives its clause no subject, no "I" or "we" before
        it in its clause."""
        if parsed(doc):
            head = span_root(doc, cue.start, cue.end)
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head  # "the QA team and my manager listened..."
            if head.dep_ in _SUBJECT_DEPS:
                # "my manager and I": the learner acts too
                return not any(t.lower_ in _SELF for t in [head, *(c for c in head.children if c.dep_ == "conj")])
            if has_subject(clause_of(head)):
                return False  # the clause has a subject of its own, and it is not the cue
            # no subject in the parse ("On 6 March the QA team scored..." read as one phrase): the words decide
        clause_start = sent_start
        for i in range(cue.start - 1, sent_start - 1, -1):
            if doc[i].lower_ in self.terminators:
                clause_start = i + 1
                break
        before = [t.lower_ for t in doc[clause_start:cue.start]]
        if any(w in _SELF for w in before):
            return False
        after = [t.lower_ for t in doc[cue.end:cue.end + 2]]
        return not (after[:1] == ["and"] and after[1:2] and after[1] in _SELF or after[:2] == ["with", "me"])
