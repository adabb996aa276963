"""Classify each document into evidence types (reflective account, minutes, rota...).

Scores come from the file name and title, headings and body, with the phrase
lists and weights in ``data/evidence-types.yaml``. Some types (a rota) are kinds of
document rather than topics: they also need the title, a heading or the document's
structure (a table of days and times) to say so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import PurePath

from ..model import Block, Document
from .yaml_data import load_data


@lru_cache(maxsize=1)
def _config() -> dict:  # type: ignore[type-arg]
    cfg = load_data("evidence-types.yaml")
    cfg["compiled"] = {name: _compile(spec["phrases"]) for name, spec in cfg["types"].items()}
    cfg["names"] = {name: _compile(spec.get("names", [])) for name, spec in cfg["types"].items()}
    return cfg  # type: ignore[no-any-return]


Phrase = tuple[str, re.Pattern[str]]
"""A phrase as it must appear (lower case), and its whole-word pattern."""


def _compile(phrases: list[str]) -> list[Phrase]:
    return [(p.lower(), re.compile(r"(?<![\w])" + re.escape(p.lower()) + (r"(?![\w])" if p[-1].isalnum() else "")))
            for p in phrases]


_DAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b", re.IGNORECASE)
_TIME = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\s?(?:am|pm)\b", re.IGNORECASE)
# a shift's hours: "08:00 to 16:00", "9am-5pm" (a single "1:48" in a table is more likely a handling time)
_HOURS = re.compile(rf"(?:{_TIME.pattern})\s?(?:to|until|till|-|\u2013|\u2014)\s?(?:{_TIME.pattern})", re.IGNORECASE)
_DAY_TIME = re.compile(_DAY.pattern + r"[^.\n]{0,20}?(?:" + _HOURS.pattern + ")", re.IGNORECASE)
_SHIFT = re.compile(r"^\s*(?:e|l|m|n|d|early|late|middle|mid|night|day|off|rest|al|a/l|hol|leave|sick|trg|training)\s*$", re.IGNORECASE)


def _is_schedule(blocks: tuple[Block, ...]) -> bool:
    """A table of days and times (or of people by weekday), or a text mostly of day-and-time lines."""
    tables: dict[tuple[int | None, int | None], dict[int, list[str]]] = {}
    for b in blocks:
        if b.kind == "table_cell" and b.row is not None:
            tables.setdefault((b.page, b.table), {}).setdefault(b.row, []).append(b.text)
    for rows in tables.values():
        first = min(rows)
        header = rows[first]
        if sum(1 for cell in header if _DAY.fullmatch(cell.strip())) >= 3:
            body = [c for r, cells in rows.items() if r != first for c in cells]
            if any(_SHIFT.match(c) or _HOURS.search(c) for c in body):
                return True  # people down the side, weekdays across the top
        day_rows = [cells for cells in rows.values() if any(_DAY.search(c) for c in cells)]
        if len(day_rows) >= 3 and sum(1 for cells in day_rows if any(_HOURS.search(c) or _SHIFT.match(c)
                                                                  for c in cells)) >= 3:
            return True  # a row per day with its times or shifts
    # text that is mostly "Monday 12:00-20:00 Grace" entries: at most 8 words per day-and-time entry
    text = "\n".join(b.text for b in blocks if b.kind in ("paragraph", "list_item"))
    entries = len(_DAY_TIME.findall(text))
    return entries >= 3 and entries * 8 >= len(text.split())


def form_types() -> frozenset[str]:
    """The types known by the document's form, not its words: those with ``requires`` (a rota is one
    only when its title, a heading or a table of days and times says so)."""
    return frozenset(name for name, spec in _config()["types"].items() if spec.get("requires"))


def _named(name: str, document: Document, requires: list[str]) -> bool:
    """Whether the file name, the title or a heading says the document is a ``name``. A heading
    says so when it heads the whole document or stands over a record, not over a section of prose."""
    names = _config()["names"][name]
    blocks = document.blocks
    headings = {b.text.strip().lower() for b in blocks if b.kind == "heading"}
    # a title that is only the first heading is judged as that heading
    titles = [re.sub(r"[-_]+", " ", PurePath(document.path).stem.lower())]
    if document.title.strip().lower() not in headings:
        titles.append(document.title.lower())
    if "title" in requires and _score(names, " ".join(titles)) > 0:
        return True
    return "heading" in requires and any(
        _score(names, b.text.lower()) > 0 and (_heads_document(blocks, i) or _holds_record(_section(blocks, i)))
        for i, b in enumerate(blocks) if b.kind == "heading")


def _heads_document(blocks: tuple[Block, ...], at: int) -> bool:
    """Whether the heading at ``at`` is the only one of its level or above: the document's title."""
    level = blocks[at].level or 1
    return sum(1 for b in blocks if b.kind == "heading" and (b.level or 1) <= level) == 1


