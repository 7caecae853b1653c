"""Essay grades and regrades leave an audit trail (issue 11, item 9): a regrade replaces the
mark on the answer, the log keeps the earlier one."""

from decimal import Decimal

from sqlalchemy import select

from core.audit import AuditEvent
from core.extensions import db
from quizzes.marking import services as marking
from quizzes.taking import services as svc
from tests.quizzes.quiz_factories import T0, make_quiz, new_version, take


def _entries(action):
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return db.session.scalars(query).all()


def graded_essay(make_user):
    """A finished attempt whose essay a trainer graded with 1 of 2 rubric points."""
    trainee, trainer = make_user(), make_user(roles={"trainer"})
    attempt = svc.start_attempt(make_quiz(types=["essay"]), trainee, T0)
    [essay] = attempt.items
    svc.save_answer(attempt, essay.question_id, "按月检查，核对资金流向。", T0)
    svc.submit_attempt(attempt, T0)
    marking.grade_essay(essay, trainer, T0, levels=[1, 0], comment="初评")
    return essay, trainer


def test_an_essay_regrade_keeps_the_earlier_mark_in_the_log(make_user):
    essay, first_grader = graded_essay(make_user)
    second = make_user(roles={"trainer"})
    marking.grade_essay(essay, second, T0, levels=[1, 1], comment="复核")
    [graded] = _entries("quiz_answer.graded")
    [regraded] = _entries("quiz_answer.regraded")
    assert graded.actor_id == first_grader.id and regraded.actor_id == second.id
    assert regraded.before["awarded"] == "0.50" and regraded.before["comment"] == "初评"
    assert regraded.after["awarded"] == "1.00" and essay.awarded == Decimal("1.00")


def test_a_regrade_against_a_fixed_question_is_logged_per_answer(make_user):
    trainer = make_user(roles={"trainer"})
    quiz = make_quiz(types=["single"])
    take(quiz, make_user(), 0)
    question = quiz.slots[0].question
    choices = [dict(c) for c in question.latest.spec["choices"]]
    choices[1]["fraction"] = "1"
    new_version(question, choices=choices)
    marking.apply_regrade(quiz, trainer, T0)
    [entry] = _entries("quiz_answer.auto_regraded")
    assert entry.before["awarded"] == "0.00" and entry.after["awarded"] == "1.00"
    assert entry.before["version_id"] != entry.after["version_id"]
