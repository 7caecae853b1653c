"""Engine set-up: SQLite gets WAL, foreign keys, real SAVEPOINT support, and writers that say so.

On SQLite a transaction that starts reading and later writes fails at once with "database is
locked" when another connection committed in between (its snapshot is stale and cannot be
upgraded; busy_timeout does not help). So a request that writes starts its transaction as a
writer (`BEGIN IMMEDIATE`): it waits its turn up to busy_timeout instead of failing. Requests
with an unsafe method (POST, PUT, PATCH, DELETE) write; a GET that must write calls
`begin_as_writer()` first. Reads stay `BEGIN` (deferred), so readers never queue behind writers.

Only the request's first transaction begins as a writer: views commit once, and what they read
after the commit (to render the answer) must not hold the write lock. A handler that ends a
transaction and then writes again (a quizzes page that finds an overdue attempt ends its
read-only start, then locks and writes on fresh rows) calls `begin_as_writer()` to end it: a later transaction begun plainly would read
first and then fail to upgrade ("database is locked") when another writer committed meanwhile.
PostgreSQL needs none of this: its writers wait for row locks.

A view that reads a while before it writes (the autosave: session, user, CSRF, payload) can say
so with `@writes_late` and call `start_writing()` where its writing begins: on SQLite the
request then reads in a deferred transaction and holds the write lock only from there to the
commit, so other workers' writers wait less. Requests signed in by a bearer token still begin
as writers (the token's use is noted with the request's own write, see core.tokens).
"""

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from core import writer_queue
from core.extensions import db

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SQLITE_BUSY_TIMEOUT_MS = 30000


def request_writes() -> bool:
    """Whether the current request is expected to write (from its start, or from now on)."""
    if not has_request_context():
        return False
    if g.get("begin_as_writer", False):
        return True
    return request.method not in SAFE_METHODS and not _writes_late()


def writes_late(view):
    """Mark a view that reads first and calls start_writing() before it writes."""
    view.writes_late = True
    return view


def _writes_late() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "writes_late", False):
        return False
    from core.tokens import bearer_token  # core.tokens imports this module

    return bearer_token() is None


def start_writing() -> None:
    """In a @writes_late view: the writing begins here.

    On SQLite the read transaction ends and the next one begins as a writer. What the request
    loaded so far (the signed-in user) is kept as read, not expired: reloading it would take
    the write lock for a read. Elsewhere, and when the request already writes, nothing to do.
    """
    if g.get("began_as_writer") or db.session.get_bind().dialect.name != "sqlite":
        return
    session = db.session()
    g.begin_as_writer = True
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit


def begin_as_writer() -> None:
    """End the current transaction; the next one begins as a writer (for a GET that writes, or
    a handler that read and now locks and writes on fresh rows)."""
    g.begin_as_writer = True
    g.pop("began_as_writer", None)
    db.session.commit()


def end_reading() -> None:
    """End a transaction that only read, with COMMIT rather than the teardown's ROLLBACK.

    psycopg forgets its prepared statements on every ROLLBACK, so a page whose transaction
    always ends in one is planned by PostgreSQL anew on every request (the take page's joined
    statement: 0.46 ms of planning for 0.11 ms of execution, bench/RESULTS.md, issue 14).
    Ended with COMMIT, the same round trip, psycopg prepares the statement from its fifth run on
    a connection. Only for a view whose statements so far only read: whatever the session holds
    unflushed is a mistake here, not something to commit.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("end_reading() in a transaction with pending writes")
    session.commit()


def _begin_immediately() -> bool:
    if not request_writes() or g.get("began_as_writer"):
        return False
    g.began_as_writer = True
    return True


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record):
    if type(dbapi_connection).__module__.split(".")[0] not in ("sqlite3", "pysqlite2"):
        return
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN itself below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    if _begin_immediately():
        writer_queue.enter(connection.engine.url.database)  # see core/writer_queue.py
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


# The writer's turn ends with its transaction (these fire after the COMMIT or ROLLBACK); a
# connection going back to the pool ends it in any case.
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _writer_done(_session):
    writer_queue.leave()


@event.listens_for(Pool, "checkin")
def _connection_returned(_dbapi_connection, _record):
    writer_queue.leave()
