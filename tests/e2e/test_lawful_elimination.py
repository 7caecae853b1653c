"""A manager walks through an elimination with an outcome and a basis for each person.

It decides the demo cohort's lending stage. tests/e2e/test_fairness.py, which runs first when
both land on one worker's live server, moderates the demo's flagged disagreement on the way;
run on a server of its own this test moderates it itself, as a manager must before the stage
can be decided.
"""


def _moderate_open_disagreements(page):
    disagreements = page.locator('[data-testid="disagreements"]')
    if disagreements.count() == 0:  # test_fairness.py moderated it already
        return
    elimination_url = page.url
    disagreements.locator("text=考评人一致性").click()
    page.wait_for_load_state()
    flagged = page.locator('[data-testid="disagreement"]:has(textarea)')
    for _open in range(flagged.count()):
        flagged.first.locator("textarea").fill("调阅月度考评记录后,以经理评分为准")
        flagged.first.locator("button:has-text('提交复核')").click()
        page.wait_for_load_state()
        assert "复核说明已记录" in page.content()
    page.goto(elimination_url)


def test_manager_decides_with_bases_and_downloads_a_dossier(page, sign_in, screenshot):
    sign_in("manager")
    page.click('[data-panel="cohorts"] >> text=2026年春季新员工培训班')
    page.wait_for_load_state()
    page.click("text=劳动用工设置")
    page.wait_for_load_state()
    assert page.locator('[data-testid="probation-warning"]').count() == 40
    assert (
        "课堂培训阶段综合分不低于 60 分" in page.locator('[data-testid="conditions"]').inner_text()
    )
    page.go_back()
    page.click("nav.stage-tabs >> text=放款阶段")
    page.wait_for_load_state()
    page.click("text=淘汰预览与决定")
    page.wait_for_load_state()
    _moderate_open_disagreements(page)
    bases = page.locator('[data-testid="bases"]')
    assert "指导案例18号" in bases.inner_text() and "不提供法律意见" in bases.inner_text()
    people = bases.locator("fieldset.basis")
    assert people.count() >= 1
    first = people.first.locator("select[name$='-outcome']")
    assert "试用期不予录用" not in " ".join(first.locator("option").all_inner_texts())
    first.select_option("extended_training")
    people.first.locator("textarea[name$='-note']").fill("延长培训两个月,改进计划另行开启")
    notes = page.locator('[data-testid="band-notes"] textarea')
    for index in range(notes.count()):
        notes.nth(index).fill("分差在测量误差之内,已复核评分表")
    screenshot("lawful-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('确认淘汰')")
    page.wait_for_load_state()
    assert "淘汰决定已记录" in page.content()

    page.click("text=决定记录")
    page.wait_for_load_state()
    outcomes = page.locator('[data-testid="outcomes"]').last.inner_text()
    assert "延长培训" in outcomes and "延长培训两个月" in outcomes
    first_table = page.locator('[data-testid="outcomes"]').first.inner_text()
    assert "试用期不予录用" in first_table and "课堂培训阶段综合分不低于 60 分" in first_table
    screenshot("lawful-decision-log")
    with page.expect_download() as download_info:
        page.locator("text=证据档案 PDF").first.click()
    assert download_info.value.path().read_bytes().startswith(b"%PDF")
