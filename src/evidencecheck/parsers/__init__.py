"""Evidence parsers: one module per format, dispatched on the sniffed type.

:func:`parse` looks at a file's bytes, not its name, and returns a
:class:`~evidencecheck.model.Document` or raises a numbered
:class:`~evidencecheck.errors.DocumentError`; no library exception escapes.

:func:`parse` reads in the calling process, as the library's simple one-file
call: it enforces the size, page and zip limits but not ``Limits.timeout`` or
``Limits.max_memory``. To enforce those, read through
:class:`~evidencecheck.parsers.isolation.IsolatedParser` (a worker process), as
:func:`~evidencecheck.portfolio.load_portfolio` does by default.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import (
    CorruptDocument,
    DocumentTooLarge,
    UnsupportedFormat,
    document_errors,
    message,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Document
from . import docx as _docx
from . import pdf as _pdf
from . import text as _text
from .sniff import WORD_EXTENSIONS, sniff, unsupported
from .text import parse_string

__all__ = ["TEXT_EXTENSIONS", "parse", "parse_string", "preflight", "sniff"]

#: Extensions read as text when the bytes are text.
TEXT_EXTENSIONS = frozenset({"txt", "md", "markdown", "text", ""})
_NAMES = {"pdf": "PDF", "docx": "Word (.docx)"}


def preflight(path: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Check a file before any parser touches it and return its sniffed type.

    The size comes from ``stat`` (E208 over the limit), only regular files are
    read (a pipe or device would block: E216), and the type comes from the
    first bytes (see :func:`~evidencecheck.parsers.sniff.sniff`).

    Raises:
        DocumentError: E201 not found, E208 too large, E216 not a readable regular file.
    """
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CorruptDocument("E216", name, detail="it is not a regular file")
        if size > limits.max_file_size:
            raise DocumentTooLarge("E208", name, size=size, limit=limits.max_file_size)
        return sniff(path)
    except FileNotFoundError:
        raise CorruptDocument("E201", name) from None
    except OSError as err:
        raise CorruptDocument("E216", name, detail=err.strerror or str(err)) from None


def parse(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
    display: str | None = None,
) -> Document:
    """Parse one evidence file, whatever its extension says.

    Args:
        path: The file to read; it is opened ``rb`` and never written.
        limits: Size and page limits (the size is checked by ``stat`` first).
        password: Password for an encrypted PDF.
        display: The path to record in the document and errors (defaults to ``path``).

    Returns:
        The parsed :class:`Document`. A PDF or .docx under another extension
        is read as what it is, with warning W202.

    Raises:
        DocumentError: A numbered subclass (E201-E218) saying why the file
            could not be read and what to do.
    """
    name = str(display or path)
    p = Path(path)
    ext = p.suffix.lower().lstrip(".")
    kind = preflight(p, name, limits)

    with document_errors(name):  # no library exception reaches callers
        if kind == "pdf":
            doc = _pdf.parse(p, limits=limits, password=password, display=name)
        elif kind == "docx":
            doc = _docx.parse(p, limits=limits, display=name)
        elif kind == "text":
            if ext == "docx":
                raise UnsupportedFormat("E205", name, detail="it is plain text saved with a .docx name; rename it to .txt")
            if ext == "pdf":
                raise CorruptDocument("E211", name, detail="it is plain text, not a PDF")
            return _text.parse(p, limits=limits, display=name)
        elif kind == "binary" and ext == "docx":
            raise UnsupportedFormat("E205", name, detail="its content is not a Word document")
        elif kind == "binary" and ext in TEXT_EXTENSIONS:
            raise CorruptDocument("E214", name, detail="it contains binary data, not text")
        elif kind == "binary" and ext == "pdf":
            raise CorruptDocument("E211", name, detail="it does not start like a PDF")
        else:
            raise unsupported(kind, name, ext=ext)

    if ext != kind and not (kind == "docx" and ext in WORD_EXTENSIONS):
        warning = message("W202", ext=ext or "(none)", actual=_NAMES[kind])
        doc = dataclasses.replace(doc, warnings=(warning, *doc.warnings))
    return doc
