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
from quizzes.statistics.calculations import compute_statistics
from quizzes.statistics.services import attempt_rows

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
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        return None
    return _grade(quiz, _finished_attempts(user_id, quiz_id))


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


# Fewer attempts or items than this and Cronbach's alpha is too unstable to build on.
MIN_ATTEMPTS_FOR_ALPHA = 20
MIN_ITEMS_FOR_ALPHA = 5
# The attempts the quiz grade is made of, as the statistics report selects them.
_SELECTION_FOR_METHOD = {"highest": "highest", "average": "all", "first": "first", "last": "last"}


@dataclass(frozen=True)
class FlaggedQuestion:
    question_id: int
    name: str
    flags: tuple[str, ...]  # negative_discrimination, too_easy, too_hard
    facility: Decimal | None
    discrimination: Decimal | None


@dataclass(frozen=True)
class QuizReliability:
    """What another area needs to know about how precisely a quiz measures (scale 0-100).

    ``alpha`` is Cronbach's alpha (Moodle's CIC / 100), ``sd`` the standard deviation of the
    attempt grades in percent, ``sem`` = sd x sqrt(1 - alpha) in percent; ``problem`` is why
    no SEM is given: "few_attempts", "few_items", "negative_alpha" or "no_alpha" (None when
    the SEM is given)."""

    quiz_id: int
    title: str
    attempt_count: int
    item_count: int
    alpha: Decimal | None
    sd: Decimal | None
    sem: Decimal | None
    problem: str | None
    flagged: tuple[FlaggedQuestion, ...]


def _decimal(value: float | None) -> Decimal | None:
    """A statistic (a float) as other areas compute with it: Decimal, as short as it prints."""
    return None if value is None else Decimal(repr(value))


def _without(rows: list[dict], void: set) -> list[dict]:
    """Attempt rows as if the ``void`` questions were not in the quiz (marks and maximum)."""
    kept = []
    for row in rows:
        gone = [row["items"][q] for q in void if q in row["items"]]
        total = row["total"]
        if total is not None:
            total -= sum((mark or 0 for mark, _max in gone), Decimal(0))
        kept.append(
            {
                **row,
                "total": total,
                "max_total": row["max_total"] - sum((m for _mark, m in gone), Decimal(0)),
                "items": {q: v for q, v in row["items"].items() if q not in void},
            }
        )
    return kept


def reliability(quiz_id: int, void_question_ids=()) -> QuizReliability | None:
    """Item analysis of the quiz over the attempts its grading method counts (the highest,
    first or last of each trainee, or all of them for "average"), as if the
    ``void_question_ids`` were not in it; None for an unknown quiz."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        return None
    rows = _without(attempt_rows(quiz), set(void_question_ids))
    report = compute_statistics(rows, _SELECTION_FOR_METHOD.get(quiz.grading_method, "first"))
    ids = [q.question_id for q in report.questions]
    questions = (
        {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
        if ids
        else {}
    )
    stats = report.quiz
    alpha = None if stats.cic is None else _decimal(stats.cic) / 100
    problem = None
    if stats.attempt_count < MIN_ATTEMPTS_FOR_ALPHA:
        problem = "few_attempts"
    elif len(report.questions) < MIN_ITEMS_FOR_ALPHA:
        problem = "few_items"
    elif alpha is None:
        problem = "no_alpha"
    elif alpha < 0:
        problem = "negative_alpha"
    flagged = []
    for q in report.questions:
        flags = tuple(
            f for f in ("negative_discrimination", "too_easy", "too_hard") if getattr(q, f)
        )
        if flags:
            question = questions.get(q.question_id)
            flagged.append(
                FlaggedQuestion(
                    q.question_id,
                    question.name if question else "",
                    flags,
                    _decimal(q.facility),
                    _decimal(q.discrimination_index),
                )
            )
    return QuizReliability(
        quiz_id=quiz.id,
        title=quiz.title,
        attempt_count=stats.attempt_count,
        item_count=len(report.questions),
        alpha=alpha,
        sd=_decimal(stats.standard_deviation),
        sem=None if problem else _decimal(stats.standard_error),
        problem=problem,
        flagged=tuple(flagged),
    )


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
