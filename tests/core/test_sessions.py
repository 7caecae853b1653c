"""Sessions and tokens (issue 11, item 8): a fresh session at sign-in, an idle timeout, no silent
14-day cookie after a password change, token expiry and revocation, and safe redirects."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from core import clock
from core.auth import safe_next_url
from core.extensions import db
from core.tokens import ApiToken, issue_token
from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "battery-staple-22"


@pytest.fixture
def idle_timeout(app, monkeypatch):
    """The production setting (the test configuration turns it off: tests move the clock)."""
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)


def _change_password(client):
    return client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )


def test_sign_in_starts_a_fresh_session(client, make_user):
    user = make_user()
    client.get("/login")
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-before-sign-in"
        session["planted"] = "by someone else"
        session["lang"] = "en"
    client.post("/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "planted-before-sign-in"
        assert session["lang"] == "en"  # the language the reader chose is kept
        assert session["_user_id"].startswith(f"{user.id}:")


def test_an_idle_browser_is_signed_out_after_30_minutes(client, login_as, idle_timeout):
    start = clock.now_utc()
    clock.set_now(start)
    login_as("trainee")
    clock.set_now(start + timedelta(minutes=31))
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "30 分钟未操作" in page
    assert client.get("/").status_code == 302  # still signed out


def test_activity_keeps_the_session_alive(client, login_as, idle_timeout):
    start = clock.now_utc()
    for minutes in (0, 20, 40, 60):
        clock.set_now(start + timedelta(minutes=minutes))
        if minutes == 0:
            login_as("trainee")
        assert client.get("/").status_code == 200


def test_idle_timeout_also_ends_remember_me(client, make_user, login, idle_timeout):
    start = clock.now_utc()
    clock.set_now(start)
    login(make_user(), remember=True)
    clock.set_now(start + timedelta(minutes=45))
    assert client.get("/").status_code == 302
    assert (
        client.get_cookie("remember_token") is None or not client.get_cookie("remember_token").value
    )


def test_an_idle_api_call_answers_json_401(client, login_as, idle_timeout):
    start = clock.now_utc()
    clock.set_now(start)
    login_as("trainee")
    clock.set_now(start + timedelta(minutes=31))
    response = client.get("/api/v1/attempts/1")
    assert response.status_code == 401
    assert "30 分钟未操作" in response.get_json()["message"]


def test_password_change_does_not_add_a_remember_me_cookie(client, make_user, login):
    login(make_user(), remember=False)
    assert client.get_cookie("remember_token") is None
    assert _change_password(client).status_code == 302
    assert client.get_cookie("remember_token") is None
    assert client.get("/").status_code == 200  # this browser stays signed in


def test_password_change_renews_remember_me_for_a_browser_that_had_it(client, make_user, login):
    user = make_user()
    login(user, remember=True)
    old = client.get_cookie("remember_token").value
    assert _change_password(client).status_code == 302
    renewed = client.get_cookie("remember_token").value
    assert renewed != old and renewed.startswith(f"{user.id}:2")


def test_password_change_revokes_the_users_api_tokens(client, make_user, login):
    user = make_user()
    token = issue_token(user, "script")
    db.session.commit()
    login(user)
    assert _change_password(client).status_code == 302
    api = client.application.test_client()
    response = api.get("/api/v1/attempts/1", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_deactivating_a_user_revokes_their_api_tokens(client, make_user, login_as):
    trainee = make_user()
    issue_token(trainee, "script")
    db.session.commit()
    login_as("admin")
    client.post(
        f"/admin/users/{trainee.id}",
        data={"display_name": trainee.display_name, "roles": ["trainee"], "active": ""},
    )
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == trainee.id))
    db.session.refresh(token)
    assert token.revoked_at is not None


def test_a_token_stops_working_when_it_expires(app, make_user):
    user = make_user()
    start = clock.now_utc()
    clock.set_now(start)
    token = issue_token(user, "short", expires_at=start + timedelta(days=1))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/attempts/999999", headers=headers).status_code == 404
    clock.set_now(start + timedelta(days=1, seconds=1))
    assert app.test_client().get("/api/v1/attempts/999999", headers=headers).status_code == 401


def test_shell_issues_a_token_with_an_expiry(app, make_user):
    user = make_user()
    result = app.test_cli_runner().invoke(args=["users", "token", user.username, "--days", "7"])
    assert result.exit_code == 0, result.output
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.expires_at is not None


def test_reading_with_a_token_writes_nothing(app, make_user):
    user = make_user()
    token = issue_token(user, "reader")
    db.session.commit()
    writes = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            writes.append(statement)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        app.test_client().get("/api/v1/attempts/999999", headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert writes == []


@pytest.mark.pure
@pytest.mark.parametrize(
    "target",
    ["/\\evil.example", "\\\\evil.example", "/\\/evil.example", "/path\\..\\x", "/ok\r\nx"],
)
def test_next_url_with_a_backslash_or_control_character_is_refused(target):
    assert safe_next_url(target) is None


@pytest.mark.pure
def test_next_url_keeps_a_plain_path():
    assert safe_next_url("/quizzes/3?tab=1") == "/quizzes/3?tab=1"
