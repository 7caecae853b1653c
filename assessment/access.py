"""Who may open a cohort: the users listed as its managers.

Holding the manager role lets a user create cohorts; it does not open other managers'
cohorts. Every cohort page (set-up, entries, board, elimination, decisions, exports,
snapshots) loads its cohort through :func:`managed_or_404`, which answers 404 to anyone not
listed — not 403, so the existence of someone else's cohort is not revealed.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from assessment.models import BoardSnapshot, Cohort, Component, Stage, cohort_managers
from core.extensions import db


def is_manager(cohort_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(cohort_managers.c.user_id).where(
                cohort_managers.c.cohort_id == cohort_id, cohort_managers.c.user_id == user_id
            )
        )
        is not None
    )


def managed_cohorts_query(user_id: int):
    """A select of the cohorts ``user_id`` manages, newest start first."""
    return (
        select(Cohort)
        .join(cohort_managers, cohort_managers.c.cohort_id == Cohort.id)
        .where(cohort_managers.c.user_id == user_id)
        .order_by(Cohort.start_date.desc(), Cohort.id.desc())
    )


def _cohort_id(row) -> int:
    if isinstance(row, Cohort):
        return row.id
    if isinstance(row, Stage | BoardSnapshot):
        return row.cohort_id
    if isinstance(row, Component):
        return row.stage.cohort_id
    raise TypeError(f"not a cohort object: {row!r}")


def managed_or_404(model, object_id: int):
    """The cohort, stage, component or snapshot, if the signed-in user manages its cohort."""
    row = db.session.get(model, object_id)
    if row is None or not is_manager(_cohort_id(row), current_user.id):
        abort(404)
    return row
