"""The yardstick: a bare Flask app on the same database as the project, served the same way.

What it does per request is the least a real page or save can do on this stack:
- GET /page: one SELECT of 20 rows, rendered through a Jinja template;
- POST /save: one INSERT and a COMMIT.
The head-to-head benchmark divides the project's throughput by this app's, so a ratio near 1
means the project adds little over Flask + SQLAlchemy + the database itself.

Serve: gunicorn 'bench.reference_app:create_app()' with DATABASE_URL set.
"""

import os

from flask import Flask, render_template_string, request
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    select,
)

metadata = MetaData()
rows = Table(
    "bench_reference_row",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", Integer, nullable=False, index=True),
    Column("text", String(200), nullable=False),
)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>参考页</title></head>
<body><main><h1>参考页</h1><ol>
{% for row in rows %}<li id="r{{ row.id }}">{{ row.text }}</li>{% endfor %}
</ol></main></body></html>"""

SEED_ROWS = 2_000


def _engine(url: str):
    engine = create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


def prepare(url: str) -> None:
    """Create and fill the reference table once (called by the benchmark, not by the server)."""
    engine = _engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(rows),
            [{"owner": n % 200, "text": f"第{n}行 参考内容"} for n in range(SEED_ROWS)],
        )
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    engine = _engine(os.environ["DATABASE_URL"])

    @app.get("/page")
    def page():
        owner = request.args.get("owner", 0, type=int) % 200
        with engine.connect() as connection:
            found = connection.execute(
                select(rows.c.id, rows.c.text).where(rows.c.owner == owner).limit(20)
            ).all()
        return render_template_string(PAGE, rows=found)

    @app.post("/save")
    def save():
        payload = request.get_json(silent=True) or {}
        with engine.begin() as connection:
            connection.execute(
                insert(rows), {"owner": int(payload.get("owner", 0)), "text": "保存的答案"}
            )
        return {"saved": True}

    return app
