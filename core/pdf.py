"""Shared PDF set-up: Chinese text for every area that prints (evidence dossiers, certificates).

Chinese uses reportlab's built-in CID font STSong-Light: the PDF names the font instead of
embedding it, so nothing needs installing and files stay small; viewers supply the glyphs
(Adobe Reader, browsers and poppler carry the Adobe-GB1 collection), and `pdftotext` reads the
text back, so tests can check what was printed.

Kept deliberately small (the certification area may add page helpers):

    font = pdf.register_cjk_font()       # "STSong-Light", registered once per process
    Paragraph(pdf.printable(text), style_with_fontName_font)
"""

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK_FONT = "STSong-Light"

# Characters the font's GB encoding lacks -> a look-alike it has.
_SUBSTITUTES = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb", "\u2027": "\u30fb"})


@cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab once per process; returns its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


register_fonts = register_cjk_font  # the name the certification area uses


def printable(text: str) -> str:
    """text with the characters STSong-Light cannot show replaced by ones it can."""
    return text.translate(_SUBSTITUTES)
