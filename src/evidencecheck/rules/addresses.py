"""Addresses of the parts of a rule set, built in one place.

Every element, clue and clue part has a stable id in the rule file's own terms,
which the matcher records when a part fires and the rule-test runner uses for
coverage::

    criteria[2].elements[0]                        an element
    criteria[2].elements[0].all[1]                 a clue
    criteria[2].elements[0].all[1].phrases[3]      a clue part (phrase, pattern or signal)

An element is also named ``owner-id.element-id`` (``smart-targets.figure``),
the form rule tests and mistake references use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .schema import Clue, Element, RuleSet

OwnerKind = Literal["criteria", "mistakes"]
ClueGroup = Literal["all", "any", "none"]
CLUE_GROUPS: tuple[ClueGroup, ...] = ("all", "any", "none")


@dataclass(frozen=True)
class ElementRef:
    """Where an element sits in its rule set."""

    owner_kind: OwnerKind
    owner_index: int
    owner_id: str
    element_index: int
    element: Element

    @property
    def path(self) -> str:
        """``criteria[i].elements[j]``."""
        return f"{self.owner_kind}[{self.owner_index}].elements[{self.element_index}]"

    @property
    def ref(self) -> str:
        """``owner-id.element-id``."""
        return element_ref(self.owner_id, self.element.id)


def element_ref(owner_id: str, element_id: str) -> str:
    """The ``owner-id.element-id`` name of an element."""
    return f"{owner_id}.{element_id}"


def iter_elements(ruleset: RuleSet) -> Iterator[ElementRef]:
    """Every element of the rule set, criteria first, in file order."""
    for ci, crit in enumerate(ruleset.criteria):
        for ei, el in enumerate(crit.elements):
            yield ElementRef("criteria", ci, crit.id, ei, el)
    for mi, mistake in enumerate(ruleset.mistakes):
        for ei, el in enumerate(mistake.elements):
            yield ElementRef("mistakes", mi, mistake.id, ei, el)


def iter_clues(ref: ElementRef) -> Iterator[tuple[ClueGroup, str, Clue]]:
    """``(group, clue_id, clue)`` for every clue of an element, in file order."""
    for group in CLUE_GROUPS:
        clues: list[Clue] = getattr(ref.element, group)
        for k, clue in enumerate(clues):
            yield group, f"{ref.path}.{group}[{k}]", clue


def clue_parts(clue_id: str, clue: Clue) -> list[str]:
    """The ids of a clue's parts: its phrases, patterns, frames, dependency patterns, then signals."""
    return ([f"{clue_id}.phrases[{n}]" for n in range(len(clue.phrases))]
            + [f"{clue_id}.patterns[{n}]" for n in range(len(clue.patterns))]
            + [f"{clue_id}.frames[{n}]" for n in range(len(clue.frames))]
            + [f"{clue_id}.dependencies[{n}]" for n in range(len(clue.dependencies))]
            + [f"{clue_id}.signals[{n}]" for n in range(len(clue.signals))])


def clue_part_ids(ruleset: RuleSet) -> list[str]:
    """Every clue part of ``ruleset`` (phrase entry, pattern, signal), by id, in file order."""
    return [part for ref in iter_elements(ruleset) for _, clue_id, clue in iter_clues(ref)
            for part in clue_parts(clue_id, clue)]


__all__ = ["CLUE_GROUPS", "ClueGroup", "ElementRef", "OwnerKind", "clue_part_ids", "clue_parts",
           "element_ref", "iter_clues", "iter_elements"]
