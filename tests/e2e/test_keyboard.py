"""A quiz and a case done with the keyboard alone (issue 19), with a visible focus at every stop
and no axe-core violation on any page on the way: the questions, the summary, the review, the
case with its ordering task, an answer sheet sent back with an error, the result, the grading.
"""

import re

from playwright.sync_api import expect

from tests.e2e.keyboard import (
    assert_no_axe_violation,
    press_on,
    sign_in_by_keyboard,
    tab_to,
)

QUIZ = "模块测验：客户分类与差异化管理"  # a demo quiz no other browser test takes
QUIZ_USER = "demo.trainee04"
CASE_USER = "demo.trainee05"


def answer_by_keyboard(page, question) -> None:
    """Answer one question of the attempt page with the keys a keyboard user would press."""
    kind = question.get_attribute("data-type")
    if kind in ("single", "truefalse", "multi"):
        tab_to(page, question.locator("input"))
        page.keyboard.press("Space")
        expect(question.locator("input:checked")).to_have_count(1)
    elif kind == "matching":
        for select in question.locator("select").all():
            tab_to(page, select)
            page.keyboard.press("ArrowDown")
            expect(select).not_to_have_value("")
    elif kind == "ordering":
        first = question.locator(".ordering li").first.get_attribute("data-index")
        text = question.locator(".ordering-text").first.inner_text()
        press_on(page, question.locator("[data-move=down]").first)
        expect(question.locator(".ordering li").nth(1)).to_have_attribute("data-index", first)
        expect(question.locator("[data-ordering-status]")).to_have_text(f"{text} → 2")
    else:  # short answer, numerical, essay
        tab_to(page, question.locator("input[type=text], textarea"))
        page.keyboard.type("12800")


def test_trainee_takes_a_quiz_with_the_keyboard_only(page, axe_installed):
    sign_in_by_keyboard(page, QUIZ_USER)
    page.goto("/quizzes/")
    press_on(page, page.get_by_role("link", name=QUIZ))
    press_on(page, page.get_by_role("button", name=re.compile("开始")))
    page.wait_for_selector("#quiz-app")
    assert_no_axe_violation(page)

    answered = 0
    while True:
        for question in page.locator("fieldset.question").all():
            answer_by_keyboard(page, question)
            answered += 1
        page.locator("#save-status[data-state='saved']").wait_for(state="attached")
        next_page = page.get_by_role("link", name="下一页")
        if next_page.count() == 0:
            break
        press_on(page, next_page)
        page.wait_for_selector("#quiz-app")
    assert answered == 10

    press_on(page, page.get_by_role("link", name="完成作答…"))
    expect(page.locator(".summary-table tr.unanswered")).to_have_count(0)
    assert_no_axe_violation(page)
    press_on(page, page.get_by_role("button", name="全部提交并结束"))
    page.wait_for_url(re.compile(r"/review$"))
    expect(page.get_by_test_id("attempt-result")).to_contain_text("得分")
    assert page.locator("section.question.review").count() == 10
    assert_no_axe_violation(page)


def sort_steps_by_keyboard(page, task) -> None:
    """Bubble the steps into order with the "move down" buttons: Tab to one, press Enter."""
    steps = task.locator("ol[data-ordering] > li")
    for _swap in range(40):
        order = [
            int(v)
            for v in steps.locator("input[type=hidden]").evaluate_all(
                "inputs => inputs.map(i => i.value)"
            )
        ]
        wrong = next((i for i in range(len(order) - 1) if order[i] > order[i + 1]), None)
        if wrong is None:
            return
        moved = steps.nth(wrong).locator(".step-text").inner_text()
        press_on(page, steps.nth(wrong).locator("button[data-move=down]"))
        # a screen reader hears where the step went; the focus stayed on the button
        expect(task.locator("[data-ordering-status]")).to_have_text(f"{moved} → {wrong + 2}")
    raise AssertionError("the steps could not be ordered")


