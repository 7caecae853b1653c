"""Quiz pages: list, take (answers come back), summary, submit, review, trainer pages."""

from decimal import Decimal

from core.clock import now_utc
from core.extensions import db
from quizzes.models import Attempt
from quizzes.results import grade_for
from quizzes.taking import services as svc
from tests.quizzes.quiz_factories import make_quiz, new_version, take


def test_trainee_takes_a_quiz_and_finds_saved_answers_after_coming_back(login_as, client):
    login_as("trainee")
    quiz = make_quiz(title="贷后检查测验", types=["single", "truefalse"])
    assert "贷后检查测验" in client.get("/quizzes/").get_data(as_text=True)
    start = client.post(f"/quizzes/{quiz.id}/start")
    assert start.status_code == 302
    attempt = db.session.scalar(db.select(Attempt).where(Attempt.quiz_id == quiz.id))
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    assert "每月一次" in page and 'id="quiz-app"' in page
    q = attempt.items[0]
    client.put(f"/api/v1/attempts/{attempt.id}/answers/{q.question_id}", json={"response": 0})
    again = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert f'name="q{q.question_id}" value="0" checked' in again  # the tab was closed: still there
    summary = client.get(f"/quizzes/attempts/{attempt.id}/summary").get_data(as_text=True)
    assert "1 道题未作答" in summary
    done = client.post(f"/quizzes/attempts/{attempt.id}/submit")
    review = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "1.00 / 2.00" in review and "正确答案" in review
    # a finished attempt cannot be taken again: the take page sends to the review
    assert client.get(f"/quizzes/attempts/{attempt.id}").status_code == 302


def test_another_trainees_attempt_is_not_found(login_as, client, make_user):
    quiz = make_quiz()
    owner = make_user()
    attempt = svc.start_attempt(quiz, owner, now_utc())
    db.session.commit()
    login_as("trainee")
    assert client.get(f"/quizzes/attempts/{attempt.id}").status_code == 404
    assert client.post(f"/quizzes/attempts/{attempt.id}/submit").status_code == 404


def test_trainer_creates_a_quiz_and_bad_input_gets_a_chinese_message(login_as, client):
    login_as("trainer")
    bad = client.post(
        "/quizzes/new",
        data={
            "title": "测验",
            "pass_mark": "150",
            "grading_method": "highest",
            "review_score": "after_submit",
            "review_answers": "after_submit",
            "review_feedback": "after_submit",
            "grace_seconds": "60",
        },
    )
    assert bad.status_code == 422
    ok = client.post(
        "/quizzes/new",
        data={
            "title": "新测验",
            "pass_mark": "70",
            "grading_method": "last",
            "review_score": "after_submit",
            "review_answers": "never",
            "review_feedback": "after_submit",
            "grace_seconds": "60",
            "attempts_allowed": "2",
            "questions_per_page": "0",
        },
    )
    assert ok.status_code == 302
    edit = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert "新测验" in edit
    added = client.post(
        ok.headers["Location"].replace("/edit", "/slots"),
        data={"add-question_id": "999999", "add-mark": "1", "add-category_id": "0"},
    )
    assert added.status_code == 302
    shown = client.get(added.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in shown and "不存在" in shown


def test_statistics_page_and_json_show_real_numbers(login_as, client, make_user):
    quiz = make_quiz(types=["single", "single", "truefalse"])
    for right in (3, 2, 1, 0):
        take(quiz, make_user(), right)
    db.session.commit()
    login_as("trainer")
    page = client.get(f"/quizzes/{quiz.id}/statistics?which=all").get_data(as_text=True)
    assert 'data-stat="attempt_count">4<' in page and "50.00%" in page
    data = client.get(f"/quizzes/{quiz.id}/statistics.json?which=first").get_json()
    assert data["quiz"]["attempt_count"] == 4 and data["quiz"]["mean"] == 50.0
    assert [round(q["facility"]) for q in data["questions"]] == [75, 50, 25]
    assert client.get(f"/quizzes/{quiz.id}/statistics.json?which=bogus").status_code == 200


def test_trainee_cannot_open_statistics_or_grading(login_as, client):
    login_as("trainee")
    quiz = make_quiz()
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 403
    assert client.get("/quizzes/grading").status_code == 403


def test_grading_queue_page_grades_an_essay(login_as, client, make_user):
    trainee = make_user()
    quiz = make_quiz(types=["essay"])
    attempt = svc.start_attempt(quiz, trainee, now_utc())
    svc.save_answer(attempt, attempt.items[0].question_id, "我的回答", now_utc())
    svc.submit_attempt(attempt, now_utc())
    db.session.commit()
    login_as("trainer")
    assert "我的回答" not in client.get("/quizzes/grading").get_data(as_text=True)
    item_id = attempt.items[0].id
    assert "我的回答" in client.get(f"/quizzes/grading/{item_id}").get_data(as_text=True)
    missing = client.post(f"/quizzes/grading/{item_id}", data={"comment": "好"})
    assert missing.status_code == 422
    done = client.post(
        f"/quizzes/grading/{item_id}", data={"level-0": "1", "level-1": "1", "comment": "好"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).total == Decimal("1.00")


def test_regrade_page_previews_then_applies(login_as, client, make_user):
    quiz = make_quiz(types=["single"])
    trainee = make_user(display_name="学员甲")
    take(quiz, trainee, 0)
    question = quiz.slots[0].question
    choices = [dict(c) for c in question.latest.spec["choices"]]
    choices[1]["fraction"] = "1"
    new_version(question, choices=choices)
    db.session.commit()
    login_as("trainer")
    preview = client.get(f"/quizzes/{quiz.id}/regrade").get_data(as_text=True)
    assert "学员甲" in preview and "0.00" in preview and "1.00" in preview
    applied = client.post(f"/quizzes/{quiz.id}/regrade")
    assert applied.status_code == 302
    page = client.get(applied.headers["Location"]).get_data(as_text=True)
    assert "0.00 → 1.00" in page  # logged
    db.session.expire_all()
    assert grade_for(trainee.id, quiz.id) == Decimal("100.00")


def test_trainer_sees_results_and_every_detail_of_an_attempt(login_as, client, make_user):
    quiz = make_quiz(types=["single"], review_answers="never")
    trainee = make_user(display_name="学员乙")
    attempt = take(quiz, trainee, 1)
    db.session.commit()
    login_as("trainee")
    assert client.get(f"/quizzes/{quiz.id}/results").status_code == 403
    client.post("/logout")
    login_as("trainer")
    results = client.get(f"/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert "学员乙" in results and "1.00 / 1.00" in results
    detail = client.get(f"/quizzes/attempts/{attempt.id}/inspect").get_data(as_text=True)
    assert "正确答案" in detail and "学员乙" in detail
