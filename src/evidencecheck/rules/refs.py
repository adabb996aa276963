"""References to a unit's criteria that learners write on their evidence, and the criteria they name.

Learners tag their evidence with the criteria it is for: "AC 1.2", "A.C. 2.1", "ACs 1.1 and
1.3", "LO3", a line starting "1.4 –", or a mapping table with an AC column. Each reference maps
to criteria through the rule set's ``refs`` (a learning outcome "LO3" also maps to the criteria
numbered 3.x). The claimed-mapping check compares these tags with what the evidence shows; the
assessor quotes a tagged passage before an untagged one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block, Portfolio
from .schema import RuleSet

_NUMBER = r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})?"
_LIST = rf"{_NUMBER}(?:\s?(?:,|&|/|and|or)\s?(?:AC\s?)?{_NUMBER})*"
_AC = re.compile(rf"\bA\.?\s?C\.?s?\s?:?\s?({_LIST})(?![\d.]\d)", re.IGNORECASE)
_LO = re.compile(r"\bLO\s?(\d{1,2})\b")
_LEADING = re.compile(rf"^\s*({_NUMBER})\s?[-\u2013\u2014:)]\s")
_TABLE_HEADER = re.compile(r"\b(?:AC|A\.C\.|criteri(?:a|on)|mapping|mapped|assessment criteria|refs?)\b", re.IGNORECASE)
_CELL_NUMBERS = re.compile(rf"(?<![\d.]){_NUMBER}(?![\d.]\d)")


def block_tags(block: Block) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each tag written in ``block``, as written, with the references it names ("1.2", "LO3")."""
    text = block.text
    for m in _AC.finditer(text):
        yield m.group(), tuple(re.findall(_NUMBER, m.group(1)))
    for m in _LO.finditer(text):
        yield m.group(), (f"LO{int(m.group(1))}",)
    if block.kind in ("paragraph", "heading", "list_item"):
        leading = _LEADING.match(text)
        if leading:
            yield leading.group().strip(), (leading.group(1),)
    if block.kind == "table_cell" and block.row != 1 and block.column_header and \
            _TABLE_HEADER.search(block.column_header) and not _AC.search(text):
        numbers = tuple(_CELL_NUMBERS.findall(text))
        if numbers and len(text) <= 60:
            yield text.strip(), numbers


def criteria_for(ref: str, ruleset: RuleSet) -> tuple[str, ...]:
    """The criteria a reference names: those whose ``refs`` hold it; for "LO3", also those numbered 3.x."""
    found = []
    for criterion in ruleset.criteria:
        refs = criterion.refs
        if ref in refs or (ref.startswith("LO") and any(r.split(".")[0] == ref[2:] for r in refs if "." in r)):
            found.append(criterion.id)
    return tuple(found)


def tagged_blocks(portfolio: Portfolio, ruleset: RuleSet) -> dict[str, frozenset[tuple[int, int]]]:
    """For each criterion the learner tagged, the blocks tagged with it, as ``(document index, block
    index)``: a block is tagged by a tag in its own text or in the heading it sits under
    ("AC 2.1 Allocating the work" tags the paragraphs below it)."""
    tagged: dict[str, set[tuple[int, int]]] = {}
    under: dict[str, list[str]] = {}  # the refs of each heading, read once for all the blocks under it
    for doc_index, document in enumerate(portfolio.documents):
        for block in document.blocks:
            refs = [r for _, rs in block_tags(block) for r in rs]
            if block.heading and block.kind != "heading":
                if block.heading not in under:
                    under[block.heading] = [r for _, rs in block_tags(Block(block.heading, "heading", 0)) for r in rs]
                refs += under[block.heading]
            for cid in dict.fromkeys(c for r in refs for c in criteria_for(r, ruleset)):
                tagged.setdefault(cid, set()).add((doc_index, block.index))
    return {cid: frozenset(blocks) for cid, blocks in tagged.items()}


__all__ = ["block_tags", "criteria_for", "tagged_blocks"]
