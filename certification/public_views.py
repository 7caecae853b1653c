"""Public routes, no sign-in: the verification page, the issuer's profile, its key set (JWKS),
the revocation list and a form that checks a signed credential. Lookups are rate-limited."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from certification import credential, keys, overview, services
from certification.documents import public_url, verify_url
from certification.models import Certificate, CertificationPath
from core.clock import now_utc
from core.extensions import db, limiter
from core.permissions import public

bp = Blueprint("certification_public", __name__)

_limit = limiter.limit(
    lambda: current_app.config["CERTIFICATION_VERIFY_LIMIT"],
    error_message=_l("Too many lookups from this network. Please wait a minute and try again."),
)


@bp.get("/verify/<code>")
@public
@_limit
def verify(code: str):
    certificate = services.by_code(code)  # unknown or malformed: the 404 page
    return render_template(
        "certification/verify.html",
        certificate=certificate,
        status=overview.status(certificate),
    )


@bp.route("/verify/credential", methods=["GET", "POST"])
@public
@_limit
def verify_credential():
    result = error = None
    token = request.form.get("credential", "") if request.method == "POST" else ""
    if token:
        try:
            result = credential.verify(token, keys.jwks(current_app.config), now_utc())
        except credential.CredentialInvalid as invalid:
            error = _(invalid.message_id, **invalid.params)
    return render_template(
        "certification/verify_credential.html", result=result, error=error, token=token
    )


@bp.get("/.well-known/jwks.json")
@public
def jwks():
    return keys.jwks(current_app.config)


@bp.get("/certification/issuer")
@public
def issuer():
    return {
        "@context": credential.OB_CONTEXT,
        "id": public_url("certification_public.issuer"),
        "type": ["Profile"],
        "name": services.issuer_name(),
        "url": public_url("home.index"),
        "verificationMethod": public_url("certification_public.jwks"),
    }


@bp.get("/certification/achievements/<slug>")
@public
def achievement(slug: str):
    path = db.session.scalar(db.select(CertificationPath).where(CertificationPath.slug == slug))
    if path is None:
        return {"error": "not found"}, 404
    return {
        "@context": credential.OB_CONTEXT,
        "id": public_url("certification_public.achievement", slug=slug),
        "type": ["Achievement"],
        "name": path.current.title,
        "description": path.current.description or path.current.title,
    }


@bp.get("/certification/revocations.json")
@public
def revocations():
    """1EdTech Revocation List: the ids of revoked credentials (never the reasons)."""
    revoked = db.session.scalars(
        db.select(Certificate).where(Certificate.revoked_at.is_not(None)).order_by(Certificate.id)
    )
    return {
        "id": public_url("certification_public.revocations"),
        "revokedCredentials": [{"id": verify_url(c), "revoked": True} for c in revoked],
    }
