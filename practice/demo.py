"""Demo data of the practice area (idempotent; loader order 90, after the quizzes' demo).

- Every finished quiz attempt is recorded, so books and mastery exist for the demo trainees
  (attempts made before the practice area existed included; recording twice changes nothing).
- The demo account `trainee` gets a mistake book: when it has no graded answer yet, it takes the
  first module quiz once and misses (at least) three of its questions.
"""

import random
from datetime import timedelta

from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db
from core.models import User
from practice.book import collect_quiz_attempt
from practice.models import GradedAnswer
from quizzes import results as quiz_results
from quizzes.models import Quiz
from quizzes.question_types import question_type
from quizzes.taking import services as attempt_services

DEMO_TRAINEE = "trainee"
MISSES = 3


def _first_module_quiz() -> Quiz | None:
    return db.session.scalar(
        select(Quiz)
        .where(
            Quiz.module_slug.is_not(None), Quiz.published.is_(True), Quiz.source_key.is_not(None)
        )
        .order_by(Quiz.id)
        .limit(1)
    )


def _take_with_misses(quiz: Quiz, user: User) -> None:
    """One finished attempt two days ago: the first three questions wrong, the rest right."""
    rng = random.Random(17)
    started = now_utc() - timedelta(days=2)
    attempt = attempt_services.start_attempt(quiz, user, started, rng)
    for n, item in enumerate(sorted(attempt.items, key=lambda i: i.position)):
        qtype = question_type(item.spec)
        response = (
            qtype.wrong_response(item.spec) if n < MISSES else qtype.right_response(item.spec)
        )
        if response is not None:
            attempt_services.save_answer(attempt, item.question_id, response, started)
    attempt_services.submit_attempt(attempt, started + timedelta(minutes=12))


def load_demo_book() -> str:
    """Record finished attempts and give the demo trainee a mistake book (see the docstring)."""
    for attempt_id in quiz_results.finished_attempt_ids():
        collect_quiz_attempt(attempt_id)
    user = db.session.scalar(select(User).where(User.username == DEMO_TRAINEE))
    quiz = _first_module_quiz()
    if user is None or quiz is None:
        return "no demo trainee or module quiz: no mistake book"
    has_answers = db.session.scalar(
        select(GradedAnswer.id).where(GradedAnswer.user_id == user.id).limit(1)
    )
    if has_answers is None:
        _take_with_misses(quiz, user)  # the graded-attempt signal fills the book
    db.session.flush()
    return f"mistake book of {DEMO_TRAINEE} ready"
