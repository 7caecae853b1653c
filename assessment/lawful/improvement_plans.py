"""Improvement plans (改进计划): the step the law expects before a termination for incompetence.

A manager opens a plan for a trainee: the finding (what falls short), the training assigned on
the platform (modules, quizzes, cases, simulator scenarios) or a recorded reassignment, a
deadline, and how the re-assessment will decide. The trainee sees it on their home page. The
re-assessment result is recorded once the deadline has passed, and never changed after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from assessment.lawful.basis import PlanFacts
from assessment.lawful.models import ImprovementPlan
from assessment.models import Cohort, Enrolment
from case_library.results import case_choices
from core import audit
from core.clock import LOCAL_TZ, now_utc
from core.domain import N_, DomainError, NotFound
from core.extensions import db
from courses.results import visible_modules
from quizzes.results import quiz_choices
from simulator.results import scenario_choices

STEPS = ("training", "reassignment")
RESULTS = ("met", "not_met")
TRAINING_KINDS = ("module", "quiz", "case", "simulator")


class PlanError(DomainError):
    status_code = 422


def today() -> date:
    return now_utc().astimezone(LOCAL_TZ).date()


def training_choices() -> list[tuple[str, str]]:
    """Everything a plan can assign, as ("kind:ref", title) for one select box."""
    choices = [(f"module:{m.slug}", m.title) for m in visible_modules()]
    choices += [(f"quiz:{quiz_id}", title) for quiz_id, title in quiz_choices()]
    choices += [(f"case:{case_id}", title) for case_id, title in case_choices()]
    choices += [(f"simulator:{sid}", title) for sid, title in scenario_choices()]
    return choices


@dataclass(frozen=True)
class PlanInput:
    trainee_id: int
    shortfall: str
    step: str
    training: list[str]  # "kind:ref" keys from training_choices
    reassignment: str
    deadline: date
    reassessment: str


def open_plan(
    cohort: Cohort, data: PlanInput, by, opened_on: date | None = None
) -> ImprovementPlan:
    """Open a plan for an enrolled trainee (``opened_on`` defaults to today, Asia/Shanghai)."""
    opened_on = opened_on or today()
    enrolled = db.session.scalar(
        select(Enrolment.id).where(
            Enrolment.cohort_id == cohort.id, Enrolment.user_id == data.trainee_id
        )
    )
    if not enrolled:
        raise NotFound(N_("This trainee is not enrolled in the cohort."))
    if not data.shortfall.strip() or not data.reassessment.strip():
        raise PlanError(N_("Write what falls short and how the re-assessment will decide"))
    if data.step not in STEPS:
        raise PlanError(N_("Choose training or reassignment as the improvement step"))
    titles = dict(training_choices())
    unknown = [key for key in data.training if key not in titles]
    if unknown:
        raise PlanError(N_("This training cannot be assigned: %(keys)s"), keys=unknown)
    if data.step == "training" and not data.training:
        raise PlanError(N_("Assign at least one module, quiz, case or simulator scenario"))
    if data.step == "reassignment" and not data.reassignment.strip():
        raise PlanError(N_("Describe the reassignment: which post, from when"))
    if data.deadline <= opened_on:
        raise PlanError(N_("The deadline must be after the day the plan opens"))
    plan = ImprovementPlan(
        cohort_id=cohort.id,
        trainee_id=data.trainee_id,
        opened_by_name=by.name if by else "",
        opened_on=opened_on,
        shortfall=data.shortfall.strip(),
        step=data.step,
        training=[
            {"kind": key.split(":", 1)[0], "ref": key.split(":", 1)[1], "title": titles[key]}
            for key in data.training
        ],
        reassignment=data.reassignment.strip(),
        deadline=data.deadline,
        reassessment=data.reassessment.strip(),
    )
    db.session.add(plan)
    db.session.flush()
    audit.record(
        "improvement_plan.opened",
        target=audit.Target("improvement_plan", plan.id, plan.trainee.username),
        after={
            "cohort_id": cohort.id,
            "shortfall": plan.shortfall,
            "step": plan.step,
            "training": [item["title"] for item in plan.training],
            "deadline": plan.deadline,
        },
        actor=by,
    )
    return plan


def record_result(
    plan: ImprovementPlan, result: str, note: str, by, on: date | None = None
) -> ImprovementPlan:
    """Record the re-assessment once the deadline has passed; a recorded result stays."""
    on = on or today()
    if plan.result is not None:
        raise PlanError(N_("The re-assessment of this plan is already recorded"))
    if result not in RESULTS:
        raise PlanError(N_("Choose met or not met"))
    if on < plan.deadline:
        raise PlanError(
            N_("The re-assessment can be recorded from the deadline, %(deadline)s"),
            deadline=plan.deadline.isoformat(),
        )
    if not (note or "").strip():
        raise PlanError(N_("Write what the re-assessment found"))
    plan.result, plan.result_note, plan.result_on = result, note.strip(), on
    plan.result_by_name = by.name if by else ""
    audit.record(
        "improvement_plan.result_recorded",
        target=audit.Target("improvement_plan", plan.id, plan.trainee.username),
        after={"result": result, "note": plan.result_note, "on": on},
        actor=by,
    )
    db.session.flush()
    return plan


def plans_in(cohort_id: int, trainee_id: int | None = None) -> list[ImprovementPlan]:
    query = select(ImprovementPlan).where(ImprovementPlan.cohort_id == cohort_id)
    if trainee_id is not None:
        query = query.where(ImprovementPlan.trainee_id == trainee_id)
    return list(db.session.scalars(query.order_by(ImprovementPlan.opened_on, ImprovementPlan.id)))


def plans_of_user(user_id: int) -> list[ImprovementPlan]:
    """A trainee's own plans, newest first (their home page)."""
    return list(
        db.session.scalars(
            select(ImprovementPlan)
            .where(ImprovementPlan.trainee_id == user_id)
            .order_by(ImprovementPlan.opened_on.desc(), ImprovementPlan.id.desc())
        )
    )


def facts(plan: ImprovementPlan) -> PlanFacts:
    return PlanFacts(
        plan_id=plan.id,
        opened_on=plan.opened_on,
        step=plan.step,
        training_count=len(plan.training),
        reassignment=plan.reassignment,
        deadline=plan.deadline,
        result=plan.result,
        result_on=plan.result_on,
    )


def plan_dict(plan: ImprovementPlan) -> dict:
    """The plan as stored with a decision and written to the dossier."""
    return {
        "plan_id": plan.id,
        "opened_on": plan.opened_on.isoformat(),
        "opened_by": plan.opened_by_name,
        "shortfall": plan.shortfall,
        "step": plan.step,
        "training": [item["title"] for item in plan.training],
        "reassignment": plan.reassignment,
        "deadline": plan.deadline.isoformat(),
        "reassessment": plan.reassessment,
        "result": plan.result,
        "result_note": plan.result_note,
        "result_on": plan.result_on.isoformat() if plan.result_on else None,
        "result_by": plan.result_by_name,
    }
