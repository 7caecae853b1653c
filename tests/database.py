"""Scratch databases for test runs: a temp SQLite file, or a throwaway PostgreSQL database."""

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _normalized(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


@contextmanager
def scratch_database(tmp_dir: Path):
    """Yield a database URL that exists only for this run; dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "").strip()
    if not base or base.startswith("sqlite"):
        yield f"sqlite:///{tmp_dir / 'test.db'}"
        return
    url = make_url(_normalized(base))
    name = f"{url.database}_pytest_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
