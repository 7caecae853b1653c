"""Small read functions other areas may call."""

from __future__ import annotations

from sqlalchemy import select

from assessment.models import Cohort, Enrolment, Stage
from core.clock import LOCAL_TZ, now_utc
from core.extensions import db


def _latest_enrolment(user_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.user_id == user_id)
        .order_by(Cohort.start_date.desc(), Enrolment.id.desc())
        .limit(1)
    )


def is_eliminated(user_id: int) -> bool:
    """Whether the trainee was eliminated in their latest cohort."""
    enrolment = _latest_enrolment(user_id)
    return enrolment is not None and enrolment.eliminated_stage_id is not None


def active_stage_for(user_id: int) -> Stage | None:
    """The stage the trainee is in now (latest cohort), or None if eliminated or not enrolled.

    Before the first stage starts this is the first stage; after the last one it stays the last.
    """
    enrolment = _latest_enrolment(user_id)
    if enrolment is None or enrolment.eliminated_stage_id is not None:
        return None
    stages = list(
        db.session.scalars(
            select(Stage).where(Stage.cohort_id == enrolment.cohort_id).order_by(Stage.position)
        )
    )
    today = now_utc().astimezone(LOCAL_TZ).date()
    started = [s for s in stages if s.starts_on <= today]
    return started[-1] if started else (stages[0] if stages else None)


def cohort_rosters() -> list[tuple[int, str, list[int]]]:
    """(cohort id, name, trainee user ids) of every cohort, newest first, in two queries."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.id))
    members: dict[int, list[int]] = {}
    for cohort_id, user_id in db.session.execute(
        select(Enrolment.cohort_id, Enrolment.user_id).order_by(Enrolment.id)
    ):
        members.setdefault(cohort_id, []).append(user_id)
    return [(c.id, c.name, members.get(c.id, [])) for c in cohorts]
