"""The desk simulator in the browser: a trainee plays the first scenario to the end and reads a
debrief naming a late check and the reaction time to the diversion; a trainer replays the run."""

from playwright.sync_api import expect


def act(page, kind, loan, time, **fields):
    details = page.locator(f'details[data-action="{kind}"]')
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.select_option(f"#{kind}-loan", loan)
    page.fill(f"#{kind}-time", time)
    for name, value in fields.items():
        page.select_option(f"#{kind}-{name}", value)
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()


def next_day(page):
    page.click("button:has-text('下一天')")
    page.wait_for_load_state()


def test_trainee_plays_the_calm_portfolio_and_a_trainer_replays_it(page, sign_in, screenshot):
    sign_in("trainee")
    page.click('[data-panel="simulator"] >> text=进入实战演练')
    page.click("text=平稳的一个月：一笔贷款刚放就转走了")
    expect(page.locator("h2", has_text="评分方法")).to_be_visible()
    page.fill("#seed", "1")
    page.click("button:has-text('开始')")
    expect(page.locator("[data-testid=clock]")).to_contain_text("第1天")
    expect(page.locator("#inbox")).to_contain_text("主管留言")
    screenshot("simulator-desk-first-morning")

    next_day(page)
    next_day(page)
    expect(page.locator("[data-testid=clock]")).to_contain_text("第3天")
    act(page, "collect", "L02", "09:00", method="call")  # before 10:00: refused, recorded
    expect(page.locator(".flash")).to_contain_text("被拒绝")
    act(page, "check_account", "L01", "16:00")
    expect(page.locator("#inbox")).to_contain_text("大额转出")
    next_day(page)
    act(page, "onsite_check", "L01", "10:00", funds_use="diverted")
    expect(page.locator("#inbox")).to_contain_text("没有任何生意往来")
    act(page, "onsite_check", "L05", "14:00")  # first check was due by the end of day 3
    act(page, "early_warning", "L01", "15:00")  # no signal ticked: the form says so
    expect(page.locator(".error[role=alert]")).to_contain_text("请至少勾选一个预警信号")
    page.locator('details[data-action="early_warning"] input[value="diversion"]').check()
    act(page, "early_warning", "L01", "15:00")
    expect(page.locator(".flash")).to_contain_text("已完成：提交预警报告")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("simulator-desk-mobile")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('现在结束')")
    expect(page.locator("h1")).to_contain_text("复盘")
    late = page.locator('[data-routine="first_check"]', has_text="L05")
    expect(late).to_contain_text("迟了")
    expect(page.locator('[data-warning="E1"]')).to_contain_text("18 小时 50 分钟")
    expect(page.locator("#conduct")).to_contain_text("在允许时间之前打催收电话")
    expect(page.locator("[data-testid=total]")).to_contain_text("得分")
    screenshot("simulator-debrief")
    page.click("text=退出")

    sign_in("trainer")
    page.click('[data-panel="simulator_author"] >> text=演练记录')
    row = page.locator("tr", has_text="学员 · 王小明").first
    row.locator("text=回放").click()
    expect(page.locator("[data-testid=step]")).to_contain_text("第 0 步")
    for _ in range(3):
        page.click("a:has-text('下一步')")
    expect(page.locator("[data-testid=step-action]")).to_contain_text("电话或上门催收")
    expect(page.locator("[data-testid=step-action]")).to_contain_text("被拒绝")
    page.click("a:has-text('下一步')")
    expect(page.locator("[data-testid=step-action]")).to_contain_text("查看账户")
    expect(page.locator("#step")).to_contain_text("16:00")
    screenshot("simulator-replay")
