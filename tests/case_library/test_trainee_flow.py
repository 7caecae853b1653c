"""A trainee studies a case, submits answers, waits for the rubric grade, then discusses."""

from decimal import Decimal

from case_library.models import CaseAttempt, DiscussionPost
from case_library.results import case_choices, case_score, cases_for_module
from core.extensions import db
from tests.case_library.factories import make_case


def switch_to(client, login, user):
    client.post("/logout")
    login(user)


GOOD_ANSWERS = {
    "task-flags": ["f1", "f2", "d1"],
    "task-sum": "612,000",
    "task-steps": ["0", "1", "2", "3"],
    "task-memo": "存在假按揭重大嫌疑，建议暂停办理。",
}


def test_library_lists_published_cases_with_filters(client, login_as, make_user):
    author = make_user(roles={"trainer"})
    shown = make_case(author, title="十二位部门经理同买一栋楼", risk_type="fraud")
    make_case(author, title="钱存了却存错了卡", risk_type="repayment", modules=["collection"])
    hidden = make_case(author, title="草稿案例", published=False)
    login_as("trainee")
    page = client.get("/cases/").get_data(as_text=True)
    assert shown.title in page and "钱存了却存错了卡" in page and hidden.title not in page
    page = client.get("/cases/?risk_type=repayment").get_data(as_text=True)
    assert shown.title not in page and "钱存了却存错了卡" in page
    page = client.get("/cases/?q=部门经理").get_data(as_text=True)
    assert shown.title in page and "钱存了却存错了卡" not in page
    page = client.get("/cases/?module=collection&difficulty=2").get_data(as_text=True)
    assert "钱存了却存错了卡" in page and shown.title not in page
    assert client.get(f"/cases/{hidden.slug}").status_code == 404


def test_case_page_shows_exhibits_as_sortable_tables_and_the_task_form(client, login_as, make_user):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "data-sortable" in page and '<td class="num">294000</td>' in page
    assert "上午收到申请" in page  # notes rendered as a list
    assert 'name="task-flags"' in page and 'data-move="up"' in page
    assert "存在假按揭嫌疑" not in page  # the model answer stays hidden
    assert 'id="post-body"' not in page  # no discussion before submitting


def test_bad_answers_are_refused_without_losing_input(client, login_as, make_user):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    answers = dict(GOOD_ANSWERS, **{"task-sum": "六十万"})
    response = client.post(f"/cases/{case.slug}/attempt", data=answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "存在假按揭重大嫌疑，建议暂停办理。" in page and 'value="六十万"' in page
    assert db.session.query(CaseAttempt).count() == 0


def test_submit_scores_automatic_parts_and_grading_reveals_the_model_answer(
    client, login_as, make_user, login
):
    case = make_case(make_user(roles={"trainer"}))
    trainee = login_as("trainee")
    response = client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    assert response.status_code == 302
    db.session.expire_all()
    attempt = db.session.query(CaseAttempt).one()
    # flags: 2 of 2 true flags (40) minus one decoy (5); sum 10; order 20
    assert attempt.auto_score == Decimal("65.00") and attempt.status == "submitted"
    assert case_score(trainee.id, case.id) is None
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "存在假按揭嫌疑" not in page and 'id="post-body"' in page
    again = client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS, follow_redirects=True)
    assert "你已经提交过这个案例" in again.get_data(as_text=True)
    assert db.session.query(CaseAttempt).count() == 1

    grader = make_user(roles={"trainer"})
    switch_to(client, login, grader)
    assert trainee.name in client.get("/cases/grading").get_data(as_text=True)
    url = f"/cases/attempts/{attempt.id}/grade"
    incomplete = client.post(url, data={"rubric-memo-0": "0", "comments": "证据充分"})
    assert incomplete.status_code == 422 and "证据充分" in incomplete.get_data(as_text=True)
    done = client.post(
        url, data={"rubric-memo-0": "0", "rubric-memo-1": "1", "comments": "措施不够具体"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert case_score(trainee.id, case.id) == Decimal("85.00")  # (65 + 20) / 100

    switch_to(client, login, trainee)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "存在假按揭嫌疑" in page and "措施不够具体" in page and "85" in page
    assert "证据充分" in page  # rubric level descriptions are shown


def test_discussion_opens_after_submitting_and_trainers_moderate(
    client, login_as, make_user, login
):
    case = make_case(make_user(roles={"trainer"}))
    trainee = login_as("trainee")
    assert client.post(f"/cases/{case.slug}/posts", data={"body": "剧透"}).status_code == 403
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    empty = client.post(f"/cases/{case.slug}/posts", data={"body": "  "})
    assert empty.status_code == 422
    assert client.post(f"/cases/{case.slug}/posts", data={"body": "先查对账单"}).status_code == 302
    assert "先查对账单" in client.get(f"/cases/{case.slug}").get_data(as_text=True)

    switch_to(client, login, make_user(roles={"trainer"}))

    post = db.session.query(DiscussionPost).one()
    assert client.post(f"/cases/posts/{post.id}/hide", data={"hidden": "1"}).status_code == 302
    switch_to(client, login, trainee)
    assert "先查对账单" not in client.get(f"/cases/{case.slug}").get_data(as_text=True)


def test_results_functions_for_other_areas(make_user):
    case = make_case(make_user(roles={"trainer"}), modules=["warning-signals", "conduct"])
    draft = make_case(make_user(roles={"trainer"}), published=False)
    assert (case.id, case.title) in case_choices()
    assert draft.id not in [i for i, _t in case_choices()]
    assert (case.slug, case.title) in cases_for_module("conduct")
    assert case.slug not in [s for s, _t in cases_for_module("collection")]


def test_trainer_deletes_a_post_and_trainees_cannot_moderate(client, login_as, make_user, login):
    case = make_case(make_user(roles={"trainer"}))
    trainee = login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    client.post(f"/cases/{case.slug}/posts", data={"body": "不当言论"})

    post = db.session.query(DiscussionPost).one()
    assert client.post(f"/cases/posts/{post.id}/delete").status_code == 403
    switch_to(client, login, make_user(roles={"trainer"}))
    assert client.post(f"/cases/posts/{post.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(DiscussionPost, post.id).deleted_at is not None  # kept as evidence
    assert client.post(f"/cases/posts/{post.id}/hide", data={"hidden": "0"}).status_code == 404
    switch_to(client, login, trainee)
    assert "不当言论" not in client.get(f"/cases/{case.slug}").get_data(as_text=True)


def test_library_marks_cases_the_trainee_has_submitted(client, login_as, make_user):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    assert "已提交，等待评分" in client.get("/cases/").get_data(as_text=True)


def test_case_pages_render_in_english_too(client, login_as, make_user):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee", "trainer")
    client.post("/account/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "Task 1" in page and "Spot the red flags" in page
    assert "Case library" in client.get("/cases/").get_data(as_text=True)
    assert client.get(f"/cases/author/{case.id}").status_code == 200
    assert client.get(f"/cases/author/{case.id}/check").status_code == 200
