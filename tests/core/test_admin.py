"""Admin manages accounts in the browser."""

from sqlalchemy import select

from core.extensions import db
from core.models import User


def test_admin_creates_a_user_who_can_then_sign_in(app, login_as, client):
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "liu.new",
            "display_name": "刘新",
            "password": "first-pass-9",
            "roles": ["trainee", "manager"],
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "liu.new"))
    assert user.roles == {"trainee", "manager"}
    other = app.test_client()
    assert (
        other.post("/login", data={"username": "liu.new", "password": "first-pass-9"}).status_code
        == 302
    )


def test_duplicate_username_is_refused_and_nothing_is_written(login_as, client, make_user):
    login_as("admin")
    make_user(username="taken")
    before = db.session.scalar(select(db.func.count(User.id)))
    response = client.post(
        "/admin/users/new",
        data={"username": "TAKEN", "password": "first-pass-9", "roles": ["trainee"]},
    )
    assert response.status_code == 400
    assert "已被占用" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(User.id))) == before


def test_user_without_roles_is_refused(login_as, client):
    login_as("admin")
    response = client.post(
        "/admin/users/new", data={"username": "noroles", "password": "first-pass-9"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.username == "noroles")) is None


def test_admin_changes_roles_and_deactivates(app, login_as, client, make_user):
    login_as("admin")
    target = make_user(roles={"trainee"})
    response = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "改名", "roles": ["trainer"], "active": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    target = db.session.get(User, target.id)
    assert target.roles == {"trainer"}
    assert not target.active
    other = app.test_client()
    response = other.post(
        "/login", data={"username": target.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 400


def test_deactivated_user_loses_an_open_session(app, login_as, client, make_user):
    login_as("admin")
    target = make_user(roles={"trainee"})
    trainee_browser = app.test_client()
    trainee_browser.post(
        "/login", data={"username": target.username, "password": "correct-horse-1"}
    )
    assert trainee_browser.get("/").status_code == 200
    client.post(f"/admin/users/{target.id}", data={"roles": ["trainee"], "active": ""})
    assert trainee_browser.get("/").status_code == 302


def test_admin_cannot_lock_themselves_out(login_as, client):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}", data={"roles": ["trainee"], "active": "y"})
    assert response.status_code == 400
    assert "不能移除自己的管理员角色" in response.get_data(as_text=True)
    db.session.expire_all()
    assert "admin" in db.session.get(User, admin.id).roles


def test_unknown_user_is_a_404(login_as, client):
    login_as("admin")
    assert client.get("/admin/users/424242").status_code == 404


def test_permission_table_page_lists_every_role(login_as, client):
    login_as("admin")
    page = client.get("/admin/permissions").get_data(as_text=True)
    for label in ("学员", "培训师", "管理者", "系统管理员"):
        assert label in page
    assert "quiz.author" in page
