"""The shared PDF set-up prints Chinese that a reader (pdftotext) gets back, on A4 pages."""

import io
import shutil
import subprocess  # nosec B404: runs pdftotext on a file the test wrote

import pytest
from reportlab.platypus import Paragraph

from core import pdf

pytestmark = pytest.mark.pure


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext reads it (poppler-utils, installed by .ci/run)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    result = subprocess.run(  # nosec B603 B607: a fixed poppler command reading stdin
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def test_canvas_prints_chinese_on_an_a4_landscape_page():
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, pdf.A4_LANDSCAPE, title="结业证书", author="贷后学堂")
    canvas.setFont(pdf.CJK_FONT, 24)
    canvas.drawString(100, 300, "贷后管理岗位认证 王小明 ABCD-2345")
    canvas.save()
    data = buffer.getvalue()

    assert "贷后管理岗位认证 王小明 ABCD-2345" in pdf_text(data)
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in data  # A4 turned on its side
    assert b"STSong-Light" in data


def test_document_wraps_chinese_paragraphs_over_portrait_pages():
    buffer = io.BytesIO()
    doc = pdf.new_document(buffer, pdf.A4_PORTRAIT, title="证据卷宗", author="贷后学堂")
    sentence = "借款人经营状况良好，按期还款，贷后检查未发现异常。"
    doc.build([Paragraph(sentence * 300, pdf.styles()["BodyText"])])
    text = pdf_text(buffer.getvalue())

    assert text.count("\f") >= 2  # the text ran over more than one page
    assert "借款人经营状况良好" in text
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in buffer.getvalue()


def test_text_width_lets_a_caller_centre_a_line():
    narrow, wide = pdf.text_width("证书", 20), pdf.text_width("证书证书", 20)
    assert wide == pytest.approx(2 * narrow)
    assert pdf.text_width("证书", 40) == pytest.approx(2 * narrow)


def test_styles_are_a_fresh_copy_per_call():
    first = pdf.styles()
    first["BodyText"].fontSize = 30
    assert pdf.styles()["BodyText"].fontSize != 30
    assert pdf.styles()["Heading1"].fontName == pdf.CJK_FONT


def test_printable_keeps_the_middle_dot_of_names_visible():
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, pdf.A4_PORTRAIT, title="t", author="a")
    canvas.drawString(72, 700, pdf.printable("学员 · 王小明"))
    canvas.save()
    assert "学员 · 王小明" in pdf_text(buffer.getvalue())
