"""Fixtures for tests that need a quiz committed for real (no_db_isolation tests)."""

import pytest
from sqlalchemy import delete

from core.extensions import db
from core.models import User
from quizzes.models import Attempt, Question, QuestionCategory, Quiz
from tests.factories import make_user
from tests.quizzes.quiz_factories import make_quiz


@pytest.fixture
def committed(body_app):
    """A trainee and a 4-question quiz committed for real; removed afterwards."""
    with body_app.app_context():
        user = make_user(roles={"trainee"})
        quiz = make_quiz(types=["single", "truefalse", "numerical", "single"])
        ids = {"user": user.id, "quiz": quiz.id, "questions": [s.question_id for s in quiz.slots]}
        category_id = quiz.slots[0].question.category_id
    yield ids
    with body_app.app_context():
        db.session.execute(delete(Attempt).where(Attempt.quiz_id == ids["quiz"]))
        db.session.execute(delete(Quiz).where(Quiz.id == ids["quiz"]))
        db.session.execute(delete(Question).where(Question.id.in_(ids["questions"])))
        db.session.execute(delete(QuestionCategory).where(QuestionCategory.id == category_id))
        db.session.execute(delete(User).where(User.id == ids["user"]))
        db.session.commit()
