"""Entry grids for evaluation rubrics and monthly KPI numbers (form ⇄ services)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import score_entries, services, specs
from assessment.models import Component, Enrolment, Evaluation, KpiEntry
from core.clock import LOCAL_TZ, now_utc
from core.extensions import db
from core.models import User


def _trainees(component: Component) -> list[User]:
    """Trainees still in the race at this component's stage (eliminated earlier ones drop out)."""
    stage = component.stage
    earlier = {s.id for s in stage.cohort.stages if s.position < stage.position}
    rows = db.session.execute(
        select(User, Enrolment.eliminated_stage_id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == stage.cohort_id)
        .order_by(User.employee_number, User.id)
    )
    return [user for user, eliminated in rows if eliminated not in earlier]


def current_month() -> str:
    today = now_utc().astimezone(LOCAL_TZ).date()
    return f"{today.year:04d}-{today.month:02d}"


def entry_context(component: Component, evaluator: User, month: str) -> dict:
    trainees = _trainees(component)
    context = {"component": component, "stage": component.stage, "trainees": trainees}
    if component.kind == "evaluation":
        sheets = db.session.execute(
            select(
                Evaluation.trainee_id, Evaluation.evaluator_id, Evaluation.levels, Evaluation.score
            ).where(Evaluation.component_id == component.id)
        ).all()
        context["mine"] = {t: lv for t, e, lv, _s in sheets if e == evaluator.id}
        others: dict[int, int] = {}
        for trainee_id, evaluator_id, _lv, _s in sheets:
            if evaluator_id != evaluator.id:
                others[trainee_id] = others.get(trainee_id, 0) + 1
        context["others"] = others
        context["criteria"] = component.config.get("criteria", [])
    else:
        month = month if score_entries.MONTH.match(month or "") else current_month()
        context["month"] = month
        context["values"] = dict(
            db.session.execute(
                select(KpiEntry.trainee_id, KpiEntry.value).where(
                    KpiEntry.component_id == component.id, KpiEntry.month == month
                )
            ).all()
        )
        context["rule_text"] = specs.kpi_rule_text(component.config)
    return context


def parse_entries(component: Component, form, user: User) -> int:
    """Read the grid's fields and hand them to the services (which validate and flush)."""
    ids = {t.id for t in _trainees(component)}
    if component.kind == "evaluation":
        criteria = [c["id"] for c in component.config.get("criteria", [])]
        sheets = {}
        for trainee_id in ids:
            levels = {c: form.get(f"lv-{trainee_id}-{c}", "") for c in criteria}
            if any(levels.values()):
                if not all(levels.values()):
                    name = db.session.get(User, trainee_id).name
                    raise services.CohortInputError(
                        _("Choose a level for every criterion for %(name)s.", name=name)
                    )
                sheets[trainee_id] = levels
        return score_entries.save_evaluations(component, user, sheets)
    if component.kind == "kpi":
        values = {t: form.get(f"v-{t}") for t in ids if f"v-{t}" in form}
        return score_entries.save_kpis(component, form.get("month", ""), values, user)
    raise services.CohortInputError(_("This component takes no entries here."))
