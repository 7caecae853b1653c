"""Quiz set-up services: settings and question slots. Flush, never commit."""

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from core.clock import as_utc
from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from quizzes.models import Question, QuestionCategory, Quiz, QuizSlot
from quizzes.models.attempts import GRADING_METHODS, REVIEW_WHEN


@dataclass
class QuizSettings:
    """Everything a trainer sets on a quiz (times in UTC); defaults are a new quiz's."""

    title: str
    description: str = ""
    module_slug: str | None = None
    published: bool = True
    time_limit_minutes: int | None = None
    grace_seconds: int = 60
    open_at: datetime | None = None
    close_at: datetime | None = None
    attempts_allowed: int = 0  # 0 = unlimited
    grading_method: str = "highest"
    pass_mark: Decimal = Decimal(60)  # percent
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    questions_per_page: int = 0  # 0 = all on one page
    review_score: str = "after_submit"
    review_answers: str = "after_submit"
    review_feedback: str = "after_submit"


def get_quiz_or_404(quiz_id: int, *, published_only: bool = False) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or (published_only and not quiz.published):
        raise NotFound(N_("This quiz does not exist."))
    return quiz


def save_settings(quiz: Quiz | None, settings: QuizSettings, user: User | None = None) -> Quiz:
    """Create a quiz (quiz None) or change its settings."""
    if not (settings.title or "").strip():
        raise DomainError(N_("Give the quiz a title."))
    if settings.grading_method not in GRADING_METHODS:
        raise DomainError(N_("Unknown grading method."))
    reviews = (settings.review_score, settings.review_answers, settings.review_feedback)
    if any(when not in REVIEW_WHEN for when in reviews):
        raise DomainError(N_("Unknown review option."))
    if not Decimal(0) <= Decimal(settings.pass_mark) <= Decimal(100):
        raise DomainError(N_("The pass mark must be between 0 and 100."))
    open_at, close_at = settings.open_at, settings.close_at
    if open_at and close_at and as_utc(close_at) <= as_utc(open_at):
        raise DomainError(N_("The quiz must close after it opens."))
    if quiz is None:
        quiz = Quiz(created_by_id=user.id if user else None)
        db.session.add(quiz)
    for setting in fields(settings):
        setattr(quiz, setting.name, getattr(settings, setting.name))
    quiz.title = quiz.title.strip()
    quiz.module_slug = (quiz.module_slug or "").strip() or None
    db.session.flush()
    return quiz


def _next_position(quiz: Quiz) -> int:
    return max((s.position for s in quiz.slots), default=0) + 1


def add_fixed_question(quiz: Quiz, question_id: int, mark: Decimal = Decimal(1)) -> QuizSlot:
    """Add one question of the bank as the next slot."""
    question = db.session.get(Question, question_id)
    if question is None or question.archived:
        raise NotFound(N_("This question does not exist."))
    if any(s.question_id == question_id for s in quiz.slots):
        raise Conflict(N_("This question is already in the quiz."))
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
        raise NotFound(N_("This category does not exist."))
    if not 1 <= count <= 100:
        raise DomainError(N_("Draw between 1 and 100 questions."))
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
        raise NotFound(N_("This question slot does not exist."))
    quiz.slots.remove(slot)
    db.session.flush()
    for number, remaining in enumerate(sorted(quiz.slots, key=lambda s: s.position), start=1):
        remaining.position = -number  # two steps: positions are unique per quiz
    db.session.flush()
    for remaining in quiz.slots:
        remaining.position = -remaining.position
    db.session.flush()
