"""One running cohort per trainee (issue 11, item 6).

A manager could once enrol any trainee by employee number and then read that trainee's quiz and
case grades on the board. The rule a bank wants: a trainee belongs to one running cohort at a
time, and only the administrator or a manager of that cohort may move them out of it. A cohort
is running for a trainee until they are eliminated or its last stage has ended (a cohort with no
stages yet is running). Refusals name no one: not the trainee, not the other cohort.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from assessment.access import is_manager
from assessment.models import Cohort, Decision, Enrolment, Stage
from core.errors import Conflict
from core.extensions import db
from core.models import User
from core.permissions import has_permission


def running_enrolment(user_id: int, today: date, other_than: Cohort) -> Enrolment | None:
    """The trainee's enrolment in a running cohort other than ``other_than``, if any."""
    last_day = (
        select(func.max(Stage.ends_on))
        .where(Stage.cohort_id == Enrolment.cohort_id)
        .scalar_subquery()
    )
    return db.session.scalar(
        select(Enrolment)
        .where(
            Enrolment.user_id == user_id,
            Enrolment.cohort_id != other_than.id,
            Enrolment.eliminated_stage_id.is_(None),
            (last_day.is_(None)) | (last_day >= today),
        )
        .limit(1)
    )


def may_move(by: User | None, enrolment: Enrolment) -> bool:
    """The administrator or a manager of the trainee's cohort (None: a shell command)."""
    if by is None:
        return True
    return has_permission(by, "user.manage") or is_manager(enrolment.cohort_id, by.id)


def make_room(user: User, cohort: Cohort, by: User | None, today: date) -> Enrolment | None:
    """Before enrolling ``user`` in ``cohort``: the running enrolment elsewhere that the move
    ends (to be deleted by the caller), None when there is none; Conflict when ``by`` may not
    move the trainee, or their cohort has recorded an elimination (its board must stay whole)."""
    current = running_enrolment(user.id, today, other_than=cohort)
    if current is None:
        return None
    if not may_move(by, current):
        raise Conflict(
            _(
                "This employee is in another running cohort. The administrator or a manager of "
                "that cohort can move them."
            )
        )
    decided = db.session.scalar(
        select(func.count(Decision.id)).where(Decision.cohort_id == current.cohort_id)
    )
    if decided:
        raise Conflict(
            _(
                "This employee's current cohort %(name)s has recorded an elimination; they can "
                "join another cohort once it has ended or they have left the race.",
                name=current.cohort.name,
            )
        )
    return current
