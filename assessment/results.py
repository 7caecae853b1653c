"""Small read functions other areas may call."""

from __future__ import annotations

from sqlalchemy import select

from assessment import agreement, decisions, measurement
from assessment.board import build_board
from assessment.models import Cohort, Decision, Enrolment, Stage
from assessment.scoring import jsonable
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


def cohort_choices() -> list[tuple[int, str]]:
    """(id, name) of every cohort, newest first, for other areas' pickers."""
    rows = db.session.execute(
        select(Cohort.id, Cohort.name).order_by(Cohort.start_date.desc(), Cohort.id.desc())
    )
    return [(cohort_id, name) for cohort_id, name in rows]


def cohort_trainee_ids(cohort_id: int) -> list[int]:
    """User ids of the cohort's enrolled trainees (eliminated ones included)."""
    return list(
        db.session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id))
    )


def passed_every_stage(user_id: int, cohort_id: int) -> bool:
    """Whether the trainee is enrolled in the cohort, every stage of it has a confirmed
    elimination decision, and they were eliminated in none (an override that kept them counts)."""
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.user_id == user_id)
    )
    if enrolment is None or enrolment.eliminated_stage_id is not None:
        return False
    stage_ids = set(db.session.scalars(select(Stage.id).where(Stage.cohort_id == cohort_id)))
    decided = set(
        db.session.scalars(
            select(Decision.stage_id).where(
                Decision.cohort_id == cohort_id, Decision.kind == "elimination"
            )
        )
    )
    return bool(stage_ids) and stage_ids <= decided


def cohort_rosters() -> list[tuple[int, str, list[int]]]:
    """(cohort id, name, trainee user ids) of every cohort, newest first, in two queries."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.id))
    members: dict[int, list[int]] = {}
    for cohort_id, user_id in db.session.execute(
        select(Enrolment.cohort_id, Enrolment.user_id).order_by(Enrolment.id)
    ):
        members.setdefault(cohort_id, []).append(user_id)
    return [(c.id, c.name, members.get(c.id, [])) for c in cohorts]


# --- measurement error and evaluator agreement (issue 15), e.g. for a decision's dossier ------


def measurement_band(stage_id: int) -> dict | None:
    """The "within measurement error" band at the stage's cut line: as recorded with its
    confirmed elimination (members carry the manager's note), else of the current preview;
    None when neither exists. Keys as ``measurement.MeasurementBand.to_dict``: k, sem, line,
    low, high, shown, formula, members [{trainee_id, name, score, distance, outcome, note}],
    components [{name, kind, weight, sem, status, note}], problems (stored messages)."""
    stage = db.session.get(Stage, stage_id)
    if stage is None:
        return None
    decided = decisions.elimination_decision(stage)
    if decided is not None:
        return (decided.snapshot or {}).get("measurement")
    board = build_board(stage.cohort)
    if decisions.preview_blocker(board, stage) is not None:
        return None
    return measurement.stored(decisions.band_for(board, stage, decisions.preview(board, stage)), {})


def evaluator_agreement(cohort_id: int) -> list[dict]:
    """Per evaluation component scored by two or more evaluators: the pairs' ICC and
    quadratic-weighted kappa (with ``poor``), each evaluator's leniency, and the trainees whose
    evaluators differ by more than the gap (``resolved`` with the moderation note)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        return []
    found = []
    for result in agreement.cohort_agreement(sorted(cohort.stages, key=lambda s: s.position)):
        found.append(
            jsonable(
                {
                    "component_id": result.component.id,
                    "component": result.component.name,
                    "stage_id": result.component.stage_id,
                    "gap": result.gap,
                    "pairs": [
                        {
                            "evaluators": [p.first, p.second],
                            "shared": p.shared,
                            "icc": p.icc,
                            "kappa": p.kappa,
                            "poor": p.poor,
                        }
                        for p in result.pairs
                    ],
                    "leniency": {who: lenient for who, _n, lenient in result.evaluators},
                    "flagged": [
                        {
                            "trainee_id": d.trainee_id,
                            "name": d.name,
                            "scores": dict(d.scores),
                            "gap": d.gap,
                            "resolved": d.resolved,
                            "note": d.note.note if d.note else "",
                        }
                        for d in result.flagged
                    ],
                }
            )
        )
    return found
