"""Unpacking a cohort zip into a request's folder, refusing zip bombs and unsafe names.

Before anything is decompressed the zip's central directory gets the same
checks as a Word file's (:func:`evidencecheck.parsers.ziplimits.expansion_problem`:
member count, total size, compression ratio), within the web limits. Then every
entry's name is checked: an absolute path, a drive letter, a ``..`` step, a
link or a name given twice refuses the whole zip, since such a zip was not
made by zipping a folder. Files are written one by one as plain files with
:func:`open` in exclusive mode, and each is read no further than its declared
size, so nothing can be written outside the folder or grow beyond the check.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ..errors import WebError
from ..limits import Limits
from ..parsers.ziplimits import expansion_problem
from .settings import WebLimits

#: Entries that zip tools add beside the real content (macOS resource forks).
_NOISE = ("__MACOSX/",)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1024 * 1024


def _member_parts(info: zipfile.ZipInfo) -> tuple[str, ...]:
    """The path steps of a member, or raise E330 when it could point outside the folder."""
    name = info.filename
    if "\x00" in name:
        raise WebError("E330", name=name.replace("\x00", "?")[:200], detail="its name holds a NUL character")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise WebError("E330", name=name[:200], detail="it is an absolute path")
    parts = tuple(p for p in PurePosixPath(unified).parts if p not in ("", "."))
    if ".." in parts:
        raise WebError("E330", name=name[:200], detail="it climbs out of the folder with '..'")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise WebError("E330", name=name[:200], detail="it is a link, and links are not allowed")
    return parts


def extract_zip(zip_path: Path, dest: Path, *, limits: Limits, web: WebLimits) -> None:
    """Unpack the zip at ``zip_path`` into the empty folder ``dest``.

    Raises:
        WebError: E328 not a readable zip, E329 too large (a zip bomb?), E330 an
            unsafe entry, E336 password-protected.
    """
    try:
        with zipfile.ZipFile(zip_path) as zf:
            infos = zf.infolist()
            problem = expansion_problem(infos, max_members=web.max_zip_members,
                                        max_total=web.max_zip_uncompressed, max_ratio=limits.max_docx_ratio,
                                        members="entries")
            if problem:
                raise WebError("E329", detail=problem)
            plan: list[tuple[zipfile.ZipInfo, tuple[str, ...]]] = []
            seen: set[tuple[str, ...]] = set()
            for info in infos:
                parts = _member_parts(info)
                if info.flag_bits & 0x1:
                    raise WebError("E336", name=info.filename[:200])
                if not parts or info.filename.startswith(_NOISE) or info.is_dir():
                    continue
                key = tuple(p.casefold() for p in parts)
                if key in seen:
                    raise WebError("E330", name=info.filename[:200], detail="the zip holds that name twice")
                seen.add(key)
                plan.append((info, parts))
            for info, parts in plan:
                _extract_one(zf, info, dest.joinpath(*parts), dest)
    except WebError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error, RuntimeError, NotImplementedError) as err:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method
        raise WebError("E328", detail=f"{type(err).__name__}: {err}"[:200]) from None


def _extract_one(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, dest: Path) -> None:
    if dest.resolve() not in target.resolve().parents:  # the names were checked; this is a second guard
        raise WebError("E330", name=info.filename[:200], detail="it would be written outside the folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        out = open(target, "xb")  # noqa: SIM115 - closed just below
    except FileExistsError:
        raise WebError("E330", name=info.filename[:200], detail="the zip holds that name twice") from None
    with out, zf.open(info) as src:
        shutil.copyfileobj(src, out, _CHUNK)


def cohort_root(folder: Path) -> Path:
    """The folder whose subfolders are the learners.

    Zipping a cohort folder puts one folder at the top of the zip
    (``cohort/amy/...``); zipping its contents puts the learners there
    (``amy/...``). A single top folder that itself holds folders is taken as
    the cohort folder. Hidden entries do not count.

    Raises:
        WebError: E331 when there is no learner folder at all.
    """
    def visible(path: Path) -> list[Path]:
        return [p for p in path.iterdir() if not p.name.startswith(".")]

    entries = visible(folder)
    if len(entries) == 1 and entries[0].is_dir() and any(p.is_dir() for p in visible(entries[0])):
        folder = entries[0]
        entries = visible(folder)
    if not any(p.is_dir() for p in entries):
        raise WebError("E331")
    return folder
