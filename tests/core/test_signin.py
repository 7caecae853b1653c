"""Sign-in throttling (issue 11, item 2): rate limits, lockout with admin unlock, failed sign-ins
recorded, the same work for unknown usernames, and passwords of at least 12 characters."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import clock, signin
from core.audit import AuditEvent
from core.extensions import db
from tests.factories import DEFAULT_PASSWORD

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def generous_rate_limits(app, monkeypatch):
    """The lockout tests send more failures than the per-minute rate limits allow."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "1000 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "1000 per minute")


@pytest.fixture
def lockout_after_three(app, generous_rate_limits, monkeypatch):
    """The lock's timing and unlock, with 3 failures instead of 10 (each costs a scrypt check)."""
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_FAILURES", 3)


def _fail(client, username, times=1):
    for _ in range(times):
        response = client.post("/login", data={"username": username, "password": "wrong-guess-00"})
    return response


def _audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_unknown_username_costs_one_password_check_like_a_wrong_password(
    client, make_user, monkeypatch
):
    checks = []
    real_check = signin.check_password_hash

    def counting_check(pwhash, password):
        checks.append(pwhash.split("$")[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(signin, "check_password_hash", counting_check)
    monkeypatch.setattr("core.models.check_password_hash", counting_check)
    user = make_user()
    _fail(client, user.username)
    _fail(client, "nobody-has-this-name")
    assert len(checks) == 2
    assert checks[0] == checks[1]  # the same algorithm (scrypt) and cost both times


def test_failed_sign_ins_are_recorded_with_the_reason(client, make_user):
    user = make_user()
    _fail(client, user.username)
    _fail(client, "ghost.user")
    reasons = {(e.target_label, e.after["reason"]) for e in _audit("login.failed")}
    assert (user.username, "wrong password") in reasons
    assert ("ghost.user", "unknown user") in reasons
    assert all(e.ip == "127.0.0.1" for e in _audit("login.failed"))


def test_successful_sign_in_is_recorded(login, make_user):
    user = make_user()
    # Tests on committed data (the concurrency suites) leave their sign-ins in the append-only log.
    earlier = {event.id for event in _audit("login.succeeded")}
    login(user)
    [event] = [event for event in _audit("login.succeeded") if event.id not in earlier]
    assert event.actor_id == user.id and event.target_id == str(user.id)


def test_ten_failures_lock_the_account_even_for_the_right_password(
    client, make_user, generous_rate_limits
):
    user = make_user()
    clock.set_now(clock.now_utc())
    page = _fail(client, user.username, times=10).get_data(as_text=True)
    assert "已被锁定" in page and "30 分钟" in page
    response = client.post("/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "已被锁定" in response.get_data(as_text=True)
    assert len(_audit("login.locked")) == 1


def test_the_lock_ends_by_itself_after_30_minutes(client, make_user, lockout_after_three):
    user = make_user()
    start = clock.now_utc()
    clock.set_now(start)
    _fail(client, user.username, times=3)
    assert (
        client.post(
            "/login", data={"username": user.username, "password": DEFAULT_PASSWORD}
        ).status_code
        == 400
    )
    clock.set_now(start + timedelta(minutes=31))
    response = client.post("/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_failures_spread_over_more_than_15_minutes_do_not_lock(
    client, make_user, lockout_after_three
):
    user = make_user()
    start = clock.now_utc()
    clock.set_now(start)
    _fail(client, user.username, times=2)
    clock.set_now(start + timedelta(minutes=16))
    _fail(client, user.username, times=2)
    response = client.post("/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_admin_unlocks_a_locked_account_from_the_user_page(
    app, client, make_user, login, lockout_after_three
):
    locked_user = make_user()
    _fail(client, locked_user.username, times=3)
    admin = make_user(roles={"admin"})
    login(admin)
    page = client.get(f"/admin/users/{locked_user.id}").get_data(as_text=True)
    assert "立即解锁" in page
    assert "已锁定" in client.get("/admin/users").get_data(as_text=True)
    response = client.post(f"/admin/users/{locked_user.id}/unlock")
    assert response.status_code == 302
    assert [e.target_id for e in _audit("user.unlocked")] == [str(locked_user.id)]
    other = app.test_client()
    response = other.post(
        "/login", data={"username": locked_user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_sixth_failure_in_a_minute_on_one_account_is_throttled_in_chinese(client, make_user):
    user = make_user()
    assert _fail(client, user.username, times=5).status_code == 400
    response = _fail(client, user.username)
    assert response.status_code == 429
    assert "此账户登录失败次数过多" in response.get_data(as_text=True)


def test_many_failures_from_one_address_are_throttled(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "3 per minute")
    for number in range(3):
        assert _fail(client, f"guess{number}").status_code == 400
    response = _fail(client, "guess-more")
    assert response.status_code == 429
    assert "来自此网络的登录失败次数过多" in response.get_data(as_text=True)


def test_successful_sign_ins_do_not_use_up_the_limits(app, make_user):
    user = make_user()
    for _ in range(8):
        client = app.test_client()
        response = client.post(
            "/login", data={"username": user.username, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302


def test_rate_limits_are_kept_in_redis_when_redis_url_is_set():
    script = "from config import Config; print(Config.RATELIMIT_STORAGE_URI)"
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert shown.stdout.strip() == "redis://127.0.0.1:6379/3"
    env.pop("REDIS_URL")
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert shown.stdout.strip() == "memory://"


@pytest.mark.parametrize("password", ["short-pass1", "elevenchars"])
def test_admin_cannot_create_a_user_with_a_password_under_12_characters(client, login_as, password):
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={"username": "new.user", "password": password, "roles": ["trainee"]},
    )
    assert response.status_code == 400
    assert "密码至少需要 12 个字符" in response.get_data(as_text=True)


def test_own_password_change_needs_12_characters(client, login_as):
    login_as("trainee")
    response = client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": "elevenchars",
            "confirm": "elevenchars",
        },
    )
    assert response.status_code == 400
    assert "密码至少需要 12 个字符" in response.get_data(as_text=True)


def test_shell_refuses_a_password_under_12_characters(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--username", "short.pw", "--role", "trainee"],
        input="elevenchars\n",
    )
    assert result.exit_code == 1
    assert "12" in result.output
