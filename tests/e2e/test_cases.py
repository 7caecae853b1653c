"""Case library in the browser: a trainee solves the fake-mortgage case and sees the rubric grade;
a trainer's case is stopped by the publish gate, pseudonymized and published by a second trainer."""

import re

from playwright.sync_api import expect


def sign_out(page):
    page.click("text=退出")
    page.wait_for_load_state()


def make_id(area="110105", birth="19800101", seq="123") -> str:
    body = area + birth + seq
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def put_steps_in_order(page, task_id: str) -> None:
    """Bubble the steps into place with the keyboard: focus a "move down" button, press Enter."""
    items = page.locator(f'[data-task="{task_id}"] ol[data-ordering] > li')
    for _round in range(50):
        values = [
            int(v)
            for v in items.locator("input[type=hidden]").evaluate_all(
                "els => els.map(e => e.value)"
            )
        ]
        wrong = next((i for i in range(len(values) - 1) if values[i] > values[i + 1]), None)
        if wrong is None:
            return
        items.nth(wrong).locator('button[data-move="down"]').focus()
        page.keyboard.press("Enter")
    raise AssertionError("the steps could not be ordered")


def test_trainee_solves_the_fake_mortgage_case_and_later_sees_the_rubric_grade(
    page, sign_in, screenshot
):
    sign_in("trainee")
    page.click('[data-panel="case_library"] >> text=打开案例库')
    page.fill("#q", "部门经理")
    page.click("button:has-text('筛选')")
    page.click("text=十二位部门经理同买一栋楼")
    expect(page.locator("h1")).to_contain_text("假按揭")
    applicants = page.locator("#exhibit-1 table")
    expect(applicants).to_contain_text("开发商甲公司")
    page.locator("#exhibit-4 th", has_text="收入").locator("button").click()
    expect(page.locator("#exhibit-4 th", has_text="收入")).to_have_attribute(
        "aria-sort", "ascending"
    )
    screenshot("cases-fake-mortgage-exhibits")

    flags = page.locator('[data-task="flags"]')
    flags.get_by_text("12 位申请人全部在开发商甲公司任职").click()
    flags.get_by_text("对账单上，12 笔首付中有 7 笔查不到任何进账").click()
    flags.get_by_text("客户G 的首付进账前一天").click()
    flags.get_by_text("12 笔贷款期限都是 240 个月").click()  # a decoy: costs 5 points
    page.fill("#task-matched-sum", "612000")
    page.fill("#task-unverified-sum", "2,985,000")
    put_steps_in_order(page, "sequence")
    page.fill(
        "#task-memo",
        "判断：存在假按揭重大嫌疑，建议暂停办理。证据：12 人均为部门负责人；"
        "对账单只证实 612000 元；客户G 首付由公司借款回流。措施：要原件与回单、查网签、"
        "逐户面谈面签并书面报告。婉拒饭局并记录。",
    )
    screenshot("cases-fake-mortgage-answers")
    page.click("button:has-text('提交答案')")
    expect(page.locator(".flash")).to_contain_text("书面分析部分将由培训师评分")
    # flags: 3 of 6 true flags = 20, minus one decoy = 15
    expect(page.locator('[data-task="flags"] .task-score')).to_contain_text("15 / 40")
    expect(page.locator('[data-task="sequence"] .task-score')).to_contain_text("10 / 10")
    expect(page.locator("#model-answer")).to_have_count(0)
    expect(page.locator("#discussion textarea")).to_be_visible()
    page.fill("#post-body", "我先核对了对账单再看名单。")
    page.click("#discussion button:has-text('发布')")
    expect(page.locator("#discussion")).to_contain_text("我先核对了对账单")
    sign_out(page)

    sign_in("trainer")
    page.goto("/cases/grading")
    row = page.locator("tr", has_text="十二位部门经理同买一栋楼")
    row.locator("text=评分").click()
    page.click("button:has-text('保存评分')")  # nothing chosen yet
    expect(page.locator(".error[role=alert]")).to_contain_text("请为每一条评分标准选择一个档次")
    for criterion in range(4):
        page.locator(f'input[name="rubric-memo-{criterion}"]').nth(1).check()  # 良好
    page.fill("#comments", "判断正确，措施还可以更具体。")
    page.click("button:has-text('保存评分')")
    expect(page.locator(".flash")).to_contain_text("评分已保存")
    sign_out(page)

    sign_in("trainee")
    page.goto("/cases/fake-mortgage")
    # auto 15 + 10 + 10 + 10 = 45; rubric 7 + 7 + 4 + 3 = 21 -> 66 / 100
    expect(page.locator(".final-score")).to_contain_text("66 / 100")
    expect(page.locator(".grader-comments")).to_contain_text("措施还可以更具体")
    expect(page.locator("#model-answer")).to_contain_text("疑点与证据")
    expect(page.locator(".rubric li.chosen").first).to_contain_text("良好")
    screenshot("cases-fake-mortgage-graded")


