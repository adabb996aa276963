"""Limits that guard against hostile or enormous evidence files, and how files are read."""

from __future__ import annotations

from dataclasses import dataclass

#: What can read PDF text: pdfium (fast, the default) or pdfplumber.
PDF_BACKENDS = ("pdfium", "pdfplumber")


@dataclass(frozen=True)
class Limits:
    """Configurable limits applied before and while a file is parsed, and reading choices.

    Attributes:
        max_file_size: Largest evidence file accepted, in bytes (by ``stat``).
        max_docx_uncompressed: Largest total declared uncompressed size of a .docx zip.
        max_docx_ratio: Largest compression ratio of any member of a .docx zip.
        max_docx_members: Most members a .docx zip may hold.
        max_pages: Most pages read from a PDF.
        timeout: Seconds allowed to read one document; a slower one gets E212.
        max_memory: Bytes of address space allowed to the process reading one document
            (``RLIMIT_AS``, so it counts the interpreter and libraries too, about 100 MB);
            more gets E213. Not enforced on Windows, which has no ``RLIMIT_AS``.
        pdf_backend: ``"pdfium"`` (fast; the default) or ``"pdfplumber"``: what reads PDF text.
        cache: Keep parsed documents in the per-user parse cache and reuse them when a
            file's bytes are unchanged (see :mod:`evidencecheck.parsers.cache`).

    ``timeout`` and ``max_memory`` are enforced when documents are read in a worker
    process: :func:`evidencecheck.portfolio.load_portfolio` (and so
    :func:`evidencecheck.check` and the command line) does that by default, through
    :class:`evidencecheck.parsers.isolation.IsolatedParser`.
    :func:`evidencecheck.parsers.parse` reads in the calling process and does not
    enforce them. The other limits are enforced everywhere.
    """

    max_file_size: int = 50 * 1024 * 1024
    max_docx_uncompressed: int = 200 * 1024 * 1024
    max_docx_ratio: int = 200
    max_docx_members: int = 2000
    max_pages: int = 500
    timeout: float = 60.0
    max_memory: int = 1536 * 1024 * 1024
    pdf_backend: str = "pdfium"
    cache: bool = True

    def __post_init__(self) -> None:
        if self.pdf_backend not in PDF_BACKENDS:
            raise ValueError(f"unknown PDF backend {self.pdf_backend!r}; choose one of {', '.join(PDF_BACKENDS)}")


DEFAULT_LIMITS = Limits()


_MIB = 1024 * 1024


def seconds(text: str) -> float:
    """A positive number of seconds, from a command-line option (``--timeout 30``)."""
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def megabytes(text: str) -> int:
    """A positive number of megabytes (MiB), from a command-line option, in bytes (``--max-memory 1536``)."""
    value = int(text)
    if value <= 0:
        raise ValueError(text)
    return value * _MIB
