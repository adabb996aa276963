"""Limits that guard against hostile or enormous evidence files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Configurable limits applied before and while a file is parsed.

    Attributes:
        max_file_size: Largest evidence file accepted, in bytes (by ``stat``).
        max_docx_uncompressed: Largest total declared uncompressed size of a .docx zip.
        max_docx_ratio: Largest compression ratio of any member of a .docx zip.
        max_docx_members: Most members a .docx zip may hold.
        max_pages: Most pages read from a PDF.
        timeout: Seconds allowed to parse one document (enforced where isolation is used).
        max_memory: Bytes of memory allowed to parse one document (where isolation is used).
    """

    max_file_size: int = 50 * 1024 * 1024
    max_docx_uncompressed: int = 200 * 1024 * 1024
    max_docx_ratio: int = 200
    max_docx_members: int = 2000
    max_pages: int = 500
    timeout: float = 60.0
    max_memory: int = 1536 * 1024 * 1024


DEFAULT_LIMITS = Limits()
