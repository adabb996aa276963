"""Load a learner's portfolio: files and folders in, parsed documents out.

One unreadable file never stops the others: each becomes a
:class:`~evidencecheck.model.DocumentFailure` with a numbered reason. Word
lock files, hidden and temporary files are skipped and listed, so a learner
can see that nothing was silently ignored.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import CorruptDocument, DocumentError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, DocumentFailure, Portfolio, SkippedFile
from .parsers import TEXT_EXTENSIONS, parse
from .parsers.sniff import sniff, unsupported

#: Extensions read without question; others only if their bytes are PDF or .docx.
SUPPORTED_EXTENSIONS = frozenset({"docx", "pdf", "txt", "md", "markdown"})
_TEMP_PATTERNS = ("~*", "*.tmp", "*.swp", "*.swo", "*.bak~")
_SYSTEM_FILES = {".ds_store": "macOS folder settings", "thumbs.db": "Windows thumbnail cache",
                 "desktop.ini": "Windows folder settings"}

ProgressCallback = Callable[[str, int, int], None]


def load_portfolio(
    paths: Iterable[str | Path], *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Portfolio:
    """Parse every evidence file under ``paths`` into a :class:`Portfolio`.

    Args:
        paths: Files and folders; folders are read recursively in sorted order.
        limits: Size, page and zip limits applied to each file.
        password: Password tried on encrypted PDFs.
        on_progress: Called as ``on_progress(path, done, total)`` before each file is parsed.

    Returns:
        The documents in a stable order, plus failures and skipped files.
        Paths are relative to the folder given, or as given for files.
    """
    entries: list[tuple[Path, str]] = []
    skipped: list[SkippedFile] = []
    failures: list[DocumentFailure] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for file, display in _walk(root):
                reason = skip_reason(file.name)
                if reason:
                    skipped.append(SkippedFile(display, reason))
                else:
                    entries.append((file, display))
        else:
            reason = skip_reason(root.name)
            if reason and root.exists():
                skipped.append(SkippedFile(str(given), reason))
            else:
                entries.append((root, str(given)))

    documents: list[Document] = []
    for done, (file, display) in enumerate(entries):
        if on_progress:
            on_progress(display, done, len(entries))
        try:
            documents.append(_load_one(file, display, limits, password))
        except DocumentError as err:
            failures.append(_failure(err, display))
    return Portfolio(tuple(documents), tuple(failures), tuple(skipped))


# files that sit beside evidence in a folder but are never evidence themselves
_NOT_EVIDENCE = (".yaml", ".yml", ".json", ".py", ".pyc", ".toml", ".ini", ".cfg", ".log", ".lnk")


def skip_reason(name: str) -> str | None:
    """Why a file called ``name`` is skipped, or ``None`` if it should be read."""
    lower = name.lower()
    if name.startswith("~$"):
        return "Word lock file (the document was open in Word)"
    if lower in _SYSTEM_FILES:
        return _SYSTEM_FILES[lower]
    if name.startswith("."):
        return "hidden file"
    if any(fnmatch.fnmatch(lower, pattern) for pattern in _TEMP_PATTERNS):
        return "temporary file"
    if lower.endswith(_NOT_EVIDENCE):
        return "not an evidence document (data or program file)"
    return None


def _walk(root: Path) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        # hidden folders (.git, .Trash) are never evidence
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            file = Path(dirpath) / filename
            found.append((file, file.relative_to(root).as_posix()))
    return sorted(found, key=lambda item: item[1])


def _load_one(file: Path, display: str, limits: Limits, password: str | None) -> Document:
    ext = file.suffix.lower().lstrip(".")
    if ext not in SUPPORTED_EXTENSIONS and ext not in TEXT_EXTENSIONS:
        # An unknown extension is read only if the bytes are a PDF or Word file.
        try:
            kind = sniff(file)
        except FileNotFoundError:
            raise CorruptDocument("E201", display) from None
        except OSError as err:
            raise CorruptDocument("E216", display, detail=err.strerror or str(err)) from None
        if kind not in ("pdf", "docx"):
            raise unsupported(kind if kind not in ("text", "binary") else "other", display, ext=ext)
    return parse(file, limits=limits, password=password, display=display)


def _failure(err: DocumentError, display: str) -> DocumentFailure:
    text = err.detail.removeprefix(f"{err.code} ")
    return DocumentFailure(path=display, code=err.code, message=text)
