"""Item analysis of a quiz from its finished attempts (formulas in statistics/calculations.py)."""

from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from quizzes.grading_methods import ATTEMPT_SELECTIONS
from quizzes.models import Attempt, AttemptItem, Question, Quiz
from quizzes.models.attempts import FINISHED
from quizzes.statistics.calculations import StatisticsReport, compute_statistics

FLAGS = ("too_easy", "too_hard", "negative_discrimination", "weak_discrimination", "dubious")


def attempt_rows(quiz: Quiz) -> list[dict]:
    """Finished attempts in the shape compute_statistics reads (one query for everything)."""
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.state == FINISHED)
        .options(selectinload(Attempt.items).selectinload(AttemptItem.version))
        .order_by(Attempt.id)
    ).all()
    rows = []
    for attempt in attempts:
        items = {
            item.question_id: (item.awarded, item.max_mark)
            for item in attempt.items
            if item.max_mark  # descriptions carry no mark
        }
        rows.append(
            {
                "attempt_id": attempt.id,
                "user_id": attempt.user_id,
                "attempt_number": attempt.number,
                "total": attempt.total,
                "max_total": attempt.max_total,
                "items": items,
            }
        )
    return rows


def quiz_report(quiz: Quiz, which: str) -> tuple[StatisticsReport, dict[int, Question]]:
    """The report over the attempts `which` selects, and the questions it mentions."""
    if which not in ATTEMPT_SELECTIONS:
        which = "first"
    report = compute_statistics(attempt_rows(quiz), which)
    ids = [q.question_id for q in report.questions]
    questions = (
        {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
        if ids
        else {}
    )
    return report, questions


def _num(value):
    if isinstance(value, float | Decimal):
        return round(float(value), 4)
    return value


def report_json(quiz: Quiz, report: StatisticsReport, questions: dict[int, Question]) -> dict:
    """JSON-ready statistics: numbers as floats (4 places), flags per question."""
    rows = []
    for q in report.questions:
        row = {key: _num(value) for key, value in asdict(q).items()}
        question = questions.get(q.question_id)
        row["name"] = question.name if question else ""
        row["flags"] = [flag for flag in FLAGS if getattr(q, flag)]
        rows.append(row)
    return {
        "quiz_id": quiz.id,
        "title": quiz.title,
        "quiz": {key: _num(value) for key, value in asdict(report.quiz).items()},
        "questions": rows,
    }
