"""Numbered, actionable messages and the exception tree.

Every message says what was wrong, where, and what to do next. Codes are
grouped: E1xx rule sets, E2xx evidence documents, E3xx reports and outputs,
Wxxx warnings (the document still counts)::

    EvidenceCheckError
    ├── RuleSetError (also ValueError)      E1xx, carries every problem found
    │   └── UnknownUnitError                E107
    ├── DocumentError                       E2xx, one evidence file
    │   ├── UnsupportedFormat               E203, E205, E218
    │   ├── EncryptedDocument               E206, E207
    │   ├── DocumentTooLarge                E208, E209, E210
    │   ├── CorruptDocument                 E201, E202, E204, E211, E214-E217
    │   └── ExtractionTimeout               E212, E213
    └── ReportError                         E3xx

Every error pickles and unpickles to an equal error (same class, code, path
and message), so it can cross a process boundary: documents are parsed in a
separate worker process (:mod:`evidencecheck.parsers.isolation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class Messages:
    """Message templates, filled with ``str.format``; keep the code first."""

    # --- rule sets -----------------------------------------------------
    E101 = "cannot read rule file: {detail}. Check the path and that the file is readable."
    E102 = "YAML syntax error: {detail}. Fix the indentation or quoting at that line."
    E103 = "{detail}"
    E104 = "duplicate id '{id}' (first defined at line {first_line}). Give each {what} a unique id."
    E105 = "unknown signal '{name}'. Available signals: {available}."
    E106 = "invalid token pattern: {detail}. See https://spacy.io/usage/rule-based-matching#matcher."
    E107 = "unknown unit '{unit}'. Available units: {available}. Use 'evidencecheck rules list' to see them."
    E108 = "unsafe YAML: {detail}. Rule files may only hold plain mappings, lists, strings and numbers."
    E109 = "rule file is {size} bytes, over the limit of {limit}. Split it or raise the limit."
    E110 = "unknown element reference '{ref}'. Known elements: {available}."
    E111 = "unknown check kind '{kind}'. Available kinds: {available}."
    E112 = "regular expression '{regex}' may backtrack catastrophically: {detail}. On a long word it could hang the check. Rewrite it without nested or overlapping repetition, e.g. '[ab]+' rather than '(a|ab)+' or '(a+)+'."
    E113 = "token pattern is too costly to match: {detail}. {todo}"

    # --- evidence documents --------------------------------------------
    E201 = "file not found. Check the path."
    E202 = "the file is empty (0 bytes). Save the document again and re-add it."
    E203 = "{what} files are not supported. {todo}"
    E204 = "the Word file is damaged or truncated ({detail}). Open it in Word and save it again as .docx."
    E205 = "this is not a Word document ({detail}). Save it from Word as .docx."
    E206 = "the PDF is encrypted{detail}. Remove the password, or pass it with --password."
    E207 = "this is an encrypted or password-protected Office file. Remove the password in Word (File > Info > Protect Document) and save it as .docx."
    E208 = "the file is {size} bytes, over the limit of {limit} bytes. Split it, or raise --max-file-size."
    E209 = "the Word file expands to {detail}, over the limit. It may be a zip bomb; if it is genuine, raise the limit."
    E210 = "the PDF has {pages} pages, over the limit of {limit}. Split it, or raise --max-pages."
    E211 = "the PDF is damaged and could not be read ({detail}). Export it again as PDF."
    E212 = "reading the file took longer than {seconds} s and was stopped. Check the file, or raise the time limit."
    E213 = "reading the file used more than {limit} of memory and was stopped."
    E214 = "the text file could not be decoded ({detail}). Save it as UTF-8."
    E215 = "the document's XML is unsafe or malformed ({detail}). Save it again from Word as .docx."
    E216 = "could not read the file: {detail}."
    E217 = "the file could not be read ({detail}). It may be damaged; save it again and re-add it."
    E218 = "the PDF has no text layer: {detail}. It looks like a scan or a picture of a document; OCR is not supported. Attach the original document, or export it again as a PDF with text."

    # --- reports and outputs -------------------------------------------
    E301 = "cannot write report to {path}: {detail}."
    E302 = "refusing to write {path} inside the portfolio being checked. Choose an output outside it, or pass --allow-output-in-portfolio."
    E303 = "{path} is not an evidencecheck JSON report: {detail}."
    E304 = "unknown report format '{fmt}'. Available formats: {available}."
    E305 = "the reports are for different units ({old} and {new}); compare two reports of the same unit."

    # --- warnings ----------------------------------------------------------
    W201 = "page {page} has no extractable text: it may be a scanned image; OCR is not supported."
    W202 = "the file is named .{ext} but is really a {actual} file; read it as {actual}."
    W203 = "the text was not UTF-8; read it as {encoding}."
    W204 = "{count} table cell(s) could not be read on page {page}: {detail}."
    W205 = "page {page} could not be read ({detail}); the other pages were read."
    W206 = "the document has no text at all: nothing in it can count as evidence."
    W207 = "{count} character(s) could not be decoded and were replaced with the placeholder \ufffd. Check the file's encoding."
    W208 = "page {page}: {count} of its {total} characters use a font without a character map and could not be read, so most of the page's text is missing. Export the PDF again with fonts embedded as text, or attach the original document."


def message(code: str, **values: object) -> str:
    """Format the numbered message ``code`` with ``values``, prefixed by the code."""
    return f"{code} {getattr(Messages, code).format(**values)}"


class EvidenceCheckError(Exception):
    """Base class of every error evidencecheck raises on purpose."""

    code: str = "E000"

    def __reduce__(self) -> tuple[object, ...]:
        # The default reduction calls ``cls(*self.args)``, which does not match
        # the subclasses' ``__init__`` signatures; rebuild without calling it.
        return _rebuild, (type(self), self.args, self.__dict__)


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule file, with where it is."""

    file: str
    line: int | None
    path: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = ": ".join(part for part in (where, self.path) if part)
        return f"{prefix}: {self.code} {self.message}" if prefix else f"{self.code} {self.message}"


