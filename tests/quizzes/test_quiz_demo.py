"""The demo loader: one module quiz per module, demo attempts, an essay queue; idempotent."""

from decimal import Decimal

from core.extensions import db
from courses.results import module_titles
from quizzes.demo import load_demo_quizzes, load_question_bank
from quizzes.marking.services import grading_queue
from quizzes.models import Attempt, Quiz
from quizzes.results import module_quiz_passed
from quizzes.statistics.services import quiz_report


def test_demo_quizzes_load_once_with_real_statistics():
    load_question_bank()
    summary = load_demo_quizzes()
    assert summary.startswith("10 demo quizzes created")
    modules = db.session.scalars(db.select(Quiz).where(Quiz.module_slug.is_not(None))).all()
    assert sorted(q.module_slug for q in modules) == sorted(module_titles())
    quiz = next(q for q in modules if q.module_slug == "intro")
    assert (len(quiz.slots), quiz.pass_mark, quiz.attempts_allowed, quiz.time_limit_minutes) == (
        10,
        Decimal(60),
        2,
        20,
    )
    report, _questions = quiz_report(quiz, "all")
    assert report.quiz.attempt_count == 8 and report.quiz.cic is not None
    assert len(grading_queue()) == 3  # the practice quiz's essays
    attempt = db.session.scalars(db.select(Attempt).where(Attempt.quiz_id == quiz.id)).first()
    assert module_quiz_passed(attempt.user_id, "intro") is not None
    assert load_demo_quizzes() == "0 demo quizzes created, 0 demo attempts added"
