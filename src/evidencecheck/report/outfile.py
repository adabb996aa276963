"""Writing a report file safely: which format, whether the path may be written, and how.

Three rules protect a learner's work:

* the format comes from the file's extension (``.json .html .md .csv .docx``,
  ``.txt`` for the plain terminal text), so ``-o feedback.docx`` is a real Word
  file; an explicit format that disagrees with the extension is refused (E310),
  and so is an extension no report has (E311);
* a path is refused when it is one of the evidence files (E308, always), lies in
  a folder being checked or in the folder of an evidence file (E302, unless
  allowed), or is an existing file that evidencecheck did not write (E309,
  unless forced), as judged by :func:`written_by_evidencecheck`;
* the file is written atomically (:func:`atomic_write`): a temporary file in the
  same folder, then a rename, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import ReportError

#: Report format of each output extension (``terminal`` is the plain text view).
EXTENSION_FORMATS = {
    "json": "json", "html": "html", "htm": "html", "md": "markdown", "markdown": "markdown",
    "csv": "csv", "docx": "docx", "txt": "terminal", "text": "terminal",
}
#: Marker the text views (terminal text, Markdown, error notes) end with.
TEXT_MARKER = "Made by evidencecheck"
_HTML_MARKER = b'<meta name="generator" content="evidencecheck'
_CSV_HEADERS = (b"unit,criterion,status,", b"learner,risk,met,at_risk,")
_READ_LIMIT = 32 * 2**20  # a report file is never this big; anything larger is not ours


def format_for_output(path: str | os.PathLike[str], fmt: str | None) -> str:
    """The report format to write to ``path``: ``fmt`` if given, else the one its extension names.

    A path without an extension takes ``fmt``, or the terminal text.

    Raises:
        ReportError: E310 when ``fmt`` disagrees with the extension, E311 when the
            extension is not a report format (``.doc``, ``.pdf``...).
    """
    ext = Path(path).suffix.lower().lstrip(".")
    if not ext:
        return fmt or "terminal"
    implied = EXTENSION_FORMATS.get(ext)
    if implied is None:
        raise ReportError("E311", ext=ext, path=os.fspath(path))
    if fmt is not None and fmt != implied:
        raise ReportError("E310", fmt=fmt, path=os.fspath(path), ext=ext,
                          expected=f"--format {implied}")
    return implied


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _input_files(inputs: Iterable[Path]) -> Iterable[Path]:
    for given in inputs:
        if given.is_dir():
            yield from (p for p in given.rglob("*") if p.is_file())
        else:
            yield given


def check_output_path(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], *,
                      allow_in_portfolio: bool = False, force: bool = False) -> None:
    """Refuse an output path that would harm or pollute the evidence being checked.

    Args:
        output: Where the report would be written.
        inputs: The evidence files and folders being checked.
        allow_in_portfolio: Allow a new file (or one evidencecheck wrote) inside
            an input folder or beside an input file.
        force: Allow replacing an existing file that evidencecheck did not write,
            outside the evidence.

    Raises:
        ReportError: E308 the output is an evidence file (never allowed), E302 it
            lies among the evidence, E309 it would replace a file evidencecheck
            did not write.
    """
    given = os.fspath(output)
    target = Path(output).resolve()
    sources = [Path(p).resolve() for p in inputs]
    # An evidence file, by any name (symlink, hard link): never.
    if any(target == f or _same_file(target, f) for f in _input_files(sources)):
        raise ReportError("E308", path=given)
    folders = [s if s.is_dir() else s.parent for s in sources]
    inside = any(folder == target.parent or folder in target.parents for folder in folders)
    ours = target.is_file() and written_by_evidencecheck(target)
    if inside and target.exists() and not ours:
        raise ReportError("E308", path=given)  # a file among the evidence is evidence
    if inside and not allow_in_portfolio:
        raise ReportError("E302", path=given)
    if target.exists() and not ours and not (force and target.is_file()):
        raise ReportError("E309", path=given)


def written_by_evidencecheck(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` is a report, grid or note evidencecheck wrote.

    Judged from its content, by its own kind: a JSON report or cohort summary
    naming evidencecheck as its tool, an HTML page with evidencecheck's
    ``generator`` tag, a Word file whose author is evidencecheck, a CSV with a
    report's or grid's header, or text ending with evidencecheck's marker line.
    Reads the file only; anything unreadable counts as not ours.
    """
    file = Path(path)
    try:
        if not file.is_file() or file.stat().st_size > _READ_LIMIT:
            return False
        with open(file, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"PK"):
            return _docx_by_us(file)
        data = file.read_bytes()
    except OSError:
        return False
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        try:
            doc = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            return False
        tool = doc.get("tool") if isinstance(doc, dict) else None
        return isinstance(tool, dict) and tool.get("name") == "evidencecheck"
    if stripped[:15].lower().startswith(b"<!doctype html"):
        return _HTML_MARKER in data[:4096]
    if stripped.startswith(_CSV_HEADERS):
        return True
    tail = data[-600:].decode("utf-8", "replace")
    return any(line.lstrip("*_ ").startswith(TEXT_MARKER) for line in tail.splitlines()[-3:])


def _docx_by_us(file: Path) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > 65536:
                return False
            core = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return b"<dc:creator>evidencecheck</dc:creator>" in core


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux), else briefly set."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with its line ends as they are (CSV keeps CRLF).
    Whatever fails, no temporary file is left and an existing file at ``path``
    is unchanged.

    Raises:
        ReportError: E301 when the file cannot be written.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            # keep the permissions of the file being replaced (mkstemp makes it 0600)
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise ReportError("E301", path=os.fspath(path), detail=err.strerror or str(err)) from err
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
