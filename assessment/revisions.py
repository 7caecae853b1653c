"""Every write that can change a cohort's board gives the cohort a new random revision.

One ``before_flush`` hook covers every service, the demo loader and the admin (a forgotten
``touch()`` call cannot leave a stale board). The board cache in ``assessment.board_cache`` is
keyed by the revision, so all worker processes notice a change on their next request.

A saved, changed or deleted evaluation or KPI entry also gives the trainee's enrolment a new
revision: the board recomputes only trainees whose enrolment revision changed (or whose quiz
and case scores did) and reuses everyone else's scores.
"""

from uuid import uuid4

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from assessment.models import (
    Cohort,
    Component,
    Decision,
    Enrolment,
    Evaluation,
    KpiEntry,
    Stage,
)


def _cohort_id(session: Session, obj) -> int | None:
    if isinstance(obj, Decision):
        return obj.cohort_id
    if isinstance(obj, Stage | Enrolment):
        return obj.cohort_id or (obj.cohort.id if obj.cohort else None)
    if isinstance(obj, Component):
        stage = obj.stage or (session.get(Stage, obj.stage_id) if obj.stage_id else None)
        return stage.cohort_id if stage else None
    if isinstance(obj, Evaluation | KpiEntry):
        component = session.get(Component, obj.component_id) if obj.component_id else None
        return _cohort_id(session, component) if component else None
    return None


@event.listens_for(Session, "before_flush")
def _bump_revisions(session: Session, _context, _instances) -> None:
    touched: set[int] = set()
    trainees: dict[int, set[int]] = {}
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Cohort):
                if obj not in session.deleted:
                    obj.revision = uuid4().hex
                continue
            cohort_id = _cohort_id(session, obj)
            if cohort_id:
                touched.add(cohort_id)
                if isinstance(obj, Evaluation | KpiEntry) and obj.trainee_id:
                    trainees.setdefault(cohort_id, set()).add(obj.trainee_id)
        for cohort_id, trainee_ids in trainees.items():
            # One statement per cohort, however many entries a KPI import touched.
            session.execute(
                update(Enrolment)
                .where(Enrolment.cohort_id == cohort_id, Enrolment.user_id.in_(trainee_ids))
                .values(revision=uuid4().hex)
                .execution_options(synchronize_session=False)
            )
        for cohort_id in touched:
            cohort = session.get(Cohort, cohort_id)
            if cohort is not None and cohort not in session.deleted:
                cohort.revision = uuid4().hex
