"""The autosave and the take page check the session's user inside their own statement
(core/session_claims.py).

Whatever that statement refuses must be refused exactly as before, when the user was loaded
first: a password changed on another device, a deactivated account, a lost role, another
trainee's attempt, a forged request without the CSRF header. Nothing of a refused save is
stored, and the page shows the reader's own name, menu and language.
"""

from core.extensions import db
from core.models import User
from core.permissions import roles_granting
from quizzes.models import Attempt
from tests.quizzes.quiz_factories import RIGHT, make_quiz
from tests.quizzes.test_query_counts import statements


def _started(client):
    quiz = make_quiz(types=["single", "truefalse"])
    body = client.post(f"/api/v1/quizzes/{quiz.id}/attempts").get_json()
    return body["attempt_id"], body["questions"][0]


def _save(client, attempt_id, question, **kwargs):
    return client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{question['question_id']}",
        json={"response": RIGHT[question["type"]]},
        **kwargs,
    )


def _stored(attempt_id, question_id):
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    return next(item.response for item in attempt.items if item.question_id == question_id)


def _changed(user_id, roles=None, **columns):
    user = db.session.get(User, user_id)
    for name, value in columns.items():
        setattr(user, name, value)
    if roles is not None:
        user.set_roles(roles)
    db.session.commit()


def test_only_trainees_take_quizzes():
    assert roles_granting("quiz.take") == ("trainee",)


def test_a_save_of_ones_own_open_attempt_is_stored(login_as, client):
    login_as("trainee")
    attempt_id, question = _started(client)
    response = _save(client, attempt_id, question)
    assert response.status_code == 200
    assert _stored(attempt_id, question["question_id"]) == RIGHT[question["type"]]


def test_a_session_from_before_a_password_change_is_signed_out(login_as, client):
    user = login_as("trainee")
    attempt_id, question = _started(client)
    _changed(user.id, session_version=user.session_version + 1)
    response = _save(client, attempt_id, question)
    assert response.status_code == 401
    assert _stored(attempt_id, question["question_id"]) is None


def test_a_deactivated_trainee_cannot_save(login_as, client):
    user = login_as("trainee")
    attempt_id, question = _started(client)
    _changed(user.id, active=False)
    assert _save(client, attempt_id, question).status_code == 401
    assert _stored(attempt_id, question["question_id"]) is None


def test_a_trainee_who_lost_the_role_gets_403(login_as, client):
    user = login_as("trainee")
    attempt_id, question = _started(client)
    _changed(user.id, roles={"manager"})
    response = _save(client, attempt_id, question)
    assert response.status_code == 403
    assert _stored(attempt_id, question["question_id"]) is None


def test_another_trainees_attempt_is_not_found(app, login_as, client, make_user):
    login_as("trainee")
    attempt_id, question = _started(client)
    other = make_user(roles={"trainee"})
    other_browser = app.test_client()
    other_browser.post("/login", data={"username": other.username, "password": "correct-horse-1"})
    assert _save(other_browser, attempt_id, question).status_code == 404
    assert _stored(attempt_id, question["question_id"]) is None


def test_a_bad_payload_from_a_role_without_quizzes_is_a_403_first(login_as, client):
    login_as("manager")
    response = client.put("/api/v1/attempts/1/answers/1", data="not json")
    assert response.status_code == 403


def test_the_claim_needs_the_csrf_header(app, login_as, client):
    login_as("trainee")
    attempt_id, question = _started(client)
    page = client.get(f"/quizzes/attempts/{attempt_id}").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert _save(client, attempt_id, question).status_code == 400
        assert _stored(attempt_id, question["question_id"]) is None
        assert (
            _save(client, attempt_id, question, headers={"X-CSRFToken": token}).status_code == 200
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_another_browser_takes_flask_logins_path_and_the_session_is_no_longer_fresh(
    login_as, client
):
    # Session protection ("basic"): a changed browser fingerprint is Flask-Login's to judge.
    login_as("trainee")
    attempt_id, question = _started(client)
    with statements() as sent:
        response = _save(client, attempt_id, question, headers={"User-Agent": "another browser"})
    assert response.status_code == 200
    assert any("FROM users" in statement for statement in sent), sent  # loaded the user
    with client.session_transaction() as stored_session:
        assert stored_session.get("_fresh") is False


def _page(client, attempt_id):
    return client.get(f"/quizzes/attempts/{attempt_id}")


def test_the_page_shows_the_reader_their_menu_and_language(login_as, client):
    user = login_as("trainee")
    attempt_id, _question = _started(client)
    with statements() as sent:
        page = _page(client, attempt_id)
    assert page.status_code == 200 and len(sent) == 1, sent  # no user loaded before the view
    html = page.get_data(as_text=True)
    assert user.display_name in html and "课程" in html and "已保存" in html
    _changed(user.id, locale="en")
    html = _page(client, attempt_id).get_data(as_text=True)
    assert 'lang="en"' in html and "Saved" in html and "课程" not in html


def test_the_page_refuses_as_before(app, login_as, client, make_user):
    user = login_as("trainee")
    attempt_id, _question = _started(client)
    other = make_user(roles={"trainee"})
    other_browser = app.test_client()
    other_browser.post("/login", data={"username": other.username, "password": "correct-horse-1"})
    assert _page(other_browser, attempt_id).status_code == 404
    _changed(user.id, roles={"manager"})
    assert _page(client, attempt_id).status_code == 403
    _changed(user.id, roles={"trainee"}, session_version=user.session_version + 1)
    signed_out = _page(client, attempt_id)
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
