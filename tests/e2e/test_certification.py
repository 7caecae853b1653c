"""A demo trainee finds their certificate, downloads the PDF, and anyone can verify it; after a
manager revokes it, the public page says so."""

import re

from tests.core.test_pdf import pdf_text
from tests.e2e.conftest import ARTIFACTS


def test_trainee_downloads_the_certificate_and_the_public_page_verifies_it_until_revoked(
    page, browser, live_server, sign_in, screenshot
):
    sign_in("demo.trainee01")
    panel = page.locator('[data-panel="my_certificates"]')
    assert "贷后管理岗位认证" in panel.inner_text()
    assert panel.locator('[data-status="valid"]').count() == 1
    page.click("text=我的证书")
    row = page.locator('[data-testid="my-certificates"] tbody tr').first
    code = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", row.inner_text()).group(0)
    screenshot("certificates-trainee")

    with page.expect_download() as download_info:
        row.locator('[data-testid="download-pdf"]').click()
    text = pdf_text(download_info.value.path().read_bytes())
    assert "演示学员01" in text and code in text and "贷后管理岗位认证" in text

    # A stranger (no session) checks the code on the public page.
    stranger = browser.new_context(base_url=live_server, locale="zh-CN")
    public = stranger.new_page()
    public.goto(f"/verify/{code}")
    assert public.locator('[data-testid="verification"]').get_attribute("data-status") == "valid"
    assert "演示学员01" in public.locator('[data-testid="holder"]').inner_text()

    # A manager revokes it with a reason; the stranger's page now says revoked.
    page.click("text=退出")
    sign_in("manager")
    page.goto("/certificates/manage")
    page.click(f'[data-testid="revoke-{code.replace("-", "")}"]')
    page.fill("textarea[name=reason]", "演示：持证人培训记录经核查有误")
    page.click('[data-testid="confirm-revoke"]')
    page.wait_for_load_state()
    public.reload()
    assert public.locator('[data-testid="verification"]').get_attribute("data-status") == "revoked"
    assert "核查有误" not in public.content()
    public.screenshot(path=str(ARTIFACTS / "certificate-verify-revoked.png"), full_page=True)
    stranger.close()


def test_a_manager_defines_a_path_and_a_trainee_earns_it_in_the_browser(page, sign_in, screenshot):
    """The path is authored on its form; the last lesson read issues the certificate at once."""
    from tests.e2e.test_courses import _read_intro

    sign_in("manager")
    page.goto("/certificates/paths/new")
    page.fill("#title", "概论学习证明")
    page.fill("#slug", "intro-reading")
    page.check("#modules input[value=intro]")
    page.fill("#valid_months", "12")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    assert "概论学习证明" in page.content()
    screenshot("certification-path-created")
    page.click("text=退出")

    sign_in("demo.trainee02")
    card = page.locator('[data-path="intro-reading"]')
    assert "已满足 0 / 1 项要求" in card.inner_text()
    assert card.locator("[data-status]").count() == 0  # not earned yet
    _read_intro(page)
    page.goto("/")
    assert card.locator('[data-status="valid"]').count() == 1
    screenshot("certification-earned-home")

    page.click("text=我的证书")
    row = page.locator('[data-testid="my-certificates"] tbody tr', has_text="概论学习证明")
    code = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", row.inner_text()).group(0)
    with page.expect_download() as download_info:
        row.locator('[data-testid="download-pdf"]').click()
    text = pdf_text(download_info.value.path().read_bytes())
    assert "演示学员02" in text and code in text and "概论学习证明" in text
