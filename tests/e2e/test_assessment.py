"""The manager's path through a cohort in the browser, and a demo trainee's standing."""

import csv
import io


def _submit(page, form_selector: str):
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state()


def test_manager_sees_the_demo_board_with_charts(page, sign_in, screenshot):
    sign_in("manager")
    page.click('[data-panel="cohorts"] >> text=2026年春季新员工培训班')
    page.wait_for_load_state()
    assert page.locator("svg.chart").count() == 3
    assert page.locator('[data-testid="board"] tbody tr').count() == 40
    screenshot("assessment-board")
    page.click("text=决定记录")
    assert page.locator('[data-testid="decision"]').count() >= 3
    assert "人工调整:保留" in page.content()
    screenshot("assessment-decisions")


def test_manager_runs_a_cohort_from_roster_to_export(page, sign_in, screenshot, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in("manager")
    page.goto("/cohorts/")
    page.fill("#c-name", "E2E 测试批次")
    page.fill("#c-start_date", "2026-01-05")
    _submit(page, "#new-cohort form")
    assert "E2E 测试批次" in page.locator("h1").inner_text()

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,工号,网点,入职日期\n"
        "赵一,E2E001,城东支行,2026-01-02\n钱二,E2E002,城西支行,2026-01-02\n"
        "孙三,E2E003,城西支行,2026-01-02\n李四,E2E004,营业部,2026-01-02\n",
        encoding="utf-8",
    )
    page.set_input_files("#r-file", str(roster))
    page.locator("form:has(#r-file) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="new-accounts"] tbody tr').count() == 4
    screenshot("assessment-roster")
    page.click("text=返回设置")

    stages = [
        ("课堂培训", "2026-01-05", "2026-01-31", "1"),
        ("实战演练", "2026-02-01", "2026-03-31", "1"),
        ("放款阶段", "2026-04-01", "2026-06-30", "2"),
    ]
    for name, start, end, k in stages:
        form = page.locator("#new-stage form")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=starts_on]").fill(start)
        form.locator("input[name=ends_on]").fill(end)
        form.locator("input[name=bottom_k]").fill(k)
        form.locator("input[name=min_remaining]").fill("2")
        _submit(page, "#new-stage form")
    assert page.locator(".stage-card").count() == 3

    first = page.locator(".stage-card").first
    first.locator("summary:has-text('添加考评项')").click()
    first.locator("input[name=name]").last.fill("课堂表现")
    first.locator("select[name=kind]").select_option("evaluation")
    first.locator("textarea[name=rubric]").fill("态度 | 1 | 优:4, 良:3, 差:1")
    first.locator(".component-form button[type=submit]").click()
    page.wait_for_load_state()
    first = page.locator(".stage-card").first
    first.locator("summary:has-text('添加考评项')").click()
    first.locator("input[name=name]").last.fill("结业考试")
    first.locator("select[name=kind]").select_option("kpi")
    first.locator("input[name=kpi_worst]").fill("0")
    first.locator("input[name=kpi_best]").fill("100")
    first.locator(".component-form button[type=submit]").click()
    page.wait_for_load_state()
    screenshot("assessment-setup")

    page.locator(".stage-card").first.locator("text=录入成绩").first.click()
    page.wait_for_load_state()
    selects = page.locator("table.entry-grid select")
    for index, level in enumerate(["l1", "l1", "l2", "l3"]):
        selects.nth(index).select_option(level)
    page.click("text=保存")
    page.wait_for_load_state()
    assert "已保存4条" in page.content()

    page.goto(page.url.split("/cohorts/")[0] + "/cohorts/")
    page.click("text=E2E 测试批次")
    page.click("text=设置")
    page.locator(".stage-card").first.locator("text=录入成绩").nth(1).click()
    page.wait_for_load_state()
    page.fill("#month", "2026-01")
    page.click("button:has-text('显示')")
    page.wait_for_load_state()
    inputs = page.locator("table.entry-grid input")
    for index, value in enumerate(["90", "60", "80", "70"]):
        inputs.nth(index).fill(value)
    page.click("text=保存")
    page.wait_for_load_state()

    page.click("text=打开看板")
    page.click("nav.stage-tabs >> text=课堂培训")
    page.wait_for_load_state()
    board = page.locator('[data-testid="board"]').inner_text()
    # 赵一 (100 + 90) / 2 = 95; 钱二 80; 孙三 (75 + 80) / 2 = 77.5; 李四 (25 + 70) / 2 = 47.5
    for shown in ("95.00", "80.00", "77.50", "47.50"):
        assert shown in board
    screenshot("assessment-new-board")

    page.click("text=淘汰预览与决定")
    page.wait_for_load_state()
    assert "李四" in page.locator('[data-testid="preview"]').inner_text()
    screenshot("assessment-preview")
    page.click("button:has-text('确认淘汰')")
    page.wait_for_load_state()
    assert "淘汰决定已记录" in page.content()
    page.select_option("#o-user_id", label="李四 · 47.50 · 已淘汰")
    page.fill("#o-reason", "考试当天因病缺考,补考成绩合格")
    page.click("button:has-text('记录人工调整')")
    page.wait_for_load_state()
    assert "人工调整已记录" in page.content()

    page.click("text=返回看板")
    with page.expect_download() as download_info:
        page.click("text=导出 CSV")
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = {row[1]: row for row in csv.reader(io.StringIO(text))}
    assert rows["赵一"][4] == "95.00" and rows["李四"][4] == "47.50"
    assert rows["李四"][3] == "在赛"  # kept by the override


def test_demo_trainee_sees_own_standing(page, sign_in, screenshot):
    sign_in("cohort.t05")
    assert page.locator('[data-panel="standing"]').is_visible()
    page.click("text=查看我的成绩")
    page.wait_for_load_state()
    assert page.locator('[data-testid="standing"]').count() == 1
    assert "累计分" in page.content()
    screenshot("assessment-standing")
