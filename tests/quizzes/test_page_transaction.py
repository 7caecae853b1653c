"""The take page ends its read-only transaction with COMMIT, so PostgreSQL plans it once.

psycopg forgets its prepared statements on every ROLLBACK; a page whose transaction the
teardown rolls back is planned anew on every request (core.database.end_reading, issue 14).
These run on committed rows (no outer test transaction) so the page's own COMMIT is real.
"""

import pytest
from sqlalchemy import event, text

from core.database import end_reading
from core.extensions import db
from core.models import User
from tests.quizzes.quiz_factories import signed_in_client

pytestmark = pytest.mark.no_db_isolation

PAGE_STATEMENT = "%quiz_attempt_items.response%claimed_roles%"


def _opened_attempt(app, committed) -> tuple:
    client = signed_in_client(app, committed["user"])
    started = client.post(f"/api/v1/quizzes/{committed['quiz']}/attempts")
    assert started.status_code == 201
    return client, f"/quizzes/attempts/{started.get_json()['attempt_id']}"


def test_the_page_commits_its_reading_instead_of_rolling_it_back(app, committed):
    client, page = _opened_attempt(app, committed)
    ended: list[str] = []
    with app.app_context():
        engine = db.engine
    listeners = {"commit": lambda _c: ended.append("commit")}
    listeners["rollback"] = lambda _c: ended.append("rollback")
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    try:
        response = client.get(page)
    finally:
        for name, listener in listeners.items():
            event.remove(engine, name, listener)
    assert response.status_code == 200
    assert ended == ["commit"]


def test_postgresql_keeps_the_page_statement_prepared(app, committed):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are PostgreSQL's")
    with app.app_context():
        # One pooled connection from here on (earlier tests may leave several, handed out in
        # turn), so the page runs often enough on it to be prepared.
        db.engine.dispose()
    client, page = _opened_attempt(app, committed)
    for _request in range(7):  # psycopg prepares a statement on its fifth run on a connection
        assert client.get(page).status_code == 200
    with app.app_context():
        # The test client's requests run one at a time: the pool hands back the same connection.
        prepared = db.session.execute(
            text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :pattern"),
            {"pattern": PAGE_STATEMENT},
        ).scalar()
    assert prepared == 1


def test_end_reading_refuses_a_transaction_with_pending_writes(app, committed):
    with app.app_context():
        user = db.session.get(User, committed["user"])
        user.display_name = "never stored"
        with pytest.raises(RuntimeError, match="pending writes"):
            end_reading()
        db.session.rollback()
        assert db.session.get(User, committed["user"]).display_name != "never stored"
