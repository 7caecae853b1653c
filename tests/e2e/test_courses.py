"""Courses in the browser: a trainee learns, is stopped by a prerequisite and acknowledges the
code of conduct; a trainer edits, previews, publishes and restores a lesson."""

import re

from playwright.sync_api import expect

INTRO_LESSONS = 4


def test_trainee_reads_progresses_is_locked_out_and_acknowledges_rules(page, sign_in, screenshot):
    sign_in("trainee")
    expect(page.locator('[data-panel="my_learning"]')).to_contain_text("继续学习")
    screenshot("courses-home-trainee")
    page.click("text=课程")
    cards = page.locator(".module-card")
    expect(cards).to_have_count(9)
    expect(cards.first).to_contain_text("贷后管理概论")
    expect(page.locator('[data-module="conduct"]')).to_contain_text("完成以下模块后解锁")
    screenshot("courses-catalogue")

    # A locked module explains which module unlocks it; its lessons cannot be opened.
    page.click('[data-module="conduct"] h2 a')
    expect(page.locator(".lock-note")).to_contain_text("「贷后管理概论")
    screenshot("courses-locked-module")
    page.goto("/courses/m/conduct/rules")
    expect(page.locator(".flash")).to_contain_text("完成「贷后管理概论")

    # Read the intro module lesson by lesson; progress moves on the module page.
    page.goto("/courses/m/intro")
    page.click("text=开始学习")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("article .glossary-link").first).to_be_visible()
    screenshot("courses-lesson")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("courses-lesson-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    for done in range(1, INTRO_LESSONS + 1):
        page.click("button:has-text('标记为已完成')")
        page.wait_for_load_state()
        if done == 1:
            page.goto("/courses/m/intro")
            expect(page.get_by_test_id("module-status")).to_contain_text("已学完 1 / 4 课")
            screenshot("courses-progress")
            page.click("text=继续学习")
    expect(page.get_by_test_id("module-status")).to_contain_text("已完成")

    # The conduct module is open now; its last lesson carries the formal acknowledgement.
    page.goto("/courses/m/conduct/rules")
    page.click("button:has-text('确认并承诺遵守')")
    expect(page.locator(".flash")).to_contain_text("请勾选")
    page.check("input[name=confirm]")
    page.click("button:has-text('确认并承诺遵守')")
    expect(page.locator(".conduct-box")).to_contain_text("你已于")
    screenshot("courses-conduct-acknowledged")

    page.goto("/courses/search?q=受托支付")
    expect(page.locator(".search-results mark").first).to_have_text("受托支付")
    screenshot("courses-search")


def test_manager_sees_conduct_acknowledgements(page, sign_in, screenshot):
    sign_in("manager")
    page.goto("/courses/conduct/report")
    expect(page.locator("h1")).to_contain_text("行为准则确认情况")
    screenshot("courses-conduct-report")


def test_trainer_edits_previews_publishes_and_restores(page, sign_in, screenshot):
    sign_in("trainer")
    page.goto("/courses/m/intro")
    page.locator(".lesson-list li").first.locator("text=编辑").click()
    expect(page.get_by_test_id("lesson-state")).to_have_text("已发布")
    textarea = page.locator("textarea[name=body]")
    original = textarea.input_value()
    textarea.fill(original + '\n\n!!! tip "培训师补充"\n    放款后 7 天内完成首次贷后检查。\n')
    preview = page.get_by_test_id("preview")
    expect(preview.locator(".admonition.tip")).to_contain_text("培训师补充")
    screenshot("courses-editor-preview")

    page.click("button:has-text('保存并发布')")
    expect(page.locator(".flash").first).to_contain_text("已保存并发布")
    expect(page.get_by_test_id("diverged-warning")).to_contain_text("已在网页中修改")
    page.click("text=查看")
    expect(page.locator("article .admonition.tip")).to_contain_text("培训师补充")

    page.click("text=修订历史")
    page.locator('[data-revision="1"] a').click()
    expect(page.locator("table.diff")).to_contain_text("培训师补充")
    screenshot("courses-revision-diff")
    page.click("button:has-text('恢复修订版 1')")
    expect(page.get_by_test_id("lesson-state")).to_have_text("有未发布的修改")
    assert "培训师补充" not in page.locator("textarea[name=body]").input_value()
    page.click("button:has-text('保存并发布')")
    expect(page.get_by_test_id("lesson-state")).to_have_text("已发布")
    page.click("text=查看")
    expect(page.locator("article")).not_to_contain_text("培训师补充")
    screenshot("courses-restored")
    assert re.search(r"/courses/m/intro/", page.url)
