"""Entered scores: one evaluator's rubric sheets and monthly KPI numbers for a component.

Like the other services they validate, change and flush, never commit, and raise
``CohortInputError`` with the user's message; a form with any bad value saves nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from assessment import specs
from assessment.models import Component, Enrolment, Evaluation, KpiEntry
from assessment.scoring import ScoringInputError, evaluation_score
from assessment.services import CohortInputError
from core.extensions import db
from core.models import User

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _enrolled_ids(component: Component) -> set[int]:
    return set(
        db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.cohort_id == component.stage.cohort_id)
        )
    )


def save_evaluations(component: Component, evaluator: User, sheets: dict[int, dict]) -> int:
    """Store one evaluator's rubric sheets {trainee_id: {criterion_id: level_id}}; a sheet with
    no level chosen is skipped, a third evaluator is refused (two are averaged). Returns how
    many were saved."""
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
        if trainee_id not in existing and others.get(trainee_id, 0) >= 2:
            name = db.session.get(User, trainee_id).name
            raise CohortInputError(_("%(name)s already has sheets from two evaluators.", name=name))
        try:
            score = evaluation_score(rubric, levels)
        except ScoringInputError as error:
            raise CohortInputError(str(error)) from None
        row = existing.get(trainee_id) or Evaluation(
            component_id=component.id, trainee_id=trainee_id, evaluator_id=evaluator.id
        )
        row.levels, row.score = dict(levels), score
        db.session.add(row)
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
    errors, saved = [], 0
    for trainee_id, text in values.items():
        if trainee_id not in enrolled:
            raise CohortInputError(_("A trainee in the form is not enrolled in this cohort."))
        text = (text or "").strip().replace(",", "")
        if not text:
            if trainee_id in existing:
                db.session.delete(existing[trainee_id])
            continue
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(text)
            continue
        row = existing.get(trainee_id) or KpiEntry(
            component_id=component.id, trainee_id=trainee_id, month=month
        )
        row.value, row.entered_by_id = value, entered_by.id
        db.session.add(row)
        saved += 1
    if errors:
        raise CohortInputError(
            _("These values are not numbers: %(values)s", values="、".join(errors[:10]))
        )
    db.session.flush()
    return saved
