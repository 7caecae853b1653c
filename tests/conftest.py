"""Shared fixtures: app built from the migrations, per-test rollback, clients and users per role."""

import functools
import os

os.environ["APP_ENV"] = "testing"

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from werkzeug.security import generate_password_hash

from app import create_app
from core import clock
from core.extensions import db, limiter
from core.permissions import ROLES
from tests import factories
from tests.database import scratch_database
from tools.i18n import compile_all

PASSWORD = factories.DEFAULT_PASSWORD


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with scratch_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url):
    compile_all()  # .mo files are build products; tests see the current .po
    application = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with application.app_context():
        upgrade(revision="heads")  # the schema comes from migrations, never create_all
        db.engine.dispose()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def body_app(app, database_url):
    """A twin of app whose context the test body runs in.

    The test client reuses an app context already pushed for the same app object, which would
    share flask.g (and so the signed-in user) between every client of a test. Running the test
    body in a twin's context gives each request its own context, as in production.
    """
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def pytest_collection_modifyitems(items):
    # A pure test checks rules over plain values; it must not reach for the app or a database.
    for item in items:
        if item.get_closest_marker("pure"):
            used = {"app", "body_app", "client", "database_url"} & set(item.fixturenames)
            if used:
                raise pytest.UsageError(f"{item.nodeid} is marked pure but uses {sorted(used)}")


@pytest.fixture(autouse=True)
def db_session(request):
    """Each test runs inside one outer transaction that is rolled back at the end.

    Pure tests (marked "pure") get no app and no database: they start in milliseconds.
    """
    if "no_db_isolation" in request.keywords:
        request.getfixturevalue("app")  # the test opens its own connections to the migrated db
        yield None
        return
    if request.node.get_closest_marker("pure"):
        yield None
        return
    body_app = request.getfixturevalue("body_app")
    with body_app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def frozen_clock_reset():
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def rate_limits_reset(request):
    """Sign-in rate limits count per test, not across the whole run (one IP: 127.0.0.1)."""
    yield
    if not request.node.get_closest_marker("pure"):
        limiter.reset()


@pytest.fixture
def cheap_password_hashes(monkeypatch):
    """For tests that load the demo (about 60 accounts) and are not about passwords: a cheap
    hash method instead of scrypt saves most of their run time."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr("core.models.generate_password_hash", cheap)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(db_session):
    return factories.make_user


@pytest.fixture
def login(client):
    """Sign a user in through the real login form; returns the client."""

    def _login(user, password=PASSWORD, remember=False):
        data = {"username": user.username, "password": password}
        if remember:  # a checkbox left unticked is not sent at all
            data["remember"] = "y"
        response = client.post("/login", data=data)
        assert response.status_code == 302, response.data[:500]
        return client

    return _login


@pytest.fixture
def login_as(make_user, login):
    """login_as("trainer") creates a user holding that role (or roles) and signs them in."""

    def _login_as(*roles):
        user = make_user(roles=set(roles))
        login(user)
        return user

    return _login_as


@pytest.fixture
def superuser(app, client, cheap_password_hashes):
    """The demo loaded, and the client signed in as a user holding every role (the crawls)."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    user = factories.make_user(roles=set(ROLES))
    response = client.post(
        "/login", data={"username": user.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 302
    return user
