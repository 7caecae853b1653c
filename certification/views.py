"""The holder's routes: checklists and own certificates."""

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from certification import codes, documents, keys, overview, reports, services
from certification.models import Certificate
from certification.status import EXPIRED, REVOKED, SUPERSEDED, VALID
from core.errors import render_error
from core.permissions import require_permission

bp = Blueprint("certification", __name__, url_prefix="/certificates")


@bp.app_template_global("certification_overview")
def certification_overview():
    """The home panel's data, computed only when the panel is shown."""
    return overview.my_paths(current_user.id)


@bp.app_template_global("certification_expiring")
def certification_expiring():
    """The manager panel's notice: valid certificates expiring within 60 days."""
    return reports.expiring(reports.all_certificates())


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


def _own(code: str) -> Certificate:
    certificate = services.by_code(code)
    if certificate.user_id != current_user.id:
        abort(404)  # another holder's certificate: as if it did not exist
    return certificate


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<code>.pdf")
@require_permission("certificate.view_own")
def certificate_pdf(code: str):
    certificate = _own(code)
    return _download(documents.pdf_bytes(certificate), "application/pdf", f"certificate-{code}.pdf")


@bp.get("/<code>/credential.jwt")
@require_permission("certificate.view_own")
def credential(code: str):
    certificate = _own(code)
    try:
        token = documents.signed_credential(certificate)
    except keys.NoSigningKey:
        current_app.logger.error("certificate %s: no signing key configured", certificate.id)
        return render_error(
            503, _("Signed credentials are not set up yet. Please tell an administrator.")
        )
    return _download(token, "application/vc+jwt", f"credential-{code}.jwt")
