"""Filing: renaming and deleting categories, moving questions between them. Flush, never commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.domain import N_, Conflict, DomainError
from core.extensions import db
from quizzes.models.bank import Question, QuestionCategory


def _descendants(category: QuestionCategory) -> list[QuestionCategory]:
    prefix = category.path + "/"
    return list(
        db.session.scalars(
            select(QuestionCategory).where(
                QuestionCategory.path.startswith(prefix, autoescape=True)
            )
        )
    )


def rename_category(category: QuestionCategory, name: str) -> None:
    """Give a category a new name; its subcategories' paths follow. Quizzes keep their draws."""
    name = " ".join((name or "").replace("/", " ").split())
    if not name:
        raise DomainError(N_("Give the category a name."))
    if len(name) > 200:
        raise DomainError(N_("The category name is too long."))
    parent_path = category.path.rpartition("/")[0] if category.parent_id else ""
    new_path = f"{parent_path}/{name}" if parent_path else name
    if new_path == category.path:
        return
    taken = db.session.scalar(select(QuestionCategory.id).where(QuestionCategory.path == new_path))
    if taken is not None:
        raise Conflict(N_("A category with this name already exists here."))
    old_prefix = category.path
    for child in _descendants(category):
        child.path = new_path + child.path[len(old_prefix) :]
    category.name = name
    category.path = new_path
    db.session.flush()


def delete_category(category: QuestionCategory) -> None:
    """Delete an empty category (no questions, archived or not, and no subcategories)."""
    has_children = db.session.scalar(
        select(func.count(QuestionCategory.id)).where(QuestionCategory.parent_id == category.id)
    )
    has_questions = db.session.scalar(
        select(func.count(Question.id)).where(Question.category_id == category.id)
    )
    if has_children or has_questions:
        raise Conflict(N_("Only an empty category can be deleted: move its questions first."))
    try:
        with db.session.begin_nested():
            db.session.delete(category)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            N_("A quiz draws questions from this category; it cannot be deleted.")
        ) from None


def move_questions(questions: list[Question], category: QuestionCategory) -> int:
    """File questions in another category; their content and versions do not change."""
    for question in questions:
        question.category = category
        latest = question.latest
        latest.spec = {**latest.spec, "category": category.path}
    db.session.flush()
    return len(questions)
