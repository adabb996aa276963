"""Small PDFs built in code for the parser tests: forms, layouts and fonts real learners' files have."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HEBREW_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def build(draw: Callable[[canvas.Canvas], None], *, pages: int = 1) -> bytes:
    """A PDF whose every page is drawn by ``draw`` (which may look at ``c.getPageNumber()``)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def filled_form() -> bytes:
    """A witness testimony form: two filled text fields, a ticked box, an empty field and an unticked box."""
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 780, "Witness testimony form")
        c.setFont("Helvetica", 11)
        c.drawString(72, 740, "Witness name")
        form = c.acroForm
        form.textfield(name="witness_name", value="Helen Ashworth", x=200, y=735, width=250, height=18)
        c.drawString(72, 700, "What did you see?")
        form.textfield(name="observed", tooltip="What did you observe the learner doing?",
                       value="She coached two advisers on call wrap-up and checked their notes.",
                       x=200, y=695, width=350, height=18)
        c.drawString(72, 660, "Signed")
        form.checkbox(name="signed", checked=True, x=200, y=655, size=14)
        c.drawString(72, 620, "Not filled")
        form.textfield(name="left_empty", value="", x=200, y=615, width=250, height=18)
        form.checkbox(name="not_ticked", checked=False, x=200, y=580, size=14)
    return build(draw)


def words_without_spaces(words: list[str], *, size: float = 9) -> bytes:
    """Each word drawn on its own at its position: no space characters anywhere in the text."""
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", size)
        x = 72.0
        for word in words:
            c.drawString(x, 700, word)
            x += c.stringWidth(word, "Helvetica", size) + size * 0.28
    return build(draw)


LEFT = [
    "The left column starts the article and",
    "carries on down the page for several",
    "lines of running text that a reader",
    "finishes before moving to the right.",
]
RIGHT = [
    "The right column is read second and",
    "continues the story with more lines",
    "that must never be merged with the",
    "lines beside them in the left column.",
]


def two_columns(*, interleaved: bool) -> bytes:
    """A heading across the page, then two columns (drawn line by line across, or column by column)."""
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 780, "Team newsletter")
        c.setFont("Helvetica", 10)
        order = (
            [(x, i, line) for i in range(4) for x, line in ((72, LEFT[i]), (320, RIGHT[i]))] if interleaved
            else [(72, i, line) for i, line in enumerate(LEFT)] + [(320, i, line) for i, line in enumerate(RIGHT)]
        )
        for x, i, line in order:
            c.drawString(x, 740 - 13 * i, line)
    return build(draw)


def hyphenated() -> bytes:
    """A paragraph whose lines end in hyphens: a split common word and a true compound."""
    lines = ["I explained the reasons for with-", "holding the refund and agreed a self-",
             "assessment with the adviser the same day."]

    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            c.drawString(72, 700 - 14 * i, line)
    return build(draw)


def minutes_header() -> bytes:
    """Minutes whose header is a stack of "Label: value" lines, then a wrapped paragraph."""
    header = ["Date: 3 June 2025", "Present: Daniel Okafor (chair), Chloe Price, Omar Hussain",
              "Apologies: Ruth Adams"]
    body = ["Daniel explained the trial starting on 9 June: our team will keep parcel calls",
            "instead of transferring them, and the team leader for the courier desk,",
            "Sam Price: asked what happens if the courier does not answer."]

    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 11)
        for i, line in enumerate(header):
            c.drawString(72, 700 - 14 * i, line)
        for i, line in enumerate(body):
            c.drawString(72, 640 - 14 * i, line)
    return build(draw)


def rotated_page() -> bytes:
    """A landscape page stored as portrait with /Rotate 90: its text is drawn turned, reads upright."""
    def draw(c: canvas.Canvas) -> None:
        c.setPageRotation(90)
        c.saveState()
        c.translate(595, 0)  # user space turned so the text reads upright once the page is rotated
        c.rotate(90)
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 520, "Rota for week 23")
        c.setFont("Helvetica", 11)
        c.drawString(72, 490, "Early shift covers the phones from eight until two.")
        c.drawString(72, 476, "Late shift covers the webchat queue until ten.")
        c.restoreState()
    return build(draw)


def hebrew(visual: str) -> bytes:
    """A right-to-left line drawn in visual order (``visual`` as it reads left to right on the page)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", HEBREW_FONT))

    def draw(c: canvas.Canvas) -> None:
        c.setFont("DejaVuSans", 12)
        c.drawString(72, 700, visual)
    return build(draw)


def small_table_page() -> bytes:
    """Body paragraphs in 11 pt above a ruled table of many small 8 pt cells."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)
    rows = [[Paragraph(f"Week {r} item {c} value {r * c}", cell) for c in range(1, 5)] for r in range(1, 13)]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([
        Paragraph("I reviewed the weekly figures with the team and agreed actions.", body),
        table,
        Paragraph("After the review, handle time fell and quality scores rose.", body),
    ])
    return buf.getvalue()


