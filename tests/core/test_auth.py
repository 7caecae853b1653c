"""Signing in and out, remember me, own password."""

import pytest

from core.extensions import db
from core.models import MIN_PASSWORD_LENGTH, User


def test_trainee_signs_in_and_sees_my_learning(client, make_user):
    user = make_user(roles={"trainee"})
    response = client.post(
        "/login", data={"username": user.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "我的学习" in page
    assert user.display_name in page


def test_username_is_case_insensitive(client, make_user):
    make_user(username="WangXM")
    response = client.post("/login", data={"username": "wangxm", "password": "correct-horse-1"})
    assert response.status_code == 302


def test_wrong_password_is_refused_with_a_clear_message(client, make_user):
    user = make_user()
    response = client.post("/login", data={"username": user.username, "password": "nope"})
    assert response.status_code == 400
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_empty_login_form_answers_with_field_errors(client):
    response = client.post("/login", data={})
    assert response.status_code == 400
    assert "error" in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = client.post(
        "/login", data={"username": user.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 400
    assert "已停用" in response.get_data(as_text=True)


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    user = make_user()
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"username": user.username, "password": "correct-horse-1"},
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post(
        "/login?next=//evil.example/x",
        data={"username": user.username, "password": "correct-horse-1"},
    )
    assert response.headers["Location"] == "/"


def test_logout_ends_the_session(login_as, client):
    login_as("trainee")
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_logout_is_post_only(login_as, client):
    login_as("trainee")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    user = make_user()
    client.post(
        "/login", data={"username": user.username, "password": "correct-horse-1", "remember": "y"}
    )
    assert client.get_cookie("remember_token") is not None


def test_change_password_requires_the_current_one(login_as, client):
    login_as("trainee")
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "brand-new-pass",
            "confirm": "brand-new-pass",
        },
    )
    assert response.status_code == 400
    assert "当前密码不正确" in response.get_data(as_text=True)


def test_change_password_rejects_mismatch_and_short(login_as, client):
    login_as("trainee")
    response = client.post(
        "/account/password",
        data={"current_password": "correct-horse-1", "new_password": "short", "confirm": "other"},
    )
    assert response.status_code == 400


def test_changed_password_works_and_signs_out_other_devices(app, login_as, client):
    user = login_as("trainee")
    other_device = app.test_client()
    other_device.post("/login", data={"username": user.username, "password": "correct-horse-1"})
    assert other_device.get("/").status_code == 200

    response = client.post(
        "/account/password",
        data={
            "current_password": "correct-horse-1",
            "new_password": "brand-new-pass",
            "confirm": "brand-new-pass",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this device stays signed in
    assert other_device.get("/").status_code == 302  # the other one is signed out
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("brand-new-pass")


def test_no_path_can_store_a_password_shorter_than_the_minimum():
    user = User(username="short.pw")
    with pytest.raises(ValueError):
        user.set_password("x" * (MIN_PASSWORD_LENGTH - 1))
    user.set_password("x" * MIN_PASSWORD_LENGTH)
    assert user.check_password("x" * MIN_PASSWORD_LENGTH)
