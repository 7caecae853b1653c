"""`flask demo load` in production (issue 11, item 10): refused unless forced, and a forced load
leaves no account with the published demo password."""

import pytest
from sqlalchemy import func, select

from core.demo import DEMO_PASSWORD
from core.extensions import db
from core.models import User
from tests.factories import make_user


def _area_demo_loader():
    make_user(username="area.demo.user", password=DEMO_PASSWORD)
    return "1 demo trainee"


@pytest.fixture
def production(body_app, monkeypatch, cheap_password_hashes):
    # Shell commands run in the app context the test body already has (body_app).
    monkeypatch.setitem(body_app.config, "APP_ENV", "production")
    # The areas' real loaders take a while; one stand-in creates a demo user the same way.
    monkeypatch.setitem(body_app.extensions, "demo_loaders", [(50, "area", _area_demo_loader)])
    return body_app


def test_demo_load_is_refused_in_production(production):
    users_before = db.session.scalar(select(func.count(User.id)))
    result = production.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "production" in result.output and "--force" in result.output
    assert db.session.scalar(select(func.count(User.id))) == users_before


def test_forced_demo_load_in_production_leaves_no_demo_password(production):
    result = production.test_cli_runner().invoke(args=["demo", "load", "--force"])
    assert result.exit_code == 0, result.output
    names = ["trainee", "trainer", "manager", "admin", "area.demo.user"]
    users = db.session.scalars(select(User).where(User.username.in_(names))).all()
    assert len(users) == 5
    assert not any(user.check_password(DEMO_PASSWORD) for user in users)
    shown = dict(line.strip().split("\t") for line in result.output.splitlines() if "\t" in line)
    assert set(shown) == set(names)
    admin = next(user for user in users if user.username == "admin")
    assert admin.check_password(shown["admin"]) and len(shown["admin"]) >= 12


def test_demo_load_outside_production_keeps_the_documented_password(body_app, monkeypatch):
    monkeypatch.setitem(body_app.extensions, "demo_loaders", [])
    result = body_app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    trainee = db.session.scalar(select(User).where(User.username == "trainee"))
    assert trainee.check_password(DEMO_PASSWORD)
