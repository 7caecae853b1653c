"""Shared PDF set-up: Chinese text and A4 pages, for every area that prints (certificates,
evidence dossiers).

Chinese text uses reportlab's built-in CID font STSong-Light: the PDF names the font instead
of embedding it, so nothing needs to be installed and files stay small; viewers supply the glyphs
(Adobe Reader, browsers and poppler carry the Adobe-GB1 collection), and `pdftotext` reads the
text back, so tests can check what was printed. The same font prints Latin letters and digits.

    from core import pdf

    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, pdf.A4_LANDSCAPE, title="结业证书", author="贷后学堂")
    canvas.setFont(pdf.CJK_FONT, 28)              # drawing by hand: certificates
    ...
    doc = pdf.new_document(buffer, pdf.A4_PORTRAIT, title="证据卷宗", author="贷后学堂")
    doc.build([Paragraph("第一章", pdf.styles()["Heading1"]), ...])   # flowing text: dossiers

Everything here is pure (no Flask, no database), so it runs in tests and shell commands alike.
"""

from functools import cache
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

CJK_FONT = "STSong-Light"
A4_PORTRAIT: tuple[float, float] = portrait(A4)  # (width, height) in points
A4_LANDSCAPE: tuple[float, float] = landscape(A4)
DEFAULT_MARGIN = 18 * mm

__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "CJK_FONT",
    "DEFAULT_MARGIN",
    "mm",
    "new_canvas",
    "new_document",
    "printable",
    "register_fonts",
    "styles",
    "text_width",
]


# Characters the font's GB encoding lacks -> the look-alike it has (pdftotext reads them back
# as the original).
_SUBSTITUTES = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb", "\u2027": "\u30fb"})


def printable(text: str) -> str:
    """text with the characters STSong-Light cannot show replaced by ones it can."""
    return text.translate(_SUBSTITUTES)


@cache
def register_fonts() -> str:
    """Register the CJK font with reportlab once per process; returns its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def text_width(text: str, size: float, font: str = CJK_FONT) -> float:
    """Width in points of text at size, to centre or fit a line drawn by hand."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def _describe(target, *, title: str, author: str, subject: str) -> None:
    target.setTitle(title)
    target.setAuthor(author)
    if subject:
        target.setSubject(subject)


def new_canvas(
    stream: BinaryIO, page_size: tuple[float, float], *, title: str, author: str, subject: str = ""
) -> Canvas:
    """A canvas for one or more pages drawn by hand, with the CJK font ready and the file's
    title and author set (PDF viewers show them). Call `canvas.save()` to write the file."""
    register_fonts()
    canvas = Canvas(stream, pagesize=page_size, pageCompression=1)
    _describe(canvas, title=title, author=author, subject=subject)
    canvas.setFont(CJK_FONT, 12)
    return canvas


def new_document(
    stream: BinaryIO,
    page_size: tuple[float, float],
    *,
    title: str,
    author: str,
    subject: str = "",
    margin: float = DEFAULT_MARGIN,
) -> SimpleDocTemplate:
    """A flowing document (platypus) for text that runs over pages; fill it with
    `doc.build(flowables)` using the paragraph styles from `styles()`."""
    register_fonts()
    return SimpleDocTemplate(
        stream,
        pagesize=page_size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=author,
        subject=subject,
    )


def styles() -> StyleSheet1:
    """reportlab's sample paragraph styles switched to the CJK font, with line breaks allowed
    between any two Chinese characters (Chinese has no spaces to break at).

    A new sheet on every call, so a caller may change its copy freely.
    """
    register_fonts()
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        if isinstance(style, ParagraphStyle):
            style.fontName = CJK_FONT
            style.wordWrap = "CJK"
    return sheet
