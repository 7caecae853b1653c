"""The PDF a holder downloads, its QR code, and the public verification page."""

import shutil
import subprocess  # nosec B404: runs poppler and zbar on files the test wrote
from datetime import timedelta

import pytest

from certification import codes, services
from core import clock
from core.extensions import db
from tests.certification.conftest import ISSUED
from tests.core.test_pdf import pdf_text


def qr_payload(pdf: bytes, tmp_path) -> str:
    """What a phone reads from the PDF's QR code (pdftoppm renders, zbarimg decodes)."""
    if shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None:
        pytest.fail("needs poppler-utils and zbar-tools (installed by .ci/run)")
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(  # nosec B603 B607: fixed poppler/zbar commands on a temp file
        ["pdftoppm", "-r", "110", "-png", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"],
        check=True,
    )
    found = subprocess.run(  # nosec B603 B607: fixed poppler/zbar commands on a temp file
        ["zbarimg", "-q", "--raw", tmp_path / "c.png"], capture_output=True, check=True
    )
    return found.stdout.decode().strip()


def test_holder_downloads_a_pdf_with_their_chinese_name_the_code_and_a_qr_to_verify(
    holder, login, tmp_path
):
    trainee, certificate = holder
    client = login(trainee)
    response = client.get(f"/certificates/{certificate.code}.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    printed = codes.printed(certificate.code)
    assert "学员 · 王小明" in text and printed in text
    assert "贷后管理岗位认证" in text and "2028年5月1日" in text
    assert qr_payload(response.data, tmp_path) == f"http://localhost/verify/{certificate.code}"


def test_a_holder_cannot_download_someone_elses_certificate(holder, login, make_user):
    _trainee, certificate = holder
    client = login(make_user())
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404


def test_the_public_page_needs_no_login_and_shows_only_the_facts(holder, client):
    _trainee, certificate = holder
    page = client.get(f"/verify/{codes.printed(certificate.code).lower()}")
    body = page.get_data(as_text=True)

    assert page.status_code == 200
    assert 'data-status="valid"' in body and "学员 · 王小明" in body
    assert "2026-05-01" in body and "2028-05-01" in body
    assert "E1024" not in body  # the employee number is not shown


def test_the_public_page_shows_expired_then_revoked_with_the_date_not_the_reason(
    holder, client, make_user
):
    _trainee, certificate = holder
    clock.set_now(ISSUED + timedelta(days=800))
    assert 'data-status="expired"' in client.get(f"/verify/{certificate.code}").get_data(True)

    services.revoke(certificate, make_user(roles=("manager",)), "伪造培训记录")
    db.session.commit()
    body = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert 'data-status="revoked"' in body
    assert "2028-07-09" in body  # the revocation date (10:00 in Asia/Shanghai)
    assert "伪造培训记录" not in body


@pytest.mark.parametrize("code", ["AAAA-BBBB", "0" * 20, "../etc/passwd", "Z" * 200])
def test_unknown_or_malformed_codes_are_a_plain_404(client, code):
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404


def test_lookups_are_rate_limited(client, app):
    limit = int(app.config["CERTIFICATION_VERIFY_LIMIT"].split()[0])
    statuses = [client.get(f"/verify/{'0' * 20}").status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [404] * limit and statuses[-1] == 429


def test_the_public_page_speaks_english_when_asked(holder, client):
    _trainee, certificate = holder
    body = client.get(f"/verify/{certificate.code}?lang=en").get_data(as_text=True)
    assert "This certificate is genuine and valid." in body and "Holder" in body
