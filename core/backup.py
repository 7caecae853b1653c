"""Backups of the whole database, and restoring one.

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while
  the site keeps serving (WAL readers do not block writers). Restore copies the backup back the
  same way, into the live file.
- PostgreSQL: `pg_dump -Fc` (custom format, compressed) and `pg_restore --clean --if-exists
  --single-transaction`. The client tools must match the server's major version (15 here).

The password of a PostgreSQL URL goes to the tools through PGPASSWORD, never the command line.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore with argument lists, never a shell
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from core.domain import N_, DomainError

CHUNK = 256 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(DomainError):
    status_code = 400


def kind(database_url: str) -> str:
    backend = make_url(database_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(N_("Backups support SQLite and PostgreSQL, not %(kind)s."), kind=backend)
    return backend


def file_suffix(database_url: str) -> str:
    return ".sqlite3" if kind(database_url) == "sqlite" else ".dump"


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError(N_("An in-memory database cannot be backed up."))
    return Path(database)


def _pg_tool(name: str, database_url: str) -> tuple[list[str], dict]:
    """The tool's path, connection arguments without the password, and the env carrying it."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(
            N_("%(tool)s is not installed (apt-get install postgresql-client)."), tool=name
        )
    url = make_url(database_url)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return [tool, "--dbname", plain.render_as_string(hide_password=False)], env


def create_backup(database_url: str, destination: Path) -> Path:
    """Write a backup of the database to destination (overwritten); returns the path."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if kind(database_url) == "sqlite":
        source = sqlite3.connect(f"file:{_sqlite_path(database_url)}?mode=ro", uri=True)
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return destination
    command, env = _pg_tool("pg_dump", database_url)
    result = subprocess.run(  # nosec B603: fixed tool and arguments, no shell
        [*command, "--format=custom", "--no-owner", "--no-privileges", "--file", str(destination)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(N_("pg_dump failed: %(error)s"), error=result.stderr.strip()[-500:])
    return destination


def stream_backup(database_url: str) -> Iterator[bytes]:
    """The backup as chunks of bytes, for a download that never holds it all in memory."""
    if kind(database_url) == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = create_backup(database_url, Path(folder) / "backup.sqlite3")
            with path.open("rb") as file:
                while chunk := file.read(CHUNK):
                    yield chunk
        return
    command, env = _pg_tool("pg_dump", database_url)
    process = subprocess.Popen(  # nosec B603: fixed tool and arguments, no shell
        [*command, "--format=custom", "--no-owner", "--no-privileges"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        while chunk := process.stdout.read(CHUNK):
            yield chunk
        if process.wait() != 0:
            raise BackupError(N_("pg_dump failed; the download is incomplete."))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def check_backup_file(database_url: str, source: Path) -> None:
    """Refuse a file that is not a backup of this kind of database."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(N_("No backup file at %(path)s."), path=str(source))
    magic = SQLITE_MAGIC if kind(database_url) == "sqlite" else PG_DUMP_MAGIC
    with source.open("rb") as file:
        if file.read(len(magic)) != magic:
            raise BackupError(
                N_("%(path)s is not a backup of this kind of database."), path=str(source)
            )


def restore_backup(database_url: str, source: Path) -> None:
    """Replace the database's whole content with the backup's."""
    check_backup_file(database_url, source)
    if kind(database_url) == "sqlite":
        backup = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(database_url), timeout=30)
        try:
            backup.backup(live)
        finally:
            live.close()
            backup.close()
        return
    command, env = _pg_tool("pg_restore", database_url)
    result = subprocess.run(  # nosec B603: fixed tool and arguments, no shell
        [
            *command,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(source),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(N_("pg_restore failed: %(error)s"), error=result.stderr.strip()[-500:])
