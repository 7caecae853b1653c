"""Routes: what-if of a change before confirming it (assessment.whatif) and the agreement
between evaluators (assessment.agreement)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment import forms, whatif
from assessment.access import managed_or_404
from assessment.models import Stage
from assessment.views import bp
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def _change_from(stage: Stage, values) -> whatif.Change:
    return whatif.parse_change(
        stage,
        values.get("kind", ""),
        values.get("component", ""),
        values.get("question", ""),
        values.get("weight", ""),
    )


def _what_if_page(stage: Stage, change: whatif.Change, form=None) -> str:
    result = whatif.what_if(stage, change)
    form = form or forms.ConfirmChangeForm(
        formdata=None,
        data={
            "kind": change.kind,
            "component": change.component_id,
            "question": change.question_id or "",
            "weight": "" if change.weight is None else str(change.weight),
            "token": result.token,
        },
    )
    return render_template(
        "assessment/what_if.html", stage=stage, cohort=stage.cohort, result=result, form=form
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
    form = forms.ConfirmChangeForm()
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
