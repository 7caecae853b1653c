"""A trainee takes a module quiz in the browser: autosave, closed tab, offline, submit, review."""

import re


def _answer_choices(page, count):
    """Tick the first option of the first `count` choice questions on the page."""
    boxes = page.locator(
        'fieldset.question[data-type="single"], fieldset.question[data-type="truefalse"]'
    )
    answered = []
    for n in range(min(count, boxes.count())):
        box = boxes.nth(n)
        box.locator("input[type=radio]").first.check()
        answered.append(box.get_attribute("data-question-id"))
    return answered


def test_trainee_takes_a_quiz_closes_the_tab_and_finds_every_answer(page, sign_in, screenshot):
    sign_in("trainee")
    page.goto("/quizzes/")
    screenshot("quiz-list")
    page.get_by_role("link", name=re.compile("模块测验：贷后管理概论")).click()
    page.get_by_role("button", name="开始作答").click()
    page.wait_for_selector("#quiz-app")
    take_url = page.url
    assert re.match(r"\d\d:\d\d", page.locator("#countdown").inner_text())
    answered = _answer_choices(page, 2)
    assert answered
    page.wait_for_function("document.getElementById('save-status').dataset.state === 'saved'")
    screenshot("quiz-take")

    # close the tab and come back in a new one: every answer is there
    context = page.context
    page.close()
    again = context.new_page()
    again.goto(take_url)
    for qid in answered:
        assert again.locator(f"#q-{qid} input[type=radio]:checked").count() == 1

    # network drops: the answer is kept on the device and uploaded when it returns
    context.set_offline(True)
    boxes = again.locator('fieldset.question[data-type="single"]')
    last = boxes.nth(boxes.count() - 1)
    last.locator("input[type=radio]").nth(1).check()
    again.wait_for_function("document.getElementById('save-status').dataset.state === 'offline'")
    assert "离线" in again.locator("#save-status").inner_text()
    context.set_offline(False)
    again.evaluate("window.dispatchEvent(new Event('online'))")
    again.wait_for_function("document.getElementById('save-status').dataset.state === 'saved'")
    qid = last.get_attribute("data-question-id")
    again.reload()
    assert again.locator(f"#q-{qid} input[type=radio]").nth(1).is_checked()

    # phone-sized screen
    again.set_viewport_size({"width": 390, "height": 844})
    screenshot_page(again, "quiz-take-phone")
    again.set_viewport_size({"width": 1280, "height": 800})

    again.get_by_role("link", name="完成作答…").click()
    assert "未作答" in again.content()
    screenshot_page(again, "quiz-summary")
    again.get_by_role("button", name="全部提交并结束").click()
    again.wait_for_url(re.compile(r"/review$"))
    assert "得分" in again.locator('[data-testid="attempt-result"]').inner_text()
    screenshot_page(again, "quiz-review")


def screenshot_page(page, name):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_trainer_sees_item_analysis_with_real_numbers(page, sign_in, screenshot):
    sign_in("trainer")
    page.goto("/quizzes/manage")
    page.get_by_role("link", name="统计").first.click()
    page.select_option("#which", "all")
    page.get_by_role("button", name="显示").click()
    count = int(page.locator('[data-stat="attempt_count"]').inner_text())
    assert count >= 8
    assert "%" in page.locator('[data-stat="mean"]').inner_text()
    assert page.locator('[data-testid="question-stats"] tbody tr').count() >= 5
    screenshot("quiz-statistics")
