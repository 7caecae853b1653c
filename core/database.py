"""Engine set-up: SQLite gets WAL, foreign keys, real SAVEPOINT support, and writers that say so.

On SQLite a transaction that starts reading and later writes fails at once with "database is
locked" when another connection committed in between (its snapshot is stale and cannot be
upgraded; busy_timeout does not help). So a request that writes starts its transaction as a
writer (`BEGIN IMMEDIATE`): it waits its turn up to busy_timeout instead of failing. Requests
with an unsafe method (POST, PUT, PATCH, DELETE) write; a GET that must write calls
`begin_as_writer()` first. Reads stay `BEGIN` (deferred), so readers never queue behind writers.
PostgreSQL needs none of this: its writers wait for row locks.
"""

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.extensions import db

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SQLITE_BUSY_TIMEOUT_MS = 15000


def request_writes() -> bool:
    """Whether the current request is expected to write (and so begins as a writer)."""
    if not has_request_context():
        return False
    return request.method not in SAFE_METHODS or g.get("begin_as_writer", False)


def begin_as_writer() -> None:
    """For a GET that writes: end its read transaction; the next one begins as a writer."""
    g.begin_as_writer = True
    db.session.commit()


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
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request_writes() else "BEGIN")
