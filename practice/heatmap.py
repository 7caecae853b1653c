"""The trainer's heat map of weak spots, and a review quiz made from a weak category.

Cells are mastery (practice/mastery.py): one trainee's in a category, or a cohort's, which is the
mean over its trainees who answered questions of the category. The colour is backed by the
percentage and the level in words, so it never carries meaning alone.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from assessment import results as assessment_results
from core.domain import N_, DomainError, NotFound
from core.extensions import db
from core.models import User, UserRole
from practice.mastery import Mastery, mean_mastery
from practice.models import BookEntry
from practice.progress import category_mastery
from practice.sets import category_question_ids, practicable
from quizzes.models import QuestionCategory, Quiz
from quizzes.setup import services as quiz_setup


@dataclass
class HeatMap:
    categories: list[QuestionCategory]  # rows, weakest first
    columns: list[tuple[int, str]]  # (trainee or cohort id, label)
    cells: dict[tuple[int, int], Mastery | None]  # (category id, column id) -> mastery
    row_mastery: dict[int, Mastery | None]  # category id -> over all columns


def trainees(user_ids: list[int] | None = None) -> list[User]:
    """Active trainees (all, or those of user_ids), by name."""
    query = select(User).join(UserRole).where(UserRole.role == "trainee", User.active.is_(True))
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    return sorted(db.session.scalars(query).unique(), key=lambda u: (u.name, u.id))


def _build(columns, members: dict[int, list[int]], now: datetime) -> HeatMap:
    all_ids = sorted({uid for ids in members.values() for uid in ids})
    per_user = category_mastery(all_ids, now) if all_ids else {}
    category_ids = {cid for by_cat in per_user.values() for cid in by_cat}
    categories = list(
        db.session.scalars(select(QuestionCategory).where(QuestionCategory.id.in_(category_ids)))
    )
    cells = {}
    for category in categories:
        for column_id, _label in columns:
            cells[(category.id, column_id)] = mean_mastery(
                per_user.get(uid, {}).get(category.id) for uid in members[column_id]
            )
    row_mastery = {
        c.id: mean_mastery(per_user.get(uid, {}).get(c.id) for uid in all_ids) for c in categories
    }
    categories.sort(key=lambda c: (row_mastery[c.id].percent, c.path))
    return HeatMap(categories, list(columns), cells, row_mastery)


def trainee_heat_map(now: datetime, cohort_id: int | None = None) -> HeatMap:
    """Category × trainee: all active trainees, or one cohort's."""
    user_ids = None
    if cohort_id is not None:
        roster = next((r for r in assessment_results.cohort_rosters() if r[0] == cohort_id), None)
        if roster is None:
            raise NotFound(N_("This cohort does not exist."))
        user_ids = roster[2]
    people = trainees(user_ids)
    return _build([(u.id, u.name) for u in people], {u.id: [u.id] for u in people}, now)


def cohort_heat_map(now: datetime) -> HeatMap:
    """Category × cohort."""
    rosters = assessment_results.cohort_rosters()
    return _build([(cid, name) for cid, name, _ids in rosters], {r[0]: r[2] for r in rosters}, now)


def review_quiz_size() -> int:
    return int(current_app.config.get("PRACTICE_REVIEW_QUIZ_SIZE", 10))


def review_questions(category_id: int, count: int) -> list:
    """The category's practicable questions, the most often still in trainees' books first."""
    questions = practicable(category_question_ids(category_id))
    open_counts = dict(
        db.session.execute(
            select(BookEntry.question_id, func.count(BookEntry.id))
            .where(BookEntry.left_at.is_(None))
            .group_by(BookEntry.question_id)
        ).all()
    )
    questions.sort(key=lambda q: (-open_counts.get(q.id, 0), q.id))
    return questions[:count]


def create_review_quiz(
    category_id: int, title: str, count: int, publish: bool, author: User
) -> Quiz:
    """A quiz of fixed questions from the category (draft unless publish), via quizzes' services."""
    if not 1 <= count <= 50:
        raise DomainError(N_("Choose between 1 and 50 questions."))
    questions = review_questions(category_id, count)
    if not questions:
        raise DomainError(
            N_(
                "No questions are left in this category to practise (they were archived or are "
                "graded by hand)."
            )
        )
    settings = quiz_setup.QuizSettings(title=title, published=publish)
    quiz = quiz_setup.save_settings(None, settings, author)
    for question in questions:
        quiz_setup.add_fixed_question(quiz, question.id)
    return quiz
