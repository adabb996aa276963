"""A per-user cache of parsed documents, so a re-check does not parse unchanged files again.

An entry is keyed by the SHA-256 of the file's bytes, the parser's version (a
hash of the parser modules' source, so any change to a parser invalidates
every entry), the name the file is shown under, and the choices that change
what is read (PDF backend, page and zip limits). It holds the
:class:`~evidencecheck.model.Document` as JSON, never a pickle: a damaged or
tampered entry can at worst fail validation, which makes it a miss (and it is
removed). Files are written to a temporary name and renamed into place, so
concurrent runs only ever see whole entries. Least recently used entries are
removed once the folder is over its size cap.

The same folder keeps the pipeline's annotations of documents
(:mod:`evidencecheck.nlp.annotation_cache`) as binary entries: ``get_bytes``/``put_bytes``
store a payload behind its SHA-256, so a damaged entry is a miss.

The folder is ``platformdirs.user_cache_dir("evidencecheck")/parsed`` or the
one named by ``EVIDENCECHECK_CACHE_DIR``. It is created private (0700) and
not used at all when another user owns it or can write to it. Documents read
with a password and documents cut short by the time limit are not cached, and
neither are files inside the system's temporary folder: uploads to the web page
and unpacked archives are transient there and must leave no copy behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from ..limits import Limits
from ..model import BLOCK_KINDS, Block, Document, DocumentFormat, Metadata

__all__ = ["CACHE_ENV", "DEFAULT_MAX_BYTES", "ParseCache", "cache_for", "default_cache", "parser_version"]

log = logging.getLogger("evidencecheck")

#: Environment variable naming the cache folder (tests point it at a temporary folder).
CACHE_ENV = "EVIDENCECHECK_CACHE_DIR"
#: Default size cap of the cache folder.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_SCHEMA = 1
_CHUNK = 1024 * 1024
_BINARY_MAGIC = b"evidencecheck-binary-1\n"
_SUFFIXES = (".json", ".bin")
_FORMATS = get_args(DocumentFormat)


@lru_cache(maxsize=1)
def parser_version() -> str:
    """A hash of the package version, every parser module's source and the model and messages they fill."""
    from .._version import __version__

    digest = hashlib.sha256(__version__.encode())
    folder = Path(__file__).resolve().parent
    shared = [folder.parent / name for name in ("model.py", "errors.py", "limits.py")]
    for path in [*sorted(folder.glob("*.py")), *shared]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _in_temp_folder(path: str | os.PathLike[str]) -> bool:
    try:
        resolved = Path(path).resolve()
        temp = Path(tempfile.gettempdir()).resolve()
    except (OSError, RuntimeError):
        return True  # cannot tell where it is: do not keep a copy
    return resolved == temp or temp in resolved.parents


