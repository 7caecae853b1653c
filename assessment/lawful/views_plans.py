"""Routes of improvement plans: a manager opens them and records the re-assessment."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment.access import is_manager, managed_or_404
from assessment.forms import with_ids
from assessment.lawful import forms, improvement_plans
from assessment.lawful.models import ImprovementPlan
from assessment.models import Cohort
from assessment.views import bp
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def _plan_form(cohort: Cohort, *, submitted: bool) -> forms.PlanForm:
    trainees = [
        (e.user_id, e.user.name) for e in sorted(cohort.enrolments, key=lambda e: e.user.name)
    ]
    return forms.plan_form(trainees, improvement_plans.training_choices(), submitted=submitted)


def _plans_page(cohort: Cohort, form=None, result_forms=None) -> str:
    plans = improvement_plans.plans_in(cohort.id)
    results = {
        plan.id: with_ids(forms.PlanResultForm(formdata=None), f"r{plan.id}") for plan in plans
    }
    results.update(result_forms or {})
    return render_template(
        "assessment/lawful/plans.html",
        cohort=cohort,
        plans=plans,
        form=with_ids(form or _plan_form(cohort, submitted=False), "plan"),
        result_forms=results,
        today=improvement_plans.today(),
    )


@bp.get("/<int:cohort_id>/plans")
@require_permission("elimination.decide")
def plans(cohort_id: int):
    return _plans_page(managed_or_404(Cohort, cohort_id))


@bp.post("/<int:cohort_id>/plans")
@require_permission("elimination.decide")
def plan_open(cohort_id: int):
    cohort = managed_or_404(Cohort, cohort_id)
    form = _plan_form(cohort, submitted=True)

    def page():
        return _plans_page(cohort, form)

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    plan = improvement_plans.open_plan(
        cohort,
        improvement_plans.PlanInput(
            trainee_id=form.trainee_id.data,
            shortfall=form.shortfall.data,
            step=form.step.data,
            training=list(form.training.data or []),
            reassignment=form.reassignment.data or "",
            deadline=form.deadline.data,
            reassessment=form.reassessment.data,
        ),
        current_user,
    )
    db.session.commit()
    flash(_("The improvement plan for %(name)s is open.", name=plan.trainee.name), "success")
    return redirect(url_for("assessment.plans", cohort_id=cohort.id))


@bp.post("/plans/<int:plan_id>/result")
@require_permission("elimination.decide")
def plan_result(plan_id: int):
    plan = db.session.get(ImprovementPlan, plan_id)
    if plan is None or not is_manager(plan.cohort_id, current_user.id):
        abort(404)
    cohort = db.session.get(Cohort, plan.cohort_id)
    form = with_ids(forms.PlanResultForm(), f"r{plan.id}")

    def page():
        return _plans_page(cohort, result_forms={plan.id: form})

    if not form.validate_on_submit():
        return page(), 400
    on_domain_error(page)
    improvement_plans.record_result(plan, form.result.data, form.note.data, current_user)
    db.session.commit()
    flash(_("The re-assessment is recorded."), "success")
    return redirect(url_for("assessment.plans", cohort_id=cohort.id))
