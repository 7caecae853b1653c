"""On a phone: the demo trainee opens the mistake book, practises what is due, finds a saved answer
after a reload and gets feedback per answer; a trainer makes a review quiz from the heat map."""

import re

from tests.e2e.conftest import ARTIFACTS

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _answer(box):
    """Give some answer to a practice question of any auto-graded type."""
    kind = box.get_attribute("data-type")
    if kind in ("single", "truefalse", "multi"):
        box.locator("input[type=radio], input[type=checkbox]").first.check()
    elif kind in ("shortanswer", "numerical"):
        box.locator("input.text-answer").fill("1")
    elif kind == "matching":
        for select in box.locator("select").all():
            select.select_option(index=1)
    elif kind == "ordering":
        box.locator("[data-move=down]").first.click()


def test_trainee_practises_the_mistake_book_on_a_phone(browser, live_server, sign_in_on):
    context = browser.new_context(base_url=live_server, locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in_on(page, "trainee")
    assert "错题本与掌握度" in page.content()
    page.get_by_role("link", name="打开我的错题本").click()
    assert page.locator("article.book-entry").count() >= 3
    assert "连续答对 3 次" in page.content()  # the schedule is stated
    page.get_by_role("button", name="练习今日到期的题").click()
    page.wait_for_selector("#quiz-app")
    set_url = page.url
    # the page fits the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    first = page.locator("fieldset.question").first
    qid = first.get_attribute("data-question-id")
    _answer(first)
    page.locator("#save-status[data-state='saved']").wait_for(state="attached")
    page.goto(set_url)  # a reload keeps the saved answer
    first = page.locator(f"#q-{qid}")
    if first.get_attribute("data-type") in ("single", "truefalse", "multi"):
        assert first.locator("input:checked").count() >= 1

    boxes = page.locator("fieldset.question")
    for n in range(boxes.count()):
        box = boxes.nth(n)
        if n:
            _answer(box)
        box.get_by_role("button", name="判题").tap()
        verdict = box.locator(".feedback .verdict")
        verdict.wait_for()
        assert re.search("答对了|答错了|部分正确", verdict.inner_text())
    assert page.locator("#done-count").inner_text() == str(boxes.count())
    page.screenshot(path=str(_artifact("practice-phone")), full_page=True)

    page.goto(set_url)  # the feedback stays after a reload; the answers are final
    assert page.locator(".feedback").count() == boxes.count()
    assert page.locator("button.check-answer").count() == 0
    context.close()


def test_trainer_turns_a_weak_category_into_a_review_quiz_in_two_clicks(page, sign_in):
    sign_in("trainer")
    page.goto("/practice/heatmap")
    assert "薄弱环节" in page.content() and "题目分类 × 培训批次" in page.content()
    page.get_by_role("link", name="生成复习测验").first.click()  # click 1
    page.get_by_role("button", name="创建复习测验").click()  # click 2
    page.wait_for_load_state()
    assert "已创建复习测验" in page.content()


def _artifact(name):
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
