"""Small read functions other areas may call (courses, assessment). Read-only, no commits.

Grades are percentages 0-100 (Decimal, two places), combined over the trainee's finished
attempts by the quiz's grading method (`quizzes.grading_methods.combine_attempt_grades`).
Attempts still waiting for an essay grade do not count yet.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.permissions import has_permission
from courses.related import QUIZ, QUIZ_LIST, RelatedLink
from quizzes.grading_methods import combine_attempt_grades
from quizzes.models import Attempt, AttemptItem, Question, QuestionCategory, Quiz
from quizzes.models.attempts import FINISHED
from quizzes.question_types import question_type

# Item reliability lives with the statistics; other areas read it through this module.
from quizzes.statistics.reliability import (
    MIN_ATTEMPTS_FOR_ALPHA as MIN_ATTEMPTS_FOR_ALPHA,
)
from quizzes.statistics.reliability import (
    MIN_ITEMS_FOR_ALPHA as MIN_ITEMS_FOR_ALPHA,
)
from quizzes.statistics.reliability import FlaggedQuestion as FlaggedQuestion
from quizzes.statistics.reliability import QuizReliability as QuizReliability
from quizzes.statistics.reliability import reliability as reliability

CENT = Decimal("0.01")


def quiz_choices() -> list[tuple[int, str]]:
    """(id, title) of every published quiz, by title, for other areas' select boxes."""
    rows = db.session.execute(
        select(Quiz.id, Quiz.title).where(Quiz.published.is_(True)).order_by(Quiz.title, Quiz.id)
    )
    return [(quiz_id, title) for quiz_id, title in rows]


def _finished_attempts(user_id: int, quiz_id: int) -> list[Attempt]:
    query = (
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.state == FINISHED)
        .order_by(Attempt.number)
    )
    return list(db.session.scalars(query))


def _grade(quiz: Quiz, attempts: list[Attempt]) -> Decimal | None:
    grade = combine_attempt_grades(quiz.grading_method, [a.percent for a in attempts])
    return None if grade is None else grade.quantize(CENT)


def grade_for(user_id: int, quiz_id: int) -> Decimal | None:
    """The trainee's quiz grade in percent (0-100), or None without a graded attempt."""
    return standing(user_id, quiz_id).grade


def grades_for(
    quiz_id: int, user_ids: list[int], void_question_ids=()
) -> dict[int, Decimal | None]:
    """``grade_for`` for many trainees in two queries: {user id: grade or None}.

    ``void_question_ids``: grade as if those questions had been voided (their marks and
    maximum left out of every attempt), for another area's what-if; nothing is changed.
    """
    user_ids = list(user_ids)
    grades: dict[int, Decimal | None] = dict.fromkeys(user_ids)
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not user_ids:
        return grades
    rows = db.session.execute(
        select(Attempt.id, Attempt.user_id, Attempt.total, Attempt.max_total)
        .where(Attempt.quiz_id == quiz_id, Attempt.user_id.in_(user_ids), Attempt.state == FINISHED)
        .order_by(Attempt.user_id, Attempt.number)
    ).all()
    voided = _voided_marks([row.id for row in rows], void_question_ids)
    percents: dict[int, list[Decimal | None]] = {}
    for row in rows:
        total, max_total = row.total, row.max_total
        if row.id in voided:
            awarded, max_mark = voided[row.id]
            total = None if total is None else total - awarded
            max_total = max_total - max_mark
        # Attempt.percent's own formula, applied to the row's total and max_total.
        percents.setdefault(row.user_id, []).append(Attempt.percent.fget(_Totals(total, max_total)))
    for user_id, attempt_percents in percents.items():
        grade = combine_attempt_grades(quiz.grading_method, attempt_percents)
        grades[user_id] = None if grade is None else grade.quantize(CENT)
    return grades


@dataclass(frozen=True)
class _Totals:
    total: Decimal | None
    max_total: Decimal | None


