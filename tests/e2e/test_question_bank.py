"""A trainer works the question bank in the browser: browse, search, preview, edit, import."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "quizzes" / "fixtures"


def _open_bank(page, sign_in):
    sign_in("trainer")
    page.click("nav.main-nav >> text=题库")
    page.wait_for_load_state()


def test_trainer_browses_searches_and_previews_the_demo_bank(page, sign_in, screenshot):
    _open_bank(page, sign_in)
    assert "共 179 道题" in page.locator("[data-testid=result-count]").inner_text()
    tree = page.locator("[data-testid=category-tree]")
    assert tree.locator("text=贷后学堂").first.is_visible()
    screenshot("bank-overview")

    tree.locator("a", has_text="intro").click()
    page.wait_for_load_state()
    assert "共 27 道题" in page.locator("[data-testid=result-count]").inner_text()
    page.fill("#q", "三心")
    page.select_option("#type", "single")
    page.click("button:has-text('筛选')")
    page.wait_for_load_state()
    rows = page.locator("[data-testid=question-list] tbody tr")
    assert rows.count() >= 1
    screenshot("bank-search")

    page.click("[data-testid=question-list] >> text=intro-01")
    page.wait_for_load_state()
    preview = page.locator("[data-testid=question-preview]")
    assert "三心" in preview.inner_text()
    assert preview.locator("input[type=radio]").count() == 4
    assert "解析" in page.locator("[data-testid=answer-key]").inner_text()
    screenshot("question-preview")

    preview.locator("label", has_text="恒心、细心、疑心").click()
    page.click("button:has-text('检查')")
    page.wait_for_load_state()
    result = page.locator("[data-testid=try-result]").inner_text()
    assert "得分：0 / 1" in result and "多心" in result  # the wrong choice's feedback
    page.locator("[data-testid=question-preview] label", has_text="责任心、疑心、初心").click()
    page.click("button:has-text('检查')")
    page.wait_for_load_state()
    assert "得分：1 / 1" in page.locator("[data-testid=try-result]").inner_text()
    screenshot("question-tried")


def test_trainer_edits_a_question_and_sees_validation_in_chinese(page, sign_in, screenshot):
    _open_bank(page, sign_in)
    page.fill("#q", "intro-02")
    page.click("button:has-text('筛选')")
    page.click("[data-testid=question-list] >> text=intro-02")
    page.click("text=编辑")
    page.wait_for_load_state()
    table = page.locator("[data-testid=answer-editor]")
    assert table.locator("input").first.input_value() == "从贷款发放直到本息全部收清"
    page.click("button:has-text('以 JSON 编辑')")  # the choice sticks for this browser
    editor = page.locator("textarea[name=type_data]")
    original = editor.input_value()
    editor.fill(original.replace('"fraction": "1"', '"fraction": "0.5"', 1))
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    errors = page.locator("[data-testid=spec-errors]")
    assert "100%" in errors.inner_text()
    screenshot("question-edit-error")

    editor.fill(original)
    page.fill("textarea[name=text]", "贷后管理覆盖的时间范围是哪一段？")
    page.fill("input[name=change_note]", "题干措辞")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert "保存" in page.locator(".flash").first.inner_text()
    assert "哪一段" in page.locator("[data-testid=question-preview]").inner_text()
    assert "题干措辞" in page.locator("[data-testid=version-history]").inner_text()
    diff = page.locator("[data-testid=version-diff]")
    if diff.count():  # the demo's attempts used this question, so the edit made version 2
        diff.locator("summary").click()
        assert "哪一段" in diff.locator(".diff-add").inner_text()
    screenshot("question-saved")


def test_trainer_imports_a_gift_file_after_a_dry_run(page, sign_in, screenshot):
    _open_bank(page, sign_in)
    page.click("text=导入 GIFT / Aiken")
    page.set_input_files("input[name=file]", str(FIXTURES / "with_errors.gift"))
    page.click("button:has-text('检查文件')")
    page.wait_for_load_state()
    report = page.locator("[data-testid=import-errors]").inner_text()
    assert "第5行" in report and "第11行" in report
    assert page.locator("button:has-text('确认导入')").count() == 0
    screenshot("import-bad-file")

    page.goto("/quizzes/bank/import")
    page.set_input_files("input[name=file]", str(FIXTURES / "postloan_basics.gift"))
    page.fill("input[name=category]", "浏览器导入")
    page.click("button:has-text('检查文件')")
    page.wait_for_load_state()
    assert page.locator("[data-testid=import-ok]").is_visible()
    count = page.locator("[data-testid=import-questions] > tbody > tr").count()
    screenshot("import-dry-run")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state()
    assert f"已导入 {count} 道题" in page.content()
    screenshot("import-done")


def test_bank_fits_a_phone(page, sign_in, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_bank(page, sign_in)
    assert page.locator("[data-testid=result-count]").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling of the whole page
    path = screenshot("bank-phone")
    page.screenshot(path=str(path.with_name("bank-phone-top.png")))  # the first screen only


def test_trainer_writes_a_new_question_in_the_answer_table(page, sign_in, screenshot):
    _open_bank(page, sign_in)
    page.click("[data-testid=result-count] >> text=多选题")
    page.wait_for_load_state()
    page.fill("input[name=category]", "贷后学堂/新题")
    page.fill("input[name=name]", "新题-多选")
    page.fill("textarea[name=text]", "下列哪些属于预警信号？")
    table = page.locator("[data-testid=answer-editor]")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    rows.nth(0).locator("input").nth(0).fill("实际控制人失联")
    rows.nth(1).locator("input").nth(0).fill("主要账户被查封")
    rows.nth(2).locator("input").nth(0).fill("按时还款")
    rows.nth(2).locator("input").nth(1).fill("-100")
    table.locator("button:has-text('添加一行')").click()
    rows.nth(3).locator("input").nth(0).fill("频繁更换财务人员")
    rows.nth(3).locator("input").nth(1).fill("50")  # now the right choices add up to 150%
    screenshot("question-new-table")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert (
        "多选题各正确选项的分值之和应为 100%"
        in page.locator("[data-testid=spec-errors]").inner_text()
    )
    rows.nth(0).locator("input").nth(1).fill("33.33333")
    rows.nth(1).locator("input").nth(1).fill("33.33333")
    rows.nth(3).locator("input").nth(1).fill("33.33333")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert "题目已保存" in page.locator(".flash").first.inner_text()
    preview = page.locator("[data-testid=question-preview]")
    assert preview.locator("input[type=checkbox]").count() == 4
    assert "33.33333%" in page.locator("[data-testid=answer-key]").inner_text()
    screenshot("question-new-saved")


def test_trainer_sets_an_essay_rubric_in_the_table(page, sign_in, screenshot):
    _open_bank(page, sign_in)
    page.click("[data-testid=result-count] >> text=问答题")
    page.wait_for_load_state()
    page.fill("input[name=category]", "贷后学堂/新题")
    page.fill("input[name=name]", "新题-问答")
    page.fill("textarea[name=text]", "请说明首次跟踪检查要核实的内容。")
    table = page.locator("[data-testid=answer-editor]")
    row = table.locator("tbody tr").first
    row.locator("input").nth(0).fill("资金用途")
    row.locator("input").nth(1).fill("完整:4；部分:2；未提及:0")
    page.fill("#response-template", "一、资金用途：")
    screenshot("question-essay-rubric")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    key = page.locator("[data-testid=answer-key]").inner_text()
    assert "资金用途" in key and "完整（4）" in key and "未提及（0）" in key
    assert page.locator("[data-testid=question-preview] textarea").input_value() == "一、资金用途："