def test_trainee_solves_a_case_with_the_keyboard_only_and_a_trainer_grades_it(page, axe_installed):
    sign_in_by_keyboard(page, CASE_USER)
    page.goto("/cases/")
    # the library's filter, by keyboard: type a word, press Enter
    tab_to(page, page.locator("#q"))
    page.keyboard.type("受托支付")
    page.keyboard.press("Enter")
    press_on(page, page.get_by_role("link", name="受托支付付出去，第二天又回来了"))
    expect(page.locator("h1")).to_contain_text("受托支付")
    assert_no_axe_violation(page)

    flags = page.locator('[data-task="flags"]')
    for flag in ("f1", "f2"):
        tab_to(page, flags.locator(f'input[value="{flag}"]'))
        page.keyboard.press("Space")
    expect(flags.locator("input:checked")).to_have_count(2)
    tab_to(page, page.locator("#task-round-trip"))
    page.keyboard.type("一百九十五万")  # not a number: the sheet comes back with the error
    tab_to(page, page.locator("#task-non-business"))
    page.keyboard.type("1900000")
    sort_steps_by_keyboard(page, page.locator('[data-task="response"]'))
    tab_to(page, page.locator("#task-report"))
    page.keyboard.type("资金回流 1950000 元，流向无关用途 1900000 元，判断挪用，建议停止新增授信。")
    press_on(page, page.get_by_role("button", name="提交答案"))

    # the error stands next to the field and is what a screen reader reads with it
    field = page.locator("#task-round-trip")
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#" + field.get_attribute("aria-describedby"))
    expect(error).to_be_visible()
    expect(error).to_contain_text("请输入数字")
    expect(page.locator("#task-non-business")).to_have_value("1900000")
    assert_no_axe_violation(page)

    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.type("1950000")
    if page.locator('[data-task="flags"] input:checked').count() == 0:  # the sheet keeps ticks
        for flag in ("f1", "f2"):
            press_on(page, flags.locator(f'input[value="{flag}"]'), "Space")
    sort_steps_by_keyboard(page, page.locator('[data-task="response"]'))
    press_on(page, page.get_by_role("button", name="提交答案"))
    expect(page.locator('[data-task="round-trip"] .task-score')).to_contain_text("10 / 10")
    expect(page.locator('[data-task="response"] .task-score')).to_contain_text("10 / 10")
    assert_no_axe_violation(page)

    page.context.clear_cookies()
    sign_in_by_keyboard(page, "trainer")
    page.goto("/cases/grading")
    row = page.locator("tr", has_text="受托支付付出去")
    press_on(page, row.first.get_by_role("link", name="评分"))
    press_on(page, page.get_by_role("button", name="保存评分"))  # no level chosen yet
    expect(page.locator("#rubric-error")).to_contain_text("请为每一条评分标准选择一个档次")
    assert_no_axe_violation(page)
    for criterion in page.locator("fieldset.rubric-criterion").all():
        tab_to(page, criterion.locator("input[type=radio]"))
        page.keyboard.press("Space")
    press_on(page, page.get_by_role("button", name="保存评分"))
    expect(page.locator(".flash")).to_contain_text("评分已保存")


def test_manager_filters_the_board_by_branch_with_the_keyboard(page, axe_installed):
    """Arrow keys move through the branches without reloading the board; the button applies."""
    sign_in_by_keyboard(page, "manager")
    page.goto("/cohorts/")
    press_on(page, page.get_by_role("link", name="2026年春季新员工培训班").first)
    board = page.get_by_test_id("board")
    expect(board.locator("tbody tr")).to_have_count(40)
    branch = page.locator("#branch")
    tab_to(page, branch)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # passing over the first branch reloads nothing
    chosen = branch.input_value()
    assert chosen and chosen == branch.locator("option").nth(2).inner_text()
    expect(branch).to_be_focused()
    press_on(page, page.get_by_role("button", name="筛选"))
    page.wait_for_url(re.compile(r"branch="))
    rows = board.locator("tbody tr")
    assert 0 < rows.count() < 40
    assert {
        cells[3]
        for cells in rows.evaluate_all("rs => rs.map(r => [...r.cells].map(c => c.innerText))")
    } == {chosen}
    assert_no_axe_violation(page)
