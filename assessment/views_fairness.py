"""Routes: what-if of a change before confirming it (assessment.whatif) and the agreement
between evaluators (assessment.agreement)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment import agreement, forms, forms_decisions, whatif
from assessment.access import managed_or_404
from assessment.models import Cohort, Component, Stage
from assessment.views import bp
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def _change_from(stage: Stage, values) -> whatif.Change:
    return whatif.parse_change(stage, values)


def _what_if_page(stage: Stage, change: whatif.Change, form=None) -> str:
    result = whatif.what_if(stage, change)
    form = form or forms_decisions.ConfirmChangeForm(
        formdata=None,
        data={
            "kind": change.kind,
            "component": change.component_id or "",
            "question": change.question_id or "",
            "weight": "" if change.weight is None else str(change.weight),
            "token": result.token,
        },
    )
    # A rule change rides along as the typed rule fields (forms_decisions.ConfirmChangeForm has none).
    rule_fields = {}
    if change.rule is not None:
        rule_fields = {name: change.rule.get(name) for name in whatif.RULE_FIELDS}
        rule_fields["combine"] = change.rule.get("combine", "any")
    return render_template(
        "assessment/what_if.html",
        stage=stage,
        cohort=stage.cohort,
        result=result,
        form=form,
        rule_fields={k: v for k, v in rule_fields.items() if v is not None},
    )


@bp.get("/stages/<int:stage_id>/what-if")
@require_permission("elimination.decide")
def what_if(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    back = url_for("assessment.elimination", stage_id=stage.id)
    on_domain_error(lambda: redirect(back))
    return _what_if_page(stage, _change_from(stage, request.args))


@bp.post("/stages/<int:stage_id>/what-if")
@require_permission("elimination.decide")
def what_if_confirm(stage_id: int):
    stage = managed_or_404(Stage, stage_id)
    form = forms_decisions.ConfirmChangeForm()
    back = url_for("assessment.elimination", stage_id=stage.id)
    on_domain_error(lambda: redirect(back))
    change = _change_from(stage, request.form)
    if not form.validate_on_submit():
        return _what_if_page(stage, change, form), 400
    on_domain_error(lambda: _what_if_page(stage, change, form))
    decision = whatif.confirm_change(
        stage, change, current_user, form.token.data or "", form.reason.data
    )
    db.session.commit()
    flash(_("The change is made and recorded with its preview."), "success")
    return redirect(
        url_for("assessment.decision_log", cohort_id=stage.cohort_id, _anchor=f"d{decision.id}")
    )


def _agreement_page(cohort: Cohort) -> str:
    stages = sorted(cohort.stages, key=lambda s: s.position)
    results = agreement.cohort_agreement(stages)
    return render_template(
        "assessment/agreement.html",
        cohort=cohort,
        results=results,
        moderation_form=forms_decisions.ModerationForm(formdata=None),
        gap_forms={
            r.component.id: forms.with_ids(
                forms_decisions.GapForm(formdata=None, gap=str(r.gap.normalize())),
                f"gap-{r.component.id}",
            )
            for r in results
        },
    )


@bp.get("/<int:cohort_id>/agreement")
@require_permission("scoreboard.view")
def agreement_page(cohort_id: int):
    return _agreement_page(managed_or_404(Cohort, cohort_id))


@bp.post("/components/<int:component_id>/moderation")
@require_permission("elimination.decide")
def moderation(component_id: int):
    component = managed_or_404(Component, component_id)
    cohort = component.stage.cohort
    form = forms_decisions.ModerationForm()
    on_domain_error(lambda: _agreement_page(cohort))
    if not form.validate_on_submit() or not (form.trainee_id.data or "").isdigit():
        flash(_("Write a note."), "error")
        return _agreement_page(cohort), 400
    agreement.resolve(component, int(form.trainee_id.data), form.note.data, current_user)
    db.session.commit()
    flash(_("The moderation note is recorded; the score may now be used."), "success")
    return redirect(url_for("assessment.agreement_page", cohort_id=cohort.id))


@bp.post("/components/<int:component_id>/agreement-gap")
@require_permission("elimination.decide")
def agreement_gap(component_id: int):
    component = managed_or_404(Component, component_id)
    cohort = component.stage.cohort
    form = forms.with_ids(forms_decisions.GapForm(), f"gap-{component.id}")
    on_domain_error(lambda: _agreement_page(cohort))
    if not form.validate_on_submit():
        flash(_("Enter a number of points."), "error")
        return _agreement_page(cohort), 400
    agreement.set_gap(component, form.gap.data)
    db.session.commit()
    flash(_("The gap is saved."), "success")
    return redirect(url_for("assessment.agreement_page", cohort_id=cohort.id))
