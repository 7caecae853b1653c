"""A trainee takes a module quiz in the browser: autosave, closed tab, offline, submit, review."""

import re

CHOICE_QUESTIONS = ", ".join(
    f'fieldset.question[data-type="{kind}"]' for kind in ("single", "truefalse", "multi")
)


def _answer_choices(page, count):
    """Tick the first option of the first `count` choice questions on the page.

    The quiz draws its questions at random, so any choice type counts (single, true/false, multi).
    """
    boxes = page.locator(CHOICE_QUESTIONS)
    answered = []
    for n in range(min(count, boxes.count())):
        box = boxes.nth(n)
        box.locator("input[type=radio], input[type=checkbox]").first.check()
        answered.append(box.get_attribute("data-question-id"))
    return answered


def test_trainee_takes_a_quiz_closes_the_tab_and_finds_every_answer(page, sign_in, screenshot):
    sign_in("trainee")
    page.goto("/quizzes/")
    screenshot("quiz-list")
    page.get_by_role("link", name=re.compile("模块测验：贷后管理概论")).click()
    # The demo trainee already took this quiz once (their mistake book comes from it).
    page.get_by_role("button", name=re.compile("^(开始作答|再次作答)$")).click()
    page.wait_for_selector("#quiz-app")
    take_url = page.url
    assert re.match(r"\d\d:\d\d", page.locator("#countdown").inner_text())
    answered = _answer_choices(page, 2)
    assert answered
    page.locator("#save-status[data-state='saved']").wait_for(state="attached")
    screenshot("quiz-take")

    # close the tab and come back in a new one: every answer is there
    context = page.context
    page.close()
    again = context.new_page()
    again.goto(take_url)
    for qid in answered:
        assert again.locator(f"#q-{qid} input:checked").count() == 1

    # network drops: the answer is kept on the device and uploaded when it returns
    context.set_offline(True)
    boxes = again.locator(CHOICE_QUESTIONS)
    assert boxes.count() > 0, "the first page has no choice question"
    last = boxes.nth(boxes.count() - 1)
    last.locator("input[type=radio], input[type=checkbox]").nth(1).check()
    again.locator("#save-status[data-state='offline']").wait_for(state="attached")
    assert "离线" in again.locator("#save-status").inner_text()
    context.set_offline(False)
    again.evaluate("window.dispatchEvent(new Event('online'))")
    again.locator("#save-status[data-state='saved']").wait_for(state="attached")
    qid = last.get_attribute("data-question-id")
    again.reload()
    assert (
        again.locator(f"#q-{qid} input[type=radio], #q-{qid} input[type=checkbox]")
        .nth(1)
        .is_checked()
    )

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


def _answer_first_question(page) -> str:
    """Answer the first question on the page, whatever its type; returns its id."""
    box = page.locator("fieldset.question").first
    kind = box.get_attribute("data-type")
    if kind in ("single", "truefalse", "multi"):
        box.locator("input[type=radio], input[type=checkbox]").first.check()
    elif kind == "matching":
        box.locator("select").first.select_option(index=1)
    elif kind == "ordering":
        box.locator("[data-move=down]").first.click()
    else:
        box.locator("input[type=text], textarea").first.fill("12800")
    return box.get_attribute("data-question-id")


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


def test_time_limit_is_enforced_by_the_server_even_with_the_tab_closed(browser, live_server):
    """A trainer sets up a 1-minute quiz; one trainee's page submits at 0, another closed the tab."""
    from core.demo import DEMO_PASSWORD

    def new_page(username):
        # A Beijing browser: a deadline without its UTC offset would be read 8 hours off.
        context = browser.new_context(
            base_url=live_server, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    trainer = new_page("trainer")
    trainer.goto("/quizzes/new")
    trainer.fill("#title", "限时一分钟小测")
    trainer.fill("#time_limit_minutes", "1")
    trainer.fill("#grace_seconds", "0")
    trainer.click("form.settings-grid button[type=submit]")
    trainer.select_option("#add-category_id", label="贷后学堂/regulation")
    trainer.fill("#add-count", "3")
    trainer.get_by_role("button", name="添加", exact=True).click()
    assert trainer.locator("#slots ~ .table-scroll tbody tr").count() == 3
    screenshot_page(trainer, "quiz-settings")

    open_tab = new_page("demo.trainee07")
    closed_tab = new_page("demo.trainee08")
    for page in (open_tab, closed_tab):
        page.goto("/quizzes/")
        page.get_by_role("link", name="限时一分钟小测").click()
        page.get_by_role("button", name="开始作答").click()
        page.wait_for_selector("#quiz-app")
        answered = _answer_first_question(page)
        page.locator("#save-status[data-state='saved']").wait_for(state="attached")
    take_url = closed_tab.url
    closed_tab.context.close()  # this trainee walks away

    # the open tab's countdown reaches 0 and the page submits on its own
    open_tab.wait_for_url(re.compile(r"/review$"), timeout=90_000)
    assert "时间到，系统自动交卷" in open_tab.content()
    screenshot_page(open_tab, "quiz-time-up")

    # the walked-away trainee comes back later: the server already closed the attempt
    back = new_page("demo.trainee08")
    back.goto(take_url)
    back.wait_for_url(re.compile(r"/review$"))
    assert "时间到，系统自动交卷" in back.content()
    assert "未作答" not in back.locator(f"#q-{answered}").inner_text()  # saved answer was kept


def test_an_answer_given_after_the_session_ended_waits_on_the_device_until_sign_in(page):
    """The session ends mid-quiz (idle timeout, sign-out elsewhere): the autosave says so, keeps
    the answer on the device and sends it once the trainee has signed in again."""
    from core.demo import DEMO_PASSWORD

    def sign_in_as(username):
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    sign_in_as("trainer")
    page.goto("/quizzes/new")
    page.fill("#title", "会话结束小测")
    page.click("form.settings-grid button[type=submit]")
    page.select_option("#add-category_id", label="贷后学堂/regulation")
    page.fill("#add-count", "3")
    page.get_by_role("button", name="添加", exact=True).click()
    page.context.clear_cookies()

    sign_in_as("demo.trainee06")
    page.goto("/quizzes/")
    page.get_by_role("link", name="会话结束小测").click()
    page.get_by_role("button", name="开始作答").click()
    page.wait_for_selector("#quiz-app")
    take_url = page.url

    page.context.clear_cookies()  # the session is gone
    [qid] = _answer_choices(page, 1)
    page.locator("#save-status[data-state='signed-out']").wait_for(state="attached")
    assert "答案已保存在本设备上" in page.locator("#save-status").inner_text()
    kept = page.evaluate(
        "Object.keys(JSON.parse(localStorage.getItem('quiz-attempt-' +"
        " document.getElementById('quiz-app').dataset.attemptId) || '{}'))"
    )
    assert kept == [qid]

    page.locator("#sign-in-again").click()
    page.fill("input[name=username]", "demo.trainee06")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(take_url)
    page.locator("#save-status[data-state='saved']").wait_for(state="attached")
    page.reload()
    assert page.locator(f"#q-{qid} input:checked").count() == 1
