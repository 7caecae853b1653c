"""The attempt API: start/resume, autosave, submit, deadlines, errors, bearer tokens, CSRF."""

import json
from datetime import UTC, datetime, timedelta

from core import clock
from core.extensions import db
from core.tokens import ApiToken, issue_token, revoke_tokens
from quizzes.models import Attempt
from tests.quizzes.quiz_factories import RIGHT, WRONG, make_quiz

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _start(client, quiz):
    return client.post(f"/api/v1/quizzes/{quiz.id}/attempts")


def _put(client, attempt_id, question_id, response, **kw):
    return client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{question_id}", json={"response": response}, **kw
    )


def test_start_returns_questions_without_answers_and_resume_gives_same_attempt(login_as, client):
    login_as("trainee")
    quiz = make_quiz(time_limit_minutes=20)
    first = _start(client, quiz)
    assert first.status_code == 201
    body = first.get_json()
    assert body["deadline"] is not None and len(body["questions"]) == 3
    text = json.dumps(body, ensure_ascii=False)
    for leak in ("fraction", "feedback", "12800", '"answer"'):
        assert leak not in text
    again = _start(client, quiz)
    assert again.status_code == 200
    assert again.get_json()["attempt_id"] == body["attempt_id"]


def test_saved_answers_come_back_and_submit_scores_them(login_as, client):
    login_as("trainee")
    quiz = make_quiz(pass_mark=60)
    body = _start(client, quiz).get_json()
    aid = body["attempt_id"]
    for q in body["questions"]:
        assert _put(client, aid, q["question_id"], RIGHT[q["type"]]).status_code == 200
    wrong = body["questions"][2]
    _put(client, aid, wrong["question_id"], WRONG[wrong["type"]])  # the last save wins
    shown = client.get(f"/api/v1/attempts/{aid}").get_json()
    assert [q["response"] for q in shown["questions"]][:2] == [
        RIGHT[q["type"]] for q in body["questions"][:2]
    ]
    result = client.post(f"/api/v1/attempts/{aid}/submit").get_json()
    assert (result["score"], result["max_score"], result["passed"]) == ("2.00", "3.00", True)
    assert result["percent"] == "66.67"


def test_double_submit_is_harmless(login_as, client):
    login_as("trainee")
    quiz = make_quiz()
    body = _start(client, quiz).get_json()
    aid, q = body["attempt_id"], body["questions"][0]
    _put(client, aid, q["question_id"], RIGHT[q["type"]])
    first = client.post(f"/api/v1/attempts/{aid}/submit").get_json()
    clock.set_now(datetime.now(UTC) + timedelta(minutes=5))
    second = client.post(f"/api/v1/attempts/{aid}/submit").get_json()
    assert first == second
    late = _put(client, aid, q["question_id"], WRONG[q["type"]])
    assert late.status_code == 409
    assert "已经交卷" in late.get_json()["message"]


def test_deadline_grace_then_auto_submit_with_saved_answers(login_as, client):
    login_as("trainee")
    clock.set_now(T0)
    quiz = make_quiz(time_limit_minutes=10, grace_seconds=60)
    body = _start(client, quiz).get_json()
    aid, qs = body["attempt_id"], body["questions"]
    assert _put(client, aid, qs[0]["question_id"], RIGHT[qs[0]["type"]]).status_code == 200
    clock.set_now(T0 + timedelta(minutes=10, seconds=30))  # inside the grace period
    assert _put(client, aid, qs[1]["question_id"], RIGHT[qs[1]["type"]]).status_code == 200
    clock.set_now(T0 + timedelta(minutes=11, seconds=5))
    late = _put(client, aid, qs[2]["question_id"], RIGHT[qs[2]["type"]])
    assert late.status_code == 409
    assert "自动交卷" in late.get_json()["message"]
    db.session.expire_all()
    attempt = db.session.get(Attempt, aid)
    assert attempt.finished and attempt.auto_submitted
    assert attempt.total == 2  # the two answers saved in time


def test_close_overdue_command_submits_forgotten_attempts(login_as, client, app):
    login_as("trainee")
    clock.set_now(T0)
    quiz = make_quiz(time_limit_minutes=5)
    body = _start(client, quiz).get_json()
    q = body["questions"][0]
    _put(client, body["attempt_id"], q["question_id"], RIGHT[q["type"]])
    clock.set_now(T0 + timedelta(hours=1))
    result = app.test_cli_runner().invoke(args=["quizzes", "close-overdue"])
    assert "1 overdue attempt(s) submitted" in result.output
    db.session.expire_all()
    attempt = db.session.get(Attempt, body["attempt_id"])
    assert attempt.finished and attempt.auto_submitted and attempt.total == 1


def test_api_errors_are_json_with_the_right_status(login_as, client, make_user):
    login_as("trainee")
    quiz = make_quiz(attempts_allowed=1)
    aid = _start(client, quiz).get_json()["attempt_id"]
    qid = db.session.get(Attempt, aid).items[0].question_id
    bad = client.put(f"/api/v1/attempts/{aid}/answers/{qid}", data="not json")
    assert bad.status_code == 400 and bad.get_json()["message"]
    assert _put(client, aid, qid, "not an index").status_code == 422
    assert _put(client, aid, 999999, 0).status_code == 404
    assert client.post("/api/v1/quizzes/999999/attempts").status_code == 404
    client.post(f"/api/v1/attempts/{aid}/submit")
    used_up = _start(client, quiz)
    assert used_up.status_code == 409
    assert "作答次数" in used_up.get_json()["message"]
    other = make_user(roles={"trainee"})
    client.post("/logout")
    client.post("/login", data={"username": other.username, "password": "correct-horse-1"})
    assert client.get(f"/api/v1/attempts/{aid}").status_code == 404  # not theirs
    client.post("/logout")
    assert _start(client, quiz).status_code == 401


