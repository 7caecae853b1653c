"""What the assessment area writes to the audit log (core.audit): entered scores overwritten or
deleted, elimination decisions and overrides, enrolment changes, removed stages and components.

Entered scores have no history table of their own; their audit entries are the history (an
evaluation or KPI number a decision used can be found as it was, with who changed it and when).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from assessment.models import Cohort, Component, Decision, Evaluation, KpiEntry, Stage
from core import audit
from core.extensions import db
from core.models import User

AUDIT_ACTIONS = {
    "evaluation.saved": _l("Evaluation entered"),
    "evaluation.changed": _l("Evaluation changed"),
    "kpi.saved": _l("KPI entered"),
    "kpi.changed": _l("KPI changed"),
    "kpi.deleted": _l("KPI deleted"),
    "elimination.confirmed": _l("Elimination confirmed"),
    "elimination.overridden": _l("Elimination overridden"),
    "cohort.enrolled": _l("Trainee enrolled"),
    "cohort.moved": _l("Trainee moved to another cohort"),
    "cohort.unenrolled": _l("Trainee removed from a cohort"),
    "stage.deleted": _l("Stage deleted"),
    "component.deleted": _l("Component deleted"),
}


def _username(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id is not None else None
    return user.username if user is not None else ""


def _component_target(component: Component, trainee_id: int, extra: str = "") -> audit.Target:
    label = f"{component.name} / {_username(trainee_id)}{extra}"
    return audit.Target("component", component.id, label)


def evaluation_saved(component: Component, row: Evaluation, before: dict | None, by: User) -> None:
    after = {"levels": row.levels, "score": row.score, "evaluator_id": row.evaluator_id}
    if before == after:
        return
    audit.record(
        "evaluation.changed" if before else "evaluation.saved",
        actor=by,
        target=_component_target(component, row.trainee_id),
        before=before,
        after=after,
    )


def evaluation_record(row: Evaluation) -> dict:
    return {"levels": dict(row.levels), "score": row.score, "evaluator_id": row.evaluator_id}


def kpi_saved(component: Component, trainee_id: int, month: str, before, after, by: User) -> None:
    """before/after: the value (None when there was or is no entry)."""
    if before == after:
        return
    action = "kpi.saved" if before is None else "kpi.deleted" if after is None else "kpi.changed"
    audit.record(
        action,
        actor=by,
        target=_component_target(component, trainee_id, f" / {month}"),
        before=None if before is None else {"month": month, "value": before},
        after=None if after is None else {"month": month, "value": after},
    )


def stage_target(stage: Stage) -> audit.Target:
    return audit.Target("stage", stage.id, f"{stage.cohort.name} / {stage.name}")


def component_target(component: Component) -> audit.Target:
    stage = component.stage
    return audit.Target("component", component.id, f"{stage.cohort.name} / {component.name}")


def elimination_confirmed(decision: Decision, stage: Stage, cut_ids: set[int], by: User) -> None:
    audit.record(
        "elimination.confirmed",
        actor=by,
        target=stage_target(stage),
        after={"decision_id": decision.id, "eliminated": sorted(cut_ids)},
    )


def elimination_overridden(decision: Decision, stage: Stage, before_stage_id, by: User) -> None:
    audit.record(
        "elimination.overridden",
        actor=by,
        target=audit.Target(
            "enrolment",
            decision.trainee_id,
            f"{stage.cohort.name} / {_username(decision.trainee_id)}",
        ),
        before={"eliminated_stage_id": before_stage_id},
        after={
            "decision_id": decision.id,
            "action": decision.action,
            "reason": decision.reason,
            "eliminated_stage_id": stage.id if decision.action == "cut" else None,
        },
    )


def enrolment_changed(
    action: str, user: User, cohort: Cohort, before_cohort: Cohort | None
) -> None:
    audit.record(
        action,
        target=audit.user_target(user),
        before=None if before_cohort is None else {"cohort_id": before_cohort.id},
        after={"cohort_id": cohort.id} if action != "cohort.unenrolled" else None,
    )


def entries_held(component_ids: list[int]) -> dict:
    """How many evaluations and KPI entries the components hold (what a removal takes along)."""
    if not component_ids:
        return {"evaluations": 0, "kpi_entries": 0}
    count = {}
    for name, model in (("evaluations", Evaluation), ("kpi_entries", KpiEntry)):
        query = select(func.count(model.id)).where(model.component_id.in_(component_ids))
        count[name] = db.session.scalar(query)
    return count


def removed(action: str, target: audit.Target, entries: dict) -> None:
    """A stage or component removed with the entries it held (counted, for the record)."""
    audit.record(action, target=target, before=entries)
