"""Routes of the lawful-elimination pages (on the assessment blueprint): the labour settings of
a cohort (outcomes, hiring conditions, contract terms) and the trainee's acknowledgement."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessment.access import managed_or_404
from assessment.forms import with_ids
from assessment.lawful import forms, hiring_conditions, outcomes, terms
from assessment.lawful.models import HiringConditionVersion
from assessment.models import Cohort, Enrolment
from assessment.views import bp
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def _labour_page(cohort: Cohort, **given) -> str:
    version = hiring_conditions.current_version(cohort.id)
    rows = terms.cohort_terms(cohort)
    term_forms = {
        row.enrolment.id: with_ids(
            forms.ContractTermsForm(
                formdata=None,
                hire_date=row.enrolment.hire_date,
                contract_months=row.term.contract_months if row.term else None,
                open_ended=bool(row.term and row.term.contract_months is None),
                probation_months=row.term.probation_months if row.term else None,
            ),
            f"t{row.enrolment.id}",
        )
        for row in rows
    }
    term_forms.update(given.pop("term_forms", {}))
    conditions_form = given.pop("conditions_form", None) or forms.HiringConditionsForm(
        formdata=None,
        conditions=hiring_conditions.condition_lines_text(version, list(cohort.stages)),
    )
    return render_template(
        "assessment/lawful/labour.html",
        cohort=cohort,
        version=version,
        acknowledged=hiring_conditions.acknowledged_count(version) if version else 0,
        rows=rows,
        term_forms=term_forms,
        conditions_form=with_ids(conditions_form, "hc"),
        outcomes_form=with_ids(
            given.pop("outcomes_form", None)
            or forms.outcomes_form(outcomes.enabled_outcomes(cohort), submitted=False),
            "oc",
        ),
    )


@bp.get("/<int:cohort_id>/labour")
@require_permission("cohort.manage")
def labour(cohort_id: int):
    return _labour_page(managed_or_404(Cohort, cohort_id))


@bp.post("/<int:cohort_id>/labour/outcomes")
@require_permission("cohort.manage")
def labour_outcomes(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms.outcomes_form((), submitted=True)

    def page():
        return _labour_page(cohort, outcomes_form=form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page, field=form.outcomes)
    outcomes.set_outcomes(cohort, form.outcomes.data or [])
    db.session.commit()
    flash(_("The outcomes are saved."), "success")
    return redirect(url_for("assessment.labour", cohort_id=cohort.id))


@bp.post("/<int:cohort_id>/labour/conditions")
@require_permission("cohort.manage")
def labour_conditions(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = forms.HiringConditionsForm()

    def page():
        return _labour_page(cohort, conditions_form=form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page, field=form.conditions)
    version = hiring_conditions.publish(cohort, form.conditions.data, current_user)
    db.session.commit()
    flash(_("Version %(n)d of the hiring conditions is published.", n=version.number), "success")
    return redirect(url_for("assessment.labour", cohort_id=cohort.id))


@bp.post("/<int:cohort_id>/labour/terms/<int:enrolment_id>")
@require_permission("cohort.manage")
def labour_terms(cohort_id: int, enrolment_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.cohort_id != cohort.id:
        abort(404)
    form = with_ids(forms.ContractTermsForm(), f"t{enrolment.id}")

    def page():
        return _labour_page(cohort, term_forms={enrolment.id: form})

    if not form.validate_on_submit():
        return page(), 400
    if not form.open_ended.data and form.contract_months.data is None:
        form.contract_months.errors = [_("Enter the contract term or tick open-ended.")]
        return page(), 400
    on_domain_error(page, field=form.contract_months)
    months = None if form.open_ended.data else form.contract_months.data
    terms.set_terms(enrolment, form.hire_date.data, months, form.probation_months.data)
    db.session.commit()
    flash(_("The contract of %(name)s is saved.", name=enrolment.user.name), "success")
    return redirect(url_for("assessment.labour", cohort_id=cohort.id, _anchor="terms"))


@bp.post("/hiring-conditions/<int:version_id>/acknowledge")
@require_permission("standing.view_own")
def acknowledge_conditions(version_id: int):
    version = db.session.get(HiringConditionVersion, version_id)
    enrolled = version is not None and db.session.scalar(
        select(Enrolment.id).where(
            Enrolment.cohort_id == version.cohort_id, Enrolment.user_id == current_user.id
        )
    )
    if not enrolled:
        abort(404)
    form = forms.AcknowledgeForm()
    back = redirect(url_for("home.index"))
    if not form.validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Reload the page and try again."))
        return back
    on_domain_error(lambda: back)
    hiring_conditions.acknowledge(version, current_user, bool(form.confirmed.data))
    db.session.commit()
    flash(_("Your acknowledgement is recorded."), "success")
    return back
