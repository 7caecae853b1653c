"""Backup and restore on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL):
a backup restored into a scratch database has the same rows; admins download one from the browser."""

from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from app import create_app
from core.audit import AuditEvent
from core.extensions import db
from core.models import User
from tests.database import scratch_database
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.quizzes.quiz_factories import make_quiz

pytestmark = pytest.mark.no_db_isolation


@pytest.fixture
def databases(tmp_path):
    """A migrated source database with some rows, and an empty scratch database."""
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    with (
        scratch_database(tmp_path / "source") as source_url,
        scratch_database(tmp_path / "target") as target_url,
    ):
        source = create_app({"SQLALCHEMY_DATABASE_URI": source_url})
        with source.app_context():
            upgrade(revision="heads")
            admin = make_user(roles={"admin"}, username="backup.admin")
            for number in range(5):
                make_user(username=f"trainee{number:02d}", display_name=f"学员{number}")
            make_quiz(types=["single", "truefalse"], title="备份测验")
            db.session.commit()
            admin_name = admin.username
        target = create_app({"SQLALCHEMY_DATABASE_URI": target_url})
        yield source, target, admin_name
        for application in (source, target):
            with application.app_context():
                db.session.remove()
                db.engine.dispose()


def _snapshot(application) -> dict:
    with application.app_context():
        tables = sorted(inspect(db.engine).get_table_names())
        counts = {
            t: db.session.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in tables
        }
        users = db.session.execute(
            select(User.username, User.display_name, User.password_hash).order_by(User.username)
        ).all()
        audit = db.session.execute(
            select(AuditEvent.action, AuditEvent.target_label).order_by(AuditEvent.id)
        ).all()
        quizzes = db.session.execute(text("SELECT title FROM quizzes ORDER BY id")).all()
        db.session.remove()
    return {"counts": counts, "users": users, "audit": audit, "quizzes": quizzes}


def _cli(application, *args):
    result = application.test_cli_runner().invoke(args=list(args))
    with application.app_context():
        db.session.remove()
    return result


def test_a_backup_restored_into_a_scratch_database_has_the_same_rows(databases, tmp_path):
    source, target, _admin = databases
    file = tmp_path / "backup.bin"
    before = _snapshot(source)
    result = _cli(source, "backup", "create", "-o", str(file))
    assert result.exit_code == 0, result.output
    result = _cli(target, "backup", "restore", str(file), "--yes")
    assert result.exit_code == 0, result.output
    after = _snapshot(target)
    assert before["counts"]["users"] == 6
    assert after["users"] == before["users"] and after["quizzes"] == before["quizzes"]
    restored_counts = {t: n for t, n in after["counts"].items() if t in before["counts"]}
    restored_counts["audit_log"] -= 1  # the restore itself is recorded in the restored database
    assert restored_counts == {**before["counts"]}
    assert after["audit"][-1].action == "backup.restored"
    with target.app_context():  # the restored audit log is append-only too
        with pytest.raises(DBAPIError):
            db.session.execute(text("DELETE FROM audit_log"))
        db.session.rollback()


def test_restore_needs_confirmation_and_a_real_backup(databases, tmp_path):
    source, _target, _admin = databases
    file = tmp_path / "backup.bin"
    assert _cli(source, "backup", "create", "-o", str(file)).exit_code == 0
    refused = _cli(source, "backup", "restore", str(file))
    assert refused.exit_code == 1 and "--yes" in refused.output
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    refused = _cli(source, "backup", "restore", str(junk), "--yes")
    assert refused.exit_code == 1 and "不是此类数据库的备份文件" in refused.output


def test_restore_brings_back_the_state_of_the_backup(databases, tmp_path):
    source, _target, _admin = databases
    file = tmp_path / "backup.bin"
    assert _cli(source, "backup", "create", "-o", str(file)).exit_code == 0
    with source.app_context():
        make_user(username="added.after.backup")
        db.session.remove()
    assert _cli(source, "backup", "restore", str(file), "--yes").exit_code == 0
    with source.app_context():
        assert db.session.scalar(select(User).where(User.username == "added.after.backup")) is None
        db.session.remove()


def test_an_administrator_downloads_a_backup_and_it_is_audited(databases, tmp_path):
    source, target, admin = databases
    client = source.test_client()
    client.post("/login", data={"username": admin, "password": DEFAULT_PASSWORD})
    page = client.get("/admin/backup")
    assert page.status_code == 200 and "下载备份" in page.get_data(as_text=True)
    response = client.post("/admin/backup/download")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    content = response.get_data()
    assert content[:5] in (b"SQLit", b"PGDMP")
    with source.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "backup.downloaded")
        ).all()
        assert event.actor_label == admin
        db.session.remove()
    downloaded = Path(tmp_path / "downloaded.bin")
    downloaded.write_bytes(content)
    assert _cli(target, "backup", "restore", str(downloaded), "--yes").exit_code == 0
    assert _snapshot(target)["users"] == _snapshot(source)["users"]
