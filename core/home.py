"""Blueprint "home": the per-role home page and the health check."""

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import text

from core.extensions import db
from core.permissions import login_required, permissions_for, public

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    # Areas add their own panels to the home page through this registry (see register_home_panel).
    granted = permissions_for(current_user.roles)
    panels = [
        panel
        for panel in current_app.extensions.get("home_panels", [])
        if panel["permission"] in granted
    ]
    return render_template("home/index.html", panels=panels, granted=granted)


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means the database is not usable
        current_app.logger.warning("health check: database unreachable: %s", error)
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


def register_home_panel(app, *, key: str, permission: str, template: str, order: int = 50) -> None:
    """Let an area show a panel on the home page to users holding permission."""
    panels = app.extensions.setdefault("home_panels", [])
    panels.append({"key": key, "permission": permission, "template": template, "order": order})
    panels.sort(key=lambda p: p["order"])
