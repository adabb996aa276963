"""Small text helpers the checks share: sentences of a document, signatures, labelled fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block, Document

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_SIGN_LABEL = re.compile(
    r"^\s*(?:[A-Za-z]+(?:'s)?\s){0,2}"
    r"(?:signed(?:\s(?:off\s)?by)?|signature|sign[ -]off|countersigned(?:\sby)?|e-signed(?:\sby)?)"
    r"(?:\s(?:of\s)?(?:witness|learner|candidate|manager|assessor|employee|reviewer))?(?:\s*\([^()\n]{1,30}\))?"
    r"\s*[:\-\u2013]\s*(.*)$",
    re.IGNORECASE)
# "Signed G. Oduya", "Signature Priya Raman": a label, then a capitalised name, on a line of its own
_SIGNED_NAME = re.compile(r"^\s*(?i:signed|signature)\s+([A-Z][\w.'\-]*(?:\s[A-Z][\w.'\-]*){0,3})\s*$")
_ELECTRONIC = re.compile(r"\b(?:signed|approved|authorised|authorized)\s(?:electronically\s)?by\s+[A-Z]", re.IGNORECASE)
# what an empty signature line holds: rules, dots, a date label after it
# the next "Label:" on a joined line: one to three words, capitalised, then a colon
_NEXT_LABEL = (r"(?:date|signed|signature|role|job title|position|relationship[^:]{0,30}|witness|candidate|learner|"
               r"name|contact(?: details)?|email|phone|tel|organisation|company|unit|ref(?:erence)?|period reviewed|"
               r"adviser|advisor|team leader|manager|colleague|appraiser|period observed):\s")
_BLANK = re.compile(r"^[\s_.\-\u2013\u2014/|]*(?:date\s*[:\-]?.*)?$", re.IGNORECASE)


def sentences(document: Document) -> Iterator[tuple[Block, str]]:
    """Each sentence (or line) of the document's body, with its block."""
    for block in document.blocks:
        if block.kind in ("header", "footer"):
            continue
        for m in _SENTENCE.finditer(block.text):
            text = m.group().strip()
            if text:
                yield block, text


# a signature label inside a line whose form fields arrived joined ("... what I saw. Signed: P. Raman")
_SIGN_INLINE = re.compile(r"\b(?:signed(?:\s(?:off\s)?by)?|signature)(?:\s*\([^()\n]{1,30}\))?\s*:\s*(.*)$",
                          re.IGNORECASE)


def _signature_value(text: str) -> str | None:
    """The value after a signature label on a line ("Signed: G. Oduya" -> "G. Oduya"), or ``None``."""
    m = _SIGN_LABEL.match(text) or _SIGN_INLINE.search(text) or _SIGNED_NAME.match(text)
    return m.group(1).strip() if m else None


def signed(document: Document) -> bool:
    """Whether the document carries a signature: a signature label with something after it, a table
    cell beside a signature label that holds something, or "signed electronically by ...".

    "Signed:" with nothing after it (or only a rule of underscores) is a place for a signature, not one.
    """
    cells: dict[tuple[int | None, int | None, int | None, int | None], str] = {}
    for block in document.blocks:
        if block.kind == "table_cell":
            cells[(block.page, block.table, block.row, block.column)] = block.text.strip()
    for block in document.blocks:
        for line in block.text.splitlines():
            if _ELECTRONIC.search(line):
                return True
            value = _signature_value(line)
            if value is None:
                continue
            if value and not _BLANK.match(value):
                return True
            if block.kind == "table_cell" and block.column is not None:
                beside = cells.get((block.page, block.table, block.row, block.column + 1), "")
                if beside and not _BLANK.match(beside):
                    return True
    return False


def labelled(document: Document, labels: str) -> str | None:
    """The value of the first ``Label: value`` line (or table cell pair) whose label matches ``labels``."""
    pattern = re.compile(rf"^\s*(?:{labels})\s*[:\-\u2013]\s*(\S.*)$", re.IGNORECASE)
    cells: dict[tuple[int | None, int | None, int | None, int | None], str] = {}
    for block in document.blocks:
        if block.kind == "table_cell":
            cells[(block.page, block.table, block.row, block.column)] = block.text.strip()
    label_only = re.compile(rf"^\s*(?:{labels})\s*:?\s*$", re.IGNORECASE)
    # a form's lines may arrive joined ("Candidate: A. Learner Witness: G. Oduya, Head of X Date: 17 June")
    inline = re.compile(rf"(?:^|(?<=\s))(?:{labels})\s*:\s*(\S.*?)(?=\s+{_NEXT_LABEL}|$)", re.IGNORECASE | re.MULTILINE)
    for block in document.blocks:
        for line in block.text.splitlines():
            m = pattern.match(line)
            if m and not _BLANK.match(m.group(1)):
                value = m.group(1)
                cut = re.search(rf"\s+{_NEXT_LABEL}", value, re.IGNORECASE)
                return (value[:cut.start()] if cut else value).strip()
            m = inline.search(line)
            if m and not _BLANK.match(m.group(1)):
                return m.group(1).strip()
        if block.kind == "table_cell" and block.column is not None and label_only.match(block.text):
            beside = cells.get((block.page, block.table, block.row, block.column + 1), "")
            if beside and not _BLANK.match(beside):
                return beside
    return None


__all__ = ["labelled", "sentences", "signed"]
