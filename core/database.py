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
"""

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.extensions import db

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SQLITE_BUSY_TIMEOUT_MS = 30000


def request_writes() -> bool:
    """Whether the current request is expected to write."""
    if not has_request_context():
        return False
    return request.method not in SAFE_METHODS or g.get("begin_as_writer", False)


def begin_as_writer() -> None:
    """End the current transaction; the next one begins as a writer (for a GET that writes, or
    a handler that read and now locks and writes on fresh rows)."""
    g.begin_as_writer = True
    g.pop("began_as_writer", None)
    db.session.commit()


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
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediately() else "BEGIN")
