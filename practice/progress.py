"""Mastery per module and per category from the recorded answers (rule: practice/mastery.py)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from practice.mastery import Mastery, mastery
from practice.models import GradedAnswer
from quizzes.models import Question, QuestionCategory


def half_life_days() -> float:
    return float(current_app.config.get("PRACTICE_MASTERY_HALF_LIFE_DAYS", 14))


@dataclass(frozen=True)
class Row:
    key: int | str  # category id or module slug
    label: str
    mastery: Mastery


def _answers(user_ids: list[int]):
    """(user id, category id, category path, module slug, fraction, answered at) rows."""
    return db.session.execute(
        select(
            GradedAnswer.user_id,
            QuestionCategory.id,
            QuestionCategory.path,
            GradedAnswer.module_slug,
            GradedAnswer.fraction,
            GradedAnswer.answered_at,
        )
        .join(Question, Question.id == GradedAnswer.question_id)
        .join(QuestionCategory, QuestionCategory.id == Question.category_id)
        .where(GradedAnswer.user_id.in_(user_ids))
    ).all()


def category_mastery(user_ids: list[int], now: datetime) -> dict[int, dict[int, Mastery]]:
    """{user id: {category id: mastery}} for the given trainees, in one query."""
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for user_id, category_id, _path, _module, fraction, answered_at in _answers(user_ids):
        grouped[(user_id, category_id)].append((fraction, answered_at))
    out: dict[int, dict[int, Mastery]] = defaultdict(dict)
    for (user_id, category_id), answers in grouped.items():
        out[user_id][category_id] = mastery(answers, now, half_life_days())
    return out


def my_mastery(user_id: int, now: datetime, module_titles: dict[str, str]):
    """(rows by module, rows by category) of one trainee, weakest first."""
    by_module: dict[str, list] = defaultdict(list)
    by_category: dict[int, list] = defaultdict(list)
    paths: dict[int, str] = {}
    for _user, category_id, path, module, fraction, answered_at in _answers([user_id]):
        by_category[category_id].append((fraction, answered_at))
        paths[category_id] = path
        if module:
            by_module[module].append((fraction, answered_at))
    half_life = half_life_days()
    modules = [
        Row(slug, module_titles.get(slug, slug), mastery(answers, now, half_life))
        for slug, answers in by_module.items()
    ]
    categories = [
        Row(cid, paths[cid], mastery(answers, now, half_life))
        for cid, answers in by_category.items()
    ]
    weakest = lambda row: (row.mastery.percent, str(row.label))  # noqa: E731
    return sorted(modules, key=weakest), sorted(categories, key=weakest)


def weakest_categories(user_id: int, now: datetime, limit: int = 2) -> list[Row]:
    """The trainee's weakest categories below the strong level, weakest first."""
    _modules, categories = my_mastery(user_id, now, {})
    return [row for row in categories if row.mastery.level != "strong"][:limit]
