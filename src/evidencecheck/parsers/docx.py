"""Word evidence (.docx, .dotx, .docm, .dotm, Strict Open XML) via python-docx.

The package is first rebuilt in memory by :mod:`~evidencecheck.parsers.ooxml`
(templates, macro-enabled files, Strict namespaces, a main part under another
name, missing image or thumbnail parts), then read as a .docx.

``paragraph.text`` misses tracked insertions, content controls, text boxes,
simple fields and nested tables, so paragraphs are read by walking their XML
(python-docx's element objects). Text boxes are stored twice (a modern
drawing and a VML fallback): only the modern copy is read. Deleted tracked
text is dropped, and so is hidden text (``w:vanish``, set on the run, its
character style or its paragraph style): Word does not show or print it.
Tables are read cell by cell, each merged cell once. Footnotes and endnotes
are read as ``footnote`` and ``endnote`` blocks right after the paragraph that
refers to them, numbered as Word shows them (in order of reference).
Comments are left out: they are a reviewer's notes on the document, not the
learner's evidence.

Before python-docx opens the file, its zip's central directory is checked
(member count, total declared size, each member's compression ratio: E209),
and every XML part's prolog is checked for a DOCTYPE, which is where entity
declarations (billion laughs, external entities) live: Word never writes one,
so any is refused (E215). XML nested more than 256 levels deep is refused by
the XML parser (E215), so the recursive walks below stay shallow.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    ExtractionTimeout,
    UnsupportedFormat,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Block, BlockKind, Document, Metadata
from .symbols import BOX_EMPTY, BOX_TICKED, SYMBOL_BOXES
from .ziplimits import expansion_problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_T, _TAB, _BR, _CR, _P, _TBL, _TR, _TC = map(_w, ("t", "tab", "br", "cr", "p", "tbl", "tr", "tc"))
_SDT, _SDT_CONTENT, _TXBX = _w("sdt"), _w("sdtContent"), _w("txbxContent")
_NOBREAK_HYPHEN = _w("noBreakHyphen")
_FLDCHAR, _CHECKED, _DEFAULT = _w("fldChar"), _w("checked"), _w("default")
_CHECKBOX = f"{_w('ffData')}/{_w('checkBox')}"  # a legacy form field's check box
_SYM, _FONT, _CHAR = _w("sym"), _w("font"), _w("char")
_R, _RPR, _VANISH, _RSTYLE = _w("r"), _w("rPr"), _w("vanish"), _w("rStyle")
_FOOTNOTE_REF, _ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
_OFF = frozenset({"0", "false", "off"})
# Subtrees whose text is never part of what the learner wrote.
_SKIP = {
    _w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"), _w("sdtPr"), _w("instrText"),
    _w("delText"), _w("tblPr"), _w("trPr"), _w("tcPr"), _w("footnoteReference"),
    _w("endnoteReference"), _w("commentReference"), f"{{{MC}}}Fallback",
}
# Wrappers around block content: read straight through them.
_WRAPPERS = {_SDT_CONTENT, _w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")}
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def parse(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None
) -> Document:
    """Parse a .docx file into a :class:`Document`.

    Args:
        path: The file to read (opened ``rb``, never written).
        limits: Zip-bomb limits checked on the central directory before parsing.
        display: The path to record in the document and errors (defaults to ``path``).

    Raises:
        DocumentTooLarge: E209 when the zip expands beyond the limits.
        CorruptDocument: E204 truncated or damaged; E215 malformed XML, a DOCTYPE or
            entity declaration, or XML nested too deeply.
        UnsupportedFormat: E205 when the zip is not a Word document.
    """
    name = str(display or path)
    with open(path, "rb") as fh:
        _check_zip(fh, name, limits)
        fh.seek(0)
        try:
            import docx

            from .ooxml import normalise

            with zipfile.ZipFile(fh) as zf:
                package = normalise(zf)
            document = docx.Document(package)
            return _Reader(document, name, Path(path).stem).read()
        except DocumentError:
            raise
        except Exception as err:  # any library failure becomes a numbered error
            raise _map_error(err, name) from err


def _check_zip(fh: Any, name: str, limits: Limits) -> None:
    """Refuse zip bombs and unsafe XML before python-docx reads anything.

    The central directory's declared sizes are trusted only as an upper bound:
    :mod:`zipfile` stops reading a member at its declared size (and then fails
    its CRC check), so a member cannot expand beyond what is checked here.
    """
    try:
        with zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
            problem = expansion_problem(infos, max_members=limits.max_docx_members,
                                        max_total=limits.max_docx_uncompressed, max_ratio=limits.max_docx_ratio)
            if problem:
                raise DocumentTooLarge("E209", name, detail=problem)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _check_prolog(zf, info, name)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error, RuntimeError, NotImplementedError) as err:
        raise CorruptDocument("E204", name, detail=_zip_problem(err)) from None


def _zip_problem(err: BaseException) -> str:
    """What is wrong with the zip, in words (never a library's message or a path)."""
    if isinstance(err, RuntimeError):
        return "a part of it is encrypted"
    if isinstance(err, NotImplementedError):
        return "a part of it is compressed with a method Word does not use"
    if isinstance(err, (EOFError, zlib.error)) or "truncated" in str(err).lower():
        return "it is cut short or its compressed data is damaged"
    if "crc" in str(err).lower():
        return "a part of it fails its checksum"
    return "its zip structure is damaged"


_PROLOG_BYTES = 64 * 1024


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse an XML part whose prolog declares a DOCTYPE (and so entities).

    Word never writes a DOCTYPE. python-docx's parser does not expand entities,
    so a declared entity would silently drop text; a billion-laughs declaration
    is refused here before any XML parser sees it. The prolog (everything
    before the root element) must end within the first 64 KiB.
    """
    with zf.open(info) as member:
        head = member.read(_PROLOG_BYTES)
    text = _decode_head(head)
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            if len(head) >= _PROLOG_BYTES:
                raise CorruptDocument("E215", name, detail=f"'{info.filename}' has no root element in its first 64 KiB")
            return  # empty or cut short: the XML parser reports it
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
        elif text.startswith("<!", pos):
            raise CorruptDocument(
                "E215", name, detail=f"'{info.filename}' declares a DOCTYPE or entities, which Word never writes"
            )
        else:
            return  # the root element (or text the XML parser will refuse)
        if end < 0:
            if len(head) >= _PROLOG_BYTES:
                raise CorruptDocument("E215", name, detail=f"'{info.filename}' has no root element in its first 64 KiB")
            return
        pos = end + 2


def _decode_head(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    elif head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="replace")
    elif head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")  # markup characters are ASCII in any ASCII-based encoding


def _map_error(err: BaseException, name: str) -> DocumentError:
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if isinstance(err, RecursionError) or (isinstance(err, XMLSyntaxError) and "depth" in str(err).lower()):
        return CorruptDocument("E215", name, detail="its XML is nested too deeply")
    if isinstance(err, XMLSyntaxError) and "amplification" in str(err).lower():
        return CorruptDocument("E215", name, detail="its XML expands entities without bound")
    if isinstance(err, XMLSyntaxError):
        reason = (getattr(err, "msg", "") or "").split(" (<string>")[0].strip()
        return CorruptDocument("E215", name, detail=f"malformed XML: {reason}"[:200] if reason else "malformed XML")
    if isinstance(err, KeyError):
        return UnsupportedFormat("E205", name, detail="a part it refers to is missing")
    if isinstance(err, ValueError) and "not a Word file" in str(err):
        return UnsupportedFormat("E205", name, detail="the package has no Word document part")
    if isinstance(err, PackageNotFoundError | zipfile.BadZipFile | zlib.error | EOFError):
        return CorruptDocument("E204", name, detail=_zip_problem(err))
    if isinstance(err, MemoryError):
        return ExtractionTimeout("E213", name, limit="the available amount")
    return CorruptDocument("E217", name, detail="its content could not be interpreted")


class _Reader:
    def __init__(self, document: Any, name: str, stem: str) -> None:
        self.doc = document
        self.name = name
        self.stem = stem
        self.blocks: list[Block] = []
        self.heading: str | None = None
        self.first_heading: str | None = None
        self.paragraph = 0
        self.table = 0
        self.styles = _style_table(document)
        self.hidden_styles = _hidden_styles(document)
        self.notes = {kind: _notes(document, kind) for kind in ("footnote", "endnote")}
        self.note_numbers: dict[tuple[str, str], int] = {}

    def read(self) -> Document:
        headers, footers = self._headers_footers()
        for text in headers:
            self._add(text, "header")
        _drop_hidden(self.doc.element.body, self.hidden_styles)
        self._body(self.doc.element.body)
        for text in footers:
            self._add(text, "footer")
        meta = self._metadata()
        return Document(
            path=self.name, format="docx", title=meta.title or self.first_heading or self.stem,
            blocks=tuple(self.blocks), metadata=meta,
        )

    def _add(self, text: str, kind: BlockKind, **kw: Any) -> None:
        heading = self.heading
        if kind == "heading":
            self.heading = text
            self.first_heading = self.first_heading or text
        self.blocks.append(Block(text=text, kind=kind, index=len(self.blocks), heading=heading, **kw))

    # --- body ------------------------------------------------------------
    def _body(self, parent: Any) -> None:
        for el in _content(parent):
            if el.tag == _P:
                self._paragraph(el)
            elif el.tag == _TBL:
                self._table(el)

    def _paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = _clean(_text(p, boxes))
        if text:
            self.paragraph += 1
            level = self._heading_level(p)
            if level is not None:
                self._add(text, "heading", paragraph=self.paragraph, level=level)
            else:
                kind: BlockKind = "list_item" if self._is_list(p) else "paragraph"
                self._add(text, kind, paragraph=self.paragraph)
        for box in boxes:
            box_text = _clean("\n".join(_cell_text(box)))
            if box_text:
                self._add(box_text, "text_box")
        self._notes_of(p)

    def _notes_of(self, el: Any) -> None:
        """Add the footnotes and endnotes ``el`` refers to, each the first time it is referred to."""
        for ref in el.iter(_FOOTNOTE_REF, _ENDNOTE_REF):
            if any(a.tag in _SKIP for a in ref.iterancestors()):
                continue  # in deleted text
            kind = "footnote" if ref.tag == _FOOTNOTE_REF else "endnote"
            note_id = ref.get(_w("id")) or ""
            note = self.notes[kind].get(note_id)
            if note is None or (kind, note_id) in self.note_numbers:
                continue
            number = sum(1 for k, _ in self.note_numbers if k == kind) + 1
            self.note_numbers[(kind, note_id)] = number
            text = _clean("\n".join(_cell_text(note)))
            if text:
                self._add(text, kind, paragraph=number)  # type: ignore[arg-type]

    def _table(self, tbl: Any) -> None:
        self.table += 1
        number = self.table
        headers: dict[int, str] = {}
        nested: list[Any] = []
        row_no = 0
        for tr in _content(tbl, _TR):
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(_w("del")) is not None:
                continue  # a tracked-deleted row
            row_no += 1
            col = 1
            grid_before = tr.find(f"{_w('trPr')}/{_w('gridBefore')}")
            if grid_before is not None:
                col += _int(grid_before.get(_w("val")), 0)
            for tc in _content(tr, _TC):
                span = _int(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}"), 1, attr=True)
                vmerge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                continued = vmerge is not None and vmerge.get(_w("val"), "continue") != "restart"
                if not continued:
                    text = _clean("\n".join(_cell_text(tc, nested)))
                    if row_no == 1:
                        for c in range(col, col + span):
                            headers[c] = text
                    if text:
                        self._add(
                            text, "table_cell", table=number, row=row_no, column=col,
                            column_header=headers.get(col) or None,
                        )
                col += span
        for inner in nested:
            self._table(inner)
        self._notes_of(tbl)

    def _heading_level(self, p: Any) -> int | None:
        style_id = _pstyle(p)
        outline = p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if outline is not None:
            lvl = _int(outline.get(_w("val")), 9)
            if lvl < 9:
                return lvl + 1
        return self.styles.get(style_id or "", (None, False))[0]

    def _is_list(self, p: Any) -> bool:
        numid = p.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
        if numid is not None:
            return bool(numid.get(_w("val")) != "0")
        return self.styles.get(_pstyle(p) or "", (None, False))[1]

    # --- headers, footers, metadata --------------------------------------
    def _headers_footers(self) -> tuple[list[str], list[str]]:
        found: dict[str, list[str]] = {"header": [], "footer": []}
        for section in self.doc.sections:
            for kind, parts in (
                ("header", (section.header, section.first_page_header, section.even_page_header)),
                ("footer", (section.footer, section.first_page_footer, section.even_page_footer)),
            ):
                for part in parts:
                    if part.is_linked_to_previous:
                        continue  # no definition of its own; reading it would add one
                    _drop_hidden(part._element, self.hidden_styles)
                    for text in _part_texts(part._element):
                        if text not in found[kind]:
                            found[kind].append(text)
        return found["header"], found["footer"]

    def _metadata(self) -> Metadata:
        try:
            cp = self.doc.core_properties
            return Metadata(
                author=cp.author or None, created=_iso(cp.created),
                modified=_iso(cp.modified), title=(cp.title or "").strip() or None,
            )
        except Exception:  # broken core properties must not lose the text
            return Metadata()


def _content(parent: Any, want: str | None = None) -> Iterator[Any]:
    """Children of ``parent``, read through content controls and other wrappers."""
    for el in parent:
        tag = el.tag
        if tag == _SDT:
            sc = el.find(_SDT_CONTENT)
            if sc is not None:
                yield from _content(sc, want)
        elif tag in _WRAPPERS:
            yield from _content(el, want)
        elif want is None or tag == want:
            yield el


def _text(el: Any, boxes: list[Any]) -> str:
    out: list[str] = []
    _walk(el, out, boxes)
    return "".join(out)


def _walk(el: Any, out: list[str], boxes: list[Any]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # comments, processing instructions, deleted text
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NOBREAK_HYPHEN:
            out.append("-")
        elif tag == _FLDCHAR:
            box = child.find(_CHECKBOX)
            if box is not None:  # a legacy form check box: its state is in the field, not the text
                out.append(BOX_TICKED if _box_checked(box) else BOX_EMPTY)
        elif tag == _SYM:
            out.append(_symbol(child))
        elif tag == _TXBX:
            boxes.append(child)
        else:
            _walk(child, out, boxes)


def _box_checked(box: Any) -> bool:
    """Whether a legacy form check box (``w:checkBox``) is ticked: its ``w:checked``, else its default."""
    checked = box.find(_CHECKED)
    return _is_on(checked if checked is not None else box.find(_DEFAULT))


def _symbol(sym: Any) -> str:
    """The box or tick a ``w:sym`` shows, or nothing for any other symbol."""
    try:
        code = int(sym.get(_CHAR, ""), 16) & 0xFF
    except ValueError:
        return ""
    return SYMBOL_BOXES.get((sym.get(_FONT) or "").lower(), {}).get(code, "")


def _cell_text(parent: Any, nested: list[Any] | None = None) -> list[str]:
    """Paragraph texts of a cell, text box or header; nested tables are collected."""
    texts: list[str] = []
    for el in _content(parent):
        if el.tag == _P:
            boxes: list[Any] = []
            texts.append(_text(el, boxes))
            texts.extend("\n".join(_cell_text(b)) for b in boxes)
        elif el.tag == _TBL:
            if nested is None:
                for tr in _content(el, _TR):
                    texts.extend(t for tc in _content(tr, _TC) for t in _cell_text(tc))
            else:
                nested.append(el)
    return [t for t in texts if t.strip()]


def _part_texts(element: Any) -> list[str]:
    out: list[str] = []
    for el in _content(element):
        if el.tag == _P:
            boxes: list[Any] = []
            out.append(_clean(_text(el, boxes)))
            out.extend(_clean("\n".join(_cell_text(b))) for b in boxes)
        elif el.tag == _TBL:
            for tr in _content(el, _TR):
                out.extend(_clean("\n".join(_cell_text(tc))) for tc in _content(tr, _TC))
    return [t for t in out if t]


def _style_table(document: Any) -> dict[str, tuple[int | None, bool]]:
    """styleId -> (heading level or None, is a list style), following basedOn."""
    raw: dict[str, tuple[str, str | None, bool, int | None]] = {}
    try:
        root = document.styles.element
    except Exception:
        return {}
    for st in root.iterchildren(_w("style")):
        sid = st.get(_w("styleId")) or ""
        name_el, based = st.find(_w("name")), st.find(_w("basedOn"))
        name = name_el.get(_w("val"), "") if name_el is not None else ""
        has_num = st.find(f"{_w('pPr')}/{_w('numPr')}") is not None
        outline = st.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        lvl = _int(outline.get(_w("val")), 9) if outline is not None else None
        raw[sid] = (name, based.get(_w("val")) if based is not None else None, has_num, lvl)

    def resolve(sid: str, depth: int = 0) -> tuple[int | None, bool]:
        if sid not in raw or depth > 10:
            return None, False
        name, based, has_num, lvl = raw[sid]
        m = _HEADING_NAME.match(name) or _HEADING_NAME.match(sid)
        level = int(m.group(1)) if m else 1 if name.lower() in ("title",) else None
        if level is None and lvl is not None and lvl < 9:
            level = lvl + 1
        is_list = has_num or "list" in name.lower()
        if based and (level is None or not is_list):
            b_level, b_list = resolve(based, depth + 1)
            level = level if level is not None else b_level
            is_list = is_list or b_list
        return level, is_list

    return {sid: resolve(sid) for sid in raw}


def _is_on(toggle: Any) -> bool:
    return toggle is not None and (toggle.get(_w("val")) or "true").lower() not in _OFF


def _hidden_styles(document: Any) -> frozenset[str]:
    """Ids of the styles whose text is hidden (``w:vanish``), following ``basedOn``."""
    try:
        root = document.styles.element
    except Exception:
        return frozenset()
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for st in root.iterchildren(_w("style")):
        sid = st.get(_w("styleId")) or ""
        vanish = st.find(f"{_RPR}/{_VANISH}")
        own[sid] = None if vanish is None else _is_on(vanish)
        parent = st.find(_w("basedOn"))
        if parent is not None:
            based[sid] = parent.get(_w("val")) or ""

    def hidden(sid: str, depth: int = 0) -> bool:
        value = own.get(sid)
        if value is None and sid in based and depth < 10:
            return hidden(based[sid], depth + 1)
        return bool(value)

    return frozenset(sid for sid in own if hidden(sid))


def _drop_hidden(root: Any, hidden_styles: frozenset[str]) -> None:
    """Remove hidden runs from ``root`` (our in-memory copy of the part, never the file)."""
    for p in list(root.iter(_P)):
        para_hidden = _pstyle(p) in hidden_styles
        for run in list(p.iter(_R)):
            rpr = run.find(_RPR)
            vanish = rpr.find(_VANISH) if rpr is not None else None
            if vanish is not None:
                gone = _is_on(vanish)
            else:
                rstyle = rpr.find(_RSTYLE) if rpr is not None else None
                gone = para_hidden or (rstyle is not None and rstyle.get(_w("val")) in hidden_styles)
            if gone and run.getparent() is not None:
                run.getparent().remove(run)


def _notes(document: Any, kind: str) -> dict[str, Any]:
    """The footnotes (or endnotes) part's notes by id, without Word's separator notes."""
    from docx.oxml.parser import parse_xml

    try:
        rels = document.part.rels.values()
        part = next((r.target_part for r in rels if not r.is_external and r.reltype.endswith(f"/{kind}s")), None)
        if part is None:
            return {}
        root = parse_xml(part.blob)
    except Exception:  # a damaged notes part must not lose the body
        return {}
    hidden = _hidden_styles(document)
    notes: dict[str, Any] = {}
    for note in root.iterchildren(_w(kind)):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        _drop_hidden(note, hidden)
        notes[note.get(_w("id")) or ""] = note
    return notes


def _pstyle(p: Any) -> str | None:
    el = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return el.get(_w("val")) if el is not None else None


def _int(value: Any, default: int, *, attr: bool = False) -> int:
    if attr:
        value = value.get(_w("val")) if value is not None else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ")
    return "\n".join(line.strip() for line in text.strip().split("\n") if line.strip())


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
