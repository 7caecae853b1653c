"""Entered scores: evaluators' rubric sheets and monthly KPI numbers, and the entry grid that
shows them (who is still in the race at a component's stage, what is entered already).

Like the other services the save functions validate, change and flush, never commit, and raise
``CohortInputError`` with the user's message; a grid with any bad value saves nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import audit_trail, specs
from assessment.models import Component, Enrolment, Evaluation, KpiEntry
from assessment.scoring import evaluation_score
from assessment.services import CohortInputError
from core.clock import LOCAL_TZ, now_utc
from core.extensions import db
from core.models import User

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ENTRY_KINDS = ("evaluation", "kpi")
KPI_LIMIT = Decimal(10) ** 12  # KpiEntry.value is Numeric(16, 4): 12 digits before the point


@dataclass
class EntryGrid:
    """One evaluator's grid as sent: rubric levels per trainee ({trainee id: {criterion id:
    level id}}, trainees with at least one level chosen), or KPI texts of one month."""

    month: str = ""
    levels: dict[int, dict[str, str]] = field(default_factory=dict)
    values: dict[int, str] = field(default_factory=dict)


# --- the grid ---------------------------------------------------------------------------------


def trainees_in_race(component: Component) -> list[User]:
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


def grid_context(component: Component, evaluator: User, month: str) -> dict:
    """What the entry page shows: the trainees and what is entered already (the evaluator's
    own sheets, or the month's KPI numbers)."""
    trainees = trainees_in_race(component)
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
        month = month if MONTH.match(month or "") else current_month()
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


# --- saving -----------------------------------------------------------------------------------


def _enrolled_ids(component: Component) -> set[int]:
    return set(
        db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.cohort_id == component.stage.cohort_id)
        )
    )


def save_grid(component: Component, grid: EntryGrid, user: User) -> int:
    """Save an entry grid of an evaluation or KPI component; returns how many were saved."""
    if component.kind == "evaluation":
        return save_evaluations(component, user, grid.levels)
    if component.kind == "kpi":
        return save_kpis(component, grid.month, grid.values, user)
    raise CohortInputError(_("This component takes no entries here."))


def save_evaluations(component: Component, evaluator: User, sheets: dict[int, dict]) -> int:
    """Store one evaluator's rubric sheets {trainee_id: {criterion_id: level_id}}; a sheet with
    no level chosen is skipped, a sheet with some criteria left open is refused, a third
    evaluator is refused (two are averaged). Returns how many were saved."""
    if component.kind != "evaluation":
        raise CohortInputError(_("This component is not an evaluation."))
    rubric = specs.rubric_from_config(component.config)
    enrolled = _enrolled_ids(component)
    existing = {
        e.trainee_id: e
        for e in db.session.scalars(
            select(Evaluation).where(
                Evaluation.component_id == component.id, Evaluation.evaluator_id == evaluator.id
            )
        )
    }
    others: dict[int, int] = {}
    for trainee_id in db.session.scalars(
        select(Evaluation.trainee_id).where(
            Evaluation.component_id == component.id, Evaluation.evaluator_id != evaluator.id
        )
    ):
        others[trainee_id] = others.get(trainee_id, 0) + 1
    saved = 0
    for trainee_id, levels in sheets.items():
        levels = {k: v for k, v in levels.items() if v}
        if not levels:
            continue
        if trainee_id not in enrolled:
            raise CohortInputError(_("A trainee in the form is not enrolled in this cohort."))
        if any(criterion.id not in levels for criterion in rubric.criteria):
            name = db.session.get(User, trainee_id).name
            raise CohortInputError(_("Choose a level for every criterion for %(name)s.", name=name))
        if trainee_id not in existing and others.get(trainee_id, 0) >= 2:
            name = db.session.get(User, trainee_id).name
            raise CohortInputError(_("%(name)s already has sheets from two evaluators.", name=name))
        score = evaluation_score(rubric, levels)  # ScoringInputError for an unknown level
        row = existing.get(trainee_id)
        before = audit_trail.evaluation_record(row) if row is not None else None
        row = row or Evaluation(
            component_id=component.id, trainee_id=trainee_id, evaluator_id=evaluator.id
        )
        row.levels, row.score = dict(levels), score
        db.session.add(row)
        audit_trail.evaluation_saved(component, row, before, evaluator)
        saved += 1
    db.session.flush()
    return saved


def save_kpis(component: Component, month: str, values: dict[int, str], entered_by: User) -> int:
    """Store KPI numbers for one month {trainee_id: text}; an emptied field deletes the entry."""
    if component.kind != "kpi":
        raise CohortInputError(_("This component is not a KPI."))
    if not MONTH.match(month or ""):
        raise CohortInputError(_("The month must look like 2026-03."))
    enrolled = _enrolled_ids(component)
    existing = {
        e.trainee_id: e
        for e in db.session.scalars(
            select(KpiEntry).where(KpiEntry.component_id == component.id, KpiEntry.month == month)
        )
    }
    errors, too_large, saved = [], [], 0
    for trainee_id, text in values.items():
        if trainee_id not in enrolled:
            raise CohortInputError(_("A trainee in the form is not enrolled in this cohort."))
        text = (text or "").strip().replace(",", "")
        if not text:
            if trainee_id in existing:
                gone = existing[trainee_id]
                audit_trail.kpi_saved(component, trainee_id, month, gone.value, None, entered_by)
                db.session.delete(gone)
            continue
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(text)
            continue
        if abs(value) >= KPI_LIMIT:
            too_large.append(text)
            continue
        row = existing.get(trainee_id)
        before = row.value if row is not None else None
        row = row or KpiEntry(component_id=component.id, trainee_id=trainee_id, month=month)
        audit_trail.kpi_saved(component, trainee_id, month, before, value, entered_by)
        row.value, row.entered_by_id = value, entered_by.id
        db.session.add(row)
        saved += 1
    if errors:
        raise CohortInputError(
            _("These values are not numbers: %(values)s", values="、".join(errors[:10]))
        )
    if too_large:
        raise CohortInputError(
            _("These values are too large: %(values)s", values="、".join(too_large[:10]))
        )
    db.session.flush()
    return saved
