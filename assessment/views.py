"""Routes of the assessment area."""

from flask import Blueprint, render_template

from core.permissions import require_permission

bp = Blueprint("assessment", __name__, url_prefix="/cohorts")


@bp.get("/")
@require_permission("scoreboard.view")
def cohort_list():
    return render_template("assessment/cohorts.html", cohorts=[])
