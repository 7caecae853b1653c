"""Item analysis of a quiz from its finished attempts (formulas in statistics/calculations.py)."""

from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from quizzes.grading_methods import ATTEMPT_SELECTIONS
from quizzes.models import Attempt, AttemptItem, Question, Quiz
from quizzes.models.attempts import FINISHED
from quizzes.statistics.calculations import StatisticsReport, compute_statistics

FLAGS = ("too_easy", "too_hard", "negative_discrimination", "weak_discrimination", "dubious")


def attempt_rows(quiz: Quiz) -> list[dict]:
    """Finished attempts in the shape compute_statistics reads: two statements of plain columns.

    Only marks are read. Loading the attempts as ORM objects with their items and the items'
    question versions (each a JSON spec) was most of the manager's board page, which asks for
    the quiz's reliability on every view (bench/RESULTS.md, issue 14).
    """
    finished = (Attempt.quiz_id == quiz.id, Attempt.state == FINISHED)
    rows = {
        attempt.id: {
            "attempt_id": attempt.id,
            "user_id": attempt.user_id,
            "attempt_number": attempt.number,
            "total": attempt.total,
            "max_total": attempt.max_total,
            "items": {},
        }
        for attempt in db.session.execute(
            select(Attempt.id, Attempt.user_id, Attempt.number, Attempt.total, Attempt.max_total)
            .where(*finished)
            .order_by(Attempt.id)
        )
    }
    marks = db.session.execute(
        select(
            AttemptItem.attempt_id,
            AttemptItem.question_id,
            AttemptItem.awarded,
            AttemptItem.max_mark,
        )
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(*finished, AttemptItem.max_mark != 0)  # descriptions carry no mark
        .order_by(AttemptItem.attempt_id, AttemptItem.position)
    )
    for attempt_id, question_id, awarded, max_mark in marks:
        if attempt_id in rows:  # an attempt finished between the two statements is left out
            rows[attempt_id]["items"][question_id] = (awarded, max_mark)
    return list(rows.values())


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
