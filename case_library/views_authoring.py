"""Routes for trainers writing cases: the editor, previews, the personal-data check."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from case_library import gate, review, services
from case_library.forms import ApproveForm, CaseForm, ReturnForm
from case_library.labels import module_titles
from case_library.models import Case, CaseReview, CaseVersion
from case_library.services import CaseInput, case_or_404
from case_library.views import bp, render_case
from core.actions import on_domain_error
from core.extensions import db
from core.i18n import translated
from core.messages import listing
from core.permissions import has_permission, require_permission


def render_editor(form: CaseForm, case: Case | None = None) -> str:
    return render_template("case_library/edit.html", form=form, case=case)


@bp.get("/author")
@require_permission("case.author")
def author_list():
    cases = db.session.scalars(select(Case).order_by(Case.updated_at.desc())).all()
    return render_template("case_library/author_list.html", cases=cases)


@bp.route("/author/new", methods=["GET", "POST"])
@require_permission("case.author")
def new_case():
    form = CaseForm.for_new_case(module_titles())
    if form.validate_on_submit():
        on_domain_error(lambda: render_editor(form), field=form.slug)
        case = services.create_case(form.case_input(), current_user)
        db.session.commit()
        flash(_("The case was saved as a draft."), "success")
        return redirect(url_for("case_library.author_case", case_id=case.id))
    return render_editor(form), 422 if form.is_submitted() else 200


@bp.route("/author/<int:case_id>/edit", methods=["GET", "POST"])
@require_permission("case.author")
def edit_case(case_id: int):
    case = case_or_404(case_id)
    if request.method == "GET" and case.status == "in_review":
        flash(_("The case is under review; ask the reviewer to return it before editing."), "error")
        return redirect(url_for("case_library.author_case", case_id=case.id))
    form = CaseForm.for_case(CaseInput.from_version(case.current_version), module_titles())
    if form.validate_on_submit():
        on_domain_error(lambda: render_editor(form, case))
        version = services.update_case(case, form.case_input(), current_user)
        db.session.commit()
        if version is None:
            flash(_("Nothing changed; no new version was made."), "success")
        else:
            flash(_("Saved as version %(n)d (draft).", n=version.number), "success")
        return redirect(url_for("case_library.author_case", case_id=case.id))
    return render_editor(form, case), 422 if form.is_submitted() else 200


def render_author_case(case: Case, approve_form=None, return_form=None) -> str:
    """The trainer's page of a case: next step, review forms, versions and review history."""
    reviews = db.session.scalars(
        select(CaseReview).where(CaseReview.case_id == case.id).order_by(CaseReview.id.desc())
    ).all()
    findings = gate.gate_findings(case.current_version)
    return render_template(
        "case_library/author_case.html",
        case=case,
        reviews=reviews,
        finding_count=sum(len(f) for f in findings.values()),
        can_review=has_permission(current_user, "case.review"),
        reviewers_excluded=review.excluded_reviewers(case),
        pending_settings=services.pending_settings(case),
        approve_form=approve_form or ApproveForm(formdata=None),
        return_form=return_form or ReturnForm(formdata=None),
    )


@bp.get("/author/<int:case_id>")
@require_permission("case.author")
def author_case(case_id: int):
    return render_author_case(case_or_404(case_id))


@bp.get("/author/<int:case_id>/versions/<int:number>")
@require_permission("case.author")
def version_view(case_id: int, number: int):
    case = case_or_404(case_id)
    version = db.session.scalar(
        select(CaseVersion).where(CaseVersion.case_id == case.id, CaseVersion.number == number)
    )
    if version is None:
        abort(404)
    return render_case(case, version, preview=True)


@bp.get("/author/<int:case_id>/check")
@require_permission("case.author")
def check(case_id: int):
    case = case_or_404(case_id)
    version = case.current_version
    report = gate.version_report(version, gate.gate_findings(version))
    return render_template("case_library/check.html", case=case, version=version, report=report)


@bp.post("/author/<int:case_id>/pseudonymize")
@require_permission("case.author")
def pseudonymize(case_id: int):
    case = case_or_404(case_id)
    on_domain_error(lambda: redirect(url_for("case_library.check", case_id=case.id)))
    version, mapping, redacted = services.pseudonymize_case(case, current_user)
    db.session.commit()
    message = _(
        "Replaced %(n)d items consistently; saved as version %(v)d.",
        n=len(mapping),
        v=version.number,
    )
    if redacted:
        message += " " + redacted_message(redacted)
    flash(message, "success")
    return redirect(url_for("case_library.check", case_id=case.id))


def redacted_message(redacted: list[CaseVersion]) -> str:
    numbers = listing(v.number for v in sorted(redacted, key=lambda v: v.number))
    return _("Earlier versions %(numbers)s were redacted in place.", numbers=translated(numbers))