def _section(blocks: tuple[Block, ...], at: int) -> tuple[Block, ...]:
    """The blocks under the heading at ``at``, up to the next heading of its level or above."""
    level = blocks[at].level or 1
    end = next((j for j in range(at + 1, len(blocks))
                if blocks[j].kind == "heading" and (blocks[j].level or 1) <= level), len(blocks))
    return blocks[at + 1:end]


def _holds_record(section: tuple[Block, ...]) -> bool:
    """Whether a section holds a record: a table, a list or a schedule, not only paragraphs of
    prose ("Planning the rota", one section of an account, over how the rota is built is no rota)."""
    return (any(b.kind in ("table_cell", "list_item", "form_field") for b in section)
            or not any(b.kind == "paragraph" for b in section) or _is_schedule(section))


def _score(phrases: list[Phrase], text: str) -> int:
    # the substring test first: a pattern scans the whole text, and most phrases are nowhere in it
    return sum(1 for literal, pattern in phrases if literal in text and pattern.search(text))


#: a first line this short names the document ("QA monitoring log"); a longer one is its text
MAX_TITLE_WORDS = 12


def unit_types(document: Document, declared: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The unit's own evidence types (``{type: names}``) whose names the document's file name,
    title, headings or short first line carry ("QA monitoring log - week 12")."""
    stem = re.sub(r"[-_]+", " ", PurePath(document.path).stem.lower())
    first = [b.text.lower() for b in document.blocks[:1] if len(b.text.split()) <= MAX_TITLE_WORDS]
    where = " \n ".join([stem, document.title.lower(), *first,
                          *(b.text.lower() for b in document.blocks if b.kind == "heading")])
    return tuple(t for t, names in declared.items() if any(n.lower() in where for n in names))


def classify(document: Document) -> tuple[str, ...]:
    """Evidence types of ``document``, best first; ``("other",)`` when nothing fits."""
    cfg = _config()
    w = cfg["weights"]
    stem = PurePath(document.path).stem.lower()
    title = " ".join({re.sub(r"[-_]+", " ", stem), document.title.lower()})
    headings = " \n ".join(b.text.lower() for b in document.blocks if b.kind == "heading")
    body = document.text.lower()[:20000]
    scores: dict[str, int] = {}
    for name, phrases in cfg["compiled"].items():
        score = w["title"] * min(1, _score(phrases, title)) + w["heading"] * min(2, _score(phrases, headings))
        score += w["body"] * min(4, _score(phrases, body))
        requires = cfg["types"][name].get("requires")
        if requires:
            structured = "schedule" in requires and _is_schedule(document.blocks)
            score += w["structure"] * structured
            if not (structured or _named(name, document, requires)):
                continue  # talks about one; is not one
        if score >= cfg["threshold"]:
            scores[name] = score
    ranked = sorted(scores, key=lambda n: -scores[n])[: cfg["max_types"]]
    return tuple(ranked) or ("other",)
