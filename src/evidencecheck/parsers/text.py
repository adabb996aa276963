"""Plain-text and Markdown evidence (.txt, .md).

Text files are decoded by their byte-order mark or as UTF-8, falling back to
Windows-1252 (what Notepad on an older Windows saves) with warning W203;
UTF-16 without a byte-order mark is recognised by its NUL bytes. Characters
that cannot be decoded (a lone UTF-16 surrogate, a cut-off last character)
are replaced with U+FFFD and counted in warning W207 rather than losing the
file. NULs and other control characters (except tab and line ends) are
dropped. Markdown is read for the structure people actually type: ATX
headings, list items, pipe tables and blank-line paragraphs.

Every pattern here runs in linear time: a line of text a learner (or an
attacker) wrote can never make the parser backtrack for minutes.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import CorruptDocument, DocumentTooLarge, message
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Block, BlockKind, Document, DocumentFormat
from .fields import RUN_ON_WORDS, starts_field

# The heading's closing #s are stripped in code: a pattern such as
# ``\s+(.*?)\s*#*\s*$`` backtracks cubically on a long run of spaces.
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*))?$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# matched against the stripped line: leading ``\s*\|?\s*`` would backtrack quadratically
_TABLE_SEP = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_TXT_HEADING_MAX = 60


# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` looks like BOM-less UTF-16 text, else ``None``.

    Text in a Latin script saved as UTF-16 has a NUL in (nearly) every other byte.
    """
    sample = data[:8192]
    half = len(sample) // 2
    if half < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= half * 0.3 and even <= half * 0.02:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= half * 0.02:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data``; return the text and the fallback encoding used (or ``None``).

    Undecodable sequences inside UTF-16 or BOM-marked UTF-8 become U+FFFD (see
    :func:`replacements`); nothing else is lost.

    Raises:
        CorruptDocument: E214 (without a path) when the bytes are not text in any known encoding.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # "replace" keeps the file when one character is broken (a lone surrogate,
        # an odd final byte); the count is reported as W207.
        return data.decode("utf-16", errors="replace"), None
    utf16 = utf16_without_bom(data) if b"\x00" in data[:8192] else None
    if utf16:  # checked first: UTF-16 of ASCII text is also valid UTF-8, full of NULs
        return data.decode(utf16, errors="replace"), utf16.upper()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        pass
    # Last resort only: charset-normalizer guesses, and guesses can be wrong.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise CorruptDocument("E214", detail="unknown encoding")
    return str(best), best.encoding


