"""A case may allow retakes; the latest fully graded attempt is the score that counts."""

from decimal import Decimal

from case_library import attempts
from case_library.models import Case, CaseAttempt
from core.extensions import db
from tests.case_library.factories import NOTES_YAML, make_case
from tests.case_library.test_authoring import form
from tests.case_library.test_trainee_flow import GOOD_ANSWERS, switch_to

WEAK_ANSWERS = dict(GOOD_ANSWERS, **{"task-flags": ["d1", "d2"], "task-sum": "1"})


def grade(client, login, grader, attempt_id, levels=("0", "0")):
    client.post("/logout")
    login(grader)
    data = {"rubric-memo-0": levels[0], "rubric-memo-1": levels[1], "comments": "好"}
    assert client.post(f"/cases/attempts/{attempt_id}/grade", data=data).status_code == 302


def test_one_attempt_by_default(client, login_as, make_user):
    case = make_case(make_user(roles={"trainer"}))
    assert case.retakes_allowed == 0
    login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    again = client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS, follow_redirects=True)
    assert "你已经提交过这个案例" in again.get_data(as_text=True)
    assert db.session.query(CaseAttempt).count() == 1
    assert "retake=1" not in client.get(f"/cases/{case.slug}").get_data(as_text=True)


def test_retake_after_grading_and_the_latest_graded_score_counts(
    client, login, login_as, make_user
):
    trainer = make_user(roles={"trainer"})
    case = make_case(trainer)
    case.retakes_allowed = 1
    db.session.commit()
    trainee = login_as("trainee")

    client.post(f"/cases/{case.slug}/attempt", data=WEAK_ANSWERS)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "这次作答评分后才能重新开始" in page and "retake=1" not in page
    blocked = client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS, follow_redirects=True)
    assert "上一次作答正在等待评分" in blocked.get_data(as_text=True)

    first = db.session.query(CaseAttempt).one()
    grade(client, login, trainer, first.id, levels=("2", "1"))  # rubric 0 points
    db.session.expire_all()
    first_score = attempts.counted_percent(trainee.id, case.id)
    assert first_score is not None and first_score < Decimal(50)

    switch_to(client, login, trainee)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "重新作答（还可以作答 1 次）" in page
    form_page = client.get(f"/cases/{case.slug}?retake=1").get_data(as_text=True)
    assert 'name="task-flags"' in form_page and "第 2 次作答，共 2 次" in form_page
    assert client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS).status_code == 302

    # the retake waits for its rubric grade: the first score still counts
    db.session.expire_all()
    assert attempts.counted_percent(trainee.id, case.id) == first_score
    second = db.session.query(CaseAttempt).filter_by(number=2).one()
    switch_to(client, login, trainer)
    assert "第 2 次作答" in client.get("/cases/grading").get_data(as_text=True)
    assert "第 2 次作答" in client.get(f"/cases/attempts/{second.id}/grade").get_data(as_text=True)
    grade(client, login, trainer, second.id)

    db.session.expire_all()
    second_score = attempts.counted_percent(trainee.id, case.id)
    assert second_score > first_score
    counted = attempts.counted_attempts(user_ids=[trainee.id])
    assert counted[(trainee.id, case.id)].number == 2

    switch_to(client, login, trainee)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "所有作答机会" in page and 'data-testid="counted"' in page
    assert (
        client.get(f"/cases/{case.slug}?retake=1").get_data(as_text=True).count('name="task-flags"')
        == 0
    )
    refused = client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS, follow_redirects=True)
    assert "你已经用完了这个案例的所有作答机会" in refused.get_data(as_text=True)
    assert db.session.query(CaseAttempt).count() == 2


def test_trainer_sets_retakes_and_bad_values_are_refused(client, login_as):

    login_as("trainer")
    clean = {"narrative": "## 背景\n\n干净。\n", "exhibits-1-source": NOTES_YAML}
    bad = client.post("/cases/author/new", data=form(retakes="-1", **clean))
    assert bad.status_code == 422 and "允许重做次数必须是 0 到 10 的整数" in bad.get_data(
        as_text=True
    )
    assert client.post("/cases/author/new", data=form(retakes="2", **clean)).status_code == 302
    case = db.session.query(Case).one()
    assert case.retakes_allowed == 2
    assert (
        'inputmode="numeric" max="10" min="0" name="retakes" type="number" value="2"'
        in client.get(f"/cases/author/{case.id}/edit").get_data(as_text=True)
    )