def _voided_marks(attempt_ids: list[int], question_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """{attempt id: (awarded, max mark)} summed over the voided questions it contains."""
    question_ids = list(question_ids)
    if not question_ids or not attempt_ids:
        return {}
    rows = db.session.execute(
        select(AttemptItem.attempt_id, AttemptItem.awarded, AttemptItem.max_mark).where(
            AttemptItem.attempt_id.in_(attempt_ids), AttemptItem.question_id.in_(question_ids)
        )
    )
    found: dict[int, tuple[Decimal, Decimal]] = {}
    for attempt_id, awarded, max_mark in rows:
        before = found.get(attempt_id, (Decimal(0), Decimal(0)))
        found[attempt_id] = (before[0] + (awarded or 0), before[1] + (max_mark or 0))
    return found


@dataclass(frozen=True)
class QuizStanding:
    """A trainee's grade on one quiz (percent, or None without a graded attempt) and whether it
    reaches the quiz's pass mark."""

    grade: Decimal | None
    passed: bool


def standing(user_id: int, quiz_id: int) -> QuizStanding:
    """grade_for and passed together, from one read of the quiz and its attempts (a
    certification checklist shows both for each quiz it requires)."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        return QuizStanding(None, False)
    grade = _grade(quiz, _finished_attempts(user_id, quiz_id))
    return QuizStanding(grade, grade is not None and grade >= quiz.pass_mark)


def passed(user_id: int, quiz_id: int) -> bool:
    """Whether the trainee's quiz grade reaches the quiz's pass mark."""
    return standing(user_id, quiz_id).passed


def module_quizzes(module_slug: str) -> list[tuple[int, str]]:
    """(id, title) of the module's published quizzes; link them with url_for("quizzes.quiz_detail",
    quiz_id=id)."""
    rows = db.session.execute(
        select(Quiz.id, Quiz.title)
        .where(Quiz.module_slug == module_slug, Quiz.published.is_(True))
        .order_by(Quiz.id)
    )
    return [(quiz_id, title) for quiz_id, title in rows]


def module_quiz_links(user, module_slug: str) -> list[RelatedLink]:
    """The module page's links to its published quizzes and to the quiz list, for users who
    may take quizzes (a courses.related provider, registered in quizzes.init_app)."""
    if not has_permission(user, "quiz.take"):
        return []
    links = [
        RelatedLink(QUIZ, title, url_for("quizzes.quiz_detail", quiz_id=quiz_id))
        for quiz_id, title in module_quizzes(module_slug)
    ]
    return [*links, RelatedLink(QUIZ_LIST, _("Quizzes"), url_for("quizzes.quiz_list"))]


def module_quiz_passed(user_id: int, module_slug: str) -> bool | None:
    """True/False for the module's quiz (passed any of them when there are several);
    None when the module has no published quiz."""
    quiz_ids = db.session.scalars(
        select(Quiz.id).where(Quiz.module_slug == module_slug, Quiz.published.is_(True))
    ).all()
    if not quiz_ids:
        return None
    return any(passed(user_id, quiz_id) for quiz_id in quiz_ids)


def attempts_summary(user_id: int) -> list[dict]:
    """Per quiz the trainee attempted: quiz id/title, attempts, finished, grade, passed."""
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.quiz_id, Attempt.number)
    ).all()
    by_quiz: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    summary = []
    for quiz_id, rows in by_quiz.items():
        quiz = rows[0].quiz
        finished = [a for a in rows if a.state == FINISHED]
        grade = _grade(quiz, finished)
        summary.append(
            {
                "quiz_id": quiz_id,
                "title": quiz.title,
                "module_slug": quiz.module_slug,
                "attempts": len(rows),
                "finished": len(finished),
                "grade": grade,
                "passed": grade is not None and grade >= quiz.pass_mark,
            }
        )
    return summary


def module_completion_check(user_id: int, module_slug: str) -> bool | None:
    """Registered in app.extensions["module_completion_checks"] for the courses area."""
    return module_quiz_passed(user_id, module_slug)


@dataclass(frozen=True)
class GradedAnswer:
    """One auto-graded answer of a finished attempt, as the practice area records it."""

    item_id: int
    user_id: int
    question_id: int
    version_id: int  # the version the trainee answered
    category_id: int
    module_slug: str | None  # the quiz's module
    response: object
    fraction: Decimal  # of the mark earned, 0-1
    answered_at: datetime


def graded_answers(attempt_id: int) -> list[GradedAnswer]:
    """The auto-graded answers of a finished attempt with their current marks (after any
    regrade); essays and descriptions are left out, so is an unfinished attempt."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.state != FINISHED:
        return []
    items = db.session.execute(
        select(AttemptItem, Question.category_id)
        .join(Question, Question.id == AttemptItem.question_id)
        .where(AttemptItem.attempt_id == attempt_id)
        .order_by(AttemptItem.position)
    )
    return [
        GradedAnswer(
            item_id=item.id,
            user_id=attempt.user_id,
            question_id=item.question_id,
            version_id=item.version_id,
            category_id=category_id,
            module_slug=attempt.quiz.module_slug,
            response=item.response,
            fraction=Decimal(item.fraction).quantize(Decimal("0.0001")),
            answered_at=attempt.submitted_at,
        )
        for item, category_id in items
        if item.fraction is not None and question_type(item.spec).auto_graded
    ]


def module_question_ids(module_slug: str) -> list[int]:
    """Questions a module's published quizzes ask: their fixed questions and every question of
    the categories their random slots draw from (archived ones included; callers filter)."""
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.module_slug == module_slug, Quiz.published.is_(True))
    ).all()
    ids = {slot.question_id for quiz in quizzes for slot in quiz.slots if slot.question_id}
    for category in {slot.category for quiz in quizzes for slot in quiz.slots if slot.category}:
        ids.update(
            db.session.scalars(
                select(Question.id)
                .join(QuestionCategory)
                .where(
                    (QuestionCategory.id == category.id)
                    | QuestionCategory.path.startswith(category.path + "/")
                )
            )
        )
    return sorted(ids)


def quiz_module_slugs() -> list[str]:
    """Modules that have at least one published quiz."""
    return list(
        db.session.scalars(
            select(Quiz.module_slug)
            .where(Quiz.module_slug.is_not(None), Quiz.published.is_(True))
            .distinct()
            .order_by(Quiz.module_slug)
        )
    )


def finished_attempt_ids(user_ids: list[int] | None = None) -> list[int]:
    """Ids of finished attempts (of the given users, or of everyone), oldest first."""
    query = select(Attempt.id).where(Attempt.state == FINISHED)
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(user_ids))
    return list(db.session.scalars(query.order_by(Attempt.submitted_at, Attempt.id)))
