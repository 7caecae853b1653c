"""Data for the two assessment panels on the home page (called from the panel templates)."""

from flask_login import current_user
from sqlalchemy import func, select

from assessment.board import build_board
from assessment.models import Cohort, Enrolment, cohort_managers
from assessment.standing import standing_context
from core.extensions import db


def home_cohorts() -> list[tuple[Cohort, int]]:
    """The latest cohorts the signed-in user manages, with their trainee counts (at most five)."""
    return list(
        db.session.execute(
            select(Cohort, func.count(Enrolment.id))
            .join(cohort_managers, cohort_managers.c.cohort_id == Cohort.id)
            .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
            .where(cohort_managers.c.user_id == current_user.id)
            .group_by(Cohort.id)
            .order_by(Cohort.start_date.desc())
            .limit(5)
        ).all()
    )


def home_standing() -> dict | None:
    """The signed-in trainee's standing in their latest cohort, or None."""
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == current_user.id)
        .order_by(Enrolment.id.desc())
        .limit(1)
    )
    if enrolment is None:
        return None
    return standing_context(build_board(enrolment.cohort), current_user.id)