def parse(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> Document:
    """Parse a .txt or .md file into a :class:`Document`.

    Args:
        path: The file to read (opened ``rb``, never written).
        limits: Size limits; the file size is checked before reading.
        display: The path to record in the document (defaults to ``path``).

    Returns:
        The parsed document; ``format`` is ``md`` for .md/.markdown files, else ``txt``.

    Raises:
        DocumentTooLarge: E208 when the file is over ``limits.max_file_size``.
        CorruptDocument: E214 when the bytes cannot be decoded.
    """
    p = Path(path)
    size = p.stat().st_size
    if size > limits.max_file_size:
        raise DocumentTooLarge("E208", str(display or path), size=size, limit=limits.max_file_size)
    with open(p, "rb") as fh:
        data = fh.read()
    name = str(display or path)
    try:
        text, fallback = decode(data)
    except CorruptDocument as err:
        raise err.with_path(name) from None
    fmt: DocumentFormat = "md" if p.suffix.lower() in (".md", ".markdown") else "txt"
    warnings = [message("W203", encoding=fallback)] if fallback else []
    replaced = text.count("\ufffd") - _count_replacement_chars_in_source(data, fallback)
    if replaced > 0:
        warnings.append(message("W207", count=replaced))
    return parse_string(clean(text), name=name, fmt=fmt, warnings=tuple(warnings))


def clean(text: str) -> str:
    """``text`` without NULs and other control characters (tab and line ends are kept).

    They are invisible, cannot be written to a Word or XML report, and carry no
    evidence. A lone surrogate (which no UTF encoder accepts) becomes U+FFFD.
    """
    text = _CONTROLS.sub("", text)
    if not text.isascii():
        text = _SURROGATES.sub("\ufffd", text)
    return text


def _count_replacement_chars_in_source(data: bytes, encoding: str | None) -> int:
    # U+FFFD written in the file itself is not a decoding problem.
    if encoding is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.count("\ufffd".encode("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"))
        return data.count("\ufffd".encode("utf-8"))
    if encoding.startswith("UTF-16"):
        return data.count("\ufffd".encode(encoding.lower()))
    return 0


def parse_string(
    text: str, *, name: str = "<text>", fmt: str | None = None, warnings: tuple[str, ...] = ()
) -> Document:
    """Parse already-decoded text (used by tests and the rule-case runner).

    Args:
        text: The text; ``\\r\\n`` line ends are accepted.
        name: The path or name to record in the document.
        fmt: ``"md"`` for Markdown structure, anything else for plain text; by default
            taken from the name (``.md``/``.markdown`` is Markdown).
        warnings: Warnings to carry on the document.

    Returns:
        A :class:`Document` whose title is the first heading or the name's stem.
    """
    if fmt is None:
        fmt = "md" if Path(name).suffix.lower() in (".md", ".markdown") else "txt"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    builder = _Builder()
    if fmt == "md":
        _markdown(lines, builder)
        doc_fmt: DocumentFormat = "md"
    else:
        _plain(lines, builder)
        doc_fmt = "txt"
    title = builder.first_heading or Path(name).stem or name
    return Document(
        path=name, format=doc_fmt, title=title, blocks=tuple(builder.blocks), warnings=warnings
    )


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.heading: str | None = None
        self.first_heading: str | None = None
        self.paragraph = 0
        self.table = 0

    def add(self, text: str, kind: BlockKind, **kw: object) -> None:
        text = text.strip()
        if not text:
            return
        if kind in ("paragraph", "list_item", "heading"):
            self.paragraph += 1
            kw.setdefault("paragraph", self.paragraph)
        heading = self.heading
        if kind == "heading":
            self.heading = text
            if self.first_heading is None:
                self.first_heading = text
        self.blocks.append(
            Block(text=text, kind=kind, index=len(self.blocks), heading=heading, **kw)  # type: ignore[arg-type]
        )


def _split_row(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells = re.split(r"(?<!\\)\|", inner)
    return [c.strip().replace("\\|", "|") for c in cells]


def _markdown(lines: list[str], b: _Builder) -> None:
    para: list[str] = []
    item: list[str] | None = None
    in_code = False

    def flush() -> None:
        nonlocal item
        if para:
            b.add(" ".join(para), "paragraph")
            para.clear()
        if item is not None:
            b.add(" ".join(item), "list_item")
            item = None

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_code = not in_code
            i += 1
            continue
        if in_code:
            if stripped:
                para.append(stripped)
            else:
                flush()
            i += 1
            continue
        if not stripped:
            flush()
            i += 1
            continue
        m = _ATX.match(line)
        if m and m.group(2) is not None:
            flush()
            b.add(_atx_text(m.group(2) or ""), "heading", level=len(m.group(1)))
            i += 1
            continue
        if _TABLE_ROW.match(line) and i + 1 < len(lines) and _TABLE_SEP.fullmatch(lines[i + 1].strip()):
            flush()
            i = _md_table(lines, i, b)
            continue
        m = _BULLET.match(line)
        if m:
            flush()
            item = [m.group(1).strip()]
            i += 1
            continue
        if item is not None:
            item.append(stripped)  # continuation of a list item
        else:
            para.append(stripped)
        i += 1
    flush()


def _atx_text(rest: str) -> str:
    """A heading's text without its optional closing sequence of #s (``## Title ##``)."""
    text = rest.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def _md_table(lines: list[str], start: int, b: _Builder) -> int:
    b.table += 1
    header = _split_row(lines[start])
    rows = [header]
    i = start + 2  # skip the ---|--- separator
    while i < len(lines) and _TABLE_ROW.match(lines[i]):
        rows.append(_split_row(lines[i]))
        i += 1
    for r, cells in enumerate(rows, start=1):
        for c, cell in enumerate(cells, start=1):
            col_header = header[c - 1] if c - 1 < len(header) and header[c - 1] else None
            b.add(cell, "table_cell", table=b.table, row=r, column=c, column_header=col_header)
    return i


def _is_plain_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > _TXT_HEADING_MAX:
        return False
    if s.endswith(":"):
        # "Actions:" is a heading; "Morning all. A few reminders:" is a sentence
        return len(s.split()) <= 6 and ". " not in s
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_TITLE_LINE = re.compile(r"^(?:\d{1,2}[.)]?\s+)?[A-Z][^.!?,;:]*$")


def _is_title_line(run: list[str]) -> bool:
    """A short, unpunctuated first line ("Motivation", "3. Monitoring") above a new sentence.

    A hard-wrapped paragraph's first line is long, ends mid-phrase or is
    followed by a lower-case continuation, so it is not taken for a title.
    """
    first, words = run[0], run[0].split()
    if len(run) < 2 or len(words) > 6 or len(first) > 60 or not _TITLE_LINE.match(first):
        return False
    if words[-1].lower() in RUN_ON_WORDS or not run[1][:1].isupper():
        return False
    # a sentence follows, not another short line (an address or a signature block)
    return len(run[1].split()) > 6 or run[1].rstrip().endswith((".", "!", "?", ":"))


def _plain(lines: list[str], b: _Builder) -> None:
    # A paragraph is a run of non-blank lines. A short ALL CAPS line, one
    # ending in ':', or a short unpunctuated title line that starts a run with
    # more text after it is a heading.
    runs: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for n, run in enumerate(runs):
        first = run[0]
        followed = len(run) > 1 or n + 1 < len(runs)
        if (_is_plain_heading(first) and followed) or _is_title_line(run):
            b.add(first.rstrip(":").strip() if first.endswith(":") else first, "heading", level=1)
            run = run[1:]
        _plain_run(run, b)


_WRAP_WIDTH = 100  # no editor wraps lines longer than this: such lines are paragraphs of their own
_SENTENCE_END = tuple('.!?:"\u201d)')


def _breaks(run: list[str]) -> set[int]:
    """Indexes of lines in ``run`` that start a new paragraph although no blank line precedes them.

    Some editors save one paragraph per line with single line breaks. A run whose
    lines are longer than any wrap width is one paragraph per line; in a hard-wrapped
    run, a line that ends a sentence well short of the wrap width ends its paragraph.
    """
    width = max(len(line) for line in run)
    if width > _WRAP_WIDTH:
        return set(range(1, len(run)))
    return {
        i for i in range(1, len(run))
        if run[i - 1].endswith(_SENTENCE_END) and len(run[i - 1]) < 0.7 * width and run[i][:1].isupper()
        or starts_field(run[i - 1], run[i])
    }


def _plain_run(run: list[str], b: _Builder) -> None:
    # Numbered or bulleted lines become list items; other lines join into paragraphs.
    para: list[str] = []
    item: list[str] | None = None
    breaks = _breaks(run) if len(run) > 1 else set()
    for n, line in enumerate(run):
        if n in breaks and not _BULLET.match(line):
            if para:
                b.add(" ".join(para), "paragraph")
                para = []
            if item:
                b.add(" ".join(item), "list_item")
                item = None
        m = _BULLET.match(line)
        if m:
            if para:
                b.add(" ".join(para), "paragraph")
                para = []
            if item:
                b.add(" ".join(item), "list_item")
            item = [m.group(1)]
        elif item is not None:
            item.append(line)
        else:
            para.append(line)
    if para:
        b.add(" ".join(para), "paragraph")
    if item:
        b.add(" ".join(item), "list_item")
