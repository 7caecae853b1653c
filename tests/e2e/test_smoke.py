"""Each demo role signs in through the browser and lands on its own home page."""

import pytest

HOME_PANELS = {
    "trainee": ("my_learning", "我的学习"),
    "trainer": ("question_bank", "题库"),
    "manager": ("cohorts", "培训批次"),
    "admin": ("users", "用户账号"),
}


@pytest.mark.parametrize("role", sorted(HOME_PANELS))
def test_demo_role_signs_in_and_sees_its_home(page, sign_in, screenshot, role):
    panel, heading = HOME_PANELS[role]
    sign_in(role)
    assert page.locator(f'[data-panel="{panel}"]').is_visible()
    assert heading in page.locator(f'[data-panel="{panel}"] h2').inner_text()
    assert "贷后学堂" in page.title()
    screenshot(f"home-{role}")


def test_wrong_password_shows_a_message(page, sign_in):
    sign_in("trainee", "not-the-password")
    assert "用户名或密码错误" in page.locator(".error").inner_text()


def test_trainee_switches_to_english_and_signs_out(page, sign_in, screenshot):
    sign_in("trainee")
    page.click("text=English")
    page.wait_for_load_state()
    assert "My learning" in page.content()
    screenshot("home-trainee-en")
    page.click("text=简体中文")
    page.wait_for_load_state()
    assert "我的学习" in page.content()
    page.click("text=退出")
    page.wait_for_load_state()
    assert "/login" in page.url


def test_trainee_is_refused_the_admin_pages(page, sign_in):
    sign_in("trainee")
    response = page.goto("/admin/users")
    assert response.status == 403
    assert "无权访问" in page.content()
