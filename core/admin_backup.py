"""Blueprint "admin_backup": an administrator downloads a backup of the database."""

from flask import Blueprint, Response, current_app, render_template

from core import audit, backup
from core.clock import now_utc
from core.extensions import db
from core.permissions import require_permission

bp = Blueprint("admin_backup", __name__, url_prefix="/admin/backup")


@bp.get("")
@require_permission("backup.run")
def backup_page():
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    return render_template("admin/backup.html", kind=backup.kind(url))


@bp.post("/download")
@require_permission("backup.run")
def backup_download():
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    name = f"postloan-{now_utc():%Y%m%d-%H%M%S}{backup.file_suffix(url)}"
    audit.record("backup.downloaded", target=audit.Target("database", None, name))
    db.session.commit()  # recorded before the copy is taken, so the backup contains it
    # The download streams: pg_dump's output (or the SQLite snapshot) goes out in chunks.
    return Response(
        backup.stream_backup(url),
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
