"""Practice sets: choose questions, save answers as they are given, check them one by one.

A set takes each question's current version (the book shows the version that was missed). Answers
save like a quiz's autosave (last save wins) until the trainee checks one: then it is graded by the
quizzes' question-type registry, the feedback is shown, the answer is recorded for mastery and the
mistake book's schedule moves (practice/schedule.py). Nothing here touches quiz attempts, so
practice never counts toward a grade or a cohort board. Services flush, never commit.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from core.models import User
from practice.book import FULL, entry_for, leitner_rule, note_miss, record_answer
from practice.models import PRACTICE, BookEntry, PracticeItem, PracticeSet
from practice.schedule import after_answer, is_due
from quizzes.grading import grade
from quizzes.models import Question, QuestionCategory
from quizzes.question_types import AUTO_GRADED, question_type
from quizzes.taking.services import validate_response

DUE, MODULE, CATEGORY, WEAK = "due", "module", "category", "weak"


class NothingToPractise(DomainError):
    """The chosen source has no question that can be practised now."""


def set_size() -> int:
    return int(current_app.config.get("PRACTICE_SET_SIZE", 10))


def practicable(question_ids) -> list[Question]:
    """The questions that can be practised: not archived, auto-graded, with a version."""
    if not question_ids:
        return []
    rows = db.session.scalars(
        select(Question)
        .where(
            Question.id.in_(list(question_ids)),
            Question.archived.is_(False),
            Question.type.in_(AUTO_GRADED),
        )
        .order_by(Question.id)
    )
    return [q for q in rows if q.versions]


def open_entries(user_id: int) -> list[BookEntry]:
    """The trainee's book, due soonest first, with what the book page shows loaded at once."""
    question = selectinload(BookEntry.question)
    return list(
        db.session.scalars(
            select(BookEntry)
            .where(BookEntry.user_id == user_id, BookEntry.left_at.is_(None))
            .options(
                selectinload(BookEntry.version),
                question.selectinload(Question.versions),
                question.selectinload(Question.category),
            )
            .order_by(BookEntry.due_at, BookEntry.id)
        )
    )


def due_question_ids(user_id: int, now: datetime) -> list[int]:
    return [e.question_id for e in open_entries(user_id) if is_due(e.due_at, now)]


def category_question_ids(category_id: int) -> list[int]:
    category = db.session.get(QuestionCategory, category_id)
    if category is None:
        raise NotFound(N_("This category does not exist."))
    return list(
        db.session.scalars(
            select(Question.id)
            .join(QuestionCategory)
            .where(
                (QuestionCategory.id == category.id)
                | QuestionCategory.path.startswith(category.path + "/")
            )
        )
    )


def _book_first(user_id: int, questions: list[Question], rng: random.Random) -> list[Question]:
    """Questions in the trainee's book first (due soonest first), then the others shuffled."""
    entries = {e.question_id: e for e in open_entries(user_id)}
    in_book = sorted((q for q in questions if q.id in entries), key=lambda q: entries[q.id].due_at)
    others = [q for q in questions if q.id not in entries]
    rng.shuffle(others)
    return in_book + others


@dataclass(frozen=True)
class SetSource:
    kind: str  # DUE, MODULE, CATEGORY or WEAK
    label: str = ""
    module_slug: str | None = None
    question_ids: tuple[int, ...] = ()


def start_set(user: User, source: SetSource, now: datetime, rng=None) -> PracticeSet:
    """Make a practice set of up to PRACTICE_SET_SIZE questions from source."""
    rng = rng or random.Random()
    questions = practicable(source.question_ids)
    if not questions:
        raise _nothing_message(user, source, now)
    chosen = _book_first(user.id, questions, rng)[: set_size()]
    practice_set = PracticeSet(user_id=user.id, kind=source.kind, label=source.label[:300])
    practice_set.created_at = now
    for position, question in enumerate(chosen, start=1):
        version = question.latest
        entry = entry_for(user.id, question.id)
        practice_set.items.append(
            PracticeItem(
                position=position,
                question_id=question.id,
                version_id=version.id,
                module_slug=source.module_slug or (entry.module_slug if entry else None),
                choice_order=question_type(version.spec).choice_order(version.spec, True, rng),
            )
        )
    db.session.add(practice_set)
    db.session.flush()
    return practice_set