def test_publish_gate_stops_personal_data_then_a_second_trainer_publishes(
    page, sign_in, screenshot
):
    resident_id, phone = make_id(), "13912345678"
    sign_in("trainer")
    page.goto("/cases/author/new")
    page.fill("#title", "还款日前的一通电话")
    page.fill("#slug", "phone-call")
    page.fill("#summary", "借款人张某在还款日前失联。")
    page.check('input[name=modules][value="collection"]')
    page.select_option("#risk_type", "repayment")
    page.fill(
        "#narrative",
        f"## 背景\n\n借款人张某，身份证号 {resident_id}，贷款 DK2024-0201，"
        f"本期应还 4191 元，还款日 2024-07-20。\n\n张某的手机 {phone} 一直关机。\n",
    )
    page.fill("#exhibits-0-title", "还款计划")
    page.fill("#exhibits-0-source", "期次,还款日,应还\n7,2024-07-20,4191\n")
    page.fill("#tasks_yaml", TASKS)
    page.fill("#model_answer", "当天上门，找到张某，核实原因。")
    page.click("button:has-text('保存为新版本')")
    expect(page.locator("[data-testid=case-status]")).to_have_text("草稿")

    page.click("button:has-text('提交审核')")
    expect(page.locator(".gate-blocked")).to_contain_text("发布被拦截")
    expect(page.locator('mark[data-kind="resident_id"]', has_text=resident_id)).to_be_visible()
    expect(page.locator('mark[data-kind="mobile"]', has_text=phone)).to_be_visible()
    expect(page.locator("mark", has_text="4191")).to_have_count(0)
    screenshot("cases-gate-blocked")

    page.click("button:has-text('一键假名化')")
    expect(page.locator(".flash")).to_contain_text("已统一替换 2 项")
    expect(page.locator(".flash")).to_contain_text("较早的第 1 版已就地脱敏")
    expect(page.locator(".gate-clear")).to_contain_text("未发现个人信息")
    page.goto(page.url.replace("/check", ""))
    expect(page.locator("[data-testid=redacted]")).to_have_count(1)
    page.click("text=与上一版比较")
    expect(page.locator("h1")).to_contain_text("第 1 版到第 2 版的改动")
    assert resident_id not in page.content()  # version 1 was redacted in place
    screenshot("cases-version-diff")
    page.go_back()
    page.click("text=历史版本检查")
    expect(page.locator("mark")).to_have_count(0)
    page.goto(page.url.replace("/history-check", "/check"))
    page.click(".gate-clear button:has-text('提交审核')")
    expect(page.locator("[data-testid=case-status]")).to_have_text("审核中")
    expect(page.locator("text=批准并发布")).to_have_count(0)  # the author cannot approve
    sign_out(page)

    sign_in("trainer2")
    page.goto("/cases/review")
    page.click("text=还款日前的一通电话")
    page.fill("#approve-comment", "已脱敏，可以发布。")
    page.click("button:has-text('批准并发布')")
    expect(page.locator("[data-testid=case-status]")).to_have_text("已发布")
    expect(page.locator(".review-history")).to_contain_text("批准并发布了第 2 版")
    screenshot("cases-published-after-review")
    sign_out(page)

    sign_in("trainee")
    page.goto("/cases/phone-call")
    expect(page.locator("#narrative")).to_contain_text("【身份证号已脱敏】")
    expect(page.locator("#narrative")).not_to_contain_text(resident_id)
    assert not re.search(phone, page.content())
    sign_out(page)

    sign_in("trainer")
    page.goto("/cases/author")
    page.click("text=还款日前的一通电话")
    page.click("a.button:has-text('编辑')")
    page.fill("#model_answer", "当天上门，找到客户A，核实<b>原因</b>，并电话联系担保人。")
    page.click("button:has-text('保存为新版本')")
    page.locator("text=与上一版比较").first.click()  # newest version first
    expect(page.locator("[data-section=model_answer] .diff-new mark").last).to_contain_text(
        "并电话联系担保人"
    )
    expect(page.locator("[data-section=model_answer] .diff-new")).to_contain_text("<b>原因</b>")
    expect(page.locator("[data-section=narrative]")).to_have_count(0)
    screenshot("cases-version-diff-edit")


