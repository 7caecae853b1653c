"""Quiz set-up services: settings and question slots. Flush, never commit."""

from decimal import Decimal

from flask_babel import gettext as _

from core.clock import as_utc
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from quizzes.models import Question, QuestionCategory, Quiz, QuizSlot
from quizzes.models.attempts import GRADING_METHODS, REVIEW_WHEN

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
