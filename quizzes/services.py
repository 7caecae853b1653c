"""Quiz services: settings and slots, the essay grading queue, regrades. Flush, never commit."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from core.clock import as_utc
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from quizzes.attempts import CENT, grade_item, update_total
from quizzes.models import (
    Attempt,
    AttemptItem,
    Question,
    QuestionCategory,
    Quiz,
    QuizSlot,
    RegradeLog,
)
from quizzes.models.attempts import FINISHED, GRADING_METHODS, REVIEW_WHEN

SETTINGS = (
    "title",
    "description",
    "module_slug",
    "published",
    "time_limit_minutes",
    "grace_seconds",
    "open_at",
    "close_at",
    "attempts_allowed",
    "grading_method",
    "pass_mark",
    "shuffle_questions",
    "shuffle_choices",
    "questions_per_page",
    "review_score",
    "review_answers",
    "review_feedback",
)


def get_quiz_or_404(quiz_id: int, *, published_only: bool = False) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or (published_only and not quiz.published):
        raise NotFound(_("This quiz does not exist."))
    return quiz


def save_settings(quiz: Quiz | None, data: dict, user: User | None = None) -> Quiz:
    """Create a quiz (quiz None) or change its settings from a dict of SETTINGS keys."""
    if not (data.get("title") or "").strip():
        raise DomainError(_("Give the quiz a title."))
    if data.get("grading_method", "highest") not in GRADING_METHODS:
        raise DomainError(_("Unknown grading method."))
    for key in ("review_score", "review_answers", "review_feedback"):
        if data.get(key, "after_submit") not in REVIEW_WHEN:
            raise DomainError(_("Unknown review option."))
    pass_mark = Decimal(str(data.get("pass_mark", 60)))
    if not Decimal(0) <= pass_mark <= Decimal(100):
        raise DomainError(_("The pass mark must be between 0 and 100."))
    open_at, close_at = data.get("open_at"), data.get("close_at")
    if open_at and close_at and as_utc(close_at) <= as_utc(open_at):
        raise DomainError(_("The quiz must close after it opens."))
    if quiz is None:
        quiz = Quiz(created_by_id=user.id if user else None)
        db.session.add(quiz)
    for key in SETTINGS:
        if key in data:
            setattr(quiz, key, data[key])
    quiz.title = quiz.title.strip()
    quiz.module_slug = (quiz.module_slug or "").strip() or None
    db.session.flush()
    return quiz


def _next_position(quiz: Quiz) -> int:
    return max((s.position for s in quiz.slots), default=0) + 1


def _has_attempts(quiz: Quiz) -> bool:
    return (
        db.session.scalar(select(Attempt.id).where(Attempt.quiz_id == quiz.id).limit(1)) is not None
    )


def add_fixed_question(quiz: Quiz, question_id: int, mark: Decimal = Decimal(1)) -> QuizSlot:
    """Add one question of the bank as the next slot."""
    question = db.session.get(Question, question_id)
    if question is None or question.archived:
        raise NotFound(_("This question does not exist."))
    if any(s.question_id == question_id for s in quiz.slots):
        raise Conflict(_("This question is already in the quiz."))
    slot = QuizSlot(position=_next_position(quiz), question_id=question_id, mark=mark)
    quiz.slots.append(slot)
    db.session.flush()
    return slot


def add_random_questions(
    quiz: Quiz, category_id: int, count: int, mark: Decimal = Decimal(1)
) -> list[QuizSlot]:
    """Add count slots, each drawing a different random question of the category per attempt."""
    category = db.session.get(QuestionCategory, category_id)
    if category is None:
        raise NotFound(_("This category does not exist."))
    if not 1 <= count <= 100:
        raise DomainError(_("Draw between 1 and 100 questions."))
    slots = []
    for _n in range(count):
        slot = QuizSlot(position=_next_position(quiz), category_id=category.id, mark=mark)
        quiz.slots.append(slot)
        slots.append(slot)
    db.session.flush()
    return slots


def remove_slot(quiz: Quiz, slot_id: int) -> None:
    """Remove a slot and renumber the rest (attempts keep their own copy of the questions)."""
    slot = next((s for s in quiz.slots if s.id == slot_id), None)
    if slot is None:
        raise NotFound(_("This question slot does not exist."))
    quiz.slots.remove(slot)
    db.session.flush()
    for number, remaining in enumerate(sorted(quiz.slots, key=lambda s: s.position), start=1):
        remaining.position = -number  # two steps: positions are unique per quiz
    db.session.flush()
    for remaining in quiz.slots:
        remaining.position = -remaining.position
    db.session.flush()


# --- essay grading queue -------------------------------------------------------------------


def grading_queue(quiz_id: int | None = None) -> list[AttemptItem]:
    """Submitted essay answers waiting for a trainer, oldest submission first."""
    query = (
        select(AttemptItem)
        .join(Attempt)
        .where(AttemptItem.needs_grading.is_(True), Attempt.state == FINISHED)
        .order_by(Attempt.submitted_at, AttemptItem.id)
    )
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    return list(db.session.scalars(query))


def get_item_or_404(item_id: int) -> AttemptItem:
    item = db.session.get(AttemptItem, item_id)
    if item is None or item.attempt.state != FINISHED:
        raise NotFound(_("This answer does not exist."))
    return item


def rubric_points(spec: dict, levels: list[int | None]) -> tuple[Decimal, Decimal]:
    """(points scored, points possible) for one chosen level index per rubric criterion."""
    rubric = spec.get("rubric") or []
    if len(levels) != len(rubric) or any(level is None for level in levels):
        raise DomainError(_("Choose a level for every criterion."))
    scored = possible = Decimal(0)
    for row, level in zip(rubric, levels, strict=True):
        points = [Decimal(str(lv.get("points", 0))) for lv in row.get("levels") or []]
        if not 0 <= level < len(points):
            raise DomainError(_("Choose a level for every criterion."))
        scored += points[level]
        possible += max(points)
    return scored, possible


def grade_essay(
    item: AttemptItem,
    grader: User,
    now: datetime,
    *,
    levels: list[int | None] | None = None,
    mark: str | None = None,
    comment: str = "",
) -> AttemptItem:
    """Give an essay its mark, from rubric levels when the question has a rubric, else directly."""
    if item.spec.get("type") != "essay":
        raise DomainError(_("Only essay answers are graded by hand."))
    if item.spec.get("rubric"):
        scored, possible = rubric_points(item.spec, levels or [])
        fraction = scored / possible if possible else Decimal(0)
        item.rubric_scores = levels
    else:
        try:
            awarded = Decimal(str(mark).strip())
        except (InvalidOperation, ValueError):
            raise DomainError(_("Enter the mark as a number.")) from None
        if not Decimal(0) <= awarded <= item.max_mark:
            raise DomainError(_("The mark must be between 0 and %(max)s.", max=item.max_mark))
        fraction = awarded / item.max_mark if item.max_mark else Decimal(0)
    item.fraction = fraction.quantize(Decimal("0.000001"))
    item.awarded = (fraction * item.max_mark).quantize(CENT)
    item.needs_grading = False
    item.grader_comment = (comment or "").strip()[:5000]
    item.graded_by_id, item.graded_at = grader.id, now
    update_total(item.attempt)
    db.session.flush()
    return item


# --- regrade --------------------------------------------------------------------------------


@dataclass
class RegradeChange:
    attempt: Attempt
    item: AttemptItem
    new_version_id: int
    old_awarded: Decimal | None
    new_awarded: Decimal | None


def _regrade_candidates(quiz: Quiz) -> list[tuple[AttemptItem, object]]:
    """(item, latest version) for finished, auto-graded items whose question has a newer version."""
    items = db.session.scalars(
        select(AttemptItem)
        .join(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.state == FINISHED)
    ).all()
    out = []
    for item in items:
        latest = db.session.get(Question, item.question_id).latest
        if latest.id != item.version_id and latest.spec.get("type") not in ("essay", "description"):
            out.append((item, latest))
    return out


def regrade_preview(quiz: Quiz) -> list[RegradeChange]:
    """Dry run: the items a regrade against each question's latest version would change."""
    from quizzes.grading import grade

    changes = []
    for item, latest in _regrade_candidates(quiz):
        fraction = grade(latest.spec, item.response) or Decimal(0)
        new_awarded = (fraction * item.max_mark).quantize(CENT)
        changes.append(RegradeChange(item.attempt, item, latest.id, item.awarded, new_awarded))
    return changes


def apply_regrade(quiz: Quiz, user: User, now: datetime) -> list[RegradeChange]:
    """Move the attempts to the fixed versions, regrade them and log each change."""
    changes = regrade_preview(quiz)
    for change in changes:
        item, attempt = change.item, change.attempt
        old_total, old_version = attempt.total, item.version_id
        item.version_id = change.new_version_id
        db.session.flush()
        db.session.refresh(item, ["version"])
        grade_item(item)
        update_total(attempt)
        db.session.add(
            RegradeLog(
                attempt_id=attempt.id,
                question_id=item.question_id,
                old_version_id=old_version,
                new_version_id=change.new_version_id,
                old_awarded=change.old_awarded,
                new_awarded=item.awarded,
                old_total=old_total,
                new_total=attempt.total,
                changed_by_id=user.id,
                created_at=now,
            )
        )
    db.session.flush()
    return changes


def regrade_log(quiz: Quiz) -> list[RegradeLog]:
    return list(
        db.session.scalars(
            select(RegradeLog)
            .join(Attempt)
            .where(Attempt.quiz_id == quiz.id)
            .order_by(RegradeLog.created_at.desc(), RegradeLog.id.desc())
        )
    )