class RuleSetError(EvidenceCheckError, ValueError):
    """A rule set could not be loaded; ``problems`` lists every problem found."""

    code = "E100"

    def __init__(self, problems: list[RuleProblem] | str):
        if isinstance(problems, str):
            problems = [RuleProblem("", None, "", "E103", problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownUnitError(RuleSetError):
    """No rule set has the requested unit id."""

    code = "E107"

    def __init__(self, unit: str, available: list[str]):
        self.unit = unit
        super().__init__(
            [RuleProblem("", None, "", "E107", Messages.E107.format(unit=unit, available=", ".join(available) or "none"))]
        )


class DocumentError(EvidenceCheckError):
    """An evidence file could not be read. ``str(err)`` is the numbered message.

    Attributes:
        code: The message number, e.g. ``"E211"``.
        path: The file, as the user named it.
        detail: The numbered message without the path.
        values: The values the message was filled with.
    """

    def __init__(self, code: str, path: str = "", **values: object):
        self.code = code
        self.path = path
        self.values = values
        self.detail = message(code, **values)
        super().__init__(f"{path}: {self.detail}" if path else self.detail)

    def with_path(self, path: str) -> DocumentError:
        """The same error naming ``path`` (for errors raised before the path was known)."""
        return type(self)(self.code, path, **self.values)


class UnsupportedFormat(DocumentError):
    """The file is of a kind evidencecheck cannot read (.doc, .odt, images...)."""


class EncryptedDocument(DocumentError):
    """The file is password-protected."""


class DocumentTooLarge(DocumentError):
    """The file, its uncompressed content or its page count is over a limit."""


class CorruptDocument(DocumentError):
    """The file is damaged, truncated or malformed."""


class ExtractionTimeout(DocumentError):
    """Reading the file took too long or used too much memory."""


class ReportError(EvidenceCheckError):
    """A report could not be written or read."""

    def __init__(self, code: str, **values: object):
        self.code = code
        super().__init__(message(code, **values))


@contextmanager
def document_errors(name: str) -> Iterator[None]:
    """Turn anything raised inside the block into a numbered :class:`DocumentError` naming ``name``.

    A :class:`DocumentError` passes through; ``RecursionError`` becomes E217,
    ``MemoryError`` E213 and any other exception E217, so no library exception (nor
    its internals or absolute paths) reaches callers. Used by :func:`evidencecheck.parsers.parse`
    and by the worker process of :mod:`evidencecheck.parsers.isolation`.
    """
    try:
        yield
    except DocumentError:
        raise
    except RecursionError:
        raise CorruptDocument("E217", name, detail="the document is nested too deeply") from None
    except MemoryError:
        raise ExtractionTimeout("E213", name, limit="the available amount") from None
    except Exception as err:
        # the library's own words (and any path it names) stay on the chained exception, for debugging
        raise CorruptDocument("E217", name, detail="its content could not be interpreted") from err


def _rebuild(cls: type[BaseException], args: tuple[object, ...], state: dict[str, object]) -> BaseException:
    """Unpickle an error without calling its ``__init__`` (see ``EvidenceCheckError.__reduce__``)."""
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err
