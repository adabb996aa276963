"""The core document model every layer speaks.

Parsers turn evidence files into :class:`Document` objects made of ordered
:class:`Block` objects; a learner's files together form a :class:`Portfolio`.
Nothing here holds a python-docx or pdfplumber object, so every later step
(normalise, match, assess, report) can be tested with hand-made documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal[
    "heading", "paragraph", "list_item", "table_cell", "header", "footer", "text_box",
    "footnote", "endnote", "form_field",
]
DocumentFormat = Literal["docx", "pdf", "txt", "md"]

BLOCK_KINDS: tuple[str, ...] = (
    "heading", "paragraph", "list_item", "table_cell", "header", "footer", "text_box",
    "footnote", "endnote", "form_field",
)


@dataclass(frozen=True)
class Block:
    """One piece of text in reading order, with where a person can find it.

    Attributes:
        text: The text exactly as extracted (quotes are substrings of it).
        kind: What the block is: heading, paragraph, list item, table cell,
            header, footer, text box, footnote, endnote or form field (a filled
            PDF form field, as ``"Label: value"``).
        index: Position of the block in the document's reading order (0-based).
        page: 1-based page number (PDF), else ``None``.
        paragraph: 1-based paragraph number in the body (or on the page for PDF);
            for a footnote or endnote its number, for a form field its number on the page.
        table: 1-based table number in the document, for table cells.
        row: 1-based row number, for table cells.
        column: 1-based column number, for table cells.
        level: Heading level (1 = top), for headings.
        heading: Text of the nearest heading above this block, if any.
        column_header: For a table cell, the text of its column's first-row cell.
    """

    text: str
    kind: BlockKind
    index: int
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    level: int | None = None
    heading: str | None = None
    column_header: str | None = None

    @property
    def location(self) -> str:
        """A location a person can find, e.g. ``"page 2, table 1, row 3, column 2"``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.kind == "table_cell" and self.table is not None:
            parts.append(f"table {self.table}, row {self.row}, column {self.column}")
        elif self.kind in ("header", "footer"):
            parts.append(self.kind)
        elif self.kind in ("footnote", "endnote"):
            parts.append(f"{self.kind} {self.paragraph}" if self.paragraph else self.kind)
        elif self.kind == "form_field":
            parts.append(f"form field {self.paragraph}" if self.paragraph else "form field")
        elif self.kind == "text_box":
            parts.append(f"text box, paragraph {self.paragraph}" if self.paragraph else "text box")
        elif self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(parts) or f"block {self.index + 1}"


@dataclass(frozen=True)
class Metadata:
    """Document properties, where the file records them."""

    author: str | None = None
    created: str | None = None
    modified: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Document:
    """A parsed evidence file.

    Attributes:
        path: The path as given by the user (used in reports).
        format: ``docx``, ``pdf``, ``txt`` or ``md``.
        title: A human title: the core-properties title, the first heading,
            or the file name.
        blocks: Text blocks in reading order.
        metadata: Author, created and modified dates where known.
        pages: Number of pages (PDF only).
        warnings: Human messages about text that could not be read.
        unreadable_pages: 1-based pages with no text layer (PDF only).
    """

    path: str
    format: DocumentFormat
    title: str
    blocks: tuple[Block, ...]
    metadata: Metadata = field(default_factory=Metadata)
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    unreadable_pages: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        """All block texts joined by blank lines."""
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def words(self) -> int:
        """Word count over all blocks."""
        return sum(len(b.text.split()) for b in self.blocks)


@dataclass(frozen=True)
class DocumentFailure:
    """An evidence file that could not be read, with a numbered reason."""

    path: str
    code: str
    message: str
    format: str | None = None


@dataclass(frozen=True)
class SkippedFile:
    """A file that was deliberately not read (lock, hidden or temporary file)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Portfolio:
    """One learner's evidence: parsed documents, failures and skipped files."""

    documents: tuple[Document, ...] = ()
    failures: tuple[DocumentFailure, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
