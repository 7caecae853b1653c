"""The certificate as a PDF: A4 landscape, drawn by hand on core.pdf's canvas, with a QR code
of the public verification URL and the code printed under it.

Vector throughout (the QR modules are rectangles), so it prints sharp at any size and stays
small. Layout in millimetres from the page's lower left corner.
"""

import io
from dataclasses import dataclass, replace
from datetime import datetime

import segno

from core import pdf
from core.pdf import mm

INK = (0.12, 0.16, 0.28)  # dark navy
GOLD = (0.70, 0.55, 0.25)
SEAL_RED = (0.78, 0.12, 0.12)
MUTED = (0.35, 0.35, 0.40)


@dataclass(frozen=True)
class CertificateText:
    """What the PDF prints; the caller fills it from the certificate row (no database here)."""

    holder_name: str
    title: str
    issuer_name: str
    code: str  # printed form, with dashes
    issued_on: datetime
    expires_on: datetime | None
    verify_url: str


def _chinese_date(day: datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _centred(canvas, text: str, y: float, size: float, color=INK) -> None:
    width, _height = pdf.A4_LANDSCAPE
    canvas.setFont(pdf.CJK_FONT, size)
    canvas.setFillColorRGB(*color)
    canvas.drawString((width - pdf.text_width(text, size)) / 2, y, text)


def _frame(canvas) -> None:
    width, height = pdf.A4_LANDSCAPE
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
    for x in (14 * mm, width - 14 * mm):  # small corner ornaments
        for y in (14 * mm, height - 14 * mm):
            canvas.setFillColorRGB(*GOLD)
            canvas.circle(x, y, 2.2 * mm, stroke=0, fill=1)


def _qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code of url as vector squares in a size × size box at (x, y)."""
    code = segno.make(url, error="m", micro=False)
    rows = list(code.matrix_iter(scale=1, border=2))
    module = size / len(rows)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(rows):
        for col_index, dark in enumerate(row):
            if dark:
                top = y + size - (row_index + 1) * module
                canvas.rect(x + col_index * module, top, module, module, stroke=0, fill=1)


def _seal(canvas, issuer: str, x: float, y: float) -> None:
    canvas.setStrokeColorRGB(*SEAL_RED)
    canvas.setLineWidth(1.6)
    canvas.circle(x, y, 17 * mm, stroke=1, fill=0)
    canvas.setLineWidth(0.6)
    canvas.circle(x, y, 15 * mm, stroke=1, fill=0)
    canvas.setFillColorRGB(*SEAL_RED)
    size = 9 if len(issuer) <= 10 else 7
    canvas.setFont(pdf.CJK_FONT, size)
    canvas.drawCentredString(x, y + 2 * mm, issuer[:14])
    canvas.setFont(pdf.CJK_FONT, 8)
    canvas.drawCentredString(x, y - 5 * mm, "认证专用")


def certificate_pdf(text: CertificateText) -> bytes:
    """The certificate as PDF bytes."""
    text = replace(
        text,
        holder_name=pdf.printable(text.holder_name),
        title=pdf.printable(text.title),
        issuer_name=pdf.printable(text.issuer_name),
    )
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(
        buffer,
        pdf.A4_LANDSCAPE,
        title=f"{text.title} · {text.holder_name}",
        author=text.issuer_name,
        subject=f"证书编号 {text.code}",
    )
    width, height = pdf.A4_LANDSCAPE
    _frame(canvas)
    _centred(canvas, text.issuer_name, height - 36 * mm, 14, MUTED)
    _centred(canvas, "结 业 证 书", height - 58 * mm, 40)
    _centred(canvas, "CERTIFICATE OF COMPLETION", height - 68 * mm, 11, GOLD)
    _centred(canvas, "兹证明", height - 86 * mm, 15, MUTED)
    _centred(canvas, text.holder_name, height - 104 * mm, 30)
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(0.6)
    canvas.line(width / 2 - 60 * mm, height - 108 * mm, width / 2 + 60 * mm, height - 108 * mm)
    _centred(canvas, f"已完成「{text.title}」的全部认证要求，特发此证。", height - 122 * mm, 15)

    canvas.setFillColorRGB(*INK)
    canvas.setFont(pdf.CJK_FONT, 11)
    left = 34 * mm
    canvas.drawString(left, 52 * mm, f"颁发日期：{_chinese_date(text.issued_on)}")
    until = _chinese_date(text.expires_on) if text.expires_on else "长期有效"
    canvas.drawString(left, 45 * mm, f"有效期至：{until}")
    canvas.drawString(left, 38 * mm, f"证书编号：{text.code}")
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(pdf.CJK_FONT, 8)
    canvas.drawString(left, 30 * mm, "扫描右侧二维码或访问以下网址核验本证书真伪：")
    canvas.drawString(left, 25 * mm, text.verify_url)

    _seal(canvas, text.issuer_name, width / 2 + 20 * mm, 46 * mm)

    qr_size = 36 * mm
    qr_x = width - 34 * mm - qr_size
    _qr(canvas, text.verify_url, qr_x, 30 * mm, qr_size)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(pdf.CJK_FONT, 8)
    canvas.drawCentredString(qr_x + qr_size / 2, 25 * mm, text.code)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