class ParseCache:
    """Parsed documents on disk, keyed by file content and parser version.

    Args:
        folder: Where entries live; created (0700) when first written.
        max_bytes: Size cap; least recently used entries are removed beyond it.
    """

    def __init__(self, folder: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._usable: bool | None = None

    # --- keys -------------------------------------------------------------------------
    def key(self, path: str | os.PathLike[str], display: str, limits: Limits) -> str | None:
        """The entry key for the regular file at ``path``, or ``None`` when it cannot be cached."""
        if _in_temp_folder(path):
            return None
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_file_size:
                return None  # a pipe would block; an oversized file is refused (E208) anyway
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                head = fh.read(_CHUNK)
                digest.update(head)
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
        except OSError:
            return None
        backend = limits.pdf_backend if b"%PDF" in head[:1024] else ""  # as sniff() tells a PDF
        parts = [parser_version(), digest.hexdigest(), display, backend, limits.max_pages,
                 limits.max_docx_uncompressed, limits.max_docx_ratio, limits.max_docx_members]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    # --- entries ------------------------------------------------------------------------
    def get_bytes(self, key: str) -> bytes | None:
        """The binary payload stored under ``key``, or ``None`` (a miss, or a damaged entry, removed)."""
        if not self._check_folder(create=False):
            return None
        entry = self._entry(key, ".bin")
        try:
            with open(entry, "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        head = len(_BINARY_MAGIC) + 64
        payload = raw[head + 1:]
        if (not raw.startswith(_BINARY_MAGIC) or raw[head:head + 1] != b"\n"
                or raw[len(_BINARY_MAGIC):head] != hashlib.sha256(payload).hexdigest().encode()):
            self._remove(entry)
            return None
        try:
            os.utime(entry)
        except OSError:
            pass
        return payload

    def put_bytes(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key`` (atomically, behind its SHA-256); errors only make it a miss."""
        if not self._check_folder(create=True):
            return
        data = _BINARY_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        self._write(self._entry(key, ".bin"), data)

    def discard(self, key: str) -> None:
        """Remove the binary entry ``key`` (its payload was well stored but could not be used)."""
        self._remove(self._entry(key, ".bin"))

    def get(self, key: str) -> Document | None:
        """The cached document for ``key``, or ``None`` (a miss, a damaged or tampered entry)."""
        if not self._check_folder(create=False):
            return None
        entry = self._entry(key)
        try:
            with open(entry, "rb") as fh:
                raw = json.loads(fh.read())
            if not isinstance(raw, dict) or raw.get("schema") != _SCHEMA or raw.get("key") != key:
                raise ValueError("not an entry for this key")
            document = document_from_json(raw.get("document"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            self._remove(entry)
            return None
        try:
            os.utime(entry)  # recently used: kept longest
        except OSError:
            pass
        return document

    def put(self, key: str, document: Document) -> None:
        """Store ``document`` under ``key`` (atomically); errors only make it a miss next time."""
        if any("raise --timeout" in w for w in document.warnings):
            return  # cut short by the time limit: a longer limit would read more
        if not self._check_folder(create=True):
            return
        data = json.dumps({"schema": _SCHEMA, "key": key, "document": document_to_json(document)},
                          ensure_ascii=False).encode("utf-8")
        self._write(self._entry(key), data)

    def clear(self) -> tuple[int, int]:
        """Remove every entry; returns how many were removed and their bytes."""
        removed = freed = 0
        for path, size, _ in self._entries():
            self._remove(path)
            if not path.exists():
                removed, freed = removed + 1, freed + size
        return removed, freed

    def summary(self) -> dict[str, tuple[int, int]]:
        """Entries and bytes of each kind: ``"documents"`` (parsed files), ``"annotations"`` (their
        tagging and parse) and ``"reports"`` (reports of evidence checked before)."""
        kinds = {"documents": (0, 0), "annotations": (0, 0), "reports": (0, 0)}
        for path, size, _ in self._entries() if self._check_folder(create=False) else ():
            kind = ("annotations" if path.name.startswith("nlp-") else
                    "reports" if path.name.startswith("report-") else "documents")
            count, total = kinds[kind]
            kinds[kind] = (count + 1, total + size)
        return kinds

    # --- internals --------------------------------------------------------------------
    def _entry(self, key: str, suffix: str = ".json") -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def _write(self, entry: Path, data: bytes) -> None:
        try:
            entry.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=entry.suffix)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, entry)
            except BaseException:
                self._remove(Path(tmp))
                raise
        except OSError as err:
            log.debug("evidencecheck: could not write to the parse cache: %s", err)
            return
        self._trim()

    def _check_folder(self, *, create: bool) -> bool:
        if self._usable is not None:
            return self._usable
        try:
            if not self.folder.exists():
                if not create:
                    return False
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = self.folder.stat()
        except OSError:
            self._usable = False
            return False
        self._usable = _private(info)
        if not self._usable:
            log.warning("evidencecheck: not using the parse cache %s: another user owns it or can write to it",
                        self.folder)
        return self._usable

    def _entries(self) -> list[tuple[Path, int, float]]:
        """(path, size, last use) of every entry; another run may be adding or removing some meanwhile."""
        found: list[tuple[Path, int, float]] = []
        try:
            with os.scandir(self.folder) as subs:
                folders = [sub.path for sub in subs if sub.is_dir(follow_symlinks=False)]
        except OSError:
            return found
        for folder in folders:
            try:
                with os.scandir(folder) as items:
                    for item in items:
                        if not item.name.endswith(_SUFFIXES) or item.name.startswith(".tmp-"):
                            continue  # another run's entry being written
                        try:
                            info = item.stat(follow_symlinks=False)
                        except OSError:
                            continue  # removed meanwhile
                        found.append((Path(item.path), info.st_size, info.st_mtime))
            except OSError:
                continue
        return found

    def _trim(self) -> None:
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return
        for path, size, _ in sorted(entries, key=lambda e: e[2]):
            self._remove(path)
            total -= size
            if total <= self.max_bytes * 0.9:
                break

    @staticmethod
    def _remove(path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass


def _private(info: os.stat_result) -> bool:
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_for(paths: Sequence[str | os.PathLike[str]], *, cache: bool,
              password: str | None = None) -> ParseCache | None:
    """The per-user cache for checking ``paths``, or ``None``: when ``cache`` is off, a password was
    given, or any of them lies in the system's temporary folder (uploads and unpacked archives
    leave no copy behind)."""
    if not cache or password is not None or not paths or any(_in_temp_folder(p) for p in paths):
        return None
    return default_cache()


def default_cache() -> ParseCache:
    """The per-user cache: ``$EVIDENCECHECK_CACHE_DIR`` or the platform's user cache folder."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        import platformdirs

        folder = os.path.join(platformdirs.user_cache_dir("evidencecheck", appauthor=False), "parsed")
    return ParseCache(folder)


# --- the document as JSON -------------------------------------------------------------

def document_to_json(doc: Document) -> dict[str, Any]:
    """``doc`` as plain JSON data (what :func:`document_from_json` reads back)."""
    return asdict(doc)


_BLOCK_FIELDS: dict[str, tuple[type, ...]] = {
    "text": (str,), "kind": (str,), "index": (int,), "page": (int, type(None)),
    "paragraph": (int, type(None)), "table": (int, type(None)), "row": (int, type(None)),
    "column": (int, type(None)), "level": (int, type(None)), "heading": (str, type(None)),
    "column_header": (str, type(None)),
}
_OPTIONAL_TEXT = (str, type(None))


def document_from_json(raw: Any) -> Document:
    """A :class:`Document` from JSON data, every field checked.

    Raises:
        ValueError: The data is not a well-formed document.
    """
    _expect(raw, dict, "document")
    meta = raw["metadata"]
    _expect(meta, dict, "metadata")
    metadata = Metadata(**{k: _field(meta, k, _OPTIONAL_TEXT) for k in ("author", "created", "modified", "title")})
    blocks = []
    _expect(raw["blocks"], list, "blocks")
    for position, item in enumerate(raw["blocks"]):
        _expect(item, dict, "block")
        if set(item) != set(_BLOCK_FIELDS):
            raise ValueError("a block has unknown or missing fields")
        values = {k: _field(item, k, types) for k, types in _BLOCK_FIELDS.items()}
        if values["kind"] not in BLOCK_KINDS or values["index"] != position:
            raise ValueError("a block has an unknown kind or is out of order")
        blocks.append(Block(**values))
    fmt = _field(raw, "format", (str,))
    if fmt not in _FORMATS:
        raise ValueError("unknown format")
    warnings = _field(raw, "warnings", (list,))
    unreadable = _field(raw, "unreadable_pages", (list,))
    if not all(isinstance(w, str) for w in warnings) or not all(_is_int(p) for p in unreadable):
        raise ValueError("bad warnings or pages")
    return Document(
        path=_field(raw, "path", (str,)), format=fmt, title=_field(raw, "title", (str,)),
        blocks=tuple(blocks), metadata=metadata, pages=_field(raw, "pages", (int, type(None))),
        warnings=tuple(warnings), unreadable_pages=tuple(unreadable),
    )


def _expect(value: Any, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise ValueError(f"{what} is not a {kind.__name__}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field(raw: dict[str, Any], key: str, types: tuple[type, ...]) -> Any:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, types):
        raise ValueError(f"field {key!r} has the wrong type")
    return value
