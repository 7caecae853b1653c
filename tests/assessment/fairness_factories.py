"""A cohort whose stage has a quiz with a flawed question: the what-if and item-quality tests."""

from datetime import UTC, datetime
from decimal import Decimal

from assessment import score_entries, services
from assessment.services import ComponentInput
from core import clock
from core.extensions import db
from quizzes.taking import services as taking
from tests.assessment.factories import add_evaluation, add_kpi, add_stage, make_cohort, set_kpis
from tests.factories import make_user
from tests.quizzes.quiz_factories import RIGHT, T0, make_quiz

AFTER = datetime(2026, 4, 2, tzinfo=UTC)
WRONG_CHOICE = 1  # the second choice of the default single-choice question earns nothing


def answer(quiz, user, rights: list[bool]) -> None:
    """One finished attempt, question n answered right when rights[n]."""
    attempt = taking.start_attempt(quiz, user, T0, None)
    for item, right in zip(attempt.items, rights, strict=True):
        response = RIGHT["single"] if right else WRONG_CHOICE
        taking.save_answer(attempt, item.question_id, response, T0)
    taking.submit_attempt(attempt, T0)


def pattern(level: int) -> list[bool]:
    """Five sound questions answered right up to the trainee's level (0-5); the sixth, flawed,
    answered right only by the weakest (levels 0 and 1): negative discrimination."""
    return [n < level for n in range(5)] + [level <= 1]


def quiz_cohort(trainees: int = 22, rule: dict | None = None):
    """(cohort, users, manager, stage, quiz component, quiz): a stage with the quiz (weight 1)
    and a KPI (weight 1), everyone's KPI 50, quiz answered by the pattern of level i % 6."""
    cohort, users, manager = make_cohort(trainees)
    stage = add_stage(cohort, **(rule or {"bottom_k": "3"}))
    quiz = make_quiz(types=("single",) * 6, published=True, grading_method="first")
    component = services.add_component(
        stage, ComponentInput(name="结业测验", kind="quiz", weight=Decimal(1), ref_id=quiz.id)
    )
    kpi = add_kpi(stage, best="100")
    set_kpis(kpi, "2026-03", {u: 40 + (i * 7) % 23 for i, u in enumerate(users)}, manager)
    for i, user in enumerate(users):
        answer(quiz, user, pattern(i % 6))
    db.session.commit()
    clock.set_now(AFTER)
    return cohort, users, manager, stage, component, quiz


def sheets(component, users, levels):
    """One evaluator's sheets: every criterion at the level index (0 = 优 … 3 = 差) given per
    trainee."""
    criteria = component.config["criteria"]
    return {
        u.id: {c["id"]: c["levels"][level]["id"] for c in criteria}
        for u, level in zip(users, levels, strict=True)
    }


def rubric_cohort(kpis, levels_a, levels_b, **rule):
    """(cohort, users, manager, stage, evaluation): a stage with a KPI and a rubric scored by
    the manager (levels_a) and a trainer (levels_b)."""
    cohort, users, manager = make_cohort(len(kpis))
    stage = add_stage(cohort, **rule)
    kpi = add_kpi(stage, best="100")
    evaluation = add_evaluation(stage)
    set_kpis(kpi, "2026-03", dict(zip(users, kpis, strict=True)), manager)
    trainer = make_user(roles={"trainer"}, display_name="李考评")
    score_entries.save_evaluations(evaluation, manager, sheets(evaluation, users, levels_a))
    score_entries.save_evaluations(evaluation, trainer, sheets(evaluation, users, levels_b))
    db.session.commit()
    clock.set_now(AFTER)
    return cohort, users, manager, stage, evaluation
