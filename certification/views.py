"""The holder's routes: checklists and own certificates."""

from flask import Blueprint, render_template
from flask_login import current_user

from certification import codes, overview, services
from certification.status import EXPIRED, REVOKED, SUPERSEDED, VALID
from core.permissions import require_permission

bp = Blueprint("certification", __name__, url_prefix="/certificates")


@bp.app_template_global("certification_overview")
def certification_overview():
    """The home panel's data, computed only when the panel is shown."""
    return overview.my_paths(current_user.id)


@bp.app_template_filter("certificate_code")
def certificate_code(code: str) -> str:
    return codes.printed(code)


@bp.context_processor
def status_names():
    return {"VALID": VALID, "EXPIRED": EXPIRED, "REVOKED": REVOKED, "SUPERSEDED": SUPERSEDED}


@bp.get("/")
@require_permission("certificate.view_own")
def mine():
    return render_template(
        "certification/mine.html",
        cards=overview.my_paths(current_user.id),
        certificates=services.certificates_of(current_user.id),
        status_of=overview.status,
    )
