"""Reports of unchanged portfolios, kept so that checking the same evidence again is instant.

A learner re-checks a draft, an assessor screens a cohort again: where nothing that decides the
report has changed, the report is the same, and it is read back from the per-user parse cache
(:class:`~evidencecheck.parsers.cache.ParseCache`) without reading a file or loading spaCy.

The key is the SHA-256 of everything that decides the report: every file under the paths given
(their names and bytes, symbolic links by their targets), every rule file of the unit's rule
folders, the options (unit, pipeline, limits, learner, waivers, the currency window and the day
it is judged on), the installed package's own files (code, data, rules and the shipped model,
whose large weight files count by size and modification time) and the versions of the libraries
that read and annotate evidence. A report whose evidence could not all be read (a timeout may not
repeat) is not kept. Only the built-in pipelines are keyed (a
user's installed pipeline may change under the same name). An entry is stored behind its SHA-256
and validated as a report when read back: a damaged one is a miss.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .config import WaiverSpec
from .limits import Limits
from .nlp.names import BLANK_MODEL, SHIPPED_MODEL
from .parsers.cache import ParseCache
from .report.model import Report
from .rules.locations import RULE_SUFFIXES
from .rules.registry import rules_dirs_in_order

__all__ = ["load_report", "report_key", "store_report", "tool_fingerprint"]

_SCHEMA = 1
_CHUNK = 1024 * 1024
_BIG = 256 * 1024
# the libraries whose versions can change what is read from a file or how it is annotated
_LIBRARIES = ("spacy", "thinc", "spacy-lookups-data", "numpy", "pypdfium2", "pdfplumber", "pdfminer.six",
              "python-docx", "lxml", "charset-normalizer", "pydantic", "PyYAML")


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """A hash of the installed package's own files and the versions of the libraries it reads with."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode("utf-8", "surrogateescape") + b"\0")
        info = path.stat()
        if info.st_size > _BIG:  # the model's weights: size and time, as build tools do (90 ms a run)
            digest.update(b"%d %d\0" % (info.st_size, info.st_mtime_ns))
        else:
            _feed_file(digest, path)
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, ""))
    digest.update(json.dumps(versions).encode())
    return digest.hexdigest()


def report_key(paths: Sequence[str | os.PathLike[str]], *, unit: str, rules: Iterable[str | os.PathLike[str]],
               model: str, limits: Limits, learner: str | None, waivers: Iterable[WaiverSpec],
               max_age_years: int, as_of: dt.date | None = None) -> str | None:
    """The key of the report these inputs give, or ``None`` when it cannot be keyed safely
    (another pipeline than the built-in ones, a file that cannot be read, a folder that cannot be listed)."""
    if model not in (SHIPPED_MODEL, BLANK_MODEL):
        return None
    digest = hashlib.sha256()
    options = [_SCHEMA, unit, model, asdict(limits), learner, [asdict(w) for w in waivers], max_age_years,
               (as_of or dt.date.today()).isoformat(), [os.fspath(p) for p in paths],
               [os.path.abspath(p) for p in paths], tool_fingerprint()]
    digest.update(json.dumps(options, default=str).encode())
    try:
        for folder in rules_dirs_in_order(rules):
            digest.update(b"rules\0" + os.fsencode(os.path.abspath(folder)) + b"\0")
            for path in sorted(folder.iterdir()) if folder.is_dir() else ():
                if path.is_file() and path.suffix in RULE_SUFFIXES:
                    digest.update(os.fsencode(path.name) + b"\0")
                    _feed_file(digest, path)
        for given in paths:
            digest.update(b"evidence\0" + os.fsencode(given) + b"\0")
            _feed_tree(digest, Path(given), limits.max_file_size)
    except OSError:
        return None
    return "report-" + digest.hexdigest()


def _feed_tree(digest: Any, root: Path, largest: int) -> None:
    """Feed every file under ``root``: its name and bytes (one over ``largest``, which the check
    refuses, by size and time: a video beside the evidence is not read twice a check)."""
    if root.is_symlink():
        digest.update(b"link\0" + os.fsencode(os.readlink(root)) + b"\0")
    if root.is_file():
        _feed_file(digest, root, largest)
        return
    for here, folders, files in os.walk(root, followlinks=False, onerror=_raise):
        folders.sort()
        for name in sorted(files) + [f for f in folders if os.path.islink(os.path.join(here, f))]:
            path = os.path.join(here, name)
            digest.update(os.fsencode(os.path.relpath(path, root)) + b"\0")
            if os.path.islink(path):
                digest.update(b"link\0" + os.fsencode(os.readlink(path)) + b"\0")
            elif os.path.isfile(path):
                _feed_file(digest, Path(path), largest)


def _raise(err: OSError) -> None:
    raise err


def _feed_file(digest: Any, path: Path, largest: int | None = None) -> None:
    if largest is not None:
        info = path.stat()
        if info.st_size > largest:
            digest.update(b"big %d %d\0" % (info.st_size, info.st_mtime_ns))
            return
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    digest.update(b"\0")


def load_report(store: ParseCache, key: str) -> Report | None:
    """The report kept under ``key`` (with its documents' fingerprints), or ``None``."""
    payload = store.get_bytes(key)
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        report = Report.model_validate(data["report"])
        prints = {str(k): frozenset(int(n) for n in v) for k, v in data["fingerprints"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        store.discard(key)
        return None
    return report.with_fingerprints(prints)


def store_report(store: ParseCache, key: str, report: Report) -> None:
    """Keep ``report`` under ``key``, unless some of its evidence could not be read."""
    if not report.checked or any(d.status != "ok" for d in report.documents):
        return
    data = {"report": report.model_dump(mode="json"),
            "fingerprints": {k: sorted(v) for k, v in report.fingerprints.items()}}
    store.put_bytes(key, json.dumps(data, ensure_ascii=False).encode("utf-8"))
