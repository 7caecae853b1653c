"""Routes of the courses area."""

from flask import Blueprint, render_template

from core.permissions import require_permission

bp = Blueprint("courses", __name__, url_prefix="/courses")


@bp.get("/")
@require_permission("course.read")
def catalogue():
    return render_template("courses/catalogue.html", modules=[])
