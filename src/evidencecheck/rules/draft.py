"""Draft a starter rule file from a unit description (``rules new --from unit.txt``).

Two shapes of description are read:

* the seed shape (``Key Concepts & Core Principles``, ``Exam Tips``, ``Common Misconceptions``,
  ``Examiner Marking Points`` sections of ``- `` bullets);
* an Ofqual unit's assessment criteria: lines such as ``1.1 agree with team members their role``
  (learning-outcome lines, ``LO1 ...``, are kept as context).

The draft has one criterion per marking point (or AC) with elements drafted from its wording,
mistakes from the misconceptions, ``@lists`` from the key concepts (with the models and laws they
name), advice texts, and one rule-test stub per criterion and mistake marked ``todo``. It is only
a start: every choice a person must check is listed in :attr:`Draft.todo`, and the file says so at
the top. The draft always validates as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

SECTION_NAMES = {
    "concepts": ("key concepts",),
    "tips": ("exam tips",),
    "misconceptions": ("common misconceptions", "mistakes to avoid"),
    "points": ("examiner marking points", "marking points", "assessment criteria"),
    "synopsis": ("topic synopsis", "synopsis"),
}
_AC = re.compile(r"^\s*(?:AC\s*)?(\d{1,2}\.\d{1,2})\s*[).:-]?\s+(\S.*)$", re.IGNORECASE)
_LO = re.compile(r"^\s*(?:LO\s*\d+|learning outcome\s*\d+)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# words of a marking point that say how it is assessed, not what is done
STOPWORDS = frozenset(re.findall(r"\S+", """
a about above across after again against all also an and any are as at be because been being both but by
can candidate candidates credit demonstrate demonstrates demonstrating do does each effective effectively
evidence example examples for from given has have how if in including into is it its look made make many
may more most must of on or other own provide provides providing relevant should show showing shows so
some such than that the their them these they this those through to under understand understanding up
use used using was were what when where which while who will with within would award awarded assessment
assessor clearly clear appropriate appropriately ensure ensuring various specific etc e g ie candidates'
your our my his her met team's them there then
"""))
NEGATIVE_OPENERS = ("fail", "not ", "neglect", "overlook", "ignor", "lack", "omit", "forget", "without", "no ")
MAX_ELEMENTS = 3
MAX_WORDS = 4


@dataclass
class Description:
    """What was read from a unit description."""

    title: str
    synopsis: str = ""
    concepts: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    misconceptions: list[str] = field(default_factory=list)
    points: list[tuple[str | None, str]] = field(default_factory=list)  # (AC number, text)


@dataclass
class Draft:
    """A drafted rule file and what its author must still do."""

    data: dict[str, Any]
    todo: list[str]

    def yaml_text(self) -> str:
        """The rule file's text: a header listing what to do, then the rules."""
        header = ["# Drafted by 'evidencecheck rules new'. It validates as it is, but it is only a start:"]
        header += [f"#  - {line}" for line in self.todo]
        body = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=110)
        return "\n".join(header) + "\n\n" + body


def slug(text: str, words: int = 5) -> str:
    """A rule-file id from text: ``Plan the team's work`` -> ``plan-team-work``."""
    kept = [w.lower().replace("'", "") for w in _WORD.findall(text) if w.lower() not in STOPWORDS]
    out = "-".join(kept[:words]) or "item"
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "", out)).strip("-")[:60] or "item"


