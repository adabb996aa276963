"""Reading a form upload straight into a request's folder, within the limits.

The multipart body is parsed as it arrives (python-multipart's streaming
parser), so a file is written to the request's folder chunk by chunk and an
upload over a limit is refused as soon as it crosses it, not after it has all
been stored. Uploaded file names are reduced to a safe base name (no folders,
no characters Windows refuses, no reserved device names) and made unique; the
name is only ever a label and a file extension, never a path. Nothing of the
content or the names is logged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from ..errors import WebError
from ..parsers import TEXT_EXTENSIONS
from ..parsers.sniff import sniff
from ..portfolio import SUPPORTED_EXTENSIONS
from .settings import WebLimits, format_size

#: Extensions taken as evidence; another is taken only if its bytes are a PDF or Word file.
EVIDENCE_EXTENSIONS = frozenset((SUPPORTED_EXTENSIONS | TEXT_EXTENSIONS) - {""})

_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_MAX_NAME = 120


@dataclass(frozen=True)
class UploadedFile:
    """One uploaded file, saved in the request's folder.

    Attributes:
        field: The form field it came in.
        name: The safe name it was saved under (the uploaded name, cleaned).
        path: Where it was saved.
        size: Its size in bytes.
    """

    field: str
    name: str
    path: Path
    size: int


@dataclass
class Form:
    """A parsed form: its text fields and the files saved from it."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)

    def files_of(self, name: str) -> list[UploadedFile]:
        """The files uploaded in field ``name``, in upload order."""
        return [f for f in self.files if f.field == name]


def safe_name(raw: str, taken: set[str]) -> str:
    """A file name for ``raw`` that is safe on every system and not in ``taken`` (compared case-blind).

    Only the last path component is kept, unsafe characters become ``_``,
    reserved device names get a leading ``_``, long names are shortened
    keeping their extension, and a clash gets `` (2)``, `` (3)``...
    """
    base = re.split(r"[/\\]", raw)[-1]
    base = _UNSAFE_CHARS.sub("_", base).strip().rstrip(". ")
    if not base or set(base) <= {"."}:
        base = "file"
    if _RESERVED.match(base):
        base = "_" + base
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        stem, ext = base, ""
    ext = ext[:16]
    stem = stem[: _MAX_NAME - len(ext) - 1]
    name = f"{stem}.{ext}" if ext else stem
    n = 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
    taken.add(name.casefold())
    return name


def check_evidence_types(files: list[UploadedFile]) -> None:
    """Refuse the files that cannot be evidence, by extension and then by their bytes.

    A file with an evidence extension passes even when damaged or mislabelled:
    the report then gives its numbered reason (E202, E205...), as the command line does.

    Raises:
        WebError: E324 naming every refused file.
    """
    refused = []
    for f in files:
        ext = f.name.rpartition(".")[2].lower() if "." in f.name else ""
        if ext in EVIDENCE_EXTENSIONS:
            continue
        try:
            kind = sniff(f.path)
        except OSError:
            kind = "binary"
        if kind not in ("pdf", "docx"):
            refused.append(f"'{f.name}'")
    if refused:
        raise WebError("E324", names=", ".join(refused))


class _Parts:
    """python-multipart callbacks that save file parts and collect text fields."""

    def __init__(self, folder: Path, file_fields: Mapping[str, int], web: WebLimits, max_file_size: int):
        self.folder = folder
        self.file_fields = file_fields
        self.web = web
        self.max_file_size = max_file_size
        self.form = Form()
        self.taken: set[str] = set()
        self.ended = False
        self.field_bytes = 0
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._display = ""
        self._value: bytearray | None = None
        self._file: BinaryIO | None = None
        self._saved: UploadedFile | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin, "on_header_field": self.header_field,
            "on_header_value": self.header_value, "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
            "on_part_end": self.part_end, "on_end": self.end,
        }

    def part_begin(self) -> None:
        self._headers = {}
        self._value = None
        self._saved = None

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def header_end(self) -> None:
        self._headers[bytes(self._header_name).lower()] = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            self._value = bytearray()
            return
        if self._name not in self.file_fields:
            raise WebError("E327", detail=f"unexpected file field '{self._name[:40]}'")
        self._display = filename.decode("utf-8", "replace")
        if not self._display:
            return  # a file input left empty: browsers still send a part, with no name and no bytes
        if len(self.form.files_of(self._name)) >= self.file_fields[self._name]:
            raise WebError("E323", limit=self.file_fields[self._name])
        name = safe_name(self._display, self.taken)
        path = self.folder / name
        self._file = open(path, "xb")  # noqa: SIM115 - closed in part_end or by close()
        self._saved = UploadedFile(self._name, name, path, 0)

    def part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._value is not None:
            self.field_bytes += len(chunk)
            if self.field_bytes > self.web.max_fields_bytes:
                raise WebError("E327", detail=f"the text fields are over {format_size(self.web.max_fields_bytes)}")
            self._value += chunk
        elif self._file is not None and self._saved is not None:
            size = self._saved.size + len(chunk)
            if size > self.max_file_size:
                raise WebError("E322", name=self._display[:200], limit=format_size(self.max_file_size))
            self._file.write(chunk)
            self._saved = UploadedFile(self._saved.field, self._saved.name, self._saved.path, size)

    def part_end(self) -> None:
        if self._value is not None:
            self.form.fields[self._name] = self._value.decode("utf-8", "replace")
        elif self._file is not None and self._saved is not None:
            self.close()
            self.form.files.append(self._saved)
        self._value = None
        self._saved = None

    def end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


async def read_form(
    request: Request, folder: Path, *, file_fields: Mapping[str, int], web: WebLimits, max_file_size: int,
) -> Form:
    """Parse ``request``'s multipart body, saving its files into ``folder``.

    Args:
        request: The request, whose body has not been read.
        folder: Where the files go (the request's own temporary folder).
        file_fields: The file fields accepted, each with the most files it may hold.
        web: The upload limits (whole body, text fields).
        max_file_size: The largest file accepted, in bytes.

    Raises:
        WebError: E321 body too large, E322 file too large, E323 too many files,
            E327 not a form or a malformed one, E334 cut short (or the client left).
    """
    content_type = request.headers.get("content-type", "")
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise WebError("E327", detail=f"its type is '{content_type[:60] or 'none'}'")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > web.max_upload:
        raise WebError("E321", limit=format_size(web.max_upload))
    parts = _Parts(folder, file_fields, web, max_file_size)
    received = 0
    try:
        parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
        async for chunk in request.stream():
            received += len(chunk)
            if received > web.max_upload:
                raise WebError("E321", limit=format_size(web.max_upload))
            parser.write(chunk)
        parser.finalize()
    except ClientDisconnect:
        raise WebError("E334", detail="the connection closed") from None
    except FormParserError as err:
        raise WebError("E327", detail=f"malformed form data: {str(err)[:80]}") from None
    finally:
        parts.close()
    if not parts.ended:
        raise WebError("E334", detail="the form data ended before its last part")
    return parts.form
