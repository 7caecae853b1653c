"""Routes of the case library."""

from flask import Blueprint, render_template

from core.permissions import require_permission

bp = Blueprint("case_library", __name__, url_prefix="/cases")


@bp.get("/")
@require_permission("case.read")
def library():
    return render_template("case_library/library.html", cases=[])
