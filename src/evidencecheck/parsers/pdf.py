"""PDF evidence: pages, paragraphs, headings, ruled tables and filled form fields.

The file is opened with pdfium (pypdfium2), whose page count is the one
trusted: every page it finds is read, also when pdfminer misreads a damaged
page tree. Page text comes from one of two backends (``Limits.pdf_backend``):

- ``pdfium`` (the default): characters and boxes from pdfium
  (:mod:`~evidencecheck.parsers.pdf_pdfium`), 10-20 times faster; a page with
  line drawings also gets pdfplumber's ruled-table finder;
- ``pdfplumber``: characters from pdfminer (:mod:`~evidencecheck.parsers.pdf_plumber`).
  When pdfminer sees a different number of pages than pdfium, the pdfium
  backend reads the file instead.

Both hand positioned text runs to :mod:`~evidencecheck.parsers.pdf_layout`,
which reads columns as columns and joins hyphenated line ends. Ruled tables
become table cells; rows set larger than the body text (measured outside
tables) become headings. Filled form fields (:mod:`~evidencecheck.parsers.pdf_forms`)
follow their page's text as ``form_field`` blocks.

A page that fails is reported (W205) and the other pages are still read; so
are the pages not reached when the worker's time limit runs out (the pages
already read are kept). A page with images or drawings but no text layer is
reported as unreadable (W201), and a PDF in which no page has text but some
page has such content is refused (E218: a scan, or text turned into outlines).
Characters whose font has no Unicode map (``(cid:N)``) are dropped, with W208
when they are most of a page's text.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import threading
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
from ..limits import DEFAULT_LIMITS, PDF_BACKENDS, Limits
from ..model import Block, BlockKind, Document, Metadata
from . import pdf_layout
from .deadline import OutOfTime
from .pdf_pdfium import PageText
from .text import clean

# pdfminer logs every quirk of a damaged PDF; without a handler Python prints them
# to stderr. A NullHandler keeps them quiet unless the application configures logging.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

#: PDF text backends, fastest first.
BACKENDS = PDF_BACKENDS
_PLACEHOLDER_META = {"untitled", "anonymous", "unknown"}  # reportlab's defaults
# pdfium is not thread-safe: in-process parses from several threads take turns (the
# worker process reads one file at a time anyway)
_PDFIUM_LOCK = threading.Lock()
_MOSTLY_UNREADABLE = 0.5


def parse(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
    display: str | None = None,
) -> Document:
    """Parse a PDF into a :class:`Document`.

    Args:
        path: The file to read (opened ``rb``, never written).
        limits: ``max_pages`` is checked before any page is read; ``pdf_backend``
            chooses the text backend.
        password: Password for an encrypted PDF (none by default).
        display: The path to record in the document and errors (defaults to ``path``).

    Raises:
        EncryptedDocument: E206 when the PDF needs a password that was not given or is wrong.
        DocumentTooLarge: E210 when the PDF has more than ``limits.max_pages`` pages.
        CorruptDocument: E211 when the PDF cannot be opened.
        UnsupportedFormat: E218 when no page has a text layer (a scanned or image-only PDF).
        ExtractionTimeout: E212 when no page could be read in the time limit; E213 out of memory.
    """
    name = str(display or path)
    backend = limits.pdf_backend
    with warnings.catch_warnings():
        # pdfminer and pypdfium2 warn about harmless quirks of real-world PDFs
        warnings.simplefilter("ignore")
        with open(path, "rb") as fh:
            data = fh.read(limits.max_file_size + 1)
        try:
            with _PDFIUM_LOCK:
                return _Reader(data, name, Path(path).stem, limits, password).read(backend)
        except DocumentError:
            raise
        except OutOfTime:
            raise ExtractionTimeout("E212", name, seconds=f"{limits.timeout:g}") from None
        except Exception as err:
            raise _map_error(err, name, password) from err


def _map_error(err: BaseException, name: str, password: str | None) -> DocumentError:
    cause: BaseException = err
    if err.args and isinstance(err.args[0], BaseException):
        cause = err.args[0]  # pdfplumber's PdfminerException wraps the real error
    cause_name = type(cause).__name__
    if cause_name == "PDFPasswordIncorrect" or "password" in str(cause).lower():
        detail = " and the password given is wrong" if password else " and needs a password"
        return EncryptedDocument("E206", name, detail=detail)
    if cause_name == "PDFEncryptionError":
        return EncryptedDocument("E206", name, detail=" with an encryption method that is not supported")
    if isinstance(cause, MemoryError):
        return ExtractionTimeout("E213", name, limit="the available amount")
    if isinstance(cause, RecursionError):
        return CorruptDocument("E211", name, detail="its objects refer to each other in a loop or are nested too deeply")
    if cause_name == "PdfiumError":
        return CorruptDocument("E211", name, detail="it is not a valid PDF file or its structure is broken")
    return CorruptDocument("E211", name, detail="its structure could not be read")


class _Reader:
    def __init__(self, data: bytes, name: str, stem: str, limits: Limits, password: str | None) -> None:
        self.data = data
        self.name = name
        self.stem = stem
        self.limits = limits
        self.password = password
        self.blocks: list[Block] = []
        self.heading: str | None = None
        self.first_heading: str | None = None
        self.table = 0
        self.warnings: list[str] = []
        self.unreadable: list[int] = []
        self._plumber: Any = None
        self.not_pages = 0  #: page-tree entries pdfium cannot load as pages (a loop in the tree)
        self.forms: Any = None  #: the document's pdf_forms.Forms, when pdfium could set one up
        self.fields: list[Any] | None = None  #: this page's fields, when read with its text

    def read(self, backend: str) -> Document:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(self.data, password=self.password or None)
        except pdfium.PdfiumError as err:
            if "password" in str(err).lower():
                detail = " and the password given is wrong" if self.password else " and needs a password"
                raise EncryptedDocument("E206", self.name, detail=detail) from None
            raise CorruptDocument("E211", self.name, detail="it is not a valid PDF file or its structure is broken") from None
        try:
            self.forms = _forms(pdf)  # before any page is loaded (pdfium's rule for form widgets)
            count = _page_count(pdf, self.limits.max_pages)
            if count > self.limits.max_pages:
                raise DocumentTooLarge("E210", self.name, pages=count, limit=self.limits.max_pages)
            if backend == "pdfplumber" and self._plumber_pages() != count:
                backend = "pdfium"  # pdfminer misreads the page tree: pdfium's pages are the ones a viewer shows
            meta = _metadata(pdf.get_metadata_dict(skip_empty=True))
            self._pages(pdf, count, backend)
        finally:
            if self._plumber is not None:
                self._plumber.close()
            pdf.close()
        if not self.blocks and self.unreadable:
            if len(self.unreadable) == count:
                detail = f"{'its only page is' if count == 1 else f'all {count} pages are'} images or drawings"
            else:
                detail = f"page(s) {', '.join(map(str, self.unreadable))} are images or drawings and the rest are blank"
            raise UnsupportedFormat("E218", self.name, detail=detail)
        if not self.blocks:
            self.warnings.append(message("W206"))
        return Document(
            path=self.name, format="pdf", title=meta.title or self.first_heading or self.stem,
            blocks=tuple(self.blocks), metadata=meta, pages=count - self.not_pages, warnings=tuple(self.warnings),
            unreadable_pages=tuple(self.unreadable),
        )

    # --- pages --------------------------------------------------------------------
    def _pages(self, pdf: Any, count: int, backend: str) -> None:
        read = 0
        for number in range(1, count + 1):
            self.fields = None
            try:
                self._page(pdf, number, backend)
                read += 1
            except _NotAPage:
                self.not_pages += 1
                continue
            except OutOfTime:
                self._out_of_time(number, count, read)
                break
            except MemoryError:
                raise
            except Exception:  # one damaged page must not lose the others
                self.warnings.append(message("W205", page=number, detail="its content is damaged"))
            try:
                fields = self.fields if self.fields is not None else self._page_fields(pdf, number)
            except OutOfTime:
                if number < count:
                    self._out_of_time(number + 1, count, read)
                break
            except MemoryError:
                raise
            except Exception:  # a broken form must not lose the page text
                fields = []
            for n, field in enumerate(fields, start=1):
                kind: BlockKind = "text_box" if field.kind == "text_box" else "form_field"
                self._add(field.text, kind, page=number, paragraph=None if kind == "text_box" else n)
        if self.forms is not None:
            for n, field in enumerate(self.forms.xfa(), start=1):
                self._add(field.text, "form_field", paragraph=n)

    def _page_fields(self, pdf: Any, number: int) -> list[Any]:
        """The page's filled fields and typed-on text, when the text backend did not load it through pdfium."""
        if self.forms is None:
            return []
        page = _load_page(pdf, number)
        try:
            return self.forms.page(page, number)  # type: ignore[no-any-return]
        finally:
            page.close()

    def _out_of_time(self, number: int, count: int, read: int) -> None:
        if not read:
            raise ExtractionTimeout("E212", self.name, seconds=f"{self.limits.timeout:g}")
        pages, it = (str(number), "it") if number == count else (f"{number} to {count}", "them")
        self.warnings.append(message(
            "W205", page=pages,
            detail=f"not reached within the time limit of {self.limits.timeout:g} s; raise --timeout to read {it}",
        ))

    def _page(self, pdf: Any, number: int, backend: str) -> None:
        from . import pdf_pdfium, pdf_plumber, pdf_tables

        tables: list[pdf_plumber.Table] = []
        if backend == "pdfplumber":
            page = self._plumber_page(number)
            try:
                tables = pdf_plumber.tables(page)
                text = pdf_plumber.read_page(page, [t[0] for t in tables])
            finally:
                page.close()
        else:
            page = _load_page(pdf, number)
            try:
                left, _bottom, _right, top = page.get_mediabox()
                text = pdf_pdfium.read_page(page, top, left)
                if self.forms is not None:
                    try:
                        self.fields = self.forms.page(page, number)
                    except Exception:  # read again on its own below, so the text is kept either way
                        self.fields = None
                if text.has_paths and text.segments and text.frame[:4] == (1.0, 0.0, 0.0, -1.0):
                    tables = pdf_tables.find(pdf_tables.edges(page, left, top), text.boxes)
            finally:
                page.close()
            if tables:
                boxes = [t[0] for t in tables]
                text.segments = [s for s in text.segments if not _inside(s, boxes)]
        self._lay_out(text, tables, number)

    def _lay_out(self, text: PageText, tables: list[Any], number: int) -> None:
        if text.chars and text.unreadable > text.chars * _MOSTLY_UNREADABLE:
            self.warnings.append(message("W208", page=number, count=text.unreadable, total=text.chars))
        if not text.segments and not any(_has_text(rows) for _box, rows in tables):
            if not text.chars and text.has_graphics:
                self.unreadable.append(number)
                self.warnings.append(message("W201", page=number))
            return
        body = pdf_layout.body_size(text.segments)
        # paragraphs keep the layout's reading order (columns!); each table goes before the
        # first paragraph that starts below its top
        items: list[tuple[float, int, Any]] = [
            (para.top, 0, para) for para in pdf_layout.paragraphs(text.segments, body)]
        for box, rows in sorted(tables, key=lambda t: t[0][1]):
            at = next((i for i, item in enumerate(items) if item[0] > box[1]), len(items))
            items.insert(at, (box[1], 1, rows))
        paragraph = 0
        for _top, is_table, item in items:
            if is_table:
                self._table(item, number)
                continue
            paragraph += 1
            self._add(item.text, item.kind, page=number, paragraph=paragraph, level=item.level)

    def _plumber_pages(self) -> int:
        return len(self._plumber_doc().pages)

    def _plumber_doc(self) -> Any:
        if self._plumber is None:
            import pdfplumber

            self._plumber = pdfplumber.open(io.BytesIO(self.data), password=self.password or "")
            _check_page_count(self._plumber, self.name, self.limits)
        return self._plumber

    def _plumber_page(self, number: int) -> Any:
        return self._plumber_doc().pages[number - 1]

    def _table(self, rows: list[list[str | None]], page: int) -> None:
        if not _has_text(rows):
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

    def _add(self, text: str, kind: BlockKind, **kw: Any) -> None:
        text = clean(text)
        if not text.strip():
            return
        if kw.get("level") is None:
            kw.pop("level", None)
        heading = self.heading
        if kind == "heading":
            self.heading = text
            self.first_heading = self.first_heading or text
        self.blocks.append(Block(text=text, kind=kind, index=len(self.blocks), heading=heading, **kw))


