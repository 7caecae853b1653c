"""Courses in the browser: a trainee learns, is stopped by a prerequisite and acknowledges the
code of conduct; a trainer edits, previews, publishes and restores a lesson."""

import re

import pytest
from playwright.sync_api import expect

INTRO_LESSONS = 5


def _read_intro(page, screenshot=None):
    """Mark the intro lessons done, one after the other, starting from the module page."""
    page.goto("/courses/m/intro")
    page.click(".module-status a.button")
    expect(page.locator("article h1")).to_be_visible()
    for done in range(1, INTRO_LESSONS + 1):
        page.click("button:has-text('标记为已完成')")
        page.wait_for_load_state()
        if done == 1 and screenshot:
            page.goto("/courses/m/intro")
            expect(page.get_by_test_id("module-status")).to_contain_text(
                f"已学完 1 / {INTRO_LESSONS} 课"
            )
            screenshot("courses-progress")
            page.click("text=继续学习")
    expect(page.get_by_test_id("module-status")).to_contain_text(
        f"已学完 {INTRO_LESSONS} / {INTRO_LESSONS} 课"
    )


def test_trainee_reads_lessons_watches_progress_and_is_locked_out(page, sign_in, screenshot):
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

    page.goto("/courses/m/intro")
    page.click("text=开始学习")
    expect(page.locator("article .glossary-link").first).to_be_visible()
    screenshot("courses-lesson")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("courses-lesson-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    _read_intro(page, screenshot)
    # All lessons read; with a module quiz in the demo data the module also waits for it.
    status = page.get_by_test_id("module-status")
    expect(status).to_contain_text(re.compile("已完成|还需通过本模块测验"))
    screenshot("courses-module-lessons-done")

    page.goto("/courses/search?q=受托支付")
    expect(page.locator(".search-results mark").first).to_have_text("受托支付")
    screenshot("courses-search")


def test_trainee_who_passed_the_quiz_unlocks_and_acknowledges_the_rules(page, sign_in, screenshot):
    # demo.trainee01 (from the quiz demo data) passed the intro module quiz already.
    sign_in("demo.trainee01")
    if "/login" in page.url:
        pytest.skip("the quiz demo trainees are not loaded")
    _read_intro(page)
    expect(page.get_by_test_id("module-status")).to_contain_text("已完成")
    page.goto("/courses/m/conduct")
    expect(page.locator(".lock-note")).to_have_count(0)
    page.goto("/courses/m/conduct/rules")
    page.click("button:has-text('确认并承诺遵守')")
    expect(page.locator(".flash")).to_contain_text("请勾选")
    page.check("input[name=confirm]")
    page.click("button:has-text('确认并承诺遵守')")
    expect(page.locator(".conduct-box")).to_contain_text("你已于")
    screenshot("courses-conduct-acknowledged")


def test_manager_sees_conduct_acknowledgements(page, sign_in, screenshot):
    sign_in("manager")
    page.goto("/courses/conduct/report")
    expect(page.locator("h1")).to_contain_text("行为准则确认情况")
    missing = page.get_by_test_id("not-acknowledged")
    expect(missing.locator("td", has_text=re.compile("^trainee$"))).to_have_count(1)
    if page.get_by_test_id("acknowledged").locator("td", has_text="demo.trainee01").count() == 0:
        pytest.skip("the quiz demo trainees are not loaded")
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


def test_trainer_adds_edits_and_archives_a_glossary_term(page, sign_in, screenshot):
    sign_in("trainer")
    page.click("text=编辑术语表")
    page.click("text=新增术语")
    page.fill("input[name=term]", "短板效应")
    page.fill("input[name=english]", "weakest-link effect")
    page.click("button:has-text('保存')")
    expect(page.locator(".field .error")).to_contain_text("请填写释义")
    expect(page.locator("input[name=term]")).to_have_value("短板效应")
    screenshot("courses-glossary-form-error")
    page.fill("textarea[name=definition]", "整体结果取决于最弱的那个环节。")
    page.click("button:has-text('保存')")
    expect(page.locator(".flash").first).to_contain_text("已新增术语「短板效应」")
    entry = page.locator('[data-term="短板效应"]')
    expect(entry).to_contain_text("整体结果取决于最弱的那个环节")
    page.fill("input[name=q]", "短板")
    page.keyboard.press("Enter")
    expect(page.locator(".glossary-entry")).to_have_count(1)
    screenshot("courses-glossary-added")

    page.goto("/courses/m/intro/scope-and-importance")
    link = page.locator("article a.glossary-link", has_text="短板效应")
    expect(link).to_have_attribute("title", "整体结果取决于最弱的那个环节。")

    # Edit it: the lesson's link shows the new definition at once.
    page.goto("/courses/glossary")
    page.get_by_label("编辑「短板效应」").click()
    page.fill("textarea[name=definition]", "贷前、贷中、贷后中最弱的一环决定贷款能否收回。")
    page.click("button:has-text('保存')")
    expect(page.locator(".flash").first).to_contain_text("已保存")
    page.goto("/courses/m/intro/scope-and-importance")
    expect(link).to_have_attribute("title", re.compile("最弱的一环"))

    # Archive it: gone from lessons, listed under archived terms.
    page.goto("/courses/glossary")
    page.get_by_label("编辑「短板效应」").click()
    page.click("button:has-text('归档该术语')")
    expect(page.locator("#archived ~ ul")).to_contain_text("短板效应")
    page.goto("/courses/m/intro/scope-and-importance")
    expect(link).to_have_count(0)


def test_trainer_reorders_lessons_with_the_keyboard(page, sign_in, screenshot):
    sign_in("trainer")
    page.goto("/courses/m/intro")
    items = page.locator(".lesson-list > li > a:first-child")
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    page.get_by_label(f"上移「{second}」").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flash").first).to_contain_text(f"「{second}」现在是第 1 课")
    expect(items.nth(0)).to_have_text(second)
    screenshot("courses-lessons-reordered")
    page.get_by_label(f"下移「{second}」").focus()
    page.keyboard.press("Enter")
    expect(items.nth(0)).to_have_text(first)
    page.goto("/courses/")
    expect(page.get_by_label("上移「贷后管理概论与“三心”」")).to_be_disabled()
    screenshot("courses-catalogue-author")


def test_module_page_links_related_cases_and_the_quiz(page, sign_in, screenshot):
    sign_in("trainee")
    page.goto("/courses/m/warning-signals")
    cases = page.get_by_test_id("related-cases")
    expect(cases).to_contain_text("相关案例")
    expect(page.get_by_test_id("module-quizzes").locator("a")).to_contain_text("预警信号识别")
    screenshot("courses-module-related")
    cases.locator("a").first.click()
    assert "/cases/" in page.url
