"""Shell commands: users create, demo load."""

from sqlalchemy import func, select

from core.demo import DEMO_ACCOUNTS
from core.extensions import db
from core.models import User


def test_users_create_reads_the_password_from_stdin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "cli.user",
            "--role",
            "trainer",
            "--role",
            "manager",
        ],
        input="a-strong-pass\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "cli.user"))
    assert user.roles == {"trainer", "manager"}
    assert user.check_password("a-strong-pass")


def test_users_create_refuses_a_short_password_and_writes_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--username", "cli.short", "--role", "trainee"], input="short\n"
    )
    assert result.exit_code != 0
    assert "至少" in result.output or "at least" in result.output
    assert db.session.scalar(select(User).where(User.username == "cli.short")) is None


def test_users_create_refuses_an_unknown_role(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--username", "cli.role", "--role", "boss"],
        input="a-strong-pass\n",
    )
    assert result.exit_code != 0
    assert "boss" in result.output


def test_demo_load_is_idempotent_and_keeps_changes(app, cheap_password_hashes):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    trainee = db.session.scalar(select(User).where(User.username == "trainee"))
    trainee.set_password("changed-by-user")
    db.session.commit()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    count = db.session.scalar(
        select(func.count(User.id)).where(User.username.in_([a[0] for a in DEMO_ACCOUNTS]))
    )
    assert count == len(DEMO_ACCOUNTS)
    db.session.expire_all()
    trainee = db.session.scalar(select(User).where(User.username == "trainee"))
    assert trainee.check_password("changed-by-user")