def _nothing_message(user: User, source: SetSource, now: datetime) -> NothingToPractise:
    if source.kind == DUE:
        entries = open_entries(user.id)
        if not entries:
            return NothingToPractise(
                N_(
                    "Your mistake book is empty: nothing to practise. Questions you miss in a "
                    "quiz or in practice appear here."
                )
            )
        if any(is_due(e.due_at, now) for e in entries):
            return NothingToPractise(
                N_(
                    "The questions due today were archived or can no longer be answered "
                    "automatically. Practise a module instead."
                )
            )
        return NothingToPractise(N_("Nothing is due today. Come back when a question is due."))
    if source.kind == CATEGORY:
        return NothingToPractise(
            N_(
                "No questions are left in this category to practise (they were archived or are "
                "graded by hand)."
            )
        )
    if source.kind == WEAK:
        return NothingToPractise(
            N_(
                "You have no weak category to practise: every category you answered is "
                "strong, or you have not answered a quiz yet."
            )
        )
    return NothingToPractise(N_("This module has no questions to practise."))


def get_own_set_or_404(set_id: int, user: User) -> PracticeSet:
    practice_set = db.session.get(PracticeSet, set_id)
    if practice_set is None or practice_set.user_id != user.id:
        raise NotFound(N_("This practice set does not exist."))
    return practice_set


def _item(practice_set: PracticeSet, question_id: int) -> PracticeItem:
    item = next((i for i in practice_set.items if i.question_id == question_id), None)
    if item is None:
        raise NotFound(N_("This question is not part of the practice set."))
    return item


def save_answer(practice_set: PracticeSet, question_id: int, response, now: datetime):
    """Store one answer before it is checked (autosave); the last save wins."""
    item = _item(practice_set, question_id)
    if item.checked_at is not None:
        raise Conflict(
            N_("This answer was already checked; start a new practice set to try again.")
        )
    item.response = validate_response(item.spec, response)
    item.saved_at = now
    db.session.flush()
    return item


@dataclass
class CheckResult:
    item: PracticeItem
    correct: bool
    entry: BookEntry | None  # the book entry after the answer (None: not in the book)
    # What the answer did in the book: "missed" (box 1), "moved" (up a box), "left" (out of the
    # book), "early" (correct before due: no change) or "none" (not in the book).
    outcome: str


def check_answer(practice_set: PracticeSet, question_id: int, response, now: datetime):
    """Grade the answer, record it for mastery and move the question in the mistake book."""
    item = save_answer(practice_set, question_id, response, now)
    if item.question.archived:
        raise Conflict(
            N_("This question was archived after the set was made; it is no longer practised.")
        )
    spec = item.spec
    final = question_type(spec).response_at_submit(item.response, item.choice_order)
    item.response = final
    item.fraction = Decimal(grade(spec, final) or 0).quantize(Decimal("0.0001"))
    item.checked_at = now
    answer = record_answer(
        user_id=practice_set.user_id,
        question_id=item.question_id,
        version_id=item.version_id,
        module_slug=item.module_slug,
        source=PRACTICE,
        source_item_id=item.id,
        response=final,
        fraction=item.fraction,
        answered_at=now,
    )
    db.session.flush()
    correct = item.fraction >= FULL
    entry = entry_for(practice_set.user_id, item.question_id)
    outcome = "none"
    if not correct:
        entry, outcome = note_miss(answer), "missed"
    elif entry is not None and entry.left_at is None:
        placed = after_answer(leitner_rule(), entry.streak, entry.due_at, True, now)
        outcome = "early" if placed.streak == entry.streak else "moved"
        entry.streak, entry.due_at = placed.streak, placed.due_at
        if placed.left:
            entry.left_at, outcome = now, "left"
    db.session.flush()
    return CheckResult(item=item, correct=correct, entry=entry, outcome=outcome)