def slow_last_page(pages: int = 3, scattered: int = 60_000) -> bytes:
    """Pages of plain text, the last one full of scattered two-letter strings (slow for pdfminer to lay out)."""
    import random

    rng = random.Random(7)

    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 11)
        n = c.getPageNumber()
        if n < pages:
            c.drawString(72, 700, f"Page {n} holds the coaching notes for week {n}.")
            return
        text = c.beginText()
        text.setFont("Helvetica", 4)
        for _ in range(scattered):
            text.setTextOrigin(rng.uniform(10, 580), rng.uniform(10, 830))
            text.textOut("ab")
        c.drawText(text)
    return build(draw, pages=pages)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def unmapped_font(readable: str, codes: int) -> bytes:
    """One page: ``readable`` in Helvetica, then ``codes`` glyphs of a CID font with no Unicode map."""
    hexcodes = b"".join(b"%04X" % (0x30 + i % 40) for i in range(codes))
    content = (b"BT /F1 12 Tf 72 720 Td (" + readable.encode("latin-1") + b") Tj ET "
               b"BT /F2 12 Tf 72 690 Td <" + hexcodes + b"> Tj ET")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 600 >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ])


def xfa_form() -> bytes:
    """A page of text and an XFA form whose data packet holds the answers (no AcroForm values)."""
    datasets = (b'<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><form1>'
                b'<ObserverName>Priya Shah</ObserverName><Observation><Activity>Team huddle on call '
                b'quality</Activity><Empty/></Observation></form1></xfa:data></xfa:datasets>')
    content = b"BT /F1 12 Tf 72 720 Td (Observation record) Tj ET"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA [(datasets) 6 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(datasets),
    ])


QUESTIONS = [
    (["Describe how you supported", "the team with their targets"],
     ["I met each adviser weekly to review their", "conversion figures and agreed one action", "for the next week."]),
    (["Explain how you monitored", "the quality of their calls"],
     ["I listened to five calls for each adviser", "every month and scored them on the QA form."]),
    (["Give an example of feedback", "you gave to a team member"],
     ["I told Sam his wrap-up notes were too short", "and showed him two good examples to follow."]),
]


def question_and_answer_rows() -> bytes:
    """A review form laid out as rows: a question on the left, its answer beside it on the right."""
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 10)
        y = 760.0
        for question, answer in QUESTIONS:
            for i, line in enumerate(question):
                c.drawString(72, y - 13 * i, line)
            for i, line in enumerate(answer):
                c.drawString(300, y - 13 * i, line)
            y -= 13 * max(len(question), len(answer)) + 20
    return build(draw)


COLUMN_PARAGRAPHS = (
    [["In March I noticed our wrap-up time was", "creeping up across the whole team and", "decided to look at the reasons why."],
     ["I listened to ten calls from each of", "the four advisers on the late shift."]],
    [["The calls showed notes were being typed", "after the call rather than during it."],
     ["I coached each adviser to note as they", "went, and shared two good examples at", "the Monday huddle so everyone could see", "what good notes look like in practice."]],
)


def two_columns_of_paragraphs() -> bytes:
    """Two columns of two paragraphs each, whose paragraph breaks fall on different lines."""
    def draw(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 10)
        for x, paragraphs in ((72, COLUMN_PARAGRAPHS[0]), (320, COLUMN_PARAGRAPHS[1])):
            y = 760.0
            for lines in paragraphs:
                for line in lines:
                    c.drawString(x, y, line)
                    y -= 13
                y -= 12
    return build(draw)


def page_without_type() -> bytes:
    """Two pages; the second page's dictionary lacks /Type /Page (viewers show it; pdfminer skips it)."""
    page = (b"<< %s/Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        page % (b"/Type /Page ", 4),
        _stream(b"BT /F1 12 Tf 72 720 Td (First page of the observation.) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page % (b"", 7),
        _stream(b"BT /F1 12 Tf 72 720 Td (Second page: actions agreed with the adviser.) Tj ET"),
    ])


def typed_on_text() -> bytes:
    """A printed form with no fields, filled in with typed-on text boxes (FreeText annotations) and a sticky note."""
    content = b"BT /F1 12 Tf 72 720 Td (Observer comments:) Tj ET"
    annots = (
        b"[<< /Type /Annot /Subtype /FreeText /Rect [220 700 540 730] /DA (/Helv 10 Tf 0 g) "
        b"/Contents (Calm, clear explanation of the new bill to the customer.) >> "
        b"<< /Type /Annot /Subtype /Text /Rect [20 20 40 40] /Contents (Reviewer: check the date) >> "
        b"<< /Type /Annot /Subtype /FreeText /Rect [220 600 540 630] /DA (/Helv 10 Tf 0 g) "
        b"/Contents (Signed: M. Greaves) >>]"
    )
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots " + annots + b" >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
