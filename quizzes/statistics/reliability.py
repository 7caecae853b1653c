"""A quiz's reliability for other areas (the measurement band, the what-if of voiding a
question): Cronbach's alpha, its standard error and the flagged questions, over the attempts
the quiz's grading method counts. Read through quizzes.results."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from quizzes.models import Question, Quiz
from quizzes.statistics.calculations import compute_statistics
from quizzes.statistics.services import attempt_rows

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
