"""SQLite's writers queue on a file lock, so a waiting writer starts the moment the lock frees.

SQLite lets one writer at a time in and makes the others retry: its busy handler sleeps 1, 2,
5, 10 ... ms between tries, so under load a worker often sleeps for milliseconds after the
write lock was already free, with its core idle (issue 14's autosave profile, bench/RESULTS.md).
A request's writing transaction (core.database, BEGIN IMMEDIATE) first takes an exclusive
flock on a file next to the database; the kernel hands it to the next waiter as soon as the
holder's transaction ends. SQLite's own locking still decides correctness: the flock only
orders the requests' writers (other writers, the CLI for one, simply do not queue), and the
kernel drops it when a process dies. One lock file descriptor per thread, so threads of one
process queue too. PostgreSQL's writers wait on row locks and need none of this.
"""

import fcntl
import os
import threading

_held = threading.local()


def _lock_path(database: str | None) -> str | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database + "-writers.lock"


def enter(database: str | None) -> None:
    """Wait for this database's writer lock (a no-op for in-memory databases or when held)."""
    path = _lock_path(database)
    if path is None or getattr(_held, "path", None):
        return
    descriptors = _held.__dict__.setdefault("descriptors", {})
    descriptor = descriptors.get(path)
    if descriptor is None:
        descriptor = descriptors[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    _held.path = path


def leave() -> None:
    """Let the next writer in (after the transaction's COMMIT or ROLLBACK)."""
    path = getattr(_held, "path", None)
    if path is None:
        return
    _held.path = None
    fcntl.flock(_held.descriptors[path], fcntl.LOCK_UN)


def holding() -> bool:
    return bool(getattr(_held, "path", None))