def test_quiz_not_open_yet_is_refused(login_as, client):
    login_as("trainee")
    clock.set_now(T0)
    quiz = make_quiz(open_at=T0 + timedelta(days=1))
    response = _start(client, quiz)
    assert response.status_code == 403
    assert "尚未开放" in response.get_json()["message"]


def test_trainer_without_quiz_take_gets_403(login_as, client):
    login_as("trainer")
    quiz = make_quiz()
    assert _start(client, quiz).status_code == 403


def test_bearer_token_works_without_cookie_and_can_be_revoked(app, make_user):
    user = make_user(roles={"trainee"})
    quiz = make_quiz()
    token = issue_token(user, "script")
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    started = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=headers)
    assert started.status_code == 201
    assert "Set-Cookie" not in started.headers or "session=" not in started.headers["Set-Cookie"]
    revoke_tokens(user)
    db.session.commit()
    again = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=headers)
    assert again.status_code == 401
    wrong = client.post(
        f"/api/v1/quizzes/{quiz.id}/attempts", headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401


def test_token_is_stored_hashed_and_printed_by_the_cli(app, make_user):
    user = make_user(roles={"trainee"})
    result = app.test_cli_runner().invoke(args=["users", "token", user.username])
    token = result.output.strip()
    assert token.startswith("pla_")
    stored = db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert stored and all(row.token_hash != token for row in stored)
    out = app.test_cli_runner().invoke(args=["users", "revoke-token", user.username]).output
    assert "revoked 1" in out


def test_cookie_session_needs_csrf_header_but_bearer_does_not(app, login_as, client):
    user = login_as("trainee")
    quiz = make_quiz()
    token = issue_token(user)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/api/v1/quizzes/{quiz.id}/attempts")
        assert refused.status_code == 400
        other = app.test_client()
        ok = other.post(
            f"/api/v1/quizzes/{quiz.id}/attempts", headers={"Authorization": f"Bearer {token}"}
        )
        assert ok.status_code == 201
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_question_type_accepts_its_response_shape(login_as, client):
    login_as("trainee")
    quiz = make_quiz(types=["multi", "shortanswer", "matching", "ordering"])
    body = _start(client, quiz).get_json()
    aid = body["attempt_id"]
    answers = {
        "multi": [1, 0],
        "shortanswer": "五级分类",
        "matching": {"0": "按时还款", "1": "有隐患"},
        "ordering": [0, 1, 2],
    }
    by_type = {q["type"]: q for q in body["questions"]}
    assert set(by_type["matching"]["options"]) == {"按时还款", "有隐患"}
    for qtype, response in answers.items():
        saved = _put(client, aid, by_type[qtype]["question_id"], response)
        assert saved.status_code == 200, saved.get_json()
    assert _put(client, aid, by_type["ordering"]["question_id"], [0, 0, 1]).status_code == 422
    result = client.post(f"/api/v1/attempts/{aid}/submit").get_json()
    assert result["score"] == "4.00"


def test_untouched_ordering_question_is_graded_in_the_order_shown(login_as, client):
    login_as("trainee")
    quiz = make_quiz(types=["ordering"])
    aid = _start(client, quiz).get_json()["attempt_id"]
    result = client.post(f"/api/v1/attempts/{aid}/submit").get_json()
    assert result["score"] is not None and result["score"] != "1.00"  # shuffled, never the key


def test_deadline_carries_its_utc_offset_so_browsers_count_down_right(login_as, client):
    login_as("trainee")
    clock.set_now(T0)
    quiz = make_quiz(time_limit_minutes=20)
    aid = _start(client, quiz).get_json()["attempt_id"]
    shown = client.get(f"/api/v1/attempts/{aid}").get_json()  # read back from the database
    assert shown["deadline"] == "2026-03-02T01:20:00+00:00"
    page = client.get(f"/quizzes/attempts/{aid}").get_data(as_text=True)
    assert 'data-deadline="2026-03-02T01:20:00+00:00"' in page


def test_saves_that_are_not_the_plain_case_are_refused_or_cleared(login_as, client, make_user):
    """The autosave's fast path (quizzes/taking/quick_save.py) hands these to the full path."""
    owner = login_as("trainee")
    aid = _start(client, make_quiz()).get_json()["attempt_id"]
    item = db.session.get(Attempt, aid).items[0]
    qid, right = item.question_id, RIGHT[item.spec["type"]]
    assert _put(client, aid, qid, right).get_json()["response"] is not None
    cleared = _put(client, aid, qid, None)  # clearing an answer
    assert cleared.status_code == 200 and cleared.get_json()["response"] is None
    db.session.expire_all()
    assert db.session.get(Attempt, aid).items[0].response is None

    def sign_in(user):
        client.post("/logout")
        client.post("/login", data={"username": user.username, "password": "correct-horse-1"})

    sign_in(make_user(roles={"trainee"}))
    assert _put(client, aid, qid, right).status_code == 404  # not theirs: as good as missing
    sign_in(owner)
    client.post(f"/api/v1/attempts/{aid}/submit")
    closed = _put(client, aid, qid, right)
    assert closed.status_code == 409 and "已经交卷" in closed.get_json()["message"]