def _page_count(pdf: Any, max_pages: int) -> int:
    """pdfium's page count, checked against the pages it can load when it is over ``max_pages``.

    pdfium takes the page tree's /Count on trust; a /Count that lies (100,000
    declared, one page in the tree) must not refuse the file. The last page that
    loads is found by bisection, loading about 20 pages, never walking them all.
    """
    count = len(pdf)
    if count <= max_pages or _loads(pdf, max_pages):
        return count
    low, high = 0, max_pages  # page index ``low`` loads (or low == 0), ``high`` does not
    if not _loads(pdf, 0):
        return 0
    while high - low > 1:
        middle = (low + high) // 2
        if _loads(pdf, middle):
            low = middle
        else:
            high = middle
    return low + 1


def _loads(pdf: Any, index: int) -> bool:
    try:
        pdf[index].close()
        return True
    except Exception:
        return False


class _NotAPage(Exception):
    """A page-tree entry that is not a page (pdfium cannot load it): not counted, not reported."""


def _load_page(pdf: Any, number: int) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdf[number - 1]
    except pdfium.PdfiumError:
        raise _NotAPage() from None


def _forms(pdf: Any) -> Any:
    from .pdf_forms import Forms

    try:
        return Forms(pdf)
    except Exception:  # a broken form must not lose the page text
        return None


def _check_page_count(pdf: Any, name: str, limits: Limits) -> None:
    """E210 if pdfminer's page tree holds more than ``limits.max_pages`` pages, walking no further."""
    from pdfminer.pdfpage import PDFPage

    pages = itertools.islice(PDFPage.create_pages(pdf.doc), limits.max_pages + 1)
    if sum(1 for _ in pages) <= limits.max_pages:
        return
    raise DocumentTooLarge("E210", name, pages=f"more than {limits.max_pages}", limit=limits.max_pages)


def _inside(seg: pdf_layout.Segment, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (seg.x0 + seg.x1) / 2
    cy = (seg.top + seg.bottom) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _has_text(rows: list[list[str | None]]) -> bool:
    return any(any((c or "").strip() for c in row) for row in rows)


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