TASKS = """\
- id: flags
  kind: red_flags
  prompt: 哪些是风险信号？
  points: 40
  penalty_per_decoy: 5
  options:
    - {id: f1, text: 手机一直关机, is_flag: true, why: 失联}
    - {id: d1, text: 期次是第 7 期, is_flag: false, why: 正常}
- id: amount
  kind: numeric
  prompt: 本期应还多少元？
  points: 20
  answer: 4191
  unit: 元
- id: plan
  kind: free_text
  prompt: 写出当天的处置方案
  points: 40
  rubric:
    - criterion: 措施
      levels:
        - {label: 优秀, points: 40, description: 当天上门}
        - {label: 不合格, points: 0, description: 没有措施}
"""


def solve_meal_offer(page, number: str) -> None:
    page.locator('[data-task="flags"] input[type=checkbox]').first.check()
    page.fill("#task-quarry-output", number)
    page.fill("#task-plan", "拒绝饭局，礼品当天报告、登记并两人退还。")
    page.click("button:has-text('提交答案')")
    expect(page.locator(".flash")).to_contain_text("书面分析部分将由培训师评分")


def grade_latest(page, sign_in, level: int) -> None:
    sign_in("trainer")
    page.goto("/cases/grading")
    page.locator("tr", has_text="一碗面").locator("text=评分").first.click()
    for criterion in range(4):
        page.locator(f'input[name="rubric-plan-{criterion}"]').nth(level).check()
    page.click("button:has-text('保存评分')")
    expect(page.locator(".flash")).to_contain_text("评分已保存")
    sign_out(page)


def test_a_trainee_retakes_a_case_and_the_latest_graded_attempt_counts(page, sign_in, screenshot):
    sign_in("trainee")
    page.goto("/cases/meal-offer")
    solve_meal_offer(page, "6000")  # wrong
    expect(page.locator("[data-testid=retakes]")).to_contain_text("这次作答评分后才能重新开始")
    sign_out(page)
    grade_latest(page, sign_in, level=3)  # 不合格 everywhere

    sign_in("trainee")
    page.goto("/cases/meal-offer")
    first = page.locator(".final-score").inner_text()
    page.click("text=重新作答（还可以作答 1 次）")
    expect(page.locator("[data-testid=retake-note]")).to_contain_text("第 2 次作答，共 2 次")
    solve_meal_offer(page, "3960")  # right this time
    retakes = page.locator("[data-testid=retakes]")
    expect(retakes.locator("li").nth(0).locator("[data-testid=counted]")).to_be_visible()
    expect(retakes.locator("li").nth(1)).to_contain_text("等待评分")
    sign_out(page)
    grade_latest(page, sign_in, level=0)  # 优秀 everywhere

    sign_in("trainee")
    page.goto("/cases/meal-offer")
    expect(retakes.locator("li").nth(1).locator("[data-testid=counted]")).to_be_visible()
    expect(retakes).to_contain_text("你已经用完了这个案例的所有作答机会")
    assert page.locator(".final-score").inner_text() != first
    screenshot("cases-retake-counted")
