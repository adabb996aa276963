"""Magic-byte detection: what a file really is, whatever its name says.

Learners rename files, save PDFs as ``.docx`` and drop scans into their
portfolio; the extension is only a hint. :func:`sniff` looks at the bytes and
:func:`unsupported` turns a kind evidencecheck cannot read into the numbered
error that tells the learner what to do.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

from ..errors import CorruptDocument, DocumentError, EncryptedDocument, UnsupportedFormat
from .text import utf16_without_bom

#: Kinds :func:`sniff` can return.
KINDS = (
    "pdf", "docx", "text", "empty", "zip", "odt", "truncated_zip", "doc", "encrypted_office",
    "ole", "image", "rtf", "binary",
)
SUPPORTED = ("pdf", "docx", "text")
#: Extensions of Word packages read as .docx (macro-enabled and template variants).
WORD_EXTENSIONS = frozenset({"docx", "docm", "dotx", "dotm"})

_HEAD = 8192
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_SCAN = 1024 * 1024  # bytes read from each end of an OLE file when looking for stream names
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_SAVE_DOCX = "Open it in Word (or LibreOffice) and save it as .docx, or export it as PDF."
_OCR = "OCR is not supported; type the text or attach the original document."


def sniff(path: str | Path) -> str:
    """Return the kind of file at ``path`` from its first bytes.

    Returns:
        One of :data:`KINDS`: ``pdf``, ``docx`` and ``text`` can be parsed;
        the others are reasons a file cannot be read.

    Raises:
        OSError: If the file cannot be opened.
    """
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
        if not head:
            return "empty"
        if b"%PDF" in head[:1024]:
            return "pdf"
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return _sniff_zip(fh)
        if head.startswith(_OLE):
            return _sniff_ole(fh)
        for magic, _name in _IMAGES:
            if head.startswith(magic):
                return "image"
        if head.startswith(b"{\\rtf"):
            return "rtf"
    return "text" if _looks_like_text(head) else "binary"


def _sniff_zip(fh: BinaryIO) -> str:
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and zf.getinfo("[Content_Types].xml").file_size <= _HEAD * 128:
                # .dotx/.docm/.dotm, Strict, or a Word Online main part with another name
                from .ooxml import word_main_part

                if word_main_part(zf) is not None:
                    return "docx"
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100]
                if mime.startswith(b"application/vnd.oasis.opendocument"):
                    return "odt"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError):
        return "truncated_zip"
    except Exception:  # zlib.error and friends from a damaged entry
        return "truncated_zip"
    return "zip"


def _sniff_ole(fh: BinaryIO) -> str:
    # Directory entry names are UTF-16LE; a real parse of the compound file is
    # not needed to tell an encrypted .docx from a Word 97-2003 .doc. Only a
    # bounded part is read (both ends and the first directory sector), so a
    # huge file costs no more than a small one.
    data = _ole_sample(fh)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted_office"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    return "ole"


def _ole_sample(f: BinaryIO) -> bytes:
    f.seek(0)
    head = f.read(_OLE_SCAN)
    parts = [head]
    if len(head) >= 52:
        shift, = struct.unpack_from("<H", head, 30)
        first_dir, = struct.unpack_from("<i", head, 48)
        if 7 <= shift <= 16 and first_dir >= 0:
            f.seek((first_dir + 1) << shift)
            parts.append(f.read(64 * 1024))
    f.seek(0, 2)
    size = f.tell()
    if size > _OLE_SCAN:
        f.seek(max(size - _OLE_SCAN, _OLE_SCAN))
        parts.append(f.read(_OLE_SCAN))
    return b"".join(parts)


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with BOM has NULs by design
    if b"\x00" in head and utf16_without_bom(head):
        return True
    # A stray NUL or control character does not make a text file binary (the
    # text parser drops them); many of them do.
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls * 20 <= len(head)  # random binary data has about 11% of them


def unsupported(kind: str, path: str = "", *, ext: str = "") -> DocumentError:
    """The numbered error for a file of ``kind`` that cannot be parsed.

    Args:
        kind: A kind from :func:`sniff` other than those in :data:`SUPPORTED`.
        path: The path to name in the message.
        ext: The file's extension (lower case, without the dot), for the message.
    """
    if kind == "empty":
        return CorruptDocument("E202", path)
    if kind == "truncated_zip":
        return CorruptDocument("E204", path, detail="the zip archive is incomplete")
    if kind == "encrypted_office":
        return EncryptedDocument("E207", path)
    if kind == "doc":
        return UnsupportedFormat("E203", path, what="Word 97-2003 (.doc)", todo=_SAVE_DOCX)
    if kind == "odt":
        return UnsupportedFormat("E203", path, what="OpenDocument (.odt)", todo=_SAVE_DOCX)
    if kind == "image":
        return UnsupportedFormat("E203", path, what="Image", todo=_OCR)
    if kind == "rtf":
        return UnsupportedFormat("E203", path, what="Rich Text (.rtf)", todo=_SAVE_DOCX)
    if kind == "zip":
        what = {"xlsx": "Excel", "pptx": "PowerPoint"}.get(ext)
        if what:
            return UnsupportedFormat("E203", path, what=f"{what} (.{ext})", todo=_SAVE_DOCX)
        return UnsupportedFormat("E205", path, detail="it is a zip archive without a Word document inside")
    if kind == "ole":
        if ext in {"doc", "dot"} | WORD_EXTENSIONS:
            # an Office 97-2003 file whose Word stream was not found in the part read
            return UnsupportedFormat("E203", path, what="Word 97-2003 (.doc)", todo=_SAVE_DOCX)
        return UnsupportedFormat("E203", path, what="Older Office (.xls/.ppt/.msg)", todo=_SAVE_DOCX)
    label = f".{ext}" if ext else "These"
    return UnsupportedFormat(
        "E203", path, what=f"{label}", todo="Save the evidence as .docx, .pdf, .txt or .md."
    )
