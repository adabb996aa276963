"""PDF evidence via pdfplumber.

Each page is read on its own: ruled tables become table cells, the rest of the
page's text becomes paragraphs (lines joined, split at blank space), and lines
set larger than the body text become headings. A page that fails is reported
(W205) and the other pages are still read; a page with images or drawings but
no text layer is reported as unreadable (W201), and a PDF in which no page has
text but some page has such content is refused (E218: a scan, or text turned
into outlines). Each page's cache is freed after reading.

The page tree is walked at most ``max_pages + 1`` pages deep before any page is
read, so a PDF with a huge (or endless) page tree costs little to refuse (E210).
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import warnings
from pathlib import Path
from typing import Any

from ..errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    ExtractionTimeout,
    UnsupportedFormat,
    message,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Block, Document, Metadata
from .text import clean

# pdfminer logs every quirk of a damaged PDF; without a handler Python prints them
# to stderr. A NullHandler keeps them quiet unless the application configures logging.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_HEADING_RATIO = 1.15
_GAP_RATIO = 0.5  # a vertical gap bigger than this many line heights starts a paragraph
_PLACEHOLDER_META = {"untitled", "anonymous", "unknown"}  # reportlab's defaults


def parse(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
    display: str | None = None,
) -> Document:
    """Parse a PDF into a :class:`Document`.

    Args:
        path: The file to read (opened ``rb``, never written).
        limits: ``max_pages`` is checked before any page is read.
        password: Password for an encrypted PDF (none by default).
        display: The path to record in the document and errors (defaults to ``path``).

    Raises:
        EncryptedDocument: E206 when the PDF needs a password that was not given or is wrong.
        DocumentTooLarge: E210 when the PDF has more than ``limits.max_pages`` pages.
        CorruptDocument: E211 when the PDF cannot be opened.
        UnsupportedFormat: E218 when no page has a text layer (a scanned or image-only PDF).
        ExtractionTimeout: E213 when reading it runs out of memory.
    """
    name = str(display or path)
    with warnings.catch_warnings():
        # pdfminer and pypdfium2 warn about harmless quirks of real-world PDFs
        warnings.simplefilter("ignore")
        with open(path, "rb") as fh:
            try:
                return _read(fh, name, Path(path).stem, limits, password)
            except DocumentError:
                raise
            except Exception as err:
                raise _map_error(err, name, password) from err


def _map_error(err: BaseException, name: str, password: str | None) -> DocumentError:
    cause: BaseException = err
    if err.args and isinstance(err.args[0], BaseException):
        cause = err.args[0]  # pdfplumber's PdfminerException wraps the real error
    cause_name = type(cause).__name__
    if cause_name == "PDFPasswordIncorrect":
        detail = " and the password given is wrong" if password else " and needs a password"
        return EncryptedDocument("E206", name, detail=detail)
    if cause_name == "PDFEncryptionError":
        return EncryptedDocument("E206", name, detail=f" with an unsupported method ({cause})")
    if isinstance(cause, MemoryError):
        return ExtractionTimeout("E213", name, limit="the available amount")
    if isinstance(cause, RecursionError):
        return CorruptDocument("E211", name, detail="its objects refer to each other in a loop or are nested too deeply")
    return CorruptDocument("E211", name, detail=f"{cause_name}: {cause}"[:200])


def _read(fh: Any, name: str, stem: str, limits: Limits, password: str | None) -> Document:
    import pdfplumber

    pdf = pdfplumber.open(fh, password=password or "")
    # Checked before ``try``: PDF.close() loads every page of the tree to close
    # it, which is the very walk a huge page tree must not get. No page is loaded
    # yet, and ``fh`` is closed by the caller, so there is nothing to release.
    _check_page_count(pdf, name, limits)
    out_of_memory = False
    try:
        count = len(pdf.pages)
        if count > limits.max_pages:  # cannot happen after the check above; kept as a guard
            raise DocumentTooLarge("E210", name, pages=count, limit=limits.max_pages)
        reader = _Reader()
        warns: list[str] = []
        unreadable: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                status = reader.page(page, number)
                if status == "image-only":
                    unreadable.append(number)
                    warns.append(message("W201", page=number))
            except MemoryError:
                raise
            except Exception as err:  # one damaged page must not lose the others
                warns.append(message("W205", page=number, detail=f"{type(err).__name__}: {err}"[:200]))
            finally:
                page.close()
        meta = _metadata(pdf.metadata or {})
    except MemoryError:
        out_of_memory = True
        raise
    finally:
        # not after a MemoryError: close() would walk the page tree again with no
        # memory left (CPython can crash doing that); the garbage collector frees it
        if not out_of_memory:
            pdf.close()
    if not reader.blocks and unreadable:
        if len(unreadable) == count:
            detail = f"{'its only page is' if count == 1 else f'all {count} pages are'} images or drawings"
        else:
            detail = f"page(s) {', '.join(map(str, unreadable))} are images or drawings and the rest are blank"
        raise UnsupportedFormat("E218", name, detail=detail)
    if not reader.blocks:
        warns.append(message("W206"))
    return Document(
        path=name, format="pdf", title=meta.title or reader.first_heading or stem,
        blocks=tuple(reader.blocks), metadata=meta, pages=count, warnings=tuple(warns),
        unreadable_pages=tuple(unreadable),
    )


def _check_page_count(pdf: Any, name: str, limits: Limits) -> None:
    """E210 if the page tree holds more than ``limits.max_pages`` pages, walking no further."""
    from pdfminer.pdfpage import PDFPage

    pages = itertools.islice(PDFPage.create_pages(pdf.doc), limits.max_pages + 1)
    if sum(1 for _ in pages) <= limits.max_pages:
        return
    declared: object = None
    try:
        from pdfminer.pdftypes import resolve1

        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged page tree: say "more than"
        pass
    if isinstance(declared, int) and declared > limits.max_pages:
        pages_text: object = declared
    else:
        pages_text = f"more than {limits.max_pages}"
    raise DocumentTooLarge("E210", name, pages=pages_text, limit=limits.max_pages)


_GRAPHICS = ("image", "curve", "rect", "line")


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.heading: str | None = None
        self.first_heading: str | None = None
        self.table = 0

    def page(self, page: Any, number: int) -> str:
        if not page.chars:
            # a scan, or text turned into outlines: something is drawn, nothing can be read
            objects = page.objects
            return "image-only" if any(objects.get(kind) for kind in _GRAPHICS) else "blank"
        tables = page.find_tables()
        bboxes = [t.bbox for t in tables]
        items: list[tuple[float, int, Any]] = [(t.bbox[1], 1, t) for t in tables]
        outside = page.filter(lambda obj: not _inside(obj, bboxes)) if bboxes else page
        lines = outside.extract_text_lines(return_chars=True, strip=True)
        body = _body_size(page.chars)
        for para in _paragraphs(lines, body):
            items.append((para[0]["top"], 0, para))
        items.sort(key=lambda item: (item[0], item[1]))
        paragraph = 0
        for _top, is_table, item in items:
            if is_table:
                self._table(item, number)
                continue
            text = " ".join(line["text"] for line in item).strip()
            if not text:
                continue
            paragraph += 1
            size = _size(item[0])
            if body and size >= body * _HEADING_RATIO and len(text) <= 150:
                level = 1 if size >= body * 1.5 else 2
                self._add(text, "heading", page=number, paragraph=paragraph, level=level)
            else:
                self._add(text, "paragraph", page=number, paragraph=paragraph)
        return "text"

    def _table(self, table: Any, page: int) -> None:
        rows = table.extract()
        if not any(any((c or "").strip() for c in row) for row in rows):
            return
        self.table += 1
        header = [_cell(c) for c in rows[0]] if rows else []
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                text = _cell(cell)
                if text:
                    col_header = header[c - 1] if c - 1 < len(header) else ""
                    self._add(
                        text, "table_cell", page=page, table=self.table, row=r, column=c,
                        column_header=col_header or None,
                    )

    def _add(self, text: str, kind: Any, **kw: Any) -> None:
        text = clean(text)
        if not text.strip():
            return
        heading = self.heading
        if kind == "heading":
            self.heading = text
            self.first_heading = self.first_heading or text
        self.blocks.append(Block(text=text, kind=kind, index=len(self.blocks), heading=heading, **kw))


def _inside(obj: dict[str, Any], bboxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in bboxes)


def _size(line: dict[str, Any]) -> float:
    sizes = [ch.get("size", 0) for ch in line.get("chars", []) if ch.get("text", "").strip()]
    return statistics.median(sizes) if sizes else 0.0


def _body_size(chars: list[dict[str, Any]]) -> float:
    sizes = [round(ch.get("size", 0), 1) for ch in chars if ch.get("text", "").strip()]
    return statistics.mode(sizes) if sizes else 0.0


def _paragraphs(lines: list[dict[str, Any]], body: float) -> list[list[dict[str, Any]]]:
    paras: list[list[dict[str, Any]]] = []
    prev: dict[str, Any] | None = None
    for line in lines:
        if not line["text"].strip():
            continue
        new = prev is None
        if prev is not None:
            height = max(prev["bottom"] - prev["top"], 1.0)
            gap = line["top"] - prev["bottom"]
            big = body and (_size(line) >= body * _HEADING_RATIO or _size(prev) >= body * _HEADING_RATIO)
            new = gap > height * _GAP_RATIO or gap < -height or bool(big and abs(_size(line) - _size(prev)) > 0.5)
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
        prev = line
    return paras


def _cell(value: str | None) -> str:
    return "\n".join(part.strip() for part in (value or "").split("\n") if part.strip())


def _metadata(raw: dict[str, Any]) -> Metadata:
    def text(key: str) -> str | None:
        value = raw.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", errors="replace")
        if not isinstance(value, str):
            return None
        value = value.strip()
        return value if value and value.lower() not in _PLACEHOLDER_META else None

    return Metadata(
        author=text("Author"), created=_pdf_date(text("CreationDate")),
        modified=_pdf_date(text("ModDate")), title=text("Title"),
    )


_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")


def _pdf_date(value: str | None) -> str | None:
    """``D:20240301093000+01'00'`` -> ``2024-03-01T09:30:00+01:00``; unparseable dates as given."""
    if not value:
        return None
    m = _DATE.match(value)
    if not m:
        return value
    y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
    out = f"{y}-{mo or '01'}-{d or '01'}T{h or '00'}:{mi or '00'}:{s or '00'}"
    if sign in ("Z", "z"):
        out += "+00:00"
    elif sign in ("+", "-") and tzh:
        out += f"{sign}{tzh}:{tzm or '00'}"
    return out
