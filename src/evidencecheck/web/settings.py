"""What a server of the web page is allowed to do: its limits and where it works.

Kept free of web-framework imports, so the ``serve`` command can build the
settings (and say what is missing) before FastAPI is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..limits import DEFAULT_LIMITS, Limits
from ..nlp.names import DEFAULT_MODEL

_MIB = 1024 * 1024

#: Host names a server bound to loopback answers to (DNS rebinding protection).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class WebLimits:
    """Limits on what one request may upload and how many checks run at once.

    Attributes:
        max_upload: Largest request body, in bytes (all files of one check, or one cohort zip).
        max_files: Most evidence files in one learner check.
        max_fields_bytes: Largest total size of the form's text fields, in bytes.
        max_zip_members: Most entries a cohort zip may hold.
        max_zip_uncompressed: Largest total declared uncompressed size of a cohort zip, in bytes.
        max_checks: Checks that run at the same time (each in its own thread and reader process).
        max_queue: Requests that may wait (or still be uploading) beyond those running;
            one more gets HTTP 503 with E332.
        retry_after: Seconds a refused request is told to wait (``Retry-After``).

    Evidence files have the per-file limits of :class:`~evidencecheck.limits.Limits`
    (size, pages, time, memory), the same as on the command line, and a cohort zip
    the compression-ratio limit of a Word file (``Limits.max_docx_ratio``).
    """

    max_upload: int = 200 * _MIB
    max_files: int = 100
    max_fields_bytes: int = 64 * 1024
    max_zip_members: int = 5000
    max_zip_uncompressed: int = 1024 * _MIB
    max_checks: int = 2
    max_queue: int = 8
    retry_after: int = 30


@dataclass(frozen=True)
class WebSettings:
    """Everything :func:`evidencecheck.web.create_app` needs.

    Attributes:
        limits: Per-file limits for reading evidence, as on the command line.
        web: Upload and concurrency limits.
        rules: Extra rule directories; their units override bundled ones.
        model: The spaCy pipeline.
        temp_dir: Where the server makes its own temporary folder (default: the
            system's); every upload lives in a subfolder of it only while it is checked.
        allowed_hosts: Host names the server answers to; empty answers to any
            (for a server bound to a non-loopback address).
        port: The port served on, for messages only.
    """

    limits: Limits = DEFAULT_LIMITS
    web: WebLimits = field(default_factory=WebLimits)
    rules: tuple[str, ...] = ()
    model: str = DEFAULT_MODEL
    temp_dir: str | None = None
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    port: int = 8000


def format_size(size: int) -> str:
    """``size`` bytes as people say it: ``"50 MB"``, ``"512 KB"``, ``"12 bytes"``."""
    if size >= _MIB:
        return f"{size / _MIB:g} MB" if size % _MIB == 0 else f"{size / _MIB:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"
