"""Load a learner's portfolio: files and folders in, parsed documents out.

One unreadable file never stops the others: each becomes a
:class:`~evidencecheck.model.DocumentFailure` whose message starts with its
number (``"E206 the PDF is encrypted..."``). Word lock files, hidden and
temporary files are skipped and listed, and a sub-folder that cannot be listed
is reported, so a learner can see that nothing was silently ignored.

By default every file is read in a worker process
(:class:`~evidencecheck.parsers.isolation.IsolatedParser`) under
``Limits.timeout`` and ``Limits.max_memory``: a file that makes a parser hang or
run out of memory gets E212 or E213, and the next file is read by a fresh
worker. The worker is kept for the next call (see
:func:`~evidencecheck.parsers.isolation.shared_parser`). Text files go through it
too: that costs about 0.2 ms a file, and a text parser is not immune to
pathological input either (a Markdown pattern here once took minutes on one line).
Files are only ever opened for reading.

Documents are kept in the per-user parse cache (:mod:`~evidencecheck.parsers.cache`)
unless ``Limits.cache`` is false (``--no-cache``) or a password is given: a file
whose bytes have not changed since it was last read is not parsed again.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import CorruptDocument, DocumentError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, DocumentFailure, Portfolio, SkippedFile
from .parsers import TEXT_EXTENSIONS, parse, preflight
from .parsers.cache import default_cache
from .parsers.isolation import IsolatedParser, shared_parser
from .parsers.sniff import unsupported

#: Extensions read without question; others only if their bytes are PDF or .docx.
SUPPORTED_EXTENSIONS = frozenset({"docx", "pdf", "txt", "md", "markdown"})
_TEMP_PATTERNS = ("~*", "*.tmp", "*.swp", "*.swo", "*.bak~")
_SYSTEM_FILES = {".ds_store": "macOS folder settings", "thumbs.db": "Windows thumbnail cache",
                 "desktop.ini": "Windows folder settings"}

ProgressCallback = Callable[[str, int, int], None]




def load_portfolio(
    paths: Iterable[str | Path], *, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
    on_progress: ProgressCallback | None = None, isolate: bool = True, parser: IsolatedParser | None = None,
) -> Portfolio:
    """Parse every evidence file under ``paths`` into a :class:`Portfolio`.

    Args:
        paths: Files and folders; folders are read recursively in sorted order.
        limits: Size, page, zip, time and memory limits applied to each file.
        password: Password tried on encrypted PDFs.
        on_progress: Called as ``on_progress(path, done, total)`` before each file is parsed.
        isolate: Read each file in a worker process, enforcing ``limits.timeout``
            (E212) and ``limits.max_memory`` (E213). With ``False`` files are read in
            this process and those two limits are not enforced.
        parser: The worker to read with; by default this thread's
            :func:`~evidencecheck.parsers.isolation.shared_parser`, which stays running
            for the next call (it is stopped at exit).

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
            for file, display in _walk(root, failures):
                reason = skip_reason(file.name)
                if reason:
                    skipped.append(SkippedFile(display, reason))
                else:
                    entries.append((file, display))
        else:
            reason = skip_reason(root.name)
            if reason and root.exists():
                skipped.append(SkippedFile(_printable(str(given)), reason))
            else:
                entries.append((root, _printable(str(given))))

    documents: list[Document] = []
    cache = default_cache() if limits.cache and password is None and entries else None
    worker: IsolatedParser | None = None
    for done, (file, display) in enumerate(entries):
        if on_progress:
            on_progress(display, done, len(entries))
        try:
            key = cache.key(file, display, limits) if cache is not None else None
            cached = cache.get(key) if cache is not None and key is not None else None
            if cached is not None:
                documents.append(cached)
                continue
            if isolate and worker is None:
                worker = parser or shared_parser()
            if worker is not None:
                doc = worker.run(_load_one, file, display, limits, password, limits=limits, name=display)
            else:
                doc = _load_one(file, display, limits, password)
            if cache is not None and key is not None:
                cache.put(key, doc)
            documents.append(doc)
        except DocumentError as err:
            failures.append(_failure(err, display, file))
        except Exception:  # a last guard (parse() already maps library errors): one file, not all
            detail = "its content could not be interpreted"
            failures.append(_failure(CorruptDocument("E217", display, detail=detail), display, file))
    return Portfolio(tuple(documents), tuple(failures), tuple(skipped))


# files that sit beside evidence in a folder but are never evidence themselves
_NOT_EVIDENCE = (".yaml", ".yml", ".json", ".py", ".pyc", ".toml", ".ini", ".cfg", ".log", ".lnk")


def skip_reason(name: str) -> str | None:
    """Why a file called ``name`` is skipped, or ``None`` if it should be read."""
    lower = name.lower()
    if lower in ("evidencecheck.toml", ".evidencecheck.toml"):
        return "evidencecheck's settings file"
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


def _walk(root: Path, failures: list[DocumentFailure]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []

    def unreadable(err: OSError) -> None:
        # a sub-folder that cannot be listed is reported, not silently skipped
        folder = Path(err.filename or root)
        try:
            display = _printable(folder.relative_to(root).as_posix() or ".")
        except ValueError:
            display = _printable(str(folder))
        detail = f"the folder could not be listed ({err.strerror or err})"
        failures.append(_failure(CorruptDocument("E216", display, detail=detail), display))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        # hidden folders (.git, .Trash) are never evidence
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            file = Path(dirpath) / filename
            found.append((file, _printable(file.relative_to(root).as_posix())))
    return sorted(found, key=lambda item: item[1])


def _printable(name: str) -> str:
    """``name`` as reports can print it.

    A file name that is not valid UTF-8 (possible on Linux) arrives with lone
    surrogates, which no JSON, XML or terminal output accepts; its odd bytes are
    shown as ``\\xff`` escapes instead. The file itself is still opened by its real name.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _load_one(file: Path, display: str, limits: Limits, password: str | None) -> Document:
    """Read one evidence file (in the worker process when isolated)."""
    ext = file.suffix.lower().lstrip(".")
    if ext not in SUPPORTED_EXTENSIONS and ext not in TEXT_EXTENSIONS:
        # An unknown extension is read only if the bytes are a PDF or Word file.
        kind = preflight(file, display, limits)
        if kind not in ("pdf", "docx"):
            raise unsupported(kind if kind not in ("text", "binary") else "other", display, ext=ext)
    return parse(file, limits=limits, password=password, display=display)


_FORMATS = {"docx": "docx", "pdf": "pdf", "txt": "txt", "md": "md", "markdown": "md"}


def _failure(err: DocumentError, display: str, file: Path | None = None) -> DocumentFailure:
    # The message keeps its number first ("E206 the PDF is encrypted..."), as the report shows it.
    fmt = _FORMATS.get(file.suffix.lower().lstrip(".")) if file is not None else None
    return DocumentFailure(path=display, code=err.code, message=err.detail, format=fmt)