def read_description(text: str, *, title: str | None = None) -> Description:
    """Split a seed-shaped or Ofqual-style description into its parts."""
    section: str | None = None
    desc = Description(title=title or "")
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        low = line.lower().rstrip(":")
        named = next((k for k, names in SECTION_NAMES.items() if any(low.startswith(n) for n in names)), None)
        if named and not line.startswith("-"):
            section = named
            continue
        ac = _AC.match(line)
        if ac:
            desc.points.append((ac.group(1), ac.group(2).strip()))
            continue
        if _LO.match(line):
            continue
        item = line[1:].strip() if line.startswith(("-", "*", "\u2022")) else None
        if section == "synopsis":
            desc.synopsis = (desc.synopsis + " " + line).strip()
        elif item and section == "concepts":
            desc.concepts.append(item)
        elif item and section == "tips":
            desc.tips.append(item)
        elif item and section == "misconceptions":
            desc.misconceptions.append(item)
        elif item and section == "points":
            desc.points.append((None, item))
        elif not desc.title and section is None and len(line) < 120:
            desc.title = line
    if desc.synopsis and (not desc.title or desc.synopsis.startswith(desc.title[:40])):
        desc.title = desc.synopsis.split(".")[0][:100]
    # "This topic covers leading a team to improve customer service" -> "Leading a team to improve..."
    topic = re.sub(r"^(this (sub)?(topic|unit)( element)? (covers|focuses on|is about)|in this (topic|unit),?)\s+", "", desc.title, flags=re.IGNORECASE)
    desc.title = topic[:1].upper() + topic[1:]
    return desc


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say what is done (lower-cased, no assessment words), in order."""
    out: list[str] = []
    for w in _WORD.findall(text):
        low = w.lower().strip("'")
        if low not in STOPWORDS and len(low) > 2 and low not in out:
            out.append(low)
    return out


def _concept_vocab(item: str) -> tuple[str, list[str]]:
    """``Name: description`` -> (list id, entries): the name, acronyms in brackets, and named models and laws."""
    name, _, rest = item.partition(":")
    entries = [name.strip().lower()]
    for inside in re.findall(r"\(([^)]*)\)", rest):
        entries += [p.strip().lower() for p in re.split(r"[,;]", inside) if 1 < len(p.strip()) < 40]
    # models and laws are capitalised names: "Consumer Rights Act 2015", "GROW model", "RATER"
    for m in re.finditer(r"\b(?:[A-Z][A-Za-z]*[A-Z]?[a-z]*\s?){1,5}(?:Act\s\d{4}|model|Model|principles)?", rest):
        phrase = m.group(0).strip()
        if len(phrase) > 2 and (" " in phrase or phrase.isupper()):
            entries.append(re.sub(r"^\w+ing\s+", "", phrase.lower()))  # "Setting SMART" -> "smart"
    entries = [re.sub(r"\s+", " ", e).strip(" .") for e in entries]
    entries = [e for e in entries if ":" not in e and "e.g" not in e and "i.e" not in e]
    entries = [e for e in dict.fromkeys(entries) if e and e not in STOPWORDS and len(e) > 1]
    return slug(name, 3), entries


def _shorten(text: str, n: int) -> str:
    """``text`` cut at a word boundary to at most ``n`` characters."""
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0].rstrip(",;") + "\u2026"


def _clauses(text: str) -> list[str]:
    parts = re.split(r",\s*|;\s*|\s+and\s+|\s+such as\s+|\s+including\s+", text.rstrip("."))
    return [p for p in parts if content_words(p)][:MAX_ELEMENTS] or [text]


def _element(clause: str, vocab: dict[str, list[str]], taken: set[str]) -> dict[str, Any]:
    words = content_words(clause)
    lists = [f"@{name}" for name, entries in vocab.items()
             if any(e in clause.lower() for e in entries if len(e) > 3)]
    eid = slug(clause, 3)
    while eid in taken:
        eid += "-x"
    taken.add(eid)
    text = clause.strip().rstrip(".")
    text = text if text[:2].isupper() else text[:1].lower() + text[1:]  # keep "QA scores"
    return {"id": eid, "text": text,
            "scope": "paragraph", "all": [{"phrases": lists + words[:MAX_WORDS]}]}


def draft_ruleset(desc: Description, *, unit_id: str | None = None) -> Draft:
    """The starter rule set for ``desc`` and the list of what its author must still do.

    Raises:
        ValueError: The description has no marking points or assessment criteria.
    """
    if not desc.points:
        raise ValueError("no marking points")
    vocab = dict(_concept_vocab(c) for c in desc.concepts)
    vocab = {k: v for k, v in vocab.items() if v}
    criteria: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, (ref, text) in enumerate(desc.points):
        cid = slug(text, 4)
        while cid in seen:
            cid = f"{cid}-{n + 1}"
        seen.add(cid)
        taken: set[str] = set()
        elements = [_element(c, vocab, taken) for c in _clauses(text)]
        short = text.rstrip(".")
        criteria.append({
            "id": cid,
            "name": _shorten(short, 70),
            "text": text if text.endswith(".") else text + ".",
            "refs": [ref] if ref else [],
            "good_answer": f"A first-hand account with names, dates or figures showing: {short[:1].lower() + short[1:]}.",
            "common_mistake": "Saying it is done in general terms, with no example of doing it.",
            "advice": {
                "missing": f"Add evidence of a time you did this: {short[:1].lower() + short[1:]}. "
                           "Say who was involved, when, and what happened.",
                "at_risk": "Show every part of this with a real example - a person, a date or a figure - "
                           "written as what you did, not what should be done.",
            },
            "elements": elements,
        })
    mistakes: list[dict[str, Any]] = []
    for text in desc.misconceptions:
        mid = slug(text, 4)
        while mid in seen:
            mid += "-m"
        seen.add(mid)
        low = re.sub(r"^(candidates often|many candidates|a common (pitfall|mistake) is)\s+", "", text.lower())
        absence = low.startswith(NEGATIVE_OPENERS) or " without " in low or " failing to " in low
        words = content_words(low)
        element = {"id": "shown", "text": text.rstrip(".")[:80], "scope": "paragraph",
                   "all": [{"phrases": words[:MAX_WORDS] or ["todo"]}]}
        mistakes.append({
            "id": mid, "name": _shorten(text.rstrip("."), 70), "text": text,
            "advice": f"Check your evidence for this: {text.rstrip('.')}.",
            "detect": {"kind": "absence", "absent": ["shown"]} if absence
            else {"kind": "presence", "present": ["shown"]},
            "elements": [element],
        })
    # a stub's text is neutral, so that no stub passes by repeating its own criterion's words
    tests = [{"name": f"todo-{c['id']}"[:80], "text": "To be written.", "expect": {c["id"]: "met"},
              "todo": f"write a short first-hand example that shows: {c['name']}"}
             for c in criteria]
    tests += [{"name": f"todo-{m['id']}"[:80], "text": "To be written.",
               "expect": {m["id"]: "not_detected" if m["detect"]["kind"] == "absence" else "detected"},
               "todo": ("write an example that shows the good practice this mistake lacks"
                        if m["detect"]["kind"] == "absence" else f"write an example of this mistake: {m['name']}")}
              for m in mistakes]
    uid = unit_id or slug(desc.title, 6)
    data: dict[str, Any] = {"id": uid, "title": desc.title or uid, "version": "0.1.0",
                            "source": {"notes": "Drafted by 'evidencecheck rules new'; wording to be checked."}}
    if desc.synopsis:
        data["description"] = desc.synopsis
    if vocab:
        data["vocab"] = vocab
    data["criteria"] = criteria
    if mistakes:
        data["mistakes"] = mistakes
    data["tests"] = tests
    todo = [
        (f"{len(criteria)} criteria drafted, one per marking point: merge or split them to match the unit's ACs, "
        "and set 'refs' to the AC numbers."),
        ("Elements are drafted from the wording: each needs clues an assessor would accept (phrases, '@lists', "
        "signals such as person, date, figure). Run 'evidencecheck rules try UNIT \"text\"' to see what matches."),
        (f"{len(vocab)} @lists come from the key concepts: add the words learners really use "
        "(run 'evidencecheck rules lint' for overlaps and stems that widen)."),
        (f"{len(mistakes)} mistakes drafted from the misconceptions: check each detection kind "
        "(presence / absence / condition) and give absence mistakes a 'premise'."),
        "Rewrite 'good_answer', 'common_mistake' and the advice in the unit's own terms.",
        (f"{len(tests)} rule tests are stubs marked 'todo': write real examples, check the expected verdicts, "
        "and remove 'todo'. 'evidencecheck rules test FILE --coverage' then says what no test exercises "
        "(6 cases per criterion, a third negative)."),
        "Set 'evidence: types' where an assessor expects a kind of document (a rota, an appraisal).",
    ]
    return Draft(data, todo)


__all__ = ["Description", "Draft", "content_words", "draft_ruleset", "read_description", "slug"]
