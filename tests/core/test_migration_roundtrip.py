"""Every migration branch steps down one revision and back up on a database full of demo data,
on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from core.extensions import db, migrate
from tests.database import scratch_database

pytestmark = pytest.mark.no_db_isolation

TABLES = ("users", "quizzes", "quiz_attempts", "cases", "assessment_cohorts", "course_modules")


def _counts(tables) -> dict[str, int]:
    return {t: db.session.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in tables}


def test_each_branch_head_downgrades_one_step_and_upgrades_again_with_data(
    tmp_path, cheap_password_hashes
):
    with scratch_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="heads")
            result = app.test_cli_runner().invoke(args=["demo", "load"])
            assert result.exit_code == 0, result.output
            before = _counts(TABLES)
            assert all(before.values()), before
            heads = ScriptDirectory.from_config(migrate.get_config()).get_heads()
            assert len(heads) >= 5  # core and the four areas
            db.session.remove()
            # A step that creates a table drops it (and its rows) on the way down: compare the
            # tables every step kept.
            kept = set(TABLES)
            for head in sorted(heads):
                downgrade(revision=f"{head}@-1")
                kept &= set(inspect(db.engine).get_table_names())
                upgrade(revision="heads")
            assert {"users", "cases", "assessment_cohorts"} <= kept
            assert _counts(kept) == {t: before[t] for t in kept}
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                assert compare_metadata(context, db.metadata) == []
                assert "audit_log" in inspect(connection).get_table_names()
            db.session.remove()
            db.engine.dispose()
