"""Routes of the evidence dossier: managers and HR download it from the decision log."""

from flask import Response, abort
from flask_babel import gettext
from flask_login import current_user

from assessment.access import is_manager
from assessment.lawful import dossier as dossiers
from assessment.lawful import dossier_files
from assessment.lawful.models import DecisionOutcome
from assessment.models import Decision
from assessment.views import bp
from core import audit
from core.extensions import db
from core.permissions import require_permission


def _dossier_or_404(outcome_id: int) -> dossiers.Dossier:
    outcome = db.session.get(DecisionOutcome, outcome_id)
    decision = db.session.get(Decision, outcome.decision_id) if outcome else None
    if decision is None or outcome.trainee_id is None:
        abort(404)
    if not is_manager(decision.cohort_id, current_user.id):
        abort(404)
    return dossiers.build(outcome)


def _send(dossier: dossiers.Dossier, body: bytes, kind: str, mime: str) -> Response:
    audit.record(
        "dossier.downloaded",
        target=audit.Target("user", dossier.trainee.id, dossier.trainee.username),
        after={"decision_id": dossier.decision.id, "format": kind},
    )
    db.session.commit()
    response = Response(body, mimetype=mime)
    name = f"{dossier_files.file_stem(dossier)}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/outcomes/<int:outcome_id>/dossier.pdf")
@require_permission("results.export")
def dossier_pdf(outcome_id: int):
    dossier = _dossier_or_404(outcome_id)
    disclaimer = gettext(
        "The platform records and guides the process; it does not give legal advice. "
        "Check each decision with your HR and legal department."
    )
    body = dossier_files.to_pdf(dossier, gettext, disclaimer)
    return _send(dossier, body, "pdf", "application/pdf")


@bp.get("/outcomes/<int:outcome_id>/dossier.zip")
@require_permission("results.export")
def dossier_zip(outcome_id: int):
    dossier = _dossier_or_404(outcome_id)
    return _send(dossier, dossier_files.to_zip(dossier, gettext), "zip", "application/zip")
